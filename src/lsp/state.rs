//! What the server remembers between messages: the documents open in the editor, and each
//! project's configuration and rules, loaded once and loaded again when yizhi.toml or one of
//! its rule files changes on disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::SystemTime;

use lsp_types::Uri;

use crate::config::{self, Config, Policy};
use crate::diagnostic::{Diagnostic, Side};
use crate::discover;
use crate::document::Document;
use crate::rules::RuleSet;

/// A document open in the editor: its text there, saved or not, wins over the file's.
pub struct Open {
    /// The URI as the client spells it, under which its diagnostics are published.
    pub uri: Uri,
    pub text: String,
    pub version: i32,
}

/// A project's rules, and what its yizhi.toml decides.
pub struct Project {
    pub config: Config,
    pub rules: RuleSet,
    pub policy: Policy,
}

/// A file's pair, as its project's layouts say.
pub struct Pair {
    /// The English and the Chinese file.
    pub paths: [PathBuf; 2],
    /// The two paths relative to the project root, as messages show them.
    pub shown: [String; 2],
    /// The side of the file asked about.
    pub side: Side,
}

/// A project loaded (or refused), with the modification times it was loaded at.
struct Loaded {
    stamps: Vec<(PathBuf, Option<SystemTime>)>,
    project: Result<Project, Broken>,
}

/// Why a project cannot be loaded: its report's first line, and the whole report.
pub struct Broken {
    pub headline: String,
    pub report: String,
}

/// A pair as it was last checked: what its diagnostics were published from, and what code
/// actions and hovers are answered from, so that the three agree.
pub struct Checked {
    /// The English and the Chinese file.
    pub paths: [PathBuf; 2],
    /// The English and the Chinese document, as checked.
    pub docs: [Document; 2],
    pub diagnostics: Vec<Diagnostic>,
    /// What was published for each side: the index of a finding in `diagnostics`, and the
    /// finding as the client received it.
    pub published: [Vec<(usize, lsp_types::Diagnostic)>; 2],
    /// The rules of the findings, by id.
    pub rules: HashMap<String, RuleDoc>,
}

impl Checked {
    /// The side of the pair that `path` is, if it is one of its files.
    pub fn side_of(&self, path: &Path) -> Option<Side> {
        Side::BOTH
            .into_iter()
            .find(|&side| self.paths[side as usize] == path)
    }
}

/// A rule's explanation, as `yizhi explain` prints it: its summary and documentation.
pub struct RuleDoc {
    pub summary: String,
    pub docs: String,
}

#[derive(Default)]
pub struct State {
    /// Open documents by path: the key on which differently encoded URIs of a file agree.
    pub open: HashMap<PathBuf, Open>,
    /// The last check of each open file's pair, by the file's path; shared by the two files
    /// when both are open.
    pub checked: HashMap<PathBuf, Rc<Checked>>,
    pub projects: Projects,
}

#[derive(Default)]
pub struct Projects {
    /// The client's workspace folders: the root of a file that no yizhi.toml governs.
    pub roots: Vec<PathBuf>,
    /// Projects by their yizhi.toml, or by root when they have none.
    loaded: HashMap<PathBuf, Loaded>,
}

/// Where a file's project was looked for, and what was found.
pub enum Lookup<'a> {
    Found(&'a Project),
    /// The project's yizhi.toml or rules are broken: why, and whether it is new (it is
    /// reported once, not at every keystroke).
    Broken {
        why: &'a Broken,
        new: bool,
    },
}

impl Projects {
    /// The project that `path` belongs to: the nearest yizhi.toml above it, else the
    /// defaults, rooted at the innermost workspace folder that holds it (or at the top of the
    /// file system, which the default layouts do not mind).
    pub fn project(&mut self, path: &Path) -> Lookup<'_> {
        let dir = path.parent().unwrap_or(path);
        let (key, file) = match config::find(dir) {
            Some(file) => (file.clone(), Some(file)),
            None => (self.root_of(path), None),
        };
        let stale = self
            .loaded
            .get(&key)
            .is_none_or(|loaded| loaded.stamps.iter().any(|(p, t)| modified(p) != *t));
        if stale {
            let loaded = load(&key, file.as_deref());
            self.loaded.insert(key.clone(), loaded);
        }
        let loaded = &self.loaded[&key];
        match &loaded.project {
            Ok(project) => Lookup::Found(project),
            Err(why) => Lookup::Broken { why, new: stale },
        }
    }

    /// Forgets every project, so that each is loaded again when next used.
    pub fn forget(&mut self) {
        self.loaded.clear();
    }

    fn root_of(&self, path: &Path) -> PathBuf {
        self.roots
            .iter()
            .filter(|r| path.starts_with(r))
            .max_by_key(|r| r.components().count())
            .cloned()
            .or_else(|| path.ancestors().last().map(Path::to_path_buf))
            .unwrap_or_default()
    }
}

impl Project {
    /// The pair `path` belongs to, or `None` when no layout claims it or `exclude` skips it
    /// or its counterpart.
    pub fn pair(&self, path: &Path) -> Option<Pair> {
        let (side, other, rel, counterpart) = discover::counterpart(&self.config, path)?;
        let (paths, shown) = match side {
            Side::En => ([path.to_path_buf(), other], [rel, counterpart]),
            Side::Zh => ([other, path.to_path_buf()], [counterpart, rel]),
        };
        Some(Pair { paths, shown, side })
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Loads the project of yizhi.toml `file`, or the defaults rooted at `root`.
fn load(root: &Path, file: Option<&Path>) -> Loaded {
    // The files whose changes make the project load again: yizhi.toml and its rule files.
    let mut stamps = Vec::new();
    let config = match file {
        None => Config::defaults(root),
        Some(file) => {
            stamps.push((file.to_path_buf(), modified(file)));
            match Config::load(None, file.parent().unwrap_or(file)) {
                Ok(config) => config,
                Err(e) => {
                    return Loaded {
                        stamps,
                        project: Err(render(&miette::Report::new(e))),
                    };
                }
            }
        }
    };
    stamps.extend(
        config
            .rule_files
            .iter()
            .map(|f| (PathBuf::from(f), modified(Path::new(f)))),
    );
    let project = config
        .load_rules(&[])
        .map(|(rules, policy)| Project {
            config,
            rules,
            policy,
        })
        .map_err(|report| render(&report));
    Loaded { stamps, project }
}

/// A report's headline, and the whole report as plain text, with its source excerpt and help,
/// for the client's log.
fn render(report: &miette::Report) -> Broken {
    let mut out = String::new();
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        out = report.to_string();
    }
    Broken {
        headline: report.to_string(),
        report: out,
    }
}
