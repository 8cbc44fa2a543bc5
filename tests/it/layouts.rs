//! The built-in layouts, several Chinese variants of one English file, `yizhi pairs`, two files
//! named on the command line, and symbolic links in the walk.

use crate::project::*;

const EN: &str = "The meeting was held on 2 December 2004 in New York.\n";
const ZH: &str = "会议于2004年12月2日在纽约举行。\n";
/// The Chinese with the wrong day: one `date-mismatch`.
const ZH_BAD: &str = "会议于2004年12月3日在纽约举行。\n";

/// One pair per built-in layout, each with its Chinese wrong: each pair is found and checked.
#[test]
fn each_built_in_layout_pairs_its_files() {
    let p = Project::new();
    let pairs = [
        ("docs/en/guide/a.md", "docs/zh-CN/guide/a.md"),
        ("content/en/post.md", "content/zh-cn/post.md"),
        ("i18n/en/intro.mdx", "i18n/zh-Hans/intro.mdx"),
        ("site/en/faq.markdown", "site/zh_CN/faq.markdown"),
        ("hk/en/a.txt", "hk/zh-HK/a.txt"),
        ("hant/en/a.txt", "hant/zh-Hant/a.txt"),
        ("pages/intro.en.md", "pages/intro.zh.md"),
        ("pages/setup.en-US.md", "pages/setup.zh-CN.md"),
        ("README.md", "README.zh-CN.md"),
        ("one/README.md", "one/README_zh.md"),
        ("two/README.md", "two/README.zh.md"),
        ("un/A_RES_71_14_E.txt", "un/A_RES_71_14_C.txt"),
        ("res/71/en.txt", "res/71/zh.txt"),
    ];
    for (en, zh) in pairs {
        p.write(en, EN).write(zh, ZH_BAD);
    }
    p.write(
        "locales/en.json",
        &format!("{{\"met\": {:?}}}\n", EN.trim()),
    );
    p.write(
        "locales/zh-CN.json",
        &format!("{{\"met\": {:?}}}\n", ZH_BAD.trim()),
    );
    p.write("config/locales/en.yml", &format!("met: {}", EN));
    p.write("config/locales/zh-CN.yml", &format!("met: {}", ZH_BAD));
    p.write("config/i18n/en.yaml", &format!("met: {}", EN));
    p.write("config/i18n/zh_CN.yaml", &format!("met: {}", ZH_BAD));
    let (code, diags) = p.json(&[]);
    assert_eq!(code, 1);
    let mut expected: Vec<(String, String)> = pairs
        .iter()
        .map(|(en, _)| en.to_string())
        .chain(
            [
                "locales/en.json",
                "config/locales/en.yml",
                "config/i18n/en.yaml",
            ]
            .map(String::from),
        )
        .map(|en| ("date-mismatch".to_string(), en))
        .collect();
    expected.sort();
    assert_eq!(rules_and_paths(&diags), expected, "{diags:#?}");
    // Each finding names the pair's Chinese file.
    for (en, zh) in pairs {
        let d = diags.iter().find(|d| d["labels"][0]["path"] == en).unwrap();
        assert_eq!(d["labels"][1]["path"], zh, "{d:#?}");
    }
}

/// One English file, two Chinese variants: each pair is checked and reported; a hook that
/// passes one variant checks that pair only.
#[test]
fn an_english_file_pairs_with_each_chinese_variant() {
    let p = Project::new();
    p.write("docs/en/a.md", EN)
        .write("docs/zh-cn/a.md", ZH_BAD)
        .write("docs/zh-tw/a.md", "会议于2005年12月2日在纽约举行。\n");
    let (code, diags) = p.json(&[]);
    assert_eq!(code, 1);
    let pairs: Vec<(&str, &str)> = diags
        .iter()
        .map(|d| {
            (
                d["labels"][1]["path"].as_str().unwrap(),
                d["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            (
                "docs/zh-cn/a.md",
                "paragraph 1: 2 December 2004 in English, 2004年12月3日 in Chinese"
            ),
            (
                "docs/zh-tw/a.md",
                "paragraph 1: 2 December 2004 in English, 2005年12月2日 in Chinese"
            ),
        ],
        "{diags:#?}"
    );
    let out = p.run(&["check"]);
    assert!(
        stderr(&out).contains("2 pairs checked: 2 errors"),
        "{}",
        stderr(&out)
    );
    // The English file given: both pairs; one variant given: that pair.
    let (_, diags) = p.json(&["--layout-only", "docs/en/a.md"]);
    assert_eq!(diags.len(), 2, "{diags:#?}");
    let (_, diags) = p.json(&["--layout-only", "docs/zh-tw/a.md"]);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["labels"][1]["path"], "docs/zh-tw/a.md");
}

/// A variant whose language folder exists is expected to hold every page; one that does not
/// exist is not; a README without translation is no finding, a translation without README is.
#[test]
fn missing_counterparts_are_reported_where_a_translation_is_expected() {
    let p = Project::new();
    p.write("docs/en/a.md", EN)
        .write("docs/en/b.md", EN)
        .write("docs/zh-CN/a.md", ZH)
        .write("docs/zh-CN/b.md", ZH)
        .write("docs/zh-TW/a.md", ZH);
    p.write("README.md", "# A project\n");
    p.write("sub/README.zh-CN.md", ZH);
    let (code, diags) = p.json(&[]);
    assert_eq!(code, 1);
    let missing: Vec<&str> = diags
        .iter()
        .map(|d| {
            assert_eq!(d["rule"], "counterpart-missing");
            d["message"].as_str().unwrap()
        })
        .collect();
    assert_eq!(
        missing,
        [
            "docs/en/b.md has no Chinese counterpart: docs/zh-TW/b.md does not exist",
            "sub/README.zh-CN.md has no English counterpart: sub/README.md does not exist",
        ]
    );
    // The help says where to declare a layout.
    assert!(
        diags[0]["help"].as_str().unwrap().contains("[[pair]]"),
        "{diags:#?}"
    );
    // With no Chinese folder at all, the first variant is the one expected.
    let p = Project::new();
    p.write("en/a.txt", EN);
    let (_, diags) = p.json(&[]);
    assert_eq!(
        diags[0]["message"],
        "en/a.txt has no Chinese counterpart: zh/a.txt does not exist"
    );
}

#[test]
fn pairs_lists_what_was_paired_and_what_was_skipped() {
    let p = Project::new();
    p.write("docs/en/a.md", EN)
        .write("docs/zh-CN/a.md", ZH)
        .write("docs/en/b.md", EN)
        .write("README.md", "# A project\n")
        .write("notes.md", "notes\n")
        .write("src/main.rs", "fn main() {}\n")
        .write("drafts/en/c.md", EN)
        .write("yizhi.toml", "exclude = [\"drafts\"]\n");
    let out = p.run(&["pairs"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "docs/en/a.md ↔ docs/zh-CN/a.md  (**/en/{path}.{…} ↔ **/zh-CN/{path}.{…})\n\
         docs/en/b.md ↔ docs/zh-CN/b.md (does not exist)  (**/en/{path}.{…} ↔ **/zh-CN/{path}.{…})\n\
         skipped README.md: no translation (README.zh-CN.md, README_zh-CN.md, README-zh-CN.md, … do not exist)\n\
         skipped drafts: excluded\n\
         skipped notes.md: no layout pairs it\n\
         skipped 2 other files of no pair (not documents: txt, md, mdx, markdown, json, yaml, yml, po)\n"
    );
    assert_eq!(stderr(&out), "2 pairs paired, 5 files skipped\n");
    // Files given, as a hook passes them.
    let out = p.run(&["pairs", "docs/zh-CN/a.md", "notes.md"]);
    assert_eq!(
        stdout(&out),
        "docs/en/a.md ↔ docs/zh-CN/a.md  (**/en/{path}.{…} ↔ **/zh-CN/{path}.{…})\n\
         skipped notes.md: no layout pairs it\n"
    );
    // A declared layout is named as written.
    p.write(
        "yizhi.toml",
        "[[pair]]\nen = \"docs/en/{p}.md\"\nzh = [\"docs/zh-CN/{p}.md\", \"docs/zh-TW/{p}.md\"]\n",
    );
    let out = p.run(&["pairs", "docs/en/a.md"]);
    assert_eq!(
        stdout(&out),
        "docs/en/a.md ↔ docs/zh-CN/a.md  (docs/en/{p}.md ↔ docs/zh-CN/{p}.md)\n"
    );
    // Nothing paired: exit 2, and how to declare a layout.
    let p = Project::new();
    p.write("notes.md", "notes\n");
    let out = p.run(&["pairs"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("[[pair]]"), "{}", stderr(&out));
}

/// A `[[pair]]` may list Chinese variants, and say that an English file without any is no
/// finding.
#[test]
fn a_declared_layout_may_list_variants_and_not_report_missing_ones() {
    let p = Project::new();
    p.write(
        "yizhi.toml",
        "[[pair]]\nen = \"text/{p}.txt\"\nzh = [\"hans/{p}.txt\", \"hant/{p}.txt\"]\n\
         report-missing = false\n",
    );
    p.write("text/a.txt", EN)
        .write("hant/a.txt", ZH_BAD)
        .write("text/b.txt", EN);
    let (code, diags) = p.json(&[]);
    assert_eq!(code, 1);
    assert_eq!(
        rules_and_paths(&diags),
        [("date-mismatch".to_string(), "text/a.txt".to_string())]
    );
    assert_eq!(diags[0]["labels"][1]["path"], "hant/a.txt");
    // A bad Chinese path in the list is pointed at.
    p.write(
        "yizhi.toml",
        "[[pair]]\nen = \"text/{p}.txt\"\nzh = [\"hans/{p}.txt\", \"hant/{q}.txt\"]\n",
    );
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("does not have the same placeholders"), "{err}");
    assert!(err.contains("yizhi.toml:3:"), "{err}");
}

/// Two files named on the command line are checked as that pair, even when a layout pairs
/// the first with another file (it used to check that file, not the one named).
#[test]
fn two_files_named_are_that_pair_unless_layout_only() {
    let p = Project::new();
    p.write("hant/en.txt", EN)
        .write("hant/zh.txt", ZH_BAD)
        .write("hant/chinese.txt", ZH);
    let (code, diags) = p.json(&["hant/en.txt", "hant/chinese.txt"]);
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}");
    let out = p.run(&["check", "hant/en.txt", "hant/chinese.txt"]);
    assert_eq!(
        stderr(&out),
        "hant/en.txt ↔ hant/chinese.txt: consistent, no findings\n"
    );
    // As reported: a Chinese variant named beside a layout's own counterpart.
    p.write("hant/zh-hans.txt", ZH);
    let (code, diags) = p.json(&["hant/en.txt", "hant/zh-hans.txt"]);
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}");
    // The pair a layout makes, in either order.
    let (code, diags) = p.json(&["hant/zh.txt", "hant/en.txt"]);
    assert_eq!(code, 1);
    assert_eq!(diags[0]["labels"][1]["path"], "hant/zh.txt");
    // Asked for layouts, as the pre-commit hook does: each file with its counterpart.
    let (code, diags) = p.json(&["--layout-only", "hant/en.txt", "hant/chinese.txt"]);
    assert_eq!(code, 1);
    assert_eq!(diags[0]["labels"][1]["path"], "hant/zh.txt");
}

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A symbolic link inside the root pairs like any other file: a linked English file is
    /// checked (it used to be skipped, so its pair never was).
    #[test]
    fn a_link_inside_the_root_is_followed() {
        let p = Project::new();
        p.write("store/a.txt", EN).write("zh/a.txt", ZH_BAD);
        std::fs::create_dir_all(p.path("en")).unwrap();
        symlink("../store/a.txt", p.path("en/a.txt")).unwrap();
        // A linked folder inside the root, too.
        p.write("shared/b.txt", EN).write("zh/docs/b.txt", ZH_BAD);
        symlink("../shared", p.path("en/docs")).unwrap();
        let (code, diags) = p.json(&[]);
        assert_eq!(code, 1);
        assert_eq!(
            rules_and_paths(&diags),
            [
                ("date-mismatch".to_string(), "en/a.txt".to_string()),
                ("date-mismatch".to_string(), "en/docs/b.txt".to_string())
            ]
        );
    }

    /// A link out of the root is refused, unread: neither a linked Chinese file nor a linked
    /// folder shows anything of what lies outside.
    #[test]
    fn a_link_out_of_the_root_is_refused_unread() {
        let outside = tempfile::tempdir().unwrap();
        let secret = "SECRET-7f3a 会议于2004年12月3日举行";
        std::fs::write(outside.path().join("zh.txt"), format!("{secret}\n")).unwrap();
        std::fs::create_dir_all(outside.path().join("docs")).unwrap();
        std::fs::write(outside.path().join("docs/b.txt"), format!("{secret}\n")).unwrap();
        let p = Project::new();
        p.write("en/a.txt", EN).write("en/docs/b.txt", EN);
        std::fs::create_dir_all(p.path("zh")).unwrap();
        symlink(outside.path().join("zh.txt"), p.path("zh/a.txt")).unwrap();
        symlink(outside.path().join("docs"), p.path("zh/docs")).unwrap();
        p.write("other/en.txt", EN);
        symlink(outside.path().join("zh.txt"), p.path("other/zh.txt")).unwrap();
        for format in ["human", "concise", "json", "github", "sarif"] {
            let out = p.run(&["check", "--format", format]);
            assert_eq!(out.status.code(), Some(2), "{format}");
            let all = format!("{}{}", stdout(&out), stderr(&out));
            assert!(!all.contains("SECRET"), "{format}: {all}");
            assert!(
                all.contains("zh/a.txt is a symbolic link out of the project root: not read"),
                "{format}: {all}"
            );
            assert!(
                all.contains("other/zh.txt is a symbolic link out of the project root"),
                "{format}: {all}"
            );
            assert!(
                all.contains("zh/docs/b.txt is a symbolic link out of the project root"),
                "{format}: {all}"
            );
            // Each refused once.
            assert_eq!(
                all.matches("zh/a.txt is a symbolic link").count(),
                1,
                "{all}"
            );
        }
        // Files a hook passes: a link out of the root is refused, whichever side it is.
        for given in [
            &["zh/a.txt"][..],
            &["en/a.txt"],
            &["other/zh.txt", "en/docs/b.txt"],
        ] {
            let mut args = vec!["check", "--layout-only"];
            args.extend_from_slice(given);
            let out = p.run(&args);
            assert_eq!(out.status.code(), Some(2), "{given:?}");
            let all = format!("{}{}", stdout(&out), stderr(&out));
            assert!(!all.contains("SECRET"), "{given:?}: {all}");
            assert!(all.contains("out of the project root"), "{given:?}: {all}");
        }
        let out = p.run(&["pairs"]);
        assert!(!stdout(&out).contains("SECRET"));
        assert!(
            stdout(&out).contains("skipped zh/docs: a symbolic link out of the project root"),
            "{}",
            stdout(&out)
        );
        // A link out of the root that no layout pairs is no error.
        let p = Project::new();
        p.write("en/a.txt", EN).write("zh/a.txt", ZH);
        symlink(outside.path(), p.path("vendor")).unwrap();
        let out = p.run(&["check"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }

    /// A link to a folder above it is walked once, and is no error.
    #[test]
    fn a_link_to_a_folder_above_is_not_walked_again() {
        let p = Project::new();
        p.write("docs/en/a.txt", EN).write("docs/zh/a.txt", ZH_BAD);
        symlink("..", p.path("docs/en/up")).unwrap();
        let out = p.run(&["check", "--format", "concise"]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert_eq!(stdout(&out).lines().count(), 1, "{}", stdout(&out));
        let out = p.run(&["pairs"]);
        assert!(
            stdout(&out).contains("skipped docs/en/up: a symbolic link to a folder above it"),
            "{}",
            stdout(&out)
        );
    }

    /// A link to nothing is a file that does not exist.
    #[test]
    fn a_link_to_nothing_is_no_file() {
        let p = Project::new();
        p.write("en/a.txt", EN);
        std::fs::create_dir_all(p.path("zh")).unwrap();
        symlink("nowhere.txt", p.path("zh/a.txt")).unwrap();
        let (code, diags) = p.json(&[]);
        assert_eq!(code, 1);
        assert_eq!(
            diags[0]["message"],
            "en/a.txt has no Chinese counterpart: zh/a.txt does not exist"
        );
    }
}

/// The body of each ```toml block of docs/layouts.md.
fn doc_layouts() -> Vec<&'static str> {
    const DOC: &str = include_str!("../../docs/layouts.md");
    DOC.split("```toml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .collect()
}

/// The layouts docs/layouts.md declares pair what it says they pair.
#[test]
fn the_declared_layouts_of_the_documentation_pair_what_they_say() {
    let blocks = doc_layouts();
    assert_eq!(blocks.len(), 2);
    let p = Project::new();
    p.write("yizhi.toml", blocks[0]);
    p.write("docs/intro.md", EN)
        .write("docs/api/x.mdx", EN)
        .write(
            "i18n/zh-Hans/docusaurus-plugin-content-docs/current/api/x.mdx",
            ZH_BAD,
        );
    p.write(
        "i18n/zh-Hans/docusaurus-plugin-content-docs/current/intro.md",
        ZH,
    );
    let (code, diags) = p.json(&[]);
    assert_eq!(code, 1);
    assert_eq!(
        rules_and_paths(&diags),
        [("date-mismatch".to_string(), "docs/api/x.mdx".to_string())]
    );
    let p = Project::new();
    p.write("yizhi.toml", blocks[1]);
    p.write("docs/intro.md", EN)
        .write("docs/zh/intro.md", ZH)
        .write("docs/zh-tw/intro.md", ZH_BAD)
        .write("docs/guide.md", EN);
    let (code, diags) = p.json(&[]);
    assert_eq!(code, 1);
    assert_eq!(
        rules_and_paths(&diags),
        [("date-mismatch".to_string(), "docs/intro.md".to_string())]
    );
    assert_eq!(diags[0]["labels"][1]["path"], "docs/zh-tw/intro.md");
}
