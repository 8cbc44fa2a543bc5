//! The mutation harness: real pairs, one injected error at a time, and whether yizhi finds it
//! where it was made.
//!
//! Mutation sites are found with the harness's own simple patterns, not with yizhi's rules, so
//! that a form yizhi fails to read counts as a miss rather than being skipped. A mutation is
//! found when a diagnostic that the clean pair did not have carries a label on the changed
//! text, or, for a deletion, on the counterpart left without a partner.
//!
//! Shared by `cargo run --release --example mutations` and the recall test (tests/it/recall.rs).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use regex::Regex;
use yizhi::diagnostic::{Diagnostic, Side};
use yizhi::document::Document;
use yizhi::normalize::MONTHS;
use yizhi::rules::RuleSet;
use yizhi::structure::{BlockKind, Zone};
use yizhi::{Analysis, Options};

/// A real English/Chinese pair.
pub struct RealPair {
    pub name: String,
    pub en: String,
    pub zh: String,
    pub line_aligned: bool,
    /// The corpus set the pair comes from, and the line of that set each line of the pair
    /// is (the dev set regrouped into documents); empty for whole files.
    pub source: String,
    pub source_lines: Vec<usize>,
    /// Kept out of tuning: measured, never developed against (see [`held_out`]).
    pub held_out: bool,
}

/// Whether a dev-set document belongs to the held-out part: half of the documents, drawn by a
/// fixed hash (FNV-1a of "yizhi-split-1:" and the document id) so that the split never changes
/// and never depends on what yizhi reads. The whole documents (the example, the Universal
/// Declaration, the Charter) and the SDG texts are all tuning material.
pub fn held_out(id: &str) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in "yizhi-split-1:".bytes().chain(id.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h % 2 == 1
}

/// The kinds of injected error, as the recall table lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Day,
    Month,
    Year,
    RangeEnd,
    Symbol,
    ParagraphDropped,
    ParagraphDuplicated,
    ParagraphMerged,
    Renumbered,
    MarkerDropped,
    MarkerRenumbered,
    BodyDropped,
    Ordinal,
    Cardinal,
    Amount,
}

impl Kind {
    pub const ALL: [Kind; 15] = [
        Kind::Day,
        Kind::Month,
        Kind::Year,
        Kind::RangeEnd,
        Kind::Symbol,
        Kind::ParagraphDropped,
        Kind::ParagraphDuplicated,
        Kind::ParagraphMerged,
        Kind::Renumbered,
        Kind::MarkerDropped,
        Kind::MarkerRenumbered,
        Kind::BodyDropped,
        Kind::Ordinal,
        Kind::Cardinal,
        Kind::Amount,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Day => "changed day of a date",
            Kind::Month => "changed month of a date",
            Kind::Year => "changed year of a date",
            Kind::RangeEnd => "changed end of a range",
            Kind::Symbol => "changed number in a symbol",
            Kind::ParagraphDropped => "dropped paragraph",
            Kind::ParagraphDuplicated => "duplicated paragraph",
            Kind::ParagraphMerged => "merged paragraphs",
            Kind::Renumbered => "renumbered paragraph",
            Kind::MarkerDropped => "dropped footnote marker",
            Kind::MarkerRenumbered => "renumbered footnote marker",
            Kind::BodyDropped => "dropped footnote body",
            Kind::Ordinal => "changed ordinal",
            Kind::Cardinal => "changed cardinal",
            Kind::Amount => "changed amount",
        }
    }

    /// Kinds that a digit comparison can see at all (the others change structure).
    pub fn is_value(self) -> bool {
        !matches!(
            self,
            Kind::ParagraphDropped
                | Kind::ParagraphDuplicated
                | Kind::ParagraphMerged
                | Kind::MarkerDropped
                | Kind::BodyDropped
        )
    }
}

/// One injected error.
pub struct Mutation {
    pub kind: Kind,
    pub side: Side,
    pub en: String,
    pub zh: String,
    /// Where a finding must point: the changed text, or the counterpart of what was deleted.
    pub expect: (Side, Range<usize>),
    /// The 0-based line of the mutated side that changed (for line-based baselines).
    pub line: usize,
}

/// The seed pair, and the corpus beside the repository where it exists: the two whole
/// documents, the dev set regrouped into its documents, and the SDG texts (line-aligned).
pub fn real_pairs(root: &Path) -> Vec<RealPair> {
    let read = |p: &Path| std::fs::read_to_string(p).ok();
    let mut pairs = Vec::new();
    let seed = root.join("examples/A-RES-71-14");
    if let (Some(en), Some(zh)) = (read(&seed.join("en.txt")), read(&seed.join("zh.txt"))) {
        pairs.push(RealPair {
            name: "A/RES/71/14".into(),
            en,
            zh,
            line_aligned: false,
            source: "examples/A-RES-71-14".into(),
            source_lines: Vec::new(),
            held_out: false,
        });
    }
    let corpus = root.join("../shared/corpus");
    for (name, dir) in [
        ("UDHR", "un-docs/A_RES_217(III)"),
        ("Charter I-III", "un-docs/UN-Charter_chapters_I-III"),
    ] {
        let d = corpus.join(dir);
        if let (Some(en), Some(zh)) = (read(&d.join("en.txt")), read(&d.join("zh.txt"))) {
            pairs.push(RealPair {
                name: name.into(),
                en,
                zh,
                line_aligned: false,
                source: dir.into(),
                source_lines: Vec::new(),
                held_out: false,
            });
        }
    }
    let dev = corpus.join("un-sentences/UNv1.0-devset");
    if let (Some(ids), Some(en), Some(zh)) = (
        read(&dev.join("ids.txt")),
        read(&dev.join("en.txt")),
        read(&dev.join("zh.txt")),
    ) {
        let (en, zh): (Vec<&str>, Vec<&str>) = (en.lines().collect(), zh.lines().collect());
        let mut docs: BTreeMap<String, (usize, Vec<usize>)> = BTreeMap::new();
        for (i, line) in ids.lines().enumerate() {
            let id = line
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
            let n = docs.len();
            docs.entry(id).or_insert((n, Vec::new())).1.push(i);
        }
        let mut docs: Vec<_> = docs.into_iter().collect();
        docs.sort_by_key(|(_, (n, _))| *n);
        for (id, (_, lines)) in docs {
            let text = |side: &[&str]| {
                lines
                    .iter()
                    .map(|&i| side[i])
                    .collect::<Vec<_>>()
                    .join("\n")
                    + "\n"
            };
            pairs.push(RealPair {
                name: id.clone(),
                en: text(&en),
                zh: text(&zh),
                line_aligned: false,
                source: "un-sentences/UNv1.0-devset".into(),
                source_lines: lines.iter().map(|&i| i + 1).collect(),
                held_out: held_out(&id),
            });
        }
    }
    let sdg = corpus.join("un-sentences/SDG-goals-targets-indicators");
    if let (Some(en), Some(zh)) = (read(&sdg.join("en.txt")), read(&sdg.join("zh.txt"))) {
        pairs.push(RealPair {
            name: "SDG".into(),
            en,
            zh,
            line_aligned: true,
            source: "un-sentences/SDG-goals-targets-indicators".into(),
            source_lines: Vec::new(),
            held_out: false,
        });
    }
    pairs
}

/// The lines of a document of about this many paragraphs, when the dev set is regrouped into
/// documents the size of a short report (see [`evaluation_pairs`]).
pub const CHUNK_LINES: usize = 20;

/// The pairs accuracy is measured on: the whole documents and the SDG texts as in
/// [`real_pairs`], and the dev set's documents, split into a tuning and a held-out part by
/// [`held_out`], each part's documents then joined in order into documents of about
/// [`CHUNK_LINES`] paragraphs. Real reports run to many paragraphs: one dev-set document holds
/// a handful of sentences, which hides what a longer document's alignment and neighbours do.
pub fn evaluation_pairs(root: &Path) -> Vec<RealPair> {
    let mut out = Vec::new();
    let mut chunk: [Option<RealPair>; 2] = [None, None];
    let flush = |c: &mut Option<RealPair>, out: &mut Vec<RealPair>| {
        if let Some(p) = c.take() {
            out.push(p);
        }
    };
    for pair in real_pairs(root) {
        if pair.source != "un-sentences/UNv1.0-devset" {
            out.push(pair);
            continue;
        }
        let part = usize::from(pair.held_out);
        let c = chunk[part].get_or_insert_with(|| RealPair {
            name: format!("{} (and what follows)", pair.name),
            en: String::new(),
            zh: String::new(),
            line_aligned: false,
            source: pair.source.clone(),
            source_lines: Vec::new(),
            held_out: pair.held_out,
        });
        c.en.push_str(&pair.en);
        c.zh.push_str(&pair.zh);
        c.source_lines.extend(&pair.source_lines);
        if c.source_lines.len() >= CHUNK_LINES {
            flush(&mut chunk[part], &mut out);
        }
    }
    for c in &mut chunk {
        flush(c, &mut out);
    }
    out
}

pub fn analyse(
    rules: &RuleSet,
    en: &str,
    zh: &str,
    line_aligned: bool,
) -> (Document, Document, Analysis) {
    let e = Document::from_text("en.txt", en.to_string());
    let z = Document::from_text("zh.txt", zh.to_string());
    let a = yizhi::analyse_with(&e, &z, rules, Options { line_aligned });
    (e, z, a)
}

/// A diagnostic's identity across runs, for telling new findings from those the clean pair
/// already had.
fn key(d: &Diagnostic, en: &Document, zh: &Document) -> (String, String) {
    let l = &d.labels[0];
    let doc = if l.side == Side::En { en } else { zh };
    (d.rule.clone(), doc.text[l.span.clone()].to_string())
}

/// The findings of a clean pair, to tell a mutation's new findings from them.
pub struct Clean(Vec<(String, String)>);

pub fn clean(rules: &RuleSet, pair: &RealPair) -> Clean {
    let (ce, cz, ca) = analyse(rules, &pair.en, &pair.zh, pair.line_aligned);
    Clean(ca.diagnostics.iter().map(|d| key(d, &ce, &cz)).collect())
}

/// Whether yizhi finds the mutation where it was made.
pub fn found(rules: &RuleSet, clean: &RealPair, m: &Mutation) -> bool {
    found_against(rules, &self::clean(rules, clean), clean, m)
}

/// Like [`found`], with the clean pair's findings computed once.
pub fn found_against(rules: &RuleSet, before: &Clean, clean: &RealPair, m: &Mutation) -> bool {
    let mut before = before.0.clone();
    let (e, z, a) = analyse(rules, &m.en, &m.zh, clean.line_aligned);
    a.diagnostics.iter().any(|d| {
        let k = key(d, &e, &z);
        if let Some(i) = before.iter().position(|b| *b == k) {
            before.remove(i);
            return false;
        }
        d.labels.iter().any(|l| {
            l.side == m.expect.0 && l.span.start < m.expect.1.end && m.expect.1.start < l.span.end
        })
    })
}

impl RealPair {
    /// The line of the corpus set that a 0-based line of this pair is (1-based).
    pub fn source_line(&self, line: usize) -> usize {
        self.source_lines.get(line).copied().unwrap_or(line + 1)
    }
}

/// The aligned units of a clean pair, as a unit-based checker sees them: each a run of English
/// lines and the Chinese lines aligned with them (0-based lines).
pub fn units(rules: &RuleSet, pair: &RealPair) -> Vec<(Vec<usize>, Vec<usize>)> {
    let (en, zh, a) = analyse(rules, &pair.en, &pair.zh, pair.line_aligned);
    a.alignment
        .pairs
        .iter()
        .filter(|p| p.is_matched())
        .map(|p| {
            let lines = |side: Side, doc: &Document, s: &yizhi::structure::Structure| {
                p.blocks(side)
                    .iter()
                    .map(|&b| doc.position(s.blocks[b].span.start).line - 1)
                    .collect()
            };
            (lines(Side::En, &en, &a.en), lines(Side::Zh, &zh, &a.zh))
        })
        .collect()
}

/// Every mutation of every kind that the pair offers, on both sides.
pub fn mutations(rules: &RuleSet, pair: &RealPair) -> Vec<Mutation> {
    let (en, zh, clean) = analyse(rules, &pair.en, &pair.zh, pair.line_aligned);
    let mut out = Vec::new();
    for side in Side::BOTH {
        let text = if side == Side::En { &pair.en } else { &pair.zh };
        let doc = if side == Side::En { &en } else { &zh };
        let structure = if side == Side::En {
            &clean.en
        } else {
            &clean.zh
        };
        // Sites only in content: never in artefacts (page furniture is not compared).
        let content: Vec<Range<usize>> = structure
            .blocks
            .iter()
            .filter(|b| b.is_content() && b.kind != BlockKind::Footnote)
            .map(|b| b.span.clone())
            .collect();
        // A line the clean pair already has a finding on cannot show a new one fairly.
        let flagged: Vec<Range<usize>> = clean
            .diagnostics
            .iter()
            .flat_map(|d| d.labels.iter())
            .filter(|l| l.side == side)
            .filter_map(|l| {
                structure
                    .blocks
                    .iter()
                    .find(|b| b.span.start <= l.span.start && l.span.start <= b.span.end)
            })
            .map(|b| b.span.clone())
            .collect();
        let in_content = |r: &Range<usize>| {
            content.iter().any(|c| c.start <= r.start && r.end <= c.end)
                && !flagged.iter().any(|f| f.start <= r.start && r.end <= f.end)
        };
        let mut value = |kind: Kind, range: Range<usize>, replacement: String| {
            if !in_content(&range) || text[range.clone()] == replacement {
                return;
            }
            let mut changed = text.clone();
            changed.replace_range(range.clone(), &replacement);
            let expect = range.start..range.start + replacement.len();
            out.push(mutation(
                kind,
                side,
                pair,
                changed,
                (side, expect),
                doc.position(range.start).line - 1,
            ));
        };
        for (kind, range, replacement) in value_sites(side, text) {
            value(kind, range, replacement);
        }
        structural(rules, pair, side, doc, &clean, &mut out);
    }
    out
}

fn mutation(
    kind: Kind,
    side: Side,
    pair: &RealPair,
    changed: String,
    expect: (Side, Range<usize>),
    line: usize,
) -> Mutation {
    let (en, zh) = match side {
        Side::En => (changed, pair.zh.clone()),
        Side::Zh => (pair.en.clone(), changed),
    };
    Mutation {
        kind,
        side,
        en,
        zh,
        expect,
        line,
    }
}

/// A different day, month or number of the same length.
fn other_day(d: &str) -> String {
    let n: u32 = d.parse().unwrap_or(1);
    (if n < 28 { n + 1 } else { n - 1 }).to_string()
}

/// The number with its last digit changed (never to or from a leading zero).
fn other_number(n: &str) -> String {
    let mut chars: Vec<char> = n.chars().collect();
    if let Some(i) = chars.iter().rposition(|c| c.is_ascii_digit()) {
        chars[i] = if chars[i] == '8' {
            '9'
        } else if chars[i] == '9' {
            '7'
        } else {
            char::from(chars[i] as u8 + 1)
        };
    }
    chars.into_iter().collect()
}

/// The value of a Chinese numeral under a thousand (七十三 → 73), or 0.
fn zh_numeral_value(n: &str) -> u32 {
    const DIGITS: &str = "一二三四五六七八九";
    let digit = |c: char| {
        DIGITS
            .chars()
            .position(|d| d == c)
            .map_or(0, |i| i as u32 + 1)
    };
    let chars: Vec<char> = n.chars().collect();
    match chars.iter().position(|&c| c == '十') {
        None if chars.len() == 1 => digit(chars[0]),
        None => 0,
        Some(i) => {
            let tens = if i == 0 { 1 } else { digit(chars[0]) };
            let units = chars.get(i + 1).map_or(0, |&c| digit(c));
            if i > 1 || chars.len() > i + 2 {
                0
            } else {
                tens * 10 + units
            }
        }
    }
}

/// The Chinese numeral with its last digit changed (七十三 → 七十四).
fn other_zh_numeral(n: &str) -> String {
    const DIGITS: &str = "一二三四五六七八九";
    let mut chars: Vec<char> = n.chars().collect();
    if let Some(last) = chars.last_mut() {
        if let Some(i) = DIGITS.chars().position(|c| c == *last) {
            *last = DIGITS.chars().nth((i + 1) % 9).unwrap_or('一');
        } else if *last == '十' {
            chars.push('一');
        }
    }
    chars.into_iter().collect()
}

fn group(c: &regex::Captures, i: usize) -> Range<usize> {
    c.get(i).map_or(0..0, |m| m.range())
}

/// Value sites found with simple patterns of the harness's own: (kind, range, replacement).
fn value_sites(side: Side, text: &str) -> Vec<(Kind, Range<usize>, String)> {
    let mut out = Vec::new();
    let re = |p: &str| Regex::new(p).expect("harness pattern");
    let months = MONTHS.join("|");
    match side {
        Side::En => {
            for c in re(&format!(
                r"(?:^|[^0-9])([0-9]{{1,2}}) ({months}) ([0-9]{{4}})"
            ))
            .captures_iter(text)
            {
                let (d, m, y) = (group(&c, 1), group(&c, 2), group(&c, 3));
                out.push((Kind::Day, d.clone(), other_day(&text[d])));
                let next = MONTHS
                    .iter()
                    .position(|x| *x == &text[m.clone()])
                    .map_or(0, |i| (i + 1) % 12);
                out.push((Kind::Month, m, MONTHS[next].to_string()));
                out.push((Kind::Year, y.clone(), other_number(&text[y])));
            }
            for c in re(&format!(
                r"[0-9]{{1,2}} ?(?:-|–|to) ?([0-9]{{1,2}}) (?:{months})"
            ))
            .captures_iter(text)
            {
                let r = group(&c, 1);
                out.push((Kind::RangeEnd, r.clone(), other_day(&text[r])));
            }
            for c in re(r"(?:19|20)[0-9]{2} ?[-–] ?((?:19|20)[0-9]{2})").captures_iter(text) {
                let r = group(&c, 1);
                out.push((Kind::RangeEnd, r.clone(), other_number(&text[r])));
            }
            for c in re(r"(?:[Rr]esolutions?|[Dd]ecisions?) (?:S-)?[0-9]{1,4}/([0-9]{1,4})")
                .captures_iter(text)
            {
                let r = group(&c, 1);
                out.push((Kind::Symbol, r.clone(), other_number(&text[r])));
            }
            for c in re(r"(?:^|[ (\[])[A-Z]{1,6}(?:/[A-Za-z0-9.]+)*/(?:[A-Za-z]+\.)?([0-9]{1,4})(?:[^0-9A-Za-z/]|$)").captures_iter(text) {
                let r = group(&c, 1);
                out.push((Kind::Symbol, r.clone(), other_number(&text[r])));
            }
            let units = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth";
            for c in re(&format!(r"(?i:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-\s?({units}) (?:special )?(?:session|anniversary|meeting)")).captures_iter(text) {
                let r = group(&c, 1);
                let words: Vec<&str> = units.split('|').collect();
                let i = words.iter().position(|w| w.eq_ignore_ascii_case(&text[r.clone()])).unwrap_or(0);
                out.push((Kind::Ordinal, r, words[(i + 1) % 9].to_string()));
            }
            for c in re(r"(?:^|[^0-9])([0-9]{2,3})(?:st|nd|rd|th) (?:plenary )?meeting")
                .captures_iter(text)
            {
                // Adding 100 keeps the suffix right: 48th → 148th.
                let r = group(&c, 1);
                let n: u32 = text[r.clone()].parse().unwrap_or(10);
                out.push((Kind::Ordinal, r, (n + 100).to_string()));
            }
            for c in
                re(r"(?:^|[ (])([0-9]{1,3}(?:,[0-9]{3})+|[0-9]{2,}(?:\.[0-9]+)?)(?: |,|\.|;|\)|$)")
                    .captures_iter(text)
            {
                let r = group(&c, 1);
                // Times of day are not compared (yizhi documents this); neither are years here.
                let after = &text[r.end..text.len().min(r.end + 8)];
                // A paragraph's own number is structure (renumbered, above).
                let line_start = text[..r.start].rfind('\n').map_or(0, |i| i + 1);
                if text[line_start..r.start].trim().is_empty() && text[r.end..].starts_with(". ") {
                    continue;
                }
                let after = after.trim_start();
                let time = ["a.m.", "p.m.", "hours", "and", "to"]
                    .iter()
                    .any(|w| after.starts_with(w))
                    && text[r.end..text.len().min(r.end + 20)].contains("hours")
                    || after.starts_with("a.m.")
                    || after.starts_with("p.m.");
                if !is_year(&text[r.clone()]) && !time {
                    out.push((Kind::Cardinal, r.clone(), other_number(&text[r])));
                }
            }
            for c in re(r"(?:^|[ $(])([0-9]+(?:\.[0-9]+)?) (?:million|billion)").captures_iter(text)
            {
                let r = group(&c, 1);
                out.push((Kind::Amount, r.clone(), other_number(&text[r])));
            }
            for c in re(r"(?:[a-z]|[a-z][,.;])([1-9])(?:\s|$)").captures_iter(text) {
                let r = group(&c, 1);
                out.push((Kind::MarkerRenumbered, r.clone(), other_number(&text[r])));
            }
        }
        Side::Zh => {
            for c in
                re(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日").captures_iter(text)
            {
                let (y, m, d) = (group(&c, 1), group(&c, 2), group(&c, 3));
                out.push((Kind::Day, d.clone(), other_day(&text[d])));
                let month: u32 = text[m.clone()].parse().unwrap_or(1);
                out.push((Kind::Month, m, (month % 12 + 1).to_string()));
                out.push((Kind::Year, y.clone(), other_number(&text[y])));
            }
            for c in re(r"[0-9]{1,2}\s*日?\s*(?:至|-)\s*([0-9]{1,2})\s*日").captures_iter(text) {
                let r = group(&c, 1);
                out.push((Kind::RangeEnd, r.clone(), other_day(&text[r])));
            }
            for c in
                re(r"(?:19|20)[0-9]{2}\s*年?\s*(?:至|-)\s*((?:19|20)[0-9]{2})").captures_iter(text)
            {
                let r = group(&c, 1);
                out.push((Kind::RangeEnd, r.clone(), other_number(&text[r])));
            }
            for c in re(r"(?:S-)?[0-9]{1,4}/([0-9]{1,4})\s*号").captures_iter(text) {
                let r = group(&c, 1);
                out.push((Kind::Symbol, r.clone(), other_number(&text[r])));
            }
            for c in re(r"(?:^|[ (（\[])[A-Z]{1,6}(?:/[A-Za-z0-9.]+)*/(?:[A-Za-z]+\.)?([0-9]{1,4})(?:[^0-9A-Za-z/]|$)").captures_iter(text) {
                let r = group(&c, 1);
                out.push((Kind::Symbol, r.clone(), other_number(&text[r])));
            }
            // Every numbered session, meeting or article, 1 to 99, in numerals or digits.
            for c in re(r"第\s*([一二三四五六七八九十]{1,3})\s*(?:届|次|条)").captures_iter(text)
            {
                let r = group(&c, 1);
                if (1..100).contains(&zh_numeral_value(&text[r.clone()])) {
                    out.push((Kind::Ordinal, r.clone(), other_zh_numeral(&text[r])));
                }
            }
            for c in re(r"第\s*([0-9]{1,2})\s*(?:届|次|条)").captures_iter(text) {
                let r = group(&c, 1);
                out.push((Kind::Ordinal, r.clone(), other_number(&text[r])));
            }
            // Not designations ("An-26型", "P-336", "B59"): names, not quantities.
            for c in re(r"(?:^|[^0-9.A-Za-z-])([0-9]{1,3}(?: [0-9]{3})+|[0-9]{2,}(?:\.[0-9]+)?)(?:[^0-9年月日号次届条时点分.]|$)").captures_iter(text) {
                let r = group(&c, 1);
                out.push((Kind::Cardinal, r.clone(), other_number(&text[r])));
            }
            for c in re(r"(?:^|[^0-9.])([0-9]+(?:\.[0-9]+)?)\s*(?:万|亿)").captures_iter(text) {
                let r = group(&c, 1);
                out.push((Kind::Amount, r.clone(), other_number(&text[r])));
            }
            for c in re(r"([¹²³⁴⁵⁶⁷⁸⁹])").captures_iter(text) {
                let r = group(&c, 1);
                let next = match &text[r.clone()] {
                    "¹" => "³",
                    _ => "¹",
                };
                out.push((Kind::MarkerRenumbered, r, next.to_string()));
            }
        }
    }
    out
}

fn is_year(s: &str) -> bool {
    s.len() == 4 && (s.starts_with("19") || s.starts_with("20"))
}

/// Structural mutations: paragraphs dropped, duplicated, merged and renumbered, footnote
/// markers and bodies dropped.
fn structural(
    rules: &RuleSet,
    pair: &RealPair,
    side: Side,
    doc: &Document,
    clean: &Analysis,
    out: &mut Vec<Mutation>,
) {
    let _ = rules;
    let text = &doc.text;
    let other = side.other();
    let (mine, theirs) = match side {
        Side::En => (&clean.en, &clean.zh),
        Side::Zh => (&clean.zh, &clean.en),
    };
    let line_of = |offset: usize| doc.position(offset).line - 1;
    // Blocks aligned one to one, with their counterparts.
    let one_to_one: Vec<(usize, usize)> = clean
        .alignment
        .pairs
        .iter()
        .filter(|p| p.en.len() == 1 && p.zh.len() == 1)
        .filter(|p| {
            matches!(
                p.zone,
                Zone::Preamble | Zone::Operative | Zone::Body | Zone::Footnotes
            )
        })
        .map(|p| (p.blocks(side)[0], p.blocks(other)[0]))
        .collect();
    let line_range = |b: usize| {
        let s = mine.blocks[b].span.clone();
        let start = text[..s.start].rfind('\n').map_or(0, |i| i + 1);
        let end = text[s.end..]
            .find('\n')
            .map_or(text.len(), |i| s.end + i + 1);
        start..end
    };
    for (k, &(b, c)) in one_to_one.iter().enumerate() {
        let block = &mine.blocks[b];
        let counterpart = theirs.blocks[c].span.clone();
        let line = line_of(block.span.start);
        if pair.line_aligned {
            continue;
        }
        if block.kind == BlockKind::Footnote {
            let mut changed = text.to_string();
            changed.replace_range(line_range(b), "");
            out.push(mutation(
                Kind::BodyDropped,
                side,
                pair,
                changed,
                (other, counterpart),
                line,
            ));
            continue;
        }
        // Dropped: the counterpart is left without a partner.
        let mut changed = text.to_string();
        changed.replace_range(line_range(b), "");
        out.push(mutation(
            Kind::ParagraphDropped,
            side,
            pair,
            changed,
            (other, counterpart.clone()),
            line,
        ));
        // Duplicated: the copy has no counterpart.
        let r = line_range(b);
        let mut changed = text.to_string();
        let copy = format!("{}\n", &text[block.span.clone()]);
        changed.insert_str(r.end, &copy);
        let copy_start = r.end;
        out.push(mutation(
            Kind::ParagraphDuplicated,
            side,
            pair,
            changed,
            (side, block.span.start..copy_start + copy.len()),
            line,
        ));
        // Merged with the next paragraph of the same run. Only whole paragraphs: a heading or a
        // fragment set apart in one version and run in in the other is a layout difference
        // that yizhi deliberately accepts (the Universal Declaration does it).
        let whole = |blk: &yizhi::structure::Block| {
            let letters = text[blk.span.clone()]
                .chars()
                .filter(|c| c.is_alphabetic())
                .count();
            letters * if side == Side::Zh { 4 } else { 1 } >= 40
        };
        if let Some(&(next, next_c)) = one_to_one.get(k + 1)
            && mine.blocks[next].zone == block.zone
            && next == b + 1
            && whole(block)
            && whole(&mine.blocks[next])
        {
            let mut changed = text.to_string();
            let gap = block.span.end..mine.blocks[next].span.start;
            changed.replace_range(gap, " ");
            let both = counterpart.start.min(theirs.blocks[next_c].span.start)
                ..counterpart.end.max(theirs.blocks[next_c].span.end);
            out.push(mutation(
                Kind::ParagraphMerged,
                side,
                pair,
                changed,
                (other, both),
                line,
            ));
        }
        // Renumbered: "3." → "4." where both versions number the paragraph alike.
        if let (Some((n, span)), Some((m, _))) = (&block.number, &theirs.blocks[c].number)
            && block.kind == BlockKind::Numbered
            && n == m
            && n.chars().all(|ch| ch.is_ascii_digit())
        {
            let mut changed = text.to_string();
            let replacement = other_number(&text[span.clone()]);
            changed.replace_range(span.clone(), &replacement);
            out.push(mutation(
                Kind::Renumbered,
                side,
                pair,
                changed,
                (side, span.start..span.start + replacement.len()),
                line,
            ));
        }
    }
    // Footnote markers dropped: the other version's marker is left alone.
    let marker_rule = rules
        .rules
        .iter()
        .position(|r| r.id == "footnote-marker-mismatch");
    let (my_items, their_items) = match side {
        Side::En => (&clean.en_items, &clean.zh_items),
        Side::Zh => (&clean.zh_items, &clean.en_items),
    };
    for item in my_items
        .items
        .iter()
        .filter(|i| Some(i.rule) == marker_rule)
    {
        let Some(&(_, c)) = one_to_one.iter().find(|(b, _)| *b == item.block) else {
            continue;
        };
        let Some(counter) = their_items
            .items
            .iter()
            .find(|i| Some(i.rule) == marker_rule && i.block == c && i.value == item.value)
        else {
            continue;
        };
        let mut changed = text.to_string();
        changed.replace_range(item.span.clone(), "");
        out.push(mutation(
            Kind::MarkerDropped,
            side,
            pair,
            changed,
            (other, counter.span.clone()),
            line_of(item.span.start),
        ));
    }
}
