//! Regressions from text yizhi had never seen (issue #17), each on text written for the test:
//! what was misread is read by its construction, and what was missed is found.

use crate::support::*;

/// The rules of the findings of a pair, sorted.
fn rules_of(en: &str, zh: &str) -> Vec<String> {
    let (_, findings) = Pair::new(en, zh).check_json(&[]);
    let mut rules: Vec<String> = findings
        .iter()
        .map(|d| d["rule"].as_str().unwrap_or_default().to_string())
        .collect();
    rules.sort();
    rules
}

#[test]
fn ordinals_under_ten_stated_in_both_versions_are_compared() {
    for (en, zh) in [
        (
            "The Commission held its seventh session.\n",
            "委员会举行了第八届会议。\n",
        ),
        (
            "It was adopted at the 7th meeting.\n",
            "在第8次会议上获得通过。\n",
        ),
        (
            "Article 1 applies to all parties.\n",
            "第二条适用于所有缔约方。\n",
        ),
        (
            "as provided in article 5 of the Convention\n",
            "根据《公约》第6条的规定\n",
        ),
    ] {
        assert_eq!(rules_of(en, zh), ["ordinal-mismatch"], "{en} / {zh}");
    }
}

#[test]
fn ordinals_under_ten_that_agree_or_stand_alone_are_not_reported() {
    for (en, zh) in [
        (
            "The Commission held its seventh session.\n",
            "委员会举行了第七届会议。\n",
        ),
        (
            "Article 1 applies to all parties.\n",
            "第一条适用于所有缔约方。\n",
        ),
        // One version leaves the ordinal implicit.
        (
            "The first was held in Geneva.\n",
            "第一次会议在日内瓦举行。\n",
        ),
    ] {
        assert_eq!(rules_of(en, zh), Vec::<String>::new(), "{en} / {zh}");
    }
}

#[test]
fn ordinals_of_any_numbered_event_are_compared() {
    for (en, zh) in [
        (
            "The third International Conference on Small Islands opened.\n",
            "第四次小岛屿国际会议开幕。\n",
        ),
        (
            "Leaders met at the fifth Summit.\n",
            "领导人在第六届首脑会议上会晤。\n",
        ),
        (
            "the seventieth anniversary of the end of the Second World War\n",
            "第三次世界大战结束七十周年\n",
        ),
    ] {
        assert_eq!(rules_of(en, zh), ["ordinal-mismatch"], "{en} / {zh}");
    }
    for (en, zh) in [
        (
            "The third International Conference on Small Islands opened.\n",
            "第三次小岛屿国际会议开幕。\n",
        ),
        (
            "Leaders met at the fifth Summit.\n",
            "领导人在第五届首脑会议上会晤。\n",
        ),
        (
            "the seventieth anniversary of the end of the Second World War\n",
            "第二次世界大战结束七十周年\n",
        ),
    ] {
        assert_eq!(rules_of(en, zh), Vec::<String>::new(), "{en} / {zh}");
    }
}

#[test]
fn numbering_both_versions_share_is_a_warning_and_a_difference_an_error() {
    let en = "The General Assembly,\n1. Decides to act;\n2. Requests a report;\n4. Decides to remain seized of the matter.\n";
    let shared = Pair::new(
        en,
        "大会，\n1. 决定采取行动；\n2. 请提交报告；\n4. 决定继续处理此事。\n",
    );
    let (code, findings) = shared.check_json(&[]);
    assert_eq!(code, 0, "{findings:?}");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["rule"], "operative-numbering");
    assert_eq!(findings[0]["severity"], "warning");
    assert_eq!(findings[0]["labels"].as_array().unwrap().len(), 2);
    let differ = Pair::new(
        en,
        "大会，\n1. 决定采取行动；\n2. 请提交报告；\n5. 决定继续处理此事。\n",
    );
    let (code, findings) = differ.check_json(&[]);
    assert_eq!(code, 1, "{findings:?}");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["severity"], "error");
}

/// Constructions of unseen UN text that were misread, each written for the test: a correct
/// translation of each gives no finding.
#[test]
fn correct_translations_of_misread_constructions_are_clean() {
    for (en, zh) in [
        // A reference number read as a different kind on each side.
        (
            "Under regulation 7 of the staff rules, the Board acted.",
            "根据工作人员细则第7条，委员会采取了行动。",
        ),
        (
            "As set out in section 312 of the manual and article 4.2 of the statute.",
            "如手册第312节和规约第4.2条所述。",
        ),
        // An English date the Chinese both translates and quotes.
        (
            "The note was dated 3 March 2015.",
            "该说明的日期为2015年3月3日（\"3 March 2015\"）。",
        ),
        // Counters and measure words are not days of a month.
        ("Replies are due within 45 days.", "答复应在45天内提交。"),
        ("Payment within 30 days of receipt.", "收到后30日内付款。"),
        ("The meeting starts at 15 hours.", "会议于15点开始。"),
        // Paired months, and a year stated at one end only.
        (
            "It met in July and August 2014.",
            "它于2014年7月和8月举行会议。",
        ),
        (
            "It met in December 2012 and January.",
            "它于2012年12月和2013年1月举行会议。",
        ),
        // Lists under one 第…次.
        (
            "At its 312th and 313th meetings, the Council acted.",
            "安理会在第312和313次会议上采取了行动。",
        ),
        // A footnote call after a full stop, and one glued to a span of years.
        ("The Committee met in Geneva.3", "委员会在日内瓦举行会议。3"),
        (
            "The plan for 2011-20205 was adopted.",
            "2011-2020年计划获得通过。5",
        ),
        // Times on the 24-hour clock, telephone numbers, percentage points, anniversaries.
        ("The blast occurred at 0400 hours.", "爆炸发生在凌晨4时。"),
        ("The session closed at 1725.", "会议于17时25分闭幕。"),
        (
            "Call +41 22 917 1234 for details.",
            "详情请致电+41 22 917 1234。",
        ),
        (
            "Enrolment rose by 4 percentage points.",
            "入学率上升了4个百分点。",
        ),
        (
            "It marked the 25th anniversary of the Convention.",
            "它纪念了《公约》25周年。",
        ),
        // A meeting called a session on one side; a resolution cited without its year.
        (
            "At its 60th meeting, the Commission acted.",
            "委员会在第60届会议上采取了行动。",
        ),
        (
            "Recalling resolution 2139 on Syria.",
            "回顾关于叙利亚的第2139(2014)号决议。",
        ),
        // Technical text: identifiers ending in a digit, encoded URLs, ports, versions, IPs.
        (
            "Use the class col-md6 and Context1 with <h2> headings.",
            "使用类 col-md6 和 Context1 以及 <h2> 标题。",
        ),
        (
            "Open http://example.org/a%20b%2Fc?id=42 on port 8080.",
            "在端口8080上打开 http://example.org/a%20b%2Fc?id=42。",
        ),
        (
            "Install v2.10 of the tool at 10.0.0.1.",
            "在10.0.0.1安装该工具的v2.10。",
        ),
    ] {
        assert_eq!(rules_of(en, zh), Vec::<String>::new(), "{en}\n{zh}");
    }
}

/// The same constructions with one value changed are found, as the rule that owns them.
#[test]
fn changed_values_in_those_constructions_are_found() {
    for (en, zh, rule) in [
        (
            "It met in December 2012 and January.",
            "它于2012年11月和12月举行会议。",
            "date-mismatch",
        ),
        (
            "The note was dated 3 March 2015.",
            "该说明的日期为2015年3月4日（\"3 March 2015\"）。",
            "date-mismatch",
        ),
        (
            "The plan for 2011-20205 was adopted.",
            "2011-2021年计划获得通过。5",
            "date-mismatch",
        ),
        (
            "The plan for 2011-20205 was adopted.",
            "2011-2020年计划获得通过。6",
            "footnote-marker-mismatch",
        ),
        (
            "At its 312th and 313th meetings, the Council acted.",
            "安理会在第312和314次会议上采取了行动。",
            "ordinal-mismatch",
        ),
    ] {
        assert_eq!(rules_of(en, zh), [rule], "{en}\n{zh}");
    }
}

/// A masthead written for this test: the lines extraction leaves around a resolution.
fn with_masthead(
    session_en: &str,
    item_en: &str,
    session_zh: &str,
    item_zh: &str,
) -> (String, String) {
    let en = format!(
        "Distr.: General\n{session_en}\n{item_en}\n\
         Resolution adopted by the General Assembly on 5 December 2016\n\
         The General Assembly,\n\
         Recalling its resolution 70/1 of 25 September 2015,\n\
         1. Requests the Secretary-General to report to it.\n"
    );
    let zh = format!(
        "Distr.: General\n{session_zh}\n{item_zh}\n\
         2016年12月5日大会决议\n\
         大会，\n\
         回顾其2015年9月25日第70/1号决议，\n\
         1. 请秘书长向大会提出报告。\n"
    );
    (en, zh)
}

#[test]
fn the_masthead_session_and_agenda_item_are_compared_wherever_they_stand() {
    let (en, zh) = with_masthead(
        "Seventy-first session",
        "Agenda item 126 (u)",
        "第七十一届会议",
        "议程项目 126(u)",
    );
    assert_eq!(rules_of(&en, &zh), Vec::<String>::new());
    let (en, zh) = with_masthead(
        "Seventy-first session",
        "Agenda item 126 (u)",
        "第七十二届会议",
        "议程项目 127(u)",
    );
    assert_eq!(rules_of(&en, &zh), ["ordinal-mismatch", "ordinal-mismatch"]);
    // A masthead line one version lacks is no finding: extraction loses them.
    let (en, zh) = with_masthead("Seventy-first session", "Agenda item 126 (u)", "", "");
    assert_eq!(rules_of(&en, &zh), Vec::<String>::new());
}
