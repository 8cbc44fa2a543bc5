//! A project in a temporary directory: files written from the seed pair, mutated where a test
//! wants a finding, and `yizhi` run inside it.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::support::*;

pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    pub fn new() -> Self {
        Project {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, rel: &str) -> std::path::PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    /// Writes the seed pair as `en` and `zh`.
    pub fn pair(&self, en: &str, zh: &str) -> &Self {
        self.write(en, SEED_EN).write(zh, &clean_zh())
    }

    /// Runs `yizhi ARGS` in the project's root, with `CI` unset.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_in(".", args)
    }

    pub fn run_in(&self, sub: &str, args: &[&str]) -> Output {
        yizhi()
            .current_dir(self.path(sub))
            .env_remove("CI")
            .env("NO_COLOR", "1")
            .args(args)
            .output()
            .unwrap()
    }

    /// `yizhi check --format json ARGS`: exit code and diagnostics.
    pub fn json(&self, args: &[&str]) -> (i32, Vec<Value>) {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "bad JSON ({e}): {}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (out.status.code().unwrap(), json.as_array().unwrap().clone())
    }
}

/// (rule, path of the first label) of each diagnostic, sorted.
pub fn rules_and_paths(diags: &[Value]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = diags
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["labels"][0]["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The repository root, where `../shared` may sit beside it.
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The corpus of the acceptance test: 20 pairs in the two common layouts, 10 under `en/` ↔
/// `zh/` (some nested) and 10 UN-style `_E` ↔ `_C`, four of them broken (six findings), plus a file without
/// counterpart, an ignored broken pair and files that belong to no pair. Returns the project
/// and the findings it must give, as (rule, path of the first label).
pub fn twenty_pairs() -> (Project, Vec<(String, String)>) {
    let p = Project::new();
    for i in 1..=10 {
        let folder = if i % 3 == 0 { "ga/71" } else { "ga" };
        p.pair(
            &format!("en/{folder}/res-{i:02}.txt"),
            &format!("zh/{folder}/res-{i:02}.txt"),
        );
        p.pair(
            &format!("un/A_RES_71_{i:02}_E.txt"),
            &format!("un/A_RES_71_{i:02}_C.txt"),
        );
    }
    // Four broken pairs, by the mutations the engine's own tests use.
    p.write(
        "zh/ga/res-02.txt",
        &replace_once(&clean_zh(), "2004年12月2日", "2004年12月3日"),
    );
    p.write(
        "zh/ga/71/res-06.txt",
        &replace_once(&clean_zh(), "第59/48号决议", "第59/49号决议"),
    );
    p.write(
        "un/A_RES_71_03_E.txt",
        &replace_once(SEED_EN, "16 August 2007", "17 August 2007"),
    );
    p.write(
        "un/A_RES_71_07_C.txt",
        &replace_once(&clean_zh(), "² S-30/1 号决议，附件。\n", ""),
    );
    // A translation that was never added.
    p.write("un/A_RES_71_11_E.txt", SEED_EN);
    // Ignored: a broken copy under a folder .gitignore names.
    p.write(".gitignore", "drafts/\n");
    p.write("drafts/en/old.txt", SEED_EN);
    p.write(
        "drafts/zh/old.txt",
        &replace_once(&clean_zh(), "2004年12月2日", "2005年12月2日"),
    );
    // Files of no pair.
    p.write("README.md", "# Resolutions\n");
    p.write("en/notes.html", "<p>Notes</p>\n");
    let expected = [
        ("counterpart-missing", "un/A_RES_71_11_E.txt"),
        ("date-mismatch", "en/ga/res-02.txt"),
        ("date-mismatch", "un/A_RES_71_03_E.txt"),
        ("footnote-body-missing", "un/A_RES_71_07_E.txt"),
        // The marker of the deleted body is left without one: a warning.
        ("footnote-unresolved", "un/A_RES_71_07_C.txt"),
        ("symbol-mismatch", "en/ga/71/res-06.txt"),
    ];
    let mut expected: Vec<(String, String)> = expected
        .iter()
        .map(|(r, p)| (r.to_string(), p.to_string()))
        .collect();
    expected.sort();
    (p, expected)
}
