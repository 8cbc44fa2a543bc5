//! `--format sarif`: one SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers.
//!
//! One run; `tool.driver.rules` lists every loaded rule with its summary, documentation and
//! default level. Each result has a location in every file it labels (the first label on each
//! side: GitHub shows the first, the English one where there is one) and every label as a
//! related location, each with the label's message. `partialFingerprints["yizhi/v1"]` is the
//! fingerprint the baseline uses, so a viewer tracks a finding across unrelated edits too.
//! Columns count Unicode code points (`columnKind`), 1-based, end exclusive, as SARIF defines.
//! Paths are the paths shown elsewhere, as relative URI references (or `file://` URIs when
//! absolute). A result with a suggested fix ([`crate::fix`]) carries it in `fixes`: one
//! replacement of the fix's region, a region as the locations write theirs. A test validates
//! the output against the official schema.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::CheckedPair;
use crate::diagnostic::{Fix, Label, Severity, Side};
use crate::fingerprint;
use crate::rules::RuleSet;

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// What a log needs of the rules: their ids, sorted (a result's `ruleIndex` points into
/// them), and their descriptors.
pub struct Rules {
    ids: Vec<String>,
    descriptors: Vec<Value>,
}

impl Rules {
    pub fn of(rules: &RuleSet) -> Rules {
        let mut ids: Vec<String> = rules.rules.iter().map(|r| r.id.clone()).collect();
        ids.sort_unstable();
        let descriptors = ids
            .iter()
            .filter_map(|id| rules.get(id))
            .map(|r| {
                let mut d = json!({
                    "id": r.id,
                    "shortDescription": {"text": r.summary},
                    "fullDescription": {"text": r.summary},
                    "defaultConfiguration": {"level": level(r.severity)},
                });
                if !r.docs.trim().is_empty() {
                    d["help"] = json!({"text": r.docs.trim(), "markdown": r.docs.trim()});
                }
                d
            })
            .collect();
        Rules { ids, descriptors }
    }
}

/// The results of the findings of `pairs`.
pub fn results(pairs: &[CheckedPair], rules: &Rules) -> Vec<Value> {
    super::findings(pairs)
        .map(|(pair, d)| {
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str(&format!("\nhelp: {help}"));
            }
            let locations: Vec<Value> = Side::BOTH
                .into_iter()
                .filter_map(|side| d.labels.iter().find(|l| l.side == side))
                .map(|l| location(pair, l, None))
                .collect();
            let related: Vec<Value> = d
                .labels
                .iter()
                .enumerate()
                .map(|(i, l)| location(pair, l, Some(i + 1)))
                .collect();
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": {"text": message},
                "locations": locations,
                "relatedLocations": related,
                "partialFingerprints": {"yizhi/v1": fingerprint::of(pair, d)},
            });
            if let Some(index) = rules.ids.iter().position(|id| *id == d.rule) {
                result["ruleIndex"] = json!(index);
            }
            if let Some(fix) = &d.fix {
                result["fixes"] = json!([self::fix(pair, fix)]);
            }
            result
        })
        .collect()
}

/// Writes the log of one run with these results.
pub fn write(rules: &Rules, results: Vec<Value>, out: &mut dyn Write) -> io::Result<()> {
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "yizhi",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules.descriptors,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn location(pair: &CheckedPair, label: &Label, id: Option<usize>) -> Value {
    let at = super::locate(pair, label);
    let mut l = json!({
        "physicalLocation": {
            "artifactLocation": {"uri": uri(at.path)},
            "region": region(&at),
        },
        "message": {"text": label.message},
    });
    if let Some(id) = id {
        l["id"] = json!(id);
    }
    l
}

/// A region: 1-based lines and columns, the end exclusive.
fn region(at: &super::Located) -> Value {
    json!({
        "startLine": at.start.line,
        "startColumn": at.start.column,
        "endLine": at.end.line,
        "endColumn": at.end.column,
    })
}

/// A SARIF `fix`: the fix's span of its file replaced by its replacement.
fn fix(pair: &CheckedPair, fix: &Fix) -> Value {
    let at = super::locate(pair, &Label::new(fix.side, fix.span.clone(), ""));
    let old = pair.doc(fix.side).text.get(fix.span.clone()).unwrap_or("");
    json!({
        "description": {"text": format!("write {} for {old}", fix.replacement)},
        "artifactChanges": [{
            "artifactLocation": {"uri": uri(at.path)},
            "replacements": [{
                "deletedRegion": region(&at),
                "insertedContent": {"text": fix.replacement},
            }],
        }],
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A URI reference for a path: relative paths stay relative (code scanning resolves them
/// against the checkout), absolute ones become `file://` URIs. Everything but unreserved
/// characters and `/` is percent-encoded, so spaces and Chinese file names survive.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("zh/决议 1.txt"), "zh/%E5%86%B3%E8%AE%AE%201.txt");
        assert_eq!(uri("/tmp/a_E.txt"), "file:///tmp/a_E.txt");
    }
}
