//! Built-in normalisers: named functions that turn a captured string into a canonical value.
//!
//! A rule names them per capture (`normalise = { month = "en-month" }`). Each one returns `None`
//! when the capture is not a valid value of its kind; the match is then dropped rather than
//! compared, so a pattern that over-matches never produces a false alarm on its own.

mod months;
mod numerals;
mod words;

pub use months::MONTHS;
pub use numerals::{parse_roman, parse_zh_decimal, parse_zh_number};
pub use words::parse_en_number;

/// The normalisers a rule file may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Normaliser {
    /// Trim and collapse white space.
    Text,
    /// Arabic digits, with optional thousands separators, to a plain integer.
    Integer,
    /// Arabic digits or Chinese numerals (七十三, 二〇一六, 两千) to a plain integer.
    ZhNumber,
    /// English month name to 1–12.
    EnMonth,
    /// Superscript digits (¹²) to a plain integer.
    Superscript,
    /// Roman numerals (I, iv, XII) to a plain integer.
    Roman,
    /// A document symbol: upper case, no white space ("A/C.3/71/L.1/Rev.1", "2334 (2016)").
    Symbol,
    /// Any way of writing a number: digits with separators and decimals ("16,861", "16 861",
    /// "2.5"), Chinese numerals (七十三), English words and ordinals ("seventy-third", "48th").
    /// The result is an exact decimal ("2.5", "16861").
    Number,
    /// A time of day on the 24-hour clock, hours and minutes ("17时25", "17时25分"), as the
    /// four digits that English writes it with ("1725"; "3时05分" → "305", as "0305" reads).
    Clock,
    /// A year of the Minguo (Republic of China) calendar, in digits or Chinese numerals, as
    /// the Gregorian year: 民国 N 年 is N + 1911 ("112" → "2023", "一百十二" → "2023").
    MinguoYear,
    /// A reference to articles counted from the one it stands in, as a signed count: 前 (the
    /// preceding article) → "-1", 前二 (the two preceding) → "-2", 次 (the next) → "+1".
    /// Extraction resolves a value with such a `relative` field against the article headings
    /// of the document (see `extract::resolve_relative`).
    RelativeArticle,
    /// A number per thousand (千分之三, 1.5‰) as the percentage English writes it ("0.3",
    /// "0.15"): the number read as `number` reads it, divided by ten.
    PerMille,
    /// An article numbered in parts, the Taiwan way with 之 ("九十条之七", "3 条之 1") or with
    /// a hyphen ("66-4"), as English writes it ("90-7", "3-1", "66-4"); a plain number as
    /// `number` reads it.
    Article,
}

/// The Minguo calendar starts in 1912: its year N is N + 1911.
pub const MINGUO_OFFSET: u64 = 1911;

impl Normaliser {
    pub const ALL: &'static [(&'static str, Normaliser)] = &[
        ("text", Normaliser::Text),
        ("integer", Normaliser::Integer),
        ("zh-number", Normaliser::ZhNumber),
        ("en-month", Normaliser::EnMonth),
        ("superscript", Normaliser::Superscript),
        ("roman", Normaliser::Roman),
        ("symbol", Normaliser::Symbol),
        ("number", Normaliser::Number),
        ("clock", Normaliser::Clock),
        ("minguo-year", Normaliser::MinguoYear),
        ("article", Normaliser::Article),
        ("per-mille", Normaliser::PerMille),
        ("relative-article", Normaliser::RelativeArticle),
    ];

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|&(_, k)| k)
    }

    pub fn apply(self, s: &str) -> Option<String> {
        match self {
            Normaliser::Text => Some(s.split_whitespace().collect::<Vec<_>>().join(" ")),
            Normaliser::Integer => integer(s).map(|n| n.to_string()),
            Normaliser::ZhNumber => integer(s)
                .or_else(|| parse_zh_number(s.trim()))
                .map(|n| n.to_string()),
            Normaliser::EnMonth => months::en_month(s).map(|m| m.to_string()),
            Normaliser::Superscript => superscript(s).map(|n| n.to_string()),
            Normaliser::Roman => parse_roman(s.trim()).map(|n| n.to_string()),
            // "66-4": an article numbered in parts.
            Normaliser::Number
                if s.trim().contains('-')
                    && s.trim()
                        .split('-')
                        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) =>
            {
                s.trim()
                    .split('-')
                    .map(|p| Normaliser::Number.apply(p))
                    .collect::<Option<Vec<_>>>()
                    .map(|parts| parts.join("-"))
            }
            Normaliser::Number => decimal(s)
                .or_else(|| parse_zh_number(s.trim()).map(|n| n.to_string()))
                .or_else(|| parse_zh_decimal(s.trim()))
                .or_else(|| parse_en_number(s).map(|n| n.to_string()))
                // Upper-case Roman numerals only ("article VI"): "i" and "v" are words too.
                .or_else(|| {
                    let t = s.trim();
                    t.chars()
                        .all(|c| c.is_ascii_uppercase())
                        .then(|| parse_roman(t))
                        .flatten()
                        .map(|n| n.to_string())
                }),
            Normaliser::Clock => {
                let digits: Vec<u32> = s
                    .split(|c: char| !c.is_ascii_digit())
                    .filter(|p| !p.is_empty() && p.len() <= 2)
                    .map(|p| p.parse().ok())
                    .collect::<Option<_>>()?;
                match digits[..] {
                    [h, m] if h < 24 && m < 60 => Some((h * 100 + m).to_string()),
                    _ => None,
                }
            }
            Normaliser::MinguoYear => {
                let t = s.trim();
                let n = integer(t).or_else(|| parse_zh_number(t))?;
                // The calendar is in use from 1912; a year past 300 is no Minguo year.
                (1..=300)
                    .contains(&n)
                    .then(|| (n + MINGUO_OFFSET).to_string())
            }
            Normaliser::RelativeArticle => {
                let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
                if t == "次" {
                    return Some("+1".into());
                }
                let count = t.strip_prefix('前')?;
                let n = if count.is_empty() {
                    1
                } else {
                    parse_zh_number(count)?
                };
                (1..=9).contains(&n).then(|| format!("-{n}"))
            }
            Normaliser::PerMille => {
                let n = Normaliser::Number.apply(s)?;
                let (int, frac) = n.split_once('.').unwrap_or((&n, ""));
                if int.is_empty() || !int.chars().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                // Move the decimal point one place left: "15" → "1.5", "3" → "0.3".
                let (head, last) = int.split_at(int.len() - 1);
                let head = if head.is_empty() { "0" } else { head };
                let frac = format!("{last}{frac}");
                let frac = frac.trim_end_matches('0');
                Some(if frac.is_empty() {
                    head.to_string()
                } else {
                    format!("{head}.{frac}")
                })
            }
            Normaliser::Article => {
                let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
                let (main, part) = match t.split_once('之') {
                    Some((main, part)) => (main.trim_end_matches(['条', '條']), Some(part)),
                    None => (t.as_str(), None),
                };
                let main = Normaliser::Number.apply(main)?;
                match part {
                    None => Some(main),
                    Some(part) => {
                        let part = Normaliser::Number.apply(part)?;
                        (!part.contains(['-', '.'])).then(|| format!("{main}-{part}"))
                    }
                }
            }
            Normaliser::Symbol => Some(
                s.chars()
                    .filter(|c| !c.is_whitespace())
                    .flat_map(char::to_uppercase)
                    .collect(),
            ),
        }
    }
}

/// Digits with optional separators in groups of three ("16,861", "16 861") to an integer.
fn integer(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() || !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '\u{00A0}' | '\u{202F}' | '\u{2009}'))
        .collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) || digits.len() > 18 {
        return None;
    }
    digits.parse().ok()
}

/// Digits with optional group separators and a decimal point, as a canonical decimal:
/// "16,861" → "16861", "2.50" → "2.5", "０.７" (already folded) → "0.7".
fn decimal(s: &str) -> Option<String> {
    let s = s.trim();
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let int = integer(int)?;
    if !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let frac = frac.trim_end_matches('0');
    Some(if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    })
}

fn superscript(s: &str) -> Option<u64> {
    let mut n: u64 = 0;
    let mut any = false;
    for c in s.chars() {
        let d = match c {
            '⁰' => 0,
            '¹' => 1,
            '²' => 2,
            '³' => 3,
            '⁴'..='⁹' => c as u64 - '⁴' as u64 + 4,
            c if c.is_whitespace() => continue,
            _ => return None,
        };
        n = n.checked_mul(10)?.checked_add(d)?;
        any = true;
    }
    any.then_some(n)
}

#[cfg(test)]
mod tests {
    use super::Normaliser::*;

    #[test]
    fn relative_articles_are_signed_counts() {
        assert_eq!(RelativeArticle.apply("前").as_deref(), Some("-1"));
        assert_eq!(RelativeArticle.apply("前二").as_deref(), Some("-2"));
        assert_eq!(RelativeArticle.apply("前 三").as_deref(), Some("-3"));
        assert_eq!(RelativeArticle.apply("次").as_deref(), Some("+1"));
        assert_eq!(RelativeArticle.apply("前十五"), None);
        assert_eq!(RelativeArticle.apply("后"), None);
        assert_eq!(RelativeArticle.apply(""), None);
    }

    #[test]
    fn per_mille_is_a_tenth_of_a_percentage() {
        assert_eq!(PerMille.apply("三").as_deref(), Some("0.3"));
        assert_eq!(PerMille.apply("一点五").as_deref(), Some("0.15"));
        assert_eq!(PerMille.apply("1.5").as_deref(), Some("0.15"));
        assert_eq!(PerMille.apply("20").as_deref(), Some("2"));
        assert_eq!(PerMille.apply("125").as_deref(), Some("12.5"));
        assert_eq!(PerMille.apply("0").as_deref(), Some("0"));
        assert_eq!(PerMille.apply("").as_deref(), None);
        assert_eq!(PerMille.apply("two").as_deref(), Some("0.2"));
    }

    #[test]
    fn minguo_years_are_gregorian_years() {
        assert_eq!(MinguoYear.apply("112").as_deref(), Some("2023"));
        assert_eq!(MinguoYear.apply("一百十二").as_deref(), Some("2023"));
        assert_eq!(MinguoYear.apply("一百一十二").as_deref(), Some("2023"));
        assert_eq!(MinguoYear.apply("九十九").as_deref(), Some("2010"));
        assert_eq!(MinguoYear.apply("1").as_deref(), Some("1912"));
        assert_eq!(MinguoYear.apply("0"), None);
        assert_eq!(MinguoYear.apply("2023"), None);
        assert_eq!(MinguoYear.apply(""), None);
        assert_eq!(MinguoYear.apply("九百九十九亿"), None);
    }

    #[test]
    fn articles_in_parts_read_as_english_writes_them() {
        assert_eq!(Article.apply("九十条之七").as_deref(), Some("90-7"));
        assert_eq!(Article.apply("3 条之 1").as_deref(), Some("3-1"));
        assert_eq!(Article.apply("66-4").as_deref(), Some("66-4"));
        assert_eq!(Article.apply("307").as_deref(), Some("307"));
        assert_eq!(Article.apply("四十九").as_deref(), Some("49"));
        assert_eq!(Article.apply("之七"), None);
        assert_eq!(Article.apply("九十条之"), None);
        assert_eq!(Article.apply("9之1.5"), None);
    }

    #[test]
    fn clock_times_read_as_english_writes_them() {
        assert_eq!(Clock.apply("17时25").as_deref(), Some("1725"));
        assert_eq!(Clock.apply("3 时 05").as_deref(), Some("305"));
        assert_eq!(Clock.apply("24时10"), None);
        assert_eq!(Clock.apply("9时60"), None);
        assert_eq!(Clock.apply("9时"), None);
    }

    #[test]
    fn integers_accept_group_separators() {
        assert_eq!(Integer.apply("16,861").as_deref(), Some("16861"));
        assert_eq!(Integer.apply("16 861").as_deref(), Some("16861"));
        assert_eq!(Integer.apply("02").as_deref(), Some("2"));
        assert_eq!(Integer.apply("x1"), None);
    }

    #[test]
    fn superscripts() {
        assert_eq!(Superscript.apply("¹²").as_deref(), Some("12"));
        assert_eq!(Superscript.apply("⁷").as_deref(), Some("7"));
        assert_eq!(Superscript.apply("7"), None);
    }

    #[test]
    fn symbols_ignore_space_and_case() {
        assert_eq!(Symbol.apply("2334 (2016)").as_deref(), Some("2334(2016)"));
        assert_eq!(
            Symbol.apply("A/71/L.11/Add.1").as_deref(),
            Some("A/71/L.11/ADD.1")
        );
    }

    #[test]
    fn numbers_in_every_script() {
        assert_eq!(Number.apply("16,861").as_deref(), Some("16861"));
        assert_eq!(Number.apply("16 861").as_deref(), Some("16861"));
        assert_eq!(Number.apply("2.50").as_deref(), Some("2.5"));
        assert_eq!(Number.apply("七十三").as_deref(), Some("73"));
        assert_eq!(Number.apply("seventy-third").as_deref(), Some("73"));
        assert_eq!(Number.apply("VI").as_deref(), Some("6"));
        assert_eq!(Number.apply("66-04").as_deref(), Some("66-4"));
        assert_eq!(Number.apply("fifty-eighth").as_deref(), Some("58"));
        assert_eq!(Number.apply("vi"), None);
        assert_eq!(Number.apply("1.2.3"), None);
    }

    #[test]
    fn zh_numbers_take_both_scripts() {
        assert_eq!(ZhNumber.apply("七十三").as_deref(), Some("73"));
        assert_eq!(ZhNumber.apply("12").as_deref(), Some("12"));
        assert_eq!(ZhNumber.apply("二〇一六").as_deref(), Some("2016"));
    }
}
