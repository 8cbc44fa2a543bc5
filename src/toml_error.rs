//! A problem at a place in a TOML file the user wrote (a rule file, yizhi.toml): a miette
//! diagnostic that shows the file with the offending value underlined.

use std::fmt::Display;
use std::ops::Range;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode, SourceSpan};
use thiserror::Error;

#[derive(Debug, Error)]
#[error("{message}")]
pub struct InvalidToml {
    /// The diagnostic code, which names the kind of file.
    pub code: &'static str,
    pub message: String,
    pub src: NamedSource<Arc<str>>,
    pub span: SourceSpan,
    pub label: String,
    pub help: Option<String>,
}

impl InvalidToml {
    /// The problem at `span` of the file `name` holding `text` (a span past its end is
    /// clamped to it). The message starts with the file's name.
    pub fn new(
        code: &'static str,
        name: &Arc<str>,
        text: &Arc<str>,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) -> InvalidToml {
        let end = span.end.min(text.len());
        let start = span.start.min(end);
        InvalidToml {
            code,
            message: format!("{name}: {}", message.into()),
            src: NamedSource::new(&**name, text.clone()).with_language("toml"),
            span: (start..end).into(),
            label: label.into(),
            help,
        }
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
        Some(&self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = LabeledSpan::new_with_span(Some(self.label.clone()), self.span);
        Some(Box::new(std::iter::once(label)))
    }
}
