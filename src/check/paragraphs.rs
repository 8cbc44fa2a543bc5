//! Paragraph checks over the alignment: paragraphs without counterpart, merged or split
//! paragraphs, and operative numbering.

use super::{Context, diagnostic};
use crate::align::Pair;
use crate::diagnostic::{Diagnostic, Label, Side};
use crate::rules::Rule;
use crate::structure::{BlockKind, Zone};

const RUNS: [Zone; 3] = [Zone::Preamble, Zone::Operative, Zone::Body];

pub fn missing(ctx: &Context, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let pairs = &ctx.alignment.pairs;
    // Paragraphs per zone and side, counted once: a run of 10,000 paragraphs without
    // counterpart must not count them again for each one.
    let mut counts: std::collections::HashMap<(Zone, Side), usize> = Default::default();
    for p in pairs {
        for s in Side::BOTH {
            *counts.entry((p.zone, s)).or_default() += p.blocks(s).len();
        }
    }
    let mut reported_whole = std::collections::HashSet::new();
    for (k, pair) in pairs.iter().enumerate() {
        if !RUNS.contains(&pair.zone) || pair.is_matched() {
            continue;
        }
        let side = if pair.en.is_empty() {
            Side::Zh
        } else {
            Side::En
        };
        let other = side.other();
        let noun = pair.zone.paragraph_noun();
        let count = |s: Side| counts.get(&(pair.zone, s)).copied().unwrap_or(0);
        if count(other) == 0 && count(side) > 1 {
            // The other version has no paragraph of this kind at all (an extraction that kept
            // only page furniture, a truncated file): one finding says so, rather than one
            // per paragraph (issue #5).
            if reported_whole.insert(pair.zone) {
                whole_run_missing(ctx, rule, pair, side, count(side), out);
            }
            continue;
        }
        let pos = pair.pos(side);
        let first = ctx.version(side).structure.blocks[pair.blocks(side)[0]]
            .span
            .clone();
        let mut labels = vec![Label::new(
            side,
            first,
            format!("no counterpart in {}", other.name()),
        )];
        // Where the counterpart was expected: after the previous aligned paragraph, or before
        // the next one.
        let before = pairs[..k]
            .iter()
            .rev()
            .take_while(|p| p.zone == pair.zone)
            .find(|p| !p.blocks(other).is_empty());
        let after = pairs[k + 1..]
            .iter()
            .take_while(|p| p.zone == pair.zone)
            .find(|p| !p.blocks(other).is_empty());
        let expected = match (before, after) {
            (Some(b), _) => ctx.pair_label(b, other, "expected after this paragraph".into()),
            (None, Some(a)) => ctx.pair_label(a, other, "expected before this paragraph".into()),
            _ => None,
        };
        labels.extend(expected);
        let en_count = count(Side::En);
        let message = format!(
            "{} {noun} {pos} has no counterpart in the {} version ({en_count} {noun}{} in English, {} in Chinese)",
            side.name(),
            other.name(),
            if en_count == 1 { "" } else { "s" },
            count(Side::Zh),
        );
        let help = Some(format!(
            "translate the paragraph, or remove it from the {} version",
            side.name()
        ));
        out.push(diagnostic(rule, message, help, labels));
    }
}

fn whole_run_missing(
    ctx: &Context,
    rule: &Rule,
    pair: &Pair,
    side: Side,
    count: usize,
    out: &mut Vec<Diagnostic>,
) {
    let other = side.other();
    let noun = pair.zone.paragraph_noun();
    let first = ctx.version(side).structure.blocks[pair.blocks(side)[0]]
        .span
        .clone();
    out.push(diagnostic(
        rule,
        format!(
            "the {} version has no {noun}s: none of the {count} {} {noun}s has a counterpart",
            other.name(),
            side.name()
        ),
        Some(format!(
            "check that {} is the whole {} version: its lines are page furniture or of another kind",
            ctx.version(other).doc.path,
            other.name()
        )),
        vec![Label::new(
            side,
            first,
            format!("the first of {count} {noun}s without counterpart"),
        )],
    ));
}

pub fn merged(ctx: &Context, rule: &Rule, out: &mut Vec<Diagnostic>) {
    for pair in &ctx.alignment.pairs {
        if !matches!(pair.zone, Zone::Preamble | Zone::Operative)
            || pair.en.len() + pair.zh.len() <= 2
            || !pair.is_matched()
        {
            continue;
        }
        let (many, one) = if pair.en.len() > 1 {
            (Side::En, Side::Zh)
        } else {
            (Side::Zh, Side::En)
        };
        let noun = pair.zone.paragraph_noun();
        let p = pair.pos(many);
        let labels: Vec<Label> = [(many, "these paragraphs"), (one, "correspond to this one")]
            .into_iter()
            .filter_map(|(s, m)| ctx.pair_label(pair, s, m.into()))
            .collect();
        out.push(diagnostic(
            rule,
            format!(
                "{} {noun}s {p} and {} correspond to one {} paragraph",
                many.name(),
                p + 1,
                one.name()
            ),
            Some("split or merge the paragraphs so that both versions have the same count".into()),
            labels,
        ));
    }
}

pub fn numbering(ctx: &Context, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let number = |pair: &Pair, side: Side| -> Option<(String, std::ops::Range<usize>)> {
        let &b = pair.blocks(side).first()?;
        let block = &ctx.version(side).structure.blocks[b];
        (block.kind == BlockKind::Numbered)
            .then(|| block.number.clone())
            .flatten()
    };
    let operative: Vec<&Pair> = ctx
        .alignment
        .pairs
        .iter()
        .filter(|p| p.zone == Zone::Operative && p.is_matched())
        .collect();
    let mut renumbered = false;
    for pair in &operative {
        if let (Some((en, en_span)), Some((zh, zh_span))) =
            (number(pair, Side::En), number(pair, Side::Zh))
            && en != zh
        {
            renumbered = true;
            out.push(diagnostic(
                rule,
                format!("operative paragraph {en} in English is numbered {zh} in Chinese"),
                Some(format!("number the Chinese paragraph {en}, as in English")),
                vec![
                    Label::new(Side::En, en_span, format!("English: {en}")),
                    Label::new(Side::Zh, zh_span, format!("Chinese: {zh}")),
                ],
            ));
        }
    }
    if renumbered {
        // The differences above explain any gap or duplicate they cause.
        return;
    }
    for side in Side::BOTH {
        let mut previous: Option<u64> = None;
        for b in ctx.version(side).structure.of_zone(Zone::Operative) {
            let block = &ctx.version(side).structure.blocks[b];
            let Some((n, span)) = block
                .number
                .as_ref()
                .filter(|_| block.kind == BlockKind::Numbered)
            else {
                continue;
            };
            let Ok(value) = n.parse::<u64>() else {
                continue;
            };
            let expected = previous.map_or(1, |p| p + 1);
            if value != expected {
                let what = if previous == Some(value) {
                    "repeats"
                } else {
                    "breaks the sequence after"
                };
                let after = previous.map_or_else(|| "the start".to_string(), |p| p.to_string());
                out.push(diagnostic(
                    rule,
                    format!("{} operative paragraph {value} {what} {after}", side.name()),
                    Some(format!("expected paragraph {expected}")),
                    vec![Label::new(
                        side,
                        span.clone(),
                        format!("expected {expected}"),
                    )],
                ));
            }
            previous = Some(value);
        }
    }
}
