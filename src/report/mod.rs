//! Report formats: one file per format, each a renderer over the same checked pairs.
//!
//! One output covers a whole run: a single JSON array, one SARIF run, one line per finding.
//! A [`Writer`] takes the pairs one at a time, in order, and writes each as it comes, so that
//! a run over a corpus holds no document longer than it takes to check and report it.
//! Positions are converted from byte spans at this edge, each format in the unit its readers
//! count in.

mod concise;
mod excerpt;
mod github;
mod human;
mod json;
mod sarif;

use std::io::{self, Write};

pub use crate::CheckedPair;
use crate::diagnostic::{Diagnostic, Label};
use crate::document::Position;
use crate::rules::RuleSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette reports with both files' spans labelled.
    Human,
    /// One line per finding: `path:line:col: rule message`, for editors and grep.
    Concise,
    /// A JSON array, documented in the README.
    Json,
    /// GitHub Actions workflow commands: an annotation on each file involved.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
}

pub struct Options {
    pub color: bool,
}

/// Renders every finding of `pairs`. `rules` describes the rules (SARIF lists them).
pub fn render(
    format: Format,
    pairs: &[CheckedPair],
    rules: &RuleSet,
    options: &Options,
    out: &mut (dyn Write + Send),
) -> io::Result<()> {
    let mut writer = Writer::new(format, rules, options, out);
    for pair in pairs {
        writer.pair(pair)?;
    }
    writer.finish()
}

/// A report written pair by pair.
pub struct Writer<'o> {
    format: Format,
    color: bool,
    out: &'o mut (dyn Write + Send),
    /// JSON: the diagnostics written so far.
    written: usize,
    /// SARIF: what the log needs of the rules, and the results so far. A log is one JSON
    /// object; its results are small, and it is written whole at the end.
    sarif: Option<(sarif::Rules, Vec<serde_json::Value>)>,
}

impl<'o> Writer<'o> {
    pub fn new(
        format: Format,
        rules: &RuleSet,
        options: &Options,
        out: &'o mut (dyn Write + Send),
    ) -> Writer<'o> {
        Writer {
            format,
            color: options.color,
            out,
            written: 0,
            sarif: (format == Format::Sarif).then(|| (sarif::Rules::of(rules), Vec::new())),
        }
    }

    /// Writes the findings of one pair.
    pub fn pair(&mut self, pair: &CheckedPair) -> io::Result<()> {
        let one = std::slice::from_ref(pair);
        match self.format {
            Format::Human => human::render(one, &Options { color: self.color }, self.out),
            Format::Concise => concise::render(one, self.out),
            Format::Github => github::render(one, self.out),
            Format::Json => {
                self.written += json::write_elements(one, self.written, self.out)?;
                Ok(())
            }
            Format::Sarif => {
                let (rules, results) = self.sarif.as_mut().expect("made for SARIF");
                results.extend(sarif::results(one, rules));
                Ok(())
            }
        }
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// Closes what the format opened, and flushes.
    pub fn finish(self) -> io::Result<()> {
        match self.format {
            Format::Json => json::close(self.written, self.out)?,
            Format::Sarif => {
                let (rules, results) = self.sarif.expect("made for SARIF");
                sarif::write(&rules, results, self.out)?;
            }
            _ => {}
        }
        self.out.flush()
    }
}

/// Each finding with the pair it belongs to, in report order.
fn findings(pairs: &[CheckedPair]) -> impl Iterator<Item = (&CheckedPair, &Diagnostic)> {
    pairs
        .iter()
        .flat_map(|p| p.diagnostics.iter().map(move |d| (p, d)))
}

/// Where a label starts and ends (end exclusive), and the path of its file.
struct Located<'a> {
    path: &'a str,
    start: Position,
    end: Position,
}

fn locate<'a>(pair: &'a CheckedPair, label: &Label) -> Located<'a> {
    let doc = pair.doc(label.side);
    Located {
        path: &doc.path,
        start: doc.position(label.span.start),
        end: doc.position(label.span.end),
    }
}
