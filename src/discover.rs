//! Finding the pairs to check: walking a project, or resolving the files given on the command
//! line (as a pre-commit hook passes them) to the pairs they belong to. Owns paths — which
//! file pairs with which, how each is shown — and reads no file.
//!
//! Paths are shown relative to the working directory (`../zh/a.txt` when need be), or as the
//! user gave them; each pair also has a key, its two paths relative to the project root, which
//! is what fingerprints hash.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

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
    /// The layout that paired the files (its index in the config's layouts) and its Chinese
    /// template; `None` for two files named on the command line.
    pub via: Option<(usize, usize)>,
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

/// What the walk met: a pair, or a file (or folder) it skipped, and why.
#[derive(Debug)]
pub enum Found {
    Pair(Job),
    Skipped(String, Skip),
    /// A file that a layout claims but that is not read: a symbolic link out of the root.
    Refused(String, InputError),
}

/// Why a file is no pair of its own (what `yizhi pairs` lists).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// No layout claims it.
    NoLayout,
    /// `exclude` skips it (a folder: all it holds).
    Excluded,
    /// `exclude` skips its counterpart.
    CounterpartExcluded(String),
    /// None of its counterparts exists, and its layout does not report that (a README).
    NoCounterpart(Vec<String>),
    /// A symbolic link that points out of the project root, or nowhere.
    Link { outside: bool },
    /// A symbolic link to a folder that holds it: walked once, not again.
    Loop,
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skip::NoLayout => f.write_str("no layout pairs it"),
            Skip::Excluded => f.write_str("excluded"),
            Skip::CounterpartExcluded(c) => write!(f, "its counterpart {c} is excluded"),
            Skip::NoCounterpart(c) => {
                let shown: Vec<&str> = c.iter().take(3).map(String::as_str).collect();
                let more = if c.len() > 3 { ", …" } else { "" };
                write!(
                    f,
                    "no translation ({}{more} do not exist)",
                    shown.join(", ")
                )
            }
            Skip::Link { outside: true } => {
                f.write_str("a symbolic link out of the project root: not followed")
            }
            Skip::Link { outside: false } => f.write_str("a symbolic link to nothing"),
            Skip::Loop => f.write_str("a symbolic link to a folder above it: not walked again"),
        }
    }
}

/// A pair found for one file, before its paths are shown.
struct Found1 {
    key: [String; 2],
    missing: Option<Side>,
    via: (usize, usize),
}

/// What one file gives: pairs, or why it gives none.
enum Outcome1 {
    Pairs(Vec<Found1>),
    Skipped(Skip),
    /// Counterparts that are links out of the root: not read.
    Refused(Vec<String>, Vec<Found1>),
    /// A Chinese file whose English file pairs with it: found through that one.
    Through,
}

/// Whether a path under the root is a file yizhi may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Presence {
    File,
    Absent,
    /// A file, through a symbolic link (of its own or of a folder above) out of the root.
    Outside,
}

/// Pairs files through the layouts, looking at the disk as little as it can: which folders
/// exist, and whether each lies inside the root once links are resolved, is remembered.
struct Finder<'a> {
    config: &'a Config,
    /// The root with its links resolved.
    real_root: PathBuf,
    /// The root as the disk is asked for its files: `.` when it is the working directory,
    /// which spares the system a look-up of every folder above it in each path.
    disk: PathBuf,
    /// Folder (relative to the root) → whether it exists, and lies inside the root.
    folders: HashMap<PathBuf, Option<bool>>,
    /// Folder (relative to the root) → what it holds, read once: a layout names a dozen
    /// counterparts a file may have, and one listing answers for all of them. Only the
    /// folders met lately are kept.
    listings: HashMap<PathBuf, Option<Listing>>,
}

/// The names in one folder, and the same names in lower case: a name that differs from one
/// of them only in case (which a file system that ignores case would open) is asked of the
/// disk; a name that is in neither is absent.
#[derive(Default)]
struct Listing {
    names: HashSet<std::ffi::OsString>,
    folded: HashSet<String>,
}

/// Folder listings a [`Finder`] keeps at most before it forgets them all.
const LISTINGS_KEPT: usize = 64;

impl Listing {
    fn read(folder: &Path) -> Option<Listing> {
        let mut listing = Listing::default();
        for entry in std::fs::read_dir(folder).ok()? {
            let name = entry.ok()?.file_name();
            listing.folded.insert(name.to_string_lossy().to_lowercase());
            listing.names.insert(name);
        }
        Some(listing)
    }
}

impl<'a> Finder<'a> {
    fn new(config: &'a Config) -> Self {
        Finder {
            config,
            real_root: real_root(&config.root),
            disk: config.root.clone(),
            folders: HashMap::new(),
            listings: HashMap::new(),
        }
    }

    /// Whether `rel`'s folder exists (`None` when it does not), and lies inside the root.
    fn folder(&mut self, rel: &Path) -> Option<bool> {
        if rel.as_os_str().is_empty() {
            return Some(true);
        }
        if let Some(&known) = self.folders.get(rel) {
            return known;
        }
        let abs = self.disk.join(rel);
        let known = match std::fs::symlink_metadata(&abs) {
            Ok(m) if m.is_dir() => match rel.parent() {
                Some(parent) => self.folder(parent),
                None => Some(true),
            },
            Ok(m) if m.file_type().is_symlink() => match abs.canonicalize() {
                Ok(real) if real.is_dir() => Some(real.starts_with(&self.real_root)),
                _ => None,
            },
            _ => None,
        };
        self.folders.insert(rel.to_path_buf(), known);
        known
    }

    /// Whether `rel` is a file, and one inside the root.
    fn presence(&mut self, rel: &str) -> Presence {
        let path = Path::new(rel);
        let inside = match self.folder(path.parent().unwrap_or(Path::new(""))) {
            None => return Presence::Absent,
            Some(inside) => inside,
        };
        let abs = self.disk.join(path);
        if let (Some(parent), Some(name)) = (path.parent(), path.file_name()) {
            if self.listings.len() >= LISTINGS_KEPT && !self.listings.contains_key(parent) {
                self.listings.clear();
            }
            let listing = self
                .listings
                .entry(parent.to_path_buf())
                .or_insert_with(|| Listing::read(&self.disk.join(parent)));
            if let Some(listing) = listing {
                let named = listing.names.contains(name);
                if !named
                    && !listing
                        .folded
                        .contains(&name.to_string_lossy().to_lowercase())
                {
                    return Presence::Absent;
                }
            }
        }
        let Ok(m) = std::fs::symlink_metadata(&abs) else {
            return Presence::Absent;
        };
        let inside = if m.file_type().is_symlink() {
            match abs.canonicalize() {
                Ok(real) if real.is_file() => inside && real.starts_with(&self.real_root),
                _ => return Presence::Absent,
            }
        } else if m.is_file() {
            inside
        } else {
            return Presence::Absent;
        };
        if inside {
            Presence::File
        } else {
            Presence::Outside
        }
    }

    /// The pairs the file `rel` belongs to. In a walk (`walking`), a Chinese file whose
    /// English file exists and pairs with it is found through that one (`Through`); `next`
    /// is the walk's next file, known to exist without a look at the disk.
    fn pairs_of(&mut self, rel: &str, walking: bool, next: Option<&str>) -> Outcome1 {
        let config = self.config;
        let Some(claim) = layout::resolve(&config.layouts, rel) else {
            return Outcome1::Skipped(Skip::NoLayout);
        };
        let mut candidates = claim.counterparts;
        let excluded: Vec<String> = candidates
            .iter()
            .filter(|c| config.is_excluded(&c.path))
            .map(|c| c.path.clone())
            .collect();
        candidates.retain(|c| !excluded.contains(&c.path));
        if candidates.is_empty() {
            return Outcome1::Skipped(Skip::CounterpartExcluded(excluded[0].clone()));
        }
        let pair = |c: &layout::Candidate, missing: Option<Side>| Found1 {
            key: ordered(claim.side, rel.to_string(), c.path.clone()),
            missing,
            via: (c.layout, c.variant),
        };
        let mut refused = Vec::new();
        let mut present = Vec::new();
        for c in &candidates {
            let presence = if next == Some(c.path.as_str()) {
                Presence::File
            } else {
                // A counterpart in a language folder that does not exist: no look at the disk.
                match &c.folder {
                    Some(folder) if self.folder(Path::new(folder)).is_none() => Presence::Absent,
                    _ => self.presence(&c.path),
                }
            };
            match presence {
                Presence::File => present.push(c),
                Presence::Outside => refused.push(c.path.clone()),
                Presence::Absent => {}
            }
            // A Chinese file pairs with the first English file that exists.
            if claim.side == Side::Zh && !present.is_empty() {
                break;
            }
        }
        if present.len() > 1 {
            // Two names of one file (zh-CN and zh-cn on a file system that ignores case, or
            // a link beside its target) make one pair.
            let root = &config.root;
            let mut seen = HashSet::new();
            present.retain(|c| {
                seen.insert(
                    root.join(&c.path)
                        .canonicalize()
                        .unwrap_or_else(|_| root.join(&c.path)),
                )
            });
        }
        let mut found: Vec<Found1> = Vec::new();
        match claim.side {
            Side::Zh => {
                if let Some(en) = present.first() {
                    let through = walking
                        && layout::resolve(&config.layouts, &en.path).is_some_and(|back| {
                            back.side == Side::En && back.counterparts.iter().any(|c| c.path == rel)
                        });
                    if through {
                        return Outcome1::Through;
                    }
                    found.push(pair(en, None));
                } else if refused.is_empty() {
                    found.push(pair(&candidates[0], Some(Side::En)));
                }
            }
            Side::En => {
                found.extend(present.iter().map(|c| pair(c, None)));
                // A Chinese variant whose language folder exists is expected to hold the
                // file; where no counterpart exists at all, the first one is.
                let mut folders = HashSet::new();
                for c in &candidates {
                    let Some(folder) = &c.folder else { continue };
                    if !c.report_missing
                        || present.iter().any(|p| p.path == c.path)
                        || refused.contains(&c.path)
                    {
                        continue;
                    }
                    if self.folder(Path::new(folder)).is_some() {
                        let real = config
                            .root
                            .join(folder)
                            .canonicalize()
                            .unwrap_or_else(|_| config.root.join(folder));
                        let holds_present = present.iter().any(|p| {
                            p.folder.as_ref().is_some_and(|f| {
                                config.root.join(f).canonicalize().ok().as_ref() == Some(&real)
                            })
                        });
                        if !holds_present && folders.insert(real) {
                            found.push(pair(c, Some(Side::Zh)));
                        }
                    }
                }
                if found.is_empty() && refused.is_empty() {
                    match candidates.iter().find(|c| c.report_missing) {
                        Some(c) => found.push(pair(c, Some(Side::Zh))),
                        None => {
                            return Outcome1::Skipped(Skip::NoCounterpart(
                                candidates.into_iter().map(|c| c.path).collect(),
                            ));
                        }
                    }
                }
            }
        }
        if refused.is_empty() {
            Outcome1::Pairs(found)
        } else {
            Outcome1::Refused(refused, found)
        }
    }
}

/// The path of a symbolic link that points nowhere, when that is the walk's error.
fn broken_link(e: &ignore::Error) -> Option<&Path> {
    match e {
        ignore::Error::WithPath { path, err } => {
            let missing = err
                .io_error()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound);
            (missing
                && path
                    .symlink_metadata()
                    .is_ok_and(|m| m.file_type().is_symlink()))
            .then_some(path.as_path())
            .or_else(|| broken_link(err))
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            broken_link(err)
        }
        _ => None,
    }
}

/// The link that leads back to a folder above it, when that is the walk's error.
fn link_loop(e: &ignore::Error) -> Option<&Path> {
    match e {
        ignore::Error::Loop { child, .. } => Some(child.as_path()),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => link_loop(err),
        _ => None,
    }
}

/// `root` with its links resolved, or as it is when it cannot be.
fn real_root(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// Every pair under the project root, found as the walk goes: a corpus of any size is never
/// listed whole. Respects .gitignore, .ignore and `exclude`; skips hidden files. File names
/// are walked in sorted order, so pairs always come in the same order. A pair is found
/// through its English file; a Chinese file makes a job of its own only when its English
/// counterpart does not exist (`missing` set) or does not pair with it, so that no pair is
/// checked twice. An English file that the walk skips (ignored, hidden) takes its pairs with
/// it. Symbolic links are followed inside the root; one that points out of it is not
/// followed, and a file that a layout would pair through one is refused, unread.
pub struct Walk<'a> {
    walk: std::iter::Peekable<ignore::Walk>,
    finder: Finder<'a>,
    cwd: &'a Path,
    /// Folders the walk could not read, files refused.
    pub errors: Vec<InputError>,
    /// What the walk's filter pruned: excluded files and folders, links out of the root.
    pruned: Arc<Mutex<Vec<(String, Skip)>>>,
    /// Found but not yet returned.
    queue: VecDeque<Found>,
    /// Files refused so far: each is refused once, whichever file of its pair is met first.
    refused: HashSet<String>,
    /// The Chinese files of the pairs found through the last English file: the sorted walk
    /// often meets them next, and then needs no look at the disk to skip them.
    last_paired: Vec<String>,
}

pub fn walk<'a>(config: &'a Config, cwd: &'a Path) -> Walk<'a> {
    let mut finder = Finder::new(config);
    if cwd == config.root {
        finder.disk = PathBuf::from(".");
    }
    let exclude = config.exclude.clone();
    let filter_root = finder.disk.clone();
    let real = real_root(&config.root);
    let pruned = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&pruned);
    let walk = WalkBuilder::new(&finder.disk)
        // .gitignore applies in a project that is not (yet) a git repository too.
        .require_git(false)
        .follow_links(true)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            let Some(rel) = relative(&filter_root, entry.path()) else {
                return true;
            };
            let skip = if exclude.matches(&rel) {
                Some(Skip::Excluded)
            } else if entry.path_is_symlink() {
                match entry.path().canonicalize() {
                    Ok(target) if target.starts_with(&real) => None,
                    Ok(_) => Some(Skip::Link { outside: true }),
                    Err(_) => Some(Skip::Link { outside: false }),
                }
            } else {
                None
            };
            let keep = skip.is_none();
            if let Some(skip) = skip {
                record
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push((rel, skip));
            }
            keep
        })
        .build()
        .peekable();
    Walk {
        walk,
        finder,
        cwd,
        errors: Vec::new(),
        pruned,
        queue: VecDeque::new(),
        refused: HashSet::new(),
        last_paired: Vec::new(),
    }
}

impl Walk<'_> {
    /// The walk's next file, relative to the root, when it is a file.
    fn peek_file(&mut self) -> Option<String> {
        let root = &self.finder.disk;
        match self.walk.peek() {
            Some(Ok(entry)) if entry.file_type().is_some_and(|t| t.is_file()) => {
                relative(root, entry.path())
            }
            _ => None,
        }
    }

    fn job(&self, f: Found1) -> Job {
        let root = &self.finder.config.root;
        Job {
            paths: [0, 1].map(|i| display(&root.join(&f.key[i]), self.cwd, false)),
            key: f.key,
            missing: f.missing,
            via: Some(f.via),
        }
    }

    /// What the walk meets next: a pair, or something skipped or refused.
    pub fn next_found(&mut self) -> Option<Found> {
        loop {
            if let Some(found) = self.queue.pop_front() {
                if let Found::Refused(rel, _) = &found
                    && !self.refused.insert(rel.clone())
                {
                    continue;
                }
                return Some(found);
            }
            let pruned: Vec<(String, Skip)> =
                std::mem::take(&mut *self.pruned.lock().unwrap_or_else(PoisonError::into_inner));
            for (rel, skip) in pruned {
                // A link that a layout would pair is refused; anything else pruned is skipped.
                let claimed = matches!(skip, Skip::Link { outside: true })
                    && layout::resolve(&self.finder.config.layouts, &rel).is_some();
                self.queue.push_back(if claimed {
                    let shown = display(&self.finder.config.root.join(&rel), self.cwd, false);
                    Found::Refused(rel, InputError::OutsideRoot { path: shown })
                } else {
                    Found::Skipped(rel, skip)
                });
            }
            if !self.queue.is_empty() {
                continue;
            }
            let root = self.finder.disk.clone();
            let Some(entry) = self.walk.next() else {
                // What the filter pruned last.
                if self
                    .pruned
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .is_empty()
                {
                    return None;
                }
                continue;
            };
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    // A link to nothing: as if there were no file.
                    if let Some(rel) = broken_link(&e).and_then(|p| relative(&root, p)) {
                        self.queue
                            .push_back(Found::Skipped(rel, Skip::Link { outside: false }));
                        continue;
                    }
                    if let Some(rel) = link_loop(&e).and_then(|p| relative(&root, p)) {
                        self.queue.push_back(Found::Skipped(rel, Skip::Loop));
                        continue;
                    }
                    self.errors.push(InputError::Io {
                        path: self.finder.config.root.to_string_lossy().into_owned(),
                        reason: e.to_string(),
                    });
                    continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let Some(rel) = relative(&root, entry.path()) else {
                continue;
            };
            if self.last_paired.contains(&rel) {
                continue;
            }
            // The walk reached the file's folder: it exists, and lies inside the root (links
            // out of it are not followed).
            let folder = Path::new(&rel).parent().unwrap_or(Path::new(""));
            if !self.finder.folders.contains_key(folder) {
                self.finder.folders.insert(folder.to_path_buf(), Some(true));
            }
            let next = self.peek_file();
            self.last_paired.clear();
            match self.finder.pairs_of(&rel, true, next.as_deref()) {
                Outcome1::Through => {}
                Outcome1::Skipped(skip) => self.queue.push_back(Found::Skipped(rel, skip)),
                Outcome1::Pairs(found) => {
                    for f in found {
                        if f.missing.is_none() && f.key[0] == rel {
                            self.last_paired.push(f.key[1].clone());
                        }
                        let job = self.job(f);
                        self.queue.push_back(Found::Pair(job));
                    }
                }
                Outcome1::Refused(refused, found) => {
                    for path in refused {
                        let shown = display(&root.join(&path), self.cwd, false);
                        self.queue.push_back(Found::Refused(
                            path,
                            InputError::OutsideRoot { path: shown },
                        ));
                    }
                    for f in found {
                        let job = self.job(f);
                        self.queue.push_back(Found::Pair(job));
                    }
                }
            }
        }
    }
}

impl Iterator for Walk<'_> {
    type Item = Job;

    fn next(&mut self) -> Option<Job> {
        loop {
            match self.next_found()? {
                Found::Pair(job) => return Some(job),
                Found::Refused(_, error) => self.errors.push(error),
                Found::Skipped(..) => {}
            }
        }
    }
}

/// The pairs that `files` belong to. Two files are read as an English and a Chinese file
/// (`yizhi check EN ZH`), in the layouts' order when they are each other's counterparts,
/// unless `layout_only`: then, as when more files are given, each file is checked with its
/// counterparts, and files of no pair are listed in `unpaired`, since a hook passes every
/// file that changed. A file given or found that is a link out of the root is refused then,
/// unread, as in a walk. `stdin`: the name standard input is read as, a file given that need
/// not exist.
pub fn from_files(
    config: &Config,
    cwd: &Path,
    files: &[String],
    layout_only: bool,
    stdin: Option<&str>,
) -> Discovery {
    let mut out = Discovery::default();
    let mut jobs: BTreeMap<[String; 2], Job> = BTreeMap::new();
    let mut unclaimed = Vec::new();
    let mut finder = Finder::new(config);
    let named = !layout_only && files.len() == 2;
    for given in files {
        let abs = absolute(cwd, Path::new(given));
        // A file given must exist, even if it belongs to no pair: a typo is not "nothing to do".
        match std::fs::metadata(&abs) {
            _ if stdin == Some(given.as_str()) => {}
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
        if named {
            continue;
        }
        let Some(rel) = relative(&config.root, &abs) else {
            unclaimed.push(given.clone());
            continue;
        };
        if config.is_excluded(&rel) {
            out.excluded += 1;
            continue;
        }
        // Files passed by a hook come from a commit: one that links out of the root is
        // refused as the walk refuses it (two files named are read wherever they are).
        if finder.presence(&rel) == Presence::Outside {
            out.errors.push(InputError::OutsideRoot {
                path: given.clone(),
            });
            continue;
        }
        let found = match finder.pairs_of(&rel, false, None) {
            Outcome1::Pairs(found) => found,
            Outcome1::Refused(refused, found) => {
                for path in refused {
                    let shown = display(
                        &config.root.join(&path),
                        cwd,
                        Path::new(given).is_absolute(),
                    );
                    out.errors.push(InputError::OutsideRoot { path: shown });
                }
                found
            }
            Outcome1::Skipped(Skip::NoLayout | Skip::NoCounterpart(_)) => {
                unclaimed.push(given.clone());
                continue;
            }
            Outcome1::Skipped(_) => {
                out.excluded += 1;
                continue;
            }
            Outcome1::Through => continue,
        };
        for f in found {
            let side = if f.key[0] == rel { Side::En } else { Side::Zh };
            let other = config.root.join(&f.key[side.other() as usize]);
            let shown_other = display(&other, cwd, Path::new(given).is_absolute());
            let job = jobs.entry(f.key.clone()).or_insert_with(|| Job {
                paths: match side {
                    Side::En => [given.clone(), shown_other],
                    Side::Zh => [shown_other, given.clone()],
                },
                key: f.key,
                missing: f.missing,
                via: Some(f.via),
            });
            // Both files given: each is shown as given.
            job.paths[side as usize] = given.clone();
        }
    }
    if named && out.errors.is_empty() {
        let rel = |i: usize| relative(&config.root, &absolute(cwd, Path::new(&files[i])));
        // Two files that a layout pairs with each other, in either order: that pair.
        let through = (rel(0), rel(1));
        let mut order = [0, 1];
        let mut via = None;
        if let (Some(a), Some(b)) = &through
            && a != b
            && let Some(claim) = layout::resolve(&config.layouts, a)
            && let Some(c) = claim.counterparts.iter().find(|c| c.path == *b)
        {
            via = Some((c.layout, c.variant));
            if claim.side == Side::Zh {
                order = [1, 0];
            }
        }
        let key = order.map(|i| rel(i).unwrap_or_else(|| files[i].clone()));
        out.jobs = vec![Job {
            paths: order.map(|i| files[i].clone()),
            key,
            missing: None,
            via,
        }];
        return out;
    }
    out.unpaired = unclaimed;
    out.jobs = jobs.into_values().collect();
    out
}

/// The counterpart of the file `path` for an editor: the first of its counterparts that
/// exists, else the first. `None` when no layout claims it, `exclude` skips it or them, or
/// the counterpart is a link out of the root (never read).
pub fn counterpart(config: &Config, path: &Path) -> Option<(Side, PathBuf, String, String)> {
    let rel = relative(&config.root, path)?;
    if config.is_excluded(&rel) {
        return None;
    }
    let claim = layout::resolve(&config.layouts, &rel)?;
    let candidates: Vec<&layout::Candidate> = claim
        .counterparts
        .iter()
        .filter(|c| !config.is_excluded(&c.path))
        .collect();
    let mut finder = Finder::new(config);
    let mut chosen = None;
    for c in &candidates {
        match finder.presence(&c.path) {
            Presence::File => {
                chosen = Some(*c);
                break;
            }
            Presence::Outside => return None,
            Presence::Absent => {}
        }
    }
    let chosen = chosen.or(candidates.first().copied())?;
    Some((
        claim.side,
        config.root.join(&chosen.path),
        rel,
        chosen.path.clone(),
    ))
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

    #[cfg(unix)]
    #[test]
    fn an_editor_never_gets_a_counterpart_out_of_the_root() {
        let outside = tempfile::tempdir().unwrap();
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        std::fs::write(outside.path().join("a.txt"), "secret\n").unwrap();
        for dir in ["en", "zh", "zh-TW"] {
            std::fs::create_dir(root.join(dir)).unwrap();
        }
        std::fs::write(root.join("en/a.txt"), "a\n").unwrap();
        std::fs::write(root.join("en/b.txt"), "b\n").unwrap();
        std::fs::write(root.join("zh-TW/b.txt"), "b\n").unwrap();
        std::os::unix::fs::symlink(outside.path().join("a.txt"), root.join("zh/a.txt")).unwrap();
        let config = Config::defaults(root);
        assert_eq!(counterpart(&config, &root.join("en/a.txt")), None);
        let (side, path, _, shown) = counterpart(&config, &root.join("en/b.txt")).unwrap();
        assert_eq!((side, shown.as_str()), (Side::En, "zh-TW/b.txt"));
        assert_eq!(path, root.join("zh-TW/b.txt"));
    }
}
