//! The table of bad inputs (issue #5): one test per row, each asserting the exit code and the
//! message. A bad document is exit code 2 with a message naming the file, or — where that is
//! the honest answer — findings; never a panic. Documents in the encodings and line endings
//! real files use are here too. Rule files are in `rule_errors.rs`; config files (yizhi.toml)
//! get their rows when they exist.
//!
//! | row | outcome |
//! |---|---|
//! | missing file | 2, "cannot read F: no such file" |
//! | directory instead of file | 2, "F is a directory" |
//! | unreadable file | 2, "cannot read F: permission denied" |
//! | empty file | 2, "F is empty" |
//! | only white space | 2, "F is empty but for white space" |
//! | invalid UTF-8 | 2, "F is not valid UTF-8: … (line L, column C)" |
//! | UTF-16 without BOM | 2, "F looks binary", help names UTF-16 |
//! | binary file (NUL bytes) | 2, "F looks binary: NUL byte at offset N" |
//! | UTF-32, with or without BOM | 2, "F is UTF-32 …, which yizhi does not read" |
//! | UTF-16 BOM, then bytes that are not text | 2, "F does not look like text once decoded" |
//! | CR-only line endings | read as line breaks: the findings of the LF file |
//! | 200 MB file | 2, refused from its size before reading |
//! | a stream growing past the limit | 2, cut off at the limit while read |
//! | more than 1,000,000 lines | 2, "F has N lines, over the limit"; exactly 1,000,000 is read |
//! | a single 50 MB line | checked in seconds |
//! | mixed CRLF/LF | checked, spans right |
//! | same file as both sides | 2, "A and B are the same file" |
//! | English and Chinese swapped | 2, "en.txt looks Chinese and zh.txt looks English: swapped?" |
//! | one side in the wrong language | 2, "zh.txt looks English, not Chinese" |
//! | a side with too little text to tell | not refused |
//! | no paragraphs | 1, one finding saying the other version has none |
//! | 10,000 footnotes | checked in seconds, exact findings |
//! | too many values | 2, "F holds more than 1000000 values" |

use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::*;

/// What a run of `yizhi check` gave.
struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `yizhi check --format json EN ZH` in `dir`, with paths relative to it.
fn check_in(dir: &Path, en: &str, zh: &str) -> Outcome {
    let out = yizhi()
        .current_dir(dir)
        .args(["check", en, zh, "--format", "json"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Outcome {
        code: out.status.code().expect("yizhi was not killed by a signal"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Writes en.txt and zh.txt to a fresh directory and checks them.
fn check(en: &[u8], zh: &[u8]) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("en.txt"), en).unwrap();
    std::fs::write(dir.path().join("zh.txt"), zh).unwrap();
    check_in(dir.path(), "en.txt", "zh.txt")
}

/// Exit code 2, no panic, no backtrace, and every expected piece in the message.
fn assert_refused(out: &Outcome, expected: &[&str]) {
    assert_eq!(
        out.code, 2,
        "stdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    assert!(!out.stderr.contains("RUST_BACKTRACE"), "{}", out.stderr);
    for piece in expected {
        assert!(
            out.stderr.contains(piece),
            "{piece:?} not in:\n{}",
            out.stderr
        );
    }
}

fn findings(out: &Outcome) -> Vec<serde_json::Value> {
    let json: serde_json::Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}\n{}", out.stdout, out.stderr));
    json.as_array().unwrap().clone()
}

fn utf16le_with_bom(s: &str) -> Vec<u8> {
    let mut v = vec![0xFF, 0xFE];
    v.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
    v
}

#[test]
fn crlf_bom_and_utf16_read_like_the_original() {
    let en_crlf = SEED_EN.replace('\n', "\r\n");
    let mut zh_bom = b"\xEF\xBB\xBF".to_vec();
    zh_bom.extend(SEED_ZH.as_bytes());
    // Exactly the seed's one real difference, whatever the encoding and line ends.
    let seed = check(SEED_EN.as_bytes(), SEED_ZH.as_bytes());
    assert_eq!((seed.code, seed.stdout.matches("\"rule\"").count()), (1, 1));
    let crlf = check(en_crlf.as_bytes(), &zh_bom);
    assert_eq!((crlf.code, crlf.stdout.matches("\"rule\"").count()), (1, 1));
    let utf16 = check(SEED_EN.as_bytes(), &utf16le_with_bom(SEED_ZH));
    assert_eq!((utf16.code, utf16.stdout), (1, seed.stdout));
}

#[test]
fn spans_stay_right_in_crlf_files() {
    assert_changed_date_found(&SEED_EN.replace('\n', "\r\n"), SEED_ZH);
}

/// Changes "16 August 2007" in `en` (which has it on line 16) and asserts that the finding
/// underlines the changed date there.
fn assert_changed_date_found(en: &str, zh: &str) {
    let en = replace_once(en, "16 August 2007", "17 August 2007");
    let pair = Pair::new(&en, zh);
    let (code, diags) = pair.check_json(&[]);
    assert_eq!(code, 1);
    let label = labels_in(&diags[0], "en.txt")[0];
    assert_eq!(pair.label_text(label), "17 August 2007");
    assert_eq!(label["line"], 16);
}

#[test]
fn row_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("zh.txt"), SEED_ZH).unwrap();
    let out = check_in(dir.path(), "nope-en.txt", "zh.txt");
    assert_refused(&out, &["cannot read nope-en.txt: no such file"]);
}

#[test]
fn row_directory_instead_of_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("en")).unwrap();
    std::fs::write(dir.path().join("zh.txt"), SEED_ZH).unwrap();
    let out = check_in(dir.path(), "en", "zh.txt");
    assert_refused(&out, &["en is a directory, not a text file"]);
}

/// A file without read permission. Root reads it anyway, so as root the check runs as the
/// unprivileged user `nobody` (setpriv, from util-linux), which cannot.
#[cfg(unix)]
#[test]
fn row_unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let en = dir.path().join("en.txt");
    std::fs::write(&en, SEED_EN).unwrap();
    std::fs::write(dir.path().join("zh.txt"), SEED_ZH).unwrap();
    std::fs::set_permissions(&en, std::fs::Permissions::from_mode(0o000)).unwrap();
    let privileged = std::fs::File::open(&en).is_ok();
    let out = if privileged {
        // A copy of the binary in the test's directory, which `nobody` can reach wherever the
        // build directory lives.
        let binary = dir.path().join("yizhi");
        std::fs::copy(env!("CARGO_BIN_EXE_yizhi"), &binary).unwrap();
        std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(&binary)
            .args(["check", "en.txt", "zh.txt"])
            .current_dir(dir.path())
            .output()
            .expect("setpriv (util-linux) runs the check as an unprivileged user")
    } else {
        yizhi()
            .args(["check", "en.txt", "zh.txt"])
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let out = Outcome {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_refused(&out, &["cannot read en.txt: permission denied"]);
}

/// An empty Chinese file against a real English one: every paragraph would be "missing", but
/// a demanding user wants to hear the one thing that is wrong — the file is empty (a failed
/// export, a wrong path) — so this is an input error naming it, not 30 findings.
#[test]
fn row_empty_file() {
    let out = check(SEED_EN.as_bytes(), b"");
    assert_refused(
        &out,
        &["zh.txt is empty", "there is nothing to compare with en.txt"],
    );
}

/// Like an empty file: blank lines and spaces only.
#[test]
fn row_file_of_only_white_space() {
    let out = check(b" \n\r\n\t\n   \n", clean_zh().as_bytes());
    assert_refused(&out, &["en.txt is empty but for white space"]);
}

#[test]
fn row_invalid_utf8_says_where() {
    let out = check(b"Recalling\n\xFF resolution", clean_zh().as_bytes());
    assert_refused(
        &out,
        &["en.txt is not valid UTF-8", "offset 10", "line 2, column 1"],
    );
}

#[test]
fn row_utf16_without_bom() {
    let bytes: Vec<u8> = "Recalling"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let out = check(&bytes, clean_zh().as_bytes());
    assert_refused(
        &out,
        &[
            "en.txt looks binary",
            "looks like UTF-16 without a byte-order mark",
        ],
    );
}

#[test]
fn row_binary_file() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
    let out = check(SEED_EN.as_bytes(), png);
    assert_refused(
        &out,
        &[
            "zh.txt looks binary: NUL byte at offset 8",
            "plain-text documents",
        ],
    );
}

fn utf32(s: &str, bom: bool, little: bool) -> Vec<u8> {
    let mut v = Vec::new();
    let chars = bom.then_some('\u{feff}').into_iter().chain(s.chars());
    for c in chars {
        let n = c as u32;
        v.extend(if little {
            n.to_le_bytes()
        } else {
            n.to_be_bytes()
        });
    }
    v
}

#[test]
fn row_utf32_is_refused() {
    for (bom, little, says) in [
        (
            true,
            true,
            "en.txt is UTF-32 (byte-order mark), which yizhi does not read",
        ),
        (
            true,
            false,
            "en.txt is UTF-32 (byte-order mark), which yizhi does not read",
        ),
        (false, true, "en.txt is UTF-32 without a byte-order mark"),
        (false, false, "en.txt is UTF-32 without a byte-order mark"),
    ] {
        let out = check(&utf32(SEED_EN, bom, little), clean_zh().as_bytes());
        assert_refused(&out, &[says, "save the file as UTF-8"]);
    }
}

#[test]
fn row_utf16_bom_then_bytes_that_are_not_text() {
    // Code units spread over the whole plane, surrogates left out (they would be refused as
    // invalid UTF-16): what random bytes after a BOM decode to.
    let mut bytes = vec![0xFF, 0xFE];
    let mut x: u32 = 12345;
    for _ in 0..2000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let unit = ((x >> 8) & 0xFFFF) as u16;
        if !(0xD800..0xE000).contains(&unit) {
            bytes.extend(unit.to_le_bytes());
        }
    }
    let out = check(SEED_EN.as_bytes(), &bytes);
    assert_refused(&out, &["zh.txt does not look like text once decoded"]);
}

#[test]
fn row_cr_only_line_endings() {
    let lf = check(SEED_EN.as_bytes(), SEED_ZH.as_bytes());
    let cr = check(
        SEED_EN.replace('\n', "\r").as_bytes(),
        SEED_ZH.replace('\n', "\r").as_bytes(),
    );
    assert_eq!(cr.code, 1, "{}", cr.stderr);
    assert_eq!(cr.stdout, lf.stdout);
    // Mixed with CRLF and LF too.
    let mixed = SEED_EN.replacen('\n', "\r", 5).replacen('\n', "\r\n", 5);
    assert_changed_date_found(&mixed, SEED_ZH);
}

/// 200 MB (a sparse file), refused from its size before a byte is read: the message gives the
/// size from the metadata, where a file cut off while read says "more than" the limit.
#[test]
fn row_200_mb_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let big = std::fs::File::create(dir.path().join("en.txt")).unwrap();
    big.set_len(200 * 1024 * 1024).unwrap();
    std::fs::write(dir.path().join("zh.txt"), SEED_ZH).unwrap();
    let started = Instant::now();
    let out = check_in(dir.path(), "en.txt", "zh.txt");
    assert_refused(
        &out,
        &["en.txt is 209715200 bytes, over the limit of 67108864 bytes (64 MiB)"],
    );
    assert!(started.elapsed() < Duration::from_secs(60));
    assert_eq!(
        yizhi::document::MAX_FILE_BYTES,
        64 * 1024 * 1024,
        "the README states the limit"
    );
}

/// A file whose size the metadata does not tell (a device, a pipe) is cut off at the limit
/// while it is read: /dev/zero never ends.
#[cfg(unix)]
#[test]
fn row_stream_growing_past_the_limit_is_cut_off() {
    if !Path::new("/dev/zero").exists() {
        return;
    }
    // A name no layout claims, so that the two files given are read as EN ZH.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("english.txt"), SEED_EN).unwrap();
    let out = check_in(dir.path(), "english.txt", "/dev/zero");
    assert_refused(
        &out,
        &["/dev/zero is more than 67108864 bytes, over the limit of 67108864 bytes"],
    );
}

#[test]
fn row_more_lines_than_the_limit() {
    let many = "a\n".repeat(yizhi::document::MAX_LINES + 1);
    let out = check(many.as_bytes(), clean_zh().as_bytes());
    assert_refused(
        &out,
        &["en.txt has 1000001 lines, over the limit of 1000000"],
    );
}

/// One paragraph of 50 MB on one line, against its translation (45 MB). Checked in seconds:
/// extraction, value pairing, positions and report excerpts are linear in the line's length.
/// The pair is consistent, so nothing is found; a changed date at the very end is found, with
/// its column counted in characters.
#[test]
fn row_single_50_mb_line() {
    let en_sentence = "Recalling also the Joint Declaration on Cooperation between the \
        Secretariats of the United Nations and the Shanghai Cooperation Organization of \
        5 April 2010, and welcoming the continued cooperation between the two organizations, ";
    let zh_sentence = "又回顾2010年4月5日关于联合国秘书处与上海合作组织秘书处合作的联合声明，\
        欢迎两个组织继续合作，";
    let n = (50 * 1024 * 1024usize).div_ceil(en_sentence.len());
    let en = en_sentence.repeat(n) + "signed on 22 July 2012.\n";
    let zh = zh_sentence.repeat(n) + "2012年7月23日签署。\n";
    assert!(en.len() >= 50 * 1024 * 1024);
    let started = Instant::now();
    let out = check(en.as_bytes(), zh.as_bytes());
    let took = started.elapsed();
    assert_eq!(out.code, 1, "{}", out.stderr);
    let diags = findings(&out);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["rule"], "date-mismatch");
    let zh_label = labels_in(&diags[0], "zh.txt")[0];
    assert_eq!(zh_label["line"], 1);
    assert_eq!(
        zh_label["column"].as_u64().unwrap() as usize,
        zh_sentence.chars().count() * n + 1
    );
    // A debug build takes some seconds of CPU. The bound is generous because wall time on a
    // loaded machine is not CPU time; anything quadratic on 50 MB would take hours.
    assert!(took < Duration::from_secs(600), "took {took:?}");
}

/// CRLF and LF in one file (an edit on another system): lines and spans stay right.
#[test]
fn row_mixed_crlf_and_lf() {
    let mixed: String = SEED_EN
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, line)| {
            if i % 2 == 0 {
                line.replace('\n', "\r\n")
            } else {
                line.to_string()
            }
        })
        .collect();
    let out = check(mixed.as_bytes(), clean_zh().as_bytes());
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_changed_date_found(&mixed, &clean_zh());
}

#[test]
fn row_same_file_as_both_sides() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("en.txt"), SEED_EN).unwrap();
    let out = check_in(dir.path(), "en.txt", "en.txt");
    assert_refused(&out, &["en.txt and en.txt are the same file"]);
    // Under another name: a hard link is the same file too.
    std::fs::hard_link(dir.path().join("en.txt"), dir.path().join("zh.txt")).unwrap();
    let out = check_in(dir.path(), "en.txt", "./zh.txt");
    assert_refused(&out, &["en.txt and ./zh.txt are the same file"]);
}

#[test]
fn row_languages_swapped() {
    let out = check(clean_zh().as_bytes(), SEED_EN.as_bytes());
    assert_refused(
        &out,
        &[
            "en.txt looks Chinese and zh.txt looks English: swapped?",
            "yizhi check zh.txt en.txt",
        ],
    );
}

/// Two copies of the English version: the second is not Chinese.
#[test]
fn row_one_side_in_the_wrong_language() {
    let out = check(SEED_EN.as_bytes(), SEED_EN.as_bytes());
    assert_refused(&out, &["zh.txt looks English, not Chinese"]);
    let out = check(clean_zh().as_bytes(), clean_zh().as_bytes());
    assert_refused(&out, &["en.txt looks Chinese, not English"]);
}

/// A side with too little text to tell its language is never refused, even when it is the
/// other language: the pair is checked.
#[test]
fn row_too_little_text_to_tell_the_language() {
    let out = check("见附件二。\n".as_bytes(), b"See annex II.\n");
    assert_ne!(out.code, 2, "{}", out.stderr);
}

/// A Chinese file whose every line is page furniture (a failed extraction): one finding says
/// that the Chinese version has no paragraphs, instead of one per English paragraph.
#[test]
fn row_document_with_no_paragraphs() {
    let furniture = "[Start1]\n16-20697 (C)\n*1620697*\n- 2 -\n";
    let out = check(SEED_EN.as_bytes(), furniture.as_bytes());
    assert_eq!(out.code, 1, "{}", out.stderr);
    let diags = findings(&out);
    let missing = of_rule(&diags, "paragraph-missing");
    assert_eq!(missing.len(), 1, "{diags:#?}");
    assert_eq!(
        missing[0]["message"],
        "the Chinese version has no paragraphs: none of the 29 English paragraphs has a counterpart"
    );
    // The two English footnote bodies have none either: said once each.
    assert!(
        diags
            .iter()
            .all(|d| d["rule"] == "paragraph-missing" || d["rule"] == "footnote-body-missing"),
        "{diags:#?}"
    );
    assert_eq!(diags.len(), 3);
}

/// 1,000 paragraphs carrying 10,000 footnote markers, and 10,000 footnote bodies, on each
/// side: a consistent pair finds nothing, and a body and a marker removed from the Chinese
/// version are each found, across the versions and within the Chinese one. In seconds.
#[test]
fn row_ten_thousand_footnotes() {
    fn superscript(n: usize) -> String {
        n.to_string()
            .chars()
            .map(|d| "⁰¹²³⁴⁵⁶⁷⁸⁹".chars().nth(d as usize - '0' as usize).unwrap())
            .collect()
    }
    let (mut en, mut zh) = (
        vec!["The General Assembly,".to_string()],
        vec!["大会，".to_string()],
    );
    for p in 0..1000 {
        let markers = p * 10 + 1..=p * 10 + 10;
        en.push(format!(
            "Recalling {} and the study,",
            markers
                .clone()
                .map(|i| format!("the report,{i}"))
                .collect::<Vec<_>>()
                .join(" ")
        ));
        zh.push(format!(
            "回顾{}和研究，",
            markers
                .map(|i| format!("报告，{} ", superscript(i)))
                .collect::<String>()
        ));
    }
    for i in 1..=10_000 {
        en.push(format!("{i} United Nations, report of the meeting."));
        zh.push(format!("{} 联合国，会议报告。", superscript(i)));
    }
    let (en, zh) = (en.join("\n") + "\n", zh.join("\n") + "\n");
    let started = Instant::now();
    let out = check(en.as_bytes(), zh.as_bytes());
    assert_eq!((out.code, out.stdout.trim()), (0, "[]"), "{}", out.stderr);
    // Seconds of CPU; generous for a loaded machine (it took 75 s before it was linear).
    assert!(started.elapsed() < Duration::from_secs(300));

    let zh = replace_once(&zh, "\n⁹⁹⁹⁹ 联合国，会议报告。\n", "\n");
    let zh = replace_once(&zh, "报告，⁵⁰⁰⁵ ", "报告，");
    let out = check(en.as_bytes(), zh.as_bytes());
    assert_eq!(out.code, 1, "{}", out.stderr);
    let diags = findings(&out);
    let rules: Vec<&str> = diags.iter().map(|d| d["rule"].as_str().unwrap()).collect();
    let messages: Vec<&str> = diags
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "footnote-marker-mismatch",
            "footnote-body-missing",
            "footnote-unresolved",
            "footnote-unresolved"
        ],
        "{diags:#?}"
    );
    assert_eq!(
        messages[1],
        "footnote 9999 in English has no body in Chinese"
    );
    // Within the Chinese version: the body whose marker went, the marker whose body went.
    assert!(messages.contains(&"footnote 5005 in Chinese is not referenced by any marker"));
    assert!(messages.contains(&"footnote marker 9999 in Chinese has no footnote body"));
}

/// A document holding more values than the engine reads (here 2,000,000 footnote markers) is
/// refused, not checked in part: memory stays bounded whatever the text.
#[test]
fn row_too_many_values() {
    let en = format!("Recalling the treaty {}\n", "ab1 ".repeat(2_000_000));
    let out = check(en.as_bytes(), "回顾其决议和条约。\n".as_bytes());
    assert_refused(&out, &["en.txt holds more than 1000000 values to compare"]);
}
