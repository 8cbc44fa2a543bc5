//! Mastheads: the lines that are never content — a document's heading block ("Seventy-first
//! session", "Agenda item 126 (u)", its symbol), running heads, an extraction's trailer — still
//! carry values that must agree. Wherever extraction put them (the English masthead of an ODS
//! document comes at its end), the values of a rule that reads mastheads are compared between
//! the versions as sets, one kind at a time ("session", "item", symbols).
//!
//! A masthead line may be lost, cut in two or repeated as a running head in one version only,
//! so a value one version has and the other lacks says little. What is reported is a value of
//! a kind both mastheads state, left over on both sides: "Seventy-first session" against
//! "第七十二届会议".

use super::{Context, diagnostic};
use crate::diagnostic::{Diagnostic, Label, Side};
use crate::extract::Item;
use crate::rules::Rule;

pub fn check(ctx: &Context, index: usize, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let of = |side: Side| -> Vec<&Item> {
        ctx.version(side)
            .extraction
            .masthead
            .iter()
            .filter(|i| i.rule == index)
            .collect()
    };
    let (en, zh) = (of(Side::En), of(Side::Zh));
    if en.is_empty() || zh.is_empty() {
        return;
    }
    let mut kinds: Vec<Option<&str>> = en.iter().map(|i| kind(i)).collect();
    kinds.sort();
    kinds.dedup();
    for k in kinds {
        let en_k: Vec<&Item> = en.iter().copied().filter(|i| kind(i) == k).collect();
        let zh_k: Vec<&Item> = zh.iter().copied().filter(|i| kind(i) == k).collect();
        // The first of each value not found, in the order of the text, on each side.
        let left = |mine: &[&'_ Item], theirs: &[&Item]| -> Vec<usize> {
            let mut out: Vec<usize> = Vec::new();
            for (n, i) in mine.iter().enumerate() {
                let elsewhere = theirs
                    .iter()
                    .any(|t| t.value == i.value || t.value.equivalent(&i.value));
                let seen = out.iter().any(|&o| mine[o].value == i.value);
                if !elsewhere && !seen {
                    out.push(n);
                }
            }
            out
        };
        let (en_left, zh_left) = (left(&en_k, &zh_k), left(&zh_k, &en_k));
        for (&e, &z) in en_left.iter().zip(&zh_left) {
            let (e, z) = (en_k[e], zh_k[z]);
            let (et, zt) = (ctx.text(Side::En, &e.span), ctx.text(Side::Zh, &z.span));
            out.push(diagnostic(
                rule,
                format!("masthead: {et} in English, {zt} in Chinese"),
                None,
                vec![
                    Label::new(Side::En, e.span.clone(), format!("English: {et}")),
                    Label::new(Side::Zh, z.span.clone(), format!("Chinese: {zt}")),
                ],
            ));
        }
    }
}

/// What a value numbers, with an event, a session and a meeting one kind (as
/// [`crate::value::Value::same_kind`] has them).
fn kind(item: &Item) -> Option<&str> {
    match item.value.get("kind") {
        Some("event" | "session" | "meeting") => Some("session"),
        k => k,
    }
}
