//! Suppression: comments in Markdown, PO and XLIFF files silence the findings of the rules
//! they name where they stand, `[per-file-ignores]` in yizhi.toml silences rules in the files
//! its globs match, and a comment that silences nothing is reported as `unused-suppression`.

use std::path::Path;

use serde_json::Value;

use crate::project::*;
use crate::support::*;

/// Runs `yizhi check --format json ARGS` in `dir`: (exit code, diagnostics, stderr).
fn check(dir: &Path, args: &[&str]) -> (i32, Vec<Value>, String) {
    let out = yizhi()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
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

/// "rule file:line:column …" of each finding (every label), sorted.
fn places(diags: &[Value]) -> Vec<String> {
    let mut v: Vec<String> = diags
        .iter()
        .map(|d| {
            let labels: Vec<String> = d["labels"]
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
            format!("{} {}", d["rule"].as_str().unwrap(), labels.join(" "))
        })
        .collect();
    v.sort();
    v
}

/// Two paragraphs with the same wrong date, the first also with a wrong symbol, and a third
/// paragraph with a wrong number. `{en}` and `{zh}` mark where a test puts its comments.
const EN_MD: &str = "# Report\n\n{en1}\nThe first meeting was held on 21 November 2016 under resolution 71/14.\n\nThe second meeting was held on 21 November 2016.\n\n{en3}\nThe budget was 250 dollars.\n";
const ZH_MD: &str = "# 报告\n\n{zh1}\n第一次会议于2016年11月22日根据第71/15号决议举行。\n\n第二次会议于2016年11月22日举行。\n\n{zh3}\n预算为260美元。\n";

/// Writes the Markdown pair with the comments given (each a line, or empty) and checks it.
fn markdown(comments: [&str; 4]) -> (i32, Vec<Value>, String) {
    let dir = tempfile::tempdir().unwrap();
    let [en1, en3, zh1, zh3] = comments;
    let en = EN_MD.replace("{en1}", en1).replace("{en3}", en3);
    let zh = ZH_MD.replace("{zh1}", zh1).replace("{zh3}", zh3);
    std::fs::write(dir.path().join("en.md"), en).unwrap();
    std::fs::write(dir.path().join("zh.md"), zh).unwrap();
    check(dir.path(), &["en.md", "zh.md"])
}

#[test]
fn without_comments_every_finding_is_reported() {
    let (code, diags, stderr) = markdown(["", "", "", ""]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        places(&diags),
        [
            "date-mismatch en.md:4:31 zh.md:4:7",
            "date-mismatch en.md:6:32 zh.md:6:7",
            "number-mismatch en.md:9:16 zh.md:9:4",
            "symbol-mismatch en.md:4:65 zh.md:4:21",
        ]
    );
}

#[test]
fn a_markdown_comment_silences_the_rule_it_names_in_the_next_block_only() {
    let expected = [
        // The same wrong date in the next paragraph is still reported, and so is the wrong
        // symbol of the silenced paragraph.
        "date-mismatch en.md:6:32 zh.md:6:7",
        "number-mismatch en.md:9:16 zh.md:9:4",
        "symbol-mismatch en.md:4:65 zh.md:4:21",
    ];
    let comment = "<!-- yizhi-ignore date-mismatch -->";
    // In either version.
    for comments in [[comment, "", "", ""], ["", "", comment, ""]] {
        let (code, diags, stderr) = markdown(comments);
        assert_eq!(code, 1, "{stderr}");
        assert_eq!(places(&diags), expected, "{comments:?}");
    }
    // Several ids, a prefix, and a comment inside the block it silences.
    let (_, diags, _) = markdown([
        "<!-- yizhi-ignore date-mismatch, symbol -->",
        "",
        "",
        "<!-- yizhi-ignore -->",
    ]);
    assert_eq!(places(&diags), ["date-mismatch en.md:6:32 zh.md:6:7"]);
    let dir = tempfile::tempdir().unwrap();
    let en = EN_MD.replace("{en1}", "").replace("{en3}", "").replace(
        "250 dollars.",
        "250 dollars. <!-- yizhi-ignore number-mismatch -->",
    );
    std::fs::write(dir.path().join("en.md"), en).unwrap();
    let zh = ZH_MD.replace("{zh1}", "").replace("{zh3}", "");
    std::fs::write(dir.path().join("zh.md"), zh).unwrap();
    let (_, diags, _) = check(dir.path(), &["en.md", "zh.md"]);
    assert_eq!(
        places(&diags),
        [
            "date-mismatch en.md:4:31 zh.md:4:7",
            "date-mismatch en.md:6:32 zh.md:6:7",
            "symbol-mismatch en.md:4:65 zh.md:4:21",
        ]
    );
}

#[test]
fn a_markdown_region_is_silenced_from_off_to_on() {
    let (code, diags, stderr) = markdown(["<!-- yizhi off -->", "<!-- yizhi on -->", "", ""]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(places(&diags), ["number-mismatch en.md:9:16 zh.md:9:4"]);
    // A region of one rule, never closed: to the end of the file.
    let (_, diags, _) = markdown(["", "", "<!-- yizhi off date-mismatch -->", ""]);
    assert_eq!(
        places(&diags),
        [
            "number-mismatch en.md:9:16 zh.md:9:4",
            "symbol-mismatch en.md:4:65 zh.md:4:21",
        ]
    );
}

#[test]
fn a_comment_that_silences_nothing_is_reported_where_it_stands() {
    let (code, diags, stderr) = markdown([
        "",
        "<!-- yizhi-ignore number-mismatch, date-mismatch -->",
        "",
        "",
    ]);
    // The number is silenced; the date id silences nothing in that block.
    assert_eq!(code, 1, "{stderr}");
    let unused = of_rule(&diags, "unused-suppression");
    assert_eq!(places(&diags).len(), 4, "{diags:#?}");
    assert_eq!(unused.len(), 1, "{diags:#?}");
    let u = unused[0];
    assert_eq!(u["severity"], "warning");
    assert_eq!(
        u["message"],
        "the suppression of `date-mismatch` silences no finding"
    );
    let label = &u["labels"][0];
    assert_eq!(
        (label["line"].as_u64(), label["column"].as_u64()),
        (Some(8), Some(36))
    );
    assert_eq!(label["end_column"].as_u64(), Some(49));
    assert!(of_rule(&diags, "number-mismatch").is_empty());
}

#[test]
fn a_comment_of_every_rule_over_a_block_without_findings_is_reported_whole() {
    // Over the heading, which has no finding.
    let dir = tempfile::tempdir().unwrap();
    let en = EN_MD.replace("{en1}", "").replace("{en3}", "");
    std::fs::write(dir.path().join("en.md"), en).unwrap();
    let zh = format!(
        "<!-- yizhi-ignore -->\n{}",
        ZH_MD.replace("{zh1}", "").replace("{zh3}", "")
    );
    std::fs::write(dir.path().join("zh.md"), zh).unwrap();
    let (_, diags, _) = check(dir.path(), &["en.md", "zh.md"]);
    let unused = of_rule(&diags, "unused-suppression");
    assert_eq!(unused.len(), 1, "{diags:#?}");
    assert_eq!(unused[0]["message"], "this suppression silences no finding");
    let label = &unused[0]["labels"][0];
    assert_eq!(
        (
            label["path"].as_str(),
            label["line"].as_u64(),
            label["column"].as_u64(),
            label["end_column"].as_u64()
        ),
        (Some("zh.md"), Some(1), Some(1), Some(22))
    );
    assert_eq!(of_rule(&diags, "date-mismatch").len(), 2);
}

#[test]
fn an_unknown_rule_id_in_a_comment_is_reported_with_the_nearest_id() {
    let (code, diags, stderr) = markdown(["<!-- yizhi-ignore date-mismach -->", "", "", ""]);
    assert_eq!(code, 1, "{stderr}");
    // Nothing is silenced by a misspelt id.
    assert_eq!(of_rule(&diags, "date-mismatch").len(), 2);
    let unused = of_rule(&diags, "unused-suppression");
    assert_eq!(unused.len(), 1, "{diags:#?}");
    assert_eq!(unused[0]["message"], "`date-mismach` names no rule");
    assert!(
        unused[0]["help"]
            .as_str()
            .unwrap()
            .contains("did you mean `date-mismatch`?"),
        "{}",
        unused[0]
    );
    let label = &unused[0]["labels"][0];
    assert_eq!(
        (label["line"].as_u64(), label["column"].as_u64()),
        (Some(3), Some(19))
    );
}

/// Two units with the same wrong date; the first also has a wrong symbol.
const PO: &str = r#"msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"

{comment}#: src/report.c:12
msgid "Held on 21 November 2016 under resolution 71/14."
msgstr "2016年11月22日根据第71/15号决议举行。"

#: src/report.c:14
msgid "Held again on 21 November 2016."
msgstr "2016年11月22日再次举行。"
"#;

fn po(comment: &str) -> (i32, Vec<Value>, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("zh_CN.po"),
        PO.replace("{comment}", comment),
    )
    .unwrap();
    check(dir.path(), &["zh_CN.po"])
}

#[test]
fn a_po_translator_comment_silences_the_rule_it_names_in_its_entry_only() {
    let (code, diags, stderr) = po("");
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        places(&diags),
        [
            "date-mismatch zh_CN.po:10:22 zh_CN.po:11:9",
            "date-mismatch zh_CN.po:6:16 zh_CN.po:7:9",
            "symbol-mismatch zh_CN.po:6:50 zh_CN.po:7:23",
        ]
    );
    let (code, diags, stderr) = po("# yizhi-ignore date-mismatch\n");
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        places(&diags),
        [
            "date-mismatch zh_CN.po:11:22 zh_CN.po:12:9",
            "symbol-mismatch zh_CN.po:7:50 zh_CN.po:8:23",
        ]
    );
    // Only a translator comment: an extracted comment (`#.`) is the developer's.
    let (_, diags, _) = po("#. yizhi-ignore date-mismatch\n");
    assert_eq!(of_rule(&diags, "date-mismatch").len(), 2);
}

#[test]
fn an_unused_po_suppression_is_reported_at_its_id() {
    let (code, diags, stderr) = po("# yizhi-ignore symbol-mismatch number-mismatch\n");
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        places(&diags),
        [
            "date-mismatch zh_CN.po:11:22 zh_CN.po:12:9",
            "date-mismatch zh_CN.po:7:16 zh_CN.po:8:9",
            "unused-suppression zh_CN.po:5:32",
        ]
    );
}

/// Two units with the same wrong date, the first also with a wrong symbol; `{note}` is where
/// the first unit's note goes.
const XLIFF: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2"><file source-language="en" target-language="zh-CN"><body>
<trans-unit id="a">
<source>Held on 21 November 2016 under resolution 71/14.</source>
<target>2016年11月22日根据第71/15号决议举行。</target>
{note}</trans-unit>
<trans-unit id="b">
<source>Held again on 21 November 2016.</source>
<target>2016年11月22日再次举行。</target>
</trans-unit>
</body></file></xliff>
"#;

fn xliff(note: &str) -> (i32, Vec<Value>, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("guide.xlf"), XLIFF.replace("{note}", note)).unwrap();
    check(dir.path(), &["guide.xlf"])
}

#[test]
fn an_xliff_note_silences_the_rule_it_names_in_its_unit_only() {
    let (code, diags, stderr) = xliff("");
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        places(&diags),
        [
            "date-mismatch guide.xlf:4:17 guide.xlf:5:9",
            "date-mismatch guide.xlf:8:23 guide.xlf:9:9",
            "symbol-mismatch guide.xlf:4:51 guide.xlf:5:23",
        ]
    );
    let (code, diags, stderr) =
        xliff("<note from=\"reviewer\">Date as published. yizhi-ignore date-mismatch</note>\n");
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        places(&diags),
        [
            "date-mismatch guide.xlf:9:23 guide.xlf:10:9",
            "symbol-mismatch guide.xlf:4:51 guide.xlf:5:23",
        ]
    );
    // A note whose id silences nothing there.
    let (_, diags, _) = xliff("<note>yizhi-ignore number-mismatch</note>\n");
    let unused = of_rule(&diags, "unused-suppression");
    assert_eq!(
        places(&unused.into_iter().cloned().collect::<Vec<_>>()),
        ["unused-suppression guide.xlf:6:20"]
    );
}

/// A project of two pairs with the same wrong date, one under `drafts/`.
fn drafts_project(config: &str) -> Project {
    let p = Project::new();
    p.write("yizhi.toml", config);
    let zh = replace_once(&clean_zh(), "2004年12月2日", "2004年12月3日");
    for dir in ["drafts", "final"] {
        p.write(&format!("en/{dir}/res.txt"), SEED_EN);
        p.write(&format!("zh/{dir}/res.txt"), &zh);
    }
    p
}

#[test]
fn per_file_ignores_silence_their_rules_in_the_files_their_globs_match() {
    let p = drafts_project("");
    let (code, diags) = p.json(&[]);
    assert_eq!(code, 1);
    assert_eq!(
        rules_and_paths(&diags),
        [
            ("date-mismatch".to_string(), "en/drafts/res.txt".to_string()),
            ("date-mismatch".to_string(), "en/final/res.txt".to_string()),
        ]
    );
    // A glob of the English files, of the Chinese ones (a finding labels both), a folder.
    for glob in ["en/drafts/*.txt", "**/zh/drafts/**", "zh/drafts"] {
        let p = drafts_project(&format!("[per-file-ignores]\n\"{glob}\" = [\"date\"]\n"));
        let (code, diags) = p.json(&[]);
        assert_eq!(code, 1, "{glob}");
        assert_eq!(
            rules_and_paths(&diags),
            [("date-mismatch".to_string(), "en/final/res.txt".to_string())],
            "{glob}"
        );
    }
    // Another rule ignored there: the date is still reported.
    let p = drafts_project("[per-file-ignores]\n\"en/drafts/*\" = [\"symbol-mismatch\"]\n");
    assert_eq!(p.json(&[]).1.len(), 2);
    // A missing counterpart too.
    let p = drafts_project("[per-file-ignores]\n\"en/only/**\" = [\"counterpart-missing\"]\n");
    p.write("en/only/res.txt", SEED_EN);
    p.write("en/other/res.txt", SEED_EN);
    let (_, diags) = p.json(&[]);
    assert_eq!(
        of_rule(&diags, "counterpart-missing")
            .iter()
            .map(|d| d["labels"][0]["path"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["en/other/res.txt"]
    );
}

#[test]
fn an_unknown_rule_id_or_bad_glob_in_per_file_ignores_is_a_config_error() {
    let p = drafts_project("[per-file-ignores]\n\"drafts/**\" = [\"date-mismach\"]\n");
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("`date-mismach` names no rule"), "{err}");
    assert!(err.contains("did you mean `date-mismatch`?"), "{err}");
    assert!(err.contains("yizhi.toml:2:16"), "{err}");
    let p = drafts_project("[per-file-ignores]\n\"drafts/[\" = [\"date\"]\n");
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid glob `drafts/[`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unused_suppression_is_a_listed_and_explained_rule_that_config_can_turn_off() {
    let p = Project::new();
    let rules = stdout(&p.run(&["rules"]));
    assert!(
        rules
            .lines()
            .any(|l| l.starts_with("unused-suppression") && l.contains("warning")),
        "{rules}"
    );
    let page = stdout(&p.run(&["explain", "unused-suppression"]));
    assert!(page.contains("## What it checks"), "{page}");
    // Off in yizhi.toml: the comment silences nothing, unreported; raised to an error, it fails
    // the check.
    for (config, expected) in [
        ("ignore = [\"unused-suppression\"]\n", None),
        (
            "[severity]\nunused-suppression = \"error\"\n",
            Some("error"),
        ),
    ] {
        let p = Project::new();
        p.write("yizhi.toml", config);
        p.write("en.md", "Held on 21 November 2016.\n");
        p.write(
            "zh.md",
            "<!-- yizhi-ignore symbol-mismatch -->\n2016年11月21日举行。\n",
        );
        let (code, diags) = p.json(&["en.md", "zh.md"]);
        let unused = of_rule(&diags, "unused-suppression");
        assert_eq!(
            unused.first().map(|d| d["severity"].as_str().unwrap()),
            expected
        );
        assert_eq!(code, i32::from(expected.is_some()));
    }
}

#[test]
fn an_mdx_comment_silences_the_rule_it_names_in_the_next_block_only() {
    let dir = tempfile::tempdir().unwrap();
    let en = EN_MD
        .replace("{en1}", "{/* yizhi-ignore date-mismatch */}\n")
        .replace("{en3}", "");
    std::fs::write(dir.path().join("en.mdx"), en).unwrap();
    let zh = ZH_MD.replace("{zh1}", "").replace("{zh3}", "");
    std::fs::write(dir.path().join("zh.mdx"), zh).unwrap();
    let (code, diags, stderr) = check(dir.path(), &["en.mdx", "zh.mdx"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        places(&diags),
        [
            "date-mismatch en.mdx:7:32 zh.mdx:6:7",
            "number-mismatch en.mdx:10:16 zh.mdx:9:4",
            "symbol-mismatch en.mdx:5:65 zh.mdx:4:21",
        ]
    );
}

#[test]
fn notes_of_xliff_2_and_tmx_units_silence_their_unit_only() {
    let xliff2 = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="zh-CN"><file id="f">
<unit id="a"><notes><note>yizhi-ignore date-mismatch</note></notes><segment><source>Adopted on 21 November 2016.</source>
<target>2016年11月22日通过。</target></segment></unit>
<unit id="b"><segment><source>Adopted again on 21 November 2016.</source>
<target>2016年11月22日再次通过。</target></segment></unit>
</file></xliff>
"#;
    let tmx = r#"<tmx version="1.4"><header srclang="en"/><body>
<tu tuid="1"><note>yizhi-ignore date-mismatch</note>
<tuv xml:lang="en"><seg>Adopted on 21 November 2016.</seg></tuv>
<tuv xml:lang="zh-CN"><seg>2016年11月22日通过。</seg></tuv></tu>
<tu tuid="2"><tuv xml:lang="en"><seg>Adopted again on 21 November 2016.</seg></tuv>
<tuv xml:lang="zh-CN"><seg>2016年11月22日再次通过。</seg></tuv></tu>
</body></tmx>
"#;
    for (name, text, expected) in [
        (
            "guide.xlf",
            xliff2,
            "date-mismatch guide.xlf:4:48 guide.xlf:5:9",
        ),
        (
            "guide.tmx",
            tmx,
            "date-mismatch guide.tmx:5:55 guide.tmx:6:28",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), text).unwrap();
        let (code, diags, stderr) = check(dir.path(), &[name]);
        assert_eq!(code, 1, "{stderr}");
        assert_eq!(places(&diags), [expected], "{name}");
    }
}
