//! Determinizes the built-in patterns that rules/facts.tsv lists into DFAs, so that a run
//! learns whether a pattern matches a paragraph, and where the match ends, without compiling
//! the pattern (see `src/rules/matcher.rs`). A pattern whose DFA does not build, or is too
//! large, is left out: a run compiles it when it first searches, as it does a user's.
//!
//! Also names the version `--version` prints: the package's, and the commit it was built
//! from when the source is a git checkout.

use std::fmt::Write;
use std::path::Path;

use regex_automata::MatchKind;
use regex_automata::dfa::{StartKind, dense};
use regex_automata::nfa::thompson::{self, WhichCaptures};

/// The largest DFA stored, in bytes.
const MAX_DFA_BYTES: usize = 1 << 20;

fn main() {
    println!("cargo::rerun-if-changed=rules/facts.tsv");
    let version = env!("CARGO_PKG_VERSION");
    let version = match commit() {
        Some(commit) => format!("{version} ({commit})"),
        None => version.to_string(),
    };
    println!("cargo::rustc-env=YIZHI_VERSION={version}");
    let facts = std::fs::read_to_string("rules/facts.tsv").expect("rules/facts.tsv is readable");
    let big_endian = std::env::var("CARGO_CFG_TARGET_ENDIAN").is_ok_and(|e| e == "big");
    let mut blob = Vec::new();
    let mut index = String::from("&[\n");
    for line in facts.lines() {
        // A stale table (the freshness test in src/rules/load.rs says so) leaves patterns
        // without a DFA, never a wrong one: a run looks each up by its own key.
        let fields: Vec<&str> = line.split('\t').collect();
        let [key, _, _, pattern] = fields[..] else {
            continue;
        };
        let pattern = unescape(pattern);
        let (Some(forward), Some(reverse)) = (
            determinize(&pattern, false, big_endian),
            determinize(&pattern, true, big_endian),
        ) else {
            continue;
        };
        write!(index, "    (0x{key}").unwrap();
        for bytes in [forward, reverse] {
            // Each DFA at an offset a multiple of 8, in a blob the run aligns as much.
            blob.resize(blob.len().next_multiple_of(8), 0);
            write!(index, ", {}..{}", blob.len(), blob.len() + bytes.len()).unwrap();
            blob.extend(bytes);
        }
        index.push_str("),\n");
    }
    index.push_str("]\n");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("patterns.dfa"), blob).expect("OUT_DIR is writable");
    std::fs::write(Path::new(&out).join("patterns_dfa.rs"), index).expect("OUT_DIR is writable");
}

/// A pattern's DFA, minimized and serialized for the target: the forward one, dense, finds
/// where the leftmost-first match ends (unanchored: the engine runs no anchored forward
/// search); the reverse one, sparse, run anchored back from there, where it starts (every
/// match, so that it goes as far back as a match can), as `regex_automata::dfa::regex` and
/// the meta regex do.
fn determinize(pattern: &str, reverse: bool, big_endian: bool) -> Option<Vec<u8>> {
    let config = dense::Config::new()
        .dfa_size_limit(Some(MAX_DFA_BYTES * 8))
        .minimize(true);
    let config = if reverse {
        config
            .specialize_start_states(false)
            .start_kind(StartKind::Anchored)
            .match_kind(MatchKind::All)
    } else {
        config.start_kind(StartKind::Unanchored)
    };
    let dfa = dense::Builder::new()
        .configure(config)
        .thompson(
            thompson::Config::new()
                .reverse(reverse)
                .which_captures(WhichCaptures::None),
        )
        .build(pattern)
        .ok()?;
    let bytes = if reverse {
        // Sparse: it runs once a match is found, over the match alone.
        let sparse = dfa.to_sparse().ok()?;
        if big_endian {
            sparse.to_bytes_big_endian()
        } else {
            sparse.to_bytes_little_endian()
        }
    } else {
        let (bytes, padding) = if big_endian {
            dfa.to_bytes_big_endian()
        } else {
            dfa.to_bytes_little_endian()
        };
        bytes[padding..].to_vec()
    };
    (bytes.len() <= MAX_DFA_BYTES).then_some(bytes)
}

/// The pattern the facts table escaped (see `syntax::table`).
fn unescape(field: &str) -> String {
    field
        .replace("%09", "\t")
        .replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%25", "%")
}

/// The commit checked out, shortened, when the source is a git checkout and git runs; the
/// files that say which commit it is are watched, so that a new commit rebuilds.
fn commit() -> Option<String> {
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git").args(args).output().ok()?;
        let text = String::from_utf8(out.stdout).ok()?;
        out.status.success().then(|| text.trim().to_string())
    };
    // Only yizhi's own checkout: a published crate unpacked inside another repository is not.
    let top = git(&["rev-parse", "--show-toplevel"])?;
    let here = std::env::var("CARGO_MANIFEST_DIR").ok()?;
    if Path::new(&top).canonicalize().ok()? != Path::new(&here).canonicalize().ok()? {
        return None;
    }
    let commit = git(&["rev-parse", "--short=12", "HEAD"])?;
    let mut watched = vec![git(&["rev-parse", "--git-path", "HEAD"])?];
    if let Some(branch) = git(&["rev-parse", "--symbolic-full-name", "HEAD"]) {
        watched.extend(git(&["rev-parse", "--git-path", &branch]));
    }
    watched.extend(git(&["rev-parse", "--git-path", "packed-refs"]));
    for path in watched.iter().filter(|p| Path::new(p).exists()) {
        println!("cargo::rerun-if-changed={path}");
    }
    (!commit.is_empty() && commit.bytes().all(|b| b.is_ascii_hexdigit())).then_some(commit)
}
