//! Writing the files a user names (a baseline, the config `init` creates, the documents
//! `check --fix` fixes) so that a reader never sees half a file and a failure never leaves a
//! damaged one: the bytes go to a temporary file beside the target
//! ([`tempfile::NamedTempFile`]), are flushed to disk, and the temporary file is renamed over
//! the target in one step. A symbolic link, a folder or a device is never written to or
//! through. yizhi writes nothing else: documents are opened read-only, and written only here,
//! by `--fix`.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to `path` atomically: afterwards `path` holds either its old contents or all
/// of `bytes`, never a mix. An existing file keeps its permissions. Refuses a `path` that is a
/// symbolic link (whose target would otherwise be replaced or left stale), a folder, or
/// anything but a regular file. The temporary file is removed if anything fails.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let refuse = |kind: io::ErrorKind, what: &str| Err(io::Error::new(kind, what.to_string()));
    if path.file_name().is_none() {
        return refuse(io::ErrorKind::InvalidInput, "it names no file");
    }
    let old = match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return refuse(
                io::ErrorKind::InvalidInput,
                "it is a symbolic link, which yizhi does not write through",
            );
        }
        Ok(meta) if meta.is_dir() => {
            return refuse(io::ErrorKind::IsADirectory, "it is a directory");
        }
        Ok(meta) if !meta.is_file() => {
            return refuse(io::ErrorKind::InvalidInput, "it is not a regular file");
        }
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(path.file_name().unwrap_or_default());
    prefix.push(".");
    let mut temp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    if let Some(meta) = old {
        temp.as_file().set_permissions(meta.permissions())?;
    }
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}

/// Makes the rename durable where the platform allows; a failure here loses nothing.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
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

    #[cfg(unix)]
    #[test]
    fn never_writes_through_a_link_or_onto_a_device() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        fs::write(&target, "keep").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = write_atomically(&link, b"x").unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(fs::read(&target).unwrap(), b"keep");
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(names(dir.path()), ["link.json", "target.txt"]);
        let err = write_atomically(Path::new("/dev/null"), b"x").unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }

    #[test]
    fn a_path_without_a_file_name_is_refused() {
        assert!(write_atomically(Path::new("/"), b"x").is_err());
        assert!(write_atomically(Path::new(".."), b"x").is_err());
    }
}
