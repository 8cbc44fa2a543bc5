//! Which language a document is written in, told by its script: the share of Han characters
//! among its letters. Used to refuse a pair given the wrong way round (issue #5). Knows nothing
//! of rules or structure.
//!
//! Real documents are far apart: an English UN document has no Han character, a Chinese one
//! has 99 % Han among its letters (the rest are document symbols and names). A side is only
//! judged when it has enough letters; a short or mixed text is [`Script::Undecided`] and is
//! never refused.

/// Fewer letters than this (Han characters and Latin letters together) are too little to tell.
pub const MIN_LETTERS: usize = 50;
/// At least this share of Han characters among the letters: the text looks Chinese.
pub const CHINESE_SHARE: f64 = 0.3;
/// At most this share of Han characters among the letters: the text looks English.
pub const ENGLISH_SHARE: f64 = 0.05;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    English,
    Chinese,
    /// Too little text, or too mixed, to tell.
    Undecided,
}

impl Script {
    pub fn name(self) -> &'static str {
        match self {
            Script::English => "English",
            Script::Chinese => "Chinese",
            Script::Undecided => "undecided",
        }
    }
}

/// Letters of each script in a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Profile {
    pub han: usize,
    pub latin: usize,
}

impl Profile {
    pub fn of(text: &str) -> Self {
        let mut p = Profile::default();
        for_each_piece(text, |piece| match piece {
            Piece::Ascii(run) => p.latin += run.iter().filter(|b| b.is_ascii_alphabetic()).count(),
            Piece::Other(c) if is_han(c) => p.han += 1,
            Piece::Other(c) => {
                p.latin += usize::from(matches!(c, 'À'..='ɏ') && c.is_alphabetic());
            }
        });
        p
    }

    pub fn script(self) -> Script {
        let letters = self.han + self.latin;
        if letters < MIN_LETTERS {
            return Script::Undecided;
        }
        let share = self.han as f64 / letters as f64;
        if share >= CHINESE_SHARE {
            Script::Chinese
        } else if share <= ENGLISH_SHARE {
            Script::English
        } else {
            Script::Undecided
        }
    }
}

/// A run of ASCII bytes, or one other character.
pub enum Piece<'a> {
    Ascii(&'a [u8]),
    Other(char),
}

/// Calls `f` with each run of ASCII and each other character of `text`, in order: what counts
/// characters decodes only those that are not ASCII.
pub fn for_each_piece(text: &str, mut f: impl FnMut(Piece)) {
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        f(Piece::Ascii(&rest.as_bytes()[..ascii]));
        let mut chars = rest[ascii..].chars();
        let Some(c) = chars.next() else {
            break;
        };
        f(Piece::Other(c));
        rest = chars.as_str();
    }
}

/// The script a text looks written in.
pub fn detect(text: &str) -> Script {
    Profile::of(text).script()
}

/// Which characters a Chinese text is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HanScript {
    Simplified,
    Traditional,
    /// Both, neither far ahead (a Simplified text quoting Traditional names, or the reverse).
    Mixed,
    /// No character that tells them apart.
    Undecided,
}

impl HanScript {
    pub fn name(self) -> &'static str {
        match self {
            HanScript::Simplified => "Simplified",
            HanScript::Traditional => "Traditional",
            HanScript::Mixed => "mixed Simplified and Traditional",
            HanScript::Undecided => "undecided",
        }
    }
}

/// Tells Simplified from Traditional Chinese by the characters only one of them writes: the
/// Traditional characters of the fold's table (國, 會, 條) against their Simplified forms (国,
/// 会, 条). A Traditional text also writes a few of those forms as they are (台, 回, 才), a
/// Simplified one none of the Traditional characters, hence the uneven shares.
pub fn han_script(text: &str) -> HanScript {
    let (mut traditional, mut simplified) = (0usize, 0usize);
    for_each_piece(text, |piece| {
        if let Piece::Other(c) = piece {
            traditional += usize::from(crate::fold::is_traditional(c));
            simplified += usize::from(crate::fold::is_simplified_form(c));
        }
    });
    if traditional + simplified == 0 {
        HanScript::Undecided
    } else if traditional >= simplified {
        HanScript::Traditional
    } else if simplified >= 10 * traditional {
        HanScript::Simplified
    } else {
        HanScript::Mixed
    }
}

/// CJK unified ideographs, their extensions and compatibility forms.
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str = include_str!("../examples/A-RES-71-14/en.txt");
    const ZH: &str = include_str!("../examples/A-RES-71-14/zh.txt");

    proptest::proptest! {
        /// Counted by runs, the letters are those of the per-character definition.
        #[test]
        fn the_profile_counts_each_character(text in "[a-zA-Z0-9 ,é中文㐀𠀀ɏȀ\u{4dc0}。]{0,40}") {
            let han = text.chars().filter(|&c| is_han(c)).count();
            let latin = text
                .chars()
                .filter(|&c| c.is_ascii_alphabetic() || matches!(c, 'À'..='ɏ') && c.is_alphabetic())
                .count();
            let p = Profile::of(&text);
            proptest::prop_assert_eq!((p.han, p.latin), (han, latin));
        }
    }

    #[test]
    fn the_seed_pair_is_told_apart() {
        assert_eq!(detect(EN), Script::English);
        assert_eq!(detect(ZH), Script::Chinese);
    }

    #[test]
    fn simplified_and_traditional_are_told_apart() {
        assert_eq!(han_script(ZH), HanScript::Simplified);
        let traditional: String = ZH
            .chars()
            .map(|c| match c {
                '国' => '國',
                '会' => '會',
                '议' => '議',
                '们' => '們',
                '员' => '員',
                '决' => '決',
                '联' => '聯',
                '发' => '發',
                '这' => '這',
                '为' => '為',
                '对' => '對',
                '关' => '關',
                '于' => '於',
                '与' => '與',
                '进' => '進',
                '动' => '動',
                c => c,
            })
            .collect();
        assert_eq!(han_script(&traditional), HanScript::Mixed);
        assert_eq!(
            han_script("中華民國一百十二年十二月二十八日總統令修正公布第九十條之七。台灣"),
            HanScript::Traditional
        );
        assert_eq!(han_script(EN), HanScript::Undecided);
        assert_eq!(han_script(""), HanScript::Undecided);
    }

    #[test]
    fn short_texts_are_undecided() {
        assert_eq!(detect("见附件二。"), Script::Undecided);
        assert_eq!(detect("See annex II."), Script::Undecided);
        assert_eq!(detect(""), Script::Undecided);
        assert_eq!(detect("12345 ,.;: 67890 \n\n"), Script::Undecided);
    }

    #[test]
    fn chinese_with_names_and_symbols_is_chinese() {
        let zh = "经例行协商，谨通知你，我拟任命Michael Lollesgaard少将(丹麦)担任马里稳定团部队指挥官。\
                  Jack Holland先生（澳大利亚）、Ingrid Hauzenberger女士（奥地利）";
        assert_eq!(detect(zh), Script::Chinese);
    }

    #[test]
    fn english_quoting_a_chinese_name_is_english() {
        let en = format!("{} (上海合作组织)", &EN[..2000]);
        assert_eq!(detect(&en), Script::English);
    }

    #[test]
    fn evenly_mixed_text_is_undecided() {
        let mixed = "abcdefghij".repeat(8) + &"合".repeat(20);
        assert_eq!(detect(&mixed), Script::Undecided);
    }
}
