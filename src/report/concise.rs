//! `--format concise`: one line per finding, `path:line:col: rule message`, which editors
//! (Vim's `errorformat`, Emacs' compilation mode, VS Code problem matchers) and grep read.
//!
//! The location is the finding's first label (English first); where the finding also labels
//! the other file, that position follows the message in brackets, so that both files can be
//! jumped to. Columns are 1-based and count characters.

use std::io::{self, Write};

use super::CheckedPair;
use crate::escape::line;

pub fn render(pairs: &[CheckedPair], out: &mut dyn Write) -> io::Result<()> {
    for (pair, d) in super::findings(pairs) {
        let Some(first) = d.labels.first() else {
            continue;
        };
        let at = super::locate(pair, first);
        write!(
            out,
            "{}:{}:{}: {} {}",
            line(at.path),
            at.start.line,
            at.start.column,
            d.rule,
            one_line(&d.message)
        )?;
        if let Some(other) = d.labels.iter().find(|l| l.side != first.side) {
            let o = super::locate(pair, other);
            write!(
                out,
                " [{}:{}:{}]",
                line(o.path),
                o.start.line,
                o.start.column
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Messages are one line already; a rule file's text must not break the format, nor
/// document text reach the terminal with its control characters.
fn one_line(s: &str) -> String {
    line(&s.replace(['\r', '\n'], " ")).into_owned()
}
