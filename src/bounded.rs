//! Reading a whole file with a size limit checked before reading: from the file's metadata
//! first, then by reading at most one byte past the limit, so that a pipe, a device such as
//! `/dev/zero` or a file that grows meanwhile is cut off rather than read without end. Every
//! file yizhi reads whole — documents, yizhi.toml, rule files, baselines — is read here.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    Directory,
    /// Over the limit: `size` from its metadata, or the limit itself when the file was cut
    /// off while read (`still_growing`).
    TooLarge {
        size: u64,
        still_growing: bool,
    },
}

/// Reads the file at `path`, read-only and at most `limit` bytes of it; returns its bytes and
/// its metadata as the open file gave it.
pub fn read(path: &Path, limit: u64) -> Result<(Vec<u8>, Metadata), ReadError> {
    let opened = File::open(path).and_then(|f| Ok((f.metadata()?, f)));
    let (meta, file) = match opened {
        Ok(opened) => opened,
        // Some systems do not open folders as files.
        Err(_) if path.is_dir() => return Err(ReadError::Directory),
        Err(e) => return Err(ReadError::Io(e)),
    };
    if meta.is_dir() {
        return Err(ReadError::Directory);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            still_growing: false,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: limit,
            still_growing: true,
        });
    }
    Ok((bytes, meta))
}

impl ReadError {
    /// Why, in words, for a file whose kind (`what`, as "a rule file") has a size limit of
    /// `limit` bytes.
    pub fn reason(&self, what: &str, limit: u64) -> String {
        match self {
            ReadError::Io(e) => crate::error::io_reason(e),
            ReadError::Directory => format!("it is a directory, not {what}"),
            ReadError::TooLarge { .. } => {
                format!("it is over the limit of {limit} bytes for {what}")
            }
        }
    }
}
