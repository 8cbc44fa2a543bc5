//! Footnote checks: bodies matched across versions, and markers linked to bodies within each.

use std::collections::BTreeSet;

use super::{Context, diagnostic};
use crate::diagnostic::{Diagnostic, Label, Side};
use crate::rules::Rule;
use crate::structure::{BlockKind, Zone};

pub fn bodies(ctx: &Context, rule: &Rule, out: &mut Vec<Diagnostic>) {
    for pair in &ctx.alignment.pairs {
        if pair.zone != Zone::Footnotes || pair.is_matched() {
            continue;
        }
        let side = if pair.en.is_empty() {
            Side::Zh
        } else {
            Side::En
        };
        let other = side.other();
        let block = &ctx.version(side).structure.blocks[pair.blocks(side)[0]];
        let number = block.number.as_ref().map_or("?", |(n, _)| n.as_str());
        out.push(diagnostic(
            rule,
            format!(
                "footnote {number} in {} has no body in {}",
                side.name(),
                other.name()
            ),
            Some(format!(
                "add footnote {number} to the {} version",
                other.name()
            )),
            vec![Label::new(
                side,
                block.span.clone(),
                format!("no footnote {number} in {}", other.name()),
            )],
        ));
    }
}

pub fn links(ctx: &Context, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let Some(markers) = rule.markers else { return };
    for side in Side::BOTH {
        let version = ctx.version(side);
        let bodies: Vec<(&str, &std::ops::Range<usize>)> = version
            .structure
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Footnote)
            .filter_map(|b| b.number.as_ref().map(|(n, _)| (n.as_str(), &b.span)))
            .collect();
        if bodies.is_empty() {
            continue;
        }
        let marker_items: Vec<_> = version
            .extraction
            .items
            .iter()
            .filter(|i| i.rule == markers)
            .collect();
        let aside = version
            .extraction
            .aside
            .iter()
            .filter(|i| i.rule == markers);
        let numbers: BTreeSet<&str> = marker_items
            .iter()
            .copied()
            .chain(aside)
            .filter_map(|i| i.value.0.first().map(|(_, v)| v.as_str()))
            .collect();
        let body_numbers: BTreeSet<&str> = bodies.iter().map(|(n, _)| *n).collect();
        for item in &marker_items {
            let Some((_, n)) = item.value.0.first() else {
                continue;
            };
            if !body_numbers.contains(n.as_str()) {
                out.push(diagnostic(
                    rule,
                    format!(
                        "footnote marker {n} in {} has no footnote body",
                        side.name()
                    ),
                    None,
                    vec![Label::new(
                        side,
                        item.span.clone(),
                        "no body with this number",
                    )],
                ));
            }
        }
        for (n, span) in &bodies {
            if !numbers.contains(n) {
                out.push(diagnostic(
                    rule,
                    format!(
                        "footnote {n} in {} is not referenced by any marker",
                        side.name()
                    ),
                    None,
                    vec![Label::new(
                        side,
                        (*span).clone(),
                        "no marker refers to this footnote",
                    )],
                ));
            }
        }
    }
}
