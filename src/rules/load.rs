//! Loading rule files: the embedded defaults, then the user's. Every problem becomes a
//! [`RuleError`] pointing at the offending value in its file.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;

use super::define;
use super::matcher::{self, Matcher};
use super::schema::{ArtefactSpec, BlockSpec, PatternSpec, RuleFile, RuleSpec};
use super::syntax;
use super::*;
use crate::normalize::Normaliser;

/// The default rules, compiled into the binary so it works from any directory.
pub const EMBEDDED_FILES: &[(&str, &str)] = &[
    (
        "rules/structure.toml",
        include_str!("../../rules/structure.toml"),
    ),
    ("rules/dates.toml", include_str!("../../rules/dates.toml")),
    (
        "rules/symbols.toml",
        include_str!("../../rules/symbols.toml"),
    ),
    (
        "rules/footnotes.toml",
        include_str!("../../rules/footnotes.toml"),
    ),
    (
        "rules/ordinals.toml",
        include_str!("../../rules/ordinals.toml"),
    ),
    (
        "rules/numbers.toml",
        include_str!("../../rules/numbers.toml"),
    ),
    (
        "rules/paragraphs.toml",
        include_str!("../../rules/paragraphs.toml"),
    ),
    ("rules/files.toml", include_str!("../../rules/files.toml")),
    (
        "rules/suppression.toml",
        include_str!("../../rules/suppression.toml"),
    ),
];

/// Limits that keep an untrusted rule file from making the engine do unbounded work
/// (documented in the README's security section): the size of a rule file, the length of a
/// pattern, its compiled size and the size of its lazy DFA's cache, and the number of patterns
/// in the user's files together. The built-in patterns compile to under 64 KiB each.
pub const MAX_RULE_FILE_BYTES: u64 = 1024 * 1024;
pub const MAX_PATTERN_CHARS: usize = 4096;
pub const REGEX_SIZE_LIMIT: usize = 256 * 1024;
pub const DFA_SIZE_LIMIT: usize = 2 * 1024 * 1024;
pub const MAX_USER_PATTERNS: usize = 256;

const DATE_FIELDS: &[&str] = &["day", "month", "year", "day2", "month2", "year2"];

/// Loads the embedded rules, then each user file in order.
/// An error in a user's file whose name does not end in `.toml` (symbolic links resolved) is
/// told without quoting it: see [`crate::toml_error::InvalidToml::redact`].
pub fn load(user_files: &[String]) -> Result<RuleSet, RuleError> {
    let mut texts = Vec::with_capacity(user_files.len());
    for path in user_files {
        texts.push((path.clone(), read_rule_file(path)?));
    }
    load_texts(&texts).map_err(|e| match e {
        RuleError::Invalid(invalid)
            if user_files.iter().any(|f| {
                f == invalid.file_name() && !crate::toml_error::may_quote(std::path::Path::new(f))
            }) =>
        {
            RuleError::Invalid(Box::new(invalid.redact("a rule file (TOML)")))
        }
        e => e,
    })
}

/// Reads a rule file, read-only and at most [`MAX_RULE_FILE_BYTES`] of it.
fn read_rule_file(path: &str) -> Result<String, RuleError> {
    let fail = |reason: String| RuleError::Read {
        path: path.to_string(),
        reason,
    };
    let (bytes, _) = crate::bounded::read(std::path::Path::new(path), MAX_RULE_FILE_BYTES)
        .map_err(|e| fail(e.reason("a rule file", MAX_RULE_FILE_BYTES)))?;
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        fail(format!(
            "not valid UTF-8: bad byte at offset {} (line {line}, column {column})",
            good.len()
        ))
    })
}

/// Loads the embedded rules, then rule files given as (name, text) — for callers that hold
/// them in memory (tests, fuzzing, an editor). Errors name the files by these names.
pub fn load_texts(user_files: &[(String, String)]) -> Result<RuleSet, RuleError> {
    let mut sources: Vec<RuleSource> = EMBEDDED_FILES
        .iter()
        .map(|(name, text)| RuleSource {
            name: Arc::from(*name),
            text: Arc::from(*text),
            built_in: true,
        })
        .collect();
    for (name, text) in user_files {
        sources.push(RuleSource {
            name: Arc::from(name.as_str()),
            text: Arc::from(text.as_str()),
            built_in: false,
        });
    }
    // Files are parsed first, so that the patterns of the user's files are counted before
    // any is compiled. Built-in patterns compile later, when a text needs them.
    let files: Vec<Result<RuleFile, RuleError>> = {
        use rayon::prelude::*;
        sources.par_iter().map(parse_file).collect()
    };
    let mut parsed = Vec::with_capacity(sources.len());
    let mut user_patterns = 0;
    for (k, (source, file)) in sources.iter().zip(files).enumerate() {
        let mut file = file?;
        if k >= EMBEDDED_FILES.len() {
            for span in pattern_spans(&mut file) {
                user_patterns += 1;
                if user_patterns > MAX_USER_PATTERNS {
                    return Err(source.error(
                        span,
                        format!("more than {MAX_USER_PATTERNS} patterns in the rule files"),
                        "one pattern too many",
                        Some(
                            "each pattern runs over every paragraph; merge patterns with `|`"
                                .into(),
                        ),
                    ));
                }
            }
        }
        parsed.push(file);
    }
    let compiled: Vec<Result<CompiledFile, RuleError>> = sources
        .iter()
        .zip(parsed)
        .map(|(source, file)| compile_file(source, file))
        .collect();
    let mut set = RuleSet::default();
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut pending_markers = Vec::new();
    for (source, file) in sources.iter().zip(compiled) {
        let file = file?;
        set.structure.artefacts.extend(file.artefacts);
        set.structure.blocks.extend(file.blocks);
        set.structure.openers.extend(file.openers);
        for (id, markers, rule) in file.rules {
            if let Some(first) = seen.get(id.get_ref()) {
                return Err(source.error(
                    id.span(),
                    format!("duplicate rule id `{}`", id.get_ref()),
                    "already defined",
                    Some(format!(
                        "the first definition is in {first}; pick another id"
                    )),
                ));
            }
            seen.insert(id.get_ref().clone(), source.name.to_string());
            if let Some(m) = markers {
                pending_markers.push((set.rules.len(), m, source.clone()));
            }
            set.rules.push(rule);
        }
    }
    for (index, name, source) in pending_markers {
        let target = set.rules.iter().position(|r| r.id == *name.get_ref());
        match target {
            Some(t) if set.rules[t].check.extracts() => set.rules[index].markers = Some(t),
            _ => {
                return Err(source.error(
                    name.span(),
                    format!("`markers` names no extracting rule `{}`", name.get_ref()),
                    "unknown rule",
                    Some("name a rule with check = \"values\" that finds footnote markers".into()),
                ));
            }
        }
    }
    // Stable sort: equal priorities keep file order. Marker indices must follow the move.
    let mut order: Vec<usize> = (0..set.rules.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(set.rules[i].priority));
    let mut new_index = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut slots: Vec<Option<Rule>> = set.rules.drain(..).map(Some).collect();
    set.rules = order
        .iter()
        .map(|&old| {
            let mut r = slots[old].take().expect("each rule is moved once");
            r.markers = r.markers.map(|m| new_index[m]);
            r
        })
        .collect();
    set.seal();
    Ok(set)
}

/// One rule file, compiled: each rule with its id and `markers` (kept with their spans for
/// the checks that need every file).
struct CompiledFile {
    artefacts: Vec<Artefact>,
    blocks: Vec<BlockPattern>,
    openers: Vec<Opener>,
    rules: Vec<(Spanned<String>, Option<Spanned<String>>, Rule)>,
}

/// Parses a rule file, its patterns' fragments expanded (see [`define`]).
fn parse_file(source: &RuleSource) -> Result<RuleFile, RuleError> {
    let mut file: RuleFile = toml::from_str(&source.text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        source.error(span, e.message().trim().to_string(), "here", None)
    })?;
    let defined = std::mem::take(&mut file.define);
    for regex in regexes(&mut file) {
        let expanded = define::expand(regex.get_ref(), &defined)
            .map_err(|e| source.error(regex.span(), e.message, "this pattern", Some(e.help)))?;
        if let std::borrow::Cow::Owned(expanded) = expanded {
            *regex = Spanned::new(regex.span(), expanded);
        }
    }
    Ok(file)
}

/// Every regular expression of a file: each artefact's and block's pattern and `unless`,
/// each rule pattern's `pattern`, `unless` and `then`.
fn regexes(file: &mut RuleFile) -> Vec<&mut Spanned<String>> {
    let mut all = Vec::new();
    all.extend(file.artefact.iter_mut().map(|a| &mut a.pattern));
    for b in &mut file.block {
        all.push(&mut b.pattern);
        all.extend(b.unless.as_mut());
    }
    for p in file
        .rule
        .iter_mut()
        .flat_map(|r| r.en.iter_mut().chain(&mut r.zh))
    {
        all.push(&mut p.pattern);
        all.extend(p.unless.as_mut());
        all.extend(p.then.as_mut());
    }
    all
}

/// The span of every regular expression in a file, in file order.
fn pattern_spans(file: &mut RuleFile) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = regexes(file).iter().map(|r| r.span()).collect();
    spans.sort_by_key(|s| s.start);
    spans
}

fn compile_file(source: &RuleSource, file: RuleFile) -> Result<CompiledFile, RuleError> {
    Ok(CompiledFile {
        artefacts: file
            .artefact
            .into_iter()
            .map(|spec| artefact(source, spec))
            .collect::<Result<_, _>>()?,
        blocks: file
            .block
            .into_iter()
            .map(|spec| block(source, spec))
            .collect::<Result<_, _>>()?,
        openers: file
            .opener
            .into_iter()
            .map(|spec| Opener {
                en: spec.en,
                zh: spec.zh,
            })
            .collect(),
        rules: file
            .rule
            .into_iter()
            .map(|spec| {
                let (id, markers) = (spec.id.clone(), spec.markers.clone());
                rule(source, spec).map(|r| (id, markers, r))
            })
            .collect::<Result<_, _>>()?,
    })
}

fn rule(source: &RuleSource, spec: RuleSpec) -> Result<Rule, RuleError> {
    let id = spec.id.get_ref();
    if !is_kebab(id) {
        return Err(source.error(
            spec.id.span(),
            format!("rule id `{id}` is not kebab-case"),
            "not kebab-case",
            Some("use lower-case words joined by hyphens, e.g. `treaty-volume-mismatch`".into()),
        ));
    }
    let (check, scope, value, blocks) =
        (*spec.check.get_ref(), spec.scope, spec.value, spec.blocks);
    if check.extracts() && check != Check::Ignore && (spec.en.is_empty() || spec.zh.is_empty()) {
        return Err(source.error(
            spec.id.span(),
            format!("rule `{id}` compares values but lacks patterns for one language"),
            "needs [[rule.en]] and [[rule.zh]]",
            Some("add at least one pattern for each language".into()),
        ));
    }
    if check == Check::FootnoteLinks && spec.markers.is_none() {
        return Err(source.error(
            spec.check.span(),
            format!("rule `{id}` checks footnote links but names no `markers` rule"),
            "needs `markers = \"<rule id>\"`",
            None,
        ));
    }
    // The first error in file order is the one reported.
    let compile_all = |patterns: Vec<PatternSpec>| -> Result<Vec<Pattern>, RuleError> {
        patterns
            .into_iter()
            .map(|p| pattern(source, p, value))
            .collect()
    };
    Ok(Rule {
        id: id.clone(),
        summary: spec.summary,
        severity: spec.severity,
        check,
        scope,
        value,
        blocks,
        priority: spec.priority,
        docs: spec.docs,
        help: spec.help,
        markers: None,
        optional_below: spec.optional_below,
        masthead: spec.masthead,
        en: compile_all(spec.en)?,
        zh: compile_all(spec.zh)?,
        examples: spec
            .example
            .into_iter()
            .map(|e| Example {
                en: e.en,
                zh: e.zh,
                expect: e.expect,
            })
            .collect(),
        origin: source.name.to_string(),
    })
}

fn pattern(
    source: &RuleSource,
    mut spec: PatternSpec,
    value: ValueKind,
) -> Result<Pattern, RuleError> {
    // The continuation is a pattern of its own, with the same normalisers and constants.
    let then = match spec.then.take() {
        None => None,
        Some(t) => Some(Box::new(pattern(
            source,
            PatternSpec {
                // Anchored: it must match right where the value before it ended.
                pattern: toml::Spanned::new(t.span(), syntax::anchored(t.get_ref())),
                unless: None,
                normalise: spec.normalise.clone(),
                fields: spec.fields.clone(),
                optional: spec.optional,
                lowercase: spec.lowercase,
                then: None,
            },
            value,
        )?)),
    };
    let (regex, captures) = compile(source, &spec.pattern)?;
    let normalise = spec.normalise.map(|n| (n.span(), n.into_inner()));
    // `span`, when present, only says what to underline; every other named capture is a field.
    let span_group = captures.iter().position(|n| n.as_deref() == Some("span"));
    let names: Vec<(usize, &str)> = captures
        .iter()
        .enumerate()
        .filter_map(|(i, n)| n.as_deref().filter(|&n| n != "span").map(|n| (i, n)))
        .collect();
    if let Some((span, map)) = &normalise {
        for (capture, norm) in map {
            if !names.iter().any(|(_, n)| n == capture) {
                return Err(source.error(
                    span.clone(),
                    format!(
                        "`normalise` names capture `{capture}`, which the pattern does not have"
                    ),
                    "unknown capture",
                    Some(format!(
                        "the pattern's named captures are: {}",
                        list(names.iter().map(|(_, n)| *n))
                    )),
                ));
            }
            if Normaliser::from_name(norm.get_ref()).is_none() {
                return Err(source.error(
                    norm.span(),
                    format!("unknown normaliser `{}`", norm.get_ref()),
                    "unknown normaliser",
                    Some(format!(
                        "known normalisers: {}",
                        list(Normaliser::ALL.iter().map(|(n, _)| *n))
                    )),
                ));
            }
        }
    }
    if value == ValueKind::Date {
        if let Some((_, bad)) = names.iter().find(|(_, n)| !DATE_FIELDS.contains(n)) {
            return Err(source.error(
                spec.pattern.span(),
                format!("a date pattern has capture `{bad}`, which a date does not have"),
                "unexpected capture",
                Some(format!("date captures are: {}", DATE_FIELDS.join(", "))),
            ));
        }
        if !names
            .iter()
            .any(|(_, n)| n.starts_with("year") || n.starts_with("month"))
        {
            return Err(source.error(
                spec.pattern.span(),
                "a date pattern needs a `year` or `month` capture",
                "no year or month",
                None,
            ));
        }
    }
    let fields = names
        .iter()
        .map(|&(i, name)| {
            let chosen = normalise
                .as_ref()
                .and_then(|(_, m)| m.get(name))
                .and_then(|n| Normaliser::from_name(n.get_ref()));
            let default = match value {
                ValueKind::Date => Normaliser::ZhNumber,
                ValueKind::Number if name == "number" => Normaliser::Number,
                ValueKind::Number | ValueKind::Fields => Normaliser::Text,
            };
            (i, name.to_string(), chosen.unwrap_or(default))
        })
        .collect();
    if value == ValueKind::Number && !names.iter().any(|(_, n)| *n == "number") {
        return Err(source.error(
            spec.pattern.span(),
            "a number pattern needs a `number` capture",
            "no (?P<number>…) capture",
            None,
        ));
    }
    let constants = spec
        .fields
        .map(|f| f.into_inner().into_iter().collect())
        .unwrap_or_default();
    Ok(Pattern {
        then,
        constants,
        optional: spec.optional,
        lowercase: spec.lowercase,
        unless: spec
            .unless
            .as_ref()
            .map(|u| compile(source, u).map(|(m, _)| m))
            .transpose()?,
        regex,
        fields,
        span_group,
    })
}

fn artefact(source: &RuleSource, spec: ArtefactSpec) -> Result<Artefact, RuleError> {
    Ok(Artefact {
        name: spec.name,
        regex: compile(source, &spec.pattern)?.0,
        langs: spec.lang.into(),
        extent: spec.extent,
    })
}

fn block(source: &RuleSource, spec: BlockSpec) -> Result<BlockPattern, RuleError> {
    let kind = spec.kind;
    let (regex, captures) = compile(source, &spec.pattern)?;
    let numbered = matches!(
        kind,
        BlockPatternKind::Operative | BlockPatternKind::SubParagraph | BlockPatternKind::Footnote
    );
    if numbered && !captures.iter().any(|n| n.as_deref() == Some("n")) {
        return Err(source.error(
            spec.pattern.span(),
            "a numbered block pattern (operative, sub-paragraph, footnote) needs a capture `n` \
             for its number",
            "no (?P<n>…) capture",
            None,
        ));
    }
    Ok(BlockPattern {
        kind,
        langs: spec.lang.into(),
        regex,
        unless: spec
            .unless
            .as_ref()
            .map(|u| compile(source, u).map(|(m, _)| m))
            .transpose()?,
    })
}

/// A pattern's matcher and capture names. A user's pattern is compiled now, so that every
/// error shows at load; a built-in one when first needed.
fn compile(
    source: &RuleSource,
    pattern: &Spanned<String>,
) -> Result<(Matcher, Vec<Option<String>>), RuleError> {
    let text = pattern.get_ref();
    if source.built_in {
        // Worked out ahead (rules/facts.tsv); the rule tests compile every built-in pattern.
        let facts = match built_in_facts().get(&syntax::key(text)) {
            Some(facts) => facts.clone(),
            None => syntax::facts(text).map_err(|e| {
                let help = Some(e.to_string());
                source.error(
                    pattern.span(),
                    "invalid regular expression",
                    "this pattern",
                    help,
                )
            })?,
        };
        let names = facts.names.clone();
        return Ok((Matcher::lazy(text.clone(), facts), names));
    }
    if text.chars().count() > MAX_PATTERN_CHARS {
        return Err(source.error(
            pattern.span(),
            format!("pattern is longer than {MAX_PATTERN_CHARS} characters"),
            "too long",
            Some("split it into several patterns".into()),
        ));
    }
    let regex = matcher::build(text).map_err(|e| {
        let (message, help) = match (e.size_limit(), e.syntax_error()) {
            (Some(limit), _) => (
                format!("pattern compiles to more than {limit} bytes"),
                Some("simplify it: bounded repetitions such as {1000} multiply its size".into()),
            ),
            (None, Some(syntax)) => (
                "invalid regular expression".to_string(),
                Some(syntax.to_string()),
            ),
            (None, None) => (
                "invalid regular expression".to_string(),
                Some(e.to_string()),
            ),
        };
        source.error(pattern.span(), message, "this pattern", help)
    })?;
    let names = regex
        .group_info()
        .pattern_names(regex_automata::PatternID::ZERO)
        .map(|n| n.map(str::to_string))
        .collect();
    let trigger = syntax::facts(text).map(|f| f.trigger).unwrap_or_default();
    Ok((Matcher::compiled(text.clone(), regex, trigger), names))
}

/// The facts of the built-in patterns, by key (see `syntax::table`).
fn built_in_facts() -> &'static HashMap<u64, syntax::Facts> {
    static FACTS: std::sync::OnceLock<HashMap<u64, syntax::Facts>> = std::sync::OnceLock::new();
    FACTS.get_or_init(|| syntax::read_table(include_str!("../../rules/facts.tsv")))
}

fn list<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && id.starts_with(|c: char| c.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of rules/ is embedded.
    #[test]
    fn every_rule_file_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
        let mut in_dir: Vec<String> = std::fs::read_dir(dir)
            .expect("rules/ is readable")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".toml"))
            .map(|n| format!("rules/{n}"))
            .collect();
        in_dir.sort();
        let mut embedded: Vec<String> = EMBEDDED_FILES.iter().map(|(n, _)| n.to_string()).collect();
        embedded.sort();
        assert_eq!(in_dir, embedded);
    }

    /// rules/facts.tsv holds the facts of exactly the built-in patterns. With
    /// `YIZHI_WRITE_FACTS=1`, the test writes it instead.
    #[test]
    fn the_built_in_facts_are_fresh() {
        let rules = load_texts(&[]).expect("the built-in rules load");
        let table = syntax::table(rules.patterns().map(|(_, m)| m.as_str()));
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/facts.tsv");
        if std::env::var_os("YIZHI_WRITE_FACTS").is_some() {
            std::fs::write(path, &table).expect("rules/facts.tsv is writable");
        }
        assert!(
            table == include_str!("../../rules/facts.tsv"),
            "rules/facts.tsv is stale: run `YIZHI_WRITE_FACTS=1 cargo test --lib facts_are_fresh`"
        );
    }

    /// Built-in patterns compile only when a text needs them: every one must compile, with
    /// the capture names its facts list.
    #[test]
    fn every_built_in_pattern_compiles_with_the_names_of_its_facts() {
        let rules = load_texts(&[]).expect("the built-in rules load");
        assert!(rules.patterns().count() > 100);
        for (_, m) in rules.patterns() {
            let source = m.as_str();
            let built = built_in_facts()
                .get(&syntax::key(source))
                .unwrap_or_else(|| panic!("no facts: {source}"));
            let regex = matcher::build(source).unwrap_or_else(|e| panic!("{source}: {e}"));
            let names: Vec<Option<String>> = regex
                .group_info()
                .pattern_names(regex_automata::PatternID::ZERO)
                .map(|n| n.map(str::to_string))
                .collect();
            assert_eq!(built.names, names, "{source}");
        }
    }
}
