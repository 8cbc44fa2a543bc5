//! What a pull request, a hostile file or a broken disk must not make yizhi do (issue #22):
//! read or quote files outside the project, read without bound, write through a link or over
//! a document, or print control sequences to a terminal or a CI log.

use std::process::Output;

use crate::project::*;
use crate::support::*;

/// A value no test writes anywhere but where it must stay hidden.
const MARKER: &str = "yizhi-marker-4f1c9e";

/// Runs `yizhi ARGS` in the project with [`MARKER`] in the environment; asserts that the
/// marker appears in neither output and returns the output.
fn run_with_marker(p: &Project, args: &[&str]) -> Output {
    let out = yizhi()
        .current_dir(p.path("."))
        .env_remove("CI")
        .env("NO_COLOR", "1")
        .env("YIZHI_TEST_SECRET", MARKER)
        .args(args)
        .output()
        .unwrap();
    for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        assert!(
            !String::from_utf8_lossy(bytes).contains(MARKER),
            "the marker leaked to {name}:\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// D1: `rules` in yizhi.toml cannot name a file outside the folder of yizhi.toml — an absolute
/// path, a `..` path, or a symbolic link out of it — and the refusal points at the entry.
#[test]
fn a_config_cannot_read_files_outside_its_root() {
    let outside = tempfile::tempdir().unwrap();
    // A TOML file outside the project whose errors would quote the marker.
    let secret = outside.path().join("secret.toml");
    std::fs::write(&secret, format!("{MARKER} = 1\n")).unwrap();
    let p = Project::new();
    p.pair("en/a.txt", "zh/a.txt");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, p.path("link.toml")).unwrap();
    let relative = format!(
        "../{}/secret.toml",
        outside.path().file_name().unwrap().to_string_lossy()
    );
    let mut entries = vec![secret.to_string_lossy().into_owned(), relative];
    if cfg!(target_os = "linux") {
        entries.push("/proc/self/environ".into());
    }
    if cfg!(unix) {
        entries.push("link.toml".into());
    }
    for entry in &entries {
        p.write("yizhi.toml", &format!("rules = [{entry:?}]\n"));
        let out = run_with_marker(&p, &["check", "en/a.txt", "zh/a.txt"]);
        assert_eq!(out.status.code(), Some(2), "{entry}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!("rule file `{entry}` is outside the project root")),
            "{entry}: {err}"
        );
        assert!(err.contains(&format!("1 │ rules = [{entry:?}]")), "{err}");
    }
    // Inside the root, a rule file (and a link to one) loads as before.
    p.write("mine/annex.toml", ANNEX_RULE);
    #[cfg(unix)]
    std::os::unix::fs::symlink(p.path("mine/annex.toml"), p.path("annex.toml")).unwrap();
    for entry in ["mine/annex.toml", "mine/../mine/annex.toml", "annex.toml"] {
        p.write("yizhi.toml", &format!("rules = [{entry:?}]\n"));
        let out = p.run(&["rules"]);
        assert_eq!(out.status.code(), Some(0), "{entry}: {}", stderr(&out));
        assert!(String::from_utf8_lossy(&out.stdout).contains("annex-number-mismatch"));
    }
}

/// D1: a file that is not a .toml file (symbolic links resolved) is never quoted in an error,
/// whoever named it: the error gives its line and column only.
#[test]
fn errors_never_quote_a_file_that_is_not_toml() {
    let p = Project::new();
    p.pair("en/a.txt", "zh/a.txt");
    p.write("notes.txt", &format!("token {MARKER}\n"));
    p.write("yizhi.toml", "rules = [\"notes.txt\"]\n");
    let out = run_with_marker(&p, &["check", "en/a.txt", "zh/a.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("notes.txt: not a rule file (TOML): invalid at line 1, column 7"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_file(p.path("yizhi.toml")).unwrap();
    let out = run_with_marker(
        &p,
        &["check", "en/a.txt", "zh/a.txt", "--rules", "notes.txt"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a rule file (TOML)"));
    if cfg!(target_os = "linux") {
        let out = run_with_marker(
            &p,
            &[
                "check",
                "en/a.txt",
                "zh/a.txt",
                "--rules",
                "/proc/self/environ",
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    }
    // A yizhi.toml that is a link to another file.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(p.path("notes.txt"), p.path("yizhi.toml")).unwrap();
        let out = run_with_marker(&p, &["check", "en/a.txt", "zh/a.txt"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            stderr(&out).contains("not a yizhi config file (TOML)"),
            "{}",
            stderr(&out)
        );
    }
}

/// D1: an error in a TOML file quotes its offending line and no other.
#[test]
fn a_toml_error_quotes_one_line() {
    let p = Project::new();
    p.pair("en/a.txt", "zh/a.txt");
    p.write(
        "mine.toml",
        &format!("# {MARKER}\n[[rule]]\nid = \"x\"\nsummary = oops\n# {MARKER}\n"),
    );
    let out = run_with_marker(
        &p,
        &["check", "en/a.txt", "zh/a.txt", "--rules", "mine.toml"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("4 │ summary = oops"),
        "{}",
        stderr(&out)
    );
}

/// D2: every file yizhi reads whole has a size limit, checked before reading and while
/// reading: `/dev/zero` as a baseline, a config or a rule file (or a committed link to it) is
/// refused at the limit instead of read until memory runs out.
#[cfg(unix)]
#[test]
fn reads_are_bounded() {
    let p = Project::new();
    p.pair("en/a.txt", "zh/a.txt");
    let cases: [(&[&str], &str); 3] = [
        (
            &["--baseline", "/dev/zero"],
            "cannot read baseline /dev/zero: it is over the limit of 67108864 bytes for a baseline",
        ),
        (
            &["--config", "/dev/zero"],
            "cannot read config file /dev/zero: it is over the limit of 1048576 bytes",
        ),
        (
            &["--rules", "/dev/zero"],
            "cannot read rule file /dev/zero: it is over the limit of 1048576 bytes",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["check", "en/a.txt", "zh/a.txt"];
        all.extend_from_slice(args);
        let out = p.run(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{}", stderr(&out));
    }
    // A committed link, found by name.
    std::os::unix::fs::symlink("/dev/zero", p.path("yizhi-baseline.json")).unwrap();
    let out = p.run(&[
        "check",
        "en/a.txt",
        "zh/a.txt",
        "--baseline",
        "yizhi-baseline.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    std::os::unix::fs::symlink("/dev/zero", p.path("yizhi.toml")).unwrap();
    let out = p.run(&["check", "en/a.txt", "zh/a.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read config file yizhi.toml: it is over the limit"),
        "{}",
        stderr(&out)
    );
    // A regular file over the limit is refused from its size.
    std::fs::remove_file(p.path("yizhi.toml")).unwrap();
    p.write("yizhi.toml", &"#".repeat(2 * 1024 * 1024));
    let out = p.run(&["check", "en/a.txt", "zh/a.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("over the limit of 1048576 bytes for a config file"));
}

/// D4: a baseline is never written onto a document of the run, nor over any file that is not
/// a baseline yizhi wrote, nor through a symbolic link; the file stays as it was.
#[test]
fn a_baseline_never_replaces_a_document_or_writes_through_a_link() {
    let p = Project::new();
    p.pair("en/a.txt", "zh/a.txt");
    p.write(
        "zh/a.txt",
        &replace_once(&clean_zh(), "2004年12月2日", "2004年12月3日"),
    );
    let zh = p.read("zh/a.txt");
    let out = p.run(&[
        "check",
        "en/a.txt",
        "zh/a.txt",
        "--write-baseline",
        "zh/a.txt",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("cannot write baseline zh/a.txt: it exists and is not a yizhi baseline"),
        "{}",
        stderr(&out)
    );
    assert_eq!(p.read("zh/a.txt"), zh);
    // A baseline it wrote is replaced whole, with no temporary file left beside it.
    for _ in 0..2 {
        let out = p.run(&[
            "check",
            "en/a.txt",
            "zh/a.txt",
            "--write-baseline",
            "b.json",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    assert!(p.read("b.json").contains("date-mismatch"));
    let mut names: Vec<String> = std::fs::read_dir(p.path("."))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["b.json", "en", "zh"]);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(p.path("zh/a.txt"), p.path("link.json")).unwrap();
        let out = p.run(&[
            "check",
            "en/a.txt",
            "zh/a.txt",
            "--write-baseline",
            "link.json",
        ]);
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
        assert_eq!(p.read("zh/a.txt"), zh);
    }
}

/// D4: `init --force` on a yizhi.toml that is a symbolic link leaves the link's target alone.
#[cfg(unix)]
#[test]
fn init_never_writes_through_a_link() {
    let p = Project::new();
    p.write("elsewhere.txt", "keep me\n");
    std::os::unix::fs::symlink(p.path("elsewhere.txt"), p.path("yizhi.toml")).unwrap();
    for args in [&["init"][..], &["init", "--force"]] {
        let out = p.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert_eq!(p.read("elsewhere.txt"), "keep me\n");
    }
    assert!(
        stderr(&p.run(&["init", "--force"]))
            .contains("cannot write yizhi.toml: it is a symbolic link")
    );
    // A link to nothing is there too.
    std::fs::remove_file(p.path("elsewhere.txt")).unwrap();
    assert_eq!(p.run(&["init", "--force"]).status.code(), Some(2));
    assert!(!p.path("elsewhere.txt").exists());
}

/// D5: no control character of a path or a document reaches the output: a folder named to
/// start a workflow command on a line of its own, and a paragraph with an OSC sequence (which
/// sets a terminal's title) and a bare CR (which overwrites the line shown), in every format
/// and in the errors, help lines and summary on stderr.
#[cfg(unix)]
#[test]
fn control_characters_never_reach_the_output() {
    let p = Project::new();
    let dir = "d\n::error file=README.md,line=1::PWNED";
    p.write(
        &format!("{dir}/en.txt"),
        "Recalling its resolution of 2 December 2004,\u{1b}]0;TITLE\u{7} and\r faked.\n",
    );
    p.write(&format!("{dir}/zh.txt"), "回顾其2004年12月3日的决议，\n");
    let (en, zh) = (format!("{dir}/en.txt"), format!("{dir}/zh.txt"));
    let clean = |out: &Output, what: &str| {
        let all = [out.stdout.clone(), out.stderr.clone()].concat();
        let text = String::from_utf8_lossy(&all);
        assert!(
            !all.contains(&0x1b) && !all.contains(&0x07),
            "{what}: {text}"
        );
        assert!(!text.replace("\r\n", "\n").contains('\r'), "{what}: {text}");
        assert!(
            !text
                .lines()
                .any(|l| l.starts_with("::error file=README.md")),
            "{what}: {text}"
        );
        text.into_owned()
    };
    for format in ["human", "concise", "github"] {
        let out = p.run(&["check", &en, &zh, "--format", format, "--color", "never"]);
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
        let text = clean(&out, format);
        assert!(
            text.contains("d\\u{a}::error file=README.md"),
            "{format}: {text}"
        );
    }
    let out = p.run(&["check", &en, &zh, "--format", "human", "--color", "never"]);
    // ESC and BEL shown as `?`; the bare CR is a line break (see input.rs).
    assert!(String::from_utf8_lossy(&out.stdout).contains("2004,?]0;TITLE? and"));
    // Input errors and their help lines.
    let (gone_en, gone_zh) = (format!("{dir}/gone/en.txt"), format!("{dir}/gone/zh.txt"));
    p.write(&format!("{dir}/first.txt"), &clean_zh());
    p.write(&format!("{dir}/second.txt"), SEED_EN);
    let (first, second) = (format!("{dir}/first.txt"), format!("{dir}/second.txt"));
    for args in [
        &["check", &gone_en, &gone_zh][..],
        &["check", &first, &second],
    ] {
        let out = p.run(args);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        clean(&out, "an input error");
    }
    let out = p.run(&["check", &first, &second]);
    assert!(
        stderr(&out).contains("help: the English version comes first: yizhi check d\\u{a}::error")
    );
}
