//! Whole repositories: `yizhi check` with no files walks the project and pairs files through
//! the layouts; with files, it checks the pairs they belong to (as a pre-commit hook passes
//! them).

use crate::project::*;
use crate::support::*;

#[test]
fn twenty_pairs_in_two_layouts() {
    let (p, expected) = twenty_pairs();
    let (code, diags) = p.json(&[]);
    assert_eq!(code, 1);
    assert_eq!(rules_and_paths(&diags), expected, "{diags:#?}");
    let out = p.run(&["check", "--format", "concise"]);
    // 20 pairs, and the file without counterpart.
    assert!(
        stderr(&out).contains("21 pairs checked: 5 errors, 1 warning"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_missing_counterpart_is_a_finding_on_the_file_that_exists() {
    let (p, _) = twenty_pairs();
    let (_, diags) = p.json(&[]);
    let d = diags
        .iter()
        .find(|d| d["rule"] == "counterpart-missing")
        .unwrap();
    assert_eq!(d["severity"], "error");
    assert_eq!(
        d["message"],
        "un/A_RES_71_11_E.txt has no Chinese counterpart: un/A_RES_71_11_C.txt does not exist"
    );
    let labels = d["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 1);
    assert_eq!(
        (labels[0]["line"].as_u64(), labels[0]["column"].as_u64()),
        (Some(1), Some(1))
    );
}

/// The walk finds each pair once, through its English file, and a Chinese file without an
/// English one on its own; pairs come in the order of their paths.
#[test]
fn a_walk_finds_each_pair_once_and_a_lone_chinese_file() {
    let (p, _) = twenty_pairs();
    p.write("un/A_RES_71_12_C.txt", &clean_zh());
    let out = p.run(&["check", "--format", "concise"]);
    assert!(
        stderr(&out).contains("22 pairs checked: 6 errors, 1 warning"),
        "{}",
        stderr(&out)
    );
    let (_, diags) = p.json(&[]);
    let missing: Vec<&str> = diags
        .iter()
        .filter(|d| d["rule"] == "counterpart-missing")
        .map(|d| d["labels"][0]["path"].as_str().unwrap())
        .collect();
    assert_eq!(missing, ["un/A_RES_71_11_E.txt", "un/A_RES_71_12_C.txt"]);
    // Pair by pair, in the order of the English paths (then the lone Chinese one).
    let paths: Vec<&str> = diags
        .iter()
        .map(|d| d["labels"][0]["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "en/ga/71/res-06.txt",
            "en/ga/res-02.txt",
            "un/A_RES_71_03_E.txt",
            "un/A_RES_71_07_E.txt",
            "un/A_RES_71_07_C.txt",
            "un/A_RES_71_11_E.txt",
            "un/A_RES_71_12_C.txt",
        ]
    );
}

#[test]
fn files_given_are_checked_with_their_counterparts() {
    let (p, _) = twenty_pairs();
    // What a pre-commit hook passes: a changed Chinese file and an unrelated one.
    let (code, diags) = p.json(&["zh/ga/res-02.txt", "README.md", "un/A_RES_71_01_E.txt"]);
    assert_eq!(code, 1);
    assert_eq!(
        rules_and_paths(&diags),
        [("date-mismatch".to_string(), "en/ga/res-02.txt".to_string())]
    );
    // The file given is shown as given, its counterpart relative to the working directory.
    let paths: Vec<&str> = diags[0]["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["en/ga/res-02.txt", "zh/ga/res-02.txt"]);
    let out = p.run(&["check", "--layout-only", "zh/ga/res-02.txt", "README.md"]);
    assert!(
        stderr(&out).contains("1 file of no pair skipped"),
        "{}",
        stderr(&out)
    );
    // Both files of a pair: one pair, checked once.
    let (_, diags) = p.json(&["./zh/ga/res-02.txt", "en/ga/res-02.txt"]);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["labels"][1]["path"], "./zh/ga/res-02.txt");
    // A file whose counterpart is missing.
    let (code, diags) = p.json(&["un/A_RES_71_11_E.txt"]);
    assert_eq!(code, 1);
    assert_eq!(diags[0]["rule"], "counterpart-missing");
}

#[test]
fn two_files_of_no_layout_are_an_english_and_a_chinese_file_unless_layout_only() {
    let p = Project::new();
    p.write("a.txt", SEED_EN).write(
        "b.txt",
        &replace_once(&clean_zh(), "2004年12月2日", "2004年12月3日"),
    );
    let (code, diags) = p.json(&["a.txt", "b.txt"]);
    assert_eq!(code, 1);
    assert_eq!(diags[0]["rule"], "date-mismatch");
    // What a hook passes: no two changed files are taken for a pair.
    let (code, diags) = p.json(&["--layout-only", "a.txt", "b.txt"]);
    assert_eq!((code, diags.len()), (0, 0));
    let out = p.run(&["check", "--layout-only", "a.txt", "b.txt"]);
    assert!(
        stderr(&out).contains("no pairs to check (2 files of no pair skipped)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn gitignored_and_hidden_files_are_not_walked() {
    let (p, _) = twenty_pairs();
    p.pair(".hidden/en/x.txt", ".hidden/zh/x.txt");
    let (_, diags) = p.json(&[]);
    assert!(
        diags
            .iter()
            .all(|d| !d["labels"][0]["path"].as_str().unwrap().contains("drafts")),
        "{diags:#?}"
    );
    let out = p.run(&["check", "--format", "concise"]);
    assert!(
        stderr(&out).contains("21 pairs checked"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn paths_are_shown_relative_to_the_working_directory() {
    let (p, _) = twenty_pairs();
    // A yizhi.toml makes the top folder the root wherever yizhi runs below it.
    p.write("yizhi.toml", "");
    let out = p.run_in("un", &["check", "--format", "concise"]);
    let s = stdout(&out);
    assert!(
        s.contains("../en/ga/res-02.txt:12:44: date-mismatch"),
        "{s}"
    );
    assert!(
        s.contains("\nA_RES_71_03_E.txt:16:397: date-mismatch"),
        "{s}"
    );
}

#[test]
fn threads_do_not_change_the_output() {
    let (p, _) = twenty_pairs();
    let one = p.run(&["check", "--format", "json", "--threads", "1"]);
    let three = p.run(&["check", "--format", "json", "--threads", "3"]);
    assert_eq!(stdout(&one), stdout(&three));
}

#[test]
fn no_progress_bar_when_piped() {
    let (p, _) = twenty_pairs();
    let out = p.run(&["check"]);
    // Only the summary line: no bar, no carriage returns or cursor movement.
    assert_eq!(
        stderr(&out),
        "21 pairs checked: 5 errors, 1 warning\n",
        "{:?}",
        stderr(&out)
    );
}

#[test]
fn an_unreadable_file_is_reported_and_the_rest_still_checked() {
    let (p, _) = twenty_pairs();
    std::fs::write(p.path("en/ga/res-01.txt"), b"\xFFnot UTF-8").unwrap();
    let out = p.run(&["check", "--format", "concise"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("en/ga/res-01.txt is not valid UTF-8"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out).lines().count(), 6, "{}", stdout(&out));
}

/// A whole project in which no layout pairs anything is unchecked, not consistent: exit 2,
/// with a message that says how to declare the layout. Files of no pair given by a hook are
/// still nothing to do.
#[test]
fn a_project_without_pairs() {
    let p = Project::new();
    p.write("README.md", "# nothing here\n");
    p.write(
        "english/a.txt",
        "The meeting was held on 2 December 2004.\n",
    );
    for format in ["human", "json"] {
        let out = p.run(&["check", "--format", format]);
        assert_eq!(out.status.code(), Some(2), "{format}");
        let err = stderr(&out);
        assert!(err.contains("no pairs found in"), "{err}");
        assert!(err.contains("[[pair]] in yizhi.toml"), "{err}");
    }
    let out = p.run(&["check", "english/a.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no pairs to check (1 file of no pair skipped)"),
        "{}",
        stderr(&out)
    );
    let out = p.run(&["check", "--layout-only", "english/a.txt", "README.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_file_given_must_exist_even_outside_any_pair() {
    let (p, _) = twenty_pairs();
    let out = p.run(&["check", "--layout-only", "typo.txt", "en/ga/res-02.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read typo.txt: no such file"),
        "{}",
        stderr(&out)
    );
    // The pair that was found is still checked.
    assert!(stdout(&out).contains("date-mismatch"), "{}", stdout(&out));
    let out = p.run(&["check", "en"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("en is a directory"),
        "{}",
        stderr(&out)
    );
}
