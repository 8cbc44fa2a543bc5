//! Errors about the documents given to check. Each is a miette diagnostic; the CLI maps all of
//! them to exit code 2.

use miette::Diagnostic;
use thiserror::Error;

#[derive(Debug, Error, Diagnostic)]
pub enum InputError {
    #[error("cannot read {path}: {reason}")]
    #[diagnostic(code(yizhi::input::io))]
    Io { path: String, reason: String },

    #[error("{path} is a directory, not a text file")]
    #[diagnostic(
        code(yizhi::input::directory),
        help("give the English and the Chinese file of one document")
    )]
    IsDirectory { path: String },

    #[error(
        "{path} is {}{size} bytes, over the limit of {limit} bytes ({} MiB)",
        if *still_growing { "more than " } else { "" },
        limit / (1024 * 1024)
    )]
    #[diagnostic(
        code(yizhi::input::too_large),
        help("yizhi holds a pair in memory; split the document or check it in parts")
    )]
    TooLarge {
        path: String,
        size: u64,
        limit: u64,
        /// Whether the file was cut off while read (a pipe, or a file that grew) rather than
        /// refused for the size its metadata gave.
        still_growing: bool,
    },

    #[error("{path} has {lines} lines, over the limit of {limit}")]
    #[diagnostic(
        code(yizhi::input::too_many_lines),
        help("each line is a paragraph to align; split the document or check it in parts")
    )]
    TooManyLines {
        path: String,
        lines: usize,
        limit: usize,
    },

    #[error("{path} holds more than {limit} values to compare (found by line {line})")]
    #[diagnostic(
        code(yizhi::input::too_many_values),
        help(
            "dates, symbols and footnote markers, or matches of a user rule: check the document in parts, or narrow the rule"
        )
    )]
    TooManyValues {
        path: String,
        limit: usize,
        line: usize,
    },

    #[error(
        "{path} is not valid UTF-8: bad byte at offset {offset} (line {line}, column {column})"
    )]
    #[diagnostic(
        code(yizhi::input::encoding),
        help("save the file as UTF-8 (or UTF-16 with a byte-order mark)")
    )]
    InvalidUtf8 {
        path: String,
        offset: usize,
        line: usize,
        column: usize,
    },

    #[error(
        "{path} is UTF-32{}, which yizhi does not read",
        if *bom { " (byte-order mark)" } else { " without a byte-order mark" }
    )]
    #[diagnostic(
        code(yizhi::input::encoding),
        help("save the file as UTF-8 (or UTF-16 with a byte-order mark)")
    )]
    Utf32 { path: String, bom: bool },

    #[error("{path} is not valid UTF-16: bad code unit at byte offset {offset}")]
    #[diagnostic(code(yizhi::input::encoding))]
    InvalidUtf16 { path: String, offset: usize },

    #[error("{path}:{line}:{column}: not well-formed {format}: {reason}")]
    #[diagnostic(
        code(yizhi::input::malformed),
        help("fix the file where it breaks; yizhi reads the units of a well-formed file")
    )]
    Malformed {
        path: String,
        format: &'static str,
        line: usize,
        column: usize,
        reason: String,
    },

    #[error("{path} looks binary: NUL byte at offset {offset}")]
    #[diagnostic(
        code(yizhi::input::binary),
        help("{}", if *hint { "it looks like UTF-16 without a byte-order mark: save it as UTF-8, or as UTF-16 with a BOM" } else { "yizhi checks plain-text documents" })
    )]
    Binary {
        path: String,
        offset: usize,
        hint: bool,
    },

    #[error(
        "{path} does not look like text once decoded: NUL, control or private-use characters from character {character}"
    )]
    #[diagnostic(
        code(yizhi::input::binary),
        help(
            "yizhi checks plain-text documents: is the file in the encoding its byte-order mark says?"
        )
    )]
    NotText { path: String, character: usize },

    #[error("{path} is empty{}", if *blank { " but for white space" } else { "" })]
    #[diagnostic(
        code(yizhi::input::empty),
        help(
            "there is nothing to compare with {other}: was the file exported or copied completely?"
        )
    )]
    Empty {
        path: String,
        other: String,
        /// Whether the file has white space (and nothing else) rather than no bytes at all.
        blank: bool,
    },

    #[error("{en} and {zh} are the same file")]
    #[diagnostic(
        code(yizhi::input::same_file),
        help("give the English version first, then the Chinese one")
    )]
    SameFile { en: String, zh: String },

    #[error("{en} looks Chinese and {zh} looks English: swapped?")]
    #[diagnostic(
        code(yizhi::input::swapped),
        help("the English version comes first: yizhi check {zh} {en}")
    )]
    Swapped { en: String, zh: String },

    #[error("{path} looks {found}, not {expected}")]
    #[diagnostic(
        code(yizhi::input::language),
        help("{}", language_help(*expected_english, other))
    )]
    WrongLanguage {
        path: String,
        /// The other file of the pair.
        other: String,
        expected: &'static str,
        found: &'static str,
        expected_english: bool,
    },

    #[error("{path} is a symbolic link out of the project root: not read")]
    #[diagnostic(
        code(yizhi::input::outside_root),
        help(
            "a pair's files are read only inside the folder of yizhi.toml (or the working directory); copy the file in, or skip it with `exclude` in yizhi.toml"
        )
    )]
    OutsideRoot { path: String },
}

fn language_help(expected_english: bool, other: &str) -> String {
    if expected_english {
        format!("the first file must be the English version of {other}")
    } else {
        format!("the second file must be the Chinese version of {other}")
    }
}

impl InputError {
    pub fn io(path: &str, e: &std::io::Error) -> Self {
        InputError::Io {
            path: path.into(),
            reason: io_reason(e),
        }
    }
}

/// Why a file could not be read or written, in a few words ("no such file").
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}
