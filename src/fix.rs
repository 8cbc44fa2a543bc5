//! Suggested fixes: the edit that makes a translation agree with its source, where one is
//! certain, and how `check --diff` shows and `check --fix` applies them.
//!
//! A fix is offered for a value mismatch only (an English value paired with a different
//! Chinese value), and only when the two values differ in integer fields whose Chinese
//! figures stand exactly once in the Chinese label's text: each is rewritten, in the style it
//! is written in (ASCII digits, full-width digits, Chinese numerals), as the English value.
//! Every other byte stays as it is. The English version is the source: the Chinese side is
//! the one fixed.
//!
//! Fixes are written only to files whose bytes are the text that was checked (UTF-8 without
//! BOM), and only when the file has not changed since it was read.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::CheckedPair;
use crate::diagnostic::{Diagnostic, Fix, Side};
use crate::normalize::parse_zh_number;
use crate::value::Value;

/// The largest number written in Chinese numerals by [`zh_numeral`].
pub const MAX_ZH_NUMERAL: u64 = 9999;

/// The Chinese numeral digits, 0 to 9.
const ZH_DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// The replacement for `zh_text`, the text of the Chinese label of a value `zh_value` paired
/// with `en_value`, that makes it say the English value; `None` when no fix is certain.
///
/// The two values must have the same field names, and every field that differs must be an
/// integer on both sides. Each differing field's Chinese figure must stand exactly once in
/// `zh_text` as a whole run of digits or of Chinese numerals; it is rewritten as the English
/// figure in the same style. Everything else is kept byte for byte.
pub fn for_values(en_value: &Value, zh_value: &Value, zh_text: &str) -> Option<String> {
    if field_names(en_value) != field_names(zh_value) {
        return None;
    }
    let runs = numeral_runs(zh_text);
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for (name, en) in &en_value.0 {
        let zh = zh_value.get(name)?;
        if en == zh {
            continue;
        }
        let (en, zh) = (integer(en)?, integer(zh)?);
        let mut found = runs.iter().filter(|r| r.value == Some(zh));
        let run = found.next()?;
        if found.next().is_some() {
            return None;
        }
        let written = run.style.write(en)?;
        match edits.iter().find(|(span, _)| *span == run.span) {
            // Two fields read from one figure must ask for the same figure.
            Some((_, other)) if *other != written => return None,
            Some(_) => {}
            None => edits.push((run.span.clone(), written)),
        }
    }
    edits.sort_by_key(|(span, _)| span.start);
    let mut out = String::with_capacity(zh_text.len());
    let mut at = 0;
    for (span, written) in &edits {
        out.push_str(&zh_text[at..span.start]);
        out.push_str(written);
        at = span.end;
    }
    out.push_str(&zh_text[at..]);
    (out != zh_text).then_some(out)
}

/// The names of a value's fields, sorted.
fn field_names(value: &Value) -> Vec<&str> {
    let mut names: Vec<&str> = value.0.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    names
}

/// A field's content as an integer: ASCII digits only.
fn integer(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// How a figure is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// 2004
    Ascii,
    /// ２００４
    FullWidth,
    /// 二十一, 一百零五: counted with 十, 百, 千.
    ZhCounted,
    /// 二〇〇四: one numeral a digit, with this zero.
    ZhDigits(char),
}

impl Style {
    /// `n` written in this style; `None` when the style cannot write it.
    fn write(self, n: u64) -> Option<String> {
        let digits = n.to_string();
        match self {
            Style::Ascii => Some(digits),
            Style::FullWidth => digits
                .chars()
                .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32))
                .collect(),
            Style::ZhCounted => zh_numeral(n),
            Style::ZhDigits(zero) => Some(
                digits
                    .bytes()
                    .map(|b| match b - b'0' {
                        0 => zero,
                        d => ZH_DIGITS[usize::from(d)],
                    })
                    .collect(),
            ),
        }
    }
}

/// `n` in Chinese numerals as usually written (七, 十, 十二, 二十, 一百零五, 一千零一十), for
/// 0 to [`MAX_ZH_NUMERAL`]; `None` above.
pub fn zh_numeral(n: u64) -> Option<String> {
    if n > MAX_ZH_NUMERAL {
        return None;
    }
    if n < 10 {
        return Some(ZH_DIGITS[n as usize].to_string());
    }
    let mut out = String::new();
    // 十二, not 一十二, when nothing stands before the tens.
    if (10..20).contains(&n) {
        out.push('十');
        if n > 10 {
            out.push(ZH_DIGITS[(n - 10) as usize]);
        }
        return Some(out);
    }
    let mut gap = false;
    for (unit, name) in [
        (1000, Some('千')),
        (100, Some('百')),
        (10, Some('十')),
        (1, None),
    ] {
        let digit = (n / unit % 10) as usize;
        if digit == 0 {
            // A zero between two digits is written once: 一千零一.
            gap = !out.is_empty();
            continue;
        }
        if gap {
            out.push('零');
            gap = false;
        }
        out.push(ZH_DIGITS[digit]);
        out.extend(name);
    }
    Some(out)
}

/// A whole run of digits or of Chinese numerals in a label's text.
#[derive(Debug)]
struct Run {
    span: Range<usize>,
    /// Its value; `None` when it is no whole number of its own (part of a decimal, of a
    /// figure grouped with commas, of a count of 万), or cannot be read.
    value: Option<u64>,
    style: Style,
}

/// What a character is to a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Digit,
    Numeral,
    Other,
}

fn class(c: char) -> Class {
    if c.is_ascii_digit() || ('０'..='９').contains(&c) {
        Class::Digit
    } else if "〇零一二两三四五六七八九十百千".contains(c) {
        Class::Numeral
    } else {
        Class::Other
    }
}

/// The maximal runs of digits and of Chinese numerals in `text`.
fn numeral_runs(text: &str) -> Vec<Run> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let kind = class(chars[i].1);
        if kind == Class::Other {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && class(chars[i].1) == kind {
            i += 1;
        }
        let span = chars[start].0..chars.get(i).map_or(text.len(), |&(at, _)| at);
        let run = &text[span.clone()];
        let before = |k: usize| start.checked_sub(k).map(|j| chars[j].1);
        let after = |k: usize| chars.get(i + k - 1).map(|&(_, c)| c);
        let (value, style) = match kind {
            Class::Digit => {
                // "3.5" and "1,500": the parts are no numbers of their own.
                let separator = |c: Option<char>| matches!(c, Some('.' | ',' | '．' | '，'));
                let digit = |c: Option<char>| c.is_some_and(|c| class(c) == Class::Digit);
                let part = (separator(before(1)) && digit(before(2)))
                    || (separator(after(1)) && digit(after(2)))
                    || matches!(after(1), Some('万' | '亿'));
                let style = if run.chars().all(|c| c.is_ascii_digit()) {
                    Some(Style::Ascii)
                } else if run.chars().all(|c| !c.is_ascii_digit()) {
                    Some(Style::FullWidth)
                } else {
                    None
                };
                let value = run
                    .chars()
                    .filter_map(|c| c.to_digit(10).or_else(|| full_width_digit(c)))
                    .try_fold(0u64, |n, d| n.checked_mul(10)?.checked_add(u64::from(d)));
                match style {
                    Some(style) if !part => (value, style),
                    _ => (None, Style::Ascii),
                }
            }
            _ => {
                let part =
                    matches!(after(1), Some('万' | '亿' | '点')) || matches!(before(1), Some('点'));
                let counted = run.chars().any(|c| "十百千".contains(c));
                let style = if counted || run.chars().count() == 1 {
                    Style::ZhCounted
                } else {
                    Style::ZhDigits(if run.contains('零') { '零' } else { '〇' })
                };
                let value = if part { None } else { parse_zh_number(run) };
                (value, style)
            }
        };
        runs.push(Run { span, value, style });
    }
    runs
}

fn full_width_digit(c: char) -> Option<u32> {
    ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32)
}

/// Removes the fixes whose span the checks read otherwise than the file has it: a format
/// that blanks markup inside a value (`2004年**12**月`) gives a compared text in which the
/// label's text is not the file's, and a replacement made from it would drop the markup.
/// `original` and `compared`: the texts of the two sides, English then Chinese.
pub fn keep_exact(diagnostics: &mut [Diagnostic], original: [&str; 2], compared: [&str; 2]) {
    for d in diagnostics {
        if let Some(fix) = &d.fix {
            let side = fix.side as usize;
            let span = fix.span.clone();
            let same = original[side]
                .get(span.clone())
                .is_some_and(|o| compared[side].get(span) == Some(o));
            if !same {
                d.fix = None;
            }
        }
    }
}

/// `text` with `fixes` applied, from the end to the start, and how many were: a fix that
/// overlaps one already taken, or whose span is not in `text`, is skipped.
pub fn apply(text: &str, fixes: &[Fix]) -> (String, usize) {
    let mut order: Vec<&Fix> = fixes.iter().collect();
    order.sort_by_key(|f| std::cmp::Reverse((f.span.start, f.span.end)));
    let mut taken: Vec<&Fix> = Vec::new();
    let mut limit = text.len();
    for fix in order {
        let span = &fix.span;
        if span.start > span.end || span.end > limit || text.get(span.clone()).is_none() {
            continue;
        }
        taken.push(fix);
        limit = span.start;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for fix in taken.iter().rev() {
        out.push_str(&text[at..fix.span.start]);
        out.push_str(&fix.replacement);
        at = fix.span.end;
    }
    out.push_str(&text[at..]);
    (out, taken.len())
}

/// The fixes of one file, and its text as it was checked.
#[derive(Debug, Clone)]
pub struct FileFixes {
    /// The path as shown in findings.
    pub path: String,
    pub text: Arc<str>,
    pub fixes: Vec<Fix>,
}

impl FileFixes {
    /// The file's text with its fixes applied, and how many were.
    pub fn fixed(&self) -> (String, usize) {
        apply(&self.text, &self.fixes)
    }

    /// A unified diff of the file as it is against the file with its fixes applied; empty
    /// when they change nothing. Control characters are escaped as everywhere else output
    /// shows document text, the CR of a CRLF line ending aside.
    pub fn diff(&self) -> String {
        let (fixed, _) = self.fixed();
        let diff = similar::TextDiff::from_lines(&*self.text, fixed.as_str());
        let path = crate::escape::line(&self.path);
        let shown = diff.unified_diff().header(&path, &path).to_string();
        shown
            .split("\r\n")
            .map(crate::escape::text)
            .collect::<Vec<_>>()
            .join("\r\n")
    }
}

/// The fixes of a run, file by file in the order the pairs are reported.
#[derive(Debug, Default)]
pub struct Pending {
    files: Vec<FileFixes>,
    by_path: HashMap<String, usize>,
}

impl Pending {
    /// Takes the fixes of a checked pair's findings.
    pub fn add(&mut self, pair: &CheckedPair) {
        for d in &pair.diagnostics {
            let Some(fix) = &d.fix else { continue };
            let doc = pair.doc(fix.side);
            let index = *self.by_path.entry(doc.path.clone()).or_insert_with(|| {
                self.files.push(FileFixes {
                    path: doc.path.clone(),
                    text: doc.text.clone(),
                    fixes: Vec::new(),
                });
                self.files.len() - 1
            });
            let file = &mut self.files[index];
            // One file checked in two pairs is read twice: a fix made from another reading
            // is not one for the text kept.
            if file.text == doc.text {
                file.fixes.push(fix.clone());
            }
        }
    }

    /// The files with at least one fix.
    pub fn files(&self) -> &[FileFixes] {
        &self.files
    }
}

/// Why a file's fixes were not written.
#[derive(Debug)]
pub enum WriteError {
    /// The file's bytes are not the text that was checked, and do not decode to it either.
    Changed { path: String },
    /// The file decodes to the text that was checked but its bytes are not that text: a BOM,
    /// bare CRs or UTF-16. yizhi does not rewrite such a file.
    NotPlain { path: String },
    /// The file could not be read or written.
    Io { path: String, reason: String },
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Changed { path } => write!(
                f,
                "{path} changed since it was read: its fixes are not written (run the check again)"
            ),
            WriteError::NotPlain { path } => write!(
                f,
                "{path} is not plain UTF-8 without BOM (a BOM, bare CRs or UTF-16): its fixes \
                 are not written"
            ),
            WriteError::Io { path, reason } => {
                write!(f, "cannot write the fixes of {path}: {reason}")
            }
        }
    }
}

impl std::error::Error for WriteError {}

/// Writes `fixes` into the file at `path`, whose text was `checked`, and returns how many were
/// applied. The file is read again first and written only if its bytes are exactly `checked`;
/// then it is replaced atomically ([`crate::atomic::write_atomically`]), every byte outside
/// the fixes' spans as it was.
pub fn write(path: &Path, checked: &str, fixes: &[Fix]) -> Result<usize, WriteError> {
    let shown = path.to_string_lossy().into_owned();
    let io = |e: &std::io::Error| WriteError::Io {
        path: shown.clone(),
        reason: crate::error::io_reason(e),
    };
    let limit = crate::document::MAX_FILE_BYTES;
    let (bytes, _) = crate::bounded::read(path, limit).map_err(|e| match e {
        crate::bounded::ReadError::Io(e) => io(&e),
        _ => WriteError::Changed {
            path: shown.clone(),
        },
    })?;
    if bytes != checked.as_bytes() {
        let decoded = crate::document::Document::from_vec(&shown, bytes);
        return Err(match decoded {
            Ok(doc) if &*doc.text == checked => WriteError::NotPlain { path: shown },
            _ => WriteError::Changed { path: shown },
        });
    }
    let (fixed, applied) = apply(checked, fixes);
    if applied > 0 {
        crate::atomic::write_atomically(path, fixed.as_bytes()).map_err(|e| io(&e))?;
    }
    Ok(applied)
}

/// The fix of a value mismatch between `en_value` and `zh_value`, labelled at `zh_span` in
/// `zh_text` (the Chinese document's text), if one is certain ([`for_values`]).
pub fn of_mismatch(
    en_value: &Value,
    zh_value: &Value,
    zh_text: &str,
    zh_span: &Range<usize>,
) -> Option<Fix> {
    let label = zh_text.get(zh_span.clone())?;
    for_values(en_value, zh_value, label).map(|replacement| Fix {
        side: Side::Zh,
        span: zh_span.clone(),
        replacement,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(fields: &[(&str, &str)]) -> Value {
        let mut fields: Vec<(String, String)> = fields
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        fields.sort();
        Value(fields)
    }

    fn date(y: &str, m: &str, d: &str) -> Value {
        value(&[("day", d), ("month", m), ("range", "no"), ("year", y)])
    }

    fn ordinal(n: &str) -> Value {
        value(&[("kind", "session"), ("n", n)])
    }

    #[test]
    fn digits_are_rewritten_as_digits() {
        let fixed = for_values(
            &date("2004", "12", "2"),
            &date("2004", "12", "3"),
            "2004年12月3日",
        );
        assert_eq!(fixed.as_deref(), Some("2004年12月2日"));
        let fixed = for_values(
            &value(&[("number", "25")]),
            &value(&[("number", "26")]),
            "26",
        );
        assert_eq!(fixed.as_deref(), Some("25"));
        // Two fields at once, and a figure longer than the one it replaces.
        let fixed = for_values(
            &date("2005", "12", "12"),
            &date("2004", "12", "3"),
            "2004 年 12 月 3 日",
        );
        assert_eq!(fixed.as_deref(), Some("2005 年 12 月 12 日"));
    }

    #[test]
    fn full_width_digits_stay_full_width() {
        let fixed = for_values(
            &date("2004", "12", "2"),
            &date("2004", "12", "13"),
            "２００４年１２月１３日",
        );
        assert_eq!(fixed.as_deref(), Some("２００４年１２月２日"));
    }

    #[test]
    fn chinese_numerals_stay_chinese_numerals() {
        assert_eq!(
            for_values(&ordinal("7"), &ordinal("8"), "第八届").as_deref(),
            Some("第七届")
        );
        assert_eq!(
            for_values(&ordinal("30"), &ordinal("13"), "第十三届特别会议").as_deref(),
            Some("第三十届特别会议")
        );
        assert_eq!(
            for_values(&ordinal("105"), &ordinal("15"), "第十五次").as_deref(),
            Some("第一百零五次")
        );
        // One numeral a digit stays so.
        assert_eq!(
            for_values(
                &date("2005", "12", "2"),
                &date("2004", "12", "2"),
                "二〇〇四年十二月二日"
            )
            .as_deref(),
            Some("二〇〇五年十二月二日")
        );
    }

    #[test]
    fn an_ambiguous_figure_gets_no_fix() {
        // 12 is both the month and the day.
        assert_eq!(
            for_values(
                &date("2004", "12", "2"),
                &date("2004", "12", "12"),
                "2004年12月12日"
            ),
            None
        );
        // The figure is not in the text as a whole run.
        assert_eq!(
            for_values(&value(&[("number", "3")]), &value(&[("number", "5")]), "15"),
            None
        );
        // Part of a decimal.
        assert_eq!(
            for_values(
                &value(&[("number", "4")]),
                &value(&[("number", "5")]),
                "5.5"
            ),
            None
        );
    }

    #[test]
    fn values_of_other_fields_or_not_integers_get_no_fix() {
        assert_eq!(
            for_values(
                &value(&[("month", "12"), ("year", "2004")]),
                &date("2004", "12", "3"),
                "2004年12月3日"
            ),
            None
        );
        assert_eq!(
            for_values(
                &value(&[("number", "2.5")]),
                &value(&[("number", "3")]),
                "3"
            ),
            None
        );
        assert_eq!(
            for_values(
                &value(&[("kind", "article"), ("n", "7")]),
                &value(&[("kind", "session"), ("n", "8")]),
                "第八届"
            ),
            None
        );
        // Equal values: nothing to fix.
        assert_eq!(for_values(&ordinal("8"), &ordinal("8"), "第八届"), None);
    }

    #[test]
    fn chinese_numerals_round_trip_through_the_parser() {
        for n in 0..=MAX_ZH_NUMERAL {
            let written = zh_numeral(n).unwrap();
            assert_eq!(parse_zh_number(&written), Some(n), "{n} written {written}");
        }
        assert_eq!(zh_numeral(MAX_ZH_NUMERAL + 1), None);
        let shown: Vec<String> = [7, 10, 12, 20, 21, 100, 105, 110, 1001, 1010, 2016]
            .into_iter()
            .map(|n| zh_numeral(n).unwrap())
            .collect();
        assert_eq!(
            shown,
            [
                "七",
                "十",
                "十二",
                "二十",
                "二十一",
                "一百",
                "一百零五",
                "一百一十",
                "一千零一",
                "一千零一十",
                "二千零一十六"
            ]
        );
    }

    fn fix(span: Range<usize>, replacement: &str) -> Fix {
        Fix {
            side: Side::Zh,
            span,
            replacement: replacement.into(),
        }
    }

    #[test]
    fn fixes_apply_from_the_end_and_skip_overlaps() {
        let text = "abcdef";
        let (out, n) = apply(
            text,
            &[
                fix(0..1, "A"),
                fix(4..6, "EF"),
                fix(3..5, "x"),
                fix(9..12, "y"),
            ],
        );
        assert_eq!((out.as_str(), n), ("AbcdEF", 2));
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("zh.txt");
        let checked = "会议于2004年12月3日举行。\n";
        let changed = "会议于2004年12月4日举行。\n";
        std::fs::write(&path, changed).unwrap();
        let start = checked.find("2004").unwrap();
        let fixes = [fix(start..start + "2004年12月3日".len(), "2004年12月2日")];
        let error = write(&path, checked, &fixes).unwrap_err();
        assert!(matches!(error, WriteError::Changed { .. }), "{error:?}");
        assert!(error.to_string().contains("changed since it was read"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), changed);
        // Unchanged, it is fixed.
        std::fs::write(&path, checked).unwrap();
        assert_eq!(write(&path, checked, &fixes).unwrap(), 1);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "会议于2004年12月2日举行。\n"
        );
    }

    #[test]
    fn a_file_with_a_bom_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("zh.txt");
        let checked = "2004年12月3日\n";
        let bytes = [b"\xEF\xBB\xBF".as_slice(), checked.as_bytes()].concat();
        std::fs::write(&path, &bytes).unwrap();
        let error = write(&path, checked, &[fix(0..4, "2005")]).unwrap_err();
        assert!(matches!(error, WriteError::NotPlain { .. }), "{error:?}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
    }
}
