//! Errors in yizhi.toml, as miette diagnostics that point at the offending value.

use std::ops::Range;
use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

#[derive(Debug, Error, Diagnostic)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {reason}")]
    #[diagnostic(code(yizhi::config::io))]
    Read { path: String, reason: String },

    #[error(transparent)]
    #[diagnostic(transparent)]
    Invalid(Box<InvalidConfig>),
}

/// A problem at a place in yizhi.toml.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(yizhi::config::invalid))]
pub struct InvalidConfig {
    pub message: String,
    #[source_code]
    pub src: NamedSource<Arc<str>>,
    #[label("{label}")]
    pub span: SourceSpan,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

/// The config file's text, kept to build errors that point into it.
#[derive(Debug, Clone)]
pub struct ConfigSource {
    pub name: Arc<str>,
    pub text: Arc<str>,
}

impl ConfigSource {
    pub fn error(
        &self,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) -> ConfigError {
        let end = span.end.min(self.text.len());
        let start = span.start.min(end);
        ConfigError::Invalid(Box::new(InvalidConfig {
            message: format!("{}: {}", self.name, message.into()),
            src: NamedSource::new(&*self.name, self.text.clone()).with_language("toml"),
            span: (start..end).into(),
            label: label.into(),
            help,
        }))
    }
}
