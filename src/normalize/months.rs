//! English month names.

/// The English month names, as written in text.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "November" → 11, any case; an abbreviation only with its period ("Nov." → 11, "Sept." → 9),
/// as Taiwan's official translations write them: a bare "Nov" or "Mar" may be a word.
pub fn en_month(s: &str) -> Option<u32> {
    let s = s.trim();
    if let Some(short) = s.strip_suffix('.') {
        let short = if short.eq_ignore_ascii_case("sept") {
            "sep"
        } else {
            short
        };
        return MONTHS
            .iter()
            .position(|m| {
                short.len() == 3 && m.get(..3).is_some_and(|p| p.eq_ignore_ascii_case(short))
            })
            .map(|i| i as u32 + 1);
    }
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(s))
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::en_month;

    #[test]
    fn month_names() {
        assert_eq!(en_month("November"), Some(11));
        assert_eq!(en_month("MAY"), Some(5));
        assert_eq!(en_month("Nov"), None);
        assert_eq!(en_month("Nov."), Some(11));
        assert_eq!(en_month("Sept."), Some(9));
        assert_eq!(en_month("Jul."), Some(7));
        assert_eq!(en_month("Ju."), None);
        assert_eq!(en_month("."), None);
    }
}
