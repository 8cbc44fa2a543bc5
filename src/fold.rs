//! A targeted character fold, with a map back to the original offsets.
//!
//! Rules match on folded text so that one pattern covers "２０１６" and "2016", "（a）" and "(a)",
//! a no-break space and a space. The fold is deliberately narrow (see
//! docs/normalization.md): NFKC would also turn the footnote markers ¹ ² into plain digits and
//! "，" into ",", which changes meaning. Spans found in folded text are mapped back through
//! [`Folded::to_original`], so diagnostics always point into the bytes of the file.

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
        // Full-width ASCII forms: digits, Latin letters, ( ) % / . , : - and the rest.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21),
        // Ideographic, no-break and every other non-ASCII space (see `rules/narrow.rs`).
        c if c.is_whitespace() && !c.is_ascii() => Some(' '),
        // Hyphens and the en dash of year spans ("2016–2018").
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{FE63}' => Some('-'),
        _ => None,
    }
}

impl<'a> Folded<'a> {
    pub fn new(text: &'a str) -> Self {
        let Some(first) = text.char_indices().find(|&(_, c)| fold_char(c).is_some()) else {
            return Folded {
                text: Cow::Borrowed(text),
                checkpoints: Vec::new(),
            };
        };
        let mut out = String::with_capacity(text.len());
        out.push_str(&text[..first.0]);
        let mut checkpoints = Vec::new();
        for (i, c) in text[first.0..].char_indices() {
            match fold_char(c) {
                Some(f) => {
                    out.push(f);
                    if f.len_utf8() != c.len_utf8() {
                        checkpoints.push((out.len(), first.0 + i + c.len_utf8()));
                    }
                }
                None => out.push(c),
            }
        }
        Folded {
            text: Cow::Owned(out),
            checkpoints,
        }
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
    fn keeps_superscripts_and_cjk_punctuation() {
        let f = Folded::new("条约》。¹ 成果²、");
        assert_eq!(f.text, "条约》。¹ 成果²、");
        assert!(matches!(f.text, Cow::Borrowed(_)));
    }
}
