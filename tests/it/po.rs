//! gettext PO (`tests/fixtures/po/zh_CN.po`, written for these tests): one file holds the
//! pair, each translated unit is an aligned pair, and `yizhi check file.po` checks it alone.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::yizhi;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/po/zh_CN.po")
}

fn check(args: &[&Path]) -> (i32, Vec<Value>, String) {
    let out = yizhi()
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let diags = serde_json::from_slice::<Value>(&out.stdout)
        .ok()
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default();
    (
        out.status.code().unwrap(),
        diags,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// "rule line:column line:column" of each finding, sorted.
fn places(diags: &[Value]) -> Vec<String> {
    let mut v: Vec<String> = diags
        .iter()
        .map(|d| {
            let at: Vec<String> = d["labels"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| format!("{}:{}", l["line"], l["column"]))
                .collect();
            format!("{} {}", d["rule"].as_str().unwrap(), at.join(" "))
        })
        .collect();
    v.sort();
    v
}

#[test]
fn one_po_file_is_a_pair_and_its_units_are_consistent() {
    let (code, diags, stderr) = check(&[&fixture()]);
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}\n{stderr}");
    // Checked, not skipped as a file of no pair.
    let out = yizhi().arg("check").arg(fixture()).output().unwrap();
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(
        summary.contains("zh_CN.po: consistent, no findings"),
        "{summary}"
    );
    // Given twice, as a pair of itself: checked once, not refused as the same file.
    let (code, diags, stderr) = check(&[&fixture(), &fixture()]);
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}\n{stderr}");
    assert!(!stderr.contains("same file"), "{stderr}");
}

#[test]
fn injected_errors_in_msgstrs_are_exactly_the_findings_with_spans_in_the_po_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture()).unwrap();
    let mut bad = text.clone();
    for (from, to) in [
        ("第71/14号决议", "第71/15号决议"),
        ("1 500万美元", "1 600万美元"),
        ("2015年举行了", "2016年举行了"),
    ] {
        assert_eq!(bad.matches(from).count(), 1, "{from}");
        bad = bad.replacen(from, to, 1);
    }
    let path = dir.path().join("zh_CN.po");
    std::fs::write(&path, bad).unwrap();
    let (code, diags, stderr) = check(&[&path]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        places(&diags),
        [
            "number-mismatch 22:23 23:20",
            // "2015" of the msgid (its plural is not compared: Chinese has one form).
            "number-mismatch 36:31 38:12",
            // On the second line of a msgid wrapped over two, and in its msgstr.
            "symbol-mismatch 16:42 19:31",
        ],
        "{diags:#?}"
    );
}

#[test]
fn fuzzy_and_untranslated_units_are_not_compared() {
    // The fuzzy unit's msgstr says 2009 for 5 April 2010, and the untranslated one is empty:
    // neither is a finding (the clean check above). Clearing the fuzzy flag makes it one.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture()).unwrap();
    let path = dir.path().join("zh_CN.po");
    std::fs::write(&path, text.replacen("#, fuzzy\n", "", 1)).unwrap();
    let (code, diags, _) = check(&[&path]);
    assert_eq!(code, 1);
    assert_eq!(places(&diags), ["date-mismatch 26:44 27:9"], "{diags:#?}");
}

#[test]
fn a_po_file_whose_msgstrs_are_english_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    // Each msgstr copies its msgid: nothing was translated.
    let unit = |n: usize| {
        let id = format!("Paragraph {n} of the guide describes the review of translations.");
        format!("msgid \"{id}\"\nmsgstr \"{id}\"\n\n")
    };
    let out: String = (1..=4).map(unit).collect();
    let path = dir.path().join("zh_CN.po");
    std::fs::write(&path, out).unwrap();
    let (code, _, stderr) = check(&[&path]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("English"), "{stderr}");
}
