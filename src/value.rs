//! Typed values built from the named captures of a match, and how they compare.
//!
//! A value is a sorted list of named fields. Two values are equal when all fields are; a value
//! is *less specific* than another when its fields are a subset of the other's with the same
//! contents ("December 2014" ⊂ "31 December 2014").

use crate::normalize::MONTHS;
use crate::rules::ValueKind;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Value(pub Vec<(String, String)>);

impl Value {
    /// Builds a value from normalised fields; `None` when they do not form a valid value.
    pub fn build(kind: ValueKind, mut fields: Vec<(String, String)>, whole: &str) -> Option<Self> {
        match kind {
            ValueKind::Fields => {
                if fields.is_empty() {
                    fields.push((
                        "match".into(),
                        whole.split_whitespace().collect::<Vec<_>>().join(" "),
                    ));
                }
                fields.sort();
                Some(Value(fields))
            }
            ValueKind::Date => date(&fields),
            ValueKind::Number => number(fields),
        }
    }

    /// Whether the value counts fewer than `limit` things, with no unit ("two", "4 vehicles",
    /// "the first"): translations add and drop such counts freely ("这两项文书" for "which").
    pub fn is_small_count(&self, limit: u64) -> bool {
        let number = self.get("number").or_else(|| self.get("n"));
        self.get("unit").is_none()
            && number
                .and_then(|n| n.parse::<u64>().ok())
                .is_some_and(|n| n < limit)
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether every field of `self` is in `other` with the same content.
    pub fn is_subset_of(&self, other: &Value) -> bool {
        self.0.iter().all(|f| other.0.contains(f))
    }

    /// Whether two values look like one written differently: they share a field, or their
    /// numbers have as many digits and the same first digit (2014 and 2015, not 2010 and 千).
    pub fn alike(&self, other: &Value) -> bool {
        if self.shared_fields(other) > 0 {
            return true;
        }
        let number = |v: &Value| v.get("number").or_else(|| v.get("n")).map(str::to_owned);
        match (number(self), number(other)) {
            (Some(a), Some(b)) => a.len() == b.len() && a.chars().next() == b.chars().next(),
            _ => false,
        }
    }

    /// Whether two values number the same kind of thing (a `kind` field, equal on both), so
    /// that their numbers are comparable: two sessions, two articles.
    pub fn same_kind(&self, other: &Value) -> bool {
        // An event (an ordinal before any noun) is a session or meeting written otherwise.
        fn kind(v: &Value) -> Option<&str> {
            match v.get("kind") {
                Some("event" | "session" | "meeting") => Some("event"),
                k => k,
            }
        }
        kind(self).is_some_and(|k| kind(other) == Some(k))
    }

    /// Whether two values are one written as two kinds that [`Value::same_kind`] unites ("the
    /// second Summit" ↔ "第二届首脑会议"): every field but the kind equal.
    pub fn equivalent(&self, other: &Value) -> bool {
        let rest = |v: &Value| {
            v.0.iter()
                .filter(|(n, _)| n != "kind")
                .cloned()
                .collect::<Vec<_>>()
        };
        self.same_kind(other) && rest(self) == rest(other)
    }

    /// How many fields the two values share exactly; guides which mismatches to pair.
    pub fn shared_fields(&self, other: &Value) -> usize {
        self.0.iter().filter(|f| other.0.contains(f)).count()
    }

    /// The value in Chinese and English UN style, where the kind has one (dates).
    pub fn render(&self) -> Option<(String, String)> {
        let num = |n: &str| self.get(n).and_then(|v| v.parse::<u32>().ok());
        let (y, m, d) = (num("year"), num("month"), num("day"));
        let (y2, m2, d2) = (num("year2"), num("month2"), num("day2"));
        if y.is_none() && m.is_none() {
            return None;
        }
        let one = |y: Option<u32>, m: Option<u32>, d: Option<u32>| -> (String, String) {
            let month = m.map(|m| MONTHS[(m as usize).clamp(1, 12) - 1]);
            let en = [
                d.map(|d| d.to_string()),
                month.map(String::from),
                y.map(|y| y.to_string()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
            let zh = format!(
                "{}{}{}",
                y.map_or(String::new(), |y| format!("{y}年")),
                m.map_or(String::new(), |m| format!("{m}月")),
                d.map_or(String::new(), |d| format!("{d}日"))
            );
            (en, zh)
        };
        let (en1, zh1) = one(y, m, d);
        if y2.is_none() && m2.is_none() && d2.is_none() {
            return Some((en1, zh1));
        }
        let (en2, zh2) = one(y2, m2, d2);
        Some((format!("{en1} to {en2}"), format!("{zh1}至{zh2}")))
    }
}

/// Numbers: `number` (already a canonical decimal) times `scale` (million, 亿…); every other
/// field (a unit such as `percent`) is kept as it is.
fn number(fields: Vec<(String, String)>) -> Option<Value> {
    let mut value = None;
    let mut exponent = 0;
    let mut out = Vec::new();
    for (name, v) in fields {
        match name.as_str() {
            "number" => value = Some(v),
            "scale" => exponent += scale_exponent(&v)?,
            _ => out.push((name, v)),
        }
    }
    out.push(("number".into(), shift(&value?, exponent)));
    out.sort();
    Some(Value(out))
}

/// Powers of ten of English and Chinese scale words.
fn scale_exponent(word: &str) -> Option<u32> {
    Some(match word.trim().to_ascii_lowercase().as_str() {
        "thousand" | "千" => 3,
        "万" => 4,
        "million" | "百万" => 6,
        "千万" => 7,
        "亿" => 8,
        "billion" | "十亿" => 9,
        "trillion" | "万亿" => 12,
        _ => return None,
    })
}

/// Multiplies a canonical decimal by 10^exponent, exactly: ("1.31", 8) → "131000000".
fn shift(decimal: &str, exponent: u32) -> String {
    let (int, frac) = decimal.split_once('.').unwrap_or((decimal, ""));
    let mut digits = format!("{int}{frac}");
    let point = int.len() + exponent as usize;
    while digits.len() < point {
        digits.push('0');
    }
    let (i, f) = digits.split_at(point);
    let i = i.trim_start_matches('0');
    let f = f.trim_end_matches('0');
    match (i.is_empty(), f.is_empty()) {
        (true, true) => "0".into(),
        (true, false) => format!("0.{f}"),
        (false, true) => i.into(),
        (false, false) => format!("{i}.{f}"),
    }
}

/// Dates and ranges: the end of a range inherits the month and year of its start and the other
/// way round ("28 November to 2 December 2016" = "2016年11月28日至12月2日").
fn date(fields: &[(String, String)]) -> Option<Value> {
    let get = |name: &str| -> Option<u32> {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.parse().ok())
    };
    let (mut y, mut m, d) = (get("year"), get("month"), get("day"));
    let (mut y2, mut m2, d2) = (get("year2"), get("month2"), get("day2"));
    let ranged = y2.is_some() || m2.is_some() || d2.is_some();
    if ranged {
        // A year stated at one end only; the other end crosses New Year when it comes earlier
        // in the year ("December 2012 and January" is January 2013, "28 December to
        // 3 January 2016" starts in 2015).
        let later = (m2.or(m), d2) < (m.or(m2), d);
        match (y, y2) {
            (Some(a), None) => y2 = Some(if later && m2.is_some() { a + 1 } else { a }),
            (None, Some(b)) => {
                y = Some(if later && m.is_some() {
                    b.saturating_sub(1)
                } else {
                    b
                })
            }
            _ => {}
        }
        if d2.is_some() || m2.is_some() {
            m2 = m2.or(m);
        }
        m = m.or(m2);
    }
    let valid_year = |y: Option<u32>| y.is_none_or(|y| (1000..=2999).contains(&y));
    let valid_month = |m: Option<u32>| m.is_none_or(|m| (1..=12).contains(&m));
    let valid_day = |d: Option<u32>| d.is_none_or(|d| (1..=31).contains(&d));
    // A range runs forwards: "20112012" is 2011-2012, never 2012-2011.
    let forwards = !ranged || (y2, m2, d2) >= (y, m, d) || y2.is_none() || y.is_none();
    let valid = forwards
        && valid_year(y)
        && valid_year(y2)
        && valid_month(m)
        && valid_month(m2)
        && valid_day(d)
        && valid_day(d2);
    if !valid {
        return None;
    }
    let mut out = Vec::new();
    let mut push = |name: &str, v: Option<u32>| {
        if let Some(v) = v {
            out.push((name.to_string(), v.to_string()));
        }
    };
    push("year", y);
    push("month", m);
    push("day", d);
    let ranged = ranged && (y2, m2, d2) != (y, m, d);
    if ranged {
        push("year2", y2);
        push("month2", m2);
        push("day2", d2);
    }
    // A single date is never a less specific form of a range, nor the other way round.
    out.push(("range".into(), if ranged { "yes" } else { "no" }.into()));
    out.sort();
    Some(Value(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn a_range_over_new_year_takes_the_next_or_previous_year() {
        let stated = |fields: &[(&str, &str)]| date(&f(fields)).unwrap();
        // "December 2012 and January" is 2012年12月和2013年1月.
        assert_eq!(
            stated(&[("month", "12"), ("year", "2012"), ("month2", "1")]),
            stated(&[
                ("year", "2012"),
                ("month", "12"),
                ("year2", "2013"),
                ("month2", "1")
            ])
        );
        // "28 December to 3 January 2016" starts in 2015.
        assert_eq!(
            stated(&[
                ("day", "28"),
                ("month", "12"),
                ("day2", "3"),
                ("month2", "1"),
                ("year2", "2016")
            ]),
            stated(&[
                ("year", "2015"),
                ("month", "12"),
                ("day", "28"),
                ("year2", "2016"),
                ("month2", "1"),
                ("day2", "3")
            ])
        );
        // A year 0 has no year before it: no value, and no panic.
        assert_eq!(
            date(&f(&[("month", "12"), ("month2", "1"), ("year2", "0")])),
            None
        );
    }

    #[test]
    fn ranges_inherit_month_and_year() {
        let en = date(&f(&[
            ("day", "28"),
            ("month", "11"),
            ("day2", "2"),
            ("month2", "12"),
            ("year2", "2016"),
        ]));
        let zh = date(&f(&[
            ("year", "2016"),
            ("month", "11"),
            ("day", "28"),
            ("month2", "12"),
            ("day2", "2"),
        ]));
        assert_eq!(en, zh);
        assert_eq!(
            en.unwrap().render().unwrap(),
            (
                "28 November 2016 to 2 December 2016".into(),
                "2016年11月28日至2016年12月2日".into()
            )
        );
    }

    #[test]
    fn amounts_are_exact() {
        let n = |number: &str, scale: Option<&str>| {
            let mut fields = vec![("number".to_string(), number.to_string())];
            if let Some(s) = scale {
                fields.push(("scale".into(), s.into()));
            }
            super::number(fields)
                .unwrap()
                .get("number")
                .unwrap()
                .to_string()
        };
        assert_eq!(n("2.5", Some("million")), "2500000");
        assert_eq!(n("250", Some("万")), "2500000");
        assert_eq!(n("1.31", Some("亿")), "131000000");
        assert_eq!(n("131", Some("million")), "131000000");
        assert_eq!(n("12", Some("亿")), "1200000000");
        assert_eq!(n("1.2", Some("billion")), "1200000000");
        assert_eq!(n("0.7", None), "0.7");
        assert_eq!(n("3300", Some("万")), "33000000");
    }

    #[test]
    fn year_spans_and_invalid_dates() {
        let span = date(&f(&[("year", "2016"), ("year2", "2018")])).unwrap();
        assert_eq!(span.get("range"), Some("yes"));
        assert_eq!(span.get("year2"), Some("2018"));
        assert_eq!(span.get("month"), None);
        assert!(date(&f(&[("year", "2016"), ("month", "13")])).is_none());
    }

    #[test]
    fn less_specific_is_subset() {
        let month = date(&f(&[("year", "2014"), ("month", "12")])).unwrap();
        let day = date(&f(&[("year", "2014"), ("month", "12"), ("day", "31")])).unwrap();
        assert!(month.is_subset_of(&day));
        assert!(!day.is_subset_of(&month));
        let range = date(&f(&[("month", "11"), ("day", "19"), ("day2", "23")])).unwrap();
        let single = date(&f(&[("month", "11"), ("day", "19")])).unwrap();
        assert!(!single.is_subset_of(&range));
    }
}
