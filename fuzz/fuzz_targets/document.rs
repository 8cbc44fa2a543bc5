//! Document loading and structure: any bytes decode or fail with an error, never a panic;
//! blocks lie inside the text; positions agree with offsets.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yizhi::diagnostic::Side;
use yizhi::document::Document;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = Document::from_bytes("fuzz.txt", data) else {
        return;
    };
    let rules = rules();
    for side in Side::BOTH {
        let s = yizhi::structure::analyse(&doc, side, &rules);
        for b in &s.blocks {
            assert!(b.span.start <= b.span.end && b.span.end <= doc.text.len());
            assert!(doc.text.is_char_boundary(b.span.start));
            assert!(doc.text.is_char_boundary(b.span.end));
            if let Some((_, n)) = &b.number {
                assert!(b.span.start <= n.start && n.end <= b.span.end);
            }
        }
    }
    let mut line = 0;
    for r in doc.lines() {
        line += 1;
        assert!(r.start <= r.end && r.end <= doc.text.len());
        assert_eq!(doc.position(r.start).line, line);
        assert_eq!(doc.position(r.start).column, 1);
    }
    for offset in [0, data.len() / 3, data.len() / 2, doc.text.len()] {
        let _ = doc.position(offset);
    }
});

fn rules() -> &'static yizhi::rules::RuleSet {
    static RULES: std::sync::OnceLock<yizhi::rules::RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(|| yizhi::rules::load(&[]).expect("the built-in rules load"))
}
