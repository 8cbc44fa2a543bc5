//! A broken rule file is a miette error pointing into the file, with exit code 2.

use crate::support::*;

/// Runs `check` on the seed with one user rule file; returns (exit code, stderr).
fn with_rules(toml: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    std::fs::write(&path, toml).unwrap();
    let seed = seed_dir();
    let out = yizhi()
        .args(["check", "--color", "never", "--rules"])
        .arg(&path)
        .arg(seed.join("en.txt"))
        .arg(seed.join("zh.txt"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const VALID_HEAD: &str = r#"
[[rule]]
id = "treaty-volume"
summary = "Treaty volumes must match"
check = "values"
"#;

#[test]
fn invalid_regex_shows_the_toml_line() {
    let toml = format!(
        "{VALID_HEAD}\n[[rule.en]]\npattern = 'vol\\. (?P<v>[0-9+'\n[[rule.zh]]\npattern = '第(?P<v>[0-9]+)卷'\n"
    );
    let (code, err) = with_rules(&toml);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("invalid regular expression"), "{err}");
    // The offending line of the TOML is shown with its line number.
    assert!(err.contains("8 │ pattern = 'vol\\. (?P<v>[0-9+'"), "{err}");
    assert!(err.contains("mine.toml"), "{err}");
}

#[test]
fn toml_syntax_error() {
    let (code, err) = with_rules("[[rule]\nid = 1");
    assert_eq!(code, 2);
    assert!(err.contains("mine.toml"), "{err}");
    assert!(err.contains("1 │ [[rule]"), "{err}");
}

#[test]
fn unknown_key_is_named() {
    let (code, err) = with_rules(&format!("{VALID_HEAD}\n[[rule.en]]\npatern = 'x'\n"));
    assert_eq!(code, 2);
    assert!(err.contains("unknown field `patern`"), "{err}");
}

#[test]
fn unknown_normaliser() {
    let toml = format!(
        "{VALID_HEAD}\n[[rule.en]]\npattern = '(?P<v>[0-9]+)'\nnormalise = {{ v = \"roman-numeral\" }}\n[[rule.zh]]\npattern = '(?P<v>[0-9]+)'\n"
    );
    let (code, err) = with_rules(&toml);
    assert_eq!(code, 2);
    assert!(err.contains("unknown normaliser `roman-numeral`"), "{err}");
    assert!(err.contains("known normalisers:"), "{err}");
}

#[test]
fn normaliser_for_a_missing_capture() {
    let toml = format!(
        "{VALID_HEAD}\n[[rule.en]]\npattern = '(?P<v>[0-9]+)'\nnormalise = {{ volume = \"integer\" }}\n[[rule.zh]]\npattern = '(?P<v>[0-9]+)'\n"
    );
    let (code, err) = with_rules(&toml);
    assert_eq!(code, 2);
    assert!(
        err.contains("names capture `volume`, which the pattern does not have"),
        "{err}"
    );
}

#[test]
fn date_capture_a_date_does_not_have() {
    let toml = "[[rule]]\nid = \"my-dates\"\nsummary = \"s\"\ncheck = \"values\"\nvalue = \"date\"\n[[rule.en]]\npattern = '(?P<year>[0-9]{4}) (?P<week>[0-9]+)'\n[[rule.zh]]\npattern = '(?P<year>[0-9]{4})'\n";
    let (code, err) = with_rules(toml);
    assert_eq!(code, 2);
    assert!(
        err.contains("capture `week`, which a date does not have"),
        "{err}"
    );
}

#[test]
fn duplicate_rule_id() {
    let toml = "[[rule]]\nid = \"date-mismatch\"\nsummary = \"again\"\ncheck = \"paragraphs\"\n";
    let (code, err) = with_rules(toml);
    assert_eq!(code, 2);
    assert!(err.contains("duplicate rule id `date-mismatch`"), "{err}");
    assert!(err.contains("rules/dates.toml"), "{err}");
}

#[test]
fn unknown_check_kind() {
    let (code, err) = with_rules("[[rule]]\nid = \"x\"\nsummary = \"s\"\ncheck = \"value\"\n");
    assert_eq!(code, 2);
    assert!(err.contains("unknown check `value`"), "{err}");
    assert!(err.contains("expected one of: `values`"), "{err}");
}

#[test]
fn oversized_regex_is_refused() {
    let toml = format!(
        "{VALID_HEAD}\n[[rule.en]]\npattern = '(?:\\w{{100}}){{100}}'\n[[rule.zh]]\npattern = 'x'\n"
    );
    let (code, err) = with_rules(&toml);
    assert_eq!(code, 2);
    assert!(err.contains("compiles to more than"), "{err}");
}

#[test]
fn missing_rule_file() {
    let seed = seed_dir();
    let out = yizhi()
        .args(["check", "--rules", "no-such-rules.toml"])
        .arg(seed.join("en.txt"))
        .arg(seed.join("zh.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot read rule file no-such-rules.toml")
    );
}

#[test]
fn a_user_rule_of_an_existing_kind_works_from_toml_alone() {
    let toml = r#"
[[rule]]
id = "annex-number-mismatch"
summary = "Annex numbers must match"
check = "values"
[[rule.en]]
pattern = 'annex (?P<n>[IVX]+)\b'
normalise = { n = "roman" }
[[rule.zh]]
pattern = '附件(?P<n>[一二三四五六七八九十]+)'
normalise = { n = "zh-number" }
"#;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("annex.toml"), toml).unwrap();
    let pair = Pair::new("See annex II of the report.\n", "见报告附件三。\n");
    let rules = dir.path().join("annex.toml").to_string_lossy().into_owned();
    let (code, diags) = pair.check_json(&["--rules", &rules]);
    assert_eq!(code, 1);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["rule"], "annex-number-mismatch");
    assert_eq!(pair.label_text(labels_in(&diags[0], "zh.txt")[0]), "三");
}
