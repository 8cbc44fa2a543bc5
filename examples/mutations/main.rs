//! Measured recall: injects one error at a time into real pairs and counts how many yizhi finds
//! where it was made. `cargo run --release --example mutations` prints the table;
//! `-- --export FILE` also writes every clean unit and value mutation as JSON lines for
//! `scripts/accuracy.py`, which runs the digit-comparison baseline on the same material.

mod harness;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use harness::{Kind, evaluation_pairs, found_against, mutations, units};
use serde_json::json;

fn main() {
    let export = std::env::args().skip_while(|a| a != "--export").nth(1);
    // `--misses "dropped paragraph"` prints the first misses of that kind, for diagnosis.
    let misses = std::env::args().skip_while(|a| a != "--misses").nth(1);
    let mut shown = 0;
    let mut by_source: BTreeMap<String, usize> = BTreeMap::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rules = yizhi::rules::load(&[]).expect("built-in rules load");
    let pairs = evaluation_pairs(root);
    let mut out =
        export.map(|p| std::io::BufWriter::new(std::fs::File::create(p).expect("export file")));
    // By part: [tuning, held-out].
    let mut table: BTreeMap<Kind, [(usize, usize); 2]> = BTreeMap::new();
    let mut clean_findings = [0; 2];
    let mut pair_count = [0; 2];
    for pair in &pairs {
        let (en, zh, clean) = harness::analyse(&rules, &pair.en, &pair.zh, pair.line_aligned);
        let part = usize::from(pair.held_out);
        clean_findings[part] += clean.diagnostics.len();
        pair_count[part] += 1;
        let en_lines: Vec<&str> = pair.en.lines().collect();
        let zh_lines: Vec<&str> = pair.zh.lines().collect();
        let pair_units = units(&rules, pair);
        if let Some(out) = out.as_mut() {
            // A unit is flagged by yizhi when a finding labels one of its lines.
            let flagged: Vec<(yizhi::diagnostic::Side, usize)> = clean
                .diagnostics
                .iter()
                .flat_map(|d| d.labels.iter())
                .map(|l| {
                    let doc = if l.side == yizhi::diagnostic::Side::En {
                        &en
                    } else {
                        &zh
                    };
                    (l.side, doc.position(l.span.start).line - 1)
                })
                .collect();
            for (e, z) in &pair_units {
                let yizhi = e
                    .iter()
                    .any(|&l| flagged.contains(&(yizhi::diagnostic::Side::En, l)))
                    || z.iter()
                        .any(|&l| flagged.contains(&(yizhi::diagnostic::Side::Zh, l)));
                let record = json!({
                    "record": "unit",
                    "source": pair.source,
                    "line": pair.source_line(e[0]),
                    "en": e.iter().map(|&l| en_lines.get(l).copied().unwrap_or("")).collect::<Vec<_>>().join(" "),
                    "zh": z.iter().map(|&l| zh_lines.get(l).copied().unwrap_or("")).collect::<Vec<_>>().join(" "),
                    "yizhi": yizhi,
                    "part": part,
                });
                let _ = writeln!(out, "{record}");
            }
        }
        let before = harness::clean(&rules, pair);
        for m in mutations(&rules, pair) {
            let hit = found_against(&rules, &before, pair, &m);
            if !hit && misses.as_deref() == Some(m.kind.name()) {
                *by_source.entry(pair.source.clone()).or_insert(0) += 1;
            }
            if !hit
                && misses.as_deref() == Some(m.kind.name())
                && shown < 40
                // Misses are shown for the tuning part only: the held-out part is measured.
                && !pair.held_out
                && pair
                    .source
                    .contains(std::env::var("MISS_SOURCE").as_deref().unwrap_or(""))
            {
                shown += 1;
                let (e, z, a) = harness::analyse(&rules, &m.en, &m.zh, pair.line_aligned);
                let doc = if m.expect.0 == yizhi::diagnostic::Side::En {
                    &e
                } else {
                    &z
                };
                println!(
                    "MISS {} {:?} line {}: expected at {:?} {:?}",
                    pair.name,
                    m.side,
                    m.line + 1,
                    m.expect.0,
                    &doc.text[m.expect.1.clone()]
                        .chars()
                        .take(60)
                        .collect::<String>()
                );
                for d in &a.diagnostics {
                    println!("    {} {}", d.rule, d.message);
                }
            }
            let entry = &mut table.entry(m.kind).or_default()[part];
            entry.0 += 1;
            entry.1 += usize::from(hit);
            if let (Some(out), false) = (out.as_mut(), m.kind.is_value()) {
                let record = json!({"record": "mutation", "kind": m.kind.name(), "yizhi": hit, "part": part, "en": null, "zh": null});
                let _ = writeln!(out, "{record}");
            }
            if let (Some(out), true) = (out.as_mut(), m.kind.is_value()) {
                // The unit holding the changed line, before and after.
                let side_lines = |u: &(Vec<usize>, Vec<usize>)| match m.side {
                    yizhi::diagnostic::Side::En => u.0.clone(),
                    yizhi::diagnostic::Side::Zh => u.1.clone(),
                };
                let Some(unit) = pair_units.iter().find(|u| side_lines(u).contains(&m.line)) else {
                    let _ = writeln!(
                        out,
                        "{}",
                        json!({"record": "mutation", "kind": m.kind.name(), "yizhi": hit, "part": part, "en": null, "zh": null})
                    );
                    continue;
                };
                let (me, mz): (Vec<&str>, Vec<&str>) =
                    (m.en.lines().collect(), m.zh.lines().collect());
                let join = |lines: &[usize], text: &[&str]| {
                    lines
                        .iter()
                        .map(|&l| text.get(l).copied().unwrap_or(""))
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                let record = json!({
                    "record": "mutation",
                    "kind": m.kind.name(),
                    "yizhi": hit,
                    "en": join(&unit.0, &me),
                    "zh": join(&unit.1, &mz),
                    "clean_en": join(&unit.0, &en_lines),
                    "clean_zh": join(&unit.1, &zh_lines),
                    "part": part,
                });
                let _ = writeln!(out, "{record}");
            }
        }
    }
    if misses.is_some() {
        println!("misses by source: {by_source:?}");
    }
    println!(
        "{} real pairs ({} tuning, {} held out); findings on the clean pairs: {} tuning, {} held out\n",
        pairs.len(),
        pair_count[0],
        pair_count[1],
        clean_findings[0],
        clean_findings[1]
    );
    println!("| mutation | tuning n | tuning recall | held-out n | held-out recall |");
    println!("|---|---:|---:|---:|---:|");
    let recall = |(n, hit): (usize, usize)| {
        if n == 0 {
            "—".to_string()
        } else {
            format!("{:.1}%", 100.0 * hit as f64 / n as f64)
        }
    };
    for kind in Kind::ALL {
        let [t, h] = table.get(&kind).copied().unwrap_or_default();
        println!(
            "| {} | {} | {} | {} | {} |",
            kind.name(),
            t.0,
            recall(t),
            h.0,
            recall(h)
        );
    }
}
