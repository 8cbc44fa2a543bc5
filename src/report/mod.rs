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
    out: &'o mut (dyn Write + Send),
    state: State,
}

/// What a format carries from one pair to the next.
enum State {
    Human(Box<human::Human>),
    Concise,
    Github,
    /// The diagnostics written so far.
    Json(usize),
    /// What the log needs of the rules, and the results so far. A log is one JSON object;
    /// its results are small, and it is written whole at the end.
    Sarif(sarif::Rules, Vec<serde_json::Value>),
}

impl<'o> Writer<'o> {
    pub fn new(
        format: Format,
        rules: &RuleSet,
        options: &Options,
        out: &'o mut (dyn Write + Send),
    ) -> Writer<'o> {
        let state = match format {
            Format::Human => State::Human(Box::new(human::Human::new(options))),
            Format::Concise => State::Concise,
            Format::Github => State::Github,
            Format::Json => State::Json(0),
            Format::Sarif => State::Sarif(sarif::Rules::of(rules), Vec::new()),
        };
        Writer { out, state }
    }

    /// Writes the findings of one pair.
    pub fn pair(&mut self, pair: &CheckedPair) -> io::Result<()> {
        let one = std::slice::from_ref(pair);
        match &mut self.state {
            State::Human(human) => human.render(one, self.out),
            State::Concise => concise::render(one, self.out),
            State::Github => github::render(one, self.out),
            State::Json(written) => {
                *written += json::write_elements(one, *written, self.out)?;
                Ok(())
            }
            State::Sarif(rules, results) => {
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
        match self.state {
            State::Json(written) => json::close(written, self.out)?,
            State::Sarif(rules, results) => sarif::write(&rules, results, self.out)?,
            State::Human(_) | State::Concise | State::Github => {}
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
