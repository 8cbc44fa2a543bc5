//! The command line: output formats, exit codes, listing and explaining rules.

use crate::support::*;

#[test]
fn human_output_labels_both_files() {
    let pair = Pair::new(
        SEED_EN,
        &replace_once(SEED_ZH, "2004年12月2日", "2004年12月3日"),
    );
    let out = yizhi()
        .args([
            "check",
            &pair.path("en.txt"),
            &pair.path("zh.txt"),
            "--color",
            "never",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("date-mismatch"), "{stdout}");
    assert!(stdout.contains("English: 2 December 2004"), "{stdout}");
    assert!(stdout.contains("Chinese: 2004年12月3日"), "{stdout}");
    assert!(stdout.contains("en.txt:12:"), "{stdout}");
    assert!(stdout.contains("zh.txt:20:"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The mutation, and the seed's own real difference (see support::is_seed_finding).
    assert!(stderr.contains("2 errors, 0 warnings"), "{stderr}");
}

#[test]
fn json_labels_carry_positions() {
    let pair = Pair::new(
        SEED_EN,
        &replace_once(SEED_ZH, "2004年12月2日", "2004年12月3日"),
    );
    let (_, diags) = pair.check_json(&[]);
    let d = &diags[0];
    let keys: Vec<&String> = d.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["fix", "help", "labels", "message", "rule", "severity"]
    );
    assert_eq!(d["severity"], "error");
    let zh = labels_in(d, "zh.txt")[0];
    // "还回顾其" precedes the date: column 5 in characters, not bytes.
    assert_eq!(
        (zh["line"].as_u64(), zh["column"].as_u64()),
        (Some(20), Some(5))
    );
    assert_eq!(
        (zh["end_line"].as_u64(), zh["end_column"].as_u64()),
        (Some(20), Some(15))
    );
    let en = labels_in(d, "en.txt")[0];
    assert_eq!(en["line"], 12);
}

#[test]
fn rules_and_explain() {
    let out = yizhi().arg("rules").output().unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    for id in [
        "date-mismatch",
        "symbol-mismatch",
        "paragraph-missing",
        "footnote-marker-mismatch",
        "operative-numbering",
    ] {
        assert!(s.contains(id), "{id} missing from {s}");
    }
    let out = yizhi().args(["explain", "date-mismatch"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("## What it checks"));
    let out = yizhi().args(["explain", "no-such-rule"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("known rules: date-mismatch"));
    // A typo gets the nearest rule id.
    let out = yizhi().args(["explain", "date-mismach"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean `date-mismatch`?"), "{err}");
}

/// `--threads` is capped at four per core, with a warning (5,000 threads took minutes).
#[test]
fn threads_are_capped_with_a_warning() {
    let pair = Pair::new(SEED_EN, &clean_zh());
    let out = yizhi()
        .args([
            "check",
            &pair.path("en.txt"),
            &pair.path("zh.txt"),
            "--threads",
            "5000",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    let cores = std::thread::available_parallelism().unwrap().get();
    assert!(
        err.contains(&format!(
            "warning: --threads 5000 is more than 4 per core ({cores} cores): using {}",
            4 * cores
        )),
        "{err}"
    );
}

/// `inspect` reads a pair as `check` does: an empty side is refused with exit code 2.
#[test]
fn inspect_refuses_an_empty_file() {
    let pair = Pair::new(SEED_EN, "");
    let out = yizhi()
        .args(["inspect", &pair.path("en.txt"), &pair.path("zh.txt")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("zh.txt is empty"));
}

#[test]
fn completions_are_printed_for_each_shell_and_bash_loads_them() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = yizhi().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        // Every subcommand and the options of `check` are offered.
        for word in [
            "check",
            "explain",
            "completions",
            "write-baseline",
            "line-aligned",
        ] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
    }
    let out = yizhi().args(["completions", "nosh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    // The bash script registers a completion for yizhi when sourced.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("yizhi.bash");
    std::fs::write(
        &path,
        yizhi()
            .args(["completions", "bash"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let Ok(out) = std::process::Command::new("bash")
        .arg("-c")
        .arg("source \"$1\" && complete -p yizhi")
        .arg("bash")
        .arg(&path)
        .output()
    else {
        return; // No bash here: the scripts above were still checked.
    };
    let registered = String::from_utf8_lossy(&out.stdout);
    assert!(
        registered.contains("-F _yizhi") && registered.trim_end().ends_with(" yizhi"),
        "{registered}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `yizhi check --format json ARGS` in `dir` with `input` on standard input: exit code,
/// diagnostics and stderr.
fn check_stdin(
    dir: &std::path::Path,
    args: &[&str],
    input: &str,
) -> (i32, Vec<serde_json::Value>, String) {
    let out = yizhi()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .write_stdin(input)
        .output()
        .unwrap();
    let diags = serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .ok()
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default();
    (
        out.status.code().unwrap(),
        diags,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_dash_reads_one_file_of_the_pair_from_standard_input() {
    let pair = Pair::new(SEED_EN, &clean_zh());
    let wrong = replace_once(&clean_zh(), "2004年12月2日", "2004年12月3日");
    // The Chinese file from standard input, named `-`.
    let (code, diags, stderr) = check_stdin(pair.dir.path(), &["en.txt", "-"], &wrong);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["rule"], "date-mismatch");
    assert_eq!(labels_in(&diags[0], "-").len(), 1, "{diags:#?}");
    assert!(stderr.contains("en.txt ↔ -: 1 error"), "{stderr}");
    // Named: findings name that path, and the file of that name on disk is not read.
    std::fs::write(pair.path("zh.txt"), &wrong).unwrap();
    let (code, diags, stderr) = check_stdin(
        pair.dir.path(),
        &["en.txt", "-", "--stdin-filename", "zh.txt"],
        &clean_zh(),
    );
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}\n{stderr}");
    assert!(stderr.contains("en.txt ↔ zh.txt: consistent"), "{stderr}");
}

#[test]
fn standard_input_named_by_stdin_filename_is_paired_and_read_in_its_format() {
    let p = crate::project::Project::new();
    let en = "# Report\n\nHeld on 21 November 2016.\n";
    let zh = "# 报告\n\n2016年11月21日举行。\n";
    p.write("en/a.md", en);
    // The file on disk is stale; standard input holds the buffer being edited.
    p.write("zh/a.md", "# 报告\n\n2016年11月21日举行。\n");
    let edited = zh.replace("21日", "22日");
    let (code, diags, stderr) =
        check_stdin(&p.path("."), &["-", "--stdin-filename", "zh/a.md"], &edited);
    assert_eq!(code, 1, "{stderr}");
    let places: Vec<String> = diags[0]["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            format!(
                "{}:{}:{}",
                l["path"].as_str().unwrap(),
                l["line"],
                l["column"]
            )
        })
        .collect();
    assert_eq!(places, ["en/a.md:3:9", "zh/a.md:3:1"], "{diags:#?}");
    // A PO file, both versions, from standard input.
    let po = "msgid \"Held on 21 November 2016.\"\nmsgstr \"2016年11月22日举行。\"\n";
    let (code, diags, stderr) =
        check_stdin(&p.path("."), &["-", "--stdin-filename", "zh_CN.po"], po);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(diags[0]["rule"], "date-mismatch");
    assert_eq!(diags[0]["labels"][1]["path"], "zh_CN.po");
}

#[test]
fn standard_input_is_one_file_and_its_name_needs_a_dash() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = check_stdin(dir.path(), &["-", "-"], "text");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("standard input (`-`) is given 2 times"),
        "{stderr}"
    );
    let (code, _, stderr) = check_stdin(dir.path(), &["a.txt", "--stdin-filename", "zh.txt"], "");
    assert_eq!(code, 2);
    assert!(stderr.contains("no file is `-`"), "{stderr}");
}

/// `--version` names the package's version and, built from a git checkout, its commit.
#[test]
fn the_version_names_the_commit_it_was_built_from() {
    let out = yizhi().arg("--version").output().unwrap();
    assert!(out.status.success());
    let said = String::from_utf8(out.stdout).unwrap();
    let version = format!("yizhi {}", env!("CARGO_PKG_VERSION"));
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let own = git(&["rev-parse", "--show-toplevel"]).is_some_and(|top| {
        std::fs::canonicalize(top).ok() == std::fs::canonicalize(env!("CARGO_MANIFEST_DIR")).ok()
    });
    let head = own
        .then(|| git(&["rev-parse", "--short=12", "HEAD"]))
        .flatten();
    match head {
        Some(commit) => assert_eq!(said.trim_end(), format!("{version} ({commit})")),
        // A source outside its own git checkout (a published crate) says the version alone.
        None => assert_eq!(said.trim_end(), version),
    }
}
