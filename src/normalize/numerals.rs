//! Chinese and Roman numerals.

fn zh_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' | '○' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '兩' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn zh_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

/// Parses a Chinese numeral: counted forms (七十三, 一百零一, 两千零一十六, 十二亿) and
/// digit-by-digit forms (二〇一六). Returns `None` for anything else, including an empty string.
pub fn parse_zh_number(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let counted = s
        .chars()
        .any(|c| zh_unit(c).is_some() || c == '万' || c == '亿');
    if !counted {
        // Digit by digit: 二〇一六 → 2016.
        return s
            .chars()
            .try_fold(0u64, |n, c| n.checked_mul(10)?.checked_add(zh_digit(c)?));
    }
    let mut total: u64 = 0; // completed 亿 groups
    let mut section: u64 = 0; // completed 万 groups below 亿
    let mut group: u64 = 0; // below 万
    let mut digit: Option<u64> = None;
    for c in s.chars() {
        if let Some(d) = zh_digit(c) {
            digit = Some(d);
        } else if let Some(u) = zh_unit(c) {
            // A bare 十 means 10 (十五 = 15).
            group = group.checked_add(digit.take().unwrap_or(1).checked_mul(u)?)?;
        } else if c == '万' {
            let g = group + digit.take().unwrap_or(0);
            section = section.checked_add(g.max(1).checked_mul(10_000)?)?;
            group = 0;
        } else if c == '亿' {
            let g = section + group + digit.take().unwrap_or(0);
            total = total.checked_add(g.max(1).checked_mul(100_000_000)?)?;
            section = 0;
            group = 0;
        } else {
            return None;
        }
    }
    total
        .checked_add(section)?
        .checked_add(group)?
        .checked_add(digit.unwrap_or(0))
}

/// Parses a Chinese decimal with 点 (二点五, 十二点零五, 0点7 after the fold's digits) as a
/// canonical decimal ("2.5", "12.05", "0.7"); the digits after 点 are read one by one.
pub fn parse_zh_decimal(s: &str) -> Option<String> {
    let (int, frac) = s.split_once('点')?;
    let int = if !int.is_empty() && int.chars().all(|c| c.is_ascii_digit()) {
        int.parse().ok()?
    } else {
        parse_zh_number(int)?
    };
    let frac: String = frac
        .chars()
        .map(|c| {
            c.to_digit(10)
                .map(u64::from)
                .or_else(|| zh_digit(c).filter(|_| c != '两'))
                .and_then(|d| char::from_digit(d as u32, 10))
        })
        .collect::<Option<_>>()?;
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() && !s.ends_with(['0', '零', '〇']) {
        return None;
    }
    Some(if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    })
}

/// Parses a Roman numeral in canonical form (I, IV, XIV, MMXVI; any case).
pub fn parse_roman(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 15 {
        return None;
    }
    let value = |c: char| -> Option<u64> {
        Some(match c.to_ascii_uppercase() {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            'L' => 50,
            'C' => 100,
            'D' => 500,
            'M' => 1000,
            _ => return None,
        })
    };
    let values: Vec<u64> = s.chars().map(value).collect::<Option<_>>()?;
    let mut n = 0;
    for (i, &v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|&next| next > v) {
            n -= v as i64;
        } else {
            n += v as i64;
        }
    }
    let n = u64::try_from(n).ok().filter(|&n| n > 0)?;
    // Reject non-canonical spellings such as IIII or VX by writing the value back.
    (to_roman(n).eq_ignore_ascii_case(s)).then_some(n)
}

fn to_roman(mut n: u64) -> String {
    const TABLE: [(u64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_forms() {
        for (s, n) in [
            ("七十三", 73),
            ("十五", 15),
            ("一十五", 15),
            ("十", 10),
            ("一百零一", 101),
            ("一百二十六", 126),
            ("两千零一十六", 2016),
            ("三千零五", 3005),
            ("一万二千", 12000),
            ("十万", 100_000),
            ("三十万零五", 300_005),
            ("二百五十万", 2_500_000),
            ("十二亿", 1_200_000_000),
            ("一亿二千万", 120_000_000),
        ] {
            assert_eq!(parse_zh_number(s), Some(n), "{s}");
        }
    }

    #[test]
    fn digit_by_digit_years() {
        assert_eq!(parse_zh_number("二〇一六"), Some(2016));
        assert_eq!(parse_zh_number("二零零零"), Some(2000));
    }

    #[test]
    fn decimals_with_dian() {
        assert_eq!(parse_zh_decimal("二点五").as_deref(), Some("2.5"));
        assert_eq!(parse_zh_decimal("十二点零五").as_deref(), Some("12.05"));
        assert_eq!(parse_zh_decimal("3点75").as_deref(), Some("3.75"));
        assert_eq!(parse_zh_decimal("二点零").as_deref(), Some("2"));
        assert_eq!(parse_zh_decimal("二点"), None);
        assert_eq!(parse_zh_decimal("点五"), None);
        assert_eq!(parse_zh_decimal("二点两"), None);
        assert_eq!(parse_zh_decimal("二十"), None);
    }

    #[test]
    fn rejects_non_numerals() {
        assert_eq!(parse_zh_number("之一"), None);
        assert_eq!(parse_zh_number(""), None);
    }

    #[test]
    fn roman() {
        assert_eq!(parse_roman("XIV"), Some(14));
        assert_eq!(parse_roman("iii"), Some(3));
        assert_eq!(parse_roman("IIII"), None);
        assert_eq!(parse_roman("VX"), None);
    }
}
