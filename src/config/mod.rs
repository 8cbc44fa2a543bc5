//! yizhi.toml: finding it, reading it, and what it decides — how files pair up ([`Layout`]s),
//! which files are skipped, which extra rule files load, and which rules run at which
//! severity ([`Policy`]). Owns no walking and no checking.
//!
//! The file is found by walking up from the working directory (or given with `--config`); its
//! folder is the project root, against which every path in it is resolved. Without a file,
//! the working directory is the root and the defaults apply: every rule, the built-in layouts.

mod error;
mod schema;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use toml::Spanned;

pub use error::{ConfigError, ConfigSource};

use crate::diagnostic::{Diagnostic, Severity, Side};
use crate::layout::Layout;
use crate::rules::RuleSet;

/// The name yizhi looks for in the working directory and its ancestors.
pub const FILE_NAME: &str = "yizhi.toml";

/// yizhi.toml files larger than this are refused before they are read.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// What `yizhi init` writes: every setting, commented, with the built-in layouts.
pub const STARTER: &str = include_str!("starter.toml");

#[derive(Debug)]
pub struct Config {
    /// The folder paths are relative to: the config file's, else the working directory.
    pub root: PathBuf,
    /// The config file, when there is one.
    pub file: Option<PathBuf>,
    pub layouts: Vec<Layout>,
    /// Extra rule files, resolved against the root, to load before any given with `--rules`.
    pub rule_files: Vec<String>,
    pub exclude: Exclude,
    select: Option<Vec<Spanned<String>>>,
    ignore: Vec<Spanned<String>>,
    severity: Vec<(Spanned<String>, Severity)>,
    /// `[per-file-ignores]`: the files a glob matches, and the rule selectors they ignore.
    per_file_ignores: Vec<(Exclude, Vec<Spanned<String>>)>,
    source: Option<ConfigSource>,
}

impl Config {
    /// No file: the working directory as root, the defaults for everything else.
    pub fn defaults(root: &Path) -> Config {
        Config {
            root: root.to_path_buf(),
            file: None,
            layouts: Layout::defaults(),
            rule_files: Vec::new(),
            exclude: Exclude::default(),
            select: None,
            ignore: Vec::new(),
            severity: Vec::new(),
            per_file_ignores: Vec::new(),
            source: None,
        }
    }

    /// The config for a run in `cwd`: the file given, else the nearest yizhi.toml in `cwd` or
    /// above it, else the defaults.
    pub fn load(explicit: Option<&str>, cwd: &Path) -> Result<Config, ConfigError> {
        let file = match explicit {
            Some(path) => Some(crate::discover::absolute(cwd, Path::new(path))),
            None => find(cwd),
        };
        match file {
            None => Ok(Config::defaults(cwd)),
            Some(file) => {
                let shown = explicit.map_or_else(
                    || crate::discover::display(&file, cwd, false),
                    str::to_string,
                );
                let text = crate::bounded::read(&file, MAX_CONFIG_BYTES)
                    .map_err(|e| ConfigError::Read {
                        path: shown.clone(),
                        reason: e.reason("a config file", MAX_CONFIG_BYTES),
                    })
                    .and_then(|(bytes, _)| {
                        String::from_utf8(bytes).map_err(|_| ConfigError::Read {
                            path: shown.clone(),
                            reason: "not valid UTF-8".into(),
                        })
                    })?;
                let source = ConfigSource {
                    name: Arc::from(shown.as_str()),
                    text: Arc::from(text),
                };
                let root = file
                    .parent()
                    .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);
                let quote = crate::toml_error::may_quote(&file);
                Config::parse(source, root, file).map_err(|e| match e {
                    ConfigError::Invalid(invalid) if !quote => {
                        ConfigError::Invalid(Box::new(invalid.redact("a yizhi config file (TOML)")))
                    }
                    e => e,
                })
            }
        }
    }

    /// Compiles a config file's text: layouts, globs and rule-file paths are checked here;
    /// rule ids in [`Config::policy`], once the rules are loaded.
    pub fn parse(
        source: ConfigSource,
        root: PathBuf,
        file: PathBuf,
    ) -> Result<Config, ConfigError> {
        let spec: schema::ConfigFile = toml::from_str(&source.text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            source.error(span, e.message().trim().to_string(), "here", None)
        })?;
        let layouts = if spec.pair.is_empty() {
            Layout::defaults()
        } else {
            spec.pair
                .iter()
                .map(|p| {
                    let zh: Vec<Spanned<String>> = match p.zh.get_ref() {
                        schema::OneOrMany::One(path) => {
                            vec![Spanned::new(p.zh.span(), path.clone())]
                        }
                        schema::OneOrMany::Many(paths) => paths.clone(),
                    };
                    let texts: Vec<&str> = zh.iter().map(|z| z.get_ref().as_str()).collect();
                    Layout::new(p.en.get_ref(), &texts, p.report_missing).map_err(|e| {
                        let at = match e.side {
                            Side::En => p.en.span(),
                            Side::Zh => zh.get(e.index).map_or(p.zh.span(), Spanned::span),
                        };
                        source.error(at, e.message, "this path", e.help)
                    })
                })
                .collect::<Result<_, _>>()?
        };
        let exclude = globs(&spec.exclude, &source)?;
        let per_file_ignores = spec
            .per_file_ignores
            .into_iter()
            .map(|(pattern, rules)| Ok((globs(std::slice::from_ref(&pattern), &source)?, rules)))
            .collect::<Result<_, ConfigError>>()?;
        let mut rule_files = Vec::new();
        for file in &spec.rules {
            rule_files.push(rule_file_in(&root, file, &source)?);
        }
        let severity = spec.severity.into_iter().collect();
        Ok(Config {
            root,
            file: Some(file),
            layouts,
            rule_files,
            exclude,
            select: spec.select,
            ignore: spec.ignore,
            severity,
            per_file_ignores,
            source: Some(source),
        })
    }

    pub fn is_excluded(&self, path: &str) -> bool {
        self.exclude.matches(path)
    }

    /// The rules a project runs — the built-in ones, the config's rule files, then `extra`
    /// (from `--rules`) — and what the config decides about each.
    pub fn load_rules(&self, extra: &[String]) -> miette::Result<(RuleSet, Policy)> {
        let mut files = self.rule_files.clone();
        files.extend(extra.iter().cloned());
        let rules = crate::rules::load(&files)?;
        let policy = self.policy(&rules)?;
        Ok((rules, policy))
    }

    /// Checks every rule selector against the loaded rules and decides each rule's fate.
    pub fn policy(&self, rules: &RuleSet) -> Result<Policy, ConfigError> {
        let ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
        let all_selectors = self
            .select
            .iter()
            .flatten()
            .chain(&self.ignore)
            .chain(self.severity.iter().map(|(s, _)| s))
            .chain(self.per_file_ignores.iter().flat_map(|(_, rules)| rules));
        for selector in all_selectors {
            if !ids.iter().any(|id| selects(selector.get_ref(), id)) {
                let source = self.source.as_ref().expect("selectors come from a file");
                let help = match closest(selector.get_ref(), &ids) {
                    Some(id) => format!("did you mean `{id}`?"),
                    None => format!("known rules: {}", ids.join(", ")),
                };
                return Err(source.error(
                    selector.span(),
                    format!("`{}` names no rule", selector.get_ref()),
                    "no rule id is or starts with this",
                    Some(help),
                ));
            }
        }
        let mut levels = HashMap::new();
        for rule in &rules.rules {
            let id = rule.id.as_str();
            let on = self
                .select
                .as_ref()
                .is_none_or(|sel| sel.iter().any(|s| selects(s.get_ref(), id)))
                && !self.ignore.iter().any(|s| selects(s.get_ref(), id));
            // The most specific selector wins: an id over a prefix, a long prefix over a short.
            let level = self
                .severity
                .iter()
                .filter(|(s, _)| selects(s.get_ref(), id))
                .max_by_key(|(s, _)| s.get_ref().len())
                .map(|(_, level)| *level);
            levels.insert(rule.id.clone(), on.then_some(level));
        }
        let per_file_ignores = self
            .per_file_ignores
            .iter()
            .map(|(globs, rules)| {
                let rules = rules.iter().map(|r| r.get_ref().clone()).collect();
                (globs.clone(), rules)
            })
            .collect();
        Ok(Policy {
            levels,
            per_file_ignores,
        })
    }
}

/// The rule file a config names, resolved against the project root `root`: it must be a file
/// inside the root once every symbolic link is resolved, so that a pull request that edits
/// yizhi.toml cannot make a CI job read (and quote) `/proc/self/environ`, `~/.ssh` or any file
/// outside the repository. Returns the resolved path. `--rules` may name any file: the user
/// chose it.
fn rule_file_in(
    root: &Path,
    file: &Spanned<String>,
    source: &ConfigSource,
) -> Result<String, ConfigError> {
    let given = file.get_ref();
    let fail = |message: String, label: &str, help: String| {
        Err(source.error(file.span(), message, label, Some(help)))
    };
    let Ok(path) = root.join(given).canonicalize() else {
        return fail(
            format!("rule file `{given}` does not exist"),
            "no such file",
            format!("paths are relative to the folder of {}", source.name),
        );
    };
    let inside = root.canonicalize().is_ok_and(|r| path.starts_with(r));
    if !inside {
        return fail(
            format!("rule file `{given}` is outside the project root"),
            "outside the folder of this file",
            format!(
                "rule files named in {} must be inside its folder once symbolic links are \
                 resolved; give any other with --rules",
                source.name
            ),
        );
    }
    if !path.is_file() {
        return fail(
            format!("rule file `{given}` is not a file"),
            "not a file",
            "name a .toml rule file".into(),
        );
    }
    Ok(path.to_string_lossy().into_owned())
}

/// Compiles globs of yizhi.toml (relative to its folder; a trailing `/` ignored), each error
/// pointing at its glob.
fn globs(patterns: &[Spanned<String>], source: &ConfigSource) -> Result<Exclude, ConfigError> {
    let mut globs = GlobSetBuilder::new();
    for pattern in patterns {
        let text = pattern.get_ref().trim_end_matches('/');
        let glob = GlobBuilder::new(text)
            .literal_separator(true)
            .build()
            .map_err(|e| {
                source.error(
                    pattern.span(),
                    format!("invalid glob `{}`", pattern.get_ref()),
                    "this glob",
                    Some(e.kind().to_string()),
                )
            })?;
        globs.add(glob);
    }
    Ok(Exclude(globs.build().map_err(|e| {
        source.error(0..0, e.to_string(), "here", None)
    })?))
}

/// Globs of yizhi.toml: `exclude`, or a key of `[per-file-ignores]`. Cheap to clone, for the
/// walker's filter.
#[derive(Debug, Clone)]
pub struct Exclude(GlobSet);

impl Default for Exclude {
    fn default() -> Self {
        Exclude(GlobSet::empty())
    }
}

impl Exclude {
    /// Whether `path` (relative to the root) is excluded: it, or a folder above it, matches
    /// an `exclude` glob.
    pub fn matches(&self, path: &str) -> bool {
        if self.0.is_empty() {
            return false;
        }
        let mut prefix_end = path.match_indices('/').map(|(i, _)| i);
        self.0.is_match(path) || prefix_end.any(|i| self.0.is_match(&path[..i]))
    }
}

/// Which rules report, and at which severity.
#[derive(Debug, Default)]
pub struct Policy {
    /// Rule id → `None` when the rule is off, else the severity the config sets for it, if
    /// any. Ids not here report as is.
    levels: HashMap<String, Option<Option<Severity>>>,
    /// `[per-file-ignores]`: files, and the rule selectors not reported in them.
    per_file_ignores: Vec<(Exclude, Vec<String>)>,
}

impl Policy {
    /// The severity a finding of `rule` reports at, given the one it was made with (the
    /// rule's own, or less for a finding the check itself deems minor), or `None` when the
    /// rule is off.
    pub fn level(&self, rule: &str, default: Severity) -> Option<Severity> {
        match self.levels.get(rule) {
            None => Some(default),
            Some(None) => None,
            Some(Some(set)) => Some(set.unwrap_or(default)),
        }
    }

    /// The rule selectors `[per-file-ignores]` ignores in the file `path` (relative to the
    /// project root, `/`-separated): those of every glob that matches it or a folder above it.
    pub fn ignored_in(&self, path: &str) -> Vec<String> {
        self.per_file_ignores
            .iter()
            .filter(|(globs, _)| globs.matches(path))
            .flat_map(|(_, rules)| rules.iter().cloned())
            .collect()
    }

    /// Whether `[per-file-ignores]` ignores `rule` in the file `path`.
    pub fn ignores(&self, path: &str, rule: &str) -> bool {
        self.ignored_in(path).iter().any(|s| selects(s, rule))
    }

    /// The findings of a checked pair that a run reports: rules that are off dropped and
    /// severity overrides applied, then those `[per-file-ignores]` and the files' suppression
    /// comments silence dropped, with a finding for each comment that silenced nothing
    /// ([`crate::suppress`]). `keys`: the two paths relative to the project root.
    pub fn finish(
        &self,
        diagnostics: Vec<Diagnostic>,
        directives: &[crate::suppress::Directive],
        keys: &[String; 2],
        rules: &RuleSet,
    ) -> Vec<Diagnostic> {
        let ignored = keys.each_ref().map(|k| self.ignored_in(k));
        let (mut kept, unused) = crate::suppress::filter(
            self.apply(diagnostics),
            directives,
            [&ignored[0], &ignored[1]],
            rules,
        );
        kept.extend(self.apply(unused));
        crate::diagnostic::sort(&mut kept);
        kept
    }

    /// Drops the findings of rules that are off and applies severity overrides.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter_map(|mut d| {
                d.severity = self.level(&d.rule, d.severity)?;
                Some(d)
            })
            .collect()
    }
}

/// A selector is a rule id, or a prefix of ids that ends at a hyphen: `footnote` and
/// `footnote-` select `footnote-body-missing`, `foot` selects nothing.
pub fn selects(selector: &str, id: &str) -> bool {
    match id.strip_prefix(selector) {
        Some("") => true,
        Some(rest) => rest.starts_with('-') || selector.ends_with('-'),
        None => false,
    }
}

pub fn closest<'a>(wrong: &str, ids: &[&'a str]) -> Option<&'a str> {
    ids.iter()
        .map(|id| (strsim::levenshtein(wrong, id), *id))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, id)| id)
}

/// The nearest yizhi.toml in `dir` or above it: anything of that name but a folder (a link
/// to a device is then refused when read, rather than passed over).
pub fn find(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|f| f.exists() && !f.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        let source = ConfigSource {
            name: Arc::from(FILE_NAME),
            text: Arc::from(text),
        };
        Config::parse(
            source,
            PathBuf::from("/nowhere"),
            PathBuf::from("/nowhere/yizhi.toml"),
        )
    }

    fn message(e: ConfigError) -> String {
        match e {
            ConfigError::Invalid(i) => i.message,
            ConfigError::Read { reason, .. } => reason,
        }
    }

    #[test]
    fn selectors_are_ids_or_prefixes_at_a_hyphen() {
        assert!(selects("footnote", "footnote-body-missing"));
        assert!(selects("footnote-", "footnote-body-missing"));
        assert!(selects("date-mismatch", "date-mismatch"));
        assert!(!selects("foot", "footnote-body-missing"));
        assert!(!selects("date-mismatch-x", "date-mismatch"));
    }

    #[test]
    fn the_starter_config_is_valid_and_says_what_the_defaults_do() {
        let c = parse(STARTER).unwrap();
        let pairs: Vec<crate::layout::Spec> = c
            .layouts
            .iter()
            .map(|l| crate::layout::Spec {
                en: l.en().to_string(),
                zh: l.zh().map(str::to_string).collect(),
                report_missing: l.reports_missing(),
            })
            .collect();
        assert_eq!(pairs, crate::layout::defaults());
        let rules = crate::rules::load(&[]).unwrap();
        let policy = c.policy(&rules).unwrap();
        for r in &rules.rules {
            assert_eq!(policy.level(&r.id, r.severity), Some(r.severity));
        }
    }

    #[test]
    fn policy_selects_ignores_and_overrides() {
        let c = parse(
            "select = [\"footnote\", \"date-mismatch\"]\nignore = [\"footnote-unresolved\"]\n\
             [severity]\nfootnote = \"warning\"\nfootnote-body-missing = \"info\"\n",
        )
        .unwrap();
        let rules = crate::rules::load(&[]).unwrap();
        let p = c.policy(&rules).unwrap();
        assert_eq!(
            p.level("date-mismatch", Severity::Error),
            Some(Severity::Error)
        );
        assert_eq!(p.level("symbol-mismatch", Severity::Error), None);
        assert_eq!(p.level("footnote-unresolved", Severity::Warning), None);
        assert_eq!(
            p.level("footnote-marker-mismatch", Severity::Error),
            Some(Severity::Warning)
        );
        assert_eq!(
            p.level("footnote-body-missing", Severity::Error),
            Some(Severity::Info)
        );
    }

    #[test]
    fn errors_name_the_value() {
        let rules = crate::rules::load(&[]).unwrap();
        let e = parse("ignore = [\"date-mismach\"]\n")
            .unwrap()
            .policy(&rules);
        let e = e.unwrap_err();
        let ConfigError::Invalid(i) = e else { panic!() };
        assert_eq!(i.help.as_deref(), Some("did you mean `date-mismatch`?"));
        assert_eq!(i.span.offset(), 10);
        assert!(
            message(parse("[[pair]]\nen = \"en/{p}\"\nzh = \"zh/{q}\"\n").unwrap_err())
                .contains("same placeholders")
        );
        assert!(message(parse("exclude = [\"a/[\"]\n").unwrap_err()).contains("invalid glob"));
        assert!(
            message(parse("[severity]\ndate-mismatch = \"fatal\"\n").unwrap_err())
                .contains("unknown variant `fatal`")
        );
        assert!(
            message(parse("rules = [\"no-such.toml\"]\n").unwrap_err()).contains("does not exist")
        );
        assert!(message(parse("selct = []\n").unwrap_err()).contains("unknown field `selct`"));
    }

    #[test]
    fn excluding_a_folder_excludes_what_it_holds() {
        let c = parse("exclude = [\"drafts\", \"**/*.bak.txt\"]\n").unwrap();
        assert!(c.is_excluded("drafts"));
        assert!(c.is_excluded("drafts/en/a.txt"));
        assert!(c.is_excluded("en/a.bak.txt"));
        assert!(!c.is_excluded("en/drafts.txt"));
    }
}
