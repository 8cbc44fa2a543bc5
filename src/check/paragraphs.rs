//! Paragraph checks over the alignment: paragraphs without counterpart, merged or split
//! paragraphs, and operative numbering.

use super::{Context, diagnostic};
use crate::align::Pair;
use crate::diagnostic::{Diagnostic, Label, Side};
use crate::rules::Rule;
use crate::structure::{BlockKind, Zone};

const RUNS: [Zone; 4] = [Zone::Preamble, Zone::Operative, Zone::Body, Zone::Line];

pub fn missing(ctx: &Context, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let pairs = &ctx.alignment.pairs;
    repeated(ctx, rule, out);
    // Paragraphs per zone and side, counted once: a run of 10,000 paragraphs without
    // counterpart must not count them again for each one.
    let mut counts: std::collections::HashMap<(Zone, Side), usize> = Default::default();
    for p in pairs {
        for s in Side::BOTH {
            *counts.entry((p.zone, s)).or_default() += p.blocks(s).len();
        }
    }
    let mut reported_whole = std::collections::HashSet::new();
    let (before_of, after_of) = neighbours(pairs);
    // Each block's place in its run, per side: looked up for the alternatives of each
    // paragraph without counterpart.
    let mut places: [std::collections::HashMap<usize, (Zone, usize)>; 2] = Default::default();
    for p in pairs {
        for s in Side::BOTH {
            for (i, &b) in p.blocks(s).iter().enumerate() {
                places[s as usize]
                    .entry(b)
                    .or_insert((p.zone, p.pos(s) + i));
            }
        }
    }
    let in_regions = stale_regions(ctx, rule, &counts, out);
    // Built once, when a paragraph without counterpart needs it.
    let texts = std::cell::OnceCell::new();
    for (k, pair) in pairs.iter().enumerate() {
        if !RUNS.contains(&pair.zone) || pair.is_matched() || in_regions.contains(&k) {
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
        let position = |block: usize| match places[side as usize].get(&block) {
            Some(&(zone, at)) if zone == pair.zone => Some(at),
            _ => None,
        };
        // Of the paragraphs equally likely to be the one without counterpart, one whose text
        // the other version holds verbatim as often is not it: the nearest other one is named.
        // When every one of them is such a paragraph, each has its counterpart, elsewhere (a
        // table whose identical rows the versions order differently): nothing is missing.
        let texts = texts.get_or_init(|| block_texts(ctx));
        let first = pair.blocks(side)[0];
        let Some(main) = std::iter::once(first)
            .chain(
                pair.alternatives
                    .iter()
                    .copied()
                    .filter(|&b| b != first && position(b).is_some()),
            )
            .filter(|&b| !verbatim(ctx, texts, side, b))
            .min_by_key(|&b| {
                (
                    b != first,
                    position(b).unwrap_or(0).abs_diff(pair.pos(side)),
                )
            })
        else {
            continue;
        };
        let pos = position(main).unwrap_or(pair.pos(side));
        let first = ctx.version(side).structure.blocks[main].span.clone();
        let mut labels = vec![Label::new(
            side,
            first,
            format!("no counterpart in {}", other.name()),
        )];
        // Where the counterpart was expected: after the previous aligned paragraph, or before
        // the next one.
        let before = before_of[k][other as usize].map(|b| &pairs[b]);
        let after = after_of[k][other as usize].map(|a| &pairs[a]);
        let expected = match (before, after) {
            (Some(b), _) => ctx.pair_label(b, other, "expected after this paragraph".into()),
            (None, Some(a)) => ctx.pair_label(a, other, "expected before this paragraph".into()),
            _ => None,
        };
        labels.extend(expected);
        let en_count = count(Side::En);
        let mut message = format!(
            "{} {noun} {pos} has no counterpart in the {} version ({en_count} {noun}{} in English, {} in Chinese)",
            side.name(),
            other.name(),
            if en_count == 1 { "" } else { "s" },
            count(Side::Zh),
        );
        // Neighbours that the alignment cannot tell from this one are named too.
        let others: Vec<usize> = pair
            .alternatives
            .iter()
            .copied()
            .filter(|&b| b != main)
            .collect();
        if !others.is_empty() {
            let mut all: Vec<usize> = pair
                .alternatives
                .iter()
                .map(|&b| position(b).unwrap_or(pos))
                .collect();
            all.sort_unstable();
            all.dedup();
            let list = all
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            message.push_str(&format!(
                "; {noun}s {list} are equally likely to be the one without counterpart"
            ));
            for b in others {
                let span = ctx.version(side).structure.blocks[b].span.clone();
                labels.push(Label::new(side, span, "or this one"));
            }
        }
        let help = Some(format!(
            "translate the paragraph, or remove it from the {} version",
            side.name()
        ));
        out.push(diagnostic(rule, message, help, labels));
    }
}

/// How often each block text, and each line (trimmed), stands in each version:
/// `[english, chinese]`.
type BlockTexts<'a> = std::collections::HashMap<&'a str, [usize; 2]>;

fn block_texts<'a>(ctx: &Context<'a>) -> (BlockTexts<'a>, BlockTexts<'a>) {
    let (mut blocks, mut lines): (BlockTexts<'a>, BlockTexts<'a>) = Default::default();
    for s in Side::BOTH {
        let v = ctx.version(s);
        for b in &v.structure.blocks {
            blocks.entry(v.doc.text[b.span.clone()].trim()).or_default()[s as usize] += 1;
        }
        for line in v.written.split('\n') {
            lines.entry(line.trim()).or_default()[s as usize] += 1;
        }
    }
    (blocks, lines)
}

/// Whether the text of `block` (of version `side`) stands in the other version at least as
/// often as in its own: as a whole block of the compared text, or as the whole lines it lies
/// on in the file as written (a table row whose markup the versions write alike, a list
/// item).
fn verbatim(
    ctx: &Context,
    (blocks, lines): &(BlockTexts, BlockTexts),
    side: Side,
    block: usize,
) -> bool {
    let v = ctx.version(side);
    let span = v.structure.blocks[block].span.clone();
    let as_often = |counts: &BlockTexts, text: &str| {
        counts
            .get(text)
            .is_some_and(|n| !text.is_empty() && n[side.other() as usize] >= n[side as usize])
    };
    if as_often(blocks, v.doc.text[span.clone()].trim()) {
        return true;
    }
    // The whole lines the block lies on, in the file as written.
    let (Some(before), Some(after)) = (v.written.get(..span.start), v.written.get(span.end..))
    else {
        return false;
    };
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let end = after.find('\n').map_or(v.written.len(), |i| span.end + i);
    let mut any = false;
    for line in v.written[start..end].split('\n') {
        let text = line.trim();
        if !text.is_empty() {
            if !as_often(lines, text) {
                return false;
            }
            any = true;
        }
    }
    any
}

/// For each pair, per side, the nearest pair before it (and after it) in the same stretch of
/// its zone that has blocks on that side. Found in one pass each way: a scan from every pair
/// made a run of paragraphs without counterpart quadratic (80,000 took 73 s).
#[allow(clippy::type_complexity)]
fn neighbours(pairs: &[Pair]) -> (Vec<[Option<usize>; 2]>, Vec<[Option<usize>; 2]>) {
    let pass = |order: &mut dyn Iterator<Item = usize>| {
        let mut nearest = vec![[None; 2]; pairs.len()];
        let mut last: [Option<usize>; 2] = [None; 2];
        let mut zone = None;
        for k in order {
            let p = &pairs[k];
            if zone != Some(p.zone) {
                last = [None; 2];
                zone = Some(p.zone);
            }
            nearest[k] = last;
            for s in Side::BOTH {
                if !p.blocks(s).is_empty() {
                    last[s as usize] = Some(k);
                }
            }
        }
        nearest
    };
    (
        pass(&mut (0..pairs.len())),
        pass(&mut (0..pairs.len()).rev()),
    )
}

/// A paragraph repeated word for word next to itself in one version, where the other version
/// has it once: the alignment pairs both copies with the one, whatever their length.
fn repeated(ctx: &Context, rule: &Rule, out: &mut Vec<Diagnostic>) {
    for pair in &ctx.alignment.pairs {
        if !RUNS.contains(&pair.zone) || !pair.is_matched() {
            continue;
        }
        for side in Side::BOTH {
            let blocks = pair.blocks(side);
            let other = pair.blocks(side.other());
            for w in blocks.windows(2) {
                let text = |b: usize| ctx.text(side, &ctx.version(side).structure.blocks[b].span);
                let once_there = other.windows(2).all(|o| {
                    ctx.text(
                        side.other(),
                        &ctx.version(side.other()).structure.blocks[o[0]].span,
                    ) != ctx.text(
                        side.other(),
                        &ctx.version(side.other()).structure.blocks[o[1]].span,
                    )
                });
                if text(w[0]) == text(w[1]) && once_there {
                    let noun = pair.zone.paragraph_noun();
                    let span = ctx.version(side).structure.blocks[w[1]].span.clone();
                    let mut labels =
                        vec![Label::new(side, span, "repeats the paragraph before it")];
                    labels.extend(ctx.pair_label(
                        pair,
                        side.other(),
                        format!("once in {}", side.other().name()),
                    ));
                    out.push(diagnostic(
                        rule,
                        format!(
                            "{} {noun} is repeated; the {} version has it once",
                            side.name(),
                            side.other().name()
                        ),
                        Some("remove the repetition".into()),
                        labels,
                    ));
                }
            }
        }
    }
}

/// Fewer paragraphs without counterpart in a row than this are reported one by one.
const REGION_MIN: usize = 5;

/// A stale or partial translation: each run of [`REGION_MIN`] or more paragraphs of one
/// version without counterpart in a row (paragraphs of the other version without counterpart
/// may lie between) is reported once, as a region, instead of once a paragraph: a section
/// the translation lacks, or one the English rewrote. Returns the pairs so reported. A zone the other version lacks
/// altogether is left to `whole_run_missing`.
fn stale_regions(
    ctx: &Context,
    rule: &Rule,
    counts: &std::collections::HashMap<(Zone, Side), usize>,
    out: &mut Vec<Diagnostic>,
) -> std::collections::HashSet<usize> {
    let pairs = &ctx.alignment.pairs;
    let count = |zone: Zone, s: Side| counts.get(&(zone, s)).copied().unwrap_or(0);
    let mut unmatched: std::collections::HashMap<(Zone, Side), usize> = Default::default();
    for p in pairs.iter().filter(|p| !p.is_matched()) {
        for s in Side::BOTH {
            *unmatched.entry((p.zone, s)).or_default() += p.blocks(s).len();
        }
    }
    let mut reported = std::collections::HashSet::new();
    let mut k = 0;
    while k < pairs.len() {
        let zone = pairs[k].zone;
        if !RUNS.contains(&zone) || pairs[k].is_matched() {
            k += 1;
            continue;
        }
        let end = k + pairs[k..]
            .iter()
            .take_while(|p| p.zone == zone && !p.is_matched())
            .count();
        for side in Side::BOTH {
            let run: Vec<usize> = (k..end)
                .filter(|&i| !pairs[i].blocks(side).is_empty())
                .collect();
            let blocks: usize = run.iter().map(|&i| pairs[i].blocks(side).len()).sum();
            if blocks < REGION_MIN || count(zone, side.other()) == 0 {
                continue;
            }
            let Some(&first) = run.first() else {
                continue;
            };
            let version = ctx.version(side);
            let span = |i: usize| {
                version.structure.blocks[pairs[i].blocks(side)[0]]
                    .span
                    .clone()
            };
            let from = pairs[first].pos(side);
            let to = from + blocks - 1;
            let noun = zone.paragraph_noun();
            let other = side.other();
            // The first paragraph only: a region of hundreds of lines is not quoted whole.
            let mut labels = vec![Label::new(
                side,
                span(first),
                format!("{noun} {from}: the first of {blocks} without counterpart"),
            )];
            labels.extend(
                pairs[..k]
                    .iter()
                    .rev()
                    .take_while(|p| p.zone == zone)
                    .find(|p| !p.blocks(other).is_empty())
                    .and_then(|p| {
                        ctx.pair_label(p, other, "the last paragraph with a counterpart".into())
                    }),
            );
            out.push(diagnostic(
                rule,
                format!(
                    "{noun}s {from}–{to} of the {} have no counterpart: the {} may be out of date ({} of {} {noun}s in {} have none)",
                    side.name(),
                    other.name(),
                    unmatched.get(&(zone, side)).copied().unwrap_or(0),
                    count(zone, side),
                    side.name(),
                ),
                Some(format!(
                    "bring the {} version up to date with the {}",
                    other.name(),
                    side.name()
                )),
                labels,
            ));
            reported.extend(run);
        }
        k = end;
    }
    reported
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
        if !matches!(pair.zone, Zone::Preamble | Zone::Operative | Zone::Body)
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
        // Outside a resolution's preamble and operative part, versions legitimately set
        // headings and fragments ("Now, therefore,", "The General Assembly") apart or run them
        // into one paragraph; only whole paragraphs run together are reported there.
        if pair.zone == Zone::Body && runs_into_next(ctx, many, pair.blocks(many)) {
            continue;
        }
        let texts: Vec<&str> = pair
            .blocks(many)
            .iter()
            .map(|&b| ctx.text(many, &ctx.version(many).structure.blocks[b].span))
            .collect();
        if texts.windows(2).any(|w| w[0] == w[1]) {
            continue; // reported by `missing` as a repetition
        }
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

/// Whether the blocks open with a fragment set apart from the paragraph it runs into ("Now,
/// therefore," before "The General Assembly proclaims…"): a short block, not the last, that
/// ends with a comma. A heading ("Other matters") or a short paragraph ("6. Other business.")
/// stands on its own in every version; a merge that swallows one is more likely a paragraph
/// left out of the other version.
fn runs_into_next(ctx: &Context, side: Side, blocks: &[usize]) -> bool {
    let (_, leading) = blocks.split_last().expect("a merge has blocks");
    leading.iter().any(|&b| {
        let span = &ctx.version(side).structure.blocks[b].span;
        let runs_on = ctx.text(side, span).trim_end().ends_with([',', '，']);
        runs_on && is_fragment(ctx, side, b)
    })
}

/// A block too short to be a paragraph of its own: a heading, a line of a chapeau.
fn is_fragment(ctx: &Context, side: Side, block: usize) -> bool {
    const FRAGMENT_LETTERS: usize = 40;
    let span = &ctx.version(side).structure.blocks[block].span;
    let letters = ctx
        .text(side, span)
        .chars()
        .filter(|c| c.is_alphabetic())
        .count();
    // Chinese packs about four English letters into a character.
    let letters = if side == Side::Zh {
        letters * 4
    } else {
        letters
    };
    letters < FRAGMENT_LETTERS
}

/// Where a version's numbering breaks: the number, the one before it, its span.
type Break = (u64, Option<u64>, std::ops::Range<usize>);

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
        // Numbered paragraphs aligned one to one, in any run: a paragraph numbered 14 in one
        // version and 15 in the other is misnumbered wherever it stands.
        .filter(|p| {
            matches!(p.zone, Zone::Operative | Zone::Body | Zone::Line)
                && p.en.len() == 1
                && p.zh.len() == 1
        })
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
                format!("paragraph {en} in English is numbered {zh} in Chinese"),
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
    // Where each version's numbering breaks: (number, the one before, span).
    let mut breaks: [Vec<Break>; 2] = Default::default();
    for (i, side) in Side::BOTH.into_iter().enumerate() {
        let mut previous: Option<u64> = None;
        // Only paragraphs aligned as an operative part: a document read as one body (its
        // versions zoned differently) has no numbering to hold to.
        let operative = ctx
            .alignment
            .pairs
            .iter()
            .filter(|p| p.zone == Zone::Operative)
            .flat_map(|p| p.blocks(side).iter().copied());
        for b in operative {
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
            if value != previous.map_or(1, |p| p + 1) {
                breaks[i].push((value, previous, span.clone()));
            }
            previous = Some(value);
        }
    }
    let describe = |value: u64, previous: Option<u64>| {
        let what = if previous == Some(value) {
            "repeats"
        } else {
            "breaks the sequence after"
        };
        let after = previous.map_or_else(|| "the start".to_string(), |p| p.to_string());
        let expected = previous.map_or(1, |p| p + 1);
        (format!("{value} {what} {after}"), expected)
    };
    let [en_breaks, mut zh_breaks] = breaks;
    for (value, previous, span) in en_breaks {
        let (text, expected) = describe(value, previous);
        // A break both versions share is how the document is numbered, not a translation
        // error: a warning, with both places.
        if let Some(k) = zh_breaks
            .iter()
            .position(|(v, p, _)| (*v, *p) == (value, previous))
        {
            let (_, _, zh_span) = zh_breaks.remove(k);
            let mut d = diagnostic(
                rule,
                format!("operative paragraph {text} in both versions"),
                Some("the versions agree; check the original's numbering".into()),
                vec![
                    Label::new(Side::En, span, format!("expected {expected}")),
                    Label::new(Side::Zh, zh_span, format!("expected {expected}")),
                ],
            );
            d.severity = d.severity.min(crate::diagnostic::Severity::Warning);
            out.push(d);
            continue;
        }
        out.push(diagnostic(
            rule,
            format!("English operative paragraph {text}"),
            Some(format!("expected paragraph {expected}")),
            vec![Label::new(Side::En, span, format!("expected {expected}"))],
        ));
    }
    for (value, previous, span) in zh_breaks {
        let (text, expected) = describe(value, previous);
        out.push(diagnostic(
            rule,
            format!("Chinese operative paragraph {text}"),
            Some(format!("expected paragraph {expected}")),
            vec![Label::new(Side::Zh, span, format!("expected {expected}"))],
        ));
    }
}
