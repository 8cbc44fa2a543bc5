//! Value checks: the items a rule extracts must agree between the versions, per aligned
//! paragraph or over the whole document — as multisets (`values`), as counts (`count`) or as
//! ordered sequences (`sequence`).

use std::collections::HashMap;

use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::{Context, diagnostic};
use crate::align::Pair;
use crate::diagnostic::{Diagnostic, Label, Side};
use crate::extract::Item;
use crate::rules::{Check, Rule, Scope};
use crate::value::Value;

/// How the label of a value without counterpart begins.
const NO_COUNTERPART: &str = "no counterpart in";

/// The most value comparisons one paragraph may cost when pairing values that differ.
const COMPARISON_BUDGET: usize = 4_000_000;

/// A value a rule left without counterpart in an aligned pair, written as a dotted figure: a
/// value one version writes as another kind ("v2.10", a version ↔ "APISIX 2.10", a figure) is
/// read by two rules, each of which sees only its half. [`pair_across_rules`] pairs them.
pub struct Leftover {
    /// Index of its diagnostic in the output.
    pub diagnostic: usize,
    pub rule: usize,
    pub side: Side,
    /// Index of the aligned pair.
    pub pair: usize,
    /// The figure as written, digits and dots: "2.10".
    pub figure: String,
}

/// The dotted figure a value is written with ("v2.10" → "2.10"), if it is one.
fn dotted_figure(text: &str) -> Option<String> {
    let figure: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let figure = figure.trim_matches('.');
    let dotted = figure.split('.').count() > 1 && figure.split('.').all(|p| !p.is_empty());
    dotted.then(|| figure.to_owned())
}

/// Removes the findings of values left over by one rule in one version that another rule
/// left over in the other version of the same aligned pair, written with the same dotted
/// figure: one value, read as two kinds.
pub fn pair_across_rules(out: &mut Vec<Diagnostic>, leftovers: &[Leftover]) {
    let mut drop = vec![false; out.len()];
    let mut taken = vec![false; leftovers.len()];
    for (a, x) in leftovers.iter().enumerate() {
        if taken[a] || x.side != Side::En {
            continue;
        }
        let partner = leftovers.iter().enumerate().position(|(b, y)| {
            !taken[b]
                && y.side == Side::Zh
                && y.rule != x.rule
                && y.pair == x.pair
                && y.figure == x.figure
        });
        if let Some(b) = partner {
            taken[a] = true;
            taken[b] = true;
            drop[x.diagnostic] = true;
            drop[leftovers[b].diagnostic] = true;
        }
    }
    let mut i = 0;
    out.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
}

pub fn check(
    ctx: &Context,
    index: usize,
    rule: &Rule,
    out: &mut Vec<Diagnostic>,
    leftovers: &mut Vec<Leftover>,
) {
    match rule.scope {
        Scope::Paragraph => {
            for (n, pair) in ctx.alignment.pairs.iter().enumerate() {
                if !pair.is_matched() {
                    continue;
                }
                let en: Vec<&Item> = ctx.en.extraction.of(index, &pair.en).collect();
                let zh: Vec<&Item> = ctx.zh.extraction.of(index, &pair.zh).collect();
                // Most rules find nothing in most paragraphs: nothing to compare, nor to name.
                if en.is_empty() && zh.is_empty() {
                    continue;
                }
                let place = ctx.pair_name(pair);
                let first = out.len();
                compare(ctx, rule, &en, &zh, &place, Some(pair), out);
                for (d, diagnostic) in out.iter().enumerate().skip(first) {
                    // A value without counterpart: its own label first.
                    let Some(own) = diagnostic.labels.first() else {
                        continue;
                    };
                    if !own.message.starts_with(NO_COUNTERPART) {
                        continue;
                    }
                    if let Some(figure) = dotted_figure(ctx.text(own.side, &own.span)) {
                        leftovers.push(Leftover {
                            diagnostic: d,
                            rule: index,
                            side: own.side,
                            pair: n,
                            figure,
                        });
                    }
                }
            }
        }
        Scope::Document => {
            let en: Vec<&Item> = ctx
                .en
                .extraction
                .items
                .iter()
                .filter(|i| i.rule == index)
                .collect();
            let zh: Vec<&Item> = ctx
                .zh
                .extraction
                .items
                .iter()
                .filter(|i| i.rule == index)
                .collect();
            compare(ctx, rule, &en, &zh, "document", None, out);
        }
    }
}

fn compare(
    ctx: &Context,
    rule: &Rule,
    en: &[&Item],
    zh: &[&Item],
    place: &str,
    pair: Option<&Pair>,
    out: &mut Vec<Diagnostic>,
) {
    match rule.check {
        Check::Count => count(rule, en, zh, place, out),
        Check::Sequence => sequence(ctx, rule, en, zh, place, out),
        _ => multiset(ctx, rule, en, zh, place, pair, out),
    }
}

fn multiset(
    ctx: &Context,
    rule: &Rule,
    en: &[&Item],
    zh: &[&Item],
    place: &str,
    pair: Option<&Pair>,
    out: &mut Vec<Diagnostic>,
) {
    let mut en_left: Vec<&Item> = Vec::new();
    let mut zh_used = vec![false; zh.len()];
    // Equal values first. Where a value occurs more often in one version ("2011年和2012年"
    // changed to "2012年和2012年"), the occurrences pair by their places in the paragraph, so
    // that the one left over is the one that took another value's place. An index by value
    // keeps a paragraph with 100,000 values from being quadratic (issue #5).
    let mut by_value: HashMap<&Value, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (i, e) in en.iter().enumerate() {
        by_value.entry(&e.value).or_default().0.push(i);
    }
    for (j, z) in zh.iter().enumerate() {
        if let Some(entry) = by_value.get_mut(&z.value) {
            entry.1.push(j);
        }
    }
    // English places in Chinese terms.
    let scale = zh.len().saturating_sub(1) as f64 / en.len().saturating_sub(1).max(1) as f64;
    let mut en_used = vec![false; en.len()];
    for (e_at, z_at) in by_value.values() {
        let e_places: Vec<f64> = e_at.iter().map(|&i| i as f64 * scale).collect();
        let z_places: Vec<f64> = z_at.iter().map(|&j| j as f64).collect();
        for (a, b) in pair_by_place(&e_places, &z_places) {
            en_used[e_at[a]] = true;
            zh_used[z_at[b]] = true;
        }
    }
    en_left.extend(
        en.iter()
            .zip(&en_used)
            .filter(|(_, u)| !**u)
            .map(|(e, _)| *e),
    );
    // Then an English value that the Chinese makes more specific ("December 2014" ↔
    // "2014年12月31日"). This and the pairing below compare every value left on one side with
    // every one on the other: past a budget of comparisons, which no real paragraph nears,
    // what is left is reported without these refinements rather than after minutes.
    let mut budget = COMPARISON_BUDGET;
    en_left.retain(|e| {
        if budget < zh.len() {
            return true;
        }
        budget -= zh.len();
        let fits =
            |j: usize| e.value.is_subset_of(&zh[j].value) || e.value.equivalent(&zh[j].value);
        match (0..zh.len()).find(|&j| !zh_used[j] && fits(j)) {
            Some(j) => {
                zh_used[j] = true;
                false
            }
            None => true,
        }
    });
    let mut zh_left: Vec<&Item> = zh
        .iter()
        .zip(&zh_used)
        .filter(|(_, used)| !**used)
        .map(|(i, _)| *i)
        .collect();
    // Pair what is left by likeness: these are values changed in translation. An optional
    // value (a number word, a small count, a year the Chinese made explicit) pairs only with a
    // required value it looks like ("Fourth Committee" ↔ "第五委员会", 2015 ↔ 2016), or an
    // optional value of the same kind; "2010" ↔ 千 never pair.
    let mut mismatches = Vec::new();
    if en_left.len().saturating_mul(zh_left.len()) > COMPARISON_BUDGET {
        // In order, without looking for the likeliest partner.
        let n = en_left.len().min(zh_left.len());
        mismatches.extend(en_left.drain(..n).zip(zh_left.drain(..n)));
    }
    en_left.retain(|e| {
        let best = (0..zh_left.len())
            .filter(|&j| match (e.optional, zh_left[j].optional) {
                (false, false) => true,
                // Two optional values pair only as two of one kind ("the seventh session" ↔
                // "第八届会议", "Article 1" ↔ "第二条"): both versions then state the ordinal,
                // and they differ.
                (true, true) => e.value.same_kind(&zh_left[j].value),
                _ => e.value.alike(&zh_left[j].value),
            })
            .max_by_key(|&j| {
                (
                    e.value.shared_fields(&zh_left[j].value),
                    std::cmp::Reverse(j),
                )
            });
        match best {
            Some(j) => {
                mismatches.push((*e, zh_left.remove(j)));
                false
            }
            None => true,
        }
    });
    en_left.retain(|i| !i.optional);
    zh_left.retain(|i| !i.optional);
    // A value repeated in one version ("for the year 2015 … 2015年 … 2015年") and left over
    // after pairing is a repetition, not a finding.
    let en_values: std::collections::HashSet<&Value> = en.iter().map(|i| &i.value).collect();
    let zh_values: std::collections::HashSet<&Value> = zh.iter().map(|i| &i.value).collect();
    en_left.retain(|i| !zh_values.contains(&i.value));
    zh_left.retain(|i| !en_values.contains(&i.value));
    for (e, z) in mismatches {
        let (et, zt) = (ctx.text(Side::En, &e.span), ctx.text(Side::Zh, &z.span));
        // Say what the English value is in Chinese: the usual fix is in the translation.
        let help = e
            .value
            .render()
            .map(|(_, en_in_zh)| format!("{et} is {en_in_zh} in Chinese"));
        let mut finding = diagnostic(
            rule,
            format!("{place}: {et} in English, {zt} in Chinese"),
            help,
            vec![
                Label::new(Side::En, e.span.clone(), format!("English: {et}")),
                Label::new(Side::Zh, z.span.clone(), format!("Chinese: {zt}")),
            ],
        );
        // The Chinese rewritten to say the English value, where that is certain.
        finding.fix = crate::fix::of_mismatch(&e.value, &z.value, &ctx.zh.doc.text, &z.span);
        out.push(finding);
    }
    for (items, side) in [(&en_left, Side::En), (&zh_left, Side::Zh)] {
        for item in items.iter() {
            let text = ctx.text(side, &item.span);
            let other = side.other();
            let mut labels = vec![Label::new(
                side,
                item.span.clone(),
                format!("{NO_COUNTERPART} {}", other.name()),
            )];
            if let Some(p) = pair {
                labels.extend(ctx.pair_label(p, other, format!("{} {place}", other.name())));
            }
            let help = item.value.render().map(|(en, zh)| match other {
                Side::Zh => format!("expected {zh} in the Chinese {place}"),
                Side::En => format!("expected {en} in the English {place}"),
            });
            out.push(diagnostic(
                rule,
                format!(
                    "{place}: {text} in {} has no counterpart in {}",
                    side.name(),
                    other.name()
                ),
                help,
                labels,
            ));
        }
    }
}

/// Pairs the places of one value's occurrences in two versions (each list ascending), as many
/// as the shorter list has, in order and as close together as they can be. Past a budget, in
/// order from the start.
fn pair_by_place(a: &[f64], b: &[f64]) -> Vec<(usize, usize)> {
    const BUDGET: usize = 10_000;
    if a.len() == b.len() || a.len().saturating_mul(b.len()) > BUDGET {
        return (0..a.len().min(b.len())).map(|k| (k, k)).collect();
    }
    if a.len() > b.len() {
        return pair_by_place(b, a)
            .into_iter()
            .map(|(y, x)| (x, y))
            .collect();
    }
    // cost[x][y]: the least distance pairing all of a[..x] within b[..y].
    let (n, m) = (a.len(), b.len());
    let mut cost = vec![vec![f64::INFINITY; m + 1]; n + 1];
    cost[0].fill(0.0);
    for x in 1..=n {
        for y in x..=m {
            let skip = cost[x][y - 1];
            let take = cost[x - 1][y - 1] + (a[x - 1] - b[y - 1]).abs();
            cost[x][y] = skip.min(take);
        }
    }
    let mut pairs = Vec::with_capacity(n);
    let (mut x, mut y) = (n, m);
    while x > 0 {
        if cost[x][y] == cost[x][y - 1] && y > x {
            y -= 1;
        } else {
            pairs.push((x - 1, y - 1));
            x -= 1;
            y -= 1;
        }
    }
    pairs.reverse();
    pairs
}

fn count(rule: &Rule, en: &[&Item], zh: &[&Item], place: &str, out: &mut Vec<Diagnostic>) {
    if en.len() == zh.len() {
        return;
    }
    let mut labels = Vec::new();
    for (items, side) in [(en, Side::En), (zh, Side::Zh)] {
        if let Some(first) = items.first() {
            labels.push(Label::new(
                side,
                first.span.clone(),
                format!("{} of {} in {}", 1, items.len(), side.name()),
            ));
        }
    }
    out.push(diagnostic(
        rule,
        format!("{place}: {} in English, {} in Chinese", en.len(), zh.len()),
        None,
        labels,
    ));
}

fn sequence(
    ctx: &Context,
    rule: &Rule,
    en: &[&Item],
    zh: &[&Item],
    place: &str,
    out: &mut Vec<Diagnostic>,
) {
    let a: Vec<_> = en.iter().map(|i| &i.value).collect();
    let b: Vec<_> = zh.iter().map(|i| &i.value).collect();
    for op in capture_diff_slices(Algorithm::Patience, &a, &b) {
        let (tag, old, new) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        let mut labels = Vec::new();
        for i in old.clone() {
            labels.push(Label::new(Side::En, en[i].span.clone(), "English"));
        }
        for j in new.clone() {
            labels.push(Label::new(Side::Zh, zh[j].span.clone(), "Chinese"));
        }
        let show = |items: &[&Item], side: Side| {
            items
                .iter()
                .map(|i| ctx.text(side, &i.span))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let message = match tag {
            DiffTag::Delete => format!(
                "{place}: {} in English is not in the Chinese sequence",
                show(&en[old], Side::En)
            ),
            DiffTag::Insert => format!(
                "{place}: {} in Chinese is not in the English sequence",
                show(&zh[new], Side::Zh)
            ),
            _ => format!(
                "{place}: {} in English where Chinese has {}",
                show(&en[old], Side::En),
                show(&zh[new], Side::Zh)
            ),
        };
        out.push(diagnostic(rule, message, None, labels));
    }
}
