//! yizhi's findings in LSP terms: byte spans → ranges in UTF-16 code units (what every client
//! counts in), rules → diagnostic codes and links to their documentation, labels in the other
//! file → related information, and `file:` URIs ↔ paths.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, Uri,
};

use crate::diagnostic::{Diagnostic, Label, Severity, Side};
use crate::document::Document;
use crate::rules::{EMBEDDED_FILES, Rule};

/// The `source` of every diagnostic the server publishes.
pub const SOURCE: &str = "yizhi";

/// One file of a checked pair, as the client knows it.
pub struct File<'a> {
    pub doc: &'a Document,
    pub uri: &'a Uri,
}

/// `d` as a diagnostic of the file on `side`, or `None` when no label of it lies there.
///
/// The range is the first label on `side`; every other label — the counterpart's value in the
/// other file above all — is related information, with the label's message. `href` is where
/// the rule is documented ([`rule_href`]).
pub fn diagnostic(
    d: &Diagnostic,
    side: Side,
    files: &[File; 2],
    href: Option<&Uri>,
) -> Option<lsp_types::Diagnostic> {
    let here = d.labels.iter().position(|l| l.side == side)?;
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != here)
        .map(|(_, l)| DiagnosticRelatedInformation {
            location: Location::new(files[l.side as usize].uri.clone(), label_range(files, l)),
            message: if l.message.is_empty() {
                l.side.name().to_string()
            } else {
                l.message.clone()
            },
        })
        .collect();
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    Some(lsp_types::Diagnostic {
        range: label_range(files, &d.labels[here]),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.clone())),
        code_description: href.map(|href| CodeDescription { href: href.clone() }),
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    })
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The rules table of yizhi's README, in the repository Cargo.toml names: the documentation of
/// the built-in rules, which has no anchor of its own for each.
pub fn rules_table() -> String {
    format!(
        "{}/blob/main/README.md#what-it-checks",
        env!("CARGO_PKG_REPOSITORY")
    )
}

/// Where `rule` is documented: the [`rules_table`] for a built-in rule; for a rule of the
/// user's, its rule file (whose path is absolute); else nowhere.
pub fn rule_href(rule: &Rule) -> Option<Uri> {
    let line = format!("id = \"{}\"", rule.id);
    let built_in = EMBEDDED_FILES
        .iter()
        .any(|(name, text)| *name == rule.origin && text.lines().any(|l| l.trim() == line));
    if built_in {
        Uri::from_str(&rules_table()).ok()
    } else {
        path_to_uri(Path::new(&rule.origin))
    }
}

fn label_range(files: &[File; 2], label: &Label) -> Range {
    range(files[label.side as usize].doc, &label.span)
}

/// A byte span of `doc` as an LSP range: 0-based lines, columns in UTF-16 code units.
pub fn range(doc: &Document, span: &std::ops::Range<usize>) -> Range {
    Range::new(position(doc, span.start), position(doc, span.end))
}

fn position(doc: &Document, offset: usize) -> Position {
    let p = doc.position(offset);
    let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Position::new(clamp(p.line - 1), clamp(p.utf16_column))
}

/// The byte offset of an LSP position in `text`, for edits sent as ranges. A line past the end
/// is the end; a column past the line's end is the line's end.
pub fn offset(text: &str, position: Position) -> usize {
    let mut line_start = 0;
    for _ in 0..position.line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let mut units = 0;
    for (i, c) in text[line_start..line_end].char_indices() {
        if units >= position.character as usize {
            return line_start + i;
        }
        units += c.len_utf16();
    }
    line_end
}

/// The path of a `file:` URI on this machine; `None` for other schemes and remote hosts.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let scheme = uri.scheme()?;
    if !scheme.as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    if let Some(authority) = uri.authority()
        && !authority.as_str().is_empty()
        && !authority.as_str().eq_ignore_ascii_case("localhost")
    {
        return None;
    }
    let bytes = percent_decode(uri.path().as_str());
    path_from_bytes(bytes)
}

#[cfg(unix)]
fn path_from_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    let path = PathBuf::from(std::ffi::OsString::from_vec(bytes));
    path.is_absolute().then_some(path)
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
    let text = String::from_utf8(bytes).ok()?;
    // `/C:/a/b` is `C:/a/b`.
    let text = match text.as_bytes() {
        [b'/', drive, b':', ..] if drive.is_ascii_alphabetic() => &text[1..],
        _ => &text[..],
    };
    let path = PathBuf::from(text);
    path.is_absolute().then_some(path)
}

/// The `file:` URI of an absolute path, every byte but unreserved ones and `/` percent-encoded.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    if !path.is_absolute() {
        return None;
    }
    let text = path_text(path)?;
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) || (b == b':' && cfg!(windows)) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&uri).ok()
}

#[cfg(unix)]
fn path_text(path: &Path) -> Option<std::borrow::Cow<'_, str>> {
    Some(path.to_string_lossy())
}

#[cfg(not(unix))]
fn path_text(path: &Path) -> Option<std::borrow::Cow<'_, str>> {
    Some(path.to_str()?.replace('\\', "/").into())
}

fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(s: &str) -> Uri {
        Uri::from_str(s).unwrap()
    }

    #[test]
    fn ranges_count_utf16_units_from_zero() {
        let doc = Document::from_text("zh.txt", "ab\n第59号𠀀2004年\n".into());
        let start = doc.text.find("2004").unwrap();
        let r = range(&doc, &(start..start + "2004年".len()));
        // 第 5 9 号 are one unit each, 𠀀 two: the date starts at unit 6 of line 1.
        assert_eq!(r, Range::new(Position::new(1, 6), Position::new(1, 11)));
    }

    #[test]
    fn offsets_invert_positions() {
        let text = "ab\n第𠀀c\nlast";
        let c = text.find('c').unwrap();
        assert_eq!(offset(text, Position::new(1, 3)), c);
        assert_eq!(offset(text, Position::new(1, 99)), c + 1);
        assert_eq!(offset(text, Position::new(9, 0)), text.len());
        assert_eq!(
            offset(text, Position::new(2, 0)),
            text.find("last").unwrap()
        );
    }

    #[cfg(unix)]
    #[test]
    fn file_uris_and_paths() {
        let p = Path::new("/tmp/译文 a/zh/x.txt");
        let u = path_to_uri(p).unwrap();
        assert_eq!(u.as_str(), "file:///tmp/%E8%AF%91%E6%96%87%20a/zh/x.txt");
        assert_eq!(uri_to_path(&u).as_deref(), Some(p));
        assert_eq!(
            uri_to_path(&uri("file://localhost/tmp/a%20b.txt")).as_deref(),
            Some(Path::new("/tmp/a b.txt"))
        );
        assert_eq!(uri_to_path(&uri("untitled:Untitled-1")), None);
        assert_eq!(uri_to_path(&uri("file://server/share/a.txt")), None);
        assert_eq!(uri_to_path(&uri("https://example.org/a.txt")), None);
        assert_eq!(path_to_uri(Path::new("relative.txt")), None);
    }
}
