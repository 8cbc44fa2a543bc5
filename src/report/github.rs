//! `--format github`: GitHub Actions workflow commands, which the runner turns into
//! annotations on the pull request's files.
//!
//! ```text
//! ::error file=en.txt,line=12,col=44,endLine=12,endColumn=59,title=yizhi (date-mismatch)::…
//! ```
//! One command per file a finding labels, so that a date mismatch is annotated in the English
//! and in the Chinese file; each carries the finding's message, the label it annotates, the
//! finding's other labels (`path:line:col: label`, the counterpart among them) and its help,
//! on lines of their own (`%0A`). Columns are 1-based characters, end exclusive, and given
//! only when the range is on one line (GitHub ignores them otherwise). `error` / `warning` /
//! `info` become `error` / `warning` / `notice`.

use std::io::{self, Write};

use super::CheckedPair;
use crate::diagnostic::{Severity, Side};
use crate::escape::line;

pub fn render(pairs: &[CheckedPair], out: &mut dyn Write) -> io::Result<()> {
    for (pair, d) in super::findings(pairs) {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        for side in Side::BOTH {
            let Some(label) = d.labels.iter().find(|l| l.side == side) else {
                continue;
            };
            let at = super::locate(pair, label);
            let mut properties = vec![
                ("file", line(at.path).into_owned()),
                ("line", at.start.line.to_string()),
            ];
            if at.start.line == at.end.line {
                properties.push(("col", at.start.column.to_string()));
                properties.push(("endLine", at.end.line.to_string()));
                properties.push(("endColumn", at.end.column.to_string()));
            } else {
                properties.push(("endLine", at.end.line.to_string()));
            }
            properties.push(("title", format!("yizhi ({})", d.rule)));
            // Each part on one line, its control characters escaped; the lines are joined
            // with newlines the runner shows, escaped as `%0A`.
            let mut message = format!("{}\n{}", line(&d.message), line(&label.message));
            for other in d.labels.iter().filter(|l| !std::ptr::eq(*l, label)) {
                let o = super::locate(pair, other);
                message.push_str(&format!(
                    "\n{}:{}:{}: {}",
                    line(o.path),
                    o.start.line,
                    o.start.column,
                    line(&other.message)
                ));
            }
            if let Some(help) = &d.help {
                message.push_str(&format!("\nhelp: {}", line(help)));
            }
            let properties: Vec<String> = properties
                .iter()
                .map(|(k, v)| format!("{k}={}", escape_property(v)))
                .collect();
            writeln!(
                out,
                "::{command} {}::{}",
                properties.join(","),
                escape_data(&message)
            )?;
        }
    }
    Ok(())
}

/// The escaping the runner undoes in a command's message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Property values additionally escape the separators `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_the_runner_unescapes() {
        assert_eq!(escape_data("50%\na"), "50%25%0Aa");
        assert_eq!(escape_property("a,b:c"), "a%2Cb%3Ac");
    }
}
