//! Suppression: findings a document's own comments, or `[per-file-ignores]` in yizhi.toml,
//! silence.
//!
//! Each format module reads its comment form and returns [`Directive`]s: which rules (all,
//! when none is named) are silenced over which span of its file. Markdown has
//! `<!-- yizhi-ignore rule-id -->` for the next block (or the block it stands in) and
//! `<!-- yizhi off -->` … `<!-- yizhi on -->` for a region (MDX the same in `{/* … */}`); PO
//! a translator comment
//! `# yizhi-ignore rule-id`; XLIFF and TMX a `<note>` holding `yizhi-ignore rule-id`. Plain
//! text, JSON and YAML have no comment form. [`filter`] is the one place findings are
//! dropped by them: a finding is silenced when any of its labels lies in what a directive of
//! its file covers, and a directive, or a rule id in one, that silenced nothing is reported as
//! [`UNUSED`].

use std::ops::Range;

use crate::config::selects;
use crate::diagnostic::{Diagnostic, Label, Severity, Side};
use crate::rules::RuleSet;

/// The rule reported for a suppression that silenced nothing or names no rule
/// (`rules/suppression.toml`).
pub const UNUSED: &str = "unused-suppression";

/// The rule ids of a comment, each with where it is written.
pub type Ids = Vec<(String, Range<usize>)>;

/// One suppression comment, read by a format module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The version whose file it stands in; `None` in a file that holds both (PO, XLIFF),
    /// where it silences the labels of both.
    pub side: Option<Side>,
    /// The comment, as written.
    pub span: Range<usize>,
    /// The rule ids (or prefixes ending at a hyphen) it names, each with where it is written;
    /// none: every rule.
    pub rules: Ids,
    /// What it silences, in its file.
    pub covers: Range<usize>,
}

/// What a comment asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `yizhi-ignore`: the next block (or the unit it stands in).
    Ignore,
    /// `yizhi off`: from here to the next `yizhi on`.
    Off,
    /// `yizhi on`: ends every region.
    On,
}

/// Reads the text of a comment that starts at `range.start` (after its opening mark, white
/// space allowed before the keyword): its kind and the rule ids after the keyword, each with
/// its span in `text`. `None`: not a yizhi comment. `regions`: whether `yizhi off`/`on` is
/// read (Markdown), or only `yizhi-ignore`.
pub fn parse(text: &str, range: Range<usize>, regions: bool) -> Option<(Kind, Ids)> {
    let mut words = words(text, range);
    let (first, _) = words.next()?;
    let kind = match first.trim_end_matches(':') {
        "yizhi-ignore" => Kind::Ignore,
        "yizhi" if regions => match words.next()?.0.trim_end_matches(':') {
            "off" => Kind::Off,
            "on" => Kind::On,
            _ => return None,
        },
        _ => return None,
    };
    let ids = words.map(|(w, r)| (w.to_string(), r)).collect();
    Some((kind, ids))
}

/// The words of `text[range]` (separated by white space and commas), with their spans.
fn words(text: &str, range: Range<usize>) -> impl Iterator<Item = (&str, Range<usize>)> {
    let start = range.start;
    text[range]
        .split(|c: char| c.is_whitespace() || c == ',')
        .scan(start, |at, w| {
            let s = *at;
            // The separator is one character; every one of them is ASCII but a wide space.
            *at += w.len();
            let sep = text[*at..].chars().next().map_or(0, char::len_utf8);
            *at += sep;
            Some((w, s..s + w.len()))
        })
        .filter(|(w, _)| !w.is_empty())
}

/// Drops the findings of `diagnostics` that a directive or `[per-file-ignores]` silences.
/// `ignored`: the rule selectors `[per-file-ignores]` gives the English and the Chinese file.
/// Returns the findings kept and the [`UNUSED`] findings of the directives (those of a file
/// that ignores that rule left out), which the caller gives their level.
pub fn filter(
    diagnostics: Vec<Diagnostic>,
    directives: &[Directive],
    ignored: [&[String]; 2],
    rules: &RuleSet,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    if directives.is_empty() && ignored.iter().all(|i| i.is_empty()) {
        return (diagnostics, Vec::new());
    }
    let ignores = |rule: &str, labels: &[Label]| {
        labels
            .iter()
            .any(|l| ignored[l.side as usize].iter().any(|s| selects(s, rule)))
    };
    // For each directive, whether it (no id) or each of its ids silenced something.
    let mut used: Vec<Vec<bool>> = directives
        .iter()
        .map(|d| vec![false; d.rules.len().max(1)])
        .collect();
    let mut kept = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        if ignores(&d.rule, &d.labels) {
            continue;
        }
        let mut silenced = false;
        for (k, directive) in directives.iter().enumerate() {
            if !d.labels.iter().any(|l| directive.holds(l)) {
                continue;
            }
            if directive.rules.is_empty() {
                used[k][0] = true;
                silenced = true;
            }
            for (j, (id, _)) in directive.rules.iter().enumerate() {
                if selects(id, &d.rule) {
                    used[k][j] = true;
                    silenced = true;
                }
            }
        }
        if !silenced {
            kept.push(d);
        }
    }
    let severity = rules.get(UNUSED).map_or(Severity::Warning, |r| r.severity);
    let ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
    let mut unused = Vec::new();
    for (directive, used) in directives.iter().zip(&used) {
        let side = directive.side.unwrap_or(Side::En);
        let finding = |message: String, help: String, span: Range<usize>, label: &str| Diagnostic {
            rule: UNUSED.into(),
            severity,
            message,
            help: Some(help),
            labels: vec![Label::new(side, span, label)],
            fix: None,
        };
        if directive.rules.is_empty() {
            if !used[0] {
                unused.push(finding(
                    "this suppression silences no finding".into(),
                    "remove the comment: nothing it covers is reported".into(),
                    directive.span.clone(),
                    "silences nothing",
                ));
            }
            continue;
        }
        for ((id, span), &used) in directive.rules.iter().zip(used) {
            if !ids.iter().any(|known| selects(id, known)) {
                let help = match crate::config::closest(id, &ids) {
                    Some(near) => format!("did you mean `{near}`? (`yizhi rules` lists them)"),
                    None => "`yizhi rules` lists the rule ids".into(),
                };
                unused.push(finding(
                    format!("`{id}` names no rule"),
                    help,
                    span.clone(),
                    "no rule id is or starts with this",
                ));
            } else if !used {
                unused.push(finding(
                    format!("the suppression of `{id}` silences no finding"),
                    format!("remove `{id}` from the comment: no `{id}` finding is reported where it stands"),
                    span.clone(),
                    "silences nothing",
                ));
            }
        }
    }
    unused.retain(|d| !ignores(&d.rule, &d.labels));
    (kept, unused)
}

impl Directive {
    /// Whether `label` lies in what this directive covers: it starts there, or overlaps it.
    fn holds(&self, label: &Label) -> bool {
        let (c, l) = (&self.covers, &label.span);
        self.side.is_none_or(|s| s == label.side)
            && (c.contains(&l.start) || l.start < c.end && c.start < l.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_read_with_their_ids_and_spans() {
        let text = "<!-- yizhi-ignore date-mismatch, symbol-mismatch -->";
        let (kind, ids) = parse(text, 4..text.len() - 3, true).unwrap();
        assert_eq!(kind, Kind::Ignore);
        let got: Vec<(&str, &str)> = ids
            .iter()
            .map(|(id, r)| (id.as_str(), &text[r.clone()]))
            .collect();
        assert_eq!(
            got,
            [
                ("date-mismatch", "date-mismatch"),
                ("symbol-mismatch", "symbol-mismatch")
            ]
        );
        assert_eq!(parse(" yizhi off ", 0..11, true).unwrap().0, Kind::Off);
        assert_eq!(parse("yizhi on", 0..8, true).unwrap().0, Kind::On);
        assert_eq!(parse("yizhi on", 0..8, false), None);
        assert_eq!(parse("yizhi-ignored", 0..13, true), None);
        assert_eq!(parse("a note", 0..6, true), None);
        let (_, ids) = parse("yizhi-ignore:\u{3000}x", 0..17, true).unwrap();
        assert_eq!(ids, [("x".to_string(), 16..17)]);
    }
}
