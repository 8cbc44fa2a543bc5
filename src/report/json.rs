//! `--format json`: a stable JSON array of diagnostics.
//!
//! ## Wire format
//! ```text
//! [{"rule": "date-mismatch", "severity": "error|warning|info", "message": "…", "help": "…",
//!   "labels": [{"path": "<as given>", "start": <byte>, "end": <byte>, "line": <1-based>,
//!               "column": <1-based, characters>, "end_line": …, "end_column": …,
//!               "message": "…"}],
//!   "fix": {"path": …, "start": …, "end": …, "line": …, "column": …, "end_line": …,
//!           "end_column": …, "replacement": "…"}}]
//! ```
//! `help` is omitted when there is none, `fix` when no fix is offered ([`crate::fix`]): its
//! span is replaced by `replacement`. Diagnostics are ordered by pair (as found), then by
//! file position; one array holds the findings of every pair checked.

use std::io::{self, Write};

use serde::Serialize;

use super::CheckedPair;
use crate::diagnostic::Label;

#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub rule: &'a str,
    pub severity: &'a str,
    pub message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<&'a str>,
    pub labels: Vec<JsonLabel<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<JsonFix<'a>>,
}

/// A suggested fix: the span to replace, located as a label is, and what replaces it.
#[derive(Serialize)]
pub struct JsonFix<'a> {
    pub path: &'a str,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub replacement: &'a str,
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

pub fn to_json(pairs: &[CheckedPair]) -> Vec<JsonDiagnostic<'_>> {
    super::findings(pairs)
        .map(|(pair, d)| JsonDiagnostic {
            rule: &d.rule,
            severity: d.severity.as_str(),
            message: &d.message,
            help: d.help.as_deref(),
            labels: d
                .labels
                .iter()
                .map(|l| {
                    let at = super::locate(pair, l);
                    JsonLabel {
                        path: at.path,
                        start: l.span.start,
                        end: l.span.end,
                        line: at.start.line,
                        column: at.start.column,
                        end_line: at.end.line,
                        end_column: at.end.column,
                        message: &l.message,
                    }
                })
                .collect(),
            fix: d.fix.as_ref().map(|f| {
                // Located as a label on its span is.
                let at = super::locate(pair, &Label::new(f.side, f.span.clone(), ""));
                JsonFix {
                    path: at.path,
                    start: f.span.start,
                    end: f.span.end,
                    line: at.start.line,
                    column: at.start.column,
                    end_line: at.end.line,
                    end_column: at.end.column,
                    replacement: &f.replacement,
                }
            }),
        })
        .collect()
}

/// Writes the diagnostics of `pairs` as further elements of the array, `before` having been
/// written already; returns how many it wrote. The array is laid out as `serde_json` lays out
/// a whole one.
pub fn write_elements(
    pairs: &[CheckedPair],
    before: usize,
    out: &mut dyn Write,
) -> io::Result<usize> {
    let diagnostics = to_json(pairs);
    for (k, d) in diagnostics.iter().enumerate() {
        let opening = if before + k == 0 { "[\n" } else { ",\n" };
        let element = serde_json::to_string_pretty(d)?;
        // Strings in JSON hold no raw line breaks: every one is the layout's.
        write!(out, "{opening}  {}", element.replace('\n', "\n  "))?;
    }
    Ok(diagnostics.len())
}

/// Ends the array of `written` diagnostics.
pub fn close(written: usize, out: &mut dyn Write) -> io::Result<()> {
    if written == 0 {
        writeln!(out, "[]")
    } else {
        writeln!(out, "\n]")
    }
}
