//! Works out the facts of the built-in rules' patterns (capture names, trigger literals), their
//! parsed form and, for all but the largest, a DFA at build time, so that a run parses and
//! determinizes none of them: see `src/rules/syntax.rs`, `src/rules/hir_code.rs` and
//! `src/rules/matcher.rs`.

use std::fmt::Write;
use std::path::Path;

use regex_automata::MatchKind;
use regex_automata::dfa::{StartKind, dense};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_syntax::hir::Look;

/// The largest DFA stored, in bytes. The few larger ones (long alternations of number words)
/// are determinized lazily at run time, as a user's patterns are.
const MAX_DFA_BYTES: usize = 256 * 1024;

#[allow(dead_code)]
#[path = "src/rules/syntax.rs"]
mod syntax;

#[allow(dead_code)]
#[path = "src/rules/hir_code.rs"]
mod hir_code;

#[allow(dead_code)]
#[path = "src/fold.rs"]
mod fold;

#[path = "src/rules/narrow.rs"]
mod narrow;

// For `narrow`: the sieve's rewrites come with it.
#[allow(dead_code)]
#[path = "src/rules/rewrite.rs"]
mod rewrite;

#[path = "src/rules/nfa_code.rs"]
mod nfa_code;

#[allow(dead_code)]
#[path = "src/rules/varint.rs"]
mod varint;

#[allow(dead_code)]
#[path = "src/rules/schema.rs"]
mod schema;

#[allow(dead_code)]
#[path = "src/diagnostic.rs"]
mod diagnostic;

#[path = "build/rule_code.rs"]
mod rule_code;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let rules = Path::new(&root).join("rules");
    println!("cargo::rerun-if-changed=rules");
    println!("cargo::rerun-if-changed=src/rules/syntax.rs");
    println!("cargo::rerun-if-changed=src/rules/hir_code.rs");
    println!("cargo::rerun-if-changed=src/rules/narrow.rs");
    println!("cargo::rerun-if-changed=src/rules/rewrite.rs");
    println!("cargo::rerun-if-changed=src/rules/nfa_code.rs");
    println!("cargo::rerun-if-changed=src/rules/varint.rs");
    println!("cargo::rerun-if-changed=src/fold.rs");
    println!("cargo::rerun-if-changed=src/fold_traditional.rs");
    println!("cargo::rerun-if-changed=src/rules/schema.rs");
    println!("cargo::rerun-if-changed=src/diagnostic.rs");
    println!("cargo::rerun-if-changed=build/rule_code.rs");
    let mut files: Vec<_> = std::fs::read_dir(&rules)
        .expect("rules/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut patterns = Vec::new();
    // Each built-in rule file, parsed, as code (see build/rule_code.rs).
    let mut parsed = String::from(
        "/// A built-in rule file as build.rs parsed it, by its name in `EMBEDDED_FILES`.\n\
         pub(crate) fn parsed(name: &str) -> Option<RuleFile> {\n    match name {\n",
    );
    for path in files {
        let text = std::fs::read_to_string(&path).expect("rule files are UTF-8");
        // A file that does not parse is reported when the rules load, with its span.
        if let Ok(file) = toml::from_str::<schema::RuleFile>(&text) {
            collect(&file, &mut patterns);
            let name = path.file_name().expect("a file").to_string_lossy();
            let key = format!("rules/{name}");
            write!(parsed, "        {key:?} => Some(").expect("writing to a String");
            rule_code::Code::code(&file, &mut parsed);
            parsed.push_str("),\n");
        }
    }
    parsed.push_str("        _ => None,\n    }\n}\n");
    patterns.sort();
    patterns.dedup();
    // What each built-in pattern is stored as (`rules::load::BuiltIn`), sorted by pattern.
    let mut out = String::from("pub(crate) static BUILT_IN: &[BuiltIn] = &[\n");
    let mut literals: Vec<Vec<u8>> = Vec::new();
    let big_endian = std::env::var("CARGO_CFG_TARGET_ENDIAN").is_ok_and(|e| e == "big");
    let mut dfas: Vec<u8> = Vec::new();
    let away = narrow::folded_away(fold::fold_char);
    for pattern in &patterns {
        // Parsed as a run would parse it (the engine's default flags).
        let Ok(hir) = regex_syntax::parse(pattern) else {
            continue;
        };
        let facts = syntax::facts_of(&hir);
        literals.extend(
            facts
                .trigger
                .iter()
                .flatten()
                .map(|l| l.to_ascii_lowercase()),
        );
        // What runs is the pattern narrowed to folded text; its facts are the pattern's.
        let hir = narrow::narrow(&hir, &away);
        let names: Vec<String> = facts
            .names
            .iter()
            .map(|n| match n {
                Some(n) => format!("Some({n:?})"),
                None => "None".into(),
            })
            .collect();
        let trigger: Vec<String> = facts
            .trigger
            .iter()
            .map(|set| {
                let literals: Vec<String> = set.iter().map(|l| format!("&{l:?}")).collect();
                format!("&[{}]", literals.join(", "))
            })
            .collect();
        // A match of a pattern that opens with `^` starts where the search does: it needs no
        // reverse DFA to find its start (every `then` continuation is one).
        let anchored = hir.properties().look_set_prefix().contains(Look::Start);
        let forward = dfa(&hir, big_endian, false);
        let reverse = match forward {
            Some(_) if !anchored => dfa(&hir, big_endian, true),
            _ => None,
        };
        let mut store = |bytes: Option<Vec<u8>>| match bytes {
            Some(bytes) => {
                // Each DFA starts at a multiple of 8, as the blob does (see load.rs).
                dfas.resize(dfas.len().next_multiple_of(8), 0);
                let at = dfas.len();
                dfas.extend_from_slice(&bytes);
                format!("Some({at}..{})", at + bytes.len())
            }
            None => "None".into(),
        };
        let (forward, reverse) = (store(forward), store(reverse));
        let nfa = nfa(&hir, &facts.names).unwrap_or_default();
        writeln!(
            out,
            "    BuiltIn {{ pattern: {pattern:?}, names: &[{}], trigger: &[{}], hir: &{:?}, \
             anchored: {anchored}, dfa: {forward}, reverse: {reverse}, nfa: &{nfa:?} }},",
            names.join(", "),
            trigger.join(", "),
            hir_code::encode(&hir)
        )
        .expect("writing to a String");
    }
    out.push_str("];\n");
    literals.sort();
    literals.dedup();
    out.push_str(
        "/// Every literal of the built-in patterns' triggers, in ASCII lower case, sorted: the\n\
         /// gate's automaton for them is built while the rules load (see `gate.rs`).\n\
         pub(crate) static LITERALS: &[&[u8]] = &[\n",
    );
    for literal in &literals {
        writeln!(out, "    &{literal:?},").expect("writing to a String");
    }
    out.push_str("];\n");
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&dir).join("facts.rs"), out).expect("OUT_DIR is writable");
    std::fs::write(Path::new(&dir).join("dfas.bin"), dfas).expect("OUT_DIR is writable");
    std::fs::write(Path::new(&dir).join("rule_files.rs"), parsed).expect("OUT_DIR is writable");
}

/// A pattern's NFA as a run compiles it, in `nfa_code`, if it decodes to that NFA again.
fn nfa(hir: &regex_syntax::hir::Hir, names: &[Option<String>]) -> Option<Vec<u8>> {
    let nfa = thompson::Compiler::new().build_from_hir(hir).ok()?;
    let code = nfa_code::encode(&nfa)?;
    let names: Vec<Option<&str>> = names.iter().map(|n| n.as_deref()).collect();
    let decoded = nfa_code::decode(&code, &names)?;
    let same = format!("{nfa:?}") == format!("{decoded:?}")
        && nfa
            .group_info()
            .pattern_names(regex_automata::PatternID::ZERO)
            .eq(decoded
                .group_info()
                .pattern_names(regex_automata::PatternID::ZERO));
    same.then_some(code)
}

/// A pattern's DFA, minimized and serialized for the target, unless it is too large. Forward,
/// it finds where the leftmost-first match ends; reverse and anchored at that end, where it
/// starts (the longest match backwards, as the regex crate finds it). Captures need neither.
fn dfa(hir: &regex_syntax::hir::Hir, big_endian: bool, reverse: bool) -> Option<Vec<u8>> {
    let nfa = thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .which_captures(WhichCaptures::None)
                .reverse(reverse),
        )
        .build_from_hir(hir)
        .ok()?;
    let config = if reverse {
        dense::Config::new()
            .start_kind(StartKind::Anchored)
            .match_kind(MatchKind::All)
            .specialize_start_states(false)
    } else {
        dense::Config::new().start_kind(StartKind::Unanchored)
    };
    let dfa = dense::Builder::new()
        .configure(
            config
                .minimize(true)
                .dfa_size_limit(Some(4 * MAX_DFA_BYTES)),
        )
        .build_from_nfa(&nfa)
        .ok()?;
    let mut bytes = vec![0; dfa.write_to_len()];
    let written = if big_endian {
        dfa.write_to_big_endian(&mut bytes)
    } else {
        dfa.write_to_little_endian(&mut bytes)
    };
    (written.ok()? <= MAX_DFA_BYTES).then_some(bytes)
}

/// Every pattern of a rule file: each `pattern` and `unless`, and each `then` continuation as
/// the engine anchors it.
fn collect(file: &schema::RuleFile, out: &mut Vec<String>) {
    out.extend(file.artefact.iter().map(|a| a.pattern.get_ref().clone()));
    for b in &file.block {
        out.push(b.pattern.get_ref().clone());
        out.extend(b.unless.iter().map(|u| u.get_ref().clone()));
    }
    for p in file.rule.iter().flat_map(|r| r.en.iter().chain(&r.zh)) {
        out.push(p.pattern.get_ref().clone());
        out.extend(p.unless.iter().map(|u| u.get_ref().clone()));
        out.extend(p.then.iter().map(|t| syntax::anchored(t.get_ref())));
    }
}
