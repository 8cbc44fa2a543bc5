//! A miette source that holds only the part of a long line around a diagnostic's labels.
//!
//! UN documents put a whole paragraph on one line, often over a thousand characters; printed
//! whole, every report would be a wall of text. An excerpt cuts the labelled lines to a window
//! around the labels, marks the cuts with "…", and reports columns in characters rather than
//! bytes. Offsets stay those of the original file, so labels need no translation.

use std::ops::Range;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use unicode_width::UnicodeWidthChar;

use crate::document::Document;

/// Columns shown on each side of the labels when a line is cut (a CJK character takes two).
const CONTEXT: usize = 30;
/// Lines up to this many columns are shown whole.
const WHOLE_LINE: usize = 76;
const ELLIPSIS: &str = "…";

pub struct Excerpt {
    name: String,
    data: String,
    /// Original offset that `data[0]` stands for (the ellipsis takes the bytes before the cut).
    offset: usize,
    /// The original range the excerpt can show.
    covers: Range<usize>,
    line: usize,
    column: usize,
    line_count: usize,
}

impl Excerpt {
    /// An excerpt showing `spans`, which must lie inside `doc`.
    pub fn new(doc: &Document, spans: &[Range<usize>]) -> Self {
        let text = &*doc.text;
        let s = spans
            .iter()
            .map(|r| r.start)
            .min()
            .unwrap_or(0)
            .min(text.len());
        let e = spans
            .iter()
            .map(|r| r.end)
            .max()
            .unwrap_or(0)
            .clamp(s, text.len());
        let lines = line_range(doc, s, e);
        let several = doc.line_span(s) != doc.line_span(e);
        let window = window(text, lines.clone(), s..e, several);
        let mut data = String::with_capacity(window.len() + 2 * ELLIPSIS.len());
        let cut_left = window.start > lines.start && window.start >= ELLIPSIS.len();
        if cut_left {
            data.push_str(ELLIPSIS);
        }
        data.push_str(&crate::escape::same_length(&text[window.clone()]));
        if window.end < lines.end {
            data.push_str(ELLIPSIS);
        }
        let start = doc.position(s);
        Excerpt {
            name: crate::escape::line(&doc.path).into_owned(),
            offset: window.start - if cut_left { ELLIPSIS.len() } else { 0 },
            covers: window,
            data,
            line: start.line - 1,
            column: start.column - 1,
            line_count: doc.position(text.len()).line,
        }
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        _before: usize,
        _after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let (s, e) = (span.offset(), span.offset() + span.len());
        if s < self.covers.start || e > self.covers.end {
            return Err(MietteError::OutOfBounds);
        }
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            self.data.as_bytes(),
            (self.offset, self.data.len()).into(),
            self.line,
            self.column,
            self.line_count,
        )))
    }
}

/// The full lines (without terminators) that `s..e` touches. Found in the document's line
/// index: scanning a 50 MB line for each label made reports quadratic (issue #5).
fn line_range(doc: &Document, s: usize, e: usize) -> Range<usize> {
    let start = doc.line_span(s).start;
    let end = doc.line_span(e).end;
    start..end.max(e)
}

/// The part of `lines` to show around `span`: everything for short or several lines.
fn window(text: &str, lines: Range<usize>, span: Range<usize>, several: bool) -> Range<usize> {
    if several || !wider_than(&text[lines.clone()], WHOLE_LINE) {
        return lines;
    }
    let mut start = span.start;
    let mut columns = 0;
    for (i, c) in text[lines.start..span.start].char_indices().rev() {
        columns += c.width().unwrap_or(0);
        if columns > CONTEXT {
            break;
        }
        start = lines.start + i;
    }
    let mut end = span.end;
    columns = 0;
    for (i, c) in text[span.end..lines.end].char_indices() {
        columns += c.width().unwrap_or(0);
        if columns > CONTEXT {
            break;
        }
        end = span.end + i + c.len_utf8();
    }
    start..end
}

/// Whether `s` takes more than `columns` columns; stops counting as soon as it does.
fn wider_than(s: &str, columns: usize) -> bool {
    let mut total = 0;
    s.chars().any(|c| {
        total += c.width().unwrap_or(0);
        total > columns
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_around_the_label() {
        let line = format!(
            "{}signed on 22 July 2012,{}",
            "a".repeat(300),
            "b".repeat(300)
        );
        let doc = Document::from_text("en.txt", format!("first\n{line}\nlast\n"));
        let s = doc.text.find("22 July").unwrap();
        let x = Excerpt::new(&doc, std::slice::from_ref(&(s..s + 12)));
        assert!(
            x.data.starts_with('…') && x.data.ends_with('…'),
            "{}",
            x.data
        );
        assert!(x.data.contains("signed on 22 July 2012,"));
        assert_eq!(x.data.chars().count(), 2 + 30 + 12 + 30);
        assert_eq!((x.line, x.column), (1, 310));
        // Offsets stay the file's: the label's text is found at the same place in the data.
        let at = s - x.offset;
        assert_eq!(&x.data[at..at + 12], "22 July 2012");
    }

    #[test]
    fn short_lines_are_whole() {
        let doc = Document::from_text("zh.txt", "第 48 次全体会议\r\n".into());
        let x = Excerpt::new(&doc, std::slice::from_ref(&(4..6)));
        assert_eq!(x.data, "第 48 次全体会议");
        assert_eq!(x.column, 2);
    }
}
