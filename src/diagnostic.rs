//! The one diagnostic type every layer speaks. Spans are byte ranges into the original text of
//! one side; each report format converts them at its edge.

use std::ops::Range;

use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    #[default]
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Which version of the document a span lies in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    En,
    Zh,
}

impl Side {
    pub const BOTH: [Side; 2] = [Side::En, Side::Zh];

    pub fn name(self) -> &'static str {
        match self {
            Side::En => "English",
            Side::Zh => "Chinese",
        }
    }

    pub fn other(self) -> Side {
        match self {
            Side::En => Side::Zh,
            Side::Zh => Side::En,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub side: Side,
    pub span: Range<usize>,
    pub message: String,
}

impl Label {
    pub fn new(side: Side, span: Range<usize>, message: impl Into<String>) -> Self {
        Label {
            side,
            span,
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// English labels first, then Chinese; at least one.
    pub labels: Vec<Label>,
    /// The edit that would make the versions agree, where one is certain ([`crate::fix`]).
    pub fix: Option<Fix>,
}

/// A suggested edit: replace the bytes `span` of one side's document text with
/// `replacement`. The span is a byte range into that side's text, as a label's is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub side: Side,
    pub span: Range<usize>,
    pub replacement: String,
}

impl Diagnostic {
    /// The position that orders diagnostics: the first English label, else the first Chinese.
    pub fn sort_key(&self) -> (Side, usize, usize) {
        self.labels
            .iter()
            .min_by_key(|l| (l.side, l.span.start))
            .map_or((Side::En, 0, 0), |l| (l.side, l.span.start, l.span.end))
    }
}

/// Sorts diagnostics into their documented, deterministic order: by file position, then rule.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.sort_key(), &a.rule, &a.message).cmp(&(b.sort_key(), &b.rule, &b.message))
    });
}
