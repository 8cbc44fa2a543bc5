//! The real UN corpus beside the repository (../shared/corpus): every finding must be in the
//! reviewed list tests/corpus-findings.toml, and every listed finding must still be reported.
//! Skipped, with a note, where the corpus is absent.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use yizhi::Options;
use yizhi::diagnostic::{Diagnostic, Side};
use yizhi::document::Document;
use yizhi::rules::RuleSet;

/// The corpus pairs: (name, English, Chinese, line-aligned).
const PAIRS: &[(&str, &str, &str, bool)] = &[
    (
        "un-docs/A_RES_217(III)",
        "un-docs/A_RES_217(III)/en.txt",
        "un-docs/A_RES_217(III)/zh.txt",
        false,
    ),
    (
        "un-docs/UN-Charter_chapters_I-III",
        "un-docs/UN-Charter_chapters_I-III/en.txt",
        "un-docs/UN-Charter_chapters_I-III/zh.txt",
        false,
    ),
    (
        "un-sentences/UNv1.0-devset",
        "un-sentences/UNv1.0-devset/en.txt",
        "un-sentences/UNv1.0-devset/zh.txt",
        true,
    ),
    (
        "un-sentences/SDG-goals-targets-indicators",
        "un-sentences/SDG-goals-targets-indicators/en.txt",
        "un-sentences/SDG-goals-targets-indicators/zh.txt",
        true,
    ),
];

pub fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.join("README.md").is_file() {
        Some(dir)
    } else {
        eprintln!("note: {} is absent; corpus tests skipped", dir.display());
        None
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Reviewed {
    finding: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    pair: String,
    rule: String,
    line: usize,
    /// How many findings of this rule the line has (default 1).
    #[serde(default = "one")]
    count: usize,
    reason: String,
}

fn one() -> usize {
    1
}

/// The line of a diagnostic's first label (English first).
fn line_of(d: &Diagnostic, en: &Document, zh: &Document) -> usize {
    let l = &d.labels[0];
    let doc = if l.side == Side::En { en } else { zh };
    doc.position(l.span.start).line
}

/// (pair, rule, line) → (count, an example message).
type Found = BTreeMap<(String, String, usize), (usize, String)>;

fn check_corpus(dir: &Path, rules: &RuleSet) -> Found {
    let mut found = Found::new();
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/A-RES-71-14");
    let mut pairs: Vec<(String, PathBuf, PathBuf, bool)> = vec![(
        "examples/A-RES-71-14".into(),
        seed.join("en.txt"),
        seed.join("zh.txt"),
        false,
    )];
    pairs.extend(
        PAIRS
            .iter()
            .map(|(n, e, z, l)| (n.to_string(), dir.join(e), dir.join(z), *l)),
    );
    for (name, en, zh, line_aligned) in pairs {
        let en = Document::read(&en.to_string_lossy()).unwrap();
        let zh = Document::read(&zh.to_string_lossy()).unwrap();
        let options = Options { line_aligned };
        for d in yizhi::analyse_with(&en, &zh, rules, options).diagnostics {
            let key = (name.clone(), d.rule.clone(), line_of(&d, &en, &zh));
            let entry = found.entry(key).or_insert((0, d.message.clone()));
            entry.0 += 1;
        }
    }
    found
}

#[test]
fn every_corpus_finding_is_reviewed() {
    let Some(dir) = corpus_dir() else { return };
    let rules = yizhi::rules::load(&[]).unwrap();
    let found = check_corpus(&dir, &rules);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus-findings.toml");
    let reviewed: Reviewed = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut expected: BTreeMap<(String, String, usize), usize> = BTreeMap::new();
    for e in &reviewed.finding {
        assert!(
            !e.reason.trim().is_empty(),
            "finding without a reason: {} line {}",
            e.pair,
            e.line
        );
        *expected
            .entry((e.pair.clone(), e.rule.clone(), e.line))
            .or_default() += e.count;
    }
    let mut problems = Vec::new();
    for (key, (count, message)) in &found {
        let listed = expected.get(key).copied().unwrap_or(0);
        if *count > listed {
            problems.push(format!(
                "new: {} {} line {} ({count}×, {listed} listed): {message}",
                key.0, key.1, key.2
            ));
        }
    }
    for (key, listed) in &expected {
        let count = found.get(key).map_or(0, |f| f.0);
        if count < *listed {
            problems.push(format!(
                "no longer reported: {} {} line {} ({count}×, {listed} listed)",
                key.0, key.1, key.2
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "corpus findings differ from tests/corpus-findings.toml:\n{}",
        problems.join("\n")
    );
}

/// The sentence-aligned dev set regrouped into its 376 documents and checked as documents, so
/// that paragraphs are aligned rather than given: the alignment must pair every line with its
/// counterpart (no paragraph without counterpart, none merged) and find exactly what the
/// line-aligned run finds.
#[test]
fn devset_documents_align_like_their_lines() {
    let Some(dir) = corpus_dir() else { return };
    let rules = yizhi::rules::load(&[]).unwrap();
    let set = dir.join("un-sentences/UNv1.0-devset");
    let read = |f: &str| std::fs::read_to_string(set.join(f)).unwrap();
    let (en, zh) = (read("en.txt"), read("zh.txt"));
    let (en, zh): (Vec<&str>, Vec<&str>) = (en.lines().collect(), zh.lines().collect());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let documents: Vec<_> = crate::harness::real_pairs(root)
        .into_iter()
        .filter(|p| p.source == "un-sentences/UNv1.0-devset")
        .collect();
    assert_eq!(documents.len(), 376);
    let mut as_documents = Vec::new();
    for pair in &documents {
        // The lines of the set, 1-based, that the document's lines are.
        let lines = &pair.source_lines;
        let e = Document::from_text("en.txt", pair.en.clone());
        let z = Document::from_text("zh.txt", pair.zh.clone());
        for d in yizhi::check_pair(&e, &z, &rules) {
            assert!(
                !d.rule.starts_with("paragraph-"),
                "misaligned document (lines {lines:?}): {d:#?}"
            );
            as_documents.push((d.rule.clone(), lines[line_of(&d, &e, &z) - 1]));
        }
    }
    let e = Document::from_text("en.txt", en.join("\n"));
    let z = Document::from_text("zh.txt", zh.join("\n"));
    let options = Options { line_aligned: true };
    let mut as_lines: Vec<_> = yizhi::analyse_with(&e, &z, &rules, options)
        .diagnostics
        .into_iter()
        .map(|d| (d.rule.clone(), line_of(&d, &e, &z)))
        .collect();
    as_documents.sort();
    as_lines.sort();
    assert_eq!(as_documents, as_lines);
}
