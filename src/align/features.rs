//! What the aligner knows of a paragraph ([`Features`]): its length in letters (dates,
//! symbols and digits left out), the dates, symbols, markers and Latin names it holds
//! (anchors and names, as sorted hashes), its opener words, its number, how it ends and its
//! parentheses.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use super::SideInput;
use crate::diagnostic::Side;
use crate::language::{Piece, for_each_piece};
use crate::rules::Opener;
use crate::structure::BlockKind;

/// What the aligner knows of one paragraph.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// Characters of text other than values, digits and white space.
    pub(super) len: f64,
    /// Hashes of the (rule, value) of each item, sorted.
    pub(super) anchors: Vec<u64>,
    /// Openers this paragraph starts with (English: the longest; Chinese: every opener whose
    /// translation the paragraph starts with).
    pub(super) openers: Vec<usize>,
    pub(super) number: Option<String>,
    /// Hashes of acronyms and other upper-case Latin names ("UNSMIL", "UF6", "DLDD"), which
    /// Chinese text often keeps as they are, and of identifiers of code ("page_size").
    pub(super) names: Vec<u64>,
    /// How the paragraph ends, and its parentheses: translations keep both, and they tell a
    /// heading from a sentence, and one sentence from the next, where lengths do not.
    pub(super) end: End,
    pub(super) parens: u16,
}

/// The punctuation a paragraph ends with, either language's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum End {
    /// A full stop, question or exclamation mark.
    Stop,
    Colon,
    Semicolon,
    Comma,
    /// None: a heading, a title, a name.
    #[default]
    Bare,
}

impl End {
    fn of(text: &str) -> End {
        // Closing quotes and brackets, and footnote markers, come after the punctuation.
        let text = text.trim_end_matches(|c: char| {
            c.is_whitespace() || "\"”’'»)）」』]".contains(c) || "⁰¹²³⁴⁵⁶⁷⁸⁹".contains(c)
        });
        let unmarked = text.trim_end_matches(|c: char| c.is_ascii_digit());
        let text = if unmarked.ends_with(['.', ',', ';', ':']) {
            unmarked
        } else {
            text
        };
        match text.chars().next_back() {
            Some('.' | '。' | '!' | '！' | '?' | '？' | '…') => End::Stop,
            Some(':' | '：') => End::Colon,
            Some(';' | '；') => End::Semicolon,
            Some(',' | '，' | '、') => End::Comma,
            _ => End::Bare,
        }
    }
}

pub fn features(
    side: &SideInput,
    blocks: &[usize],
    lang: Side,
    openers: &[Opener],
) -> Vec<Features> {
    let mut parent: Option<String> = None;
    blocks
        .iter()
        .map(|&b| {
            let block = &side.structure.blocks[b];
            let text = &side.doc.text[block.span.clone()];
            let items = side.extraction.in_block(b);
            let read = || items.iter().filter(|i| !i.resolved);
            let in_item: usize = read()
                .map(|i| letters(&side.doc.text[i.span.clone()]))
                .sum();
            let scan = Scan::of(text);
            let mut anchors: Vec<u64> = read().map(|i| hash_of((i.rule, &i.value))).collect();
            anchors.sort_unstable();
            let number = match block.kind {
                BlockKind::Numbered => {
                    parent = block.number.as_ref().map(|(n, _)| n.clone());
                    parent.clone()
                }
                BlockKind::SubParagraph => block
                    .number
                    .as_ref()
                    .map(|(n, _)| format!("{}({n})", parent.as_deref().unwrap_or(""))),
                _ => None,
            };
            let body_start = block
                .number
                .as_ref()
                .map_or(block.span.start, |(_, s)| s.end);
            let body = side.doc.text[body_start..block.span.end]
                .trim_start_matches(|c: char| c.is_whitespace() || ".、)）".contains(c));
            Features {
                end: End::of(text),
                parens: scan.parens as u16,
                len: length(&scan, in_item, lang),
                names: scan.names,
                anchors,
                openers: opener_of(body, lang, openers),
                number,
            }
        })
        .collect()
}

/// English letters per Chinese character, as in the usual fallback of [`length_ratio`].
pub(super) const LETTERS_PER_HAN: f64 = 3.5;

/// A paragraph's length for the alignment: its letters, less those of its values. Latin text
/// in a Chinese paragraph (names, code, addresses) mostly stands as it is in the English: it
/// counts as the Chinese characters it would take, so that text both versions hold alike
/// weighs the same on both sides.
pub(super) fn length(scan: &Scan, in_item: usize, lang: Side) -> f64 {
    let letters = scan.letters.saturating_sub(in_item) as f64;
    match lang {
        Side::En => letters,
        Side::Zh => {
            let latin = (scan.latin as f64).min(letters);
            letters - latin + latin / LETTERS_PER_HAN
        }
    }
}

/// The alphabetic characters of a text.
pub(super) fn letters(text: &str) -> usize {
    Scan::read(text, false).letters
}

/// `char::is_alphabetic`, without its table lookup for the common Chinese characters: every
/// CJK Unified Ideograph of the basic block is alphabetic (a test checks it).
pub(super) fn is_letter(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || c.is_alphabetic()
}

/// A value as the 64-bit key paragraphs are compared by.
pub(super) fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// What one pass over a paragraph counts. Runs of ASCII are read as bytes, and only they
/// hold names.
#[derive(Default)]
pub(super) struct Scan {
    pub(super) letters: usize,
    /// Of the letters, the ASCII ones.
    pub(super) latin: usize,
    pub(super) parens: usize,
    /// Latin tokens with at least two capitals ("UNSMIL", "UF6", "CIC"), and identifiers with
    /// an underscore ("page_size"), hashed and sorted. Every character that is not an ASCII
    /// letter or digit (or, in an identifier, an underscore) separates tokens.
    pub(super) names: Vec<u64>,
}

impl Scan {
    /// Letters, parentheses and names.
    pub(super) fn of(text: &str) -> Scan {
        Scan::read(text, true)
    }

    /// Letters and parentheses, and names if asked.
    fn read(text: &str, names: bool) -> Scan {
        let mut scan = Scan::default();
        for_each_piece(text, |piece| match piece {
            Piece::Ascii(run) => scan.ascii(run, names),
            Piece::Other(c) => {
                scan.letters += usize::from(is_letter(c));
                scan.parens += usize::from(c == '（');
            }
        });
        scan.names.sort_unstable();
        scan.names.dedup();
        scan
    }

    fn ascii(&mut self, run: &[u8], names: bool) {
        // Counted without branches, which the compiler turns into vector code; then only the
        // capitals that open a token are looked at.
        let latin = run.iter().filter(|b| b.is_ascii_alphabetic()).count();
        self.letters += latin;
        self.latin += latin;
        self.parens += run.iter().filter(|&&b| b == b'(').count();
        if !names {
            return;
        }
        // The words (letters, digits and underscores): each part between underscores that
        // opens with a capital and holds two is a name; a word whose parts are joined by
        // underscores ("page_size", "remote_addrs") is an identifier of code, which no
        // translation touches.
        let capital = |part: &[u8]| {
            part.len() >= 2
                && part[0].is_ascii_uppercase()
                && part.iter().filter(|b| b.is_ascii_uppercase()).count() >= 2
        };
        let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        let mut at = 0;
        while at < run.len() {
            if !is_word(run[at]) {
                at += 1;
                continue;
            }
            let start = at;
            let mut underscore = false;
            while let Some(&b) = run.get(at).filter(|&&b| is_word(b)) {
                underscore |= b == b'_';
                at += 1;
            }
            let word = &run[start..at];
            if !underscore {
                if capital(word) {
                    self.names.push(hash_of(word));
                }
                continue;
            }
            let mut parts = word.split(|&b| b == b'_').peekable();
            let mut joined = false;
            while let Some(part) = parts.next() {
                if capital(part) {
                    self.names.push(hash_of(part));
                }
                joined |= !part.is_empty() && parts.peek().is_some_and(|next| !next.is_empty());
            }
            if joined {
                self.names.push(hash_of(word));
            }
        }
    }
}

/// Whether `text` may start with `word`: their first two bytes agree. Rules out most openers
/// without a call to compare them whole.
pub(super) fn may_start_with(text: &str, word: &str) -> bool {
    let (t, w) = (text.as_bytes(), word.as_bytes());
    (0..2).all(|i| w.get(i).is_none_or(|b| t.get(i) == Some(b)))
}

/// The bytes of a Chinese paragraph an opener is looked for in, folded: more than the longest
/// opener (the built-in ones have at most 15 bytes).
pub(super) const OPENER_HEAD: usize = 96;

pub(super) fn opener_of(body: &str, lang: Side, openers: &[Opener]) -> Vec<usize> {
    match lang {
        Side::En => openers
            .iter()
            .enumerate()
            .filter(|(_, o)| {
                may_start_with(body, &o.en)
                    && body
                        .strip_prefix(o.en.as_str())
                        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphabetic()))
            })
            .max_by_key(|(_, o)| o.en.len())
            .map(|(i, _)| i)
            .into_iter()
            .collect(),
        Side::Zh => {
            // Openers are read in folded text, as patterns are: "又回顧" opens as "又回顾" does.
            let mut end = body.len().min(OPENER_HEAD);
            while !body.is_char_boundary(end) {
                end -= 1;
            }
            let head = crate::fold::Folded::new(&body[..end]);
            let body: &str = &head.text;
            let longest = openers
                .iter()
                .flat_map(|o| o.zh.iter())
                .filter(|z| may_start_with(body, z) && body.starts_with(z.as_str()))
                .max_by_key(|z| z.len());
            match longest {
                None => Vec::new(),
                Some(l) => openers
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| o.zh.iter().any(|z| z == l))
                    .map(|(i, _)| i)
                    .collect(),
            }
        }
    }
}
