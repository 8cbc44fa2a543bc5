//! Invariants every fuzz target checks on a result: spans inside their file, on character
//! boundaries, and positions that agree with the offsets.

use yizhi::diagnostic::{Diagnostic, Side};
use yizhi::document::Document;

pub fn check_spans(en: &Document, zh: &Document, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert!(!d.labels.is_empty(), "a diagnostic without labels: {d:?}");
        for l in &d.labels {
            let doc = match l.side {
                Side::En => en,
                Side::Zh => zh,
            };
            assert!(l.span.start <= l.span.end, "reversed span {l:?}");
            assert!(l.span.end <= doc.text.len(), "span past the end {l:?}");
            assert!(doc.text.is_char_boundary(l.span.start), "{l:?}");
            assert!(doc.text.is_char_boundary(l.span.end), "{l:?}");
            let p = doc.position(l.span.start);
            let before = &doc.text[..l.span.start];
            assert_eq!(p.line, before.matches('\n').count() + 1);
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            assert_eq!(p.column, before[line_start..].chars().count() + 1);
        }
    }
}
