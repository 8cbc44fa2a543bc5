//! What the engine knows of a pattern without compiling it: its capture names, and the
//! literals it cannot match without.
//!
//! Compiling a regular expression costs far more than reading a paragraph for a few words, and
//! most rules have nothing to find in most paragraphs. A pattern's trigger lists sets of
//! literals such that every match contains a literal of each set; where some set has none in a
//! text, the pattern is neither compiled nor run on it.
//!
//! The sets come from the parts every match must pass through (the top-level sequence, through
//! groups and repetitions of at least one): for each part, the literals its matches start with.
//! Parsing every built-in pattern to find them took longer than checking a pair, so the facts
//! of the built-in patterns are kept in `rules/facts.tsv`, written by the test
//! `the_built_in_facts_are_fresh` (`YIZHI_WRITE_FACTS=1 cargo test --lib facts_are_fresh`) and
//! checked by it on every test run.

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

/// Sets of literals; every match contains one literal of each set.
pub type Trigger = Vec<Vec<Vec<u8>>>;

/// Shorter literals say too little: a digit or a letter is in every paragraph.
const MIN_LEN: usize = 2;
/// A set of more literals costs more to look for than it saves.
const MAX_LITERALS: usize = 64;
/// The most selective sets are enough.
const MAX_SETS: usize = 3;

/// A `then` continuation as it is compiled: it must match right where the value before it
/// ended.
pub fn anchored(then: &str) -> String {
    format!("^(?:{then})")
}

/// A pattern's facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// The name of each capture group by index; group 0 is the whole match.
    pub names: Vec<Option<String>>,
    pub trigger: Trigger,
}

/// The facts of a pattern, parsed with the engine's default syntax flags.
pub fn facts(pattern: &str) -> Result<Facts, Box<regex_syntax::Error>> {
    Ok(facts_of(&regex_syntax::parse(pattern).map_err(Box::new)?))
}

/// The facts of a parsed pattern.
pub fn facts_of(hir: &Hir) -> Facts {
    let mut names = vec![None];
    capture_names(hir, &mut names);
    Facts {
        names,
        trigger: trigger(hir),
    }
}

fn capture_names(hir: &Hir, names: &mut Vec<Option<String>>) {
    match hir.kind() {
        HirKind::Capture(c) => {
            let index = c.index as usize;
            if names.len() <= index {
                names.resize(index + 1, None);
            }
            names[index] = c.name.as_deref().map(str::to_string);
            capture_names(&c.sub, names);
        }
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().for_each(|s| capture_names(s, names))
        }
        HirKind::Repetition(r) => capture_names(&r.sub, names),
        _ => {}
    }
}

/// The trigger of a parsed pattern. A pattern without a usable set has an empty trigger: it
/// is always run.
fn trigger(hir: &Hir) -> Trigger {
    let mut regions = Vec::new();
    regions_of(hir, &mut regions);
    let mut sets: Vec<Vec<Vec<u8>>> = Vec::new();
    for parts in &regions {
        for i in 0..parts.len() {
            let rest = Hir::concat(parts[i..].iter().map(|&p| p.clone()).collect());
            let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&rest);
            let Some(literals) = seq.literals() else {
                continue;
            };
            let shortest = literals.iter().map(|l| l.as_bytes().len()).min();
            if shortest.is_some_and(|n| n >= MIN_LEN) && literals.len() <= MAX_LITERALS {
                sets.push(minimal(
                    literals.iter().map(|l| l.as_bytes().to_vec()).collect(),
                ));
            }
        }
    }
    // Longest shortest literal first, then fewest literals.
    sets.sort_by_key(|set: &Vec<Vec<u8>>| {
        let shortest = set.iter().map(Vec::len).min().unwrap_or(0);
        (std::cmp::Reverse(shortest), set.len())
    });
    sets.dedup();
    sets.truncate(MAX_SETS);
    sets
}

/// The set without literals that contain another of it: "session" stands for "sessions".
fn minimal(mut set: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    set.sort_by_key(Vec::len);
    set.dedup();
    let mut kept: Vec<Vec<u8>> = Vec::new();
    for literal in set {
        if !kept.iter().any(|k| contains(&literal, k)) {
            kept.push(literal);
        }
    }
    kept.sort();
    kept
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Sequences of parts that every match passes through in order: the top level, with its
/// groups opened, and the inside of each repetition of at least one. Every match of the whole
/// contains a match of each suffix of each sequence.
fn regions_of<'h>(hir: &'h Hir, out: &mut Vec<Vec<&'h Hir>>) {
    let mut parts = Vec::new();
    flatten(hir, &mut parts, out);
    out.push(parts);
}

fn flatten<'h>(hir: &'h Hir, parts: &mut Vec<&'h Hir>, regions: &mut Vec<Vec<&'h Hir>>) {
    match hir.kind() {
        HirKind::Concat(subs) => subs.iter().for_each(|s| flatten(s, parts, regions)),
        HirKind::Capture(c) => flatten(&c.sub, parts, regions),
        HirKind::Repetition(r) if r.min >= 1 => {
            regions_of(&r.sub, regions);
            parts.push(hir);
        }
        _ => parts.push(hir),
    }
}

/// The key of a pattern in the facts table: FNV-1a over its bytes.
pub fn key(pattern: &str) -> u64 {
    pattern.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// A pattern as the facts table writes it (see [`table`]).
fn escape(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    for c in pattern.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\t' => out.push_str("%09"),
            '\n' => out.push_str("%0A"),
            '\r' => out.push_str("%0D"),
            c => out.push(c),
        }
    }
    out
}

/// The facts table: a line per pattern, `key<TAB>names<TAB>trigger<TAB>pattern`, the names
/// separated by commas (`-` for a group without one), the trigger's sets by `;` and a set's
/// literals, in hexadecimal, by commas; in the pattern, `%`, tab, line feed and carriage
/// return are written `%25`, `%09`, `%0A`, `%0D`. build.rs determinizes the patterns it lists.
pub fn table<'p>(patterns: impl IntoIterator<Item = &'p str>) -> String {
    let mut lines: Vec<String> = patterns
        .into_iter()
        .filter_map(|p| Some((p, key(p), facts(p).ok()?)))
        .map(|(p, key, facts)| {
            let names: Vec<&str> = facts
                .names
                .iter()
                .map(|n| n.as_deref().unwrap_or("-"))
                .collect();
            let sets: Vec<String> = facts
                .trigger
                .iter()
                .map(|set| {
                    let hex = set
                        .iter()
                        .map(|l| l.iter().map(|b| format!("{b:02x}")).collect());
                    hex.collect::<Vec<String>>().join(",")
                })
                .collect();
            let sets = sets.join(";");
            format!("{key:016x}\t{}\t{sets}\t{}\n", names.join(","), escape(p))
        })
        .collect();
    lines.sort();
    lines.dedup();
    lines.concat()
}

/// Reads a table that [`table`] wrote; a line it cannot read is left out (its pattern is then
/// parsed when loaded).
pub fn read_table(text: &str) -> std::collections::HashMap<u64, Facts> {
    let hex = |s: &str| -> Option<Vec<u8>> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
            .collect()
    };
    let line = |line: &str| -> Option<(u64, Facts)> {
        let mut fields = line.split('\t');
        let key = u64::from_str_radix(fields.next()?, 16).ok()?;
        let names = fields.next()?.split(',');
        let names = names.map(|n| (n != "-").then(|| n.to_string())).collect();
        let sets = fields.next()?;
        let trigger = sets
            .split(';')
            .filter(|s| !s.is_empty())
            .map(|set| set.split(',').map(hex).collect::<Option<Vec<_>>>())
            .collect::<Option<Trigger>>()?;
        Some((key, Facts { names, trigger }))
    };
    text.lines().filter_map(line).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(pattern: &str) -> Trigger {
        facts(pattern).map(|f| f.trigger).unwrap_or_default()
    }

    fn strings(t: &Trigger) -> Vec<Vec<String>> {
        t.iter()
            .map(|s| {
                s.iter()
                    .map(|l| String::from_utf8_lossy(l).into_owned())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_word_inside_a_group_is_required() {
        let t = of(r"(?:^|[^a-z])(?P<span>(?P<n>[0-9]+)\s+special\s+sessions?)");
        assert_eq!(strings(&t), vec![vec!["special"], vec!["session"]]);
    }

    #[test]
    fn an_alternation_of_words_is_one_set() {
        let t = of(r"(?P<day>[0-9]{1,2})\s+(?P<month>May|June)\s+(?P<year>[0-9]{4})");
        assert_eq!(strings(&t), vec![vec!["June", "May"]]);
        let plural = of(r"[0-9]+ sessions?");
        assert_eq!(strings(&plural), vec![vec![" session"]]);
    }

    #[test]
    fn chinese_characters_count_by_their_bytes() {
        let t = of(r"第\s*(?P<n>[0-9]+)\s*届");
        assert_eq!(strings(&t), vec![vec!["第"], vec!["届"]]);
    }

    #[test]
    fn optional_parts_and_short_literals_are_not_required() {
        assert!(of(r"(?:emergency)?[0-9]+").is_empty());
        assert!(of(r"[0-9]+(?:st|nd|rd|th)?").is_empty());
        assert!(of(r"a|b").is_empty());
        assert!(of(r"(unclosed").is_empty());
    }

    #[test]
    fn capture_names_are_listed_by_index() {
        let f = facts(r"(?P<span>(?P<n>[0-9]+)(x)|(?P<sub>[a-z]))").unwrap();
        let names: Vec<Option<&str>> = f.names.iter().map(|n| n.as_deref()).collect();
        assert_eq!(names, [None, Some("span"), Some("n"), None, Some("sub")]);
        let regex = regex::Regex::new(r"(?P<span>(?P<n>[0-9]+)(x)|(?P<sub>[a-z]))").unwrap();
        assert_eq!(names, regex.capture_names().collect::<Vec<_>>());
    }

    #[test]
    fn the_table_reads_back_what_it_wrote() {
        let patterns = [
            r"(?P<day>[0-9]{1,2}) (?i:november)",
            r"第\s*(?P<n>[0-9]+)\s*届",
            "[0-9]+",
        ];
        let table = read_table(&table(patterns));
        for p in patterns {
            assert_eq!(table.get(&key(p)), Some(&facts(p).unwrap()), "{p}");
        }
    }

    #[test]
    fn case_insensitive_words_list_their_cases() {
        let t = of(r"(?i:no)\.");
        assert_eq!(strings(&t)[0], vec!["NO.", "No.", "nO.", "no."]);
    }
}
