//! Mutated copies of the seed pair: each injected error gives exit 1 and a diagnostic of the
//! expected rule whose labels cover the changed text.

use serde_json::Value;

use crate::support::*;

/// Checks a mutated pair and returns the diagnostics of `rule`, asserting exit code 1.
fn findings(pair: &Pair, rule: &str) -> Vec<Value> {
    let (code, diags) = pair.check_json(&[]);
    assert_eq!(code, 1, "expected findings, got {diags:#?}");
    let of_rule: Vec<Value> = of_rule(&diags, rule).into_iter().cloned().collect();
    assert!(!of_rule.is_empty(), "no {rule} among {diags:#?}");
    of_rule
}

fn assert_one_label(d: &Value, pair: &Pair, file: &str, text: &str) {
    let labels = labels_in(d, file);
    assert!(
        labels.iter().any(|l| pair.label_text(l) == text),
        "no label on {text:?} in {file}: {d:#}"
    );
}

#[test]
fn the_seed_pair_has_exactly_its_one_real_difference() {
    let pair = Pair::new(SEED_EN, SEED_ZH);
    let (code, diags) = pair.check_json(&[]);
    assert_eq!((code, diags.len()), (1, 1), "{diags:#?}");
    let d = &diags[0];
    assert!(pair.is_seed_finding(d), "{d:#}");
    assert_one_label(d, &pair, "zh.txt", "第十三届特别会议");
    assert_eq!(
        d["message"],
        "preambular paragraph 12: thirtieth special session in English, 第十三届特别会议 in Chinese"
    );
}

#[test]
fn the_corrected_seed_pair_is_consistent() {
    let zh = replace_once(SEED_ZH, "第十三届特别会议", "第三十届特别会议");
    let pair = Pair::new(SEED_EN, &zh);
    let (code, diags) = pair.check_json(&[]);
    assert_eq!((code, diags.len()), (0, 0), "{diags:#?}");
}

#[test]
fn changed_day_in_a_chinese_date() {
    let pair = Pair::new(
        SEED_EN,
        &replace_once(SEED_ZH, "2004年12月2日", "2004年12月3日"),
    );
    let d = findings(&pair, "date-mismatch");
    assert_eq!(d.len(), 1);
    assert_one_label(&d[0], &pair, "zh.txt", "2004年12月3日");
    assert_one_label(&d[0], &pair, "en.txt", "2 December 2004");
    assert_eq!(
        d[0]["message"],
        "preambular paragraph 3: 2 December 2004 in English, 2004年12月3日 in Chinese"
    );
    assert_eq!(d[0]["help"], "2 December 2004 is 2004年12月2日 in Chinese");
}

#[test]
fn changed_month_in_a_spaced_chinese_date() {
    let pair = Pair::new(
        SEED_EN,
        &replace_once(SEED_ZH, "2012 年 7 月 22 日", "2012 年 8 月 22 日"),
    );
    let d = findings(&pair, "date-mismatch");
    assert_eq!(d.len(), 1);
    assert_one_label(&d[0], &pair, "zh.txt", "2012 年 8 月 22 日");
    assert_one_label(&d[0], &pair, "en.txt", "22 July 2012");
}

#[test]
fn changed_year_in_a_chinese_date() {
    let pair = Pair::new(
        SEED_EN,
        &replace_once(SEED_ZH, "2007年8月16日", "2008年8月16日"),
    );
    let d = findings(&pair, "date-mismatch");
    assert_one_label(&d[0], &pair, "zh.txt", "2008年8月16日");
}

#[test]
fn changed_end_of_a_chinese_date_range() {
    let pair = Pair::new(
        SEED_EN,
        &replace_once(SEED_ZH, "4 月 19 至 21 日", "4 月 19 至 22 日"),
    );
    let d = findings(&pair, "date-mismatch");
    assert_one_label(&d[0], &pair, "zh.txt", "2016 年 4 月 19 至 22 日");
    assert_one_label(&d[0], &pair, "en.txt", "19 to 21 April 2016");
}

#[test]
fn changed_english_date() {
    let pair = Pair::new(
        &replace_once(SEED_EN, "16 August 2007", "17 August 2007"),
        SEED_ZH,
    );
    let d = findings(&pair, "date-mismatch");
    assert_eq!(d.len(), 1);
    assert_one_label(&d[0], &pair, "en.txt", "17 August 2007");
    assert_one_label(&d[0], &pair, "zh.txt", "2007年8月16日");
}

#[test]
fn changed_number_in_a_chinese_symbol() {
    let pair = Pair::new(
        SEED_EN,
        &replace_once(SEED_ZH, "第59/48号决议", "第59/49号决议"),
    );
    let d = findings(&pair, "symbol-mismatch");
    assert_eq!(d.len(), 1);
    assert_one_label(&d[0], &pair, "zh.txt", "59/49");
    assert_one_label(&d[0], &pair, "en.txt", "59/48");
}

#[test]
fn changed_symbol_in_a_list_of_resolutions() {
    let pair = Pair::new(SEED_EN, &replace_once(SEED_ZH, "第67/15号", "第67/16号"));
    let d = findings(&pair, "symbol-mismatch");
    assert_one_label(&d[0], &pair, "zh.txt", "67/16");
    assert_one_label(&d[0], &pair, "en.txt", "67/15");
}

#[test]
fn changed_symbol_in_a_footnote_body() {
    let pair = Pair::new(
        SEED_EN,
        &replace_once(SEED_ZH, "² S-30/1 号决议", "² S-30/2 号决议"),
    );
    let d = findings(&pair, "symbol-mismatch");
    assert_one_label(&d[0], &pair, "zh.txt", "S-30/2");
    assert!(d[0]["message"].as_str().unwrap().starts_with("footnote 2:"));
}

#[test]
fn changed_treaty_volume() {
    let pair = Pair::new(SEED_EN, &replace_once(SEED_ZH, "第 729 卷", "第 792 卷"));
    let d = findings(&pair, "treaty-series-mismatch");
    assert_one_label(&d[0], &pair, "en.txt", "729, No. 10485");
}

#[test]
fn deleted_chinese_footnote_marker() {
    let pair = Pair::new(
        SEED_EN,
        &replace_once(SEED_ZH, "条约》，¹ 支持", "条约》， 支持"),
    );
    let d = findings(&pair, "footnote-marker-mismatch");
    assert_eq!(d.len(), 1);
    // The English marker left without counterpart: the "1" of "Weapons,1".
    let en = labels_in(&d[0], "en.txt");
    assert_eq!(pair.label_text(en[0]), "1");
    let offset = en[0]["start"].as_u64().unwrap() as usize;
    assert_eq!(&SEED_EN[offset - 8..offset], "Weapons,");
}

#[test]
fn renumbered_chinese_operative_paragraph() {
    let pair = Pair::new(
        SEED_EN,
        &replace_once(SEED_ZH, "3. 建议联合国系统", "4. 建议联合国系统"),
    );
    let d = findings(&pair, "operative-numbering");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_one_label(&d[0], &pair, "zh.txt", "4");
    assert_one_label(&d[0], &pair, "en.txt", "3");
    let (_, all) = pair.new_findings();
    assert!(
        all.iter().all(|d| d["rule"] != "paragraph-missing"),
        "{all:#?}"
    );
}

#[test]
fn deleted_chinese_footnote_body() {
    let pair = Pair::new(
        SEED_EN,
        &replace_once(SEED_ZH, "² S-30/1 号决议，附件。\n", ""),
    );
    let d = findings(&pair, "footnote-body-missing");
    assert_eq!(d.len(), 1);
    assert_one_label(&d[0], &pair, "en.txt", "2 Resolution S-30/1, annex.");
}

#[test]
fn deleted_chinese_preambular_paragraph() {
    let deleted = "又回顾2010年4月5日关于联合国秘书处与上海合作组织秘书处合作的联合声明，\n";
    let pair = Pair::new(SEED_EN, &replace_once(SEED_ZH, deleted, ""));
    let d = findings(&pair, "paragraph-missing");
    assert_eq!(d.len(), 1);
    let en = labels_in(&d[0], "en.txt");
    assert!(
        pair.label_text(en[0])
            .starts_with("Recalling also the Joint Declaration")
    );
    assert_eq!(
        d[0]["message"],
        "English preambular paragraph 5 has no counterpart in the Chinese version (18 preambular paragraphs in English, 17 in Chinese)"
    );
    // Nothing else: the values of the dropped paragraph are not reported again.
    let (_, all) = pair.new_findings();
    assert_eq!(all.len(), 1, "{all:#?}");
}

#[test]
fn one_paragraph_is_counted_in_the_singular() {
    let pair = Pair::new(
        "Recalling its resolution 59/48 of 2 December 2004,\n",
        "回顾其2004年12月2日第59/48号决议，\n又回顾其2005年5月3日第60/1号决议，\n",
    );
    let (code, diags) = pair.check_json(&[]);
    assert_eq!(code, 1);
    let missing = of_rule(&diags, "paragraph-missing");
    assert_eq!(missing.len(), 1, "{diags:#?}");
    assert_eq!(
        missing[0]["message"],
        "Chinese paragraph 2 has no counterpart in the English version (1 paragraph in English, 2 in Chinese)"
    );
}

/// The label of a value left over goes on the occurrence that took another value's place:
/// the first of two equal values here, where a later one keeps its place.
fn assert_label_on_first(en: &str, zh: &str, file: &str, text: &str) {
    let pair = Pair::new(en, zh);
    let d = &findings(&pair, "number-mismatch")[0];
    let source = if file == "en.txt" { en } else { zh };
    let first = source.find(text).expect("the value is in the text");
    let labels = labels_in(d, file);
    assert_eq!(labels.len(), 1, "{d:#}");
    assert_eq!(labels[0]["start"], first, "{d:#}");
}

#[test]
fn a_changed_chinese_number_equal_to_a_later_one_is_the_one_labelled() {
    assert_label_on_first(
        "The Committee received 1,250 letters and 3,400 parcels.\n",
        "委员会收到3,400封信和3,400个包裹。\n",
        "zh.txt",
        "3,400",
    );
}

#[test]
fn a_changed_english_number_equal_to_a_later_one_is_the_one_labelled() {
    assert_label_on_first(
        "The Committee received 3,400 letters and 3,400 parcels.\n",
        "委员会收到1,250封信和3,400个包裹。\n",
        "en.txt",
        "3,400",
    );
}
