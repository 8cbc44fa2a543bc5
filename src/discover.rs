//! Finding the pairs to check: walking a project, or resolving the files given on the command
//! line (as a pre-commit hook passes them) to the pairs they belong to. Owns paths — which
//! file pairs with which, how each is shown — and reads no file.
//!
//! Paths are shown relative to the working directory (`../zh/a.txt` when need be), or as the
//! user gave them; each pair also has a key, its two paths relative to the project root, which
//! is what fingerprints hash.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use ignore::WalkBuilder;

use crate::config::Config;
use crate::diagnostic::Side;
use crate::error::InputError;
use crate::layout;

/// One pair to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// English and Chinese path, as shown and as read (relative to the working directory).
    pub paths: [String; 2],
    /// The two paths relative to the project root, `/`-separated.
    pub key: [String; 2],
    /// The side whose file does not exist, when the other was found without it.
    pub missing: Option<Side>,
}

#[derive(Debug, Default)]
pub struct Discovery {
    pub jobs: Vec<Job>,
    /// Files given on the command line that no layout claims, as given.
    pub unpaired: Vec<String>,
    /// Files given on the command line that `exclude` skips.
    pub excluded: usize,
    /// Files given that do not exist or are folders, folders the walk could not read.
    pub errors: Vec<InputError>,
}

/// Every pair under the project root, found as the walk goes: a corpus of any size is never
/// listed whole. Respects .gitignore, .ignore and `exclude`; skips hidden files. File names
/// are walked in sorted order, so pairs always come in the same order. A pair is found
/// through its English file; a Chinese file makes a job of its own only when its English
/// counterpart does not exist (`missing` set), so that no pair is checked twice. An English
/// file that the walk skips (ignored, hidden) takes its pair with it.
pub struct Walk<'a> {
    walk: std::iter::Peekable<ignore::Walk>,
    config: &'a Config,
    cwd: &'a Path,
    /// Folders the walk could not read.
    pub errors: Vec<InputError>,
    /// The English file of the last pair found through it: its Chinese file, which the
    /// sorted walk usually meets next, then needs no look at the disk to be skipped.
    last_english: Option<String>,
}

pub fn walk<'a>(config: &'a Config, cwd: &'a Path) -> Walk<'a> {
    let exclude = config.exclude.clone();
    let filter_root = config.root.clone();
    let walk = WalkBuilder::new(&config.root)
        // .gitignore applies in a project that is not (yet) a git repository too.
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            relative(&filter_root, entry.path()).is_none_or(|rel| !exclude.matches(&rel))
        })
        .build()
        .peekable();
    Walk {
        walk,
        config,
        cwd,
        errors: Vec::new(),
        last_english: None,
    }
}

impl Walk<'_> {
    /// Whether the walk's next file is `rel`: in the usual layouts the Chinese file comes
    /// right after the English one, which then needs no look at the disk to be paired.
    fn next_is(&mut self, rel: &str) -> bool {
        let root = &self.config.root;
        matches!(self.walk.peek(), Some(Ok(entry))
            if entry.file_type().is_some_and(|t| t.is_file())
                && entry.path().strip_prefix(root).is_ok_and(|p| p == Path::new(rel)))
    }
}

impl Iterator for Walk<'_> {
    type Item = Job;

    fn next(&mut self) -> Option<Job> {
        let root = &self.config.root;
        loop {
            let entry = match self.walk.next()? {
                Ok(e) => e,
                Err(e) => {
                    self.errors.push(InputError::Io {
                        path: root.to_string_lossy().into_owned(),
                        reason: e.to_string(),
                    });
                    continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let Some(rel) = relative(root, entry.path()) else {
                continue;
            };
            let Some(resolved) = layout::resolve(&self.config.layouts, &rel) else {
                continue;
            };
            if self.config.is_excluded(&resolved.counterpart) {
                continue;
            }
            let found = resolved.side == Side::Zh
                && self.last_english.as_deref() == Some(resolved.counterpart.as_str());
            if found {
                continue;
            }
            let present =
                self.next_is(&resolved.counterpart) || root.join(&resolved.counterpart).is_file();
            if resolved.side == Side::Zh && present {
                // Found through its English file.
                continue;
            }
            self.last_english = (resolved.side == Side::En).then(|| rel.clone());
            let missing = (!present).then_some(resolved.side.other());
            let key = ordered(resolved.side, rel, resolved.counterpart);
            return Some(Job {
                paths: [0, 1].map(|i| display(&root.join(&key[i]), self.cwd, false)),
                key,
                missing,
            });
        }
    }
}

/// The pairs that `files` belong to. Two files that no layout claims (or one file given twice)
/// are read as an English and a Chinese file (`yizhi check EN ZH`), unless `layout_only`;
/// otherwise such files are listed in `unpaired`, since a hook passes every file that changed.
pub fn from_files(config: &Config, cwd: &Path, files: &[String], layout_only: bool) -> Discovery {
    let mut out = Discovery::default();
    let mut jobs: BTreeMap<[String; 2], Job> = BTreeMap::new();
    let mut unclaimed = Vec::new();
    for given in files {
        let abs = absolute(cwd, Path::new(given));
        // A file given must exist, even if it belongs to no pair: a typo is not "nothing to do".
        match std::fs::metadata(&abs) {
            Err(e) => {
                out.errors.push(InputError::io(given, &e));
                continue;
            }
            Ok(m) if m.is_dir() => {
                out.errors.push(InputError::IsDirectory {
                    path: given.clone(),
                });
                continue;
            }
            Ok(_) => {}
        }
        let rel = relative(&config.root, &abs);
        let resolved = rel
            .as_deref()
            .and_then(|r| layout::resolve(&config.layouts, r));
        let (Some(rel), Some(resolved)) = (rel, resolved) else {
            unclaimed.push(given.clone());
            continue;
        };
        if config.is_excluded(&rel) || config.is_excluded(&resolved.counterpart) {
            out.excluded += 1;
            continue;
        }
        let side = resolved.side;
        let other = config.root.join(&resolved.counterpart);
        let shown_other = display(&other, cwd, Path::new(given).is_absolute());
        let key = ordered(side, rel, resolved.counterpart);
        let missing = (!other.is_file()).then_some(side.other());
        let job = jobs.entry(key.clone()).or_insert_with(|| Job {
            paths: match side {
                Side::En => [given.clone(), shown_other],
                Side::Zh => [shown_other, given.clone()],
            },
            key,
            missing,
        });
        // Both files given: each is shown as given.
        job.paths[side as usize] = given.clone();
    }
    // The same file given twice is read as EN ZH too, so that it is refused as such rather
    // than paired with a missing counterpart.
    let twice = files.len() == 2 && files[0] == files[1];
    if !layout_only && files.len() == 2 && out.errors.is_empty() && (unclaimed.len() == 2 || twice)
    {
        let key = [0, 1].map(|i| {
            relative(&config.root, &absolute(cwd, Path::new(&files[i])))
                .unwrap_or_else(|| files[i].clone())
        });
        out.jobs = vec![Job {
            paths: [files[0].clone(), files[1].clone()],
            key,
            missing: None,
        }];
        return out;
    }
    out.unpaired = unclaimed;
    out.jobs = jobs.into_values().collect();
    out
}

fn ordered(side: Side, this: String, counterpart: String) -> [String; 2] {
    match side {
        Side::En => [this, counterpart],
        Side::Zh => [counterpart, this],
    }
}

/// `path` made absolute against `cwd`, with `.` and `..` resolved lexically (symbolic links
/// are not followed: the path shown is the path given).
pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in cwd.join(path).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to `root`, `/`-separated, when it lies inside it.
pub fn relative(root: &Path, path: &Path) -> Option<String> {
    let rest = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rest
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// How to show the absolute `path`: as is when `keep_absolute`, else relative to `cwd`, going
/// up with `..` where it lies outside.
pub fn display(path: &Path, cwd: &Path, keep_absolute: bool) -> String {
    if keep_absolute {
        return path.to_string_lossy().into_owned();
    }
    let (p, c): (Vec<_>, Vec<_>) = (path.components().collect(), cwd.components().collect());
    let common = p.iter().zip(&c).take_while(|(a, b)| a == b).count();
    // Sharing only `/`, a relative path would climb to the top: the absolute one is clearer.
    if common <= 1 {
        return path.to_string_lossy().into_owned();
    }
    let mut out = PathBuf::new();
    for _ in common..c.len() {
        out.push("..");
    }
    for part in &p[common..] {
        out.push(part);
    }
    out.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_relative_to_the_working_directory() {
        let cwd = Path::new("/p/en");
        assert_eq!(display(Path::new("/p/zh/a.txt"), cwd, false), "../zh/a.txt");
        assert_eq!(display(Path::new("/p/en/a.txt"), cwd, false), "a.txt");
        assert_eq!(display(Path::new("/p/zh/a.txt"), cwd, true), "/p/zh/a.txt");
        assert_eq!(
            absolute(cwd, Path::new("../zh/./b/../a.txt")),
            Path::new("/p/zh/a.txt")
        );
        assert_eq!(
            relative(Path::new("/p"), Path::new("/p/zh/a.txt")).as_deref(),
            Some("zh/a.txt")
        );
        assert_eq!(relative(Path::new("/p"), Path::new("/q/a.txt")), None);
    }
}
