//! Errors in rule files, as miette diagnostics that point into the file.

use std::ops::Range;
use std::sync::Arc;

use miette::Diagnostic;
use thiserror::Error;

use crate::toml_error::InvalidToml;

#[derive(Debug, Error, Diagnostic)]
pub enum RuleError {
    #[error("cannot read rule file {path}: {reason}")]
    #[diagnostic(code(yizhi::rules::io))]
    Read { path: String, reason: String },

    #[error(transparent)]
    #[diagnostic(transparent)]
    Invalid(Box<InvalidToml>),
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
        RuleError::Invalid(Box::new(InvalidToml::new(
            "yizhi::rules::invalid",
            &self.name,
            &self.text,
            span,
            message,
            label,
            help,
        )))
    }
}
