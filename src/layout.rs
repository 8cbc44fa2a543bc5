//! Layouts: how an English file's path maps to its Chinese counterparts', and back.
//!
//! A layout is an English path template and one or more Chinese ones, relative to the project
//! root, such as `en/{path}.txt` ↔ `zh/{path}.txt` or `{path}_E.txt` ↔ `{path}_C.txt`. A
//! placeholder `{name}` stands for one or more characters, `/` included; a leading `**/` for
//! any folder, or none; `{md,txt}` for one of the texts listed. A path that matches one
//! template has its counterparts where the templates of the other language, filled with the
//! same values, point. Owns only this string matching: it never touches the file system.

use std::collections::HashSet;

use crate::diagnostic::Side;

/// The extensions the built-in layouts pair.
const EXT: &str = "{txt,md,mdx,markdown,json,yaml,yml,po}";

/// The Chinese language tags the built-in layouts know, in order of preference: where none
/// exists, the first is the counterpart reported missing.
const ZH_TAGS: &[&str] = &[
    "zh", "zh-CN", "zh-cn", "zh_CN", "zh-Hans", "zh-hans", "zh-TW", "zh-tw", "zh_TW", "zh-HK",
    "zh-hk", "zh-Hant", "zh-hant",
];

/// The Chinese names of a README beside the English `README`.
const README_ZH: &[&str] = &[
    "README.zh-CN",
    "README_zh-CN",
    "README-zh-CN",
    "README.zh",
    "README_zh",
    "README-zh",
    "README_CN",
    "README-CN",
    "README.zh-Hans",
    "README.zh-TW",
    "README_zh-TW",
    "README.zh-Hant",
];

/// One built-in layout, as a `[[pair]]` of yizhi.toml would declare it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    pub en: String,
    pub zh: Vec<String>,
    /// Whether an English file none of whose counterparts exists is reported.
    pub report_missing: bool,
}

/// What the built-in layouts (used when yizhi.toml declares no `[[pair]]`) pair, in order:
/// language folders anywhere (`en/` ↔ `zh/`, `zh-CN/`, `zh-TW/`, …); a README and its
/// translations beside it; language suffixes (`X.en.md` ↔ `X.zh.md`, `X.en-US.md` ↔ `X.zh-CN.md`, …);
/// UN-style `_E`/`_C` suffixes; and files named by their language in one folder (`en.txt` ↔
/// `zh.txt`, `locales/en.json` ↔ `locales/zh-CN.json`). docs/layouts.md lists them.
pub fn defaults() -> Vec<Spec> {
    let each = |f: &dyn Fn(&str) -> String| ZH_TAGS.iter().map(|t| f(t)).collect::<Vec<_>>();
    vec![
        Spec {
            en: format!("**/en/{{path}}.{EXT}"),
            zh: each(&|t| format!("**/{t}/{{path}}.{EXT}")),
            report_missing: true,
        },
        Spec {
            en: "**/README.{md,markdown,txt}".into(),
            zh: README_ZH
                .iter()
                .map(|n| format!("**/{n}.{{md,markdown,txt}}"))
                .collect(),
            report_missing: false,
        },
        Spec {
            en: format!("{{path}}.en.{EXT}"),
            zh: each(&|t| format!("{{path}}.{t}.{EXT}")),
            report_missing: true,
        },
        Spec {
            en: format!("{{path}}.en-US.{EXT}"),
            zh: each(&|t| format!("{{path}}.{t}.{EXT}")),
            report_missing: true,
        },
        Spec {
            en: "{path}_E.txt".into(),
            zh: vec!["{path}_C.txt".into()],
            report_missing: true,
        },
        Spec {
            en: format!("**/en.{EXT}"),
            zh: each(&|t| format!("**/{t}.{EXT}")),
            report_missing: true,
        },
    ]
}

#[derive(Debug)]
pub struct Layout {
    en: Template,
    zh: Vec<Template>,
    report_missing: bool,
    /// The extensions its paths may have, when every template says (`txt` for `{p}_E.txt`):
    /// a path with another is no business of this layout, whatever its templates.
    extensions: Option<Vec<String>>,
}

/// Why a template is refused, and which: the English one, or the Chinese one at `index`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutError {
    pub side: Side,
    pub index: usize,
    pub message: String,
    pub help: Option<String>,
}

/// The side a path belongs to under the layouts, and where its counterparts may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub side: Side,
    /// For an English file, its Chinese counterparts in order of preference; for a Chinese
    /// file, its English one (or, when several layouts claim it, each of theirs).
    pub counterparts: Vec<Candidate>,
}

/// One counterpart a layout points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub path: String,
    /// The layout that points to it, and the Chinese template of that layout the pair goes
    /// through: see [`Layout::describe`].
    pub layout: usize,
    pub variant: usize,
    /// Whether its absence is reported (for a Chinese counterpart: the layout's
    /// `report-missing`; an English counterpart's always is).
    pub report_missing: bool,
    /// The language folder the counterpart would be in (`docs/zh-CN/`), when its template
    /// names one: a Chinese variant whose folder exists is expected to hold every file.
    pub folder: Option<String>,
}

impl Layout {
    pub fn new(en: &str, zh: &[&str], report_missing: bool) -> Result<Layout, LayoutError> {
        let refused = |side, index| {
            move |(message, help)| LayoutError {
                side,
                index,
                message,
                help,
            }
        };
        let en_t = Template::parse(en).map_err(refused(Side::En, 0))?;
        if zh.is_empty() {
            return Err(LayoutError {
                side: Side::Zh,
                index: 0,
                message: "no Chinese path".into(),
                help: Some("e.g. en = \"en/{path}.txt\", zh = \"zh/{path}.txt\"".into()),
            });
        }
        let mut zh_t = Vec::new();
        for (index, source) in zh.iter().enumerate() {
            let t = Template::parse(source).map_err(refused(Side::Zh, index))?;
            fn names(t: &Template) -> Vec<&str> {
                let mut v: Vec<&str> = t.names().collect();
                v.sort_unstable();
                v
            }
            if names(&en_t) != names(&t) {
                return Err(LayoutError {
                    side: Side::Zh,
                    index,
                    message: format!(
                        "`{source}` does not have the same placeholders as `{en}`: {} against {}",
                        list(&names(&t)),
                        list(&names(&en_t))
                    ),
                    help: Some(
                        "every placeholder (and a leading `**/`) must appear in both paths, so \
                         that each file has one counterpart"
                            .into(),
                    ),
                });
            }
            if en == *source {
                return Err(LayoutError {
                    side: Side::Zh,
                    index,
                    message: "the English and the Chinese path are the same".into(),
                    help: Some("e.g. en = \"en/{path}.txt\", zh = \"zh/{path}.txt\"".into()),
                });
            }
            zh_t.push(t);
        }
        let extensions = std::iter::once(&en_t)
            .chain(&zh_t)
            .map(Template::extensions)
            .collect::<Option<Vec<Vec<String>>>>()
            .map(|all| {
                let mut all: Vec<String> = all.into_iter().flatten().collect();
                all.sort_unstable();
                all.dedup();
                all
            });
        Ok(Layout {
            en: en_t,
            zh: zh_t,
            report_missing,
            extensions,
        })
    }

    /// The built-in layouts.
    pub fn defaults() -> Vec<Layout> {
        defaults()
            .iter()
            .map(|s| {
                let zh: Vec<&str> = s.zh.iter().map(String::as_str).collect();
                Layout::new(&s.en, &zh, s.report_missing).expect("the built-in layouts are valid")
            })
            .collect()
    }

    /// Where `path` (relative to the root, `/`-separated) belongs, if this layout (the
    /// `index`th) claims it. A path that an English and a Chinese template both match is taken
    /// by the one with more literal text: under `{p}.txt` ↔ `{p}.zh.txt`, `a.zh.txt` is
    /// Chinese.
    fn claim(&self, index: usize, path: &str) -> Option<Claim> {
        if let Some(extensions) = &self.extensions {
            let name = path.rsplit('/').next().unwrap_or(path);
            let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
            if !extensions.iter().any(|e| e == ext) {
                return None;
            }
        }
        let en = self.en.captures(path);
        let zh = self
            .zh
            .iter()
            .enumerate()
            .find_map(|(k, t)| t.captures(path).map(|c| (k, c)));
        let chinese = match (&en, &zh) {
            (Some(_), Some((k, _))) => self.zh[*k].literal_len > self.en.literal_len,
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (None, None) => return None,
        };
        if chinese {
            let (k, caps) = zh?;
            return Some(Claim {
                side: Side::Zh,
                counterparts: vec![Candidate {
                    path: self.en.fill(&caps),
                    layout: index,
                    variant: k,
                    report_missing: true,
                    folder: None,
                }],
            });
        }
        let caps = en?;
        Some(Claim {
            side: Side::En,
            counterparts: self
                .zh
                .iter()
                .enumerate()
                .map(|(k, t)| Candidate {
                    path: t.fill(&caps),
                    layout: index,
                    variant: k,
                    report_missing: self.report_missing,
                    folder: t.folder(&caps),
                })
                .collect(),
        })
    }

    pub fn en(&self) -> &str {
        &self.en.source
    }

    pub fn zh(&self) -> impl Iterator<Item = &str> {
        self.zh.iter().map(|t| t.source.as_str())
    }

    pub fn reports_missing(&self) -> bool {
        self.report_missing
    }

    /// The layout's English template and its `variant`th Chinese one: `en/{path}.txt ↔
    /// zh/{path}.txt`.
    /// A list of more than three texts is shown as `{…}`.
    pub fn describe(&self, variant: usize) -> String {
        let zh = self.zh.get(variant).unwrap_or(&self.zh[0]);
        format!("{} ↔ {}", self.en.short(), zh.short())
    }
}

/// How `layouts` claim `path`: the first layout that claims it decides its side, and every
/// layout that gives it that side adds its counterparts, in order, each path once.
pub fn resolve(layouts: &[Layout], path: &str) -> Option<Claim> {
    let mut claims = layouts
        .iter()
        .enumerate()
        .filter_map(|(i, l)| l.claim(i, path));
    let mut first = claims.next()?;
    for claim in claims {
        if claim.side != first.side {
            continue;
        }
        for c in claim.counterparts {
            if !first.counterparts.iter().any(|o| o.path == c.path) {
                first.counterparts.push(c);
            }
        }
    }
    Some(first)
}

#[derive(Debug)]
enum Part {
    Literal(String),
    Placeholder(String),
    /// `{md,txt}`: one of the texts listed, named by its source.
    Choice(String, Vec<String>),
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
                if name.contains(',') {
                    let alts: Vec<String> = name.split(',').map(str::to_string).collect();
                    if alts
                        .iter()
                        .any(|a| a.is_empty() || a.contains(['/', '*', '{']))
                    {
                        return Err((
                            format!("`{{{name}}}` is not a list of texts"),
                            Some("list the texts it may be, e.g. `{md,txt}`".into()),
                        ));
                    }
                    parts.push(Part::Choice(format!("{{{name}}}"), alts));
                    rest = &r[end + 1..];
                    continue;
                }
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
                Part::Choice(_, alts) => alts.iter().map(String::len).min().unwrap_or(0),
                _ => 0,
            })
            .sum();
        Ok(Template {
            source: source.to_string(),
            parts,
            literal_len,
        })
    }

    /// The extensions of the paths it matches, when it ends with one of its own: `.{md,txt}`,
    /// `_E.txt`.
    fn extensions(&self) -> Option<Vec<String>> {
        let n = self.parts.len();
        match (n.checked_sub(2).map(|i| &self.parts[i]), self.parts.last()?) {
            (Some(Part::Literal(dot)), Part::Choice(_, alts))
                if dot.ends_with('.') && alts.iter().all(|a| !a.contains('.')) =>
            {
                Some(alts.clone())
            }
            (_, Part::Literal(last)) => {
                let (_, ext) = last.rsplit_once('.')?;
                (!ext.is_empty() && !ext.contains('/')).then(|| vec![ext.to_string()])
            }
            _ => None,
        }
    }

    /// The source, with a list of more than three texts shown as `{…}`.
    fn short(&self) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Literal(s) => s.clone(),
                Part::Placeholder(n) => format!("{{{n}}}"),
                Part::Choice(_, alts) if alts.len() > 3 => "{…}".into(),
                Part::Choice(n, _) => n.clone(),
                Part::AnyFolder => "**/".into(),
            })
            .collect()
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Placeholder(n) | Part::Choice(n, _) => Some(n.as_str()),
            Part::AnyFolder => Some("**/"),
            Part::Literal(_) => None,
        })
    }

    /// The values of the placeholders if `path` matches. A placeholder stands for one or
    /// more characters other than a line break, `**/` for whole folders; each takes as much as
    /// it can, the first first, as in a regular expression.
    fn captures<'p>(&self, path: &'p str) -> Option<Values<'_, 'p>> {
        // Most paths of a walk lack a folder or suffix that the template names (`zh-CN/`,
        // `.en.`), or end otherwise ("_E.txt", "/zh.txt").
        if self
            .parts
            .iter()
            .any(|p| matches!(p, Part::Literal(s) if !path.contains(s.as_str())))
        {
            return None;
        }
        match self.parts.first() {
            Some(Part::Literal(first)) if !path.starts_with(first.as_str()) => return None,
            _ => {}
        }
        match self.parts.last() {
            Some(Part::Literal(last)) if !path.ends_with(last.as_str()) => return None,
            Some(Part::Choice(_, alts)) if !alts.iter().any(|a| path.ends_with(a.as_str())) => {
                return None;
            }
            _ => {}
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
                let next: Option<Vec<&str>> = match self.parts.get(part + 1) {
                    Some(Part::Literal(next)) => Some(vec![next.as_str()]),
                    Some(Part::Choice(_, alts)) => Some(alts.iter().map(String::as_str).collect()),
                    _ => None,
                };
                let ends = rest[..line]
                    .char_indices()
                    .map(|(i, c)| i + c.len_utf8())
                    .filter(|&end| {
                        next.as_ref()
                            .is_none_or(|n| n.iter().any(|n| rest[end..].starts_with(n)))
                    });
                self.take_longest(part, path, at, name, ends.rev(), values, failed)
            }
            Part::Choice(name, alts) => alts.iter().any(|a| {
                rest.starts_with(a.as_str())
                    && self.match_from(part + 1, path, at + a.len(), values, failed)
                    && {
                        values.push((name.as_str(), &path[at..at + a.len()]));
                        true
                    }
            }),
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
                Part::Placeholder(n) | Part::Choice(n, _) => value(n),
                Part::AnyFolder => value("**/"),
            })
            .collect()
    }

    /// The folder a template starting with a folder of its own (`**/zh-CN/{path}.md`,
    /// `chinese/{path}.txt`) puts its files in, filled with `values`: `docs/zh-CN/`.
    fn folder(&self, values: &Values<'_, '_>) -> Option<String> {
        let mut parts = self.parts.iter().peekable();
        let mut out = String::new();
        if let Some(Part::AnyFolder) = parts.peek() {
            parts.next();
            out.push_str(values.iter().find(|(n, _)| *n == "**/").map_or("", |v| v.1));
        }
        let Some(Part::Literal(s)) = parts.next() else {
            return None;
        };
        if !s.ends_with('/') || parts.peek().is_none() {
            return None;
        }
        out.push_str(s);
        Some(out)
    }
}

fn list(names: &[&str]) -> String {
    if names.is_empty() {
        return "none".into();
    }
    names
        .iter()
        .map(|n| {
            if *n == "**/" || n.starts_with('{') {
                format!("`{n}`")
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

    /// The side `path` is on, and its counterparts.
    fn claim(layouts: &[Layout], path: &str) -> Option<(Side, Vec<String>)> {
        resolve(layouts, path)
            .map(|c| (c.side, c.counterparts.into_iter().map(|c| c.path).collect()))
    }

    fn counterpart(layouts: &[Layout], path: &str) -> Option<(Side, String)> {
        claim(layouts, path).map(|(side, c)| (side, c[0].clone()))
    }

    fn tagged(f: impl Fn(&str) -> String) -> Vec<String> {
        ZH_TAGS.iter().map(|t| f(t)).collect()
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
        assert_eq!(counterpart(&d, "en/notes.rs"), None);
        assert_eq!(counterpart(&d, "fr/a.txt"), None);
        assert_eq!(counterpart(&d, "CHANGELOG.md"), None);
        // Every Chinese folder beside an `en/` folder, anywhere, in every format read.
        assert_eq!(
            claim(&d, "content/en/post/a.md"),
            Some((Side::En, tagged(|t| format!("content/{t}/post/a.md"))))
        );
        assert_eq!(
            counterpart(&d, "i18n/zh-Hant/a.mdx"),
            Some((Side::Zh, "i18n/en/a.mdx".into()))
        );
        assert_eq!(
            counterpart(&d, "locale/zh_CN/LC_MESSAGES/app.po"),
            Some((Side::Zh, "locale/en/LC_MESSAGES/app.po".into()))
        );
        assert_eq!(
            claim(&d, "guide/intro.en.md"),
            Some((Side::En, tagged(|t| format!("guide/intro.{t}.md"))))
        );
        assert_eq!(
            counterpart(&d, "guide/intro.zh-CN.md"),
            Some((Side::Zh, "guide/intro.en.md".into()))
        );
        assert_eq!(
            claim(&d, "guide/intro.zh-CN.md").unwrap().1,
            ["guide/intro.en.md", "guide/intro.en-US.md"]
        );
        assert_eq!(
            counterpart(&d, "guide/intro.en-US.markdown"),
            Some((Side::En, "guide/intro.zh.markdown".into()))
        );
        assert_eq!(
            claim(&d, "src/locales/en.json"),
            Some((Side::En, tagged(|t| format!("src/locales/{t}.json"))))
        );
        assert_eq!(
            counterpart(&d, "config/locales/zh-CN.yml"),
            Some((Side::Zh, "config/locales/en.yml".into()))
        );
        // A README's translations beside it; a README in a language folder is in that language.
        let readme = claim(&d, "README.md").unwrap();
        assert_eq!(readme.0, Side::En);
        assert!(readme.1.contains(&"README.zh-CN.md".to_string()));
        assert!(readme.1.contains(&"README_zh.md".to_string()));
        assert!(readme.1.contains(&"README.zh.md".to_string()));
        assert_eq!(
            claim(&d, "README.zh-CN.md").unwrap().1,
            ["README.md", "README.en.md", "README.en-US.md"]
        );
        assert_eq!(
            counterpart(&d, "README_zh.md"),
            Some((Side::Zh, "README.md".into()))
        );
        assert_eq!(
            counterpart(&d, "docs/zh/README.md"),
            Some((Side::Zh, "docs/en/README.md".into()))
        );
        let en_readme = claim(&d, "docs/en/README.md").unwrap().1;
        assert_eq!(en_readme[0], "docs/zh/README.md");
        assert!(en_readme.contains(&"docs/en/README.zh-CN.md".to_string()));
    }

    #[test]
    fn only_a_readme_may_lack_its_translation() {
        let d = Layout::defaults();
        let reported = |path: &str| {
            resolve(&d, path)
                .unwrap()
                .counterparts
                .iter()
                .any(|c| c.report_missing)
        };
        assert!(!reported("README.md"));
        assert!(reported("README.zh-CN.md"));
        assert!(reported("en/a.md"));
        assert!(reported("en/README.md"));
        assert!(reported("a.en.md"));
    }

    #[test]
    fn a_chinese_folder_is_where_its_template_says() {
        let d = Layout::defaults();
        let c = resolve(&d, "docs/en/a/b.md").unwrap();
        assert_eq!(c.counterparts[1].folder.as_deref(), Some("docs/zh-CN/"));
        let c = resolve(&d, "en/b.md").unwrap();
        assert_eq!(c.counterparts[0].folder.as_deref(), Some("zh/"));
        let c = resolve(&d, "a_E.txt").unwrap();
        assert_eq!(c.counterparts[0].folder, None);
        let l = [Layout::new("english/{p}.txt", &["chinese/{p}.txt", "zh-{p}.txt"], true).unwrap()];
        let c = resolve(&l, "english/x/y.txt").unwrap();
        assert_eq!(c.counterparts[0].folder.as_deref(), Some("chinese/"));
        assert_eq!(c.counterparts[1].folder, None);
    }

    #[test]
    fn a_layout_looks_only_at_the_extensions_its_templates_end_with() {
        let ext = |en: &str, zh: &str| Layout::new(en, &[zh], true).unwrap().extensions;
        assert_eq!(
            ext("en/{p}.{md,txt}", "zh/{p}.{md,txt}"),
            Some(vec!["md".into(), "txt".into()])
        );
        assert_eq!(ext("{p}_E.txt", "{p}_C.txt"), Some(vec!["txt".into()]));
        assert_eq!(ext("{p}_E.tar.gz", "{p}_C.tar.gz"), Some(vec!["gz".into()]));
        assert_eq!(ext("en/{p}", "zh/{p}"), None);
        assert_eq!(ext("en/{p}.{a.b,c}", "zh/{p}.{a.b,c}"), None);
        assert_eq!(ext("en/{p}.", "zh/{p}."), None);
        let l = [Layout::new("{p}_E.tar.gz", &["{p}_C.tar.gz"], true).unwrap()];
        assert_eq!(
            counterpart(&l, "a/b_E.tar.gz"),
            Some((Side::En, "a/b_C.tar.gz".into()))
        );
        let d = Layout::defaults();
        assert_eq!(counterpart(&d, "en/a.rs"), None);
        assert_eq!(
            counterpart(&d, "en/a.b.md"),
            Some((Side::En, "zh/a.b.md".into()))
        );
    }

    #[test]
    fn a_list_of_texts_is_carried_to_the_counterpart() {
        let l = [Layout::new("en/{p}.{md,txt}", &["zh/{p}.{md,txt}"], true).unwrap()];
        assert_eq!(
            counterpart(&l, "en/a.md"),
            Some((Side::En, "zh/a.md".into()))
        );
        assert_eq!(
            counterpart(&l, "zh/a.b.txt"),
            Some((Side::Zh, "en/a.b.txt".into()))
        );
        assert_eq!(counterpart(&l, "en/a.rs"), None);
        assert!(
            Layout::new("en/{p}.{md,txt}", &["zh/{p}.{md}"], true)
                .unwrap_err()
                .message
                .contains("same placeholders")
        );
        assert!(
            Layout::new("en/{p}.{md,}", &["zh/{p}.{md,}"], true)
                .unwrap_err()
                .message
                .contains("not a list")
        );
    }

    #[test]
    fn the_more_specific_template_wins() {
        let l = [Layout::new("{p}.txt", &["{p}.zh.txt"], true).unwrap()];
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
        let err = |en, zh| Layout::new(en, &[zh], true).unwrap_err();
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
                Part::Choice(_, alts) => {
                    let alts: Vec<String> = alts.iter().map(|a| regex::escape(a)).collect();
                    pattern.push_str(&format!("({})", alts.join("|")));
                }
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
            which in 0usize..8,
        ) {
            let sources = [
                "**/en/{path}.txt", "{path}_E.txt", "**/zh.txt", "{a}/{b}.txt", "{a}_{b}",
                "**/{a}.t", "{a}.{t,tx}", "{a}{b,ab}/{c}",
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
