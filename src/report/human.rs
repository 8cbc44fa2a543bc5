//! The default format: miette graphical reports. The English spans are shown in the English
//! file, and the Chinese spans as a related report on the Chinese file.

use std::fmt;
use std::io::{self, Write};

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    Severity as MietteSeverity,
};

use super::excerpt::Excerpt;
use super::{CheckedPair, Options};
use crate::diagnostic::{Diagnostic, Severity, Side};

/// Labels longer than this (whole paragraphs) are underlined on their first characters only.
const LONGEST_UNDERLINE: usize = 30;

/// The miette handler a run's reports are drawn with, made once.
pub struct Human(GraphicalReportHandler);

impl Human {
    pub fn new(options: &Options) -> Human {
        let theme = if options.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        Human(
            GraphicalReportHandler::new_themed(theme)
                .with_width(100)
                .with_context_lines(0)
                .with_wrap_lines(false)
                .with_show_related_as_nested(true),
        )
    }

    pub fn render(&self, pairs: &[CheckedPair], out: &mut dyn Write) -> io::Result<()> {
        for (pair, d) in super::findings(pairs) {
            let report = build(d, pair);
            let mut s = String::new();
            self.0
                .render_report(&mut s, &report)
                .map_err(|e| io::Error::other(e.to_string()))?;
            writeln!(out, "{s}")?;
        }
        Ok(())
    }
}

/// One side's part of a diagnostic, as miette wants it.
struct Part {
    message: String,
    code: Option<String>,
    severity: MietteSeverity,
    help: Option<String>,
    source: Excerpt,
    labels: Vec<LabeledSpan>,
    related: Vec<Part>,
}

fn build(d: &Diagnostic, pair: &CheckedPair) -> Part {
    let severity = match d.severity {
        Severity::Error => MietteSeverity::Error,
        Severity::Warning => MietteSeverity::Warning,
        Severity::Info => MietteSeverity::Advice,
    };
    let sides: Vec<Side> = Side::BOTH
        .into_iter()
        .filter(|s| d.labels.iter().any(|l| l.side == *s))
        .collect();
    let part = |side: Side| {
        let doc = pair.doc(side);
        let labels: Vec<LabeledSpan> = d
            .labels
            .iter()
            .filter(|l| l.side == side)
            .map(|l| {
                let text = &doc.text[l.span.clone()];
                let len = text
                    .char_indices()
                    .nth(LONGEST_UNDERLINE)
                    .map_or(text.len(), |(i, _)| i);
                let message = crate::escape::line(&l.message).into_owned();
                LabeledSpan::new(Some(message), l.span.start, len)
            })
            .collect();
        let spans: Vec<_> = labels
            .iter()
            .map(|l| l.offset()..l.offset() + l.len())
            .collect();
        Part {
            message: String::new(),
            code: None,
            severity,
            help: None,
            source: Excerpt::new(doc, &spans),
            labels,
            related: Vec::new(),
        }
    };
    let mut main = part(sides.first().copied().unwrap_or(Side::En));
    main.message = crate::escape::line(&d.message).into_owned();
    main.code = Some(d.rule.clone());
    main.help = d
        .help
        .as_deref()
        .map(|h| crate::escape::line(h).into_owned());
    if let Some(&second) = sides.get(1) {
        let mut related = part(second);
        related.message = format!("in the {} version", second.name());
        main.related.push(related);
    }
    main
}

impl fmt::Debug for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Part {}

impl MietteDiagnostic for Part {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<MietteSeverity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn MietteDiagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|r| r as &dyn MietteDiagnostic),
            ))
        }
    }
}
