//! One `yizhi check`, from arguments to an outcome the CLI renders: config → rules → pairs →
//! checks (in parallel) → rule policy → baseline. Prints nothing; progress is reported
//! through a callback, so the CLI decides whether a progress bar is drawn.
//!
//! Errors that make the run meaningless (a broken config, rule file or baseline) end it at
//! once. A file that cannot be read does not: the other pairs are still checked and reported,
//! and the error is kept for the CLI to print and to turn into exit code 2.

use std::path::{Path, PathBuf};

use crate::baseline::{Baseline, Recorder};
use crate::config::{Config, Policy};
use crate::diagnostic::{Diagnostic, Label, Severity, Side};
use crate::discover::{self, Discovery, Job};
use crate::document::Document;
use crate::error::InputError;
use crate::rules::RuleSet;
use crate::{CheckedPair, Options};

/// The rule reported for a file whose counterpart does not exist (`rules/files.toml`).
pub const COUNTERPART_MISSING: &str = "counterpart-missing";

/// What `yizhi check` was asked to do.
#[derive(Debug, Default, Clone)]
pub struct Request {
    /// Files of pairs (or an English and a Chinese file); none: the whole project.
    pub files: Vec<String>,
    /// Rule files from `--rules`, loaded after the config's.
    pub rule_files: Vec<String>,
    /// `--config`; otherwise yizhi.toml is looked for.
    pub config: Option<String>,
    pub baseline: Option<String>,
    pub write_baseline: Option<String>,
    /// Never read two unclaimed files as a pair (for hooks, which pass any changed files).
    pub layout_only: bool,
    /// How each pair is read (`--line-aligned`).
    pub options: Options,
    /// Standard input, read as the document its path names (`-`, or `--stdin-filename`),
    /// which `files` lists: it is read instead of a file of that path.
    pub stdin: Option<Document>,
}

/// A run ready to go: everything loaded and the pairs of the files given found, nothing read
/// yet. A project is walked as its pairs are checked.
pub struct Plan {
    pub config: Config,
    pub rules: RuleSet,
    pairs: Pairs,
    policy: Policy,
    baseline: Option<Baseline>,
    write_baseline: Option<String>,
    options: Options,
    stdin: Option<Document>,
}

/// Where a run's pairs come from.
enum Pairs {
    /// The pairs of the files given, found before the run.
    Given(Discovery),
    /// No files given: the project, walked from this working directory as its pairs are
    /// checked.
    Walk(PathBuf),
}

/// Starts the global thread pool with `threads` threads (0: one per core), so that the
/// threads come up while the rules load. Whoever starts it first wins.
pub fn start_threads(threads: usize) {
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global();
}

impl Plan {
    /// Loads config, rules and baseline and finds the pairs of the files given. `cwd` must be
    /// the process's working directory: the paths of the jobs are read relative to it.
    pub fn new(request: &Request, cwd: &Path) -> miette::Result<Plan> {
        let config = Config::load(request.config.as_deref(), cwd)?;
        let (rules, policy) = config.load_rules(&request.rule_files)?;
        let baseline = request
            .baseline
            .as_deref()
            .map(Baseline::read)
            .transpose()?;
        if let Some(path) = &request.write_baseline {
            crate::baseline::check_writable(path)?;
        }
        let pairs = if request.files.is_empty() {
            Pairs::Walk(cwd.to_path_buf())
        } else {
            // A file that holds both versions (gettext PO) is a pair of its own, given once
            // or twice; the other files pair as their layouts say.
            let (bilingual, files): (Vec<String>, Vec<String>) = request
                .files
                .iter()
                .cloned()
                .partition(|f| crate::format::Format::of_path(f).is_bilingual());
            let stdin = request.stdin.as_ref().map(|d| d.path.as_str());
            let mut discovery =
                discover::from_files(&config, cwd, &files, request.layout_only, stdin);
            let mut seen = std::collections::HashSet::new();
            for f in bilingual {
                if seen.insert(f.clone()) {
                    discovery.jobs.push(Job {
                        paths: [f.clone(), f.clone()],
                        key: [f.clone(), f],
                        missing: None,
                        via: None,
                    });
                }
            }
            Pairs::Given(discovery)
        };
        Ok(Plan {
            config,
            rules,
            pairs,
            policy,
            baseline,
            write_baseline: request.write_baseline.clone(),
            options: request.options,
            stdin: request.stdin.clone(),
        })
    }

    /// How many pairs the run will check, when it is known before: the pairs of a walk are
    /// counted as they are found.
    pub fn pair_count(&self) -> Option<usize> {
        match &self.pairs {
            Pairs::Given(discovery) => Some(discovery.jobs.len()),
            Pairs::Walk(_) => None,
        }
    }

    /// Checks every pair on `threads` threads (0: one per core), calling `tick` after each,
    /// and gives each checked pair to `report`, in job order. Pairs are checked at most a
    /// window ahead of the report and dropped once reported, so that memory does not grow
    /// with the corpus.
    /// Once `report` fails (a closed pipe), nothing more is checked.
    pub fn run(
        self,
        threads: usize,
        tick: &(dyn Fn() + Sync),
        report: &mut (dyn FnMut(&CheckedPair) -> std::io::Result<()> + Send),
    ) -> Outcome {
        let Plan {
            config,
            rules,
            pairs,
            policy,
            baseline,
            write_baseline,
            options,
            stdin,
        } = self;
        let check = |job: &Job| {
            let result = check_job(job, &rules, &policy, options, stdin.as_ref());
            tick();
            result
        };
        let (discovery, walk_from) = match pairs {
            Pairs::Given(discovery) => (discovery, None),
            Pairs::Walk(cwd) => (Discovery::default(), Some(cwd)),
        };
        let mut outcome = Outcome {
            rules: RuleSet::default(),
            checked: 0,
            counts: [0; 3],
            only: None,
            errors: discovery
                .errors
                .into_iter()
                .map(miette::Report::new)
                .collect(),
            unpaired: discovery.unpaired,
            excluded: discovery.excluded,
            hidden: 0,
            baseline_written: None,
            report_error: None,
            walked: walk_from.is_some().then(|| config.root.clone()),
            nothing_found: false,
        };
        let mut baseline = baseline;
        let mut recorder = write_baseline.as_ref().map(|_| Recorder::default());
        let mut take = |result: Result<CheckedPair, Vec<InputError>>| -> bool {
            let mut pair = match result {
                Ok(pair) => pair,
                Err(es) => {
                    outcome
                        .errors
                        .extend(es.into_iter().map(miette::Report::new));
                    return true;
                }
            };
            if let Some(b) = baseline.as_mut() {
                outcome.hidden += b.hide(&mut pair);
            }
            if let Some(r) = recorder.as_mut() {
                r.add(&pair);
            }
            outcome.count(&pair);
            match report(&pair) {
                Ok(()) => true,
                Err(e) => {
                    outcome.report_error = Some(e);
                    false
                }
            }
        };
        match &walk_from {
            Some(cwd) => {
                let mut walk = discover::walk(&config, cwd);
                in_order(&mut walk, threads, &check, &mut take);
                outcome
                    .errors
                    .extend(walk.errors.into_iter().map(miette::Report::new));
                // A repository in which no layout finds a pair is not consistent: it is
                // unchecked, and says how to declare its layout.
                if outcome.checked == 0 && outcome.errors.is_empty() {
                    outcome.errors.push(no_pairs(&config.root));
                    outcome.nothing_found = true;
                }
            }
            None => in_order(discovery.jobs.into_iter(), threads, &check, &mut take),
        }
        if let (Some(path), Some(recorder)) = (write_baseline, recorder) {
            match recorder.write(&path) {
                Ok(n) => outcome.baseline_written = Some((path, n)),
                Err(e) => outcome.errors.push(miette::Report::new(e)),
            }
        }
        Outcome { rules, ..outcome }
    }
}

/// Checks `jobs` on `threads` threads (0: the global pool's) and gives each result to `take`
/// in job order, until `take` says stop. Jobs are handed out in order; the thread that
/// completes the first result not yet taken takes it, and every one that waited for it. A
/// thread that would run more than [`AHEAD`] jobs per thread ahead of that result waits, so
/// memory stays bounded however large the corpus.
fn in_order<J: Send, T: Send>(
    jobs: impl Iterator<Item = J> + Send,
    threads: usize,
    check: &(dyn Fn(&J) -> T + Sync),
    take: &mut (dyn FnMut(T) -> bool + Send),
) {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
    use std::sync::{Condvar, Mutex, PoisonError};
    // The command line starts the global pool with the right threads as it begins (see
    // `start_threads`); a caller who asks for other threads gets a pool of its own.
    let own_pool = (threads != 0 && threads != rayon::current_num_threads())
        .then(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .ok()
        })
        .flatten();
    let width = own_pool
        .as_ref()
        .map_or_else(rayon::current_num_threads, |p| p.current_num_threads());
    let window = AHEAD * width;
    // The jobs, handed out one at a time with their place in the order.
    let source = Mutex::new(jobs.enumerate());
    let stop = AtomicBool::new(false);
    // The results done ahead of the first not yet taken, and `take`, under one lock.
    let order = Mutex::new((0usize, std::collections::BTreeMap::new(), take));
    // Threads that wait for the window to move count themselves, so that the condition
    // variable is notified only when someone waits.
    let (taken, waiters, moved) = (AtomicUsize::new(0), AtomicUsize::new(0), Condvar::new());
    let worker = || {
        // A check that panics (a bug) never gives its result: the threads waiting for it
        // must not wait for ever. They stop, and the scope passes the panic on.
        let _unblock = OnPanic(|| {
            stop.store(true, SeqCst);
            let _guard = order.lock().unwrap_or_else(PoisonError::into_inner);
            moved.notify_all();
        });
        loop {
            if stop.load(SeqCst) {
                return;
            }
            let next = source.lock().unwrap_or_else(PoisonError::into_inner).next();
            let Some((k, job)) = next else {
                return;
            };
            let ahead = || k >= taken.load(SeqCst) + window && !stop.load(SeqCst);
            if ahead() {
                waiters.fetch_add(1, SeqCst);
                let mut guard = order.lock().unwrap_or_else(PoisonError::into_inner);
                while ahead() {
                    guard = moved.wait(guard).unwrap_or_else(PoisonError::into_inner);
                }
                waiters.fetch_sub(1, SeqCst);
            }
            let result = check(&job);
            let mut guard = order.lock().unwrap_or_else(PoisonError::into_inner);
            if stop.load(SeqCst) {
                return;
            }
            let (next, waiting, take) = &mut *guard;
            waiting.insert(k, result);
            while let Some(result) = waiting.remove(next) {
                *next += 1;
                if !take(result) {
                    stop.store(true, SeqCst);
                    break;
                }
            }
            taken.store(*next, SeqCst);
            if waiters.load(SeqCst) > 0 || stop.load(SeqCst) {
                moved.notify_all();
            }
        }
    };
    let work = || {
        rayon::scope(|workers| {
            for _ in 0..width {
                workers.spawn(|_| worker());
            }
        })
    };
    match &own_pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// Runs its closure when dropped during a panic.
struct OnPanic<F: Fn()>(F);

impl<F: Fn()> Drop for OnPanic<F> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            (self.0)();
        }
    }
}

/// Results per thread that may wait for a slower one before the checking threads pause.
const AHEAD: usize = 256;

/// Reads and checks one pair. A missing counterpart is a finding, not an error. `stdin`: the
/// document read from standard input, read instead of the file of its path.
fn check_job(
    job: &Job,
    rules: &RuleSet,
    policy: &Policy,
    options: Options,
    stdin: Option<&Document>,
) -> Result<CheckedPair, Vec<InputError>> {
    let given = |path: &str| stdin.filter(|d| d.path == path).cloned();
    let read = |side: Side| {
        let path = &job.paths[side as usize];
        if job.missing == Some(side) {
            Ok(Document::from_text(path, String::new()))
        } else {
            given(path).map_or_else(|| Document::read(path), Ok)
        }
    };
    let from_stdin = job.paths.iter().any(|p| given(p).is_some());
    let (en, zh) = match job.missing {
        // Both files: read them as a pair, refusing the same file twice, an empty side or
        // the languages the wrong way round.
        None if job.paths[0] == job.paths[1]
            && crate::format::Format::of_path(&job.paths[0]).is_bilingual() =>
        {
            match given(&job.paths[0]) {
                Some(doc) => crate::input::validate_pair(&doc, &doc)
                    .map(|()| (doc.clone(), doc))
                    .map_err(|e| vec![e])?,
                None => crate::input::read_bilingual(&job.paths[0]).map_err(|e| vec![e])?,
            }
        }
        None if from_stdin => {
            let (en, zh) = (
                read(Side::En).map_err(|e| vec![e])?,
                read(Side::Zh).map_err(|e| vec![e])?,
            );
            crate::input::validate_pair(&en, &zh).map_err(|e| vec![e])?;
            (en, zh)
        }
        None => crate::input::read_pair(&job.paths[0], &job.paths[1]).map_err(|e| vec![e])?,
        Some(_) => match (read(Side::En), read(Side::Zh)) {
            (Ok(en), Ok(zh)) => (en, zh),
            (en, zh) => return Err([en.err(), zh.err()].into_iter().flatten().collect()),
        },
    };
    let diagnostics = match job.missing {
        None => {
            let analysis =
                crate::try_analyse_with(&en, &zh, rules, options).map_err(|e| vec![e])?;
            policy.finish(analysis.diagnostics, &analysis.directives, &job.key, rules)
        }
        Some(missing) => counterpart_missing(&job.paths, &job.key, missing, rules, policy)
            .into_iter()
            .collect(),
    };
    // Reports quote the documents of findings only: a clean pair keeps its paths, not its
    // text, so that a run over a corpus holds little more than its findings.
    let (en, zh) = if diagnostics.is_empty() {
        (
            Document::from_text(&en.path, String::new()),
            Document::from_text(&zh.path, String::new()),
        )
    } else {
        (en, zh)
    };
    Ok(CheckedPair {
        en,
        zh,
        key: job.key.clone(),
        diagnostics,
    })
}

/// The `counterpart-missing` finding for a pair whose `missing` side does not exist (`paths`:
/// English and Chinese, as shown; `keys`: relative to the project root), or `None` when the
/// policy turns the rule off, or `[per-file-ignores]` ignores it in the file that exists.
pub fn counterpart_missing(
    paths: &[String; 2],
    keys: &[String; 2],
    missing: Side,
    rules: &RuleSet,
    policy: &Policy,
) -> Option<Diagnostic> {
    let present = missing.other();
    let default = rules
        .get(COUNTERPART_MISSING)
        .map_or(Severity::Error, |r| r.severity);
    let severity = policy.level(COUNTERPART_MISSING, default)?;
    if policy.ignores(&keys[present as usize], COUNTERPART_MISSING) {
        return None;
    }
    let (here, there) = (&paths[present as usize], &paths[missing as usize]);
    Some(Diagnostic {
        rule: COUNTERPART_MISSING.into(),
        severity,
        message: format!(
            "{here} has no {} counterpart: {there} does not exist",
            missing.name()
        ),
        help: Some(format!(
            "add the {} version as {there}; if it is elsewhere, say where with [[pair]] in \
             yizhi.toml (`yizhi pairs` shows how files pair); or skip this file with `exclude`",
            missing.name()
        )),
        // The whole file is the finding; an empty label at its start keeps every format's
        // position valid and the fingerprint free of the file's text.
        labels: vec![Label::new(
            present,
            0..0,
            format!("no {} counterpart", missing.name()),
        )],
        fix: None,
    })
}

/// The result of a run, once its pairs are reported.
pub struct Outcome {
    /// Pairs checked.
    pub checked: usize,
    /// Findings reported, indexed by severity.
    counts: [usize; 3],
    /// The rules the run used; the caller decides when they are freed.
    pub rules: RuleSet,
    /// The paths of the pair, when exactly one was checked.
    only: Option<(String, String)>,
    /// Files that could not be read, folders that could not be walked, a baseline that could
    /// not be written: reported after the findings, exit code 2.
    pub errors: Vec<miette::Report>,
    pub unpaired: Vec<String>,
    pub excluded: usize,
    /// Findings the baseline hid.
    pub hidden: usize,
    /// Where the baseline went, and how many findings it holds.
    pub baseline_written: Option<(String, usize)>,
    /// Why the report could not be written, when it could not.
    pub report_error: Option<std::io::Error>,
    /// The project root, when it was walked (no files given).
    walked: Option<std::path::PathBuf>,
    /// Whether the walk found no pair: the one error is [`no_pairs`].
    nothing_found: bool,
}

/// The error of a whole-project run that finds no pair.
pub fn no_pairs(root: &Path) -> miette::Report {
    miette::miette!(
        code = "yizhi::input::no_pairs",
        help = "declare how your English and Chinese files pair with [[pair]] in yizhi.toml \
                (docs/layouts.md lists the built-in layouts); `yizhi pairs` lists what was \
                skipped",
        "no pairs found in {}: no two files pair under the layouts",
        root.display()
    )
}

impl Outcome {
    fn count(&mut self, pair: &CheckedPair) {
        self.checked += 1;
        self.only = (self.checked == 1).then(|| (pair.en.path.clone(), pair.zh.path.clone()));
        for d in &pair.diagnostics {
            self.counts[d.severity as usize] += 1;
        }
    }

    fn reported(&self, severity: Severity) -> usize {
        self.counts[severity as usize]
    }

    /// 2 when something could not be read; else 1 when an error-level finding is reported
    /// (none is, once recorded in a new baseline); else 0.
    pub fn exit_code(&self) -> u8 {
        if !self.errors.is_empty() {
            2
        } else if self.baseline_written.is_none() && self.reported(Severity::Error) > 0 {
            1
        } else {
            0
        }
    }

    /// The line printed at the end of a run.
    pub fn summary(&self) -> String {
        let (e, w, i) = (
            self.reported(Severity::Error),
            self.reported(Severity::Warning),
            self.reported(Severity::Info),
        );
        let findings = if e + w + i == 0 {
            "consistent, no findings".to_string()
        } else {
            let mut parts = vec![plural(e, "error"), plural(w, "warning")];
            if i > 0 {
                parts.push(plural(i, "note"));
            }
            parts.join(", ")
        };
        let head = match (self.checked, &self.only, &self.walked) {
            (1, Some((en, zh)), _) => format!("{en} ↔ {zh}: {findings}"),
            (0, _, Some(root)) if self.nothing_found => {
                format!("no pairs found in {}", root.display())
            }
            (0, _, _) if !self.errors.is_empty() => "nothing checked".to_string(),
            (0, _, Some(root)) => format!("no pairs found in {}", root.display()),
            (0, _, None) => "no pairs to check".to_string(),
            (n, _, _) => format!("{} checked: {findings}", plural(n, "pair")),
        };
        let mut notes = Vec::new();
        if let Some((path, n)) = &self.baseline_written {
            notes.push(format!("{} recorded in {path}", plural(*n, "finding")));
        }
        if self.hidden > 0 {
            notes.push(format!("{} in the baseline not shown", self.hidden));
        }
        if !self.unpaired.is_empty() {
            notes.push(format!(
                "{} of no pair skipped",
                plural(self.unpaired.len(), "file")
            ));
        }
        if self.excluded > 0 {
            notes.push(format!("{} excluded", plural(self.excluded, "file")));
        }
        if !self.errors.is_empty() && !self.nothing_found {
            notes.push(format!(
                "{} above",
                plural(self.errors.len(), "input error")
            ));
        }
        // Paths are the user's and the walk's: printed on one line, control characters
        // escaped.
        let line = if notes.is_empty() {
            head
        } else {
            format!("{head} ({})", notes.join("; "))
        };
        crate::escape::line(&line).into_owned()
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::in_order;

    /// Jobs of uneven length, so that they finish out of order.
    fn slow(k: &usize) -> usize {
        std::thread::sleep(std::time::Duration::from_micros(
            ((k * 7919) % 13) as u64 * 100,
        ));
        *k
    }

    #[test]
    fn results_are_taken_in_job_order() {
        let jobs: Vec<usize> = (0..2000).collect();
        for threads in [1, 2, 4] {
            let mut taken = Vec::new();
            in_order(jobs.iter().copied(), threads, &slow, &mut |k| {
                taken.push(k);
                true
            });
            assert_eq!(taken, jobs, "{threads} threads");
        }
    }

    #[test]
    fn a_panicking_check_ends_the_run_instead_of_blocking_it() {
        let jobs: Vec<usize> = (0..2000).collect();
        let check = |k: &usize| {
            assert!(*k != 5, "a bug in a check");
            slow(k)
        };
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            in_order(jobs.iter().copied(), 2, &check, &mut |_| true);
        }));
        assert!(run.is_err());
    }

    #[test]
    fn nothing_is_taken_after_take_says_stop() {
        let jobs: Vec<usize> = (0..2000).collect();
        let mut taken = Vec::new();
        in_order(jobs.iter().copied(), 4, &slow, &mut |k| {
            taken.push(k);
            k < 10
        });
        assert_eq!(taken, (0..=10).collect::<Vec<_>>());
    }
}
