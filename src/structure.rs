//! Structure: a document's lines → classified blocks in zones.
//!
//! A block is one non-blank line (UN documents put one paragraph on a line). Each block is an
//! artefact (page furniture, extraction tags: never content), or content in a zone: heading,
//! preamble, operative part, signature, footnote bodies, or an unstructured body when the
//! document has no chapeau ("The General Assembly,"). What each kind looks like is declared in
//! `rules/structure.toml`; this module only applies it. Knows nothing of values or output.

use std::ops::Range;

use crate::diagnostic::Side;
use crate::document::Document;
use crate::fold::Folded;
use crate::rules::{Admits, BlockPatternKind, Extent, RuleSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Zone {
    Heading,
    Preamble,
    Operative,
    Signature,
    /// Content of a document without a chapeau: aligned as one run.
    Body,
    Footnotes,
    Artefact,
    /// A line of a line-aligned file.
    Line,
}

impl Zone {
    /// How a paragraph of this zone is named in messages.
    pub fn paragraph_noun(self) -> &'static str {
        match self {
            Zone::Heading => "heading line",
            Zone::Preamble => "preambular paragraph",
            Zone::Operative => "operative paragraph",
            Zone::Signature => "signature line",
            Zone::Body => "paragraph",
            Zone::Footnotes => "footnote",
            Zone::Artefact => "artefact",
            Zone::Line => "line",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Chapeau,
    /// "3. Requests …": an operative (or any numbered) paragraph.
    Numbered,
    /// "(a) …"
    SubParagraph,
    Footnote,
    Signature,
    Artefact,
    /// An entry of a list or a row of a table, in a format that marks them (Markdown).
    Entry,
}

#[derive(Debug, Clone)]
pub struct Block {
    /// The line without its surrounding white space.
    pub span: Range<usize>,
    pub kind: BlockKind,
    pub zone: Zone,
    /// The paragraph or footnote number as written ("3", "a", "¹" → "1"), and its span.
    pub number: Option<(String, Range<usize>)>,
    /// 1-based position among the content blocks of its zone, for messages.
    pub ordinal: usize,
    /// Which patterns may match it.
    pub admits: Admits,
}

impl Block {
    pub fn is_content(&self) -> bool {
        self.zone != Zone::Artefact
    }
}

#[derive(Debug, Clone)]
pub struct Structure {
    pub blocks: Vec<Block>,
}

impl Structure {
    pub fn of_zone(&self, zone: Zone) -> impl Iterator<Item = usize> + '_ {
        self.blocks
            .iter()
            .enumerate()
            .filter(move |(_, b)| b.zone == zone)
            .map(|(i, _)| i)
    }

    pub fn has_zone(&self, zone: Zone) -> bool {
        self.blocks.iter().any(|b| b.zone == zone)
    }

    /// For line-aligned files: every content line is a plain line, numbered by its line in
    /// the file, and no line is a footnote body or a heading.
    pub fn flatten_to_lines(&mut self, doc: &Document) {
        for b in &mut self.blocks {
            if b.zone == Zone::Artefact {
                continue;
            }
            if b.kind == BlockKind::Footnote {
                b.kind = BlockKind::Paragraph;
                b.number = None;
            }
            b.zone = Zone::Line;
            b.ordinal = doc.position(b.span.start).line;
        }
    }
}

/// Splits a document into blocks and zones.
pub fn analyse(doc: &Document, side: Side, rule_set: &RuleSet) -> Structure {
    let rules = &rule_set.structure;
    let mut blocks = Vec::new();
    let mut rest_is_artefact = false;
    for line in doc.lines() {
        let raw = &doc.text[line.clone()];
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        let start = line.start + (raw.len() - raw.trim_start().len());
        let span = start..start + trimmed.len();
        let folded = Folded::new(trimmed);
        let admits = rule_set.admits(side, &folded.text);
        let mut kind = BlockKind::Paragraph;
        let mut number = None;
        if !rest_is_artefact {
            for (i, a) in rules.artefacts.iter().enumerate() {
                if a.langs.has(side) && rule_set.artefact_matches(&admits, side, i, &folded.text) {
                    kind = BlockKind::Artefact;
                    if a.extent == Extent::Rest {
                        rest_is_artefact = true;
                    }
                    break;
                }
            }
        }
        if rest_is_artefact {
            kind = BlockKind::Artefact;
        }
        if kind != BlockKind::Artefact {
            for (i, p) in rules.blocks.iter().enumerate() {
                if !p.langs.has(side) || !rule_set.block_may_match(&admits, side, i) {
                    continue;
                }
                let regex = &p.regex;
                let mut caps = regex.create_captures();
                regex.captures(&folded.text, &mut caps);
                if !caps.is_match() {
                    continue;
                }
                if p.unless.as_ref().is_some_and(|u| u.is_match(&folded.text)) {
                    continue;
                }
                kind = match p.kind {
                    BlockPatternKind::Chapeau => BlockKind::Chapeau,
                    BlockPatternKind::Operative => BlockKind::Numbered,
                    BlockPatternKind::SubParagraph => BlockKind::SubParagraph,
                    BlockPatternKind::Footnote => BlockKind::Footnote,
                    BlockPatternKind::Signature => BlockKind::Signature,
                };
                number = caps.get_group_by_name("n").map(|m| {
                    let digits = &folded.text[m.range()];
                    let text = crate::normalize::Normaliser::Superscript
                        .apply(digits)
                        .unwrap_or_else(|| digits.to_string());
                    let s = span.start + folded.to_original(m.start);
                    let e = span.start + folded.to_original(m.end);
                    (text, s..e)
                });
                break;
            }
        }
        blocks.push(Block {
            span,
            kind,
            zone: Zone::Body,
            number,
            ordinal: 0,
            admits,
        });
    }
    accept_footnotes(&mut blocks);
    assign_zones(&mut blocks);
    Structure { blocks }
}

/// The structure of a document a format module read ([`crate::format`]): its blocks as they
/// are, footnote bodies numbered by their labels, everything else a paragraph of the body.
/// `doc` holds the compared text. The line patterns of `rules/structure.toml` (page
/// furniture, operative numbers, plain-digit footnote bodies) describe plain text and are not
/// applied.
pub fn from_format(
    doc: &Document,
    side: Side,
    rule_set: &RuleSet,
    formatted: &[crate::format::Block],
) -> Structure {
    let mut blocks: Vec<Block> = formatted
        .iter()
        .map(|f| {
            let text = &doc.text[f.span.clone()];
            let folded = Folded::new(text);
            let footnote = f.kind == crate::format::Kind::Footnote;
            Block {
                span: f.span.clone(),
                kind: match f.kind {
                    crate::format::Kind::Footnote => BlockKind::Footnote,
                    crate::format::Kind::ListItem | crate::format::Kind::TableRow => {
                        BlockKind::Entry
                    }
                    _ => BlockKind::Paragraph,
                },
                zone: Zone::Body,
                number: f.number.clone().filter(|_| footnote),
                ordinal: 0,
                admits: rule_set.admits(side, &folded.text),
            }
        })
        .collect();
    assign_zones(&mut blocks);
    // Keyed units are paired by key, as the lines of a line-aligned file are by line.
    for (b, f) in blocks.iter_mut().zip(formatted) {
        if let Some(key) = f.key {
            b.zone = Zone::Line;
            b.ordinal = key;
        }
    }
    Structure { blocks }
}

/// Plain-digit footnote bodies ("1 United Nations, …") are easy to confuse with a paragraph
/// that opens with a number, so they count only as a run numbered 1, 2, 3… after some content.
/// Superscript bodies ("¹ 联合国…") are unambiguous.
fn accept_footnotes(blocks: &mut [Block]) {
    let mut expected = 1u64;
    let mut seen_content = false;
    for b in blocks.iter_mut() {
        match b.kind {
            BlockKind::Artefact => {}
            BlockKind::Footnote => {
                let n: Option<u64> = b.number.as_ref().and_then(|(n, _)| n.parse().ok());
                if seen_content && n == Some(expected) {
                    expected += 1;
                } else if seen_content && n.is_some_and(|n| n > expected && n < expected + 3) {
                    // A body lost in extraction: keep counting from this one.
                    expected = n.unwrap_or(expected) + 1;
                } else {
                    b.kind = BlockKind::Paragraph;
                    b.number = None;
                    seen_content = true;
                }
            }
            _ => seen_content = true,
        }
    }
}

fn assign_zones(blocks: &mut [Block]) {
    let chapeau = blocks.iter().position(|b| b.kind == BlockKind::Chapeau);
    let first_operative = chapeau.and_then(|c| {
        blocks[c..]
            .iter()
            .position(|b| b.kind == BlockKind::Numbered)
            .map(|i| c + i)
    });
    for (i, b) in blocks.iter_mut().enumerate() {
        b.zone = match b.kind {
            BlockKind::Artefact => Zone::Artefact,
            BlockKind::Footnote => Zone::Footnotes,
            _ => match (chapeau, first_operative) {
                (None, _) => Zone::Body,
                (Some(c), _) if i < c => Zone::Heading,
                (Some(c), _) if i == c => Zone::Heading,
                (Some(_), Some(o)) if i >= o && b.kind == BlockKind::Signature => Zone::Signature,
                (Some(_), Some(o)) if i >= o => Zone::Operative,
                (Some(_), _) => Zone::Preamble,
            },
        };
        if b.kind != BlockKind::Signature && b.zone == Zone::Body {
            continue;
        }
    }
    // Signature lines only close a document: a date line between operative paragraphs is text.
    if let Some(last_text) = blocks
        .iter()
        .rposition(|b| b.zone == Zone::Operative && b.kind != BlockKind::Signature)
    {
        for b in &mut blocks[..last_text] {
            if b.zone == Zone::Signature {
                b.zone = Zone::Operative;
            }
        }
    }
    let mut counters = std::collections::HashMap::new();
    for b in blocks.iter_mut() {
        let c = counters.entry(b.zone).or_insert(0);
        *c += 1;
        b.ordinal = *c;
    }
}
