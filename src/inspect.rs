//! `yizhi inspect`: a plain-text view of how a pair was read, for rule authors and for
//! understanding a finding.

use std::fmt::Write;

use crate::Analysis;
use crate::diagnostic::Side;
use crate::document::Document;
use crate::rules::RuleSet;

pub fn render(en: &Document, zh: &Document, rules: &RuleSet, a: &Analysis) -> String {
    let mut s = String::new();
    for (side, doc, structure, items) in [
        (Side::En, en, &a.en, &a.en_items),
        (Side::Zh, zh, &a.zh, &a.zh_items),
    ] {
        let script = crate::language::han_script(&doc.text);
        let _ = match script {
            crate::language::HanScript::Undecided => {
                writeln!(s, "== {} ({})", side.name(), doc.path)
            }
            _ => writeln!(
                s,
                "== {} ({}), {} script",
                side.name(),
                doc.path,
                script.name()
            ),
        };
        for (i, b) in structure.blocks.iter().enumerate() {
            let text: String = doc.text[b.span.clone()].chars().take(50).collect();
            let number = b
                .number
                .as_ref()
                .map_or(String::new(), |(n, _)| format!(" #{n}"));
            let _ = writeln!(
                s,
                "{:>4} L{:<4} {:?}/{:?}{number} {}: {text}",
                i,
                doc.position(b.span.start).line,
                b.zone,
                b.kind,
                b.ordinal
            );
            for item in items.items.iter().filter(|it| it.block == i) {
                let fields: Vec<String> = item
                    .value
                    .0
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect();
                let _ = writeln!(
                    s,
                    "            {} «{}» {}",
                    rules.rules[item.rule].id,
                    &doc.text[item.span.clone()],
                    fields.join(" ")
                );
            }
        }
    }
    let _ = writeln!(s, "== alignment");
    for p in &a.alignment.pairs {
        let _ = writeln!(s, "{:?} en{:?} ↔ zh{:?}", p.zone, p.en, p.zh);
    }
    s
}
