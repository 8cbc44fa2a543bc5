//! Rule loading: any text as a user rule file loads or fails with an error whose span lies
//! inside the file; rules that load run on a small pair without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use miette::Diagnostic;
use yizhi::document::Document;
use yizhi::rules::RuleError;

#[path = "common.rs"]
mod common;

const EN: &str = "The General Assembly,\nRecalling its resolution 59/48 of 2 December 2004,1 annex II,\n1. Decides to include the item \"Cooperation\" in 2018;\n1 Resolution S-30/1, annex.\n";
const ZH: &str = "大会，\n回顾其 2004年12月2日第59/48号决议，¹ 附件二，\n1. 决定将题为“合作”的项目列入2018年；\n¹ S-30/1 号决议，附件。\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match yizhi::rules::load_texts(&[("fuzz.toml".to_string(), text.to_string())]) {
        Ok(rules) => {
            let en = Document::from_text("en.txt", EN.to_string());
            let zh = Document::from_text("zh.txt", ZH.to_string());
            let diagnostics = yizhi::check_pair(&en, &zh, &rules);
            common::check_spans(&en, &zh, &diagnostics);
        }
        Err(RuleError::Invalid(e)) => {
            let (s, len) = (e.span.offset(), e.span.len());
            let source = e.source_code().is_some();
            assert!(source, "an error without its file");
            // Errors in the built-in files would be a bug of their own.
            assert!(e.message.starts_with("fuzz.toml: "), "{}", e.message);
            assert!(s + len <= text.len(), "span {s}+{len} past {}", text.len());
            assert!(text.is_char_boundary(s) && text.is_char_boundary(s + len));
        }
        Err(other) => panic!("unexpected error kind: {other:?}"),
    }
});
