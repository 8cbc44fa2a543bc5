//! Report formats: one file per format, each a renderer over the same diagnostics.

mod excerpt;
mod human;
mod json;

use std::io::{self, Write};

use crate::diagnostic::{Diagnostic, Side};
use crate::document::Document;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette reports with both files' spans labelled.
    Human,
    /// A JSON array, documented in the README.
    Json,
}

/// The two documents diagnostics point into.
pub struct Pair<'a> {
    pub en: &'a Document,
    pub zh: &'a Document,
}

impl<'a> Pair<'a> {
    pub fn doc(&self, side: Side) -> &'a Document {
        match side {
            Side::En => self.en,
            Side::Zh => self.zh,
        }
    }
}

pub struct Options {
    pub color: bool,
}

pub fn render(
    format: Format,
    diagnostics: &[Diagnostic],
    pair: &Pair,
    options: &Options,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(diagnostics, pair, options, out),
        Format::Json => json::render(diagnostics, pair, out),
    }
}
