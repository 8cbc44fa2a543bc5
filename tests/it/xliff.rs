//! XLIFF 1.2 and 2.0, and TMX (`tests/fixtures/xliff/`, written for these tests): one file
//! holds both versions, units are paired by the unit, and the file is checked alone.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::yizhi;

const FIXTURES: [&str; 3] = ["guide.xlf", "guide-2.0.xlf", "guide.tmx"];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/xliff")
        .join(name)
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

/// A copy of a fixture with `edits`, each replacing exactly one occurrence.
fn edited(dir: &Path, name: &str, edits: &[(&str, &str)]) -> PathBuf {
    let mut text = std::fs::read_to_string(fixture(name)).unwrap();
    for (from, to) in edits {
        assert_eq!(text.matches(from).count(), 1, "{name}: {from}");
        text = text.replacen(from, to, 1);
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn each_file_alone_is_a_consistent_pair() {
    for name in FIXTURES {
        let (code, diags, stderr) = check(&[&fixture(name)]);
        assert_eq!((code, diags.len()), (0, 0), "{name}: {diags:#?}\n{stderr}");
    }
}

#[test]
fn a_file_given_twice_is_not_refused_as_the_same_file() {
    let path = fixture("guide.xlf");
    let (code, diags, stderr) = check(&[&path, &path]);
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}\n{stderr}");
}

/// A fixture, the edits injected, and the findings they must give.
type Case = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [&'static str],
);

#[test]
fn injected_errors_are_exactly_the_findings_with_spans_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [Case; 3] = [
        (
            "guide.xlf",
            // A symbol inside an inline tag of the target, and an amount.
            &[
                ("第<g id=\"1\">71/14</g>", "第<g id=\"1\">71/15</g>"),
                ("1 500万", "1 600万"),
            ],
            &["number-mismatch 15:32 16:47", "symbol-mismatch 10:67 11:64"],
        ),
        (
            "guide-2.0.xlf",
            &[("1 500万", "1 600万")],
            &["number-mismatch 12:32 13:28"],
        ),
        (
            "guide.tmx",
            &[("2016年11月21日", "2016年11月22日")],
            &["date-mismatch 6:83 7:37"],
        ),
    ];
    for (name, edits, expected) in cases {
        let path = edited(dir.path(), name, edits);
        let (code, diags, stderr) = check(&[&path]);
        assert_eq!(code, 1, "{name}: {stderr}");
        assert_eq!(places(&diags), expected, "{name}: {diags:#?}");
    }
}

#[test]
fn untranslated_units_notes_and_inline_codes_are_not_compared() {
    let dir = tempfile::tempdir().unwrap();
    // A number in a note and in a placeholder's code: neither is compared.
    let path = edited(
        dir.path(),
        "guide.xlf",
        &[
            (
                "Keep the symbol as it is.",
                "Keep the symbol 71/99 as it is.",
            ),
            (
                "成员国提供1 500万美元。<ph id=\"2\">&lt;br/&gt;</ph>",
                "成员国提供1 500万美元。<ph id=\"2\">7</ph>",
            ),
        ],
    );
    let (code, diags, stderr) = check(&[&path]);
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}\n{stderr}");
}

#[test]
fn a_file_that_is_not_well_formed_is_refused_where_it_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let path = edited(dir.path(), "guide.xlf", &[("</body>", "")]);
    let (code, _, stderr) = check(&[&path]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("guide.xlf:27:") && stderr.contains("not well-formed xliff"),
        "{stderr}"
    );
}
