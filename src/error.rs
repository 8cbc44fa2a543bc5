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

    #[error("{path} is {size} bytes, over the limit of {limit} bytes")]
    #[diagnostic(
        code(yizhi::input::too_large),
        help("yizhi holds a pair in memory; split the document or check it in parts")
    )]
    TooLarge { path: String, size: u64, limit: u64 },

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

    #[error("{path} is not valid UTF-16: bad code unit at byte offset {offset}")]
    #[diagnostic(code(yizhi::input::encoding))]
    InvalidUtf16 { path: String, offset: usize },

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
}

impl InputError {
    pub fn io(path: &str, e: &std::io::Error) -> Self {
        let reason = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        InputError::Io {
            path: path.into(),
            reason,
        }
    }
}
