//! Errors in rule files, as miette diagnostics that point into the file.

use std::ops::Range;
use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

#[derive(Debug, Error, Diagnostic)]
pub enum RuleError {
    #[error("cannot read rule file {path}: {reason}")]
    #[diagnostic(code(yizhi::rules::io))]
    Read { path: String, reason: String },

    #[error(transparent)]
    #[diagnostic(transparent)]
    Invalid(Box<InvalidRule>),
}

/// A problem at a place in a rule file.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(yizhi::rules::invalid))]
pub struct InvalidRule {
    pub message: String,
    #[source_code]
    pub src: NamedSource<Arc<str>>,
    #[label("{label}")]
    pub span: SourceSpan,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

/// The rule file being loaded, for building errors that point into it.
#[derive(Clone)]
pub struct RuleSource {
    pub name: Arc<str>,
    pub text: Arc<str>,
    /// One of the embedded files, whose patterns the tests compile: they compile lazily.
    pub built_in: bool,
}

impl RuleSource {
    pub fn error(
        &self,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) -> RuleError {
        let end = span.end.min(self.text.len());
        let start = span.start.min(end);
        RuleError::Invalid(Box::new(InvalidRule {
            message: format!("{}: {}", self.name, message.into()),
            src: NamedSource::new(&*self.name, self.text.clone()).with_language("toml"),
            span: (start..end).into(),
            label: label.into(),
            help,
        }))
    }
}
