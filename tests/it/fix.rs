//! Suggested fixes: `check --diff` prints them as a patch and writes nothing, `check --fix`
//! writes them and reports what remains, and JSON and SARIF carry them.

use serde_json::Value;

use crate::project::*;

const EN: &str = "The General Assembly,\n\
    Recalling its resolution adopted on 2 December 2004,\n\
    Noting that 25 States have signed the Convention,\n\
    Decides to consider the question at its seventh session.\n";

const ZH: &str = "大会，\n\
    回顾其2004年12月2日通过的决议，\n\
    注意到已有25个国家签署了《公约》，\n\
    决定在第七届会议上审议该问题。\n";

/// A project holding `en.txt` and `zh.txt`, the Chinese with `from` changed to `to`.
fn pair(from: &str, to: &str) -> Project {
    let p = Project::new();
    p.write("en.txt", EN);
    p.write("zh.txt", &crate::support::replace_once(ZH, from, to));
    p
}

/// `check en.txt zh.txt` with `args` after.
fn check(p: &Project, args: &[&str]) -> std::process::Output {
    let mut all = vec!["check", "en.txt", "zh.txt"];
    all.extend_from_slice(args);
    p.run(&all)
}

#[test]
fn a_date_is_shown_as_a_patch_and_fixed() {
    let p = pair("2004年12月2日", "2004年12月3日");
    let before = p.read("zh.txt");
    let out = check(&p, &["--diff"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "--- zh.txt\n\
         +++ zh.txt\n\
         @@ -1,4 +1,4 @@\n \
         大会，\n\
         -回顾其2004年12月3日通过的决议，\n\
         +回顾其2004年12月2日通过的决议，\n \
         注意到已有25个国家签署了《公约》，\n \
         决定在第七届会议上审议该问题。\n"
    );
    // --diff writes nothing.
    assert_eq!(p.read("zh.txt"), before);

    let out = check(&p, &["--fix", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "[]\n");
    assert!(
        stderr(&out).contains("applied 1 fix in 1 file"),
        "{}",
        stderr(&out)
    );
    assert_eq!(p.read("zh.txt"), ZH);
    let out = check(&p, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("consistent, no findings"),
        "{}",
        stderr(&out)
    );
}

/// The one fix `--format json` offers for the pair.
fn only_fix(p: &Project) -> Value {
    let (code, diags) = p.json(&["en.txt", "zh.txt"]);
    assert_eq!(code, 1);
    let fixes: Vec<&Value> = diags.iter().filter_map(|d| d.get("fix")).collect();
    assert_eq!(fixes.len(), 1, "{diags:#?}");
    fixes[0].clone()
}

#[test]
fn a_number_in_digits_is_fixed() {
    let p = pair("已有25个国家", "已有26个国家");
    let fix = only_fix(&p);
    assert_eq!(fix["path"], "zh.txt");
    assert_eq!(fix["replacement"], "25");
    let out = check(&p, &["--fix"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(p.read("zh.txt"), ZH);
}

#[test]
fn an_ordinal_in_chinese_numerals_is_fixed_in_chinese_numerals() {
    let p = pair("第七届会议", "第八届会议");
    let fix = only_fix(&p);
    assert!(
        fix["replacement"].as_str().unwrap().contains("第七届"),
        "{fix}"
    );
    let diff = stdout(&check(&p, &["--diff"]));
    assert!(diff.contains("-决定在第八届会议上审议该问题。\n"), "{diff}");
    assert!(diff.contains("+决定在第七届会议上审议该问题。\n"), "{diff}");
    let out = check(&p, &["--fix"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(p.read("zh.txt"), ZH);
}

#[test]
fn full_width_digits_are_fixed_in_full_width_digits() {
    let p = Project::new();
    p.write(
        "en.txt",
        "The General Assembly,\nWelcomes the report of 5 March 2015,\n",
    );
    p.write("zh.txt", "大会，\n欢迎２０１５年３月６日的报告，\n");
    let out = check(&p, &["--fix"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(p.read("zh.txt"), "大会，\n欢迎２０１５年３月５日的报告，\n");
}

#[test]
fn fix_changes_no_byte_outside_the_fixed_spans() {
    // CRLF line endings, a tab and text on both sides of the value stay as they are.
    let zh = ZH
        .replace('\n', "\r\n")
        .replace("2004年12月2日", "2004年12月9日")
        .replace("大会，", "大会，\t");
    let p = Project::new();
    p.write("en.txt", &EN.replace('\n', "\r\n"));
    p.write("zh.txt", &zh);
    let fix = only_fix(&p);
    let (start, end) = (
        fix["start"].as_u64().unwrap() as usize,
        fix["end"].as_u64().unwrap() as usize,
    );
    let replacement = fix["replacement"].as_str().unwrap();
    let mut expected = zh.as_bytes()[..start].to_vec();
    expected.extend_from_slice(replacement.as_bytes());
    expected.extend_from_slice(&zh.as_bytes()[end..]);
    let out = check(&p, &["--fix"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let after = std::fs::read(p.path("zh.txt")).unwrap();
    assert_eq!(after, expected);
    assert_eq!(
        String::from_utf8(after).unwrap(),
        zh.replace("2004年12月9日", "2004年12月2日")
    );
}

#[test]
fn an_ambiguous_figure_gets_no_fix() {
    // 12 is both the month and the wrong day: which 12 to change is not certain.
    let p = pair("2004年12月2日", "2004年12月12日");
    let (code, diags) = p.json(&["en.txt", "zh.txt"]);
    assert_eq!(code, 1);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert!(diags[0].get("fix").is_none(), "{diags:#?}");
    let out = check(&p, &["--diff"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    let before = p.read("zh.txt");
    let out = check(&p, &["--fix"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("applied 0 fixes in 0 files"),
        "{}",
        stderr(&out)
    );
    assert_eq!(p.read("zh.txt"), before);
}

#[test]
fn json_and_sarif_carry_the_fix() {
    let p = pair("2004年12月2日", "2004年12月3日");
    let fix = only_fix(&p);
    let zh = p.read("zh.txt");
    let start = zh.find("2004年12月3日").unwrap();
    assert_eq!(fix["start"], start);
    assert_eq!(fix["end"], start + "2004年12月3日".len());
    assert_eq!(fix["replacement"], "2004年12月2日");
    assert_eq!(
        (fix["line"].as_u64(), fix["column"].as_u64()),
        (Some(2), Some(4))
    );

    let out = check(&p, &["--format", "sarif"]);
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    let change = &result["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "zh.txt");
    let replacement = &change["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "2004年12月2日");
    assert_eq!(
        replacement["deletedRegion"],
        serde_json::json!({"startLine": 2, "startColumn": 4, "endLine": 2, "endColumn": 14})
    );
    assert!(result["fixes"][0]["description"]["text"].is_string());
}

#[test]
fn a_file_with_a_bom_is_shown_but_not_written() {
    let p = pair("2004年12月2日", "2004年12月3日");
    let bytes = [b"\xEF\xBB\xBF".as_slice(), p.read("zh.txt").as_bytes()].concat();
    std::fs::write(p.path("zh.txt"), &bytes).unwrap();
    let diff = stdout(&check(&p, &["--diff"]));
    assert!(
        diff.contains("+回顾其2004年12月2日通过的决议，\n"),
        "{diff}"
    );
    let out = check(&p, &["--fix"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("warning: zh.txt is not plain UTF-8"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(p.path("zh.txt")).unwrap(), bytes);
}

#[test]
fn fix_and_diff_conflict() {
    let p = pair("2004年12月2日", "2004年12月3日");
    let out = check(&p, &["--fix", "--diff"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot be used with"),
        "{}",
        stderr(&out)
    );
}

/// Traditional Chinese is fixed in its own characters: only the figure changes, in the
/// numerals the text writes it in.
#[test]
fn traditional_text_is_fixed_in_its_own_numerals() {
    let p = Project::new();
    p.write(
        "en.txt",
        "Article 3\nThe Council shall report to the seventh session on 2 December 2004.\n",
    );
    let zh = "第 3 條\n理事會應於二〇〇四年十二月二日向第七屆會議提出報告。\n";
    p.write(
        "zh.txt",
        &zh.replace("十二月二日", "十二月三日")
            .replace("第七屆", "第八屆"),
    );
    let diff = stdout(&check(&p, &["--diff"]));
    assert!(
        diff.contains("+理事會應於二〇〇四年十二月二日向第七屆會議提出報告。\n"),
        "{diff}"
    );
    let out = check(&p, &["--fix"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(p.read("zh.txt"), zh);
}
