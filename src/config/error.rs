//! Errors in yizhi.toml, as miette diagnostics that point at the offending value.

use std::ops::Range;
use std::sync::Arc;

use miette::Diagnostic;
use thiserror::Error;

use crate::toml_error::InvalidToml;

#[derive(Debug, Error, Diagnostic)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {reason}")]
    #[diagnostic(code(yizhi::config::io))]
    Read { path: String, reason: String },

    #[error(transparent)]
    #[diagnostic(transparent)]
    Invalid(Box<InvalidToml>),
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
        ConfigError::Invalid(Box::new(InvalidToml::new(
            "yizhi::config::invalid",
            &self.name,
            &self.text,
            span,
            message,
            label,
            help,
        )))
    }
}
