//! Every input under `tests/fuzz/TARGET/` runs through the checks of that fuzz target (see
//! `fuzz/fuzz_targets/`), so that what once broke yizhi stays fixed. See `tests/fuzz/README.md`.

use std::path::{Path, PathBuf};

use yizhi::diagnostic::Side;
use yizhi::document::Document;
use yizhi::rules::RuleError;

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

fn assert_spans_valid(en: &Document, zh: &Document, diagnostics: &[yizhi::diagnostic::Diagnostic]) {
    for d in diagnostics {
        for l in &d.labels {
            let doc = if l.side == Side::En { en } else { zh };
            assert!(
                l.span.start <= l.span.end && l.span.end <= doc.text.len(),
                "{l:?}"
            );
            assert!(doc.text.is_char_boundary(l.span.start), "{l:?}");
            assert!(doc.text.is_char_boundary(l.span.end), "{l:?}");
        }
    }
}

#[test]
fn document_inputs() {
    let rules = yizhi::rules::load(&[]).unwrap();
    for (path, bytes) in inputs("document") {
        let Ok(doc) = Document::from_bytes("fuzz.txt", &bytes) else {
            continue;
        };
        for side in Side::BOTH {
            let s = yizhi::structure::analyse(&doc, side, &rules);
            for b in &s.blocks {
                assert!(b.span.end <= doc.text.len(), "{}", path.display());
                assert!(doc.text.is_char_boundary(b.span.start));
            }
        }
        for (i, line) in doc.lines().enumerate() {
            assert_eq!(doc.position(line.start).line, i + 1, "{}", path.display());
        }
    }
}

#[test]
fn extract_inputs() {
    let rules = yizhi::rules::load(&[]).unwrap();
    for (path, bytes) in inputs("extract") {
        let text = String::from_utf8(bytes).unwrap();
        let (en, zh) = text.split_once('\0').unwrap_or((&text, &text));
        let en = Document::from_text("en.txt", en.to_string());
        let zh = Document::from_text("zh.txt", zh.to_string());
        let first = yizhi::check_pair(&en, &zh, &rules);
        assert_spans_valid(&en, &zh, &first);
        assert_eq!(
            first,
            yizhi::check_pair(&en, &zh, &rules),
            "{}",
            path.display()
        );
    }
}

#[test]
fn rules_inputs() {
    const EN: &str = "The General Assembly,\nRecalling its resolution 59/48 of 2 December 2004,1 annex II,\n1. Decides to include the item in 2018;\n1 Resolution S-30/1, annex.\n";
    const ZH: &str = "大会，\n回顾其 2004年12月2日第59/48号决议，¹ 附件二，\n1. 决定将项目列入2018年；\n¹ S-30/1 号决议，附件。\n";
    for (path, bytes) in inputs("rules") {
        let text = String::from_utf8(bytes).unwrap();
        match yizhi::rules::load_texts(&[("fuzz.toml".into(), text.clone())]) {
            Ok(rules) => {
                let en = Document::from_text("en.txt", EN.into());
                let zh = Document::from_text("zh.txt", ZH.into());
                let d = yizhi::check_pair(&en, &zh, &rules);
                assert_spans_valid(&en, &zh, &d);
            }
            Err(RuleError::Invalid(e)) => {
                let end = e.span.offset() + e.span.len();
                assert!(end <= text.len(), "{}: {e:?}", path.display());
            }
            Err(e) => panic!("{}: {e:?}", path.display()),
        }
    }
}
