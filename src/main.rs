//! The command line: arguments → run → exit code. Nothing else.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use yizhi::diagnostic::Severity;
use yizhi::document::Document;
use yizhi::report::{self, Format};
use yizhi::rules;

/// yizhi (一致) checks that the English and Chinese versions of a document agree: dates,
/// document symbols, paragraphs and footnotes.
#[derive(Parser)]
#[command(name = "yizhi", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check an English/Chinese pair. Exit code 0: no errors; 1: errors found; 2: bad input.
    Check {
        /// The English version.
        en: String,
        /// The Chinese version.
        zh: String,
        /// An extra rule file (repeatable), loaded after the built-in rules.
        #[arg(long = "rules", value_name = "FILE")]
        rules: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Colour: auto (when printing to a terminal), always or never.
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
    },
    /// Show how yizhi reads a pair: blocks, zones, extracted values and the alignment.
    Inspect {
        en: String,
        zh: String,
        #[arg(long = "rules", value_name = "FILE")]
        rules: Vec<String>,
    },
    /// List every rule with its summary.
    Rules {
        #[arg(long = "rules", value_name = "FILE")]
        rules: Vec<String>,
    },
    /// Show the documentation of a rule.
    Explain {
        rule: String,
        #[arg(long = "rules", value_name = "FILE")]
        rules: Vec<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Errors go to stderr; in logs and pipes, lines are kept whole so they can be searched.
    let terminal = std::io::stderr().is_terminal();
    let _ = miette::set_hook(Box::new(move |_| {
        Box::new(
            miette::MietteHandlerOpts::new()
                .wrap_lines(terminal)
                .build(),
        )
    }));
    match run(cli) {
        Ok(code) => code,
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> miette::Result<ExitCode> {
    match cli.command {
        Command::Check {
            en,
            zh,
            rules,
            format,
            color,
        } => {
            let rules = rules::load(&rules)?;
            let (en, zh) = yizhi::input::read_pair(&en, &zh)?;
            let diagnostics = yizhi::try_check_pair(&en, &zh, &rules)?;
            let stdout = std::io::stdout();
            let color = match color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            let pair = report::Pair { en: &en, zh: &zh };
            let mut out = stdout.lock();
            let written = report::render(
                format,
                &diagnostics,
                &pair,
                &report::Options { color },
                &mut out,
            )
            .and_then(|()| out.flush());
            if let Err(e) = written
                && e.kind() != std::io::ErrorKind::BrokenPipe
            {
                return Err(miette::miette!("cannot write the report: {e}"));
            }
            if format == Format::Human {
                eprintln!("{}", summary(&diagnostics, &en.path, &zh.path));
            }
            let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
            Ok(ExitCode::from(u8::from(failed)))
        }
        Command::Inspect { en, zh, rules } => {
            let rules = rules::load(&rules)?;
            let en = Document::read(&en)?;
            let zh = Document::read(&zh)?;
            let analysis = yizhi::analyse(&en, &zh, &rules);
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(yizhi::inspect::render(&en, &zh, &rules, &analysis).as_bytes());
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules { rules } => {
            let set = rules::load(&rules)?;
            let width = set.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
            let mut out = std::io::stdout().lock();
            for r in &set.rules {
                let _ = writeln!(
                    out,
                    "{:width$}  {:7}  {}",
                    r.id,
                    r.severity.as_str(),
                    r.summary
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { rule, rules } => {
            let set = rules::load(&rules)?;
            let Some(r) = set.get(&rule) else {
                let ids: Vec<&str> = set.rules.iter().map(|r| r.id.as_str()).collect();
                return Err(miette::miette!(
                    help = format!("known rules: {}", ids.join(", ")),
                    "no rule `{rule}`"
                ));
            };
            let mut out = std::io::stdout().lock();
            let _ = writeln!(
                out,
                "# {}\n\n{}\n\nseverity: {}  ·  defined in {}\n{}",
                r.id,
                r.summary,
                r.severity.as_str(),
                r.origin,
                r.docs
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn summary(diagnostics: &[yizhi::diagnostic::Diagnostic], en: &str, zh: &str) -> String {
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let (e, w, i) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    if diagnostics.is_empty() {
        return format!("{en} ↔ {zh}: consistent, no findings");
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut parts = vec![plural(e, "error"), plural(w, "warning")];
    if i > 0 {
        parts.push(plural(i, "note"));
    }
    format!("{en} ↔ {zh}: {}", parts.join(", "))
}
