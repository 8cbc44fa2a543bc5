//! A problem at a place in a TOML file the user wrote (a rule file, yizhi.toml): a miette
//! diagnostic that shows the offending line of the file with the value underlined — that line
//! only, and nothing of a file yizhi would not have read as TOML (see [`InvalidToml::redact`]).

use std::fmt::Display;
use std::ops::Range;
use std::sync::Arc;

use miette::{
    Diagnostic, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use thiserror::Error;

#[derive(Debug, Error)]
#[error("{message}")]
pub struct InvalidToml {
    /// The diagnostic code, which names the kind of file.
    pub code: &'static str,
    pub message: String,
    pub src: OneLine,
    pub span: SourceSpan,
    pub label: String,
    pub help: Option<String>,
    /// Whether the file's text may be shown; see [`InvalidToml::redact`].
    pub quoted: bool,
}

impl InvalidToml {
    /// The problem at `span` of the file `name` holding `text` (a span past its end is
    /// clamped to it, a span over several lines to its first). The message starts with the
    /// file's name.
    pub fn new(
        code: &'static str,
        name: &Arc<str>,
        text: &Arc<str>,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) -> InvalidToml {
        let mut end = span.end.min(text.len());
        let mut start = span.start.min(end);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let end = end.min(line_end);
        let message = message.into();
        let help = help.or_else(|| did_you_mean(&message));
        InvalidToml {
            code,
            message: format!("{name}: {message}"),
            src: OneLine {
                name: name.clone(),
                // The line with its end, so that a label at the end of the line is drawn.
                shown: crate::escape::same_length(
                    &text[line_start..(line_end + 1).min(text.len())],
                )
                .into_owned(),
                start: line_start,
                number: text[..line_start].matches('\n').count(),
            },
            span: (start..end).into(),
            label: label.into(),
            help,
            quoted: true,
        }
    }

    /// The same problem told without a word of the file: its name, line and column, and what
    /// it was expected to be (`what`, as "a rule file (TOML)"). For files whose name does not
    /// say they are TOML (a rule file or yizhi.toml that is, once symbolic links are resolved,
    /// `/proc/self/environ` or `.git/config`): their text may be anything, secrets included,
    /// and a CI log must not show it.
    pub fn redact(self, what: &str) -> InvalidToml {
        let name = &self.src.name;
        let before = self.span.offset() - self.src.start;
        let line_text = self.src.shown.get(..before).unwrap_or_default();
        let (line, column) = (self.src.number + 1, line_text.chars().count() + 1);
        InvalidToml {
            message: format!("{name}: not {what}: invalid at line {line}, column {column}"),
            help: Some(format!(
                "its text is not shown: {name} is not a .toml file (symbolic links resolved)"
            )),
            quoted: false,
            ..self
        }
    }

    /// The name of the file the problem is in.
    pub fn file_name(&self) -> &str {
        &self.src.name
    }
}

/// A file of which an error shows one line: the line of the problem, whatever the report's
/// context lines.
#[derive(Debug)]
pub struct OneLine {
    name: Arc<str>,
    /// The line, with its end, control characters replaced (see [`crate::escape`]).
    shown: String,
    /// The byte offset of its start in the file.
    start: usize,
    /// Its 0-based number.
    number: usize,
}

impl SourceCode for OneLine {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        _before: usize,
        _after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let local = span.offset().saturating_sub(self.start);
        let column = self.shown.get(..local).map_or(0, |l| l.chars().count());
        Ok(Box::new(MietteSpanContents::new_named(
            crate::escape::line(&self.name).into_owned(),
            self.shown.as_bytes(),
            (self.start, self.shown.len()).into(),
            self.number,
            column,
            1,
        )))
    }
}

impl Diagnostic for InvalidToml {
    fn code<'a>(&'a self) -> Option<Box<dyn Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.quoted.then_some(&self.src as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if !self.quoted {
            return None;
        }
        let label = LabeledSpan::new_with_span(Some(self.label.clone()), self.span);
        Some(Box::new(std::iter::once(label)))
    }
}

/// Whether the text of the file at `path` may be quoted in an error about it: its name, with
/// every symbolic link resolved, ends in `.toml`. A file yizhi cannot resolve is not quoted.
/// For a message of serde's that names a word it does not know and the ones it expects
/// ("unknown variant `value`, expected one of `values`, `count`"), the expected word closest
/// to the unknown one, if one is close (a typo: an edit or two).
fn did_you_mean(message: &str) -> Option<String> {
    let quoted = |text: &str| -> Vec<String> {
        text.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    let (unknown, expected) = message.split_once(", expected ")?;
    let word = quoted(unknown).pop()?;
    let (distance, closest) = quoted(expected)
        .into_iter()
        .map(|option| (strsim::levenshtein(&word, &option), option))
        .min()?;
    (distance > 0 && distance <= 2.min(word.chars().count() / 2))
        .then(|| format!("did you mean `{closest}`?"))
}

pub fn may_quote(path: &std::path::Path) -> bool {
    has_extension(path, "toml")
}

/// Whether the name of the file at `path`, every symbolic link resolved, ends in `.EXT`.
pub fn has_extension(path: &std::path::Path, ext: &str) -> bool {
    path.canonicalize()
        .is_ok_and(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_close_word_is_suggested_and_a_far_one_is_not() {
        let check = "unknown variant `value`, expected one of `values`, `count`, `sequence`";
        assert_eq!(
            did_you_mean(check).as_deref(),
            Some("did you mean `values`?")
        );
        let field = "unknown field `patern`, expected one of `name`, `pattern`, `lang`";
        assert_eq!(
            did_you_mean(field).as_deref(),
            Some("did you mean `pattern`?")
        );
        let far = "unknown variant `dates`, expected one of `values`, `count`";
        assert_eq!(did_you_mean(far), None);
        assert_eq!(
            did_you_mean("invalid type: integer `1`, expected a string"),
            None
        );
    }
}
