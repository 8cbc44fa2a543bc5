//! Times each stage of the pipeline in-process over the pairs of a folder (one pair per
//! subfolder: en.txt and zh.txt), without the walk or the reads:
//! `cargo run --release --example pipeline -- DIR [ROUNDS] [STAGE]`. Each stage runs ROUNDS
//! times over every pair, on the output of the stages before it; with STAGE (structure,
//! extract, align or check), the others run once, so that a profiler sees mostly that one.

use std::time::Instant;

use yizhi::diagnostic::Side;
use yizhi::document::Document;
use yizhi::{align, check, extract, structure};

const STAGES: [&str; 4] = ["structure", "extract", "align", "check"];

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("a folder of pairs");
    let rounds: usize = args
        .next()
        .map_or(10, |r| r.parse().expect("a number of rounds"));
    let only = args.next();
    if let Some(stage) = only.as_deref()
        && !STAGES.contains(&stage)
    {
        eprintln!("no stage {stage:?}: one of {}", STAGES.join(", "));
        std::process::exit(2);
    }
    let rules = yizhi::rules::load(&[]).expect("built-in rules load");
    let mut docs = Vec::new();
    let mut bytes = 0;
    let mut dirs: Vec<_> = std::fs::read_dir(&dir)
        .expect("readable folder")
        .map(|e| e.expect("entry").path())
        .collect();
    dirs.sort();
    for d in dirs {
        let read = |name: &str| {
            let path = d.join(name);
            let b = std::fs::read(&path).ok()?;
            Document::from_bytes(&path.to_string_lossy(), &b).ok()
        };
        if let (Some(en), Some(zh)) = (read("en.txt"), read("zh.txt")) {
            bytes += en.text.len() + zh.text.len();
            docs.push((en, zh));
        }
    }
    if docs.is_empty() {
        eprintln!("no pairs in {dir}: one folder per pair, each with en.txt and zh.txt");
        std::process::exit(2);
    }
    let runs = |stage: &str| only.as_deref().is_none_or(|o| o == stage);
    let mut timings = Vec::new();
    let mut timed = |stage: &'static str, mut f: Box<dyn FnMut() + '_>| {
        let n = if runs(stage) { rounds } else { 1 };
        let start = Instant::now();
        for _ in 0..n {
            f();
        }
        timings.push((stage, start.elapsed().as_secs_f64() / n as f64));
    };
    // Twice first: the sieve, built once a side has read 256 KiB, reads every paragraph of
    // the second pass, as in a corpus run.
    let analyse = |en: &Document, zh: &Document| {
        let (es, zs) = (
            structure::analyse(en, Side::En, &rules),
            structure::analyse(zh, Side::Zh, &rules),
        );
        let (ei, zi) = (
            extract::extract(en, &es, &rules, Side::En),
            extract::extract(zh, &zs, &rules, Side::Zh),
        );
        (es, zs, ei, zi)
    };
    docs.iter().for_each(|(en, zh)| drop(analyse(en, zh)));
    let analysed: Vec<_> = docs.iter().map(|(en, zh)| analyse(en, zh)).collect();
    timed(
        "structure",
        Box::new(|| {
            for (en, zh) in &docs {
                std::hint::black_box(structure::analyse(en, Side::En, &rules));
                std::hint::black_box(structure::analyse(zh, Side::Zh, &rules));
            }
        }),
    );
    timed(
        "extract",
        Box::new(|| {
            for ((en, zh), (es, zs, _, _)) in docs.iter().zip(&analysed) {
                std::hint::black_box(extract::extract(en, es, &rules, Side::En));
                std::hint::black_box(extract::extract(zh, zs, &rules, Side::Zh));
            }
        }),
    );
    let side = |doc, structure, extraction| align::SideInput {
        doc,
        structure,
        extraction,
    };
    let alignments: Vec<_> = docs
        .iter()
        .zip(&analysed)
        .map(|((en, zh), (es, zs, ei, zi))| {
            align::align(
                &side(en, es, ei),
                &side(zh, zs, zi),
                &rules.structure.openers,
            )
        })
        .collect();
    timed(
        "align",
        Box::new(|| {
            for ((en, zh), (es, zs, ei, zi)) in docs.iter().zip(&analysed) {
                std::hint::black_box(align::align(
                    &side(en, es, ei),
                    &side(zh, zs, zi),
                    &rules.structure.openers,
                ));
            }
        }),
    );
    let mut findings = 0;
    timed(
        "check",
        Box::new(|| {
            findings = 0;
            for (((en, zh), (es, zs, ei, zi)), alignment) in
                docs.iter().zip(&analysed).zip(&alignments)
            {
                let version = |doc, written, structure, extraction| check::Version {
                    doc,
                    written,
                    structure,
                    extraction,
                };
                let ctx = check::Context {
                    en: version(en, &en.text, es, ei),
                    zh: version(zh, &zh.text, zs, zi),
                    alignment,
                    rules: &rules,
                };
                findings += check::run(&ctx).len();
            }
        }),
    );
    let pairs = docs.len();
    println!(
        "{pairs} pairs, {:.1} MB, {findings} findings; per pair:",
        bytes as f64 / 1e6
    );
    let mut total = 0.0;
    for (stage, secs) in &timings {
        total += secs;
        println!("{stage:>10}: {:7.2} µs", secs * 1e6 / pairs as f64);
    }
    println!(
        "     total: {:7.2} µs, {:.1} MB/s",
        total * 1e6 / pairs as f64,
        bytes as f64 / 1e6 / total
    );
}
