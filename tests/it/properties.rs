//! Property tests (issue #5). For any input text yizhi does not panic; every span lies inside
//! its file, on character boundaries, and its line and column agree with its byte offset;
//! findings are deterministic; and two copies of one file, linted as (A, B) and as (B, A),
//! find nothing.
//!
//! "Two copies find nothing" holds for text both languages read alike. English and Chinese
//! rules differ by design: an English date in a file given as the Chinese version has no
//! Chinese counterpart, which is a true finding. So the copies are drawn from a generator of
//! documents in language-neutral text (numbered paragraphs, sub-paragraphs, document symbols,
//! page furniture, blank lines, CRLF); and the real seed pair, perturbed in ways that change
//! no meaning (line endings, spacing, blank lines, full-width digits in Chinese), must find
//! nothing either. Case counts are kept small so that `cargo test` stays fast; run with
//! PROPTEST_CASES=1000 for a longer search.

use std::sync::OnceLock;

use proptest::prelude::*;
use yizhi::diagnostic::{Diagnostic, Side};
use yizhi::document::Document;
use yizhi::rules::RuleSet;

use crate::support::*;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| yizhi::rules::load(&[]).unwrap())
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(cases),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Every label inside its document, on character boundaries, with a position that agrees
/// with a count made the slow way.
fn assert_spans_valid(en: &Document, zh: &Document, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert!(!d.labels.is_empty(), "{d:?}");
        for l in &d.labels {
            let doc = if l.side == Side::En { en } else { zh };
            let text = &*doc.text;
            assert!(
                l.span.start <= l.span.end && l.span.end <= text.len(),
                "{l:?}"
            );
            assert!(text.is_char_boundary(l.span.start), "{l:?}");
            assert!(text.is_char_boundary(l.span.end), "{l:?}");
            for offset in [l.span.start, l.span.end] {
                let p = doc.position(offset);
                let before = &text[..offset];
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                assert_eq!(p.line, before.matches('\n').count() + 1, "{l:?}");
                assert_eq!(p.column, before[line_start..].chars().count() + 1, "{l:?}");
                assert_eq!(
                    p.utf16_column,
                    before[line_start..].encode_utf16().count(),
                    "{l:?}"
                );
            }
        }
    }
}

/// Lines of the seed pair, and pieces that exercise folding, markers, numbers and structure.
fn fragment() -> impl Strategy<Value = String> {
    let seed_lines: Vec<String> = SEED_EN
        .lines()
        .chain(SEED_ZH.lines())
        .map(str::to_string)
        .collect();
    prop_oneof![
        3 => prop::sample::select(seed_lines),
        1 => prop::sample::select(vec![
            "The General Assembly,", "大会，", "1. Decides", "2. 决定", "(a) text", "¹ 联合国",
            "1 United Nations, Treaty Series, vol. 729, No. 10485.", "Weapons,1 ", "成果² ",
            "２０１６年１１月２１日", "（ａ）", "2016–2018", "16,861", "A/RES/71/14", "59/48",
            "2334 (2016)", "第 729 卷，第 10485 号", "[Start1]<<ODS JOB NO>>", "*1620697*",
            "\u{3000}", "\u{00A0}", "\r", "\n", "\r\n", "\t", "𠀀", "é", "\u{FEFF}", "–",
        ])
        .prop_map(str::to_string),
        2 => "\\PC{0,40}",
        1 => "[0-9 ,.;:/()年月日至号¹²³\\-]{0,20}",
    ]
}

/// A document: fragments joined by spaces and line breaks.
fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            fragment(),
            prop::sample::select(vec!["", " ", "\n", "\r\n"]),
        ),
        0..40,
    )
    .prop_map(|parts| parts.into_iter().map(|(f, sep)| f + sep).collect())
}

/// A word both languages read alike: no month, no opener, no Chinese.
fn neutral_word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z]{1,10}",
        1 => prop::sample::select(vec!["A/71/L.11", "S/2016/1", "E/CN.4/2003/L.5", "(2016)", ";", ","])
            .prop_map(str::to_string),
    ]
}

/// A document of language-neutral text: a heading, paragraphs numbered 1, 2, 3… with
/// sub-paragraphs, plain paragraphs, page furniture and blank lines, LF or CRLF.
fn neutral_document() -> impl Strategy<Value = String> {
    let paragraph = (
        0..3usize,
        prop::collection::vec(neutral_word(), 1..20),
        0..3usize,
    );
    (
        prop::collection::vec(paragraph, 0..25),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(paragraphs, crlf, furniture)| {
            let mut lines = vec!["heading".to_string()];
            let mut number = 0;
            for (kind, words, blanks) in paragraphs {
                let text = words.join(" ");
                lines.push(match kind {
                    0 => {
                        number += 1;
                        format!("{number}. {text}")
                    }
                    1 => format!("(b) {text}"),
                    _ => text,
                });
                lines.extend(std::iter::repeat_n(String::new(), blanks));
                if furniture {
                    lines.push("16-20697 (E)".into());
                }
            }
            let eol = if crlf { "\r\n" } else { "\n" };
            lines.join(eol) + eol
        })
}

fn check(en: &str, zh: &str) -> (Document, Document, Vec<Diagnostic>) {
    let en = Document::from_text("en.txt", en.to_string());
    let zh = Document::from_text("zh.txt", zh.to_string());
    let d = yizhi::check_pair(&en, &zh, rules());
    (en, zh, d)
}

proptest! {
    #![proptest_config(config(48))]

    /// Any pair of texts: no panic, valid spans, and the same findings twice.
    #[test]
    fn any_pair_checks_with_valid_spans_and_deterministic_findings(
        en in document(),
        zh in document(),
    ) {
        let (en_doc, zh_doc, first) = check(&en, &zh);
        assert_spans_valid(&en_doc, &zh_doc, &first);
        let (_, _, again) = check(&en, &zh);
        prop_assert_eq!(&first, &again);
        // Through the fallible entry point, and with the pair swapped: no panic either.
        prop_assert_eq!(yizhi::try_check_pair(&en_doc, &zh_doc, rules()).unwrap(), first);
        let (zh_doc, en_doc, swapped) = check(&zh, &en);
        assert_spans_valid(&zh_doc, &en_doc, &swapped);
    }

    /// Any bytes: decoded or refused with an error, never a panic; what decodes has valid
    /// line ranges and positions.
    #[test]
    fn any_bytes_decode_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(doc) = Document::from_bytes("x.txt", &bytes) {
            for (i, line) in doc.lines().enumerate() {
                prop_assert!(line.start <= line.end && line.end <= doc.text.len());
                prop_assert_eq!(doc.position(line.start).line, i + 1);
                prop_assert_eq!(doc.position(line.start).column, 1);
            }
        }
    }
}

proptest! {
    #![proptest_config(config(32))]

    /// Two copies of one file, linted as (A, B) and as (B, A), find nothing.
    #[test]
    fn two_copies_of_one_file_find_nothing(text in neutral_document()) {
        let copy = text.clone();
        let (_, _, ab) = check(&text, &copy);
        prop_assert!(ab.is_empty(), "(A, B) of {:?}: {:#?}", text, ab);
        let (_, _, ba) = check(&copy, &text);
        prop_assert!(ba.is_empty(), "(B, A) of {:?}: {:#?}", text, ba);
    }

    /// The consistent seed pair, perturbed without changing its meaning, finds nothing.
    #[test]
    fn meaning_preserving_changes_find_nothing(
        crlf in prop::collection::vec(any::<bool>(), 80),
        spaces in prop::collection::vec(0..3usize, 80),
        blanks in prop::collection::vec(0..2usize, 80),
        full_width in any::<bool>(),
    ) {
        let perturb = |text: &str, zh: bool| -> String {
            text.lines()
                .enumerate()
                .map(|(i, line)| {
                    let mut line = format!("{line}{}", " ".repeat(spaces[i % 80]));
                    if zh && full_width {
                        line = line
                            .chars()
                            .map(|c| match c {
                                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap(),
                                c => c,
                            })
                            .collect();
                    }
                    let eol = if crlf[i % 80] { "\r\n" } else { "\n" };
                    format!("{line}{eol}{}", eol.repeat(blanks[i % 80]))
                })
                .collect()
        };
        let (en, zh) = (perturb(SEED_EN, false), perturb(&clean_zh(), true));
        let (_, _, found) = check(&en, &zh);
        prop_assert!(found.is_empty(), "{:#?}", found);
        // And a changed date is still found, once, with valid spans.
        let changed = perturb(&replace_once(&clean_zh(), "2004年12月2日", "2004年12月3日"), true);
        let (en_doc, zh_doc, found) = check(&en, &changed);
        prop_assert_eq!(found.len(), 1, "{:#?}", found);
        prop_assert_eq!(&found[0].rule, "date-mismatch");
        assert_spans_valid(&en_doc, &zh_doc, &found);
    }
}

/// Whether the rule set offers every pattern that matches `text` as a candidate, on each
/// side: a pattern is skipped where the gate finds a literal of its trigger missing (or the
/// sieve finds it does not match), which must never hide a match.
fn gate_admits_every_match(text: &str) -> Result<(), String> {
    let rules = rules();
    let lower = text.to_ascii_lowercase();
    for side in Side::BOTH {
        let admits = rules.admits(side, text);
        for (r, rule) in rules.rules.iter().enumerate() {
            let offered: Vec<usize> = rules.candidates(&admits, side, r).map(|(i, _)| i).collect();
            for (i, p) in rule.patterns(side).iter().enumerate() {
                let read = if p.lowercase { &lower } else { text };
                if p.regex.is_match(read) && !offered.contains(&i) {
                    return Err(format!(
                        "{} matches {read:?}, but is not offered",
                        p.regex.as_str()
                    ));
                }
            }
        }
        for (i, a) in rules.structure.artefacts.iter().enumerate() {
            let found = rules.artefact_matches(&admits, side, i, text);
            if a.langs.has(side) && a.regex.is_match(text) != found {
                return Err(format!(
                    "artefact {} on {text:?}: {found}",
                    a.regex.as_str()
                ));
            }
        }
        for (i, b) in rules.structure.blocks.iter().enumerate() {
            if b.langs.has(side)
                && b.regex.is_match(text)
                && !rules.block_may_match(&admits, side, i)
            {
                return Err(format!(
                    "block {} matches {text:?}, but is skipped",
                    b.regex.as_str()
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn the_gate_admits_every_match_in_the_seed_pair() {
    let lines = SEED_EN.lines().chain(SEED_ZH.lines());
    let mut checked = 0;
    for line in lines {
        gate_admits_every_match(line).unwrap();
        checked += 1;
    }
    assert!(checked > 60);
}

/// Real text cut anywhere: the gate must hold for fragments, not only for whole lines.
fn seed_window() -> impl Strategy<Value = String> {
    (any::<bool>(), any::<prop::sample::Index>(), 1usize..400).prop_map(|(zh, at, len)| {
        let chars: Vec<char> = if zh { SEED_ZH } else { SEED_EN }.chars().collect();
        let start = at.index(chars.len());
        chars[start..(start + len).min(chars.len())]
            .iter()
            .collect()
    })
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn the_gate_never_hides_a_match(text in prop_oneof![seed_window(), document()]) {
        prop_assert!(gate_admits_every_match(&text).is_ok(), "{:?}", gate_admits_every_match(&text));
    }
}
