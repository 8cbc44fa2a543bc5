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

/// "November" → 11. Full names only, any case: UN English does not abbreviate months in text.
pub fn en_month(s: &str) -> Option<u32> {
    let s = s.trim();
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
    }
}
