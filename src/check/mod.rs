//! Checks: aligned, extracted documents → diagnostics. One file per kind of check; each rule
//! names its kind and the dispatcher runs it. Knows nothing of output formats.

mod footnotes;
pub mod identical;
mod masthead;
mod paragraphs;
mod values;

use std::ops::Range;

use crate::align::{Alignment, Pair};
use crate::diagnostic::{Diagnostic, Label, Side};
use crate::document::Document;
use crate::extract::Extraction;
use crate::rules::{Check, Rule, RuleSet};
use crate::structure::{Structure, Zone};

/// Everything known about one version.
pub struct Version<'a> {
    /// The text compared: the file as written, or what its format module compares of it
    /// (markup and code blanked, with the same offsets and lines).
    pub doc: &'a Document,
    /// The file as written: the same offsets and lines as `doc`.
    pub written: &'a str,
    pub structure: &'a Structure,
    pub extraction: &'a Extraction,
}

pub struct Context<'a> {
    pub en: Version<'a>,
    pub zh: Version<'a>,
    pub alignment: &'a Alignment,
    pub rules: &'a RuleSet,
}

impl<'a> Context<'a> {
    pub fn version(&self, side: Side) -> &Version<'a> {
        match side {
            Side::En => &self.en,
            Side::Zh => &self.zh,
        }
    }

    pub fn text(&self, side: Side, span: &Range<usize>) -> &str {
        &self.version(side).doc.text[span.clone()]
    }

    /// The span covering a pair's blocks on one side.
    pub fn pair_span(&self, pair: &Pair, side: Side) -> Option<Range<usize>> {
        let blocks = &self.version(side).structure.blocks;
        let ids = pair.blocks(side);
        let first = blocks.get(*ids.first()?)?;
        let last = blocks.get(*ids.last()?)?;
        Some(first.span.start..last.span.end)
    }

    /// "preambular paragraph 7", "operative paragraph 3", "footnote 2", "the heading".
    pub fn pair_name(&self, pair: &Pair) -> String {
        match pair.zone {
            Zone::Heading => "heading".into(),
            Zone::Signature => "signature".into(),
            Zone::Footnotes => {
                let side = if pair.en.is_empty() {
                    Side::Zh
                } else {
                    Side::En
                };
                let number = pair
                    .blocks(side)
                    .first()
                    .and_then(|&b| self.version(side).structure.blocks[b].number.as_ref())
                    .map_or_else(String::new, |(n, _)| format!(" {n}"));
                format!("footnote{number}")
            }
            zone => {
                let side = if pair.en.is_empty() {
                    Side::Zh
                } else {
                    Side::En
                };
                let noun = zone.paragraph_noun();
                let qualifier = if side == Side::Zh { "Chinese " } else { "" };
                format!("{qualifier}{noun} {}", pair.pos(side))
            }
        }
    }

    /// A label on a pair's blocks on one side, or on the nearest block where they would stand.
    pub fn pair_label(&self, pair: &Pair, side: Side, message: String) -> Option<Label> {
        self.pair_span(pair, side)
            .map(|span| Label::new(side, span, message))
    }
}

/// Runs every rule over a checked pair.
pub fn run(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut leftovers = Vec::new();
    for (index, rule) in ctx.rules.rules.iter().enumerate() {
        match rule.check {
            Check::Values | Check::Count | Check::Sequence => {
                values::check(ctx, index, rule, &mut out, &mut leftovers);
                if rule.masthead {
                    masthead::check(ctx, index, rule, &mut out);
                }
            }
            Check::Paragraphs => paragraphs::missing(ctx, rule, &mut out),
            Check::Merges => paragraphs::merged(ctx, rule, &mut out),
            Check::Numbering => paragraphs::numbering(ctx, rule, &mut out),
            Check::FootnoteBodies => footnotes::bodies(ctx, rule, &mut out),
            Check::FootnoteLinks => footnotes::links(ctx, rule, &mut out),
            Check::Ignore => {}
            // A pair that reaches the checks has both files.
            Check::Counterpart => {}
            // Checked once the findings are in (`suppress::filter`).
            Check::Suppression => {}
        }
    }
    values::pair_across_rules(&mut out, &leftovers);
    out
}

fn diagnostic(
    rule: &Rule,
    message: String,
    help: Option<String>,
    labels: Vec<Label>,
) -> Diagnostic {
    Diagnostic {
        rule: rule.id.clone(),
        severity: rule.severity,
        message,
        help: help.or_else(|| rule.help.clone()),
        labels,
        fix: None,
    }
}
