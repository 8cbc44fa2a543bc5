//! The snippets of the README and docs/ are true: the yizhi.toml shown is valid, and the
//! outputs shown are what yizhi prints.

use crate::project::*;
use crate::support::*;

const CONFIGURATION: &str = include_str!("../../docs/configuration.md");
const USAGE: &str = include_str!("../../docs/usage.md");

/// The body of the first fenced block of `lang` in `doc`.
fn first_block(doc: &'static str, lang: &str) -> &'static str {
    let fence = format!("```{lang}\n");
    let start = doc.find(&fence).unwrap() + fence.len();
    let end = start + doc[start..].find("```").unwrap();
    &doc[start..end]
}

#[test]
fn the_configuration_example_is_valid() {
    let p = Project::new();
    p.write("yizhi.toml", first_block(CONFIGURATION, "toml"));
    p.write("rules/annexes.toml", "");
    p.pair(
        "resolutions/english/71/14.txt",
        "resolutions/chinese/71/14.txt",
    );
    p.write(
        "resolutions/chinese/71/14.txt",
        &replace_once(&clean_zh(), "2004年12月2日", "2004年12月3日"),
    );
    p.pair("un/A_RES_71_14_E.txt", "un/A_RES_71_14_C.txt");
    let (code, diags) = p.json(&[]);
    assert_eq!(code, 1);
    assert_eq!(
        rules_and_paths(&diags),
        [(
            "date-mismatch".to_string(),
            "resolutions/english/71/14.txt".to_string()
        )]
    );
    let rules = stdout(&p.run(&["rules"]));
    assert!(
        rules
            .lines()
            .any(|l| l.starts_with("paragraph-merged") && l.contains(" off ")),
        "{rules}"
    );
}

#[test]
fn the_configuration_error_is_what_yizhi_prints() {
    let shown = CONFIGURATION
        .split("```text\n")
        .find(|b| b.starts_with("yizhi::config::invalid"))
        .and_then(|b| b.split("```").next())
        .unwrap();
    let p = Project::new();
    p.write("yizhi.toml", "ignore = [\"date-mismach\"]\n");
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with(shown), "{}", stderr(&out));
}

#[test]
fn the_format_examples_are_what_yizhi_prints() {
    let (p, _) = twenty_pairs();
    for format in ["concise", "github"] {
        let out = stdout(&p.run(&["check", "--format", format]));
        let prefix = if format == "concise" {
            "en/ga/res-02.txt:12:44:"
        } else {
            "::error file=zh/ga/res-02.txt,"
        };
        let example = USAGE
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {format} example in docs/usage.md"));
        assert!(
            out.lines().any(|l| l == example),
            "{example}\nnot in\n{out}"
        );
    }
    let summary = stderr(&p.run(&["check"]));
    assert!(
        USAGE.contains(&format!("`{}`", summary.trim())),
        "{summary}"
    );
}
