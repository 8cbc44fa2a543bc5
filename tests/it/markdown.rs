//! Markdown pairs (`tests/fixtures/markdown/`, written for these tests): wrapped lines, lists,
//! a table, fences, front matter, comments and `[^1]` footnotes are read as blocks, and only
//! their text is compared.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::yizhi;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/markdown")
        .join(name)
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap()
}

/// Runs `yizhi check en zh --format json`: (exit code, diagnostics, stderr).
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

/// (rule, then file:line:column of each label), sorted.
fn places(diags: &[Value]) -> Vec<String> {
    let mut v: Vec<String> = diags
        .iter()
        .map(|d| {
            let labels: Vec<String> = d["labels"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| {
                    let path = l["path"].as_str().unwrap();
                    let file = path.rsplit(['/', '\\']).next().unwrap();
                    format!("{file}:{}:{}", l["line"], l["column"])
                })
                .collect();
            format!("{} {}", d["rule"].as_str().unwrap(), labels.join(" "))
        })
        .collect();
    v.sort();
    v
}

/// The Chinese fixture with `edits` applied, each replacing exactly one occurrence.
fn edited_zh(dir: &Path, edits: &[(&str, &str)]) -> PathBuf {
    let mut zh = read("zh.md");
    for (from, to) in edits {
        assert_eq!(zh.matches(from).count(), 1, "{from:?} must occur once");
        zh = zh.replacen(from, to, 1);
    }
    let path = dir.join("zh.md");
    std::fs::write(&path, zh).unwrap();
    path
}

#[test]
fn a_markdown_page_and_its_translation_are_consistent() {
    let (code, diags, stderr) = check(&fixture("en.md"), &fixture("zh.md"));
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}\n{stderr}");
}

#[test]
fn a_changed_number_a_dropped_paragraph_and_a_dropped_footnote_are_found_where_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let zh = edited_zh(
        dir.path(),
        &[
            ("第71/14号决议", "第71/15号决议"),
            ("会员国指出了三个优先事项：\n", ""),
            ("[^2]: 见A/73/150，第二节。\n", ""),
        ],
    );
    let (code, diags, stderr) = check(&fixture("en.md"), &zh);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        places(&diags),
        [
            // The body of footnote 2 is gone from the Chinese. Its marker, the same text in
            // both versions, is not reported again as unresolved.
            "footnote-body-missing en.md:39:3",
            // "Member States noted three priorities:", expected after the paragraph before.
            "paragraph-missing en.md:16:1 zh.md:12:1",
            // 71/14 on the second line of a wrapped paragraph, 71/15 in its translation.
            "symbol-mismatch en.md:12:41 zh.md:13:2",
        ],
        "{diags:#?}"
    );
}

#[test]
fn code_comments_front_matter_and_link_targets_are_never_compared() {
    let dir = tempfile::tempdir().unwrap();
    // Numbers changed only where nothing is compared (front matter, a licence comment, inline
    // code, a link target, a comment, a heading id).
    let zh = edited_zh(
        dir.path(),
        &[
            ("weight: 20", "weight: 21"),
            ("Copyright 2016", "Copyright 2017"),
            ("--version 0.3.1`", "--version 0.4.1`"),
            (
                "(https://undocs.org/A/RES/71/14)",
                "(https://undocs.org/A/RES/71/15)",
            ),
            (
                "<!-- Member States noted three priorities: -->",
                "<!-- 7 May 2019 -->",
            ),
            ("{#cooperation}", "{#cooperation-2019}"),
        ],
    );
    let (code, diags, stderr) = check(&fixture("en.md"), &zh);
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}\n{stderr}");
}

#[test]
fn a_chinese_page_with_english_code_and_comments_is_not_refused_as_english() {
    let dir = tempfile::tempdir().unwrap();
    // A long English licence header and an English code block: as plain text the page has
    // more Latin letters than Han characters.
    let licence = "<!--\n".to_string()
        + &"Licensed under the Apache License, Version 2.0 (the License); you may not use this file except in compliance with the License.\n".repeat(40)
        + "-->\n";
    let code = "```python\n".to_string()
        + &"def check_translation_consistency(english_document, chinese_document): return True\n"
            .repeat(40)
        + "```\n";
    let zh = dir.path().join("zh.md");
    std::fs::write(&zh, format!("{licence}\n{}\n{code}", read("zh.md"))).unwrap();
    let as_text = dir.path().join("zh.txt");
    std::fs::copy(&zh, &as_text).unwrap();
    let en_text = dir.path().join("en.txt");
    std::fs::copy(fixture("en.md"), &en_text).unwrap();
    // Read as plain text, the same bytes are refused…
    let (code, _, stderr) = check(&en_text, &as_text);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("English"), "{stderr}");
    // …read as Markdown, only the compared text decides, and it is Chinese.
    let (code, diags, stderr) = check(&fixture("en.md"), &zh);
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}\n{stderr}");
}

#[test]
fn a_chinese_page_left_in_english_is_still_refused() {
    let dir = tempfile::tempdir().unwrap();
    let zh = dir.path().join("zh.md");
    std::fs::copy(fixture("en.md"), &zh).unwrap();
    let (code, _, stderr) = check(&fixture("en.md"), &zh);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("English"), "{stderr}");
}

/// The English fixture with `n` paragraphs added before its last one, as a rewrite that the
/// translation has not followed yet.
fn extended_en(dir: &Path, n: usize) -> PathBuf {
    let extra: String = (1..=n)
        .map(|i| {
            format!(
                "Section {i} of the revised guide describes step {i} of the new review process.\n\n"
            )
        })
        .collect();
    let en = read("en.md").replacen(
        "See the [full text]",
        &format!("{extra}See the [full text]"),
        1,
    );
    let path = dir.join("en.md");
    std::fs::write(&path, en).unwrap();
    path
}

#[test]
fn a_stale_translation_is_one_finding_for_the_region_it_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let en = extended_en(dir.path(), 16);
    let (code, diags, stderr) = check(&en, &fixture("zh.md"));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(
        diags[0]["message"],
        "paragraphs 12–27 of the English have no counterpart: the Chinese may be out of date \
         (16 of 28 paragraphs in English have none)"
    );
    // The first paragraph of the region, and the last Chinese paragraph before it.
    assert_eq!(
        places(&diags),
        ["paragraph-missing en.md:36:1 zh.md:34:1"],
        "{diags:#?}"
    );
}

#[test]
fn a_section_the_translation_lacks_is_one_finding_even_when_most_of_the_page_is_translated() {
    let dir = tempfile::tempdir().unwrap();
    // 6 paragraphs of 18: far from half the page, still one region.
    let en = extended_en(dir.path(), 6);
    let (code, diags, stderr) = check(&en, &fixture("zh.md"));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(
        diags[0]["message"],
        "paragraphs 12–17 of the English have no counterpart: the Chinese may be out of date \
         (6 of 18 paragraphs in English have none)"
    );
}

#[test]
fn a_few_paragraphs_without_counterpart_are_reported_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let en = extended_en(dir.path(), 4);
    let (code, diags, stderr) = check(&en, &fixture("zh.md"));
    assert_eq!(code, 1, "{stderr}");
    let lines: Vec<String> = places(&diags);
    assert_eq!(lines.len(), 4, "{diags:#?}");
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("paragraph-missing en.md:"))
    );
}

#[test]
fn a_value_written_as_code_in_one_version_and_as_prose_in_the_other_is_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let en = write(
        "en.md",
        "Since `v2.2`, a route can bind several plugins.\n\n\
         For example, set the port to `8000` now.\n\n\
         Support for the v2 protocol ended.\n",
    );
    let zh = write(
        "zh.md",
        "从 v2.2 版本开始，一个路由可以绑定多个插件。\n\n\
         比如将端口修改为 8000。\n\n\
         不再支持 `v2` 协议。\n",
    );
    let (code, diags, stderr) = check(&en, &zh);
    assert_eq!((code, diags), (0, vec![]), "{stderr}");

    // The same values changed in the prose of one side are still found.
    let zh = write(
        "zh.md",
        "从 v2.3 版本开始，一个路由可以绑定多个插件。\n\n\
         比如将端口修改为 9000。\n\n\
         不再支持 `v2` 协议。\n",
    );
    let (code, diags, _) = check(&en, &zh);
    assert_eq!(code, 1);
    let rules: Vec<&str> = diags.iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert_eq!(rules.len(), 2, "{diags:?}");
}

#[test]
fn admonition_fences_and_component_tags_are_markup() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let en = write(
        "en.md",
        "import Tabs from '@theme/Tabs';\n\n\
         Routes are matched in order.\n\n\
         :::note\n\n\
         A route with a higher priority is matched first.\n\n\
         :::\n\n\
         <Tabs\n  groupId=\"api\"\n  values={[{label: 'Admin API', value: 30}]}\n>\n\n\
         Send the request again after 60 seconds.\n",
    );
    // The translation writes the note without its fences, and its tabs on one line.
    let zh = write(
        "zh.md",
        "路由按顺序匹配。\n\n\
         优先级更高的路由先匹配。\n\n\
         <Tabs groupId=\"api\" values={[{label: 'Admin API', value: 40}]}>\n\n\
         60 秒后再次发送请求。\n",
    );
    let (code, diags, stderr) = check(&en, &zh);
    assert_eq!((code, diags), (0, vec![]), "{stderr}");
}

#[test]
fn a_table_row_is_one_block_and_rows_pair_whatever_their_columns() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let en = write(
        "en.md",
        "| Name | Type | Default | Description |\n|---|---|---|---|\n\
         | timeout | integer | 3 | Time to wait for the upstream. |\n\
         | retries | integer | 1 | Times to retry a request. |\n\
         | batch_max_size | integer | 1000 | Entries sent in one batch. |\n",
    );
    // The translation has not added the Type column yet.
    let zh = write(
        "zh.md",
        "| 名称 | 默认值 | 描述 |\n|---|---|---|\n\
         | timeout | 3 | 等待上游的时间。 |\n\
         | retries | 1 | 重试请求的次数。 |\n\
         | batch_max_size | 1000 | 每批发送的条目数。 |\n",
    );
    let (code, diags, stderr) = check(&en, &zh);
    assert_eq!((code, diags), (0, vec![]), "{stderr}");

    // A changed default is found in its row.
    let zh = write(
        "zh.md",
        "| 名称 | 默认值 | 描述 |\n|---|---|---|\n\
         | timeout | 3 | 等待上游的时间。 |\n\
         | retries | 1 | 重试请求的次数。 |\n\
         | batch_max_size | 100 | 每批发送的条目数。 |\n",
    );
    let (code, diags, _) = check(&en, &zh);
    assert_eq!(code, 1);
    assert_eq!(
        places(&diags),
        ["number-mismatch en.md:5:30 zh.md:5:20"],
        "{diags:#?}"
    );
}

#[test]
fn a_list_of_code_pairs_with_the_same_list_in_prose() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let en = write(
        "en.md",
        "The plugin adds these endpoints:\n\n\
         - `/apisix/plugin/auth/login`\n- `/apisix/plugin/auth/user_info`\n\n\
         Each endpoint answers within 60 seconds.\n",
    );
    // The translation writes the paths as prose.
    let zh = write(
        "zh.md",
        "该插件会增加以下接口：\n\n\
         * /apisix/plugin/auth/login\n* /apisix/plugin/auth/user_info\n\n\
         每个接口在 60 秒内应答。\n",
    );
    let (code, diags, stderr) = check(&en, &zh);
    assert_eq!((code, diags), (0, vec![]), "{stderr}");
}

#[test]
fn entries_a_translation_lists_in_another_order_pair_by_their_values() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let en = write(
        "en.md",
        "## 5.2.0\n\n\
         - Add a close button to the dialog. [#4512](https://example.org/pull/4512)\n\
         - Fix the tooltip position in tables. [#4498](https://example.org/pull/4498)\n\
         - Add keyboard support to the menu. [#4530](https://example.org/pull/4530)\n\
         - Fix the date picker in leap years. [#4471](https://example.org/pull/4471)\n",
    );
    // The translation groups its entries otherwise.
    let zh = write(
        "zh.md",
        "## 5.2.0\n\n\
         - 新增对话框关闭按钮。[#4512](https://example.org/pull/4512)\n\
         - 新增菜单键盘支持。[#4530](https://example.org/pull/4530)\n\
         - 修复表格中提示框的位置。[#4498](https://example.org/pull/4498)\n\
         - 修复日期选择器在闰年的问题。[#4471](https://example.org/pull/4471)\n",
    );
    let (code, diags, stderr) = check(&en, &zh);
    assert_eq!((code, diags), (0, vec![]), "{stderr}");

    // A number changed in a moved entry is still found at that entry (the entry no longer
    // pairs with any: it has no counterpart).
    let zh = write(
        "zh.md",
        "## 5.2.0\n\n\
         - 新增对话框关闭按钮。[#4512](https://example.org/pull/4512)\n\
         - 新增菜单键盘支持。[#4530](https://example.org/pull/4530)\n\
         - 修复表格中提示框的位置。[#4489](https://example.org/pull/4498)\n\
         - 修复日期选择器在闰年的问题。[#4471](https://example.org/pull/4471)\n",
    );
    let (code, diags, _) = check(&en, &zh);
    assert_eq!(code, 1);
    assert!(
        places(&diags).iter().any(|p| p.contains("zh.md:5:")),
        "{diags:#?}"
    );
}

#[test]
fn of_the_items_equally_likely_to_lack_a_counterpart_one_the_other_version_holds_is_not_named() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let en = write(
        "en.md",
        "The files are read in this order:\n\n\
         * conf/config.yaml\n* conf/config-dev.yaml\n* conf/config-prod.yaml\n\n\
         Then the server starts.\n",
    );
    let zh = write(
        "zh.md",
        "文件按以下顺序读取：\n\n* conf/config.yaml\n* conf/config-prod.yaml\n\n然后服务器启动。\n",
    );
    let (code, diags, stderr) = check(&en, &zh);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["labels"][0]["line"], 4, "{diags:#?}");
    assert_eq!(diags[0]["labels"][0]["path"], en.to_str().unwrap());
}

/// A table of rows both versions write identically, which one version orders differently:
/// each row has its counterpart, elsewhere, and none is reported missing. A row only one
/// version has still is.
#[test]
fn identical_rows_in_another_order_are_not_missing_but_a_dropped_one_is() {
    let en = "# Labels\n\nThe labels of the request counter are listed below.\n\n\
              | Name | Type |\n| ---- | ---- |\n| route_id | string |\n\
              | request_type | traditional_http / ai_chat |\n| node_addr | string |\n\
              | llm_model | string |\n\nThe labels of the latency histogram are the same.\n";
    let zh = "# 标签\n\n请求计数器的标签如下。\n\n\
              | Name | Type |\n| ---- | ---- |\n| llm_model | string |\n| route_id | string |\n\
              | request_type | traditional_http / ai_chat |\n| node_addr | string |\n\n\
              延迟直方图的标签相同。\n";
    let dir = tempfile::tempdir().unwrap();
    let (en_path, zh_path) = (dir.path().join("en.md"), dir.path().join("zh.md"));
    std::fs::write(&en_path, en).unwrap();
    std::fs::write(&zh_path, zh).unwrap();
    let (code, diags, stderr) = check(&en_path, &zh_path);
    assert_eq!(
        (code, places(&diags)),
        (0, Vec::<String>::new()),
        "{stderr}"
    );

    std::fs::write(&zh_path, zh.replace("| node_addr | string |\n", "")).unwrap();
    let (code, diags, _) = check(&en_path, &zh_path);
    assert_eq!(code, 1);
    let missing: Vec<&Value> = diags
        .iter()
        .filter(|d| d["rule"] == "paragraph-missing")
        .collect();
    assert_eq!(missing.len(), 1, "{diags:?}");
    let named = &missing[0]["labels"][0];
    assert_eq!(
        (
            named["path"].as_str().unwrap().ends_with("en.md"),
            &named["line"]
        ),
        (true, &serde_json::json!(9))
    );
}
