//! Works out the facts of the built-in rules' patterns (capture names, trigger literals) and
//! their parsed form at build time, so that a run parses none of them: see
//! `src/rules/syntax.rs` and `src/rules/hir_code.rs`.

use std::fmt::Write;
use std::path::Path;

#[allow(dead_code)]
#[path = "src/rules/syntax.rs"]
mod syntax;

#[allow(dead_code)]
#[path = "src/rules/hir_code.rs"]
mod hir_code;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let rules = Path::new(&root).join("rules");
    println!("cargo::rerun-if-changed=rules");
    println!("cargo::rerun-if-changed=src/rules/syntax.rs");
    println!("cargo::rerun-if-changed=src/rules/hir_code.rs");
    let mut files: Vec<_> = std::fs::read_dir(&rules)
        .expect("rules/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut patterns = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("rule files are UTF-8");
        // A file that does not parse is reported when the rules load, with its span.
        if let Ok(value) = text.parse::<toml::Table>() {
            collect(&toml::Value::Table(value), "", &mut patterns);
        }
    }
    patterns.sort();
    patterns.dedup();
    let mut out = String::from(
        "/// Capture names by group index.\n\
         pub(crate) type Names = &'static [Option<&'static str>];\n\
         /// Sets of literals (see `syntax::Trigger`).\n\
         pub(crate) type Trigger = &'static [&'static [&'static [u8]]];\n\
         /// (pattern, capture names, trigger, parsed pattern in `hir_code`) of each built-in\n\
         /// pattern, sorted by pattern.\n\
         pub(crate) type Entry = (&'static str, Names, Trigger, &'static [u8]);\n\
         pub(crate) static BUILT_IN: &[Entry] = &[\n",
    );
    for pattern in &patterns {
        // Parsed as a run would parse it (the engine's default flags).
        let Ok(hir) = regex_syntax::parse(pattern) else {
            continue;
        };
        let facts = syntax::facts_of(&hir);
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
        writeln!(
            out,
            "    ({pattern:?}, &[{}], &[{}], &{:?}),",
            names.join(", "),
            trigger.join(", "),
            hir_code::encode(&hir)
        )
        .expect("writing to a String");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("facts.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}

/// Every pattern of a rule file: the values of `pattern` and `unless` keys, and `then`
/// continuations as the engine anchors them.
fn collect(value: &toml::Value, key: &str, out: &mut Vec<String>) {
    match value {
        toml::Value::String(s) if key == "pattern" || key == "unless" => out.push(s.clone()),
        toml::Value::String(s) if key == "then" => out.push(syntax::anchored(s)),
        toml::Value::Table(t) => t.iter().for_each(|(k, v)| collect(v, k, out)),
        toml::Value::Array(a) => a.iter().for_each(|v| collect(v, key, out)),
        _ => {}
    }
}
