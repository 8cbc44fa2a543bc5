//! English number words, cardinal and ordinal: "seventy-third", "seventy- third" (a line-wrap
//! artefact), "one hundred and twenty-sixth", "sixtieth", "eleven".

fn word(w: &str) -> Option<Word> {
    use Word::*;
    Some(match w {
        "zero" | "nought" => Unit(0),
        "one" | "first" => Unit(1),
        "two" | "second" => Unit(2),
        "three" | "third" => Unit(3),
        "four" | "fourth" => Unit(4),
        "five" | "fifth" => Unit(5),
        "six" | "sixth" => Unit(6),
        "seven" | "seventh" => Unit(7),
        "eight" | "eighth" => Unit(8),
        "nine" | "ninth" => Unit(9),
        "ten" | "tenth" => Unit(10),
        "eleven" | "eleventh" => Unit(11),
        "twelve" | "twelfth" => Unit(12),
        "thirteen" | "thirteenth" => Unit(13),
        "fourteen" | "fourteenth" => Unit(14),
        "fifteen" | "fifteenth" => Unit(15),
        "sixteen" | "sixteenth" => Unit(16),
        "seventeen" | "seventeenth" => Unit(17),
        "eighteen" | "eighteenth" => Unit(18),
        "nineteen" | "nineteenth" => Unit(19),
        "twenty" | "twentieth" => Unit(20),
        "thirty" | "thirtieth" => Unit(30),
        "forty" | "fortieth" => Unit(40),
        "fifty" | "fiftieth" => Unit(50),
        "sixty" | "sixtieth" => Unit(60),
        "seventy" | "seventieth" => Unit(70),
        "eighty" | "eightieth" => Unit(80),
        "ninety" | "ninetieth" => Unit(90),
        "hundred" | "hundredth" => Hundred,
        "thousand" | "thousandth" => Scale(1_000),
        "million" | "millionth" => Scale(1_000_000),
        "billion" | "billionth" => Scale(1_000_000_000),
        "and" => And,
        _ => return None,
    })
}

enum Word {
    Unit(u64),
    Hundred,
    Scale(u64),
    And,
}

/// Parses English number words, or digits with an ordinal suffix ("48th"). `None` for
/// anything else, so a pattern that over-matches drops the match instead of misreading it.
pub fn parse_en_number(s: &str) -> Option<u64> {
    let s = s.trim();
    if let Some(digits) = s
        .strip_suffix("st")
        .or_else(|| s.strip_suffix("nd"))
        .or_else(|| s.strip_suffix("rd"))
        .or_else(|| s.strip_suffix("th"))
        .filter(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
    {
        return digits.parse().ok();
    }
    let lower = s.to_ascii_lowercase();
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut any = false;
    for token in lower
        .split(|c: char| c == '-' || c.is_whitespace())
        .filter(|t| !t.is_empty())
    {
        match word(token)? {
            Word::Unit(v) => current = current.checked_add(v)?,
            Word::Hundred => current = current.max(1).checked_mul(100)?,
            Word::Scale(m) => {
                total = total.checked_add(current.max(1).checked_mul(m)?)?;
                current = 0;
            }
            Word::And => continue,
        }
        any = true;
    }
    any.then(|| total + current)
}

#[cfg(test)]
mod tests {
    use super::parse_en_number;

    #[test]
    fn ordinals_and_cardinals() {
        for (s, n) in [
            ("seventy-third", 73),
            ("Seventy-first", 71),
            ("seventy- third", 73),
            ("sixtieth", 60),
            ("fifteenth", 15),
            ("thirtieth", 30),
            ("one hundred and twenty-sixth", 126),
            ("one hundred twenty-sixth", 126),
            ("two hundredth", 200),
            ("twenty-first", 21),
            ("eleven", 11),
            ("two thousand and sixteen", 2016),
            ("48th", 48),
            ("1st", 1),
            ("22nd", 22),
        ] {
            assert_eq!(parse_en_number(s), Some(n), "{s}");
        }
    }

    #[test]
    fn rejects_other_words() {
        assert_eq!(parse_en_number("Second World"), None);
        assert_eq!(parse_en_number(""), None);
        assert_eq!(parse_en_number("th"), None);
    }
}
