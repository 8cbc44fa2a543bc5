//! Baselines: adopting yizhi on a corpus that already has findings.
//!
//! `--write-baseline FILE` records the fingerprint of every finding of a run; `--baseline
//! FILE` then hides those findings, so that only new ones are reported and fail the check.
//! Fingerprints (see [`crate::fingerprint`]) hash the rule, the pair's paths and the labelled
//! text, not positions, so unrelated edits keep a recorded finding recorded. A fingerprint
//! recorded twice hides two equal findings, and a third is new.
//!
//! ## File format
//! ```json
//! {
//!   "yizhi-baseline": 1,
//!   "findings": [
//!     {"fingerprint": "9c1d…", "rule": "date-mismatch", "en": "en/a.txt", "zh": "zh/a.txt",
//!      "message": "…"}
//!   ]
//! }
//! ```
//! Only `fingerprint` is read back; the other fields are there for the reader of a diff.

use std::collections::HashMap;

use miette::Diagnostic;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::CheckedPair;
use crate::fingerprint;

pub const FORMAT_VERSION: u32 = 1;

/// Baselines larger than this are refused before they are read (a finding takes some 300
/// bytes: this is some 200,000 findings).
pub const MAX_BASELINE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Error, Diagnostic)]
pub enum BaselineError {
    #[error("cannot read baseline {path}: {reason}")]
    #[diagnostic(code(yizhi::baseline::io))]
    Read { path: String, reason: String },

    #[error("{path} is not a yizhi baseline: {reason}")]
    #[diagnostic(
        code(yizhi::baseline::format),
        help("write one with `yizhi check --write-baseline {path}`")
    )]
    Format { path: String, reason: String },

    #[error("cannot write baseline {path}: {reason}")]
    #[diagnostic(code(yizhi::baseline::io))]
    Write { path: String, reason: String },
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(rename = "yizhi-baseline")]
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    fingerprint: String,
    rule: String,
    en: String,
    zh: String,
    message: String,
}

/// The recorded fingerprints, with how many findings each may hide.
#[derive(Debug, Default)]
pub struct Baseline {
    counts: HashMap<String, usize>,
}

impl Baseline {
    pub fn read(path: &str) -> Result<Baseline, BaselineError> {
        let read = |reason: String| BaselineError::Read {
            path: path.into(),
            reason,
        };
        let (bytes, _) = crate::bounded::read(std::path::Path::new(path), MAX_BASELINE_BYTES)
            .map_err(|e| read(e.reason("a baseline", MAX_BASELINE_BYTES)))?;
        let text = String::from_utf8(bytes).map_err(|_| read("not valid UTF-8".into()))?;
        let file: File = serde_json::from_str(&text).map_err(|e| BaselineError::Format {
            path: path.into(),
            // A message about the data may quote it: only of a file named as JSON (symbolic
            // links resolved), not of whatever a committed link points at.
            reason: if e.is_data()
                && !crate::toml_error::has_extension(std::path::Path::new(path), "json")
            {
                format!(
                    "not the JSON yizhi writes (line {}, column {})",
                    e.line(),
                    e.column()
                )
            } else {
                e.to_string()
            },
        })?;
        if file.version != FORMAT_VERSION {
            return Err(BaselineError::Format {
                path: path.into(),
                reason: format!("format version {}, expected {FORMAT_VERSION}", file.version),
            });
        }
        let mut counts = HashMap::new();
        for entry in file.findings {
            *counts.entry(entry.fingerprint).or_insert(0) += 1;
        }
        Ok(Baseline { counts })
    }

    /// Removes the recorded findings from one pair of a run, the pairs given in order; returns
    /// how many it removed. Each recorded finding hides one finding of the run.
    pub fn hide(&mut self, pair: &mut CheckedPair) -> usize {
        let known: Vec<bool> = pair
            .diagnostics
            .iter()
            .map(|d| match self.counts.get_mut(&fingerprint::of(pair, d)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    true
                }
                _ => false,
            })
            .collect();
        let hidden = known.iter().filter(|&&k| k).count();
        let mut known = known.into_iter();
        pair.diagnostics.retain(|_| !known.next().unwrap_or(false));
        hidden
    }
}

/// Checks, before a run, that a baseline may be written to `path`: nothing is there, or a
/// yizhi baseline (or an empty file) is. Anything else — a document of the run given by
/// mistake, any file yizhi did not write — is refused and left as it is.
pub fn check_writable(path: &str) -> Result<(), BaselineError> {
    let refuse = |reason: &str| BaselineError::Write {
        path: path.into(),
        reason: reason.into(),
    };
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(refuse(&crate::error::io_reason(&e))),
        Ok(meta) if meta.file_type().is_symlink() => Err(refuse(
            "it is a symbolic link, which yizhi does not write through",
        )),
        Ok(meta) if !meta.is_file() => Err(refuse("it is not a regular file")),
        Ok(meta) if meta.len() == 0 => Ok(()),
        Ok(_) => match Baseline::read(path) {
            Ok(_) => Ok(()),
            Err(_) => Err(refuse(
                "it exists and is not a yizhi baseline; yizhi replaces only a baseline it wrote",
            )),
        },
    }
}

/// The findings of a run, pair by pair, for a new baseline.
#[derive(Default)]
pub struct Recorder {
    findings: Vec<Entry>,
}

impl Recorder {
    pub fn add(&mut self, pair: &CheckedPair) {
        self.findings.extend(pair.diagnostics.iter().map(|d| Entry {
            fingerprint: fingerprint::of(pair, d),
            rule: d.rule.clone(),
            en: pair.key[0].clone(),
            zh: pair.key[1].clone(),
            message: d.message.clone(),
        }));
    }

    /// Writes the baseline to `path`; returns how many findings it holds.
    pub fn write(self, path: &str) -> Result<usize, BaselineError> {
        write_entries(path, self.findings)
    }
}

fn write_entries(path: &str, findings: Vec<Entry>) -> Result<usize, BaselineError> {
    let count = findings.len();
    let file = File {
        version: FORMAT_VERSION,
        findings,
    };
    let mut text = serde_json::to_string_pretty(&file).expect("a baseline serialises");
    text.push('\n');
    crate::atomic::write_atomically(std::path::Path::new(path), text.as_bytes()).map_err(|e| {
        BaselineError::Write {
            path: path.into(),
            reason: crate::error::io_reason(&e),
        }
    })?;
    Ok(count)
}
