//! Documents: bytes → text, and byte offsets → line/column.
//!
//! Owns decoding (UTF-8 with or without BOM, UTF-16 with BOM) and the line index. Knows nothing
//! of rules or languages. The original text is kept unchanged: every span the linter reports is a
//! byte range into it.

use std::fs;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::bounded::ReadError;
use crate::error::InputError;

/// Files larger than this are refused: the linter holds a pair in memory, and no real document
/// comes near it. Documented in docs/security.md.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Files with more lines than this are refused. Each line may be a paragraph, and the work of
/// aligning paragraphs grows with their number: a pair at this limit takes some seconds and
/// under 1 GB. The longest UN documents have a few thousand lines. Documented in docs/security.md.
pub const MAX_LINES: usize = 1_000_000;

/// One language version of a document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path as the user gave it; used verbatim in every report.
    pub path: String,
    pub text: Arc<str>,
    line_starts: Vec<usize>,
    /// Column checkpoints inside long lines, so that [`Document::position`] never counts more
    /// than [`COLUMN_STRIDE`] bytes of a line: (offset, column, UTF-16 column), 0-based.
    column_marks: Vec<(usize, usize, usize)>,
}

/// Distance between column checkpoints in a long line. A 50 MB single-line document gets 50,000
/// checkpoints, and each position costs at most this many bytes of counting.
const COLUMN_STRIDE: usize = 1024;

/// A position in a document: 1-based line, 1-based column in characters, and 0-based column in
/// UTF-16 code units (what LSP clients count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub utf16_column: usize,
}

impl Document {
    /// Reads and decodes a file. Never panics: every failure is an [`InputError`].
    pub fn read(path: &str) -> Result<Self, InputError> {
        Self::read_file(path).map(|(doc, _)| doc)
    }

    /// Reads and decodes a file, and returns its metadata as the open file gave it (which
    /// file it is, without looking its path up again). `File::open` opens read-only.
    pub fn read_file(path: &str) -> Result<(Self, fs::Metadata), InputError> {
        let (bytes, meta) =
            crate::bounded::read(Path::new(path), MAX_FILE_BYTES).map_err(|e| match e {
                ReadError::Io(e) => InputError::io(path, &e),
                ReadError::Directory => InputError::IsDirectory { path: path.into() },
                ReadError::TooLarge {
                    size,
                    still_growing,
                } => InputError::TooLarge {
                    path: path.into(),
                    size,
                    limit: MAX_FILE_BYTES,
                    still_growing,
                },
            })?;
        Ok((Self::from_vec(path, bytes)?, meta))
    }

    /// Decodes bytes: UTF-16 (LE or BE) when a BOM says so, otherwise UTF-8 with an optional BOM.
    pub fn from_bytes(path: &str, bytes: &[u8]) -> Result<Self, InputError> {
        Self::from_vec(path, bytes.to_vec())
    }

    /// [`Document::from_bytes`], keeping the bytes as the text when they are UTF-8.
    pub fn from_vec(path: &str, bytes: Vec<u8>) -> Result<Self, InputError> {
        let text = decode(path, bytes)?;
        let text = bare_cr_as_lf(text);
        // A line is ended by a LF, or by the end of a text that does not end with one.
        let breaks = text.bytes().filter(|&b| b == b'\n').count();
        let lines = breaks + usize::from(!text.is_empty() && !text.ends_with('\n'));
        if lines > MAX_LINES {
            return Err(InputError::TooManyLines {
                path: path.into(),
                lines,
                limit: MAX_LINES,
            });
        }
        Ok(Self::from_text(path, text))
    }

    /// Wraps text that is already decoded (editor buffers, tests). A CR that no LF follows
    /// is a line break (old Mac files, and the LSP counts it so): it is read as a LF, which
    /// leaves every byte offset as it was.
    pub fn from_text(path: &str, text: String) -> Self {
        let text = bare_cr_as_lf(text);
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut column_marks = Vec::new();
        for (i, &start) in line_starts.iter().enumerate() {
            let end = line_starts.get(i + 1).map_or(text.len(), |&next| next);
            if end - start <= COLUMN_STRIDE {
                continue;
            }
            let (mut column, mut utf16, mut next_mark) = (0, 0, start + COLUMN_STRIDE);
            for (j, c) in text[start..end].char_indices() {
                if start + j >= next_mark {
                    column_marks.push((start + j, column, utf16));
                    next_mark = start + j + COLUMN_STRIDE;
                }
                column += 1;
                utf16 += c.len_utf16();
            }
        }
        Self {
            path: path.to_string(),
            text: Arc::from(text),
            line_starts,
            column_marks,
        }
    }

    /// The byte ranges of the lines, without their terminators (`\n` or `\r\n`).
    pub fn lines(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        (0..self.line_starts.len()).map(|i| self.line(i))
    }

    /// The byte range of the 0-based line `i`, without its terminator.
    fn line(&self, i: usize) -> Range<usize> {
        let start = self.line_starts[i];
        let mut end = self
            .line_starts
            .get(i + 1)
            .map_or(self.text.len(), |&next| next - 1);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// The byte range of the line holding `offset`, without its terminator (`\n` or `\r\n`).
    /// Offsets past the end are clamped.
    pub fn line_span(&self, offset: usize) -> Range<usize> {
        let offset = offset.min(self.text.len());
        self.line(self.line_starts.partition_point(|&s| s <= offset) - 1)
    }

    /// Line and columns of a byte offset. Offsets past the end are clamped; an offset inside a
    /// character counts as that character.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let mut start = self.line_starts[line];
        let mut column = 0;
        let mut utf16_column = 0;
        let mark = self
            .column_marks
            .partition_point(|&(at, _, _)| at <= offset);
        if let Some(&(at, c, u)) = mark.checked_sub(1).and_then(|m| self.column_marks.get(m))
            && at >= start
        {
            (start, column, utf16_column) = (at, c, u);
        }
        for (i, c) in self.text[start..].char_indices() {
            if start + i >= offset {
                break;
            }
            column += 1;
            utf16_column += c.len_utf16();
        }
        Position {
            line: line + 1,
            column: column + 1,
            utf16_column,
        }
    }
}

/// `text` with each CR that no LF follows replaced by a LF.
fn bare_cr_as_lf(text: String) -> String {
    let bytes = text.as_bytes();
    let bare = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !bytes.contains(&b'\r') || !(0..bytes.len()).any(bare) {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    String::from_utf8(bytes).expect("one ASCII byte for another keeps UTF-8 valid")
}

/// Decodes a file's bytes, then checks that the text is text: see [`looks_binary`].
fn decode(path: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    let text = decode_bytes(path, bytes)?;
    if let Some(character) = looks_binary(&text) {
        return Err(InputError::NotText {
            path: path.into(),
            character,
        });
    }
    Ok(text)
}

fn decode_bytes(path: &str, mut bytes: Vec<u8>) -> Result<String, InputError> {
    // UTF-32 first: its little-endian BOM starts with UTF-16's.
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(InputError::Utf32 {
            path: path.into(),
            bom: true,
        });
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(path, rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(path, rest, u16::from_be_bytes);
    }
    let offset = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    let body = &bytes[offset..];
    if utf32_without_bom(body) {
        return Err(InputError::Utf32 {
            path: path.into(),
            bom: false,
        });
    }
    if let Some(nul) = memchr_nul(body) {
        return Err(InputError::Binary {
            path: path.into(),
            offset: nul + offset,
            hint: utf16_hint(body),
        });
    }
    bytes.drain(..offset);
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let prefix = &e.as_bytes()[..good];
        let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = prefix
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column =
            std::str::from_utf8(&prefix[line_start..]).map_or(1, |s| s.chars().count() + 1);
        InputError::InvalidUtf8 {
            path: path.into(),
            offset: good + offset,
            line,
            column,
        }
    })
}

fn decode_utf16(path: &str, body: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, InputError> {
    if !body.len().is_multiple_of(2) {
        return Err(InputError::InvalidUtf16 {
            path: path.into(),
            offset: body.len() + 1,
        });
    }
    let units = body.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut out = String::with_capacity(body.len() / 2);
    for (i, r) in char::decode_utf16(units).enumerate() {
        match r {
            Ok(c) => out.push(c),
            Err(_) => {
                return Err(InputError::InvalidUtf16 {
                    path: path.into(),
                    offset: 2 + i * 2,
                });
            }
        }
    }
    Ok(out)
}

/// Whether decoded text is not a document: it holds a NUL, or more than one character in
/// twenty is a control character (tabs, line and page breaks aside), a private-use character
/// or a noncharacter — what bytes that are not text in the encoding claimed (random data after
/// a UTF-16 byte-order mark) decode to. Returns the 1-based number of the first such
/// character.
fn looks_binary(text: &str) -> Option<usize> {
    if !may_look_binary(text.as_bytes()) {
        return None;
    }
    let mut first = None;
    let (mut chars, mut odds) = (0usize, 0usize);
    for c in text.chars() {
        chars += 1;
        if c == '\0' {
            return Some(chars);
        }
        if odd(c) {
            odds += 1;
            first.get_or_insert(chars);
        }
    }
    (odds >= 3 && odds * 20 > chars).then_some(first).flatten()
}

/// A character that text does not hold: see [`looks_binary`].
fn odd(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{b}' | '\u{c}'))
        || ('\u{E000}'..='\u{F8FF}').contains(&c)
        || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Whether UTF-8 `bytes` may hold a character [`looks_binary`] counts, judged by bytes alone:
/// a control byte other than the spaces, the lead byte of a C1 control (U+0080 to U+009F), or
/// of a private-use character or noncharacter (U+E000 to U+F8FF, U+FFFE, U+FFFF). Most texts
/// hold none, and are then not decoded character by character.
fn may_look_binary(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => false,
        0..0x20 | 0x7F | 0xEE => true,
        0xC2 => bytes.get(i + 1).is_some_and(|&n| n < 0xA0),
        0xEF => bytes
            .get(i + 1)
            .is_some_and(|&n| n <= 0xA3 || (n == 0xBF && bytes.get(i + 2) >= Some(&0xBE))),
        _ => false,
    })
}

/// UTF-32 without a byte-order mark: a whole number of 4-byte units, each a code point (at
/// most 0x10FFFF), with the NULs of its high bytes — little- or big-endian — in every unit of
/// the first 4 KiB.
fn utf32_without_bom(bytes: &[u8]) -> bool {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(4) {
        return false;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let units = || sample.chunks_exact(4);
    units().all(|u| u[3] == 0 && u[2] <= 0x10) || units().all(|u| u[0] == 0 && u[1] <= 0x10)
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes
        .contains(&0)
        .then(|| bytes.iter().position(|&b| b == 0))?
}

/// Text that is mostly ASCII with a NUL in every other byte is UTF-16 that lost its BOM.
fn utf16_hint(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(4096)];
    let nuls = sample.iter().filter(|&&b| b == 0).count();
    sample.len() >= 4 && nuls * 3 >= sample.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte test lets every odd character through, and nothing else, whatever follows.
    #[test]
    fn the_byte_test_finds_every_odd_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            let one = c.encode_utf8(&mut buf);
            assert_eq!(may_look_binary(one.as_bytes()), odd(c), "{c:?}");
            let tailed = format!("{c}a");
            assert_eq!(may_look_binary(tailed.as_bytes()), odd(c), "{c:?}a");
        }
    }

    #[test]
    fn positions_count_characters_and_utf16_units() {
        let doc = Document::from_text("zh.txt", "ab\r\n第59/48号𠀀x\n".into());
        let x = doc.text.find('x').unwrap();
        let p = doc.position(x);
        assert_eq!((p.line, p.column, p.utf16_column), (2, 9, 9));
        let lines: Vec<_> = doc.lines().map(|r| &doc.text[r]).collect();
        assert_eq!(lines, ["ab", "第59/48号𠀀x", ""]);
    }

    #[test]
    fn decodes_boms() {
        let utf8 = Document::from_bytes("a", b"\xEF\xBB\xBFhi").unwrap();
        assert_eq!(&*utf8.text, "hi");
        let le = Document::from_bytes("a", &[0xFF, 0xFE, b'h', 0, 0x74, 0x5E]).unwrap();
        assert_eq!(&*le.text, "h年");
        let be = Document::from_bytes("a", &[0xFE, 0xFF, 0, b'h']).unwrap();
        assert_eq!(&*be.text, "h");
    }

    #[test]
    fn reports_where_utf8_breaks() {
        let err = Document::from_bytes("a", b"ok\nab\xFFc").unwrap_err();
        match err {
            InputError::InvalidUtf8 {
                offset,
                line,
                column,
                ..
            } => assert_eq!((offset, line, column), (5, 2, 3)),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn exactly_the_limit_of_lines_is_read() {
        let at = "a\n".repeat(MAX_LINES);
        assert!(Document::from_bytes("a", at.as_bytes()).is_ok());
        assert!(Document::from_bytes("a", at.trim_end().as_bytes()).is_ok());
        let over = format!("{at}a");
        let err = Document::from_bytes("a", over.as_bytes()).unwrap_err();
        assert!(matches!(err, InputError::TooManyLines { lines, .. } if lines == MAX_LINES + 1));
    }

    #[test]
    fn utf16_without_bom_is_called_so() {
        let err = Document::from_bytes("a", b"h\0i\0!\0").unwrap_err();
        assert!(matches!(err, InputError::Binary { hint: true, .. }));
    }
}
