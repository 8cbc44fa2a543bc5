//! Writing the files a user names (a baseline, the config `init` creates) so that a reader
//! never sees half a file and a failure never leaves a damaged one: the bytes go to a temporary
//! file beside the target, are flushed to disk, and the temporary file is renamed over the
//! target in one step (issue #5). yizhi writes nothing else: documents are only ever opened
//! read-only.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes `bytes` to `path` atomically: afterwards `path` holds either its old contents or all
/// of `bytes`, never a mix. An existing file keeps its permissions. The temporary file, named
/// `.NAME.yizhi-PID-N.tmp` in the same directory, is removed if anything fails.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} names no file", path.display()),
        )
    })?;
    if path.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            format!("{} is a directory", path.display()),
        ));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let temp = temp_path(&dir, name);
    let result =
        write_new(&temp, bytes, fs::metadata(path).ok()).and_then(|()| fs::rename(&temp, path));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
        return result;
    }
    sync_dir(&dir);
    Ok(())
}

fn temp_path(dir: &Path, name: &std::ffi::OsStr) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut temp = std::ffi::OsString::from(".");
    temp.push(name);
    temp.push(format!(".yizhi-{}-{n}.tmp", std::process::id()));
    dir.join(temp)
}

fn write_new(temp: &Path, bytes: &[u8], old: Option<fs::Metadata>) -> io::Result<()> {
    // `create_new`: never follows or reuses a file someone else put there.
    let mut file: File = OpenOptions::new().write(true).create_new(true).open(temp)?;
    file.write_all(bytes)?;
    if let Some(meta) = old {
        file.set_permissions(meta.permissions())?;
    }
    file.sync_all()
}

/// Makes the rename durable where the platform allows; a failure here loses nothing.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn creates_a_new_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("baseline.json");
        write_atomically(&path, b"[]\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"[]\n");
        assert_eq!(names(dir.path()), ["baseline.json"]);
    }

    #[test]
    fn replaces_a_file_whole_and_keeps_its_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("yizhi.toml");
        fs::write(&path, "old contents, longer than the new ones\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomically(&path, b"new\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        assert_eq!(names(dir.path()), ["yizhi.toml"]);
    }

    #[test]
    fn a_failure_leaves_the_target_and_the_directory_as_they_were() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a directory: nothing may be written, nothing left behind.
        let target = dir.path().join("taken");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("inside.txt"), "keep").unwrap();
        let err = write_atomically(&target, b"x").unwrap_err();
        assert!(err.to_string().contains("is a directory"), "{err}");
        assert_eq!(names(dir.path()), ["taken"]);
        assert_eq!(fs::read(target.join("inside.txt")).unwrap(), b"keep");
        // A directory that does not exist: an error, and no file appears.
        let missing = dir.path().join("no-such-dir").join("baseline.json");
        assert!(write_atomically(&missing, b"x").is_err());
        assert_eq!(names(dir.path()), ["taken"]);
    }

    #[test]
    fn a_path_without_a_file_name_is_refused() {
        assert!(write_atomically(Path::new("/"), b"x").is_err());
        assert!(write_atomically(Path::new(".."), b"x").is_err());
    }

    #[test]
    fn a_bare_name_gets_its_temporary_file_in_the_current_directory() {
        // `parent()` of a bare name is empty; the temporary file then goes to ".". Checked on
        // the path only, so that the test does not depend on the working directory.
        let temp = temp_path(Path::new("."), std::ffi::OsStr::new("b.json"));
        let name = temp.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with(".b.json.yizhi-") && name.ends_with(".tmp"),
            "{name}"
        );
        assert_eq!(temp.parent(), Some(Path::new(".")));
    }
}
