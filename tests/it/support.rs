//! Shared helpers: the seed pair, mutated copies of it, and running the binary.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

pub const SEED_EN: &str = include_str!("../../examples/A-RES-71-14/en.txt");
pub const SEED_ZH: &str = include_str!("../../examples/A-RES-71-14/zh.txt");

/// A user's rule of an existing kind, as the README's guide writes it: annex numbers.
pub const ANNEX_RULE: &str = r#"
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

/// The diagnostics of one rule.
pub fn of_rule<'a>(diags: &'a [Value], rule: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["rule"] == rule).collect()
}

pub fn seed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/A-RES-71-14")
}

/// Replaces exactly one occurrence of `from`; panics if there is not exactly one, so a fixture
/// can never silently stop mutating anything.
pub fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} must occur once");
    text.replacen(from, to, 1)
}

/// A pair written to a temporary directory.
pub struct Pair {
    pub dir: tempfile::TempDir,
    pub en: String,
    pub zh: String,
}

impl Pair {
    pub fn new(en: &str, zh: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("en.txt"), en).unwrap();
        std::fs::write(dir.path().join("zh.txt"), zh).unwrap();
        Pair {
            dir,
            en: en.to_string(),
            zh: zh.to_string(),
        }
    }

    pub fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_string_lossy().into_owned()
    }

    /// Like [`Pair::check_json`], without the one real difference of the seed pair (see
    /// [`is_seed_finding`]): what a mutation added.
    pub fn new_findings(&self) -> (i32, Vec<Value>) {
        let (code, diags) = self.check_json(&[]);
        let diags = diags
            .into_iter()
            .filter(|d| !self.is_seed_finding(d))
            .collect();
        (code, diags)
    }

    /// The published Chinese of A/RES/71/14 calls the thirtieth special session of the General
    /// Assembly "第十三届特别会议" (thirteenth): a real error of the seed, reported as
    /// `ordinal-mismatch`.
    pub fn is_seed_finding(&self, d: &Value) -> bool {
        d["rule"] == "ordinal-mismatch"
            && labels_in(d, "en.txt")
                .first()
                .is_some_and(|l| self.label_text(l) == "thirtieth special session")
    }

    /// Runs `yizhi check --format json` and returns (exit code, diagnostics).
    pub fn check_json(&self, extra: &[&str]) -> (i32, Vec<Value>) {
        let out = yizhi()
            .args([
                "check",
                &self.path("en.txt"),
                &self.path("zh.txt"),
                "--format",
                "json",
            ])
            .args(extra)
            .output()
            .unwrap();
        let code = out.status.code().unwrap();
        let json: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
        (code, json.as_array().unwrap().clone())
    }

    /// The text a label points at, read from the file it names.
    pub fn label_text(&self, label: &Value) -> String {
        let path = label["path"].as_str().unwrap();
        let text = if path.ends_with("en.txt") {
            &self.en
        } else {
            &self.zh
        };
        let (s, e) = (
            label["start"].as_u64().unwrap() as usize,
            label["end"].as_u64().unwrap() as usize,
        );
        text[s..e].to_string()
    }
}

pub fn yizhi() -> Command {
    Command::cargo_bin("yizhi").unwrap()
}

/// The labels of one diagnostic on one side ("en.txt" or "zh.txt").
pub fn labels_in<'a>(d: &'a Value, file: &str) -> Vec<&'a Value> {
    d["labels"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["path"].as_str().unwrap().ends_with(file))
        .collect()
}

/// The seed's Chinese with its one real error corrected (see [`Pair::is_seed_finding`]): a
/// pair that gives no finding, for tests that want a clean document.
pub fn clean_zh() -> String {
    replace_once(SEED_ZH, "第十三届特别会议", "第三十届特别会议")
}
