//! Extraction: compiled rules × blocks → typed items with spans.
//!
//! Rules run in priority order over each block's folded text. Within a rule, overlapping
//! matches keep the earliest and longest; across rules, text matched by a rule is claimed and
//! never matched again by a rule that runs later (so "2016,2" is a year and a footnote marker,
//! and a symbol's digits are never read again as a marker). Knows nothing of output.

use std::ops::Range;

use crate::diagnostic::Side;
use crate::document::Document;
use crate::fold::Folded;
use crate::rules::{BlockFilter, Pattern, RuleSet};
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
}

/// All items of one document, in block order, then position.
#[derive(Debug, Default)]
pub struct Extraction {
    pub items: Vec<Item>,
}

impl Extraction {
    /// Items of one rule in the given blocks.
    pub fn of<'a>(&'a self, rule: usize, blocks: &'a [usize]) -> impl Iterator<Item = &'a Item> {
        self.items
            .iter()
            .filter(move |i| i.rule == rule && blocks.contains(&i.block))
    }
}

pub fn extract(doc: &Document, structure: &Structure, rules: &RuleSet, side: Side) -> Extraction {
    let mut items = Vec::new();
    let mut claimed: Vec<Range<usize>> = Vec::new();
    let mut candidates: Vec<(Range<usize>, Value, bool)> = Vec::new();
    for (b, block) in structure.blocks.iter().enumerate() {
        if !block.is_content() {
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
            claimed.push(folded.to_folded(s)..folded.to_folded(e));
        }
        for (r, rule) in rules.rules.iter().enumerate() {
            if !rule.check.extracts() || !reads(rule.blocks, block.zone) {
                continue;
            }
            candidates.clear();
            for pattern in rule.patterns(side) {
                // ASCII lower-casing keeps every byte offset.
                let text = if pattern.lowercase {
                    lower.get_or_insert_with(|| folded.text.to_ascii_lowercase())
                } else {
                    &*folded.text
                };
                find(pattern, text, rule.value, &mut candidates);
            }
            candidates.sort_by_key(|(s, _, _)| (s.start, std::cmp::Reverse(s.end)));
            let mut last_end = 0;
            let first_new = claimed.len();
            for (span, value, optional) in candidates.drain(..) {
                if span.start < last_end || overlaps(&claimed[..first_new], &span) {
                    continue;
                }
                last_end = span.end;
                let start = block.span.start + folded.to_original(span.start);
                let end = block.span.start + folded.to_original(span.end);
                claimed.push(span);
                if rule.check == crate::rules::Check::Ignore {
                    continue;
                }
                items.push(Item {
                    rule: r,
                    block: b,
                    span: start..end,
                    optional: optional
                        || rule
                            .optional_below
                            .is_some_and(|limit| value.is_small_count(limit)),
                    value,
                });
            }
        }
    }
    items.sort_by_key(|i| (i.block, i.span.start));
    Extraction { items }
}

fn reads(filter: BlockFilter, zone: Zone) -> bool {
    match filter {
        BlockFilter::All => true,
        BlockFilter::Text => zone != Zone::Footnotes,
        BlockFilter::Footnotes => zone == Zone::Footnotes,
    }
}

fn overlaps(claimed: &[Range<usize>], span: &Range<usize>) -> bool {
    claimed
        .iter()
        .any(|c| c.start < span.end && span.start < c.end)
}

/// All matches of one pattern. A match's span is its `span` capture, or runs from its first
/// to its last named capture. After a match, the pattern's `then` continuation is tried right
/// where the value ended, again and again, for the further items of a list ("rules 21 and
/// 99", "第5至8条").
fn find(
    pattern: &Pattern,
    text: &str,
    kind: crate::rules::ValueKind,
    out: &mut Vec<(Range<usize>, Value, bool)>,
) {
    let excluded: Vec<Range<usize>> = pattern
        .unless
        .as_ref()
        .map(|u| u.find_iter(text).map(|m| m.range()).collect())
        .unwrap_or_default();
    let mut at = 0;
    let mut locs = pattern.regex.capture_locations();
    while at <= text.len() {
        let Some(whole) = pattern.regex.captures_read_at(&mut locs, text, at) else {
            break;
        };
        let span = item(pattern, text, kind, &locs, whole.range(), &excluded, out);
        if let (Some(then), Some(mut end)) = (&pattern.then, span.as_ref().map(|s| s.end)) {
            let mut then_locs = then.regex.capture_locations();
            while let Some(m) = then.regex.captures_read_at(&mut then_locs, text, end) {
                if m.start() != end {
                    break;
                }
                match item(then, text, kind, &then_locs, m.range(), &excluded, out) {
                    Some(s) if s.end > end => end = s.end,
                    _ => break,
                }
            }
        }
        // Resume inside the value: a guard character that a match consumed around it (the
        // ")" before "2051 (2012)" in a list) may open the next match. Overlaps are resolved
        // by the caller, earliest and longest first.
        let start = span.map_or(whole.start(), |s| s.start);
        at = start.max(at) + 1;
        while at < text.len() && !text.is_char_boundary(at) {
            at += 1;
        }
    }
}

/// Builds the item of one match; returns its span, even when the value was dropped.
fn item(
    pattern: &Pattern,
    text: &str,
    kind: crate::rules::ValueKind,
    locs: &regex::CaptureLocations,
    whole: Range<usize>,
    excluded: &[Range<usize>],
    out: &mut Vec<(Range<usize>, Value, bool)>,
) -> Option<Range<usize>> {
    let mut span: Option<Range<usize>> = None;
    let mut fields = pattern.constants.clone();
    let mut valid = true;
    for (group, name, normaliser) in &pattern.fields {
        let Some((s, e)) = locs.get(*group) else {
            continue;
        };
        span = Some(match span {
            None => s..e,
            Some(r) => r.start.min(s)..r.end.max(e),
        });
        match normaliser.apply(&text[s..e]) {
            Some(v) => fields.push((name.clone(), v)),
            None => valid = false,
        }
    }
    let span = pattern
        .span_group
        .and_then(|g| locs.get(g))
        .map(|(s, e)| s..e)
        .or(span)
        .unwrap_or(whole);
    if valid
        && !span.is_empty()
        && !overlaps(excluded, &span)
        && let Some(value) = Value::build(kind, fields, &text[span.clone()])
    {
        out.push((span.clone(), value, pattern.optional));
    }
    Some(span)
}
