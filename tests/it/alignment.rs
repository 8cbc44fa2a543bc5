//! The alignment places a deleted paragraph correctly, on either side, for every preambular
//! paragraph of the seed — including runs of paragraphs that carry no date or symbol.

use yizhi::diagnostic::Side;
use yizhi::document::Document;

use crate::support::*;

fn preamble_lines(text: &str, side: Side) -> Vec<String> {
    let rules = yizhi::rules::load(&[]).unwrap();
    let doc = Document::from_text("x", text.to_string());
    let s = yizhi::structure::analyse(&doc, side, &rules);
    s.blocks
        .iter()
        .filter(|b| b.zone == yizhi::structure::Zone::Preamble)
        .map(|b| doc.text[b.span.clone()].to_string())
        .collect()
}

#[test]
fn every_single_deletion_is_placed() {
    let rules = yizhi::rules::load(&[]).unwrap();
    for side in Side::BOTH {
        let text = if side == Side::En { SEED_EN } else { SEED_ZH };
        let paragraphs = preamble_lines(text, side);
        assert_eq!(paragraphs.len(), 18);
        for (k, p) in paragraphs.iter().enumerate() {
            let mutated = replace_once(text, p, "");
            let (en, zh) = match side {
                Side::En => (mutated.as_str(), SEED_ZH),
                Side::Zh => (SEED_EN, mutated.as_str()),
            };
            let en = Document::from_text("en.txt", en.to_string());
            let zh = Document::from_text("zh.txt", zh.to_string());
            let diags = yizhi::check_pair(&en, &zh, &rules);
            let missing: Vec<_> = diags
                .iter()
                .filter(|d| d.rule == "paragraph-missing")
                .collect();
            assert_eq!(
                missing.len(),
                1,
                "deleting {side:?} paragraph {}: {diags:#?}",
                k + 1
            );
            let label = &missing[0].labels[0];
            assert_eq!(label.side, side.other());
            let (other_doc, other_text) = match side {
                Side::En => (&zh, SEED_ZH),
                Side::Zh => (&en, SEED_EN),
            };
            let counterpart = &preamble_lines(other_text, side.other())[k];
            assert_eq!(
                &other_doc.text[label.span.clone()],
                counterpart.as_str(),
                "deletion {}",
                k + 1
            );
            // Nothing else, except that a deleted footnote marker leaves its body unreferenced.
            assert!(
                diags
                    .iter()
                    // (and the seed's own difference, see support::is_seed_finding)
                    .all(|d| [
                        "paragraph-missing",
                        "footnote-unresolved",
                        "ordinal-mismatch"
                    ]
                    .contains(&d.rule.as_str())),
                "deleting {side:?} paragraph {}: {diags:#?}",
                k + 1
            );
        }
    }
}
