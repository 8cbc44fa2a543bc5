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
