//! Extraction: compiled rules × blocks → typed items with spans.
//!
//! Rules run in priority order over each block's folded text. Within a rule, overlapping
//! matches keep the earliest and longest; across rules, text matched by a rule is claimed and
//! never matched again by a rule that runs later (so "2016,2" is a year and a footnote marker,
//! and a symbol's digits are never read again as a marker). Knows nothing of output.

use std::collections::BTreeMap;
use std::ops::Range;

use regex_automata::util::captures::Captures;
use regex_automata::{Input, Span};

use crate::diagnostic::Side;
use crate::document::Document;
use crate::fold::Folded;
use crate::rules::{BlockFilter, Pattern, RuleSet, ValueKind};
use crate::structure::{Structure, Zone};
use crate::value::Value;

#[derive(Debug, Clone)]
pub struct Item {
    /// Index of the rule in the rule set.
    pub rule: usize,
    /// Index of the block in the structure.
    pub block: usize,
    /// Byte span in the original text.
    pub span: Range<usize>,
    pub value: Value,
    /// Paired when an equal value is there, never reported alone.
    pub optional: bool,
    /// Resolved from a reference rather than read (前條 as the article before): compared, but
    /// no anchor of the alignment, which weighs what the text says.
    pub resolved: bool,
}

/// All items of one document, in block order, then position.
#[derive(Debug, Default)]
pub struct Extraction {
    pub items: Vec<Item>,
    /// Values of the rules that read mastheads, read in the lines that are not content (the
    /// masthead, running heads, an extraction's trailer): compared on their own, never with
    /// the paragraphs'.
    pub masthead: Vec<Item>,
    /// Where extraction stopped because the document holds more than [`MAX_VALUES`] values:
    /// the start of the block it was reading. Items before it are kept.
    pub overflow: Option<usize>,
    /// Items set aside because they lie in text both versions hold verbatim: not compared,
    /// but footnote markers among them still link to their bodies.
    pub aside: Vec<Item>,
}

/// The most values (dates, symbols, markers…) read from one document, and the most matches
/// one rule may find in one paragraph. Each value takes a few hundred bytes: this keeps a
/// pair within about 1 GB whatever the rules and the text (issue #5). Real documents hold a
/// few hundred values; a 50 MB line of ordinary prose about 200,000.
pub const MAX_VALUES: usize = 1_000_000;

impl Extraction {
    /// Items of one rule in the given blocks, block by block.
    pub fn of<'a>(&'a self, rule: usize, blocks: &'a [usize]) -> impl Iterator<Item = &'a Item> {
        blocks
            .iter()
            .flat_map(move |&b| self.in_block(b))
            .filter(move |i| i.rule == rule)
    }

    /// The items of one block. Items are sorted by block, so this is a binary search: a
    /// document with 10,000 paragraphs costs no more per paragraph than one with ten.
    pub fn in_block(&self, block: usize) -> &[Item] {
        &self.items[self.block_range(block)]
    }

    /// Where the items of one block stand in [`Extraction::items`].
    pub fn block_range(&self, block: usize) -> Range<usize> {
        let start = self.items.partition_point(|i| i.block < block);
        let end = start + self.items[start..].partition_point(|i| i.block == block);
        start..end
    }
}

pub fn extract(doc: &Document, structure: &Structure, rules: &RuleSet, side: Side) -> Extraction {
    let mut items = Vec::new();
    // Text claimed by the rules that ran before, as disjoint ranges by start; and what the
    // current rule claims, added once it is done.
    let mut claimed: BTreeMap<usize, usize> = BTreeMap::new();
    let mut claiming: Vec<Range<usize>> = Vec::new();
    let mut found = Found::default();
    let mut masthead = Vec::new();
    let reads_mastheads = rules.rules.iter().any(|r| r.masthead);
    for (b, block) in structure.blocks.iter().enumerate() {
        let content = block.is_content();
        if !content && !reads_mastheads {
            continue;
        }
        let text = &doc.text[block.span.clone()];
        let folded = Folded::new(text);
        let mut lower: Option<String> = None;
        claimed.clear();
        // A paragraph's own number ("10. …", "(a)") is structure, not a value to compare:
        // segments of one paragraph often carry it in one language only.
        if let Some((_, n)) = &block.number {
            let (s, e) = (n.start - block.span.start, n.end - block.span.start);
            claimed.insert(folded.to_folded(s), folded.to_folded(e));
        }
        for (r, rule) in rules.rules.iter().enumerate() {
            if !rule.check.extracts()
                || (!content && !rule.masthead)
                || !reads(rule.blocks, block.zone)
            {
                continue;
            }
            for (i, bound) in rules.candidates(&block.admits, side, r) {
                let pattern = &rule.patterns(side)[i];
                // ASCII lower-casing keeps every byte offset.
                if pattern.lowercase && lower.is_none() {
                    lower = Some(folded.text.to_ascii_lowercase());
                }
                let texts = Texts {
                    folded: &folded.text,
                    lower: lower.as_deref(),
                };
                let bound = bound.map_or(folded.text.len(), |b| b.min(folded.text.len()));
                find(pattern, texts, bound, rule.value, &mut found);
            }
            let texts = Texts {
                folded: &folded.text,
                lower: lower.as_deref(),
            };
            if found.matches.len() + items.len() > MAX_VALUES
                && found.values(texts, rule.value) + items.len() > MAX_VALUES
            {
                items.sort_by_key(|i: &Item| (i.block, i.span.start));
                return Extraction {
                    items,
                    masthead,
                    overflow: Some(block.span.start),
                    aside: Vec::new(),
                };
            }
            found
                .matches
                .sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
            let mut last_end = 0;
            let Found { matches, fields } = &mut found;
            for mut m in matches.drain(..) {
                if m.span.start < last_end || overlaps(&claimed, &m.span) {
                    continue;
                }
                // A match whose value does not build is no value, and claims nothing.
                let Some(value) = m
                    .value
                    .take()
                    .or_else(|| m.build(texts, fields, rule.value))
                else {
                    continue;
                };
                let (span, optional) = (m.span, m.pattern.optional);
                last_end = span.end;
                let start = block.span.start + folded.to_original(span.start);
                let end = block.span.start + folded.to_original(span.end);
                claiming.push(span);
                if rule.check == crate::rules::Check::Ignore {
                    continue;
                }
                let into = if content { &mut items } else { &mut masthead };
                into.push(Item {
                    rule: r,
                    block: b,
                    span: start..end,
                    optional: optional
                        || rule
                            .optional_below
                            .is_some_and(|limit| value.is_small_count(limit)),
                    value,
                    resolved: false,
                });
            }
            fields.clear();
            claimed.extend(claiming.drain(..).map(|r| (r.start, r.end)));
        }
    }
    items.sort_by_key(|i| (i.block, i.span.start));
    resolve_relative(&mut items, doc, structure);
    Extraction {
        items,
        masthead,
        overflow: None,
        aside: Vec::new(),
    }
}

/// Resolves references to articles counted from the one they stand in (a `relative` field,
/// "-1" for 前條, "-2" for 前二條, "+1" for 次條) against the article headings of the
/// document: the article values that are the whole of their paragraph ("第 5 條" on its own
/// line), in document order. A reference in the text of an article names the headings before
/// or after that article's heading: 前二條 in Article 25 is Articles 23 and 24 as the
/// document numbers them (5-1 included). Resolved values are optional (English may say "the
/// preceding article" without a number); a reference with no heading to count from is
/// dropped.
fn resolve_relative(items: &mut Vec<Item>, doc: &Document, structure: &Structure) {
    if !items.iter().any(|i| i.value.get("relative").is_some()) {
        return;
    }
    let headings: Vec<(usize, Value)> = items
        .iter()
        .filter(|i| {
            i.value.get("relative").is_none()
                && i.value.get("kind") == Some("article")
                && i.value.get("n").is_some()
                && structure.blocks.get(i.block).is_some_and(|block| {
                    let text = doc.text.get(block.span.clone()).unwrap_or("");
                    let start = block.span.start + (text.len() - text.trim_start().len());
                    i.span.start == start && i.span.end == start + text.trim().len()
                })
        })
        .map(|i| (i.block, i.value.clone()))
        .collect();
    let mut out = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        let Some(relative) = item.value.get("relative") else {
            out.push(item);
            continue;
        };
        let Ok(count) = relative.parse::<i64>() else {
            continue;
        };
        // The heading of the article the reference stands in: the last one before it.
        let current = headings.partition_point(|(b, _)| *b < item.block);
        let Some(current) = current.checked_sub(1) else {
            continue;
        };
        // A count from a rule of the user's may be anything: no arithmetic may overflow.
        let far = usize::try_from(count.unsigned_abs()).unwrap_or(usize::MAX);
        let range = if count < 0 {
            current.saturating_sub(far)..current
        } else {
            let next = current.saturating_add(1);
            next..next.saturating_add(far).min(headings.len())
        };
        for (_, value) in headings.get(range).unwrap_or(&[]) {
            out.push(Item {
                value: value.clone(),
                optional: true,
                resolved: true,
                ..item.clone()
            });
        }
    }
    *items = out;
}

fn reads(filter: BlockFilter, zone: Zone) -> bool {
    match filter {
        BlockFilter::All => true,
        BlockFilter::Text => zone != Zone::Footnotes,
        BlockFilter::Footnotes => zone == Zone::Footnotes,
    }
}

/// Whether `span` overlaps a claimed range. The ranges are disjoint, so the one that starts
/// last before `span` ends is the only one that can.
fn overlaps(claimed: &BTreeMap<usize, usize>, span: &Range<usize>) -> bool {
    claimed
        .range(..span.end)
        .next_back()
        .is_some_and(|(_, &end)| span.start < end)
}

/// Whether `span` overlaps one of `ranges`, which are disjoint and in order: only the first
/// that ends after `span` starts can. A long paragraph has as many `unless` matches as values.
fn overlaps_any(ranges: &[Range<usize>], span: &Range<usize>) -> bool {
    let i = ranges.partition_point(|r| r.end <= span.start);
    ranges.get(i).is_some_and(|r| r.start < span.end)
}

/// How far back into a match the search for the next one resumes, at most.
const RESCAN: usize = 256;

/// All matches of one pattern. A match's span is its `span` capture, or runs from its first
/// to its last named capture. After a match, the pattern's `then` continuation is tried right
/// where the value ended, again and again, for the further items of a list ("rules 21 and
/// 99", "第5至8条").
/// No match ends after `bound`: the search stops there (reading the byte after it, as the
/// pattern's look-around would, so that the matches are the same).
fn find<'p>(
    pattern: &'p Pattern,
    texts: Texts,
    bound: usize,
    kind: ValueKind,
    out: &mut Found<'p>,
) {
    let text = texts.of(pattern);
    let regex = &pattern.regex;
    // Looked for once the pattern has matched.
    let mut excluded: Option<Vec<Range<usize>>> = None;
    let mut at = 0;
    let mut locs = regex.create_captures();
    while at <= bound {
        regex.search_captures(&Input::new(text).range(at..bound), &mut locs);
        let Some(whole) = locs.get_match() else {
            break;
        };
        let excluded = excluded.get_or_insert_with(|| {
            pattern
                .unless
                .as_ref()
                .map_or_else(Vec::new, |u| u.find_iter(text).map(|m| m.range()).collect())
        });
        let span = item(pattern, 0, &locs, whole.range(), excluded, out);
        if let (Some(then), Some(mut end)) = (&pattern.then, span.as_ref().map(|s| s.end)) {
            // The continuation is anchored (`^`) and run on the rest of the text: searching
            // the whole rest for a match that must start right here would be quadratic on a
            // long paragraph.
            let then_regex = &then.regex;
            let mut then_locs = then_regex.create_captures();
            loop {
                let rest = &text[end..];
                then_regex.captures(rest, &mut then_locs);
                let Some(m) = then_locs.get_match() else {
                    break;
                };
                match item(then, end, &then_locs, m.range(), excluded, out) {
                    Some(s) if s.end > end => end = s.end,
                    _ => break,
                }
            }
        }
        // Resume inside the value: a guard character that a match consumed around it (the
        // ")" before "2051 (2012)" in a list) may open the next match. Overlaps are resolved
        // by the caller, earliest and longest first. Never more than RESCAN bytes before the
        // end of the match, though: resuming one byte in, a match running to the end of a
        // 50 MB line (`[0-9]+` on digits) would be found again from each of its bytes, which
        // is quadratic (issue #5). Real values are far shorter than RESCAN.
        if out.matches.len() > MAX_VALUES && out.values(texts, kind) > MAX_VALUES {
            return;
        }
        let start = span.map_or(whole.start(), |s| s.start);
        at = (start.max(at) + 1).max(whole.end().saturating_sub(RESCAN));
        while at < text.len() && !text.is_char_boundary(at) {
            at += 1;
        }
    }
}

/// A paragraph as the patterns read it: folded, and in ASCII lower case once a pattern
/// that reads it so has run.
#[derive(Clone, Copy)]
struct Texts<'t> {
    folded: &'t str,
    lower: Option<&'t str>,
}

impl<'t> Texts<'t> {
    fn of(self, pattern: &Pattern) -> &'t str {
        match self.lower {
            Some(lower) if pattern.lowercase => lower,
            _ => self.folded,
        }
    }
}

/// The matches of one rule in one paragraph, their values mostly not yet built: most overlap
/// an earlier or longer match and are dropped before their value is needed.
#[derive(Default)]
struct Found<'p> {
    matches: Vec<Match<'p>>,
    /// The spans of the fields of the matches whose value is not built, in the paragraph,
    /// each match's in a stretch.
    fields: Vec<Option<Range<usize>>>,
}

impl Found<'_> {
    /// How many of the matches found have a value: builds them all and drops those whose
    /// value does not build. What counts towards [`MAX_VALUES`] is values, not matches; only
    /// a paragraph with that many matches pays for this.
    fn values(&mut self, texts: Texts, kind: ValueKind) -> usize {
        let Found { matches, fields } = self;
        matches.retain_mut(|m| {
            if m.value.is_none() {
                m.value = m.build(texts, fields, kind);
            }
            m.value.is_some()
        });
        // Every match left has its value: the fields are read.
        fields.clear();
        matches.len()
    }
}

struct Match<'p> {
    /// The value's span in the paragraph (folded).
    span: Range<usize>,
    pattern: &'p Pattern,
    /// Its stretch of [`Found::fields`], one per field of the pattern, until its value is
    /// built.
    fields: Range<usize>,
    value: Option<Value>,
}

impl Match<'_> {
    /// The value, if every field normalises and the value builds.
    fn build(
        &self,
        texts: Texts,
        fields: &[Option<Range<usize>>],
        kind: ValueKind,
    ) -> Option<Value> {
        let text = texts.of(self.pattern);
        let mut values = self.pattern.constants.clone();
        let spans = &fields[self.fields.clone()];
        for ((_, name, normaliser), span) in self.pattern.fields.iter().zip(spans) {
            if let Some(span) = span {
                values.push((name.clone(), normaliser.apply(&text[span.clone()])?));
            }
        }
        Value::build(kind, values, &text[self.span.clone()])
    }
}

/// Records one match, found in a text that starts at byte `offset` of the paragraph; returns
/// its span, even when it is no value. Spans in `excluded` and in the results are the
/// paragraph's.
fn item<'p>(
    pattern: &'p Pattern,
    offset: usize,
    locs: &Captures,
    whole: Range<usize>,
    excluded: &[Range<usize>],
    out: &mut Found<'p>,
) -> Option<Range<usize>> {
    let mut span: Option<Range<usize>> = None;
    let start = out.fields.len();
    for (group, _, _) in &pattern.fields {
        let field = locs.get_group(*group).map(|Span { start: s, end: e }| {
            span = Some(match &span {
                None => s..e,
                Some(r) => r.start.min(s)..r.end.max(e),
            });
            s + offset..e + offset
        });
        out.fields.push(field);
    }
    let span = pattern
        .span_group
        .and_then(|g| locs.get_group(g))
        .map(|g| g.range())
        .or(span)
        .unwrap_or(whole);
    let span = span.start + offset..span.end + offset;
    if span.is_empty() || overlaps_any(excluded, &span) {
        out.fields.truncate(start);
    } else {
        out.matches.push(Match {
            span: span.clone(),
            pattern,
            fields: start..out.fields.len(),
            value: None,
        });
    }
    Some(span)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What counts towards [`MAX_VALUES`] is values: a paragraph with more matches than that,
    /// none of whose values builds (here "QQ" is no Roman numeral), is read, not refused.
    #[test]
    fn matches_without_a_value_do_not_count_towards_the_limit() {
        let user = "[[rule]]\nid = \"annex\"\nsummary = \"s\"\ncheck = \"values\"\n\
                    [[rule.en]]\npattern = 'annex (?P<n>[A-Z]+)\\b'\n\
                    normalise = { n = \"roman\" }\n\
                    [[rule.zh]]\npattern = '附件(?P<n>[0-9])'\n";
        let rules = crate::rules::load_texts(&[("user.toml".to_string(), user.to_string())])
            .expect("the rules load");
        let analyse = |word: &str| {
            let doc =
                Document::from_text("en.txt", format!("annex {word} ").repeat(MAX_VALUES + 10));
            let structure = crate::structure::analyse(&doc, Side::En, &rules);
            extract(&doc, &structure, &rules, Side::En).overflow
        };
        assert_eq!(analyse("QQ"), None);
        assert_eq!(analyse("II"), Some(0));
    }
}
