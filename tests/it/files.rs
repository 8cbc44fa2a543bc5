//! Files are safe (issue #5): yizhi opens documents and rule files read-only and writes
//! nothing next to them. Every command is run inside the documents' directory, so a stray
//! output file would land there, and the directory is compared byte for byte before and after.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::*;

/// Every entry of a directory: name → (contents, permissions, modification time).
type Snapshot = BTreeMap<String, (Vec<u8>, u32, std::time::SystemTime)>;

fn snapshot(dir: &Path) -> Snapshot {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let meta = e.metadata().unwrap();
            let contents = if meta.is_file() {
                std::fs::read(e.path()).unwrap()
            } else {
                Vec::new()
            };
            #[cfg(unix)]
            let mode = std::os::unix::fs::PermissionsExt::mode(&meta.permissions());
            #[cfg(not(unix))]
            let mode = u32::from(meta.permissions().readonly());
            (
                e.file_name().to_string_lossy().into_owned(),
                (contents, mode, meta.modified().unwrap()),
            )
        })
        .collect()
}

#[test]
fn check_leaves_the_document_directory_unchanged() {
    // A pair with findings, so that every part of the report runs.
    let pair = Pair::new(
        SEED_EN,
        &replace_once(&clean_zh(), "2004年12月2日", "2004年12月3日"),
    );
    let dir = pair.dir.path();
    std::fs::write(
        dir.join("mine.toml"),
        "[[rule]]\nid = \"annex-number\"\nsummary = \"s\"\ncheck = \"values\"\n\
         [[rule.en]]\npattern = 'annex (?P<n>[IVX]+)'\nnormalise = { n = \"roman\" }\n\
         [[rule.zh]]\npattern = '附件(?P<n>[一二三]+)'\nnormalise = { n = \"zh-number\" }\n",
    )
    .unwrap();
    let before = snapshot(dir);
    assert_eq!(before.len(), 3);
    let runs: [&[&str]; 5] = [
        &["check", "en.txt", "zh.txt"],
        &["check", "en.txt", "zh.txt", "--format", "json"],
        &["check", "--rules", "mine.toml", "en.txt", "zh.txt"],
        &["inspect", "en.txt", "zh.txt"],
        &["check", "zh.txt", "en.txt"],
    ];
    let mut codes = Vec::new();
    for args in runs {
        let out = yizhi().current_dir(dir).args(args).output().unwrap();
        codes.push(out.status.code().unwrap());
    }
    // The runs did run: findings (1), the inspect view (0), and the pair named the other way
    // round (1: the layout pairs en.txt with zh.txt by name, whatever the order).
    assert_eq!(codes, [1, 1, 1, 0, 1]);
    assert_eq!(
        snapshot(dir),
        before,
        "yizhi changed the documents' directory"
    );
}

/// Read-only documents in a read-only directory check like any others: nothing is opened
/// for writing.
#[cfg(unix)]
#[test]
fn read_only_documents_are_checked() {
    use std::os::unix::fs::PermissionsExt;
    let pair = Pair::new(SEED_EN, &clean_zh());
    let dir = pair.dir.path();
    for name in ["en.txt", "zh.txt"] {
        std::fs::set_permissions(dir.join(name), std::fs::Permissions::from_mode(0o444)).unwrap();
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let out = yizhi()
        .current_dir(dir)
        .args(["check", "en.txt", "zh.txt"])
        .output()
        .unwrap();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}
