//! Text identical in both versions never mismatches. Property: the same span — any ASCII text
//! with figures, dates, times, versions, addresses and footnote-like digits — appended to an
//! aligned paragraph of both versions of a pair adds no finding. And the case that shows it:
//! technical text standing verbatim in both files.

use std::sync::OnceLock;

use proptest::prelude::*;
use yizhi::document::Document;
use yizhi::rules::RuleSet;

use crate::support::*;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| yizhi::rules::load(&[]).unwrap())
}

/// A token of technical or quoted English text.
fn token() -> impl Strategy<Value = String> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    prop_oneof![
        3 => "[a-z]{2,9}",
        1 => "[A-Z][a-z]{2,8}",
        2 => "[0-9]{1,5}",
        1 => "[0-9]{1,3}\\.[0-9]{1,2}",
        1 => (1..29u32, prop::sample::select(MONTHS.to_vec()), 1990..2030u32)
            .prop_map(|(d, m, y)| format!("{d} {m} {y}")),
        1 => (1990..2030u32, 1..13u32, 1..29u32).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        1 => (0..24u32, 0..60u32).prop_map(|(h, m)| format!("{h:02}:{m:02}:00")),
        1 => (0..256u32, 0..256u32, 1..65536u32).prop_map(|(a, b, p)| format!("{a}.0.0.{b}:{p}")),
        1 => (0..10u32, 0..20u32).prop_map(|(a, b)| format!("v{a}.{b}")),
        1 => ("[a-z]{3,8}", 1..100u32).prop_map(|(w, n)| format!("{w}{n}")),
        1 => ("[a-z]{3,8}", 1..10u32).prop_map(|(w, n)| format!("{w},{n}")),
        1 => ("[a-z]{2,6}", 1..2000u32).prop_map(|(w, n)| format!("https://example.org/{w}/{n}")),
        1 => (1..10u32).prop_map(|n| format!("\"{n}\"")),
        1 => prop::sample::select(vec!["A/71/L.11", "S/2016/1", "GMT", "per cent", "(2016)"])
            .prop_map(str::to_string),
    ]
}

/// A span: tokens joined by single spaces.
fn span() -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 1..7).prop_map(|t| t.join(" "))
}

/// (rule, message) of each finding: spans move when text is inserted, findings must not.
fn findings(en: &str, zh: &str) -> Vec<(String, String)> {
    let en = Document::from_text("en.txt", en.to_string());
    let zh = Document::from_text("zh.txt", zh.to_string());
    let mut out: Vec<(String, String)> = yizhi::check_pair(&en, &zh, rules())
        .into_iter()
        .map(|d| (d.rule, d.message))
        .collect();
    out.sort();
    out
}

/// The seed pair with `span` appended to one aligned paragraph of each version: after a space
/// in English, right after the closing punctuation in Chinese.
fn insert(paragraph: usize, span: &str) -> (String, String) {
    let en = Document::from_text("en.txt", SEED_EN.to_string());
    let zh = Document::from_text("zh.txt", SEED_ZH.to_string());
    let analysis = yizhi::analyse(&en, &zh, rules());
    let matched: Vec<_> = analysis
        .alignment
        .pairs
        .iter()
        .filter(|p| p.en.len() == 1 && p.zh.len() == 1)
        .collect();
    let pair = matched[paragraph % matched.len()];
    let e = analysis.en.blocks[pair.en[0]].span.end;
    let z = analysis.zh.blocks[pair.zh[0]].span.end;
    let mut en_text = SEED_EN.to_string();
    en_text.insert_str(e, &format!(" {span}"));
    let mut zh_text = SEED_ZH.to_string();
    zh_text.insert_str(z, span);
    (en_text, zh_text)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(48),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_same_span_in_both_versions_adds_no_finding(paragraph in 0..64usize, span in span()) {
        let before = findings(SEED_EN, SEED_ZH);
        let (en, zh) = insert(paragraph, &span);
        prop_assert_eq!(findings(&en, &zh), before, "span {:?}", span);
    }
}

#[test]
fn technical_text_identical_in_both_files_has_no_finding() {
    let p = Pair::new(
        "Set the upstream to \"127.0.0.1:1980\": 1 and use apiVersion: v1 with base64.\n\
         The server returned Date: Mon, 18 May 2020 10:00:00 GMT.\n",
        "将上游设置为 \"127.0.0.1:1980\": 1，并使用 apiVersion: v1 和 base64。\n\
         服务器返回 Date: Mon, 18 May 2020 10:00:00 GMT。\n",
    );
    let (code, findings) = p.check_json(&[]);
    assert_eq!(findings, Vec::<serde_json::Value>::new());
    assert_eq!(code, 0);
}

#[test]
fn an_english_date_left_in_the_chinese_is_not_a_mismatch_but_a_changed_one_is() {
    let clean = Pair::new(
        "The meeting was held on 3 March 2019 in Geneva.\n",
        "会议于 3 March 2019 在日内瓦举行。\n",
    );
    assert_eq!(clean.check_json(&[]).1, Vec::<serde_json::Value>::new());
    let changed = Pair::new(
        "The meeting was held on 3 March 2019 in Geneva.\n",
        "会议于 4 March 2019 在日内瓦举行。\n",
    );
    let (code, findings) = changed.check_json(&[]);
    assert_eq!(code, 1);
    assert!(!findings.is_empty());
    assert!(
        findings
            .iter()
            .any(|d| d["rule"] == "date-mismatch" || d["rule"] == "number-mismatch"),
        "{findings:?}"
    );
}

#[test]
fn a_technical_word_written_in_another_case_is_the_same_text() {
    let p = Pair::new(
        "Set it to true if the secret is base64 encoded, then restart.\n",
        "如果密钥为 Base64 编码，则设置为 true，然后重启。\n",
    );
    assert_eq!(p.check_json(&[]).1, Vec::<serde_json::Value>::new());
    // A footnote call after a word the Chinese does not hold is still read.
    let p = Pair::new(
        "Set it to true if the secret is encoded,4 then restart.\n",
        "如果密钥已编码，则设置为 true，然后重启。\n",
    );
    let (code, findings) = p.check_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(findings[0]["rule"], "footnote-marker-mismatch");
}
