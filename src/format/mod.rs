//! Formats: how a file's bytes become the blocks the rest of the pipeline reads.
//!
//! Plain text is read as it always was, one paragraph a line ([`crate::structure::analyse`]).
//! Every other format has one module here that reads its file and returns the same thing: its
//! [`Block`]s (spans into the original file, each with a kind) and the *compared text*, a copy
//! of the file of the same length in which every byte that is never compared (markup, code,
//! comments, front matter, link targets) is a space. Byte offsets are the same in both, so the
//! checks and the alignment, which read the compared text, stay format-agnostic and every span
//! they report points into the original file.
//!
//! The format is chosen by the file's extension ([`Format::of_path`]); a caller that knows
//! better (a layout that says so) passes its own [`Format`] to [`read`].

pub mod json;
pub mod markdown;
pub mod po;
pub mod text;
pub mod xml;
pub mod yaml;

use std::ops::Range;

use crate::diagnostic::Side;
use crate::document::Document;

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One paragraph a line, as UN extraction tools write it.
    Text,
    /// CommonMark with the usual extensions (tables, footnotes, front matter).
    Markdown,
    /// MDX: Markdown whose `import`/`export` lines and `{…}` expressions are code.
    Mdx,
    /// gettext PO: both languages in one file, a unit a pair.
    Po,
    /// XLIFF 1.2 or 2.0, or TMX: both languages in one file, a unit a pair.
    Xliff,
    /// A JSON locale bundle: string values paired by key path with the other file's.
    Json,
    /// A YAML locale bundle, paired like JSON.
    Yaml,
}

impl Format {
    /// The format a file's extension says (case-insensitive); anything unknown is plain text.
    pub fn of_path(path: &str) -> Format {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "md" | "markdown" | "mdown" | "mkd" | "mkdn" | "commonmark" => Format::Markdown,
            "mdx" => Format::Mdx,
            "po" | "pot" => Format::Po,
            "xlf" | "xliff" | "tmx" => Format::Xliff,
            "json" | "jsonc" => Format::Json,
            "yml" | "yaml" => Format::Yaml,
            _ => Format::Text,
        }
    }

    /// The name used in docs and messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Mdx => "mdx",
            Format::Po => "po",
            Format::Xliff => "xliff",
            Format::Json => "json",
            Format::Yaml => "yaml",
        }
    }

    /// Whether one file holds both versions: it is checked alone (`yizhi check file.po`).
    pub fn is_bilingual(self) -> bool {
        matches!(self, Format::Po | Format::Xliff)
    }

    /// The format of a name as yizhi.toml writes it.
    pub fn from_name(name: &str) -> Option<Format> {
        [
            Format::Text,
            Format::Markdown,
            Format::Mdx,
            Format::Po,
            Format::Xliff,
        ]
        .into_iter()
        .find(|f| f.name().eq_ignore_ascii_case(name))
    }
}

/// What a block is in its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Paragraph,
    Heading,
    ListItem,
    TableRow,
    /// A footnote body, with its label as its number.
    Footnote,
}

/// One block of a formatted file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// From the first to the last compared byte of the block, in the original file.
    pub span: Range<usize>,
    pub kind: Kind,
    /// A footnote's label ("1") and where it is written.
    pub number: Option<(String, Range<usize>)>,
    /// In a keyed format (one unit a pair), the unit's key: blocks of the two versions with
    /// the same key are a pair, and messages name it as a line.
    pub key: Option<usize>,
    /// In a bundle of two files (JSON), the unit's key path: blocks of the two files with the
    /// same name are a pair.
    pub name: Option<String>,
}

/// A file read in its format.
#[derive(Debug, Clone)]
pub struct Formatted {
    /// The file with every byte that is not compared turned into a space (line ends kept
    /// between blocks, turned into spaces inside one): as long as the original.
    pub compared: String,
    /// The blocks; `None`: the compared text has a paragraph on each line, read by the line
    /// reader (plain text reflowed).
    pub blocks: Option<Vec<Block>>,
    /// The suppression comments of the file (`crate::suppress`), for formats that have them.
    pub directives: Vec<crate::suppress::Directive>,
}

/// Reads side `side` of a document in `format`; `None` for plain text with a paragraph on
/// each line, which the line reader reads as it stands. Only a bilingual format reads each
/// side differently.
pub fn read(doc: &Document, format: Format, side: Side) -> Option<Formatted> {
    match format {
        Format::Text => text::reflow(&doc.text).map(|compared| Formatted {
            compared,
            blocks: None,
            directives: Vec::new(),
        }),
        Format::Markdown => Some(markdown::read(&doc.text, false)),
        Format::Mdx => Some(markdown::read(&doc.text, true)),
        Format::Po => Some(po::read(&doc.text, side)),
        // A broken file reads as no units here; `check_syntax` refuses it before a check.
        Format::Yaml => Some(yaml::read(&doc.text).unwrap_or_else(|_| Formatted {
            compared: " ".repeat(doc.text.len()),
            blocks: Some(Vec::new()),
            directives: Vec::new(),
        })),
        Format::Json => Some(json::read(&doc.text).unwrap_or_else(|_| Formatted {
            compared: " ".repeat(doc.text.len()),
            blocks: Some(Vec::new()),
            directives: Vec::new(),
        })),
        Format::Xliff => Some(xml::read(&doc.text, side).unwrap_or_else(|_| Formatted {
            compared: " ".repeat(doc.text.len()),
            blocks: Some(Vec::new()),
            directives: Vec::new(),
        })),
    }
}

/// Whether a document is well-formed in its format: `Err((offset, message))` when it is not.
pub fn check_syntax(doc: &Document) -> Result<(), (usize, String)> {
    match Format::of_path(&doc.path) {
        Format::Xliff => xml::read(&doc.text, Side::En).map(|_| ()),
        Format::Json => json::read(&doc.text).map(|_| ()),
        Format::Yaml => yaml::read(&doc.text).map(|_| ()),
        _ => Ok(()),
    }
}

/// The texts the languages of a pair are told from: what is compared, not code, comments or
/// front matter. In a bundle of two files (JSON, YAML), a value both files hold alike under
/// the same name is left out: ids, paths and version strings are never translated, and a
/// sidebar of a hundred of them around ten translated labels is still a Chinese file. When
/// every value is alike, the whole text is judged: a bundle left untranslated is not hidden.
pub fn language_texts<'a>(
    en: &'a Document,
    zh: &'a Document,
) -> (std::borrow::Cow<'a, str>, std::borrow::Cow<'a, str>) {
    let compared =
        |doc: &'a Document, side: Side| -> (std::borrow::Cow<'a, str>, Option<Formatted>) {
            match Format::of_path(&doc.path) {
                Format::Text => ((*doc.text).into(), None),
                format => match read(doc, format, side) {
                    Some(f) => (f.compared.clone().into(), Some(f)),
                    None => ((*doc.text).into(), None),
                },
            }
        };
    let ((en_text, en_read), (zh_text, zh_read)) = (compared(en, Side::En), compared(zh, Side::Zh));
    let named = |text: &str, read: &Option<Formatted>| -> Option<Vec<(String, String)>> {
        let blocks = read.as_ref()?.blocks.as_ref()?;
        blocks
            .iter()
            .map(|b| Some((b.name.clone()?, text[b.span.clone()].to_owned())))
            .collect()
    };
    let (Some(en_values), Some(zh_values)) = (named(&en_text, &en_read), named(&zh_text, &zh_read))
    else {
        return (en_text, zh_text);
    };
    let en_by_name: std::collections::HashMap<&str, &str> = en_values
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let alike: std::collections::HashSet<&str> = zh_values
        .iter()
        .filter(|(n, t)| en_by_name.get(n.as_str()) == Some(&t.as_str()))
        .map(|(n, _)| n.as_str())
        .collect();
    if alike.len() == zh_values.len() && alike.len() == en_values.len() {
        return (en_text, zh_text);
    }
    let differing = |values: &[(String, String)]| -> String {
        values
            .iter()
            .filter(|(n, _)| !alike.contains(n.as_str()))
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    (differing(&en_values).into(), differing(&zh_values).into())
}

/// For bundles paired by key path: the ordinal of each block of both sides, equal for blocks
/// paired (by name, or as a value both hold alike). A block's ordinal is the line it stands on in the English file, or, for
/// a name the English lacks, in the Chinese one (moved past the English lines if taken), so
/// that messages name a line of the file.
pub fn ordinals_by_name(
    en: &Document,
    en_blocks: &[Block],
    zh: &Document,
    zh_blocks: &[Block],
) -> (Vec<usize>, Vec<usize>) {
    let mut taken = std::collections::HashSet::new();
    let unique = |mut n: usize, taken: &mut std::collections::HashSet<usize>| {
        while !taken.insert(n) {
            n += 1;
        }
        n
    };
    let en_ordinals: Vec<usize> = en_blocks
        .iter()
        .map(|b| unique(en.position(b.span.start).line, &mut taken))
        .collect();
    // Names first where the values agree; then a value both files hold alike pairs with its
    // twin wherever it stands (an id in a list the other file orders or groups differently);
    // then the remaining names (a translated value); what is left has no partner.
    let en_text = |i: usize| &en.text[en_blocks[i].span.clone()];
    let zh_text = |j: usize| &zh.text[zh_blocks[j].span.clone()];
    let en_index: std::collections::HashMap<&String, usize> = en_blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| Some((b.name.as_ref()?, i)))
        .collect();
    let by_name = |j: usize| {
        zh_blocks[j]
            .name
            .as_ref()
            .and_then(|n| en_index.get(n))
            .copied()
    };
    let mut en_used = vec![false; en_blocks.len()];
    let mut zh_partner: Vec<Option<usize>> = vec![None; zh_blocks.len()];
    for (j, partner) in zh_partner.iter_mut().enumerate() {
        if let Some(i) = by_name(j).filter(|&i| !en_used[i] && en_text(i) == zh_text(j)) {
            en_used[i] = true;
            *partner = Some(i);
        }
    }
    let mut en_alone: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for i in (0..en_blocks.len()).rev().filter(|&i| !en_used[i]) {
        en_alone.entry(en_text(i)).or_default().push(i);
    }
    for (j, partner) in zh_partner.iter_mut().enumerate() {
        if partner.is_none()
            && let Some(i) = en_alone.get_mut(zh_text(j)).and_then(Vec::pop)
        {
            en_used[i] = true;
            *partner = Some(i);
        }
    }
    for (j, partner) in zh_partner.iter_mut().enumerate() {
        if partner.is_none()
            && let Some(i) = by_name(j).filter(|&i| !en_used[i])
        {
            en_used[i] = true;
            *partner = Some(i);
        }
    }
    let zh_ordinals = zh_blocks
        .iter()
        .zip(zh_partner)
        .map(|(b, partner)| match partner {
            Some(i) => en_ordinals[i],
            None => unique(zh.position(b.span.start).line, &mut taken),
        })
        .collect();
    (en_ordinals, zh_ordinals)
}

/// A masked copy of `text` under construction: starts all spaces (line ends kept), and the
/// compared ranges are copied in.
pub(crate) struct Mask {
    bytes: Vec<u8>,
}

impl Mask {
    pub(crate) fn new(text: &str) -> Self {
        let bytes = text
            .bytes()
            .map(|b| if b == b'\n' { b'\n' } else { b' ' })
            .collect();
        Mask { bytes }
    }

    /// Copies `range` of `text` in. The range must lie on character boundaries.
    pub(crate) fn keep(&mut self, text: &str, range: Range<usize>) {
        self.bytes[range.clone()].copy_from_slice(&text.as_bytes()[range]);
    }

    /// Writes an ASCII byte at `at` (where the original has an ASCII byte too).
    pub(crate) fn set(&mut self, at: usize, b: u8) {
        self.bytes[at] = b;
    }

    /// The part of `range` from its first to its last byte that is not white space, if any.
    pub(crate) fn shown(&self, range: Range<usize>) -> Option<Range<usize>> {
        let bytes = &self.bytes[range.clone()];
        let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
        let end = bytes.iter().rposition(|b| !b.is_ascii_whitespace())? + 1;
        Some(range.start + start..range.start + end)
    }

    /// Turns the line ends inside `range` into spaces: a block reads as one line.
    pub(crate) fn join_lines(&mut self, range: Range<usize>) {
        for b in &mut self.bytes[range] {
            if *b == b'\n' || *b == b'\r' {
                *b = b' ';
            }
        }
    }

    pub(crate) fn finish(self) -> String {
        // Only whole characters were copied in and only ASCII written: still UTF-8.
        String::from_utf8(self.bytes).unwrap_or_default()
    }
}
