//! `yizhi pairs`: what the layouts pair, and what they skip and why, without reading a file.

use std::io::Write;
use std::path::Path;

use crate::config::Config;
use crate::discover::{self, Found, Job, Skip};

/// The extensions of documents: a file of one of them that no layout pairs is listed by
/// name; other files are only counted.
const DOCUMENTS: &[&str] = &["txt", "md", "mdx", "markdown", "json", "yaml", "yml", "po"];

/// What a listing found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Listed {
    pub pairs: usize,
    pub skipped: usize,
    /// Files refused (links out of the root), files given that cannot be read.
    pub errors: Vec<String>,
}

/// Lists the pairs of `files` (as `yizhi check --layout-only FILE…` finds them), or of the
/// whole project when none is given, one line each: `EN ↔ ZH  (layout)`, then what was
/// skipped and why.
pub fn list(
    config: &Config,
    cwd: &Path,
    files: &[String],
    out: &mut dyn Write,
) -> std::io::Result<Listed> {
    let mut listed = Listed::default();
    let mut others = 0;
    let mut skipped = Vec::new();
    if files.is_empty() {
        let mut walk = discover::walk(config, cwd);
        while let Some(found) = walk.next_found() {
            match found {
                Found::Pair(job) => {
                    listed.pairs += 1;
                    writeln!(out, "{}", pair_line(config, &job))?;
                }
                Found::Skipped(rel, Skip::NoLayout) if !is_document(&rel) => others += 1,
                Found::Skipped(rel, why) => {
                    let shown = discover::display(&config.root.join(&rel), cwd, false);
                    skipped.push(format!("skipped {shown}: {why}"));
                }
                Found::Refused(_, error) => listed.errors.push(error.to_string()),
            }
        }
        listed
            .errors
            .extend(walk.errors.iter().map(ToString::to_string));
    } else {
        let discovery = discover::from_files(config, cwd, files, true, None);
        for job in &discovery.jobs {
            listed.pairs += 1;
            writeln!(out, "{}", pair_line(config, job))?;
        }
        for file in &discovery.unpaired {
            skipped.push(format!("skipped {file}: no layout pairs it"));
        }
        if discovery.excluded > 0 {
            skipped.push(format!(
                "skipped {} excluded file{}",
                discovery.excluded,
                if discovery.excluded == 1 { "" } else { "s" }
            ));
        }
        listed
            .errors
            .extend(discovery.errors.iter().map(ToString::to_string));
    }
    listed.skipped = skipped.len() + others;
    for line in &skipped {
        writeln!(out, "{line}")?;
    }
    if others > 0 {
        writeln!(
            out,
            "skipped {others} other file{} of no pair (not documents: {})",
            if others == 1 { "" } else { "s" },
            DOCUMENTS.join(", ")
        )?;
    }
    Ok(listed)
}

fn is_document(rel: &str) -> bool {
    Path::new(rel)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DOCUMENTS.contains(&e))
}

/// `en/a.md ↔ zh-CN/a.md  (**/en/{path}.{…} ↔ **/zh-CN/{path}.{…})`, with the side that does
/// not exist marked.
fn pair_line(config: &Config, job: &Job) -> String {
    let [en, zh] = [0, 1].map(|i| {
        if job.missing.is_some_and(|s| s as usize == i) {
            format!("{} (does not exist)", job.paths[i])
        } else {
            job.paths[i].clone()
        }
    });
    let via = match job.via {
        Some((layout, variant)) => config
            .layouts
            .get(layout)
            .map_or_else(String::new, |l| l.describe(variant)),
        None => "named on the command line".into(),
    };
    format!("{en} ↔ {zh}  ({via})")
}
