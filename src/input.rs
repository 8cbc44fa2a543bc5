//! Reading the pair to check: each file as a [`Document`], then what can only be seen with
//! both in hand — the same file given twice, an empty side, the languages the wrong way round
//! (issue #5). Every refusal is an [`InputError`] naming the file; the CLI exits with code 2.

use std::fs::Metadata;
use std::path::Path;

use crate::document::Document;
use crate::error::InputError;
use crate::language::{self, Script};

/// Reads and validates an English/Chinese pair. Opens both files read-only.
pub fn read_pair(en: &str, zh: &str) -> Result<(Document, Document), InputError> {
    let (en_doc, en_meta) = Document::read_file(en)?;
    let (zh_doc, zh_meta) = Document::read_file(zh)?;
    if same_file((Path::new(en), &en_meta), (Path::new(zh), &zh_meta)) {
        return Err(InputError::SameFile {
            en: en.into(),
            zh: zh.into(),
        });
    }
    validate_pair(&en_doc, &zh_doc)?;
    Ok((en_doc, zh_doc))
}

/// Reads a file that holds both versions (gettext PO): the same document is both sides,
/// each read in its language, and validated as a pair.
pub fn read_bilingual(path: &str) -> Result<(Document, Document), InputError> {
    let doc = Document::read(path)?;
    validate_pair(&doc, &doc)?;
    Ok((doc.clone(), doc))
}

/// A file in a structured format (XLIFF, JSON) must be well-formed: where it breaks.
fn syntax(doc: &Document) -> Result<(), InputError> {
    crate::format::check_syntax(doc).map_err(|(offset, reason)| {
        let at = doc.position(offset);
        InputError::Malformed {
            path: doc.path.clone(),
            format: crate::format::Format::of_path(&doc.path).name(),
            line: at.line,
            column: at.column,
            reason,
        }
    })
}

/// The checks on a pair's contents: neither side empty, each side in its language. A side
/// with too little text to tell its language is accepted.
pub fn validate_pair(en: &Document, zh: &Document) -> Result<(), InputError> {
    for doc in [en, zh] {
        syntax(doc)?;
    }
    for (doc, other) in [(en, zh), (zh, en)] {
        if doc.text.trim().is_empty() {
            return Err(InputError::Empty {
                path: doc.path.clone(),
                other: other.path.clone(),
                blank: !doc.text.is_empty(),
            });
        }
    }
    // Told from the text that is compared: not code, comments or front matter.
    let (en_text, zh_text) = crate::format::language_texts(en, zh);
    let (e, z) = (language::detect(&en_text), language::detect(&zh_text));
    match (e, z) {
        (Script::Chinese, Script::English) => Err(InputError::Swapped {
            en: en.path.clone(),
            zh: zh.path.clone(),
        }),
        (Script::Chinese, _) => Err(InputError::WrongLanguage {
            path: en.path.clone(),
            other: zh.path.clone(),
            expected: "English",
            found: Script::Chinese.name(),
            expected_english: true,
        }),
        (_, Script::English) => Err(InputError::WrongLanguage {
            path: zh.path.clone(),
            other: en.path.clone(),
            expected: "Chinese",
            found: Script::English.name(),
            expected_english: false,
        }),
        _ => Ok(()),
    }
}

/// Whether two files, as read, are one: the same device and inode (hard links and symbolic
/// links included) where the platform tells, otherwise the same canonical path.
#[cfg(unix)]
fn same_file((_, a): (&Path, &Metadata), (_, b): (&Path, &Metadata)) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file((a, _): (&Path, &Metadata), (b, _): (&Path, &Metadata)) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str = include_str!("../examples/A-RES-71-14/en.txt");
    const ZH: &str = include_str!("../examples/A-RES-71-14/zh.txt");

    fn doc(path: &str, text: &str) -> Document {
        Document::from_text(path, text.to_string())
    }

    #[test]
    fn the_seed_pair_passes() {
        validate_pair(&doc("en.txt", EN), &doc("zh.txt", ZH)).unwrap();
    }

    #[test]
    fn swapped_and_wrong_languages() {
        let err = validate_pair(&doc("en.txt", ZH), &doc("zh.txt", EN)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "en.txt looks Chinese and zh.txt looks English: swapped?"
        );
        let err = validate_pair(&doc("en.txt", EN), &doc("zh.txt", EN)).unwrap_err();
        assert_eq!(err.to_string(), "zh.txt looks English, not Chinese");
        let err = validate_pair(&doc("en.txt", ZH), &doc("zh.txt", ZH)).unwrap_err();
        assert_eq!(err.to_string(), "en.txt looks Chinese, not English");
    }

    #[test]
    fn short_sides_are_not_refused() {
        validate_pair(
            &doc("en.txt", "见附件二。"),
            &doc("zh.txt", "See annex II."),
        )
        .unwrap();
    }

    #[test]
    fn empty_sides() {
        let err = validate_pair(&doc("en.txt", EN), &doc("zh.txt", "")).unwrap_err();
        assert_eq!(err.to_string(), "zh.txt is empty");
        let err = validate_pair(&doc("en.txt", " \r\n\t"), &doc("zh.txt", ZH)).unwrap_err();
        assert_eq!(err.to_string(), "en.txt is empty but for white space");
    }
}
