//! `--format json`: a stable JSON array of diagnostics.
//!
//! ## Wire format
//! ```text
//! [{"rule": "date-mismatch", "severity": "error|warning|info", "message": "…", "help": "…",
//!   "labels": [{"path": "<as given>", "start": <byte>, "end": <byte>, "line": <1-based>,
//!               "column": <1-based, characters>, "end_line": …, "end_column": …,
//!               "message": "…"}]}]
//! ```
//! `help` is omitted when there is none. Diagnostics are ordered by file position.

use std::io::{self, Write};

use serde::Serialize;

use super::Pair;
use crate::diagnostic::Diagnostic;

#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub rule: &'a str,
    pub severity: &'a str,
    pub message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<&'a str>,
    pub labels: Vec<JsonLabel<'a>>,
}

#[derive(Serialize)]
pub struct JsonLabel<'a> {
    pub path: &'a str,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: &'a str,
}

pub fn to_json<'a>(diagnostics: &'a [Diagnostic], pair: &'a Pair) -> Vec<JsonDiagnostic<'a>> {
    diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            rule: &d.rule,
            severity: d.severity.as_str(),
            message: &d.message,
            help: d.help.as_deref(),
            labels: d
                .labels
                .iter()
                .map(|l| {
                    let doc = pair.doc(l.side);
                    let (s, e) = (doc.position(l.span.start), doc.position(l.span.end));
                    JsonLabel {
                        path: &doc.path,
                        start: l.span.start,
                        end: l.span.end,
                        line: s.line,
                        column: s.column,
                        end_line: e.line,
                        end_column: e.column,
                        message: &l.message,
                    }
                })
                .collect(),
        })
        .collect()
}

pub fn render(diagnostics: &[Diagnostic], pair: &Pair, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_json(diagnostics, pair))?;
    writeln!(out)
}
