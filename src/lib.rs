//! yizhi (一致): checks that the English and Chinese versions of a document agree where a
//! translation must never differ — dates, document symbols, numbers, paragraphs, footnotes.
//!
//! The pipeline runs one way: [`document`] → [`structure`] → [`extract`] → [`align`] →
//! [`check`] → [`diagnostic`]s, which [`report`] renders. The engine never prints.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod align;
pub mod atomic;
pub mod check;
pub mod diagnostic;
pub mod document;
pub mod error;
pub mod extract;
pub mod fold;
pub mod input;
pub mod inspect;
pub mod language;
pub mod normalize;
pub mod report;
pub mod rules;
pub mod structure;
pub mod value;

use diagnostic::{Diagnostic, Side};
use document::Document;
use rules::RuleSet;

/// Everything the pipeline learnt about a pair, for callers that want more than diagnostics.
pub struct Analysis {
    pub en: structure::Structure,
    pub zh: structure::Structure,
    pub en_items: extract::Extraction,
    pub zh_items: extract::Extraction,
    pub alignment: align::Alignment,
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks one English/Chinese pair and returns its diagnostics in their documented order.
pub fn check_pair(en: &Document, zh: &Document, rules: &RuleSet) -> Vec<Diagnostic> {
    analyse(en, zh, rules).diagnostics
}

/// Checks one pair like [`check_pair`], but refuses a document that holds more values than
/// the engine reads ([`extract::MAX_VALUES`]) instead of checking only the part before the
/// limit. What the CLI uses.
pub fn try_check_pair(
    en: &Document,
    zh: &Document,
    rules: &RuleSet,
) -> Result<Vec<Diagnostic>, error::InputError> {
    let analysis = analyse(en, zh, rules);
    for (doc, items) in [(en, &analysis.en_items), (zh, &analysis.zh_items)] {
        if let Some(offset) = items.overflow {
            return Err(error::InputError::TooManyValues {
                path: doc.path.clone(),
                limit: extract::MAX_VALUES,
                line: doc.position(offset).line,
            });
        }
    }
    Ok(analysis.diagnostics)
}

/// Runs the whole pipeline on one pair.
pub fn analyse(en: &Document, zh: &Document, rules: &RuleSet) -> Analysis {
    let en_structure = structure::analyse(en, Side::En, &rules.structure);
    let zh_structure = structure::analyse(zh, Side::Zh, &rules.structure);
    let en_items = extract::extract(en, &en_structure, rules, Side::En);
    let zh_items = extract::extract(zh, &zh_structure, rules, Side::Zh);
    let en_side = align::SideInput {
        doc: en,
        structure: &en_structure,
        extraction: &en_items,
    };
    let zh_side = align::SideInput {
        doc: zh,
        structure: &zh_structure,
        extraction: &zh_items,
    };
    let alignment = align::align(&en_side, &zh_side, &rules.structure.openers);
    let ctx = check::Context {
        en: check::Version {
            doc: en,
            structure: &en_structure,
            extraction: &en_items,
        },
        zh: check::Version {
            doc: zh,
            structure: &zh_structure,
            extraction: &zh_items,
        },
        alignment: &alignment,
        rules,
    };
    let mut diagnostics = check::run(&ctx);
    diagnostic::sort(&mut diagnostics);
    Analysis {
        en: en_structure,
        zh: zh_structure,
        en_items,
        zh_items,
        alignment,
        diagnostics,
    }
}
