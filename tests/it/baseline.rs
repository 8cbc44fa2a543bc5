//! Baselines: record today's findings, then report only new ones, across unrelated edits.

use crate::project::*;
use crate::support::*;

#[test]
fn only_new_findings_are_reported_after_unrelated_edits() {
    let (p, expected) = twenty_pairs();
    let out = p.run(&["check", "--write-baseline", "yizhi-baseline.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("6 findings recorded in yizhi-baseline.json"),
        "{}",
        stderr(&out)
    );
    let recorded: serde_json::Value = serde_json::from_str(&p.read("yizhi-baseline.json")).unwrap();
    assert_eq!(recorded["yizhi-baseline"], 1);
    assert_eq!(
        recorded["findings"].as_array().unwrap().len(),
        expected.len()
    );

    let (code, diags) = p.json(&["--baseline", "yizhi-baseline.json"]);
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}");

    // Unrelated edits move every recorded finding: blank lines above, a re-worded paragraph
    // in both versions, a paragraph added to both versions in front of the broken one.
    let edit = |path: &str, from: &str, to: &str| {
        p.write(path, &replace_once(&p.read(path), from, to));
    };
    for path in ["en/ga/res-02.txt", "zh/ga/res-02.txt"] {
        p.write(path, &format!("\n\n{}", p.read(path)));
    }
    edit(
        "un/A_RES_71_03_E.txt",
        "Convinced that strengthening",
        "Convinced that further strengthening",
    );
    edit(
        "un/A_RES_71_03_E.txt",
        "\tNoting that the Shanghai Cooperation Organization has become",
        "\tWelcoming the report of the Secretary-General,\n\tNoting that the Shanghai Cooperation Organization has become",
    );
    edit(
        "un/A_RES_71_03_C.txt",
        "注意到上海合作组织已成为",
        "欢迎秘书长的报告，\n\n注意到上海合作组织已成为",
    );
    // One new finding.
    p.write(
        "zh/ga/res-05.txt",
        &replace_once(&clean_zh(), "第59/48号决议", "第59/49号决议"),
    );
    let (code, diags) = p.json(&["--baseline", "yizhi-baseline.json"]);
    assert_eq!(code, 1);
    assert_eq!(
        rules_and_paths(&diags),
        [(
            "symbol-mismatch".to_string(),
            "en/ga/res-05.txt".to_string()
        )]
    );
    let out = p.run(&["check", "--baseline", "yizhi-baseline.json"]);
    assert!(
        stderr(&out).contains("(6 in the baseline not shown)"),
        "{}",
        stderr(&out)
    );

    // Fixing a recorded finding and breaking the same value differently is new.
    p.write(
        "zh/ga/res-02.txt",
        &replace_once(&clean_zh(), "2004年12月2日", "2004年12月4日"),
    );
    let (_, diags) = p.json(&["--baseline", "yizhi-baseline.json"]);
    assert!(
        rules_and_paths(&diags).contains(&("date-mismatch".into(), "en/ga/res-02.txt".into())),
        "{diags:#?}"
    );
}

/// Issue #21: a missing baseline is told once, not as "cannot read baseline F: cannot read F:
/// no such file".
#[test]
fn a_missing_baseline_is_one_clear_message() {
    let p = Project::new();
    p.pair("en/a.txt", "zh/a.txt");
    let out = p.run(&["check", "--baseline", "missing.json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("cannot read baseline missing.json: no such file\n"),
        "{err}"
    );
    assert_eq!(err.matches("missing.json").count(), 1, "{err}");
}

#[test]
fn a_bad_baseline_is_an_input_error() {
    let (p, _) = twenty_pairs();
    let out = p.run(&["check", "--baseline", "none.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read baseline none.json"),
        "{}",
        stderr(&out)
    );
    p.write("bad.json", "[]");
    let out = p.run(&["check", "--baseline", "bad.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("bad.json is not a yizhi baseline"),
        "{}",
        stderr(&out)
    );
    let out = p.run(&[
        "check",
        "--baseline",
        "a.json",
        "--write-baseline",
        "b.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
}
