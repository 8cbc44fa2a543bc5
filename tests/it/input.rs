//! Documents in the encodings and line endings real files use, and bad input.

use crate::support::*;

fn check(en: &[u8], zh: &[u8]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("en.txt"), en).unwrap();
    std::fs::write(dir.path().join("zh.txt"), zh).unwrap();
    let out = yizhi()
        .current_dir(dir.path())
        .args(["check", "en.txt", "zh.txt", "--format", "json"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
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
    let (code, seed, _) = check(SEED_EN.as_bytes(), SEED_ZH.as_bytes());
    assert_eq!((code, seed.matches("\"rule\"").count()), (1, 1));
    let (code, crlf, _) = check(en_crlf.as_bytes(), &zh_bom);
    assert_eq!((code, crlf.matches("\"rule\"").count()), (1, 1));
    let (code, utf16, _) = check(SEED_EN.as_bytes(), &utf16le_with_bom(SEED_ZH));
    assert_eq!((code, utf16), (1, seed));
}

#[test]
fn spans_stay_right_in_crlf_files() {
    let en = replace_once(SEED_EN, "16 August 2007", "17 August 2007").replace('\n', "\r\n");
    let pair = Pair::new(&en, SEED_ZH);
    let (code, diags) = pair.check_json(&[]);
    assert_eq!(code, 1);
    let label = labels_in(&diags[0], "en.txt")[0];
    assert_eq!(pair.label_text(label), "17 August 2007");
    assert_eq!(label["line"], 16);
}

#[test]
fn invalid_utf8_says_where() {
    let (code, _, err) = check(b"Recalling\n\xFF resolution", SEED_ZH.as_bytes());
    assert_eq!(code, 2);
    assert!(err.contains("en.txt is not valid UTF-8"), "{err}");
    assert!(err.contains("line 2, column 1"), "{err}");
}

#[test]
fn utf16_without_bom_is_named() {
    let bytes: Vec<u8> = "Recalling"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let (code, _, err) = check(&bytes, SEED_ZH.as_bytes());
    assert_eq!(code, 2);
    assert!(
        err.contains("looks like UTF-16 without a byte-order mark"),
        "{err}"
    );
}

#[test]
fn missing_file_and_directory() {
    let out = yizhi()
        .args(["check", "nope-en.txt", "nope-zh.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read nope-en.txt: no such file"));
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_string_lossy().into_owned();
    let out = yizhi().args(["check", &d, &d]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a directory"));
}
