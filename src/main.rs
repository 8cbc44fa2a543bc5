//! The command line: arguments → run → exit code. Nothing else.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use yizhi::escape::{self, Escaped};
use yizhi::report::{self, Format};
use yizhi::{config, rules, run};

/// yizhi (一致) checks that the English and Chinese versions of a document agree: dates,
/// document symbols, paragraphs and footnotes.
#[derive(Parser)]
#[command(name = "yizhi", version = env!("YIZHI_VERSION"), about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check pairs: the files given with their counterparts, or every pair of the project.
    /// Exit code 0: no errors; 1: errors found; 2: bad input.
    Check {
        /// Files of pairs, each checked with its counterparts (as a pre-commit hook passes
        /// them), or two files: that English and that Chinese file. None: every pair under
        /// the project root. `-` is standard input.
        #[arg(value_name = "FILE")]
        files: Vec<String>,
        /// The path standard input (`-`) stands for: its format, its place in the layouts
        /// and the name findings give it [default: `-`, plain text].
        #[arg(long, value_name = "PATH")]
        stdin_filename: Option<String>,
        /// An extra rule file (repeatable), loaded after the built-in rules.
        #[arg(long = "rules", value_name = "FILE")]
        rules: Vec<String>,
        /// The config file [default: yizhi.toml in the working directory or above].
        #[arg(long, value_name = "FILE")]
        config: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Colour: auto (when printing to a terminal), always or never.
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
        /// The files are line-aligned (line N of one translates line N of the other), as in
        /// sentence-aligned corpora: pair lines as they stand instead of aligning paragraphs.
        #[arg(long)]
        line_aligned: bool,
        /// Pairs checked at once [default: one per core].
        #[arg(long, value_name = "N", default_value_t = 0, hide_default_value = true)]
        threads: usize,
        /// Report only the findings this baseline file does not record.
        #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
        baseline: Option<String>,
        /// Record every finding in this baseline file (and exit 0 unless input is bad).
        #[arg(long, value_name = "FILE")]
        write_baseline: Option<String>,
        /// Pair files through the layouts only: never check two given files as that pair,
        /// skip files of no pair. For hooks, which pass every changed file.
        #[arg(long)]
        layout_only: bool,
        /// Print the fixes yizhi is certain of (values the Chinese writes otherwise than the
        /// English) as a unified diff of each Chinese file, instead of the findings; write
        /// nothing. The exit code is the check's.
        #[arg(long, conflicts_with_all = ["fix", "format", "write_baseline"])]
        diff: bool,
        /// Apply the fixes `--diff` shows to the Chinese files, then report what remains.
        #[arg(long, conflicts_with = "write_baseline")]
        fix: bool,
    },
    /// List what the layouts pair (English ↔ Chinese, and the layout that paired them) and
    /// what they skip, and why: the files given, as `check --layout-only` pairs them, or the
    /// whole project. Reads no document.
    Pairs {
        #[arg(value_name = "FILE")]
        files: Vec<String>,
        #[arg(long, value_name = "FILE")]
        config: Option<String>,
    },
    /// Write a commented starter yizhi.toml in the working directory.
    Init {
        /// Overwrite an existing yizhi.toml.
        #[arg(long)]
        force: bool,
    },
    /// Show how yizhi reads a pair: blocks, zones, extracted values and the alignment.
    Inspect {
        en: String,
        zh: String,
        #[arg(long = "rules", value_name = "FILE")]
        rules: Vec<String>,
    },
    /// List every rule with its summary and severity ("off" when yizhi.toml turns it off).
    Rules {
        #[arg(long = "rules", value_name = "FILE")]
        rules: Vec<String>,
        #[arg(long, value_name = "FILE")]
        config: Option<String>,
    },
    /// Show the documentation of a rule.
    Explain {
        rule: String,
        #[arg(long = "rules", value_name = "FILE")]
        rules: Vec<String>,
        #[arg(long, value_name = "FILE")]
        config: Option<String>,
    },
    /// Run the language server on stdin and stdout, for editors: diagnostics for both files
    /// of a pair whenever either is opened or changed.
    Lsp,
    /// Print the completion script of a shell, to be saved where the shell looks for
    /// completions (docs/install.md), e.g. `yizhi completions bash >
    /// ~/.local/share/bash-completion/completions/yizhi`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
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
            eprintln!("{:?}", miette::Report::new(Escaped(report)));
            ExitCode::from(2)
        }
    }
}

/// Reads standard input when `files` has a `-`, as the document `name` names (`-` when no
/// name is given), and gives `-` in `files` that name. At most one `-`, and a name only with
/// one.
fn read_stdin(
    files: &mut [String],
    name: Option<String>,
) -> miette::Result<Option<yizhi::document::Document>> {
    let dashes = files.iter().filter(|f| *f == "-").count();
    if dashes > 1 {
        return Err(miette::miette!(
            "standard input (`-`) is given {dashes} times: it can be one file only"
        ));
    }
    if dashes == 0 {
        return match name {
            Some(_) => Err(miette::miette!(
                help = "give `-` among the files, e.g. `yizhi check en/a.md - --stdin-filename zh/a.md`",
                "--stdin-filename names standard input, but no file is `-`"
            )),
            None => Ok(None),
        };
    }
    let name = name.unwrap_or_else(|| "-".to_string());
    for f in files.iter_mut().filter(|f| *f == "-") {
        f.clone_from(&name);
    }
    let limit = yizhi::document::MAX_FILE_BYTES;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(std::io::stdin().lock(), limit + 1),
        &mut bytes,
    )
    .map_err(|e| miette::miette!("cannot read standard input: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(yizhi::error::InputError::TooLarge {
            path: name,
            size: bytes.len() as u64,
            limit,
            still_growing: true,
        }
        .into());
    }
    Ok(Some(yizhi::document::Document::from_bytes(&name, &bytes)?))
}

fn run(cli: Cli) -> miette::Result<ExitCode> {
    let cwd = std::env::current_dir()
        .map_err(|e| miette::miette!("cannot read the working directory: {e}"))?;
    match cli.command {
        Command::Check {
            mut files,
            stdin_filename,
            rules,
            config,
            format,
            color,
            line_aligned,
            threads,
            baseline,
            write_baseline,
            layout_only,
            diff,
            fix,
        } => {
            let stdin = read_stdin(&mut files, stdin_filename)?;
            let threads = cap_threads(threads);
            run::start_threads(threads);
            let stdin_path = stdin.as_ref().map(|d| d.path.clone());
            let request = run::Request {
                files,
                rule_files: rules,
                config,
                baseline,
                write_baseline,
                layout_only,
                options: yizhi::Options { line_aligned },
                stdin,
            };
            if diff {
                return print_diffs(&request, &cwd, threads);
            }
            let fix_errors = if fix {
                apply_fixes(&request, &cwd, threads, stdin_path.as_deref())?
            } else {
                Vec::new()
            };
            let plan = run::Plan::new(&request, &cwd)?;
            let bar = progress_bar(plan.pair_count());
            let stdout = std::io::stdout();
            let color = match color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            // Findings are written as their pairs are checked. On a terminal each pair's are
            // shown at once, above the progress bar; elsewhere they are buffered.
            let interactive = stdout.is_terminal();
            // Written from the thread that checked the pair: unlocked, and sent along.
            let mut out = std::io::BufWriter::new(stdout);
            let options = report::Options { color };
            let mut writer = report::Writer::new(format, &plan.rules, &options, &mut out);
            let mut outcome = plan.run(threads, &|| bar.inc(1), &mut |pair| {
                bar.suspend(|| {
                    writer.pair(pair)?;
                    if interactive { writer.flush() } else { Ok(()) }
                })
            });
            bar.finish_and_clear();
            outcome.errors.extend(fix_errors);
            let written = match outcome.report_error.take() {
                Some(e) => Err(e),
                None => writer.finish(),
            };
            if let Err(e) = written
                && e.kind() != std::io::ErrorKind::BrokenPipe
            {
                return Err(miette::miette!("cannot write the report: {e}"));
            }
            Ok(finish(outcome))
        }
        Command::Pairs { files, config } => {
            let config = config::Config::load(config.as_deref(), &cwd)?;
            let mut out = std::io::stdout().lock();
            let listed = match yizhi::pairs::list(&config, &cwd, &files, &mut out) {
                Ok(listed) => listed,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                    return Ok(ExitCode::SUCCESS);
                }
                Err(e) => return Err(miette::miette!("cannot write the list: {e}")),
            };
            for error in &listed.errors {
                eprintln!("error: {error}");
            }
            eprintln!(
                "{} paired, {} skipped",
                plural(listed.pairs, "pair"),
                plural(listed.skipped, "file")
            );
            if files.is_empty() && listed.pairs == 0 && listed.errors.is_empty() {
                eprintln!("{:?}", run::no_pairs(&config.root));
                return Ok(ExitCode::from(2));
            }
            Ok(ExitCode::from(if listed.errors.is_empty() { 0 } else { 2 }))
        }
        Command::Completions { shell } => {
            // Written whole once generated: a closed pipe ends the output, never the process.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "yizhi", &mut script);
            match std::io::stdout().lock().write_all(&script) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(miette::miette!("cannot write the completion script: {e}"))
                }
                _ => Ok(ExitCode::SUCCESS),
            }
        }
        Command::Init { force } => {
            let path = cwd.join(config::FILE_NAME);
            // A link counts as there, even one to nothing.
            if std::fs::symlink_metadata(&path).is_ok() && !force {
                return Err(miette::miette!(
                    help = "pass --force to overwrite it",
                    "{} already exists",
                    config::FILE_NAME
                ));
            }
            yizhi::atomic::write_atomically(&path, config::STARTER.as_bytes()).map_err(|e| {
                miette::miette!(
                    "cannot write {}: {}",
                    config::FILE_NAME,
                    yizhi::error::io_reason(&e)
                )
            })?;
            println!("wrote {}", config::FILE_NAME);
            Ok(ExitCode::SUCCESS)
        }
        Command::Inspect { en, zh, rules } => {
            let rules = rules::load(&rules)?;
            // Read as `check` reads a pair: an empty side, the same file twice or swapped
            // languages are refused.
            let (en, zh) = yizhi::input::read_pair(&en, &zh)?;
            let analysis = yizhi::analyse(&en, &zh, &rules);
            let mut out = std::io::stdout().lock();
            let shown = yizhi::inspect::render(&en, &zh, &rules, &analysis);
            let _ = out.write_all(escape::text(&shown).as_bytes());
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules { rules, config } => {
            let (set, policy) =
                config::Config::load(config.as_deref(), &cwd)?.load_rules(&rules)?;
            let width = set.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
            let mut out = std::io::stdout().lock();
            for r in &set.rules {
                let level = policy
                    .level(&r.id, r.severity)
                    .map_or("off", |s| s.as_str());
                let _ = writeln!(
                    out,
                    "{:width$}  {:7}  {}",
                    escape::line(&r.id),
                    level,
                    escape::line(&r.summary)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain {
            rule,
            rules,
            config,
        } => {
            let (set, _) = config::Config::load(config.as_deref(), &cwd)?.load_rules(&rules)?;
            let Some(r) = set.get(&rule) else {
                let ids: Vec<&str> = set.rules.iter().map(|r| r.id.as_str()).collect();
                let help = match config::closest(&rule, &ids) {
                    Some(id) => format!("did you mean `{id}`?"),
                    None => format!("known rules: {}", ids.join(", ")),
                };
                return Err(miette::miette!(help = help, "no rule `{rule}`"));
            };
            let mut out = std::io::stdout().lock();
            let page = format!(
                "# {}\n\n{}\n\nseverity: {}  ·  defined in {}\n{}",
                r.id,
                r.summary,
                r.severity.as_str(),
                r.origin,
                r.docs
            );
            let _ = writeln!(out, "{}", escape::text(&page));
            Ok(ExitCode::SUCCESS)
        }
        Command::Lsp => match yizhi::lsp::run_stdio() {
            Ok(yizhi::lsp::Ended::Clean) => Ok(ExitCode::SUCCESS),
            Ok(yizhi::lsp::Ended::Abrupt) => Ok(ExitCode::from(1)),
            Err(e) => Err(miette::miette!("language server: {e}")),
        },
    }
}

/// Prints the errors of a run and its summary on stderr, and gives its exit code.
fn finish(mut outcome: run::Outcome) -> ExitCode {
    // Paths and file names in errors are escaped as they are printed.
    outcome.errors = std::mem::take(&mut outcome.errors)
        .into_iter()
        .map(|error| {
            let error = miette::Report::new(Escaped(error));
            eprintln!("{error:?}");
            error
        })
        .collect();
    // Every run ends with a summary line on stderr, machine formats too: their output is
    // stdout's.
    eprintln!("{}", outcome.summary());
    let code = ExitCode::from(outcome.exit_code());
    // Freeing every document, finding and compiled pattern one by one takes longer than the
    // exit that frees them at once.
    std::mem::forget(outcome);
    code
}

/// Checks the pairs of `request` without reporting them, and gathers their fixes.
fn gather_fixes(
    request: &run::Request,
    cwd: &std::path::Path,
    threads: usize,
) -> miette::Result<(yizhi::fix::Pending, run::Outcome)> {
    let plan = run::Plan::new(request, cwd)?;
    let bar = progress_bar(plan.pair_count());
    let mut pending = yizhi::fix::Pending::default();
    let outcome = plan.run(threads, &|| bar.inc(1), &mut |pair| {
        pending.add(pair);
        Ok(())
    });
    bar.finish_and_clear();
    Ok((pending, outcome))
}

/// `check --diff`: the diff of every file with a fix on stdout, the run's errors and summary
/// on stderr, and the exit code `check` gives.
fn print_diffs(
    request: &run::Request,
    cwd: &std::path::Path,
    threads: usize,
) -> miette::Result<ExitCode> {
    let (pending, outcome) = gather_fixes(request, cwd, threads)?;
    let mut out = std::io::stdout().lock();
    for file in pending.files() {
        match out.write_all(file.diff().as_bytes()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => break,
            Err(e) => return Err(miette::miette!("cannot write the diff: {e}")),
            Ok(()) => {}
        }
    }
    match out.flush() {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(miette::miette!("cannot write the diff: {e}"));
        }
        _ => {}
    }
    Ok(finish(outcome))
}

/// `check --fix`: checks the pairs, writes the fixes of each file that has not changed since
/// it was read, and says how many it wrote; the check that follows reports what remains.
/// Returns the files whose fixes could not be written, as errors of the run (exit code 2).
/// A file that is not plain UTF-8, or standard input, is skipped with a warning.
fn apply_fixes(
    request: &run::Request,
    cwd: &std::path::Path,
    threads: usize,
    stdin_path: Option<&str>,
) -> miette::Result<Vec<miette::Report>> {
    let (pending, outcome) = gather_fixes(request, cwd, threads)?;
    // The check that follows reports this run's errors again.
    drop(outcome);
    let mut errors = Vec::new();
    let (mut applied, mut files) = (0, 0);
    for file in pending.files() {
        if Some(file.path.as_str()) == stdin_path {
            eprintln!(
                "warning: {} is standard input: its fixes are not written",
                escape::line(&file.path)
            );
            continue;
        }
        let path = std::path::Path::new(&file.path);
        match yizhi::fix::write(path, &file.text, &file.fixes) {
            Ok(0) => {}
            Ok(n) => {
                applied += n;
                files += 1;
            }
            Err(e @ yizhi::fix::WriteError::NotPlain { .. }) => {
                eprintln!("warning: {}", escape::line(&e.to_string()));
            }
            Err(e) => errors.push(miette::miette!(code = "yizhi::fix::not_written", "{e}")),
        }
    }
    let fixes = if applied == 1 { "fix" } else { "fixes" };
    eprintln!("applied {applied} {fixes} in {}", plural(files, "file"));
    Ok(errors)
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// More threads than this many per core only cost memory and switching (5,000 threads took
/// minutes for one pair).
const THREADS_PER_CORE: usize = 4;

/// `--threads N`, capped at [`THREADS_PER_CORE`] per core, with a warning when it is.
fn cap_threads(threads: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cap = THREADS_PER_CORE * cores;
    if threads > cap {
        eprintln!(
            "warning: --threads {threads} is more than {THREADS_PER_CORE} per core ({cores} cores): using {cap}"
        );
        cap
    } else {
        threads
    }
}

/// A progress bar on stderr for runs of several pairs, drawn only on a terminal and never in
/// CI logs (where `CI` is set), so piped and logged output stays clean: a bar when the number
/// of pairs is known, a count when they are found as they are checked (a walk).
fn progress_bar(pairs: Option<usize>) -> ProgressBar {
    let terminal = std::io::stderr().is_terminal();
    if !show_progress(pairs, terminal, std::env::var_os("CI").is_some()) {
        return ProgressBar::hidden();
    }
    let template = match pairs {
        Some(_) => "{bar:40} {pos}/{len} pairs  {elapsed}",
        None => "{spinner} {pos} pairs  {elapsed}",
    };
    let style = ProgressStyle::with_template(template).expect("the template is valid");
    ProgressBar::with_draw_target(pairs.map(|n| n as u64), ProgressDrawTarget::stderr())
        .with_style(style)
}

fn show_progress(pairs: Option<usize>, terminal: bool, ci: bool) -> bool {
    pairs.is_none_or(|n| n > 1) && terminal && !ci
}

#[cfg(test)]
mod tests {
    #[test]
    fn progress_only_on_a_terminal_outside_ci() {
        assert!(super::show_progress(Some(20), true, false));
        assert!(super::show_progress(None, true, false));
        assert!(!super::show_progress(Some(20), false, false));
        assert!(!super::show_progress(None, true, true));
        assert!(!super::show_progress(Some(1), true, false));
    }
}
