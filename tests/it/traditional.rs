//! Traditional Chinese reads as Simplified does (issue #18): every rule example and the real
//! pairs, converted to Traditional character by character, give the same findings.
//!
//! The conversion is OpenCC's table reversed, read here from the data file itself rather
//! than from the fold's generated table: each Simplified character becomes the Traditional
//! character OpenCC maps onto it (the lowest code point where several do, as 發 and 髮 do
//! onto 发). Both have the same UTF-8 length, so the twin's findings must point at the same
//! bytes.

use std::collections::BTreeMap;
use std::path::Path;

use yizhi::diagnostic::Diagnostic;
use yizhi::document::Document;
use yizhi::fold::Folded;

use crate::harness::{RealPair, analyse, clean, found_against, mutations, real_pairs};
use crate::support::{Pair, SEED_EN, SEED_ZH, yizhi};

/// Simplified character → Traditional one, from OpenCC's TSCharacters.txt.
fn reversed_table() -> BTreeMap<char, char> {
    let data = include_str!("../../data/opencc/TSCharacters.txt");
    let mut table = BTreeMap::new();
    for line in data
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let Some((key, values)) = line.split_once('\t') else {
            continue;
        };
        let values: Vec<&str> = values.split(' ').collect();
        let mut k = key.chars();
        let mut v = values[0].chars();
        let (Some(t), None, Some(s), None) = (k.next(), k.next(), v.next(), v.next()) else {
            continue;
        };
        if values.contains(&key) || t as u32 > 0xFFFF || s as u32 > 0xFFFF {
            continue;
        }
        table
            .entry(s)
            .and_modify(|old: &mut char| *old = (*old).min(t))
            .or_insert(t);
    }
    table
}

/// The Traditional twin of a Simplified text.
pub fn to_traditional(table: &BTreeMap<char, char>, text: &str) -> String {
    text.chars().map(|c| *table.get(&c).unwrap_or(&c)).collect()
}

/// Findings as the twin must repeat them: rule, severity, spans, and messages read through
/// the fold (a message quotes the text it points at).
fn comparable(diags: &[Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            let labels: Vec<String> = d
                .labels
                .iter()
                .map(|l| format!("{:?} {:?} {}", l.side, l.span, Folded::new(&l.message).text))
                .collect();
            format!(
                "{} {} {} [{}]",
                d.rule,
                d.severity.as_str(),
                Folded::new(&d.message).text,
                labels.join("; ")
            )
        })
        .collect()
}

#[test]
fn the_conversion_changes_the_characters_rules_read() {
    let table = reversed_table();
    assert_eq!(
        to_traditional(
            &table,
            "第307条、第59/48号决议、5万、两点、第十届会议、委员会、项、款、节"
        ),
        "第307條、第59/48號決議、5萬、兩點、第十屆會議、委員會、項、款、節"
    );
}

#[test]
fn every_rule_example_has_a_traditional_twin_with_the_same_findings() {
    let table = reversed_table();
    let rules = yizhi::rules::load(&[]).unwrap();
    let (mut checked, mut changed) = (0, 0);
    for rule in &rules.rules {
        for (k, ex) in rule.examples.iter().enumerate() {
            let twin = to_traditional(&table, &ex.zh);
            changed += usize::from(twin != ex.zh);
            let en = Document::from_text("en.txt", ex.en.clone());
            let zh = Document::from_text("zh.txt", ex.zh.clone());
            let tw = Document::from_text("zh.txt", twin.clone());
            let simplified = comparable(&yizhi::check_pair(&en, &zh, &rules));
            let traditional = comparable(&yizhi::check_pair(&en, &tw, &rules));
            assert_eq!(
                traditional,
                simplified,
                "{} example {}: {twin}",
                rule.id,
                k + 1
            );
            checked += 1;
        }
    }
    eprintln!("twins: {changed} of {checked} rule examples changed");
    assert!(checked >= 100, "only {checked} examples");
    // Most examples hold a character the conversion changes, so the test is not vacuous.
    assert!(changed * 2 > checked, "only {changed} of {checked} changed");
}

#[test]
fn real_pairs_have_traditional_twins_with_the_same_findings() {
    let table = reversed_table();
    let rules = yizhi::rules::load(&[]).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pairs = real_pairs(root);
    let mut changed = 0;
    for pair in &pairs {
        let twin = to_traditional(&table, &pair.zh);
        changed += usize::from(twin != pair.zh);
        let (_, _, simplified) = analyse(&rules, &pair.en, &pair.zh, pair.line_aligned);
        let (_, _, traditional) = analyse(&rules, &pair.en, &twin, pair.line_aligned);
        assert_eq!(
            comparable(&traditional.diagnostics),
            comparable(&simplified.diagnostics),
            "{}",
            pair.name
        );
    }
    eprintln!("twins: {changed} of {} real pairs changed", pairs.len());
    assert!(changed * 2 > pairs.len(), "only {changed} changed");
}

/// The rules of the findings of a pair, sorted.
fn rules_of(en: &str, zh: &str) -> Vec<String> {
    let rules = yizhi::rules::load(&[]).unwrap();
    let en = Document::from_text("en.txt", en.to_string());
    let zh = Document::from_text("zh.txt", zh.to_string());
    let mut found: Vec<String> = yizhi::check_pair(&en, &zh, &rules)
        .into_iter()
        .map(|d| d.rule)
        .collect();
    found.sort();
    found
}

#[test]
fn minguo_dates_are_compared_as_gregorian_dates() {
    for (en, zh) in [
        (
            "Promulgated on December 28, 2023.\n",
            "中華民國一百十二年十二月二十八日公布。\n",
        ),
        (
            "Promulgated on December 28, 2023.\n",
            "中華民國112年12月28日公布。\n",
        ),
        ("Amended on 1 January 2011.\n", "民國一百年一月一日修正。\n"),
        ("Amended on 5 May 2010.\n", "民國九十九年五月五日修正。\n"),
        (
            "Amended on 28 June 2023.\n",
            "民國１１２年６月２８日修正。\n",
        ),
        ("Amended in June 2023.\n", "民國112年6月修正。\n"),
        // 民國 left out, as Taiwan's official texts often do.
        ("Amended on 28 June 2023.\n", "112年6月28日修正。\n"),
        // Simplified text of the same date.
        (
            "Promulgated on December 28, 2023.\n",
            "中华民国一百一十二年十二月二十八日公布。\n",
        ),
        // A Minguo year alone is the Gregorian year.
        (
            "The 2023 budget is 16,861 dollars.\n",
            "民國112年度預算為16,861元。\n",
        ),
    ] {
        assert_eq!(rules_of(en, zh), Vec::<String>::new(), "{en} / {zh}");
    }
    for (en, zh) in [
        (
            "Promulgated on December 28, 2023.\n",
            "中華民國一百十一年十二月二十八日公布。\n",
        ),
        (
            "Promulgated on December 28, 2023.\n",
            "中華民國112年12月27日公布。\n",
        ),
        (
            "Promulgated on December 28, 2024.\n",
            "中華民國112年12月28日公布。\n",
        ),
        ("Amended in June 2023.\n", "民國112年7月修正。\n"),
    ] {
        assert_eq!(rules_of(en, zh), ["date-mismatch"], "{en} / {zh}");
    }
    assert_eq!(
        rules_of(
            "The 2023 budget is 16,861 dollars.\n",
            "民國113年度預算為16,861元。\n"
        ),
        ["number-mismatch"]
    );
}

#[test]
fn articles_counted_from_the_current_one_are_its_neighbours_by_heading() {
    let law = |refs: &str| {
        format!(
            "第 15 條\n本法之主管機關為內政部。\n第 15-1 條\n主管機關得委託民間團體辦理。\n\
             第 16 條\n{refs}\n第 17 條\n本法自公布日施行。\n"
        )
    };
    let english = |refs: &str| {
        format!(
            "Article 15\nThe competent authority is the Ministry of the Interior.\nArticle 15-1\n\
             The competent authority may commission private organizations.\nArticle 16\n{refs}\n\
             Article 17\nThis Act takes effect on promulgation.\n"
        )
    };
    // 前條 in Article 16 is Article 15-1, the heading before; 前二條 Articles 15 and 15-1; 次條
    // Article 17.
    for (en, zh) in [
        (
            "Commissions under Article 15-1 shall be published.",
            "依前條規定委託者，應公告之。",
        ),
        (
            "Articles 15 and 15-1 apply to the authorities of Article 17.",
            "前二條規定，於次條之機關準用之。",
        ),
        // English that names no article: the references are not reported alone.
        ("The preceding Article applies.", "前條規定準用之。"),
    ] {
        assert_eq!(
            rules_of(&english(en), &law(zh)),
            Vec::<String>::new(),
            "{en} / {zh}"
        );
    }
    assert_eq!(
        rules_of(
            &english("Commissions under Article 15 shall be published."),
            &law("依前條規定委託者，應公告之。")
        ),
        ["ordinal-mismatch"]
    );
    // Without headings alone on their line there is nothing to count from.
    assert_eq!(
        rules_of(
            "Commissions under Article 15 shall be published.\n",
            "依前條規定委託者，應公告之。\n"
        ),
        ["ordinal-mismatch"]
    );
}

#[test]
fn articles_in_parts_and_chapters_of_the_laws_are_compared_by_value() {
    for (en, zh) in [
        ("Article 90-7 applies.\n", "第九十條之七適用之。\n"),
        ("Article 3-1 applies.\n", "第 3 條之 1 適用之。\n"),
        ("Article 3-1 applies.\n", "第３條之１適用之。\n"),
        ("Article 90-7 applies.\n", "第九十条之七适用之。\n"),
        (
            "Articles 307 and 308 apply.\n",
            "第307條、第308條適用之。\n",
        ),
        ("section 5 of the Ordinance\n", "本條例第5條\n"),
        (
            "the Companies Ordinance (Cap. 622)\n",
            "《公司條例》(第622章)\n",
        ),
        (
            "the Companies Ordinance (Cap. 622)\n",
            "「公司條例」（第６２２章）\n",
        ),
        (
            "Resolutions 59/48 and 60/1 were adopted.\n",
            "第59/48號、第60/1號決議獲得通過。\n",
        ),
        (
            "The budget is 2.5 million dollars.\n",
            "預算為250萬美元。\n",
        ),
        ("at its seventy-third session\n", "在第七十三屆會議上\n"),
        (
            "The Fourth Committee met on 5 May 2016.\n",
            "第四委員會於2016年5月5日舉行會議。\n",
        ),
    ] {
        assert_eq!(rules_of(en, zh), Vec::<String>::new(), "{en} / {zh}");
    }
    for (en, zh, rule) in [
        (
            "Article 90-7 applies.\n",
            "第九十條之八適用之。\n",
            "ordinal-mismatch",
        ),
        (
            "Article 90-7 applies.\n",
            "第九十一條之七適用之。\n",
            "ordinal-mismatch",
        ),
        (
            "Article 90-7 applies.\n",
            "第九十條適用之。\n",
            "ordinal-mismatch",
        ),
        (
            "Article 307 applies.\n",
            "第 308 條適用之。\n",
            "ordinal-mismatch",
        ),
        (
            "the Companies Ordinance (Cap. 622)\n",
            "《公司條例》(第623章)\n",
            "ordinal-mismatch",
        ),
        (
            "Resolution 59/48 was adopted.\n",
            "第59/49號決議獲得通過。\n",
            "symbol-mismatch",
        ),
        (
            "The Fourth Committee met.\n",
            "第五委員會舉行會議。\n",
            "committee-mismatch",
        ),
        (
            "It has 30,000 members.\n",
            "該會有4萬名成員。\n",
            "number-mismatch",
        ),
    ] {
        assert_eq!(rules_of(en, zh), [rule], "{en} / {zh}");
    }
}

/// "Article 307" ↔ "第 307 條" was read twice before Traditional characters folded: once as
/// an article and once as a bare number.
#[test]
fn a_traditional_article_is_read_once() {
    assert_eq!(
        rules_of("Article 307 applies.\n", "第 307 條適用之。\n"),
        Vec::<String>::new()
    );
    assert_eq!(
        rules_of("It has 40,000 members.\n", "該會有4萬名成員。\n"),
        Vec::<String>::new()
    );
    assert_eq!(
        rules_of("2.5 per cent\n", "百分之二點五\n"),
        Vec::<String>::new()
    );
}

/// `yizhi inspect` names the script of each side; a Traditional version is checked as a
/// Simplified one is.
#[test]
fn inspect_shows_the_script_of_each_side() {
    let table = reversed_table();
    let mut results = Vec::new();
    for (zh, script) in [
        (SEED_ZH.to_string(), "Simplified"),
        (to_traditional(&table, SEED_ZH), "Traditional"),
    ] {
        let pair = Pair::new(SEED_EN, &zh);
        let out = yizhi()
            .args(["inspect", &pair.path("en.txt"), &pair.path("zh.txt")])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let shown = String::from_utf8_lossy(&out.stdout);
        let heading = shown
            .lines()
            .find(|l| l.starts_with("== Chinese"))
            .unwrap_or_default();
        assert!(
            heading.ends_with(&format!("zh.txt), {script} script")),
            "{heading}"
        );
        assert!(
            shown
                .lines()
                .any(|l| l.starts_with("== English") && l.ends_with("en.txt)"))
        );
        let (code, findings) = pair.check_json(&[]);
        let rules: Vec<String> = findings.iter().map(|d| d["rule"].to_string()).collect();
        results.push((code, rules));
    }
    assert_eq!(results[0], results[1]);
}

/// A fixture pair of tests/fixtures, its Chinese edited (each edit must apply once).
fn fixture(dir: &str, edits: &[(&str, &str)]) -> (Document, Document) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let en = std::fs::read_to_string(root.join("en.txt")).unwrap();
    let mut zh = std::fs::read_to_string(root.join("zh.txt")).unwrap();
    for (from, to) in edits {
        assert_eq!(zh.matches(from).count(), 1, "{from}");
        zh = zh.replacen(from, to, 1);
    }
    (
        Document::from_text("en.txt", en),
        Document::from_text("zh.txt", zh),
    )
}

/// "rule en:line zh:line" of each finding, sorted (the lines of its first label a side).
fn places(en: &Document, zh: &Document) -> Vec<String> {
    let rules = yizhi::rules::load(&[]).unwrap();
    let mut v: Vec<String> = yizhi::check_pair(en, zh, &rules)
        .iter()
        .map(|d| {
            let at: Vec<String> = d
                .labels
                .iter()
                .map(|l| {
                    let doc = if l.side == yizhi::diagnostic::Side::En {
                        en
                    } else {
                        zh
                    };
                    format!("{}:{}", doc.path, doc.position(l.span.start).line)
                })
                .collect();
            format!("{} {}", d.rule, at.join(" "))
        })
        .collect();
    v.sort();
    v
}

/// Articles of a Taiwan law (Minguo dates, 第N條之M, amounts in 萬) and sections of a Hong
/// Kong ordinance (Cap. numbers, 「」 quotes, full-width brackets), written for the tests
/// after the public texts (tests/fixtures/*/README.md), are clean.
#[test]
fn the_taiwan_and_hong_kong_fixtures_are_clean() {
    for dir in ["taiwan-law", "hong-kong-ordinance"] {
        let (en, zh) = fixture(dir, &[]);
        assert_eq!(places(&en, &zh), Vec::<String>::new(), "{dir}");
        assert_eq!(
            yizhi::language::han_script(&zh.text),
            yizhi::language::HanScript::Traditional
        );
    }
}

#[test]
fn a_taiwan_law_with_injected_errors_gives_exactly_those_findings() {
    let (en, zh) = fixture(
        "taiwan-law",
        &[
            // A Minguo date, an amount in 萬, an article with 之, a dropped paragraph.
            (
                "中華民國九十九年五月二十六日",
                "中華民國九十九年五月二十七日",
            ),
            ("二百萬元以下", "三百萬元以下"),
            ("違反第二十條之一規定", "違反第二十條之二規定"),
            (
                "個人資料之蒐集、處理或利用，應尊重當事人之權益，依誠實及信用方法為之，不得逾越特定目的之必要範圍，並應與蒐集之目的具有正當合理之關聯。\n",
                "",
            ),
        ],
    );
    assert_eq!(
        places(&en, &zh),
        [
            "date-mismatch en.txt:3 zh.txt:3",
            "number-mismatch en.txt:24 zh.txt:23",
            "ordinal-mismatch en.txt:24 zh.txt:23",
            "paragraph-missing en.txt:16 zh.txt:15",
        ]
    );
}

#[test]
fn a_hong_kong_ordinance_with_injected_errors_gives_exactly_those_findings() {
    let (en, zh) = fixture(
        "hong-kong-ordinance",
        &[
            ("2021年10月8日開始實施", "2021年10月9日開始實施"),
            ("罰款$1,000,000", "罰款$100,000"),
            ("任何人犯第64條所訂罪行", "任何人犯第65條所訂罪行"),
            (
                "個人如因違反本條例下的規定而蒙受損害，有權就該損害向有關的資料使用者申索補償。\n",
                "",
            ),
        ],
    );
    assert_eq!(
        places(&en, &zh),
        [
            "date-mismatch en.txt:3 zh.txt:3",
            "number-mismatch en.txt:18 zh.txt:18",
            "ordinal-mismatch en.txt:18 zh.txt:18",
            "paragraph-missing en.txt:21 zh.txt:20",
        ]
    );
}

/// `yizhi explain` shows Traditional examples next to the Simplified ones for every rule that
/// reads Chinese values.
#[test]
fn rule_explanations_show_traditional_examples() {
    let rules = yizhi::rules::load(&[]).unwrap();
    for id in [
        "date-mismatch",
        "number-mismatch",
        "ordinal-mismatch",
        "committee-mismatch",
        "symbol-mismatch",
        "footnote-marker-mismatch",
    ] {
        let rule = rules.rules.iter().find(|r| r.id == id).expect(id);
        assert!(yizhi::fold::has_traditional(&rule.docs), "{id}");
    }
    let out = yizhi().args(["explain", "date-mismatch"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("中華民國一百十二年十二月二十八日"));
}

/// The recall harness on Traditional twins: each error injected into a real pair is found in
/// the pair's Traditional twin exactly when it is found in the Simplified pair. Every eighth
/// pair, the seed first, to keep the test short (all of them were measured once: the same).
#[test]
fn injected_errors_are_found_in_traditional_twins_as_in_simplified_text() {
    let table = reversed_table();
    let rules = yizhi::rules::load(&[]).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let step: usize = std::env::var("YIZHI_TWIN_STEP")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);
    let (mut injected, mut found, mut found_twin) = (0, 0, 0);
    for pair in real_pairs(root).into_iter().step_by(step) {
        let twin = RealPair {
            zh: to_traditional(&table, &pair.zh),
            name: pair.name.clone(),
            en: pair.en.clone(),
            line_aligned: pair.line_aligned,
            source: pair.source.clone(),
            source_lines: pair.source_lines.clone(),
            held_out: pair.held_out,
        };
        let (before, before_twin) = (clean(&rules, &pair), clean(&rules, &twin));
        for mut m in mutations(&rules, &pair) {
            let simplified = found_against(&rules, &before, &pair, &m);
            m.zh = to_traditional(&table, &m.zh);
            let traditional = found_against(&rules, &before_twin, &twin, &m);
            assert_eq!(traditional, simplified, "{} {}", pair.name, m.kind.name());
            injected += 1;
            found += usize::from(simplified);
            found_twin += usize::from(traditional);
        }
    }
    eprintln!(
        "twins: {found_twin}/{injected} injected errors found in Traditional, {found}/{injected} in Simplified"
    );
    assert!(injected >= 100, "only {injected} injected");
}
