//! A targeted character fold, with a map back to the original offsets.
//!
//! Rules match on folded text so that one pattern covers "２０１６" and "2016", "（a）" and "(a)",
//! a no-break space and a space. The fold is deliberately narrow (see docs/rule-format.md,
//! *Patterns*): NFKC would also turn the footnote markers ¹ ² into plain digits and
//! "，" into ",", which changes meaning. Spans found in folded text are mapped back through
//! [`Folded::to_original`], so diagnostics always point into the bytes of the file.
//!
//! Traditional Chinese folds onto Simplified: each character that OpenCC's table
//! (data/opencc/TSCharacters.txt) never keeps as it is becomes its Simplified form, so
//! "第307條" reads as "第307条" and every rule written for Simplified reads Taiwan and Hong Kong
//! text too. Characters OpenCC keeps in some words (於, 著, 乾) stay as they are (see
//! docs/traditional-chinese.md).

use std::borrow::Cow;

/// Text after folding, and where its offsets come from.
pub struct Folded<'a> {
    pub text: Cow<'a, str>,
    /// (folded offset, original offset) after each folded character whose length changed.
    checkpoints: Vec<(usize, usize)>,
}

/// The fold of one character, or `None` when it stays as it is.
pub fn fold_char(c: char) -> Option<char> {
    match c {
        // Traditional Chinese characters: none is below U+3400, and none is a space. Tested
        // first, as Chinese text is mostly these.
        '\u{3400}'..='\u{9FFF}' => simplified(c),
        // Full-width ASCII forms: digits, Latin letters, ( ) % / . , : - and the rest.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21),
        // Ideographic, no-break and every other non-ASCII space.
        c if c.is_whitespace() && !c.is_ascii() => Some(' '),
        // Hyphens and the en dash of year spans ("2016–2018").
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{FE63}' => Some('-'),
        _ => None,
    }
}

include!("fold_traditional.rs");

/// One bit per character of U+3400–U+9FFF: whether [`TRADITIONAL`] has it. Simplified text,
/// whose characters are almost never in the table, is folded at the cost of this lookup.
static IS_TRADITIONAL: [u64; 432] = traditional_bits(&TRADITIONAL);

const fn traditional_bits(table: &[(char, char)]) -> [u64; 432] {
    let mut bits = [0u64; 432];
    let mut i = 0;
    while i < table.len() {
        let c = table[i].0 as u32;
        if c >= 0x3400 && c <= 0x9FFF {
            let k = (c - 0x3400) as usize;
            bits[k / 64] |= 1 << (k % 64);
        }
        i += 1;
    }
    bits
}

/// Whether the table has a code point of U+3400–U+9FFF (and false for any other).
fn traditional_bit(cp: u32) -> bool {
    let Some(k) = cp.checked_sub(0x3400) else {
        return false;
    };
    let k = k as usize;
    IS_TRADITIONAL
        .get(k / 64)
        .is_some_and(|bits| bits & (1 << (k % 64)) != 0)
}

/// The Simplified form of a Traditional character that has one.
fn simplified(c: char) -> Option<char> {
    if !traditional_bit(c as u32) {
        return None;
    }
    TRADITIONAL
        .binary_search_by_key(&c, |&(t, _)| t)
        .ok()
        .map(|i| TRADITIONAL[i].1)
}

/// Whether a text holds a Traditional character that has a Simplified form.
pub fn has_traditional(text: &str) -> bool {
    text.chars().any(is_traditional)
}

/// Whether a character is the Simplified form of a Traditional one in the table (发 of 發):
/// what tells a Simplified text from a Traditional one, with [`has_traditional`]'s characters.
pub fn is_simplified_form(c: char) -> bool {
    static FORMS: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    let forms = FORMS.get_or_init(|| {
        let mut v: Vec<char> = TRADITIONAL
            .iter()
            .map(|&(_, s)| s)
            .filter(|&s| simplified(s).is_none())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    });
    forms.binary_search(&c).is_ok()
}

/// Whether a character is a Traditional one the fold maps onto its Simplified form.
pub fn is_traditional(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}') && simplified(c).is_some()
}

/// Whether a byte may open a character that folds: each one is a non-ASCII character that
/// opens with one of these (U+0085 and U+00A0; U+1680; U+2000–U+205F; U+3000 and the
/// Traditional characters, U+3400–U+9FFF; U+FE63 and the full-width forms). A test checks
/// every character. ASCII text never decodes a character.
fn may_fold(b: u8) -> bool {
    matches!(b, 0xC2 | 0xE1..=0xE9 | 0xEF)
}

/// The first byte of `bytes` that [`may_fold`]; ASCII is passed over eight bytes at a time.
fn next_may_fold(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if word & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        at += 8;
    }
    bytes[at..]
        .iter()
        .position(|&b| may_fold(b))
        .map(|i| at + i)
}

impl<'a> Folded<'a> {
    /// Folds a text, decoding only the characters that may fold: in English text, few.
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut out: Option<String> = None;
        let mut checkpoints = Vec::new();
        let (mut copied, mut at) = (0, 0);
        while let Some(found) = next_may_fold(&bytes[at..]) {
            at += found;
            // A Han character the table lacks, as most of Chinese text is: passed over
            // without decoding it as a `char`.
            if let [b0 @ 0xE3..=0xE9, b1, b2, ..] = bytes[at..] {
                let cp = (u32::from(b0 & 0x0F) << 12)
                    | (u32::from(b1 & 0x3F) << 6)
                    | u32::from(b2 & 0x3F);
                if (0x3400..=0x9FFF).contains(&cp) && !traditional_bit(cp) {
                    at += 3;
                    continue;
                }
            }
            // A byte that opens a character is always at a character boundary.
            let Some(c) = text[at..].chars().next() else {
                break;
            };
            let next = at + c.len_utf8();
            if let Some(f) = fold_char(c) {
                let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
                out.push_str(&text[copied..at]);
                out.push(f);
                if f.len_utf8() != c.len_utf8() {
                    checkpoints.push((out.len(), next));
                }
                copied = next;
            }
            at = next;
        }
        let text = match out {
            Some(mut out) => {
                out.push_str(&text[copied..]);
                Cow::Owned(out)
            }
            None => Cow::Borrowed(text),
        };
        Folded { text, checkpoints }
    }

    /// Maps an offset of the original text to the folded text.
    pub fn to_folded(&self, offset: usize) -> usize {
        let i = self.checkpoints.partition_point(|&(_, o)| o <= offset);
        match i {
            0 => offset,
            _ => {
                let (f, o) = self.checkpoints[i - 1];
                f + (offset - o)
            }
        }
    }

    /// Maps an offset of the folded text to the original text.
    pub fn to_original(&self, offset: usize) -> usize {
        let i = self.checkpoints.partition_point(|&(f, _)| f <= offset);
        match i {
            0 => offset,
            _ => {
                let (f, o) = self.checkpoints[i - 1];
                o + (offset - f)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_and_maps_back() {
        let original = "第２０１６年（a）";
        let f = Folded::new(original);
        assert_eq!(f.text, "第2016年(a)");
        let start = f.text.find("2016").unwrap();
        let (s, e) = (f.to_original(start), f.to_original(start + 4));
        assert_eq!(&original[s..e], "２０１６");
        let paren = f.text.find("(a)").unwrap();
        assert_eq!(
            &original[f.to_original(paren)..f.to_original(paren + 3)],
            "（a）"
        );
    }

    #[test]
    fn every_character_that_folds_opens_with_a_byte_that_may() {
        let folding = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| fold_char(c).is_some());
        let mut count = 0;
        for c in folding {
            let mut buf = [0; 4];
            assert!(may_fold(c.encode_utf8(&mut buf).as_bytes()[0]), "{c:?}");
            count += 1;
        }
        assert!(count > 100, "{count}");
    }

    proptest::proptest! {
        /// The fold is the character-by-character one, and maps every character back.
        #[test]
        fn folds_each_character_and_maps_each_back(
            text in "[a-z0-9 ２０（）條號\u{3000}\u{a0}\u{2013}\u{2028}第年。、¹\u{ff0c}\u{fe63}]{0,24}"
        ) {
            let folded = Folded::new(&text);
            let expected: String = text.chars().map(|c| fold_char(c).unwrap_or(c)).collect();
            proptest::prop_assert_eq!(&*folded.text, expected.as_str());
            let (mut o, mut f) = (0, 0);
            for c in text.chars() {
                proptest::prop_assert_eq!(folded.to_original(f), o);
                proptest::prop_assert_eq!(folded.to_folded(o), f);
                o += c.len_utf8();
                f += fold_char(c).unwrap_or(c).len_utf8();
            }
            proptest::prop_assert_eq!(folded.to_original(f), o);
        }
    }

    #[test]
    fn traditional_folds_onto_simplified_and_maps_back() {
        let original = "第九十條之七，中華民國一百十二年；第59/48號決議";
        let f = Folded::new(original);
        assert_eq!(f.text, "第九十条之七,中华民国一百十二年;第59/48号决议");
        let at = f.text.find("号决议").unwrap();
        let end = at + "号决议".len();
        assert_eq!(&original[f.to_original(at)..f.to_original(end)], "號決議");
        // Characters OpenCC keeps in some words stay.
        assert_eq!(Folded::new("於著乾").text, "於著乾");
        assert!(has_traditional("第3條"));
        assert!(!has_traditional("第3条 Article 3"));
    }

    /// The generated table is the one OpenCC's data gives (scripts/traditional_table.py):
    /// each single character not among its own values, onto its first value, both in the
    /// Basic Multilingual Plane.
    #[test]
    fn the_table_is_the_one_opencc_gives() {
        let data = include_str!("../data/opencc/TSCharacters.txt");
        let mut expected = Vec::new();
        for line in data
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let (key, values) = line.split_once('\t').expect("key and values");
            let values: Vec<&str> = values.split(' ').collect();
            let mut key_chars = key.chars();
            let (Some(k), None) = (key_chars.next(), key_chars.next()) else {
                continue;
            };
            if values.contains(&key) {
                continue;
            }
            let mut first = values[0].chars();
            let (Some(v), None) = (first.next(), first.next()) else {
                continue;
            };
            if k as u32 > 0xFFFF || v as u32 > 0xFFFF {
                continue;
            }
            expected.push((k, v));
        }
        expected.sort();
        assert_eq!(TRADITIONAL.as_slice(), expected.as_slice());
        assert!(TRADITIONAL.len() > 2500);
        // The bitmap of the fast path says what the table says.
        for cp in 0x3300..=0xA0FF {
            let in_table = char::from_u32(cp)
                .is_some_and(|c| TRADITIONAL.binary_search_by_key(&c, |&(t, _)| t).is_ok());
            assert_eq!(traditional_bit(cp), in_table, "{cp:X}");
        }
        for &(t, s) in &TRADITIONAL {
            assert_eq!(fold_char(t), Some(s), "{t}");
            assert_eq!(t.len_utf8(), s.len_utf8(), "{t}");
        }
    }

    #[test]
    fn keeps_superscripts_and_cjk_punctuation() {
        let f = Folded::new("条约》。¹ 成果²、");
        assert_eq!(f.text, "条约》。¹ 成果²、");
        assert!(matches!(f.text, Cow::Borrowed(_)));
    }
}
