//! Layouts: how an English file's path maps to its Chinese counterpart's, and back.
//!
//! A layout is two path templates relative to the project root, such as `en/{path}.txt` ↔
//! `zh/{path}.txt` or `{path}_E.txt` ↔ `{path}_C.txt`. A placeholder `{name}` stands for one
//! or more characters, `/` included; a leading `**/` for any folder, or none. A path that
//! matches one template has its counterpart where the other template, filled with the same
//! values, points. Owns only this string matching: it never touches the file system.

use std::collections::HashSet;

use crate::diagnostic::Side;

/// What the built-in layouts (used when yizhi.toml declares no `[[pair]]`) pair:
/// `en/` and `zh/` folders side by side, UN-style `_E`/`_C` suffixes, and `en.txt`/`zh.txt`
/// in one folder.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("**/en/{path}.txt", "**/zh/{path}.txt"),
    ("{path}_E.txt", "{path}_C.txt"),
    ("**/en.txt", "**/zh.txt"),
];

#[derive(Debug)]
pub struct Layout {
    en: Template,
    zh: Template,
}

/// Why a template is refused, and on which side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutError {
    pub side: Side,
    pub message: String,
    pub help: Option<String>,
}

/// The side a path belongs to under a layout, and where its counterpart is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub side: Side,
    pub counterpart: String,
}

impl Layout {
    pub fn new(en: &str, zh: &str) -> Result<Layout, LayoutError> {
        let en_t = Template::parse(en).map_err(|(message, help)| LayoutError {
            side: Side::En,
            message,
            help,
        })?;
        let zh_t = Template::parse(zh).map_err(|(message, help)| LayoutError {
            side: Side::Zh,
            message,
            help,
        })?;
        fn names(t: &Template) -> Vec<&str> {
            let mut v: Vec<&str> = t.names().collect();
            v.sort_unstable();
            v
        }
        if names(&en_t) != names(&zh_t) {
            return Err(LayoutError {
                side: Side::Zh,
                message: format!(
                    "`{zh}` does not have the same placeholders as `{en}`: {} against {}",
                    list(&names(&zh_t)),
                    list(&names(&en_t))
                ),
                help: Some(
                    "every placeholder (and a leading `**/`) must appear in both paths, so that \
                     each file has one counterpart"
                        .into(),
                ),
            });
        }
        if en == zh {
            return Err(LayoutError {
                side: Side::Zh,
                message: "the English and the Chinese path are the same".into(),
                help: Some("e.g. en = \"en/{path}.txt\", zh = \"zh/{path}.txt\"".into()),
            });
        }
        Ok(Layout { en: en_t, zh: zh_t })
    }

    /// The built-in layouts.
    pub fn defaults() -> Vec<Layout> {
        DEFAULTS
            .iter()
            .map(|(en, zh)| Layout::new(en, zh).expect("the built-in layouts are valid"))
            .collect()
    }

    /// Where `path` (relative to the root, `/`-separated) belongs, if this layout claims it.
    /// A path both templates match is taken by the one with more literal text: under
    /// `{p}.txt` ↔ `{p}.zh.txt`, `a.zh.txt` is Chinese.
    pub fn resolve(&self, path: &str) -> Option<Resolved> {
        let en = self.en.captures(path);
        let zh = self.zh.captures(path);
        let (side, caps, to) = match (en, zh) {
            (Some(_), Some(z)) if self.zh.literal_len > self.en.literal_len => {
                (Side::Zh, z, &self.en)
            }
            (Some(e), _) => (Side::En, e, &self.zh),
            (None, Some(z)) => (Side::Zh, z, &self.en),
            (None, None) => return None,
        };
        Some(Resolved {
            side,
            counterpart: to.fill(&caps),
        })
    }

    pub fn template(&self, side: Side) -> &str {
        match side {
            Side::En => &self.en.source,
            Side::Zh => &self.zh.source,
        }
    }
}

/// Resolves `path` through `layouts` in order: the first that claims it wins.
pub fn resolve(layouts: &[Layout], path: &str) -> Option<Resolved> {
    layouts.iter().find_map(|l| l.resolve(path))
}

#[derive(Debug)]
enum Part {
    Literal(String),
    Placeholder(String),
    /// A leading `**/`: any folder, or none.
    AnyFolder,
}

#[derive(Debug)]
struct Template {
    source: String,
    parts: Vec<Part>,
    literal_len: usize,
}

/// A placeholder's value, or the `**/` prefix's (named `**/`).
type Values<'t, 'p> = Vec<(&'t str, &'p str)>;

impl Template {
    fn parse(source: &str) -> Result<Template, (String, Option<String>)> {
        if source.is_empty() {
            return Err(("the path is empty".into(), None));
        }
        if source.starts_with('/') || source.contains('\\') {
            return Err((
                format!("`{source}` is not a relative path with `/` separators"),
                Some("paths are relative to the folder that holds yizhi.toml".into()),
            ));
        }
        if source.split('/').any(|c| c == ".." || c == ".") {
            return Err((
                format!("`{source}` has a `.` or `..` component"),
                Some("paths are relative to the folder that holds yizhi.toml".into()),
            ));
        }
        let mut parts = Vec::new();
        let mut rest = source;
        if let Some(r) = rest.strip_prefix("**/") {
            parts.push(Part::AnyFolder);
            rest = r;
        }
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('{') {
                let Some(end) = r.find('}') else {
                    return Err((format!("unclosed `{{` in `{source}`"), None));
                };
                let name = &r[..end];
                let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                if !valid {
                    return Err((
                        format!("`{{{name}}}` is not a placeholder"),
                        Some("placeholders are lower-case names in braces, e.g. `{path}`".into()),
                    ));
                }
                if matches!(parts.last(), Some(Part::Placeholder(_))) {
                    return Err((
                        format!("two placeholders touch in `{source}`"),
                        Some("separate them with text, e.g. `{dir}/{name}`".into()),
                    ));
                }
                if parts
                    .iter()
                    .any(|p| matches!(p, Part::Placeholder(n) if n == name))
                {
                    return Err((format!("`{{{name}}}` appears twice in `{source}`"), None));
                }
                parts.push(Part::Placeholder(name.to_string()));
                rest = &r[end + 1..];
            } else {
                let end = rest.find(['{', '}']).unwrap_or(rest.len());
                if rest[end..].starts_with('}') {
                    return Err((format!("unmatched `}}` in `{source}`"), None));
                }
                if rest[..end].contains('*') {
                    return Err((
                        format!("`*` in `{source}`: only a leading `**/` is allowed"),
                        Some("use a placeholder such as `{path}` for the varying part".into()),
                    ));
                }
                parts.push(Part::Literal(rest[..end].to_string()));
                rest = &rest[end..];
            }
        }
        let literal_len = parts
            .iter()
            .map(|p| match p {
                Part::Literal(s) => s.len(),
                _ => 0,
            })
            .sum();
        Ok(Template {
            source: source.to_string(),
            parts,
            literal_len,
        })
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Placeholder(n) => Some(n.as_str()),
            Part::AnyFolder => Some("**/"),
            Part::Literal(_) => None,
        })
    }

    /// The values of the placeholders if `path` matches. A placeholder stands for one or
    /// more characters other than a line break, `**/` for whole folders; each takes as much as
    /// it can, the first first, as in a regular expression.
    fn captures<'p>(&self, path: &'p str) -> Option<Values<'_, 'p>> {
        // Most paths of a walk end otherwise than a template ("_E.txt", "/zh.txt").
        if let Some(Part::Literal(last)) = self.parts.last()
            && !path.ends_with(last.as_str())
        {
            return None;
        }
        let mut values = Vec::new();
        let mut failed = HashSet::new();
        self.match_from(0, path, 0, &mut values, &mut failed)
            .then_some(values)
    }

    /// Whether `parts[part..]` match `path[at..]`. `failed` remembers where they do not, so
    /// that no template takes more than parts × length² steps.
    fn match_from<'t, 'p>(
        &'t self,
        part: usize,
        path: &'p str,
        at: usize,
        values: &mut Values<'t, 'p>,
        failed: &mut HashSet<(usize, usize)>,
    ) -> bool {
        let Some(p) = self.parts.get(part) else {
            return at == path.len();
        };
        if failed.contains(&(part, at)) {
            return false;
        }
        let rest = &path[at..];
        let found = match p {
            Part::Literal(s) => {
                rest.starts_with(s.as_str())
                    && self.match_from(part + 1, path, at + s.len(), values, failed)
            }
            Part::Placeholder(name) => {
                let line = rest.find('\n').unwrap_or(rest.len());
                // Only where the literal after it starts may the placeholder end.
                let next = match self.parts.get(part + 1) {
                    Some(Part::Literal(next)) => Some(next.as_str()),
                    _ => None,
                };
                let ends = rest[..line]
                    .char_indices()
                    .map(|(i, c)| i + c.len_utf8())
                    .filter(|&end| next.is_none_or(|n| rest[end..].starts_with(n)));
                self.take_longest(part, path, at, name, ends.rev(), values, failed)
            }
            Part::AnyFolder => {
                let mut ends = vec![0];
                while let Some(slash) = rest[ends[ends.len() - 1]..].find('/').filter(|&s| s > 0) {
                    ends.push(ends[ends.len() - 1] + slash + 1);
                }
                self.take_longest(
                    part,
                    path,
                    at,
                    "**/",
                    ends.into_iter().rev(),
                    values,
                    failed,
                )
            }
        };
        if !found {
            failed.insert((part, at));
        }
        found
    }

    /// Gives `parts[part]` the first of `ends` (longest first) after which the rest matches.
    #[allow(clippy::too_many_arguments)]
    fn take_longest<'t, 'p>(
        &'t self,
        part: usize,
        path: &'p str,
        at: usize,
        name: &'t str,
        ends: impl Iterator<Item = usize>,
        values: &mut Values<'t, 'p>,
        failed: &mut HashSet<(usize, usize)>,
    ) -> bool {
        for end in ends {
            if self.match_from(part + 1, path, at + end, values, failed) {
                values.push((name, &path[at..at + end]));
                return true;
            }
        }
        false
    }

    fn fill(&self, values: &Values<'_, '_>) -> String {
        let value = |name: &str| {
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map_or("", |(_, v)| *v)
        };
        self.parts
            .iter()
            .map(|p| match p {
                Part::Literal(s) => s.as_str(),
                Part::Placeholder(n) => value(n),
                Part::AnyFolder => value("**/"),
            })
            .collect()
    }
}

fn list(names: &[&str]) -> String {
    if names.is_empty() {
        return "none".into();
    }
    names
        .iter()
        .map(|n| {
            if *n == "**/" {
                "`**/`".to_string()
            } else {
                format!("`{{{n}}}`")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counterpart(layouts: &[Layout], path: &str) -> Option<(Side, String)> {
        resolve(layouts, path).map(|r| (r.side, r.counterpart))
    }

    #[test]
    fn default_layouts() {
        let d = Layout::defaults();
        assert_eq!(
            counterpart(&d, "en/ga/71/14.txt"),
            Some((Side::En, "zh/ga/71/14.txt".into()))
        );
        assert_eq!(
            counterpart(&d, "docs/zh/a.txt"),
            Some((Side::Zh, "docs/en/a.txt".into()))
        );
        assert_eq!(
            counterpart(&d, "un/A_RES_71_14_C.txt"),
            Some((Side::Zh, "un/A_RES_71_14_E.txt".into()))
        );
        assert_eq!(
            counterpart(&d, "examples/A-RES-71-14/en.txt"),
            Some((Side::En, "examples/A-RES-71-14/zh.txt".into()))
        );
        assert_eq!(counterpart(&d, "zh.txt"), Some((Side::Zh, "en.txt".into())));
        assert_eq!(counterpart(&d, "README.md"), None);
        assert_eq!(counterpart(&d, "en/notes.md"), None);
        assert_eq!(counterpart(&d, "fr/a.txt"), None);
    }

    #[test]
    fn the_more_specific_template_wins() {
        let l = [Layout::new("{p}.txt", "{p}.zh.txt").unwrap()];
        assert_eq!(
            counterpart(&l, "a.zh.txt"),
            Some((Side::Zh, "a.txt".into()))
        );
        assert_eq!(
            counterpart(&l, "a.txt"),
            Some((Side::En, "a.zh.txt".into()))
        );
    }

    #[test]
    fn refuses_what_cannot_pair() {
        let err = |en, zh| Layout::new(en, zh).unwrap_err();
        assert!(
            err("en/{path}", "zh/{name}")
                .message
                .contains("same placeholders")
        );
        assert_eq!(err("en/{path}", "zh/{path").side, Side::Zh);
        assert!(err("{a}{b}.txt", "x").message.contains("touch"));
        assert!(err("en/*.txt", "zh/*.txt").message.contains("`*`"));
        assert!(err("../en/{p}", "zh/{p}").message.contains(".."));
        assert!(
            err("{Path}", "zh/{Path}")
                .message
                .contains("not a placeholder")
        );
        assert!(err("a/{p}", "a/{p}").message.contains("same"));
    }
}

#[cfg(test)]
mod equivalence {
    use super::*;
    use proptest::prelude::*;

    /// The template as a regular expression with the same greedy, first-first semantics.
    fn as_regex(t: &Template) -> regex::Regex {
        let mut pattern = String::from("^");
        for part in &t.parts {
            match part {
                Part::Literal(s) => pattern.push_str(&regex::escape(s)),
                Part::Placeholder(_) => pattern.push_str("([^\n]+)"),
                Part::AnyFolder => pattern.push_str("((?:[^/]+/)*)"),
            }
        }
        pattern.push('$');
        regex::Regex::new(&pattern).expect("a valid pattern")
    }

    proptest! {
        /// The matcher takes what a backtracking regular expression takes, on paths built
        /// from the characters templates are made of.
        #[test]
        fn templates_match_as_regular_expressions_do(
            path in "[ab/_EC.tx\n]{0,14}",
            which in 0usize..6,
        ) {
            let sources = [
                "**/en/{path}.txt", "{path}_E.txt", "**/zh.txt", "{a}/{b}.txt", "{a}_{b}",
                "**/{a}.t",
            ];
            let t = Template::parse(sources[which]).expect("a valid template");
            let got = t.captures(&path).map(|v| {
                let mut v: Vec<String> = v.iter().rev().map(|(_, s)| s.to_string()).collect();
                v.sort();
                v
            });
            let expected = as_regex(&t).captures(&path).map(|c| {
                let mut v: Vec<String> = c.iter().skip(1).map(|m| m.map_or("", |m| m.as_str()).to_string()).collect();
                v.sort();
                v
            });
            prop_assert_eq!(got, expected);
        }
    }
}
