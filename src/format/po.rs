//! gettext PO: one file holds the pair. Each translated unit is an aligned pair: its `msgid`
//! is the English block, its `msgstr` the Chinese one, keyed by the unit's place in the file.
//!
//! Read by a small line reader rather than a PO crate, because the crates (polib and the like)
//! give the strings but not where they are written, and every span must point into the file.
//! A string is what stands between the quotes of its keyword line and of the continuation lines
//! after it; the quotes, keywords and comments are never compared. Skipped: the header (empty
//! `msgid`), units marked `#, fuzzy`, untranslated units (every `msgstr` empty) and obsolete
//! ones (`#~`). Plurals: `msgid` pairs with `msgstr[0]`, and `msgid_plural` with `msgstr[1]`
//! when the file has one (Chinese has a single plural form, whose `msgstr[0]` translates both).

use std::ops::Range;

use super::{Block, Formatted, Kind, Mask};
use crate::diagnostic::Side;
use crate::suppress::{self, Directive};

/// One string of a unit: the ranges between its quotes, line by line.
#[derive(Debug, Default, Clone)]
struct Str {
    parts: Vec<Range<usize>>,
}

impl Str {
    fn is_empty(&self, text: &str) -> bool {
        self.parts.iter().all(|r| text[r.clone()].trim().is_empty())
    }
}

#[derive(Debug, Default)]
struct Unit {
    fuzzy: bool,
    msgid: Option<Str>,
    plural: Option<Str>,
    msgstr: Vec<(usize, Str)>,
    /// Its translator comments `# yizhi-ignore …`: the comment line and what it says.
    ignores: Vec<(Range<usize>, suppress::Ids)>,
    /// Where its last line ends.
    end: usize,
}

/// Which string the last keyword line opened, for its continuation lines.
#[derive(Clone, Copy)]
enum Open {
    None,
    Ctxt,
    Id,
    Plural,
    Str(usize),
}

/// Reads the side `side` of a PO file: the `msgid`s (English) or the `msgstr`s (Chinese).
pub fn read(text: &str, side: Side) -> Formatted {
    let mut units = Vec::new();
    let mut unit = Unit::default();
    let mut open = Open::None;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let at = start;
        start += line.len();
        let trimmed = line.trim();
        let lead = line.len() - line.trim_start().len();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(comment) = trimmed.strip_prefix('#') {
            // A comment after a unit's strings opens the next unit.
            if unit.msgid.is_some() {
                units.push(std::mem::take(&mut unit));
            }
            open = Open::None;
            if let Some(flags) = comment.strip_prefix(',') {
                unit.fuzzy |= flags.split(',').any(|f| f.trim() == "fuzzy");
            }
            // A translator comment is `#` and a space (or nothing): `#.`, `#:`, `#,`, `#|`
            // and `#~` are other kinds.
            let body = at + lead + 1;
            let line_end = at + line.trim_end().len();
            if (comment.is_empty() || comment.starts_with(char::is_whitespace))
                && let Some((suppress::Kind::Ignore, rules)) =
                    suppress::parse(text, body..line_end.max(body), false)
            {
                unit.ignores.push((at + lead..line_end.max(body), rules));
            }
            unit.end = start;
            continue;
        }
        let keyword = trimmed.split([' ', '\t']).next().unwrap_or(trimmed);
        let quoted = |rest_at: usize, rest: &str| -> Option<Range<usize>> {
            let rest_trim = rest.trim();
            let inner = rest_trim.strip_prefix('"')?.strip_suffix('"')?;
            let s = rest_at + (rest.len() - rest.trim_start().len()) + 1;
            Some(s..s + inner.len())
        };
        if trimmed.starts_with('"') {
            let Some(r) = quoted(at + lead, trimmed) else {
                continue;
            };
            let target = match open {
                Open::Id => unit.msgid.as_mut(),
                Open::Plural => unit.plural.as_mut(),
                Open::Str(n) => unit
                    .msgstr
                    .iter_mut()
                    .find(|(k, _)| *k == n)
                    .map(|(_, s)| s),
                Open::Ctxt | Open::None => None,
            };
            if let Some(s) = target {
                s.parts.push(r);
            }
            unit.end = start;
            continue;
        }
        let rest_at = at + lead + keyword.len();
        let range = quoted(rest_at, &trimmed[keyword.len()..]);
        let string = Str {
            parts: range.into_iter().collect(),
        };
        open = match keyword {
            "msgctxt" => {
                if unit.msgid.is_some() {
                    units.push(std::mem::take(&mut unit));
                }
                Open::Ctxt
            }
            "msgid" => {
                if unit.msgid.is_some() {
                    units.push(std::mem::take(&mut unit));
                }
                unit.msgid = Some(string);
                Open::Id
            }
            "msgid_plural" => {
                unit.plural = Some(string);
                Open::Plural
            }
            "msgstr" => {
                unit.msgstr.push((0, string));
                Open::Str(0)
            }
            k => match k
                .strip_prefix("msgstr[")
                .and_then(|n| n.strip_suffix(']'))
                .and_then(|n| n.parse().ok())
            {
                Some(n) => {
                    unit.msgstr.push((n, string));
                    Open::Str(n)
                }
                None => Open::None,
            },
        };
        unit.end = start;
    }
    if unit.msgid.is_some() || !unit.ignores.is_empty() {
        units.push(unit);
    }
    let mut mask = Mask::new(text);
    let mut blocks = Vec::new();
    let mut directives = Vec::new();
    for u in &units {
        // A translator comment `# yizhi-ignore …` covers its unit, whatever is compared.
        for (comment, rules) in &u.ignores {
            directives.push(Directive {
                side: None,
                span: comment.clone(),
                rules: rules.clone(),
                covers: comment.start..u.end.max(comment.end),
            });
        }
        let Some(msgid) = &u.msgid else { continue };
        // The header, fuzzy and untranslated units are not compared.
        if msgid.is_empty(text) || u.fuzzy || u.msgstr.iter().all(|(_, s)| s.is_empty(text)) {
            continue;
        }
        let str_of = |n: usize| u.msgstr.iter().find(|(k, _)| *k == n).map(|(_, s)| s);
        let mut strings: Vec<(&Str, &Str)> = Vec::new();
        if let Some(s0) = str_of(0) {
            strings.push((msgid, s0));
        }
        if let (Some(p), Some(s1)) = (&u.plural, str_of(1)) {
            strings.push((p, s1));
        }
        for (en, zh) in strings {
            if en.is_empty(text) || zh.is_empty(text) {
                continue;
            }
            // The key is the line of the English string: the same on both sides, and what
            // messages name ("line 17").
            let Some(en_start) = en.parts.first().map(|r| r.start) else {
                continue;
            };
            let key = 1 + text[..en_start].bytes().filter(|&b| b == b'\n').count();
            let s = match side {
                Side::En => en,
                Side::Zh => zh,
            };
            let parts: Vec<Range<usize>> =
                s.parts.iter().filter(|r| !r.is_empty()).cloned().collect();
            let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
                continue;
            };
            for r in &parts {
                mask.keep(text, r.clone());
            }
            let span = first.start..last.end;
            mask.join_lines(span.clone());
            blocks.push(Block {
                span,
                kind: Kind::Paragraph,
                number: None,
                key: Some(key),
                name: None,
            });
        }
    }
    Formatted {
        compared: mask.finish(),
        blocks: Some(blocks),
        directives,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PO: &str = r#"# A comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"

#: src/main.c:12
msgid "Adopted on 21 November 2016."
msgstr "2016年11月21日通过。"

#, fuzzy
msgid "Fuzzy 5"
msgstr "模糊 6"

msgid "Untranslated 7"
msgstr ""

msgid ""
"Wrapped over "
"two lines, 3 times."
msgstr ""
"分两行，"
"3次。"

msgid "One file"
msgid_plural "%d files"
msgstr[0] "%d 个文件"
"#;

    fn texts(side: Side) -> Vec<(usize, String)> {
        let f = read(PO, side);
        assert_eq!(f.compared.len(), PO.len());
        f.blocks
            .unwrap()
            .iter()
            .map(|b| (b.key.unwrap(), f.compared[b.span.clone()].to_string()))
            .collect()
    }

    #[test]
    fn a_translator_comment_covers_its_unit() {
        let po = "# yizhi-ignore date-mismatch\n#. yizhi-ignore symbol-mismatch\nmsgid \"On 2 May 2016.\"\nmsgstr \"2016年5月3日。\"\n\nmsgid \"Next 5.\"\nmsgstr \"下一个 5。\"\n";
        let f = read(po, Side::En);
        assert_eq!(f.directives.len(), 1, "{:?}", f.directives);
        let d = &f.directives[0];
        assert_eq!(&po[d.span.clone()], "# yizhi-ignore date-mismatch");
        assert_eq!(d.rules[0].0, "date-mismatch");
        assert!(po[d.covers.clone()].ends_with("msgstr \"2016年5月3日。\"\n"));
        assert!(!po[d.covers.clone()].contains("Next"));
    }

    #[test]
    fn units_pair_their_strings_and_skip_the_rest() {
        assert_eq!(
            texts(Side::En),
            [
                (7, "Adopted on 21 November 2016.".to_string()),
                (17, "Wrapped over    two lines, 3 times.".to_string()),
                (24, "One file".to_string()),
            ]
        );
        assert_eq!(
            texts(Side::Zh),
            [
                (7, "2016年11月21日通过。".to_string()),
                (17, "分两行，   3次。".to_string()),
                (24, "%d 个文件".to_string()),
            ]
        );
    }
}
