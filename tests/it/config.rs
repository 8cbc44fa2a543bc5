//! yizhi.toml: layouts, rule selection, severities, extra rule files, exclusions; found by
//! walking up; its errors point into it; `yizhi init` writes a starter.

use crate::project::*;
use crate::support::*;

fn broken_date() -> String {
    replace_once(&clean_zh(), "2004年12月2日", "2004年12月3日")
}

#[test]
fn custom_layouts_replace_the_built_in_ones() {
    let p = Project::new();
    p.write(
        "yizhi.toml",
        "[[pair]]\nen = \"english/{name}.txt\"\nzh = \"chinese/{name}.txt\"\n",
    );
    p.pair("english/a.txt", "chinese/a.txt");
    p.write("chinese/a.txt", &broken_date());
    // A default layout no longer applies.
    p.write("en/b.txt", SEED_EN);
    let (code, diags) = p.json(&[]);
    assert_eq!(code, 1);
    assert_eq!(
        rules_and_paths(&diags),
        [("date-mismatch".to_string(), "english/a.txt".to_string())]
    );
}

#[test]
fn select_ignore_severity_rules_and_exclude() {
    let p = Project::new();
    p.write("annex.toml", ANNEX_RULE);
    p.pair("en/a.txt", "zh/a.txt");
    p.write("zh/a.txt", &broken_date());
    p.write("en/b.txt", "See annex II of the report.\n");
    p.write("zh/b.txt", "见报告附件三。\n");
    p.write("en/old/c.txt", SEED_EN);
    p.write("zh/old/c.txt", &broken_date());
    p.write("en/lonely.txt", SEED_EN);
    let config = |extra: &str| {
        p.write(
            "yizhi.toml",
            &format!("rules = [\"annex.toml\"]\nexclude = [\"*/old\"]\n{extra}"),
        );
        let (code, diags) = p.json(&[]);
        let mut found: Vec<(String, String)> = diags
            .iter()
            .map(|d| {
                (
                    d["rule"].as_str().unwrap().to_string(),
                    d["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        found.sort();
        (code, found)
    };
    let pair = |r: &str, s: &str| (r.to_string(), s.to_string());
    assert_eq!(
        config(""),
        (
            1,
            vec![
                pair("annex-number-mismatch", "error"),
                pair("counterpart-missing", "error"),
                pair("date-mismatch", "error"),
            ]
        )
    );
    assert_eq!(
        config("select = [\"date\", \"annex\"]\n"),
        (
            1,
            vec![
                pair("annex-number-mismatch", "error"),
                pair("date-mismatch", "error")
            ]
        )
    );
    assert_eq!(
        config(
            "ignore = [\"counterpart-missing\"]\n[severity]\ndate-mismatch = \"warning\"\nannex = \"info\"\n"
        ),
        (
            0,
            vec![
                pair("annex-number-mismatch", "info"),
                pair("date-mismatch", "warning")
            ]
        )
    );
    // The rule list says what the config decided.
    let out = p.run(&["rules"]);
    let listing = stdout(&out);
    let line = |id: &str| {
        listing
            .lines()
            .find(|l| l.starts_with(id))
            .unwrap()
            .split_whitespace()
            .nth(1)
            .unwrap()
            .to_string()
    };
    assert_eq!(line("counterpart-missing"), "off");
    assert_eq!(line("date-mismatch"), "warning");
    assert_eq!(line("annex-number-mismatch"), "info");
}

#[test]
fn found_by_walking_up_or_given() {
    let p = Project::new();
    p.write("yizhi.toml", "ignore = [\"date-mismatch\"]\n");
    p.pair("docs/en/a.txt", "docs/zh/a.txt");
    p.write("docs/zh/a.txt", &broken_date());
    let out = p.run_in("docs/en", &["check", "--format", "concise"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    p.write("other.toml", "");
    let out = p.run_in(
        "docs/en",
        &[
            "check",
            "--format",
            "concise",
            "--config",
            "../../other.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    // With --config, paths in it are relative to its folder, which is the root.
    assert!(
        stdout(&out).starts_with("a.txt:12:44: date-mismatch"),
        "{}",
        stdout(&out)
    );
    let out = p.run(&["check", "--config", "missing.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read config file missing.toml: no such file"),
        "{}",
        stderr(&out)
    );
}

/// Runs `check` under a yizhi.toml holding `toml`; returns (exit code, stderr).
fn config_error(toml: &str) -> (i32, String) {
    let p = Project::new();
    p.pair("en/a.txt", "zh/a.txt");
    p.write("yizhi.toml", toml);
    let out = p.run(&["check"]);
    (out.status.code().unwrap(), stderr(&out))
}

#[test]
fn errors_point_into_yizhi_toml() {
    let (code, err) = config_error("exclude = []\nignore = [\"date-mismach\"]\n");
    assert_eq!(code, 2);
    assert!(
        err.contains("yizhi.toml: `date-mismach` names no rule"),
        "{err}"
    );
    assert!(err.contains("2 │ ignore = [\"date-mismach\"]"), "{err}");
    assert!(err.contains("did you mean `date-mismatch`?"), "{err}");

    let (code, err) = config_error("[[pair]]\nen = \"en/{path}.txt\"\nzh = \"zh/{name}.txt\"\n");
    assert_eq!(code, 2);
    assert!(err.contains("3 │ zh = \"zh/{name}.txt\""), "{err}");
    assert!(err.contains("does not have the same placeholders"), "{err}");

    let (code, err) = config_error("selct = [\"date\"]\n");
    assert_eq!(code, 2);
    assert!(err.contains("unknown field `selct`"), "{err}");
    assert!(err.contains("1 │ selct"), "{err}");

    let (code, err) = config_error("rules = [\"mine.toml\"]\n");
    assert_eq!(code, 2);
    assert!(
        err.contains("rule file `mine.toml` does not exist"),
        "{err}"
    );

    let (code, err) = config_error("[severity]\nfootnote = \"fatal\"\n");
    assert_eq!(code, 2);
    assert!(err.contains("unknown variant `fatal`"), "{err}");
    assert!(
        err.contains("expected one of `info`, `warning`, `error`"),
        "{err}"
    );
    assert!(err.contains("2 │ footnote = \"fatal\""), "{err}");
    let (code, err) = config_error("[severity]\nfootnote = \"warnig\"\n");
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `warning`?"), "{err}");

    let (code, err) = config_error("exclude = [\"en/[a\"]\n");
    assert_eq!(code, 2);
    assert!(err.contains("invalid glob `en/[a`"), "{err}");
}

#[test]
fn init_writes_a_starter_that_changes_nothing() {
    let (p, expected) = twenty_pairs();
    let out = p.run(&["init"]);
    assert_eq!(out.status.code(), Some(0));
    let written = p.read("yizhi.toml");
    assert!(
        written.contains("[[pair]]") && written.contains("select"),
        "{written}"
    );
    let (code, diags) = p.json(&[]);
    assert_eq!(code, 1);
    assert_eq!(rules_and_paths(&diags), expected);
    // Never overwrites without --force.
    p.write("yizhi.toml", "# mine\n");
    let out = p.run(&["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("yizhi.toml already exists"));
    assert_eq!(p.read("yizhi.toml"), "# mine\n");
    assert_eq!(p.run(&["init", "--force"]).status.code(), Some(0));
    assert_eq!(p.read("yizhi.toml"), written);
}

#[test]
fn counterpart_missing_is_a_listed_and_explained_rule() {
    let p = Project::new();
    let out = p.run(&["rules"]);
    assert!(
        stdout(&out)
            .lines()
            .any(|l| l.starts_with("counterpart-missing") && l.contains("error")),
        "{}",
        stdout(&out)
    );
    let out = p.run(&["explain", "counterpart-missing"]);
    assert!(stdout(&out).contains("## What it checks"));
}
