//! Document and path text made safe to print: a file name or a paragraph may hold ESC (which
//! starts terminal sequences: colours, the window title, cursor moves), a bare CR (which
//! overwrites the line shown), or a newline that starts a CI workflow command (`::error …`)
//! at column 0. Every byte of such text that reaches a terminal, stderr or a workflow command
//! goes through here; JSON and SARIF escape control characters themselves.

use std::borrow::Cow;

/// Whether `c` is a control character (Unicode `Cc`) that printing must not pass on.
fn dangerous(c: char, keep_newlines: bool) -> bool {
    c.is_control() && c != '\t' && !(keep_newlines && c == '\n')
}

/// `s` with its control characters written as Rust escapes (`\u{1b}`), newlines and tabs kept:
/// for messages of several lines.
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

/// `s` with every control character written as a Rust escape, newlines too: for what must
/// stay on one line (a path, a line of the concise format).
pub fn line(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

fn escape(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| dangerous(c, keep_newlines)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if dangerous(c, keep_newlines) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `s` with each byte of a control character replaced by `?`, so that byte offsets into it
/// stay valid: for excerpts whose labels point into the original text. Newlines, tabs and the
/// CR of a CRLF are kept.
pub fn same_length(s: &str) -> Cow<'_, str> {
    let bare_cr = |i: usize| s.as_bytes().get(i + 1) != Some(&b'\n');
    let replace = |(i, c): (usize, char)| dangerous(c, true) && (c != '\r' || bare_cr(i));
    if !s.char_indices().any(replace) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if replace((i, c)) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// An error report whose every text — message, help, labels — is escaped with [`line`] as it
/// is printed. The quoted source is the error's own, which yizhi's sources
/// (excerpts of documents, the line of a TOML file) replace control characters in.
pub struct Escaped(pub miette::Report);

impl std::fmt::Debug for Escaped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::fmt::Display for Escaped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&line(&self.0.to_string()))
    }
}

impl std::error::Error for Escaped {}

impl miette::Diagnostic for Escaped {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.0
            .code()
            .map(|c| Box::new(line(&c.to_string()).into_owned()) as Box<dyn std::fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.0.severity()
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.0
            .help()
            .map(|h| Box::new(line(&h.to_string()).into_owned()) as Box<dyn std::fmt::Display>)
    }

    fn url<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.0
            .url()
            .map(|u| Box::new(line(&u.to_string()).into_owned()) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.0.source_code()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.0.labels().map(|labels| {
            Box::new(labels.map(|l| {
                let label = l.label().map(|s| line(s).into_owned());
                miette::LabeledSpan::new_with_span(label, *l.inner())
            })) as Box<dyn Iterator<Item = miette::LabeledSpan>>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_or_replaced() {
        assert_eq!(text("a\u{1b}]0;x\u{7}b\nc\td"), "a\\u{1b}]0;x\\u{7}b\nc\td");
        assert_eq!(line("d\n::error x\r"), "d\\u{a}::error x\\u{d}");
        assert_eq!(line("第 48 次 - plain"), "第 48 次 - plain");
        assert_eq!(same_length("a\u{1b}b\u{85}c\r\nd\re"), "a?b??c\r\nd?e");
    }
}
