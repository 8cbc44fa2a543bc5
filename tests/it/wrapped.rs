//! Hard-wrapped plain text (`tests/fixtures/wrapped/`, written for these tests): a resolution
//! whose Chinese is filled to 40 columns, against its English with a paragraph on each line
//! (and, in `wrapped-both/`, filled to 72 columns too). Wrapped lines are reflowed into their
//! paragraphs; numbered paragraphs and years at the start of a line are told apart.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::yizhi;

fn fixture(dir: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
        .join(name)
}

fn check(en: &Path, zh: &Path) -> (i32, Vec<Value>) {
    let out = yizhi()
        .args(["check", "--format", "json"])
        .arg(en)
        .arg(zh)
        .output()
        .unwrap();
    let diags: Value = serde_json::from_slice(&out.stdout).unwrap();
    (
        out.status.code().unwrap(),
        diags.as_array().unwrap().clone(),
    )
}

#[test]
fn a_chinese_text_wrapped_at_a_fixed_width_is_clean_against_its_english() {
    for dir in ["wrapped", "wrapped-both"] {
        let (code, diags) = check(&fixture(dir, "en.txt"), &fixture(dir, "zh.txt"));
        assert_eq!((code, diags.len()), (0, 0), "{dir}: {diags:#?}");
    }
}

#[test]
fn one_injected_error_in_wrapped_text_is_the_one_finding() {
    let tmp = tempfile::tempdir().unwrap();
    let en = tmp.path().join("en.txt");
    std::fs::copy(fixture("wrapped-both", "en.txt"), &en).unwrap();
    let zh_text = std::fs::read_to_string(fixture("wrapped", "zh.txt")).unwrap();
    assert_eq!(zh_text.matches("2018年9月21日").count(), 1);
    let zh = tmp.path().join("zh.txt");
    std::fs::write(&zh, zh_text.replace("2018年9月21日", "2018年9月20日")).unwrap();
    let (code, diags) = check(&en, &zh);
    assert_eq!(code, 1);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d["rule"], "date-mismatch");
    assert_eq!(
        d["message"],
        "operative paragraph 2: 21 September 2018 in English, 2018年9月20日 in Chinese"
    );
    let at: Vec<(u64, u64)> = d["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["line"].as_u64().unwrap(), l["column"].as_u64().unwrap()))
        .collect();
    // The third line of the English paragraph, the second of the Chinese one.
    assert_eq!(at, [(17, 4), (15, 8)]);
}

#[test]
fn line_aligned_files_are_not_reflowed() {
    // Line N translates line N: the wrapped Chinese then has more lines than the English.
    let out = yizhi()
        .args(["check", "--line-aligned", "--format", "json"])
        .arg(fixture("wrapped", "en.txt"))
        .arg(fixture("wrapped", "zh.txt"))
        .output()
        .unwrap();
    let diags: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!diags.as_array().unwrap().is_empty());
}
