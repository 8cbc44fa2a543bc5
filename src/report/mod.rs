//! Report formats: one file per format, each a renderer over the same checked pairs.
//!
//! Every format takes the whole list of [`CheckedPair`]s of a run, in order, so that one output
//! covers a repository: a single JSON array, one SARIF run, one line per finding. Positions are
//! converted from byte spans at this edge, each format in the unit its readers count in.

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
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(pairs, options, out),
        Format::Concise => concise::render(pairs, out),
        Format::Json => json::render(pairs, out),
        Format::Github => github::render(pairs, out),
        Format::Sarif => sarif::render(pairs, rules, out),
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
