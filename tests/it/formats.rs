//! Every output format on one repository: the same findings, each in its own form. GitHub
//! workflow commands must parse as the runner parses them; SARIF must validate against the
//! official SARIF 2.1.0 schema.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

use regex::Regex;
use serde_json::Value;

use crate::project::*;

/// (rule, path, line, column) of the first label in each file of each diagnostic, sorted: what
/// every format must show.
fn places_per_side(diags: &[Value]) -> Vec<(String, String, u64, u64)> {
    let mut v = Vec::new();
    for d in diags {
        let mut seen = Vec::new();
        for l in d["labels"].as_array().unwrap() {
            let path = l["path"].as_str().unwrap().to_string();
            if seen.contains(&path) {
                continue;
            }
            seen.push(path.clone());
            v.push((
                d["rule"].as_str().unwrap().to_string(),
                path,
                l["line"].as_u64().unwrap(),
                l["column"].as_u64().unwrap(),
            ));
        }
    }
    v.sort();
    v
}

/// (rule, path, line, column) of the first label of each diagnostic, sorted.
fn first_places(diags: &[Value]) -> Vec<(String, String, u64, u64)> {
    let mut v: Vec<_> = diags
        .iter()
        .map(|d| {
            let l = &d["labels"][0];
            (
                d["rule"].as_str().unwrap().to_string(),
                l["path"].as_str().unwrap().to_string(),
                l["line"].as_u64().unwrap(),
                l["column"].as_u64().unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn every_format_reports_the_same_findings() {
    let (p, expected) = twenty_pairs();
    let (_, diags) = p.json(&[]);
    assert_eq!(rules_and_paths(&diags), expected);
    let first = first_places(&diags);

    // concise: path:line:col: rule message
    let out = p.run(&["check", "--format", "concise"]);
    assert_eq!(out.status.code(), Some(1));
    let line = Regex::new(r"^(.+?):(\d+):(\d+): ([a-z0-9-]+) (.+)$").unwrap();
    let mut concise: Vec<_> = stdout(&out)
        .lines()
        .map(|l| {
            let c = line
                .captures(l)
                .unwrap_or_else(|| panic!("not path:line:col: rule message: {l}"));
            (
                c[4].to_string(),
                c[1].to_string(),
                c[2].parse().unwrap(),
                c[3].parse().unwrap(),
            )
        })
        .collect();
    concise.sort();
    assert_eq!(concise, first);

    // github: one command per file involved.
    let out = p.run(&["check", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let mut github: Vec<_> = stdout(&out)
        .lines()
        .map(|l| {
            let c = parse_workflow_command(l);
            let rule = c.properties["title"]
                .strip_prefix("yizhi (")
                .and_then(|t| t.strip_suffix(')'))
                .unwrap()
                .to_string();
            (
                rule,
                c.properties["file"].clone(),
                c.properties["line"].parse().unwrap(),
                c.properties["col"].parse().unwrap(),
            )
        })
        .collect();
    github.sort();
    assert_eq!(github, places_per_side(&diags));

    // sarif: one result per finding, a location in each file involved.
    let out = p.run(&["check", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let mut firsts = Vec::new();
    let mut all = Vec::new();
    for r in results {
        for (k, loc) in r["locations"].as_array().unwrap().iter().enumerate() {
            let place = (
                r["ruleId"].as_str().unwrap().to_string(),
                loc["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                loc["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap(),
                loc["physicalLocation"]["region"]["startColumn"]
                    .as_u64()
                    .unwrap(),
            );
            if k == 0 {
                firsts.push(place.clone());
            }
            all.push(place);
        }
    }
    firsts.sort();
    all.sort();
    assert_eq!(firsts, first);
    assert_eq!(all, places_per_side(&diags));

    // human: each finding under its rule id, each side's excerpt headed path:line:col.
    let out = p.run(&["check", "--format", "human", "--color", "never"]);
    assert_eq!(out.status.code(), Some(1));
    let human = stdout(&out);
    for (rule, path, line, col) in places_per_side(&diags) {
        assert!(
            human.contains(&format!("[{path}:{line}:{col}]")),
            "{path} in {human}"
        );
        assert!(human.contains(&rule));
    }
    let headers = human
        .lines()
        .filter(|l| expected.iter().any(|(rule, _)| l == rule))
        .count();
    assert_eq!(headers, diags.len(), "{human}");
}

struct WorkflowCommand {
    command: String,
    properties: BTreeMap<String, String>,
    message: String,
}

/// Parses a line as the Actions runner does (`::name key=value,…::message`), undoing its
/// escapes, and checks the properties an annotation uses.
fn parse_workflow_command(line: &str) -> WorkflowCommand {
    let re = Regex::new(r"^::([a-z]+) ([^:]*)::(.*)$").unwrap();
    let c = re
        .captures(line)
        .unwrap_or_else(|| panic!("not a workflow command: {line}"));
    let unescape = |s: &str| {
        s.replace("%0D", "\r")
            .replace("%0A", "\n")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
    };
    let mut properties = BTreeMap::new();
    for kv in c[2].split(',') {
        let (k, v) = kv
            .split_once('=')
            .unwrap_or_else(|| panic!("bad property {kv:?} in {line}"));
        assert!(
            ["file", "line", "col", "endLine", "endColumn", "title"].contains(&k),
            "unknown property {k}"
        );
        properties.insert(k.to_string(), unescape(v));
    }
    let command = c[1].to_string();
    assert!(["error", "warning", "notice"].contains(&command.as_str()));
    let message = unescape(&c[3]);
    assert!(!message.is_empty() && !c[3].contains('\n'));
    WorkflowCommand {
        command,
        properties,
        message,
    }
}

#[test]
fn github_annotations_point_into_both_files() {
    let (p, _) = twenty_pairs();
    let out = p.run(&["check", "--format", "github"]);
    let commands: Vec<_> = stdout(&out).lines().map(parse_workflow_command).collect();
    let zh = commands
        .iter()
        .find(|c| c.properties["file"] == "zh/ga/res-02.txt")
        .unwrap();
    assert_eq!(zh.command, "error");
    assert_eq!(zh.properties["title"], "yizhi (date-mismatch)");
    assert_eq!(
        (
            zh.properties["line"].as_str(),
            zh.properties["col"].as_str(),
            zh.properties["endLine"].as_str(),
            zh.properties["endColumn"].as_str()
        ),
        ("20", "5", "20", "15")
    );
    let lines: Vec<&str> = zh.message.lines().collect();
    assert_eq!(
        lines,
        [
            "preambular paragraph 3: 2 December 2004 in English, 2004年12月3日 in Chinese",
            "Chinese: 2004年12月3日",
            "en/ga/res-02.txt:12:44: English: 2 December 2004",
            "help: 2 December 2004 is 2004年12月2日 in Chinese",
        ]
    );
    // Every annotation names a file of the project and a line inside it.
    for c in &commands {
        let text = p.read(&c.properties["file"]);
        let line: usize = c.properties["line"].parse().unwrap();
        assert!(line >= 1 && line <= text.lines().count().max(1));
    }
}

#[test]
fn warnings_are_github_warnings_and_sarif_warnings() {
    let p = Project::new();
    p.pair("en/a.txt", "zh/a.txt");
    p.write("yizhi.toml", "[severity]\ndate-mismatch = \"warning\"\n");
    p.write(
        "zh/a.txt",
        &crate::support::replace_once(
            &crate::support::clean_zh(),
            "2004年12月2日",
            "2004年12月3日",
        ),
    );
    let out = p.run(&["check", "--format", "github"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).starts_with("::warning file=en/a.txt,"),
        "{}",
        stdout(&out)
    );
    let out = p.run(&["check", "--format", "sarif"]);
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sarif["runs"][0]["results"][0]["level"], "warning");
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema = repo_root().join("../shared/schemas/sarif-2.1.0.json");
    if !schema.is_file() {
        eprintln!("skipped: no SARIF schema at {}", schema.display());
        return;
    }
    let ci = std::env::var_os("CI").is_some();
    let probe = Command::new("python3")
        .args(["-c", "import jsonschema"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        assert!(
            !ci,
            "Python's jsonschema is missing: .ci/run installs it (pip install jsonschema)"
        );
        eprintln!("skipped: Python's jsonschema is not installed");
        return;
    }
    let (p, _) = twenty_pairs();
    let out = p.run(&["check", "--format", "sarif"]);
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules.iter().any(|r| r["id"] == "counterpart-missing"));
    for r in sarif["runs"][0]["results"].as_array().unwrap() {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        assert!(r["partialFingerprints"]["yizhi/v1"].is_string());
    }
    validate(&schema, &out.stdout);
}

/// Validates `document` against the JSON schema at `schema` with Python's jsonschema, which
/// picks the validator the schema's `$schema` names (draft-04 for SARIF).
fn validate(schema: &std::path::Path, document: &[u8]) {
    let script = "import json, sys, jsonschema\n\
        schema = json.load(open(sys.argv[1]))\n\
        doc = json.load(sys.stdin)\n\
        cls = jsonschema.validators.validator_for(schema)\n\
        errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))\n\
        for e in errors[:20]:\n    print(list(e.path), e.message)\n\
        sys.exit(1 if errors else 0)\n";
    let mut child = Command::new("python3")
        .args(["-c", script])
        .arg(schema)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(document).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "SARIF does not validate:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn json_stays_one_array_over_all_pairs() {
    let (p, _) = twenty_pairs();
    let out = p.run(&["check", "--format", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 6);
    // Machine formats end with the summary line on stderr too, and nothing else.
    assert_eq!(stderr(&out), "21 pairs checked: 5 errors, 1 warning\n");
    let out = p.run(&["check", "--format", "sarif"]);
    assert_eq!(stderr(&out), "21 pairs checked: 5 errors, 1 warning\n");
}
