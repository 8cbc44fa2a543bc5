//! A broken rule file is a miette error pointing into the file, with exit code 2: the rule-file
//! rows of the bad-input table (issue #5). Each row asserts the message and where the error
//! points (`file:line:column` of the offending value). Rule files come from strangers in CI,
//! so their limits are rows too. Config-file (yizhi.toml) rows come with config files.
//!
//! | row | points at |
//! |---|---|
//! | TOML syntax error | the broken token |
//! | unknown key | the key |
//! | wrong type | the value |
//! | duplicate rule id | the second id, naming the file of the first |
//! | invalid regex | the pattern |
//! | unknown or cyclic fragment (`{name}`) | the pattern |
//! | regex compiling too large | the pattern |
//! | pattern too long | the pattern |
//! | too many patterns | the first pattern over the budget |
//! | unknown normaliser | the normaliser's name |
//! | capture a normaliser does not expect | the `normalise` table |
//! | capture a date does not have | the pattern |
//! | unknown check kind | the value |
//! | missing, directory, not UTF-8, too large | the file, by name |

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
    assert!(err.contains("mine.toml:8:11]"), "{err}");
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
    assert!(err.contains("mine.toml:1:8]"), "{err}");
}

#[test]
fn unknown_key_is_named() {
    let (code, err) = with_rules(&format!("{VALID_HEAD}\n[[rule.en]]\npatern = 'x'\n"));
    assert_eq!(code, 2);
    assert!(err.contains("unknown field `patern`"), "{err}");
    assert!(err.contains("mine.toml:8:1]"), "{err}");
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
    assert!(err.contains("mine.toml:9:19]"), "{err}");
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
    assert!(err.contains("mine.toml:9:13]"), "{err}");
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
    assert!(err.contains("mine.toml:7:11]"), "{err}");
}

#[test]
fn duplicate_rule_id() {
    let toml = "[[rule]]\nid = \"date-mismatch\"\nsummary = \"again\"\ncheck = \"paragraphs\"\n";
    let (code, err) = with_rules(toml);
    assert_eq!(code, 2);
    assert!(err.contains("duplicate rule id `date-mismatch`"), "{err}");
    assert!(err.contains("rules/dates.toml"), "{err}");
    assert!(err.contains("mine.toml:2:6]"), "{err}");
}

#[test]
fn unknown_check_kind() {
    let (code, err) = with_rules("[[rule]]\nid = \"x\"\nsummary = \"s\"\ncheck = \"value\"\n");
    assert_eq!(code, 2);
    assert!(err.contains("unknown variant `value`"), "{err}");
    assert!(err.contains("expected one of `values`"), "{err}");
    assert!(err.contains("did you mean `values`?"), "{err}");
    assert!(err.contains("mine.toml:4:9]"), "{err}");
}

#[test]
fn oversized_regex_is_refused() {
    let toml = format!(
        "{VALID_HEAD}\n[[rule.en]]\npattern = '(?:\\w{{100}}){{100}}'\n[[rule.zh]]\npattern = 'x'\n"
    );
    let (code, err) = with_rules(&toml);
    assert_eq!(code, 2);
    assert!(err.contains("compiles to more than"), "{err}");
    assert!(err.contains("mine.toml:8:11]"), "{err}");
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
    let toml = ANNEX_RULE;
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

/// A `[define]` fragment is used as `{name}` in the file's patterns, `unless` and `then`.
#[test]
fn a_user_rule_uses_the_fragments_of_its_file() {
    let toml = r#"
[define]
roman = '[IVX]+'
zh_numeral = '[一二三四五六七八九十]+'

[[rule]]
id = "annex-number-mismatch"
summary = "Annex numbers must match"
check = "values"
[[rule.en]]
pattern = 'annex (?P<n>{roman})\b'
normalise = { n = "roman" }
then = '^ and (?P<n>{roman})\b'
[[rule.zh]]
pattern = '附件(?P<n>{zh_numeral})'
normalise = { n = "zh-number" }
"#;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("annex.toml"), toml).unwrap();
    let pair = Pair::new(
        "See annex II and IV of the report.\n",
        "见报告附件二和附件三。\n",
    );
    let rules = dir.path().join("annex.toml").to_string_lossy().into_owned();
    let (code, diags) = pair.check_json(&["--rules", &rules]);
    assert_eq!(code, 1, "{diags:#?}");
    let labels: Vec<String> = diags
        .iter()
        .filter(|d| d["rule"] == "annex-number-mismatch")
        .flat_map(|d| {
            labels_in(d, "en.txt")
                .into_iter()
                .chain(labels_in(d, "zh.txt"))
        })
        .map(|l| pair.label_text(l))
        .collect();
    assert_eq!(labels, ["IV", "三"], "{diags:#?}");
}

#[test]
fn an_unknown_fragment_points_at_the_pattern() {
    let toml = format!(
        "[define]\nvolume = '[0-9]+'\n{VALID_HEAD}\n[[rule.en]]\npattern = 'vol\\. (?P<v>{{volum}})'\n[[rule.zh]]\npattern = '第(?P<v>{{volume}})卷'\n"
    );
    let (code, err) = with_rules(&toml);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("no fragment `volum` is defined in this file"),
        "{err}"
    );
    assert!(err.contains("mine.toml:10:11]"), "{err}");
}

#[test]
fn a_fragment_that_uses_itself_is_an_error() {
    let toml = format!(
        "[define]\na = 'x{{b}}'\nb = 'y{{a}}'\n{VALID_HEAD}\n[[rule.en]]\npattern = '{{a}}'\n[[rule.zh]]\npattern = 'z'\n"
    );
    let (code, err) = with_rules(&toml);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("fragment `a` uses itself"), "{err}");
    assert!(err.contains("through a → b"), "{err}");
}

/// `count` artefacts of three lines each, one pattern apiece.
fn artefacts(count: usize) -> String {
    (0..count)
        .map(|i| format!("[[artefact]]\nname = \"a{i}\"\npattern = '^x{i}$'\n"))
        .collect()
}

/// Every regular expression counts toward the budget: a rule pattern's `unless` and `then`
/// too.
#[test]
fn unless_and_then_count_toward_the_pattern_budget() {
    let mut toml = artefacts(yizhi::rules::MAX_USER_PATTERNS - 3);
    toml.push_str(VALID_HEAD);
    toml.push_str(
        "[[rule.en]]\npattern = 'vol (?P<v>[0-9]+)'\nunless = 'vol 0'\nthen = '^, (?P<v>[0-9]+)'\n",
    );
    toml.push_str("[[rule.zh]]\npattern = '第(?P<v>[0-9]+)卷'\n");
    let (code, err) = with_rules(&toml);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("more than 256 patterns in the rule files"),
        "{err}"
    );
    // The 257th: the Chinese pattern, after 253 artefacts of 3 lines, a rule head of 5 lines
    // and the English pattern's 4.
    assert!(err.contains("mine.toml:770:11]"), "{err}");
}

#[test]
fn wrong_type() {
    let (code, err) = with_rules("[[rule]]\nid = 1\nsummary = \"s\"\ncheck = \"values\"\n");
    assert_eq!(code, 2);
    assert!(
        err.contains("invalid type: integer `1`, expected a string"),
        "{err}"
    );
    assert!(err.contains("mine.toml:2:6]"), "{err}");
    let (code, err) = with_rules(&format!("{VALID_HEAD}priority = \"high\"\n"));
    assert_eq!(code, 2);
    assert!(err.contains("expected i32"), "{err}");
    assert!(err.contains("mine.toml:6:12]"), "{err}");
}

#[test]
fn pattern_longer_than_the_limit() {
    let long = "a".repeat(yizhi::rules::MAX_PATTERN_CHARS + 1);
    let toml =
        format!("{VALID_HEAD}\n[[rule.en]]\npattern = '{long}'\n[[rule.zh]]\npattern = 'x'\n");
    let (code, err) = with_rules(&toml);
    assert_eq!(code, 2);
    assert!(
        err.contains("pattern is longer than 4096 characters"),
        "{err}"
    );
    assert!(err.contains("mine.toml:8:11]"), "{err}");
}

#[test]
fn more_patterns_than_the_budget() {
    let mut toml = artefacts(yizhi::rules::MAX_USER_PATTERNS);
    // The one pattern too many, on the line after the 256 artefacts of 3 lines each.
    toml.push_str("[[artefact]]\nname = \"last\"\npattern = '^last$'\n");
    let (code, err) = with_rules(&toml);
    assert_eq!(code, 2);
    assert!(
        err.contains("more than 256 patterns in the rule files"),
        "{err}"
    );
    assert!(err.contains("mine.toml:771:11]"), "{err}");
}

/// Runs `yizhi rules --rules PATH` and returns (exit code, stderr).
fn rules_from(path: &std::path::Path) -> (i32, String) {
    let out = yizhi()
        .arg("rules")
        .arg("--rules")
        .arg(path)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn rule_file_is_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err) = rules_from(dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("it is a directory, not a rule file"), "{err}");
}

#[test]
fn rule_file_not_utf8_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    std::fs::write(&path, b"[[rule]]\nid = \"caf\xE9\"\n").unwrap();
    let (code, err) = rules_from(&path);
    assert_eq!(code, 2);
    assert!(err.contains("mine.toml: not valid UTF-8"), "{err}");
    assert!(err.contains("offset 18 (line 2, column 10)"), "{err}");
}

#[test]
fn rule_file_over_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    let comment = format!("# {}\n", "x".repeat(1000));
    std::fs::write(&path, comment.repeat(1100)).unwrap();
    let (code, err) = rules_from(&path);
    assert_eq!(code, 2);
    assert!(
        err.contains("over the limit of 1048576 bytes for a rule file"),
        "{err}"
    );
}

/// A regex the `regex` crate accepts but that would be slow elsewhere (nested repetition,
/// the classic catastrophic backtracking case) runs in linear time: matching stays fast.
#[test]
fn catastrophic_backtracking_patterns_stay_linear() {
    let toml = r#"
[[rule]]
id = "nested"
summary = "s"
check = "values"
[[rule.en]]
pattern = '(?P<x>(a+)+b)'
[[rule.zh]]
pattern = '(?P<x>(a+)+b)'
"#;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("nested.toml"), toml).unwrap();
    let text = format!("{}\n", "a".repeat(200_000));
    let pair = Pair::new(&text, "回顾其决议。\n");
    let rules = dir
        .path()
        .join("nested.toml")
        .to_string_lossy()
        .into_owned();
    let started = std::time::Instant::now();
    let out = yizhi()
        .args([
            "check",
            "--rules",
            &rules,
            &pair.path("en.txt"),
            &pair.path("zh.txt"),
        ])
        .output()
        .unwrap();
    assert!(out.status.code().unwrap() < 2, "{out:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}
