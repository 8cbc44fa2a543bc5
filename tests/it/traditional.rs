//! Traditional Chinese reads as Simplified does (issue #18): every rule example and the real
//! pairs, converted to Traditional character by character, give the same findings.
//!
//! The conversion is OpenCC's table reversed, read here from the data file itself rather
//! than from the fold's generated table: each Simplified character becomes the Traditional
//! character OpenCC maps onto it (the lowest code point where several do, as 發 and 髮 do
//! onto 发). Both have the same UTF-8 length, so the twin's findings must point at the same
//! bytes.

use std::collections::BTreeMap;
use std::path::Path;

use yizhi::diagnostic::Diagnostic;
use yizhi::document::Document;
use yizhi::fold::Folded;

use crate::harness::{analyse, real_pairs};

/// Simplified character → Traditional one, from OpenCC's TSCharacters.txt.
fn reversed_table() -> BTreeMap<char, char> {
    let data = include_str!("../../data/opencc/TSCharacters.txt");
    let mut table = BTreeMap::new();
    for line in data
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let Some((key, values)) = line.split_once('\t') else {
            continue;
        };
        let values: Vec<&str> = values.split(' ').collect();
        let mut k = key.chars();
        let mut v = values[0].chars();
        let (Some(t), None, Some(s), None) = (k.next(), k.next(), v.next(), v.next()) else {
            continue;
        };
        if values.contains(&key) || t as u32 > 0xFFFF || s as u32 > 0xFFFF {
            continue;
        }
        table
            .entry(s)
            .and_modify(|old: &mut char| *old = (*old).min(t))
            .or_insert(t);
    }
    table
}

/// The Traditional twin of a Simplified text.
pub fn to_traditional(table: &BTreeMap<char, char>, text: &str) -> String {
    text.chars().map(|c| *table.get(&c).unwrap_or(&c)).collect()
}

/// Findings as the twin must repeat them: rule, severity, spans, and messages read through
/// the fold (a message quotes the text it points at).
fn comparable(diags: &[Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            let labels: Vec<String> = d
                .labels
                .iter()
                .map(|l| format!("{:?} {:?} {}", l.side, l.span, Folded::new(&l.message).text))
                .collect();
            format!(
                "{} {} {} [{}]",
                d.rule,
                d.severity.as_str(),
                Folded::new(&d.message).text,
                labels.join("; ")
            )
        })
        .collect()
}

#[test]
fn the_conversion_changes_the_characters_rules_read() {
    let table = reversed_table();
    assert_eq!(
        to_traditional(
            &table,
            "第307条、第59/48号决议、5万、两点、第十届会议、委员会、项、款、节"
        ),
        "第307條、第59/48號決議、5萬、兩點、第十屆會議、委員會、項、款、節"
    );
}

#[test]
fn every_rule_example_has_a_traditional_twin_with_the_same_findings() {
    let table = reversed_table();
    let rules = yizhi::rules::load(&[]).unwrap();
    let (mut checked, mut changed) = (0, 0);
    for rule in &rules.rules {
        for (k, ex) in rule.examples.iter().enumerate() {
            let twin = to_traditional(&table, &ex.zh);
            changed += usize::from(twin != ex.zh);
            let en = Document::from_text("en.txt", ex.en.clone());
            let zh = Document::from_text("zh.txt", ex.zh.clone());
            let tw = Document::from_text("zh.txt", twin.clone());
            let simplified = comparable(&yizhi::check_pair(&en, &zh, &rules));
            let traditional = comparable(&yizhi::check_pair(&en, &tw, &rules));
            assert_eq!(
                traditional,
                simplified,
                "{} example {}: {twin}",
                rule.id,
                k + 1
            );
            checked += 1;
        }
    }
    eprintln!("twins: {changed} of {checked} rule examples changed");
    assert!(checked >= 100, "only {checked} examples");
    // Most examples hold a character the conversion changes, so the test is not vacuous.
    assert!(changed * 2 > checked, "only {changed} of {checked} changed");
}

#[test]
fn real_pairs_have_traditional_twins_with_the_same_findings() {
    let table = reversed_table();
    let rules = yizhi::rules::load(&[]).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pairs = real_pairs(root);
    let mut changed = 0;
    for pair in &pairs {
        let twin = to_traditional(&table, &pair.zh);
        changed += usize::from(twin != pair.zh);
        let (_, _, simplified) = analyse(&rules, &pair.en, &pair.zh, pair.line_aligned);
        let (_, _, traditional) = analyse(&rules, &pair.en, &twin, pair.line_aligned);
        assert_eq!(
            comparable(&traditional.diagnostics),
            comparable(&simplified.diagnostics),
            "{}",
            pair.name
        );
    }
    eprintln!("twins: {changed} of {} real pairs changed", pairs.len());
    assert!(changed * 2 > pairs.len(), "only {changed} changed");
}
