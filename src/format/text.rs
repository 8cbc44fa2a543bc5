//! Plain text: one paragraph a line, and hard-wrapped text reflowed.
//!
//! A file wrapped at a fixed width (text extracted from PDF, a translation filled to 35
//! characters a line) has its paragraphs over several lines. It is told by construction: most
//! of its lines end near one width, and that width is narrow; UN documents with a paragraph on
//! each line have many lines far wider. In such a file a line is joined to the next when the
//! next line's first word (a Han character, or a run of ASCII) would not have fitted on it,
//! it does not end a sentence short of the width, and the next line neither is blank nor
//! opens a number, a marker or a bullet. The joined line ends become spaces in the
//! compared text; the line reader then reads each paragraph as one line, with every pattern of
//! `rules/structure.toml`.

use unicode_width::UnicodeWidthStr;

/// Wider than this (in columns, a Han character counting two), a file's lines are paragraphs
/// on a line, not a fill.
const MAX_FILL: usize = 100;
/// At least this many non-blank lines: a few short lines tell nothing.
const MIN_LINES: usize = 6;
/// A line this close to the fill width (in per cent) reaches it.
const NEAR: usize = 85;
/// Share of lines (in per cent) that reach the fill width in a hard-wrapped file.
const FULL_SHARE: usize = 40;

/// The compared text of a hard-wrapped file (the same length, joined line ends turned into
/// spaces), or `None` when the file is not hard-wrapped or nothing is joined.
pub fn reflow(text: &str) -> Option<String> {
    let lines: Vec<(usize, &str)> = line_ranges(text);
    let widths: Vec<usize> = lines.iter().map(|(_, l)| l.trim().width()).collect();
    let mut full: Vec<usize> = widths.iter().copied().filter(|&w| w > 0).collect();
    if full.len() < MIN_LINES {
        return None;
    }
    full.sort_unstable();
    // The fill width: the width most lines reach, ignoring the longest tenth (a heading or a
    // table row wider than the fill).
    let fill = full[(full.len() * 9 / 10).min(full.len() - 1)];
    if !(20..=MAX_FILL).contains(&fill) {
        return None;
    }
    let reaches = |w: usize| w * 100 >= fill * NEAR;
    let reaching = full.iter().filter(|&&w| reaches(w)).count();
    if reaching * 100 < full.len() * FULL_SHARE {
        return None;
    }
    // Wrapping breaks lines mid-sentence: most lines that reach the width do not end one (a
    // list of short sentences, or footnote bodies, a line each, is not wrapped).
    let (reach_lines, open_ended) = lines
        .iter()
        .zip(&widths)
        .filter(|(_, w)| **w > 0 && reaches(**w))
        .fold((0, 0), |(n, open), ((_, l), _)| {
            (n + 1, open + usize::from(!ends_sentence(l)))
        });
    if open_ended * 2 < reach_lines {
        return None;
    }
    let mut out = text.as_bytes().to_vec();
    let mut joined = false;
    for (i, pair) in lines.windows(2).enumerate() {
        let ((start, line), (_, next)) = (pair[0], pair[1]);
        let (line, next_trimmed) = (line.trim_end(), next.trim_start());
        if line.trim().is_empty() || next_trimmed.is_empty() || !reaches_half(widths[i], fill) {
            continue;
        }
        // Wrapped: the next line's first word would not have fitted on this one.
        let (word, space) = first_word(next_trimmed);
        let wrapped =
            widths[i] + usize::from(space && line.ends_with(|c: char| c.is_ascii())) + word > fill;
        if !wrapped || ends_sentence(line) && widths[i] < fill || opens_paragraph(next_trimmed) {
            continue;
        }
        // The line end (and a carriage return before it) becomes a space.
        let end = (start + pair[0].1.len()).min(text.len() - 1);
        for b in &mut out[start + line.len()..=end] {
            if *b == b'\n' || *b == b'\r' {
                *b = b' ';
            }
        }
        joined = true;
    }
    joined.then(|| String::from_utf8(out).unwrap_or_default())
}

/// Each line's start and text without its line end (`\r` kept).
fn line_ranges(text: &str) -> Vec<(usize, &str)> {
    let mut v = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        v.push((start, line));
        start += line.len() + 1;
    }
    v
}

/// At least half the fill width: shorter lines end their paragraph.
fn reaches_half(width: usize, fill: usize) -> bool {
    width * 2 >= fill
}

/// The width of a line's first word (a run of ASCII, or one other character), and whether
/// words are separated by spaces there.
fn first_word(line: &str) -> (usize, bool) {
    let ascii = line
        .chars()
        .take_while(|c| c.is_ascii() && !c.is_ascii_whitespace())
        .count();
    match ascii {
        0 => (
            line.chars().next().map_or(0, |c| c.to_string().width()),
            false,
        ),
        n => (n, true),
    }
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', ';', ':', '!', '?', '。', '；', '：', '！', '？'])
}

/// A line that opens a paragraph of its own: a number of up to five digits ("3.", "1 ",
/// "1001 ", "2)") that is not a year (1900–2099), a letter or number in brackets ("(a)"), a
/// footnote's superscript, a bullet, an extraction tag. A line that opens with a year or a
/// count glued to its word ("2017年", "2001 and") goes on.
fn opens_paragraph(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let after = line[digits..].chars().next();
        let year = digits == 4 && matches!(&line[..2], "19" | "20");
        return digits <= 5 && !year && matches!(after, Some('.' | ')' | ' ' | '\t' | '．'));
    }
    let first = line.chars().next().unwrap_or(' ');
    if first == '(' || first == '（' {
        let inner: String = line
            .chars()
            .skip(1)
            .take_while(|c| c.is_alphanumeric())
            .collect();
        let close = line.chars().nth(inner.chars().count() + 1);
        return !inner.is_empty()
            && inner.chars().count() <= 4
            && matches!(close, Some(')' | '）'));
    }
    matches!(
        first,
        '[' | '<'
            | '•'
            | '·'
            | '-'
            | '*'
            | '–'
            | '—'
            | '¹'
            | '²'
            | '³'
            | '⁴'
            | '⁵'
            | '⁶'
            | '⁷'
            | '⁸'
            | '⁹'
            | '⁰'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filled_chinese_text_is_joined_without_its_line_ends() {
        let filled = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十\n".repeat(3)
            + "短行。\n"
            + &"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十\n".repeat(3)
            + "1. 第二段。\n";
        let out = reflow(&filled).unwrap();
        assert_eq!(out.len(), filled.len());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[0].ends_with("短行。"));
        assert_eq!(lines[2], "1. 第二段。");
    }

    #[test]
    fn paragraphs_on_a_line_are_left_alone() {
        let long = "Recalling its resolution 59/48 of 2 December 2004, by which it granted observer status to the organization,\n";
        assert_eq!(reflow(&long.repeat(10)), None);
    }
}
