//! yizhi (一致): checks that the English and Chinese versions of a document agree where a
//! translation must never differ — dates, document symbols, numbers, paragraphs, footnotes.
//!
//! The pipeline runs one way: [`document`] → [`structure`] → [`extract`] → [`align`] →
//! [`check`] → [`diagnostic`]s, which [`report`] renders. The engine never prints.
//!
//! Around it, for whole repositories: [`config`] (yizhi.toml) and [`layout`] say how files pair
//! up, [`discover`] finds the pairs, [`run`] checks them in parallel, [`baseline`] and
//! [`fingerprint`] hide the findings a project has accepted. [`lsp`] serves the same checks to
//! editors.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod align;
pub mod atomic;
pub mod baseline;
pub mod bounded;
pub mod check;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod document;
pub mod error;
pub mod escape;
pub mod extract;
pub mod fingerprint;
pub mod fix;
pub mod fold;
pub mod format;
pub mod input;
pub mod inspect;
pub mod language;
pub mod layout;
pub mod lsp;
pub mod normalize;
pub mod pairs;
pub mod report;
pub mod rules;
pub mod run;
pub mod structure;
pub mod suppress;
pub mod toml_error;
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
    /// Every finding of the checks, none silenced yet.
    pub diagnostics: Vec<Diagnostic>,
    /// The suppression comments of the two files ([`suppress::filter`] applies them).
    pub directives: Vec<suppress::Directive>,
}

/// How a pair is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Line N of one file is the translation of line N of the other (sentence-aligned
    /// corpora): lines are paired as they stand instead of being aligned.
    pub line_aligned: bool,
}

/// A pair that was checked: both documents and the findings that point into them. Reports
/// render a list of these, so that one output can span a whole repository.
#[derive(Debug, Clone)]
pub struct CheckedPair {
    pub en: Document,
    pub zh: Document,
    /// The two paths relative to the project root, `/`-separated. Fingerprints hash these
    /// rather than the paths shown, so that they do not depend on the working directory.
    pub key: [String; 2],
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckedPair {
    pub fn doc(&self, side: Side) -> &Document {
        match side {
            Side::En => &self.en,
            Side::Zh => &self.zh,
        }
    }
}

/// Checks one English/Chinese pair and returns its diagnostics in their documented order:
/// those the files' suppression comments leave, and the comments that silence nothing
/// ([`suppress`]). No yizhi.toml is read: a run applies its policy with
/// [`config::Policy::finish`].
pub fn check_pair(en: &Document, zh: &Document, rules: &RuleSet) -> Vec<Diagnostic> {
    commented(analyse(en, zh, rules), rules)
}

/// The findings of an analysis that the files' suppression comments leave, with theirs.
fn commented(analysis: Analysis, rules: &RuleSet) -> Vec<Diagnostic> {
    let (mut kept, unused) = suppress::filter(
        analysis.diagnostics,
        &analysis.directives,
        [&[], &[]],
        rules,
    );
    kept.extend(unused);
    diagnostic::sort(&mut kept);
    kept
}

/// Checks one pair like [`check_pair`], but refuses a document that holds more values than
/// the engine reads ([`extract::MAX_VALUES`]) instead of checking only the part before the
/// limit. What the CLI uses.
pub fn try_check_pair(
    en: &Document,
    zh: &Document,
    rules: &RuleSet,
) -> Result<Vec<Diagnostic>, error::InputError> {
    try_check_pair_with(en, zh, rules, Options::default())
}

/// [`try_check_pair`], read as `options` say.
pub fn try_check_pair_with(
    en: &Document,
    zh: &Document,
    rules: &RuleSet,
    options: Options,
) -> Result<Vec<Diagnostic>, error::InputError> {
    try_analyse_with(en, zh, rules, options).map(|a| commented(a, rules))
}

/// [`analyse_with`], refusing a document that holds more values than the engine reads, as
/// [`try_check_pair`] does.
pub fn try_analyse_with(
    en: &Document,
    zh: &Document,
    rules: &RuleSet,
    options: Options,
) -> Result<Analysis, error::InputError> {
    let analysis = analyse_with(en, zh, rules, options);
    for (doc, items) in [(en, &analysis.en_items), (zh, &analysis.zh_items)] {
        if let Some(offset) = items.overflow {
            return Err(error::InputError::TooManyValues {
                path: doc.path.clone(),
                limit: extract::MAX_VALUES,
                line: doc.position(offset).line,
            });
        }
    }
    Ok(analysis)
}

/// A file read in its format, as the pipeline keeps it: its compared text, blocks and
/// suppression comments (`None`: plain text read as it stands).
type Read = Option<(
    Document,
    Option<Vec<format::Block>>,
    Vec<suppress::Directive>,
)>;

/// Runs the whole pipeline on one pair.
pub fn analyse(en: &Document, zh: &Document, rules: &RuleSet) -> Analysis {
    analyse_with(en, zh, rules, Options::default())
}

/// Runs the whole pipeline on one pair, read as `options` say.
pub fn analyse_with(en: &Document, zh: &Document, rules: &RuleSet, options: Options) -> Analysis {
    // A file in another format than plain text is read by its format module: the rest of the
    // pipeline reads its compared text, which has the original's offsets and lines.
    // A line-aligned file is read as its lines stand: no hard-wrapped text is reflowed.
    let read = |doc: &Document, side: Side| {
        let format = format::Format::of_path(&doc.path);
        if options.line_aligned && format == format::Format::Text {
            return None;
        }
        format::read(doc, format, side).map(|f| {
            let compared = Document::from_text(&doc.path, f.compared);
            (compared, f.blocks, f.directives)
        })
    };
    let (en_read, zh_read) = rayon::join(|| read(en, Side::En), || read(zh, Side::Zh));
    // The identical-text search reads the files as written where a format hides code.
    let searched = |original: &Document, read: &Read| match read {
        Some((compared, _, _))
            if format::Format::of_path(&original.path) != format::Format::Text =>
        {
            Some(check::identical::searched(&original.text, &compared.text))
        }
        _ => None,
    };
    let (en_searched, zh_searched) = (searched(en, &en_read), searched(zh, &zh_read));
    // The suppression comments of each file; a file that holds both versions has them once,
    // for both.
    let bilingual = en.path == zh.path && format::Format::of_path(&en.path).is_bilingual();
    let mut directives = Vec::new();
    for (side, read) in [(Side::En, &en_read), (Side::Zh, &zh_read)] {
        if let Some((_, _, ds)) = read
            && !(bilingual && side == Side::Zh)
        {
            directives.extend(ds.iter().cloned().map(|mut d| {
                d.side = (!bilingual).then_some(side);
                d
            }));
        }
    }
    // The files as written, where their compared texts keep their offsets (as formats do).
    let (en_original, zh_original) = (en, zh);
    let original = [&*en.text, &*zh.text];
    let en = en_read.as_ref().map_or(en, |(d, _, _)| d);
    let zh = zh_read.as_ref().map_or(zh, |(d, _, _)| d);
    let split = |doc: &Document, side: Side, read: &Read| {
        let mut structure = match read {
            Some((_, Some(blocks), _)) => structure::from_format(doc, side, rules, blocks),
            _ => structure::analyse(doc, side, rules),
        };
        if options.line_aligned {
            structure.flatten_to_lines(doc);
        }
        structure
    };
    let (mut en_structure, mut zh_structure) = rayon::join(
        || split(en, Side::En, &en_read),
        || split(zh, Side::Zh, &zh_read),
    );
    // Bundles (JSON) pair their units by key path: as lines, numbered alike when named alike.
    if let (Some((_, Some(eb), _)), Some((_, Some(zb), _))) = (&en_read, &zh_read)
        && eb.iter().chain(zb).any(|b| b.name.is_some())
    {
        let (eo, zo) = format::ordinals_by_name(en, eb, zh, zb);
        for (s, ordinals) in [(&mut en_structure, eo), (&mut zh_structure, zo)] {
            for (b, o) in s.blocks.iter_mut().zip(ordinals) {
                b.zone = structure::Zone::Line;
                b.ordinal = o;
            }
        }
    }
    let (en_items, zh_items) = rayon::join(
        || extract::extract(en, &en_structure, rules, Side::En),
        || extract::extract(zh, &zh_structure, rules, Side::Zh),
    );
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
    // Keyed blocks (one unit a pair) are paired by their keys, as lines are.
    let keyed = |s: &structure::Structure| {
        s.blocks
            .first()
            .is_some_and(|b| b.zone == structure::Zone::Line)
    };
    let alignment = if options.line_aligned || keyed(&en_structure) && keyed(&zh_structure) {
        align::by_lines(&en_side, &zh_side)
    } else {
        align::align(&en_side, &zh_side, &rules.structure.openers)
    };
    let (mut en_items, mut zh_items) = (en_items, zh_items);
    check::identical::set_aside(
        &alignment,
        check::identical::SideText {
            text: en_searched.as_deref().unwrap_or(&en.text),
            structure: &en_structure,
        },
        check::identical::SideText {
            text: zh_searched.as_deref().unwrap_or(&zh.text),
            structure: &zh_structure,
        },
        &mut en_items,
        &mut zh_items,
    );
    fn written<'d>(original: &'d Document, compared: &'d Document) -> &'d str {
        if original.text.len() == compared.text.len() {
            &original.text
        } else {
            &compared.text
        }
    }
    let (en_written, zh_written) = (written(en_original, en), written(zh_original, zh));
    let ctx = check::Context {
        en: check::Version {
            doc: en,
            written: en_written,
            structure: &en_structure,
            extraction: &en_items,
        },
        zh: check::Version {
            doc: zh,
            written: zh_written,
            structure: &zh_structure,
            extraction: &zh_items,
        },
        alignment: &alignment,
        rules,
    };
    let mut diagnostics = check::run(&ctx);
    // A fix is offered only where the file reads as the checks read it.
    fix::keep_exact(&mut diagnostics, original, [&*en.text, &*zh.text]);
    diagnostic::sort(&mut diagnostics);
    Analysis {
        en: en_structure,
        zh: zh_structure,
        en_items,
        zh_items,
        alignment,
        diagnostics,
        directives,
    }
}
