//! Locale bundles of two files (`tests/fixtures/json/`, written for these tests): string
//! values are units paired by key path, and a key on one side only is a finding.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::yizhi;

fn fixture(dir: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
        .join(name)
}

fn check(en: &Path, zh: &Path) -> (i32, Vec<Value>, String) {
    let out = yizhi()
        .args(["check", "--format", "json"])
        .arg(en)
        .arg(zh)
        .output()
        .unwrap();
    let diags = serde_json::from_slice::<Value>(&out.stdout)
        .ok()
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default();
    (
        out.status.code().unwrap(),
        diags,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// "rule file:line:column …" of each finding, sorted.
fn places(diags: &[Value]) -> Vec<String> {
    let mut v: Vec<String> = diags
        .iter()
        .map(|d| {
            let at: Vec<String> = d["labels"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| {
                    let path = l["path"].as_str().unwrap();
                    let file = path.rsplit(['/', '\\']).next().unwrap();
                    format!("{file}:{}:{}", l["line"], l["column"])
                })
                .collect();
            format!("{} {}", d["rule"].as_str().unwrap(), at.join(" "))
        })
        .collect();
    v.sort();
    v
}

/// The fixture pair of `dir` with the Chinese edited, in a temporary folder.
fn edited(tmp: &Path, dir: &str, ext: &str, edits: &[(&str, &str)]) -> (PathBuf, PathBuf) {
    let en = tmp.join(format!("en.{ext}"));
    std::fs::copy(fixture(dir, &format!("en.{ext}")), &en).unwrap();
    let mut zh_text = std::fs::read_to_string(fixture(dir, &format!("zh.{ext}"))).unwrap();
    for (from, to) in edits {
        assert_eq!(zh_text.matches(from).count(), 1, "{from}");
        zh_text = zh_text.replacen(from, to, 1);
    }
    let zh = tmp.join(format!("zh.{ext}"));
    std::fs::write(&zh, zh_text).unwrap();
    (en, zh)
}

#[test]
fn a_json_bundle_and_its_translation_are_consistent() {
    let (code, diags, stderr) = check(&fixture("json", "en.json"), &fixture("json", "zh.json"));
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}\n{stderr}");
}

#[test]
fn a_changed_value_and_a_missing_key_are_exactly_the_findings() {
    let tmp = tempfile::tempdir().unwrap();
    let (en, zh) = edited(
        tmp.path(),
        "json",
        "json",
        &[
            ("1 500万", "1 600万"),
            ("    \"report\": \"详情见A/73/150号文件第二节。\"\n", ""),
            (
                "\"fund\": \"该基金为8个成员国提供1 600万美元。\",",
                "\"fund\": \"该基金为8个成员国提供1 600万美元。\"",
            ),
        ],
    );
    let (code, diags, stderr) = check(&en, &zh);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        places(&diags),
        [
            "number-mismatch en.json:8:29 zh.json:8:25",
            // resolution.report, expected after resolution.fund.
            "paragraph-missing en.json:9:16 zh.json:8:14",
        ],
        "{diags:#?}"
    );
}

#[test]
fn keys_in_another_order_still_pair() {
    let tmp = tempfile::tempdir().unwrap();
    // The same values, the keys in another order and on other lines.
    let reordered = r#"{
  "footer": "由该组织秘书处于2010年4月5日发布。",
  "menu": ["打开报告", "关闭报告"],
  "resolution": {
    "report": "详情见A/73/150号文件第二节。",
    "fund": "该基金为8个成员国提供1 500万美元。",
    "adopted": "大会于2016年11月21日通过了第71/14号决议。"
  },
  "app": { "version": 3, "title": "与区域组织的合作" }
}"#;
    let zh = tmp.path().join("zh.json");
    std::fs::write(&zh, reordered).unwrap();
    let (code, diags, stderr) = check(&fixture("json", "en.json"), &zh);
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}\n{stderr}");
}

#[test]
fn a_bundle_that_is_not_json_is_refused_where_it_breaks() {
    let tmp = tempfile::tempdir().unwrap();
    let (en, zh) = edited(
        tmp.path(),
        "json",
        "json",
        &[("\"menu\": [", "\"menu\": [[")],
    );
    let (code, _, stderr) = check(&en, &zh);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("not well-formed json"), "{stderr}");
}

#[test]
fn a_yaml_bundle_under_its_locale_key_pairs_with_its_translation() {
    // `en:` and `zh-CN:` at the root are not part of the key paths.
    let (code, diags, stderr) = check(&fixture("yaml", "en.yml"), &fixture("yaml", "zh.yml"));
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}\n{stderr}");
}

#[test]
fn yaml_injected_errors_are_exactly_the_findings() {
    let tmp = tempfile::tempdir().unwrap();
    let (en, zh) = edited(
        tmp.path(),
        "yaml",
        "yml",
        &[
            // A single-quoted value, a removed key and a date in a literal block.
            ("1 500万", "1 600万"),
            ("    report: 详情见A/73/150号文件第二节。\n", ""),
            ("2010年4月5日", "2010年4月6日"),
        ],
    );
    let (code, diags, stderr) = check(&en, &zh);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        places(&diags),
        [
            "date-mismatch en.yml:13:18 zh.yml:13:6",
            "number-mismatch en.yml:7:27 zh.yml:7:23",
            "paragraph-missing en.yml:8:13 zh.yml:7:12",
        ],
        "{diags:#?}"
    );
}

/// A sidebar: page ids and paths both files hold alike, around a few translated labels.
fn sidebar(labels: [&str; 2]) -> String {
    let items: Vec<String> = (1..=30)
        .map(|i| format!("\"getting-started/configure-routes-and-upstreams-{i}\""))
        .collect();
    format!(
        "{{\n  \"version\": \"3.18.0\",\n  \"sidebar\": [\n    {{ \"label\": \"{}\", \"items\": [{}] }},\n    {{ \"label\": \"{}\", \"items\": [] }}\n  ]\n}}\n",
        labels[0],
        items.join(", "),
        labels[1]
    )
}

#[test]
fn a_bundle_of_untranslated_ids_around_translated_labels_is_chinese_but_one_left_in_english_is_not()
{
    let dir = tempfile::tempdir().unwrap();
    let en = dir.path().join("en.json");
    let zh = dir.path().join("zh.json");
    std::fs::write(&en, sidebar(["Getting Started", "Tutorials"])).unwrap();
    std::fs::write(&zh, sidebar(["快速开始，配置路由和上游的教程", "教程"])).unwrap();
    let (code, diags, stderr) = check(&en, &zh);
    assert_eq!((code, diags), (0, vec![]), "{stderr}");

    // Every value alike: the Chinese file holds the English, and is refused.
    std::fs::write(&zh, sidebar(["Getting Started", "Tutorials"])).unwrap();
    let (code, _, stderr) = check(&en, &zh);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("looks English, not Chinese"), "{stderr}");
}

#[test]
fn ids_both_bundles_hold_pair_wherever_their_lists_put_them() {
    let dir = tempfile::tempdir().unwrap();
    let en = dir.path().join("en.json");
    let zh = dir.path().join("zh.json");
    std::fs::write(
        &en,
        r#"{"label": "Getting started with the gateway", "guides": ["guides/install", "guides/routes", "guides/upstreams"], "plugins": ["plugins/limit-count"]}"#,
    )
    .unwrap();
    // The translation's sidebar groups one page elsewhere.
    std::fs::write(
        &zh,
        r#"{"label": "网关入门指南", "guides": ["guides/install", "guides/upstreams"], "plugins": ["guides/routes", "plugins/limit-count"]}"#,
    )
    .unwrap();
    let (code, diags, stderr) = check(&en, &zh);
    assert_eq!((code, diags), (0, vec![]), "{stderr}");

    // A page the translation lacks is still one finding.
    std::fs::write(
        &zh,
        r#"{"label": "网关入门指南", "guides": ["guides/install", "guides/upstreams"], "plugins": ["plugins/limit-count"]}"#,
    )
    .unwrap();
    let (code, diags, _) = check(&en, &zh);
    assert_eq!(code, 1);
    assert_eq!(
        places(&diags),
        ["paragraph-missing en.json:1:77 zh.json:1:33"],
        "{diags:#?}"
    );
}
