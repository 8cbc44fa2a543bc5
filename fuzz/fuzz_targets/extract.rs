//! The whole pipeline on a pair: the input is split at its first NUL byte into an English and
//! a Chinese text. Nothing panics, every span is valid, findings are deterministic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yizhi::document::Document;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (en, zh) = text.split_once('\0').unwrap_or((text, text));
    let en = Document::from_text("en.txt", en.to_string());
    let zh = Document::from_text("zh.txt", zh.to_string());
    let rules = rules();
    let first = yizhi::check_pair(&en, &zh, rules);
    common::check_spans(&en, &zh, &first);
    let again = yizhi::check_pair(&en, &zh, rules);
    assert_eq!(first, again, "findings are not deterministic");
});

fn rules() -> &'static yizhi::rules::RuleSet {
    static RULES: std::sync::OnceLock<yizhi::rules::RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(|| yizhi::rules::load(&[]).expect("the built-in rules load"))
}
