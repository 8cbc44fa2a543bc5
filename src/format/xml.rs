//! XLIFF 1.2 and 2.0, and TMX: one file holds both versions, a translation unit a pair, read
//! with quick-xml (its reader gives each event's byte position, so spans point into the file).
//!
//! - XLIFF 1.2: `<trans-unit id>` with `<source>` (English) and `<target>` (Chinese);
//! - XLIFF 2.0: `<unit id>`, each `<segment>` with `<source>` and `<target>`;
//! - TMX: `<tu>` with one `<tuv xml:lang="en…">` and one `<tuv xml:lang="zh…">`, each `<seg>`.
//!
//! Only the text of a source or target is compared: inline tags (`<g>`, `<x/>`, `<ph>`, `<bpt>`
//! and the rest, with what they hold when it is code), notes, attributes and entity references
//! are not. A unit without target text is skipped (not translated yet).

use std::ops::Range;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{Block, Formatted, Kind, Mask};
use crate::diagnostic::Side;
use crate::suppress::{self, Directive};

/// The text ranges of one side of the unit being read.
#[derive(Default)]
struct Unit {
    en: Vec<Range<usize>>,
    zh: Vec<Range<usize>>,
    /// Where the unit's element starts.
    start: usize,
    /// The text of its `<note>`s.
    notes: Vec<Range<usize>>,
}

/// Elements whose content is code, never text to compare.
fn is_code(name: &str) -> bool {
    matches!(
        name,
        "bpt" | "ept" | "ph" | "it" | "sub" | "note" | "originalData"
    )
}

/// Reads side `side` of an XLIFF or TMX file. A file that is not well-formed XML is an error:
/// its byte offset and the parser's message.
pub fn read(text: &str, side: Side) -> Result<Formatted, (usize, String)> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut units: Vec<Unit> = Vec::new();
    let mut unit: Option<Unit> = None;
    // Which side the text being read belongs to, and how deep in code it is.
    let mut reading: Option<Side> = None;
    let mut code = 0usize;
    // TMX: the language of the `<tuv>` being read.
    let mut tuv: Option<Side> = None;
    // Inside a `<note>` of the unit being read.
    let mut note = 0usize;
    let mut directives = Vec::new();
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| (reader.error_position() as usize, e.to_string()))?;
        let after = reader.buffer_position() as usize;
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    "trans-unit" | "unit" | "tu" => {
                        unit = Some(Unit {
                            start: before,
                            ..Unit::default()
                        })
                    }
                    "note" if unit.is_some() => {
                        note += 1;
                        code += usize::from(reading.is_some());
                    }
                    "source" if unit.is_some() => reading = Some(Side::En),
                    "target" if unit.is_some() => reading = Some(Side::Zh),
                    "tuv" => {
                        let lang = e
                            .attributes()
                            .flatten()
                            .find(|a| a.key.local_name().as_ref() == "lang")
                            .map(|a| a.value.to_ascii_lowercase());
                        tuv = match lang.as_deref() {
                            Some(l) if l.starts_with("en") => Some(Side::En),
                            Some(l) if l.starts_with("zh") => Some(Side::Zh),
                            _ => None,
                        };
                    }
                    "seg" if unit.is_some() => reading = tuv,
                    n if reading.is_some() && is_code(n) => code += 1,
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "trans-unit" | "unit" | "tu" => {
                    if let Some(u) = &unit {
                        directives.extend(ignores(text, u, after));
                    }
                    units.extend(unit.take());
                }
                "note" if unit.is_some() && note > 0 => {
                    note -= 1;
                    // A note inside a source or target is code there, counted as such too.
                    if reading.is_some() {
                        code = code.saturating_sub(1);
                    }
                }
                "source" | "target" | "seg" => reading = None,
                "tuv" => tuv = None,
                n if reading.is_some() && is_code(n) => code = code.saturating_sub(1),
                _ => {}
            },
            Event::Text(_) | Event::CData(_) if note > 0 => {
                if let Some(u) = unit.as_mut() {
                    u.notes.push(before..after);
                }
            }
            Event::Text(_) | Event::CData(_) if code == 0 => {
                if let (Some(s), Some(u)) = (reading, unit.as_mut()) {
                    let range = if matches!(event, Event::CData(_)) {
                        // `<![CDATA[` … `]]>`
                        before + 9..after.saturating_sub(3).max(before + 9)
                    } else {
                        before..after
                    };
                    let range = trim(text, range);
                    if !range.is_empty() {
                        match s {
                            Side::En => u.en.push(range),
                            Side::Zh => u.zh.push(range),
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut mask = Mask::new(text);
    let mut blocks = Vec::new();
    for u in &units {
        let (Some(en_first), false) = (u.en.first(), u.zh.is_empty()) else {
            continue;
        };
        // Keyed by the line of the source text: the same on both sides.
        let key = 1 + text[..en_first.start]
            .bytes()
            .filter(|&b| b == b'\n')
            .count();
        let parts = match side {
            Side::En => &u.en,
            Side::Zh => &u.zh,
        };
        let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
            continue;
        };
        for r in parts {
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
    Ok(Formatted {
        compared: mask.finish(),
        blocks: Some(blocks),
        directives,
    })
}

/// The suppressions of a unit's notes: `yizhi-ignore` and the rule ids after it on its line,
/// covering the whole unit (which ends at `end`).
fn ignores(text: &str, unit: &Unit, end: usize) -> Vec<Directive> {
    let mut out = Vec::new();
    for note in &unit.notes {
        let mut at = note.start;
        while let Some(i) = text[at..note.end].find("yizhi-ignore") {
            let from = at + i;
            let line_end = text[from..note.end]
                .find('\n')
                .map_or(note.end, |n| from + n);
            if let Some((suppress::Kind::Ignore, rules)) =
                suppress::parse(text, from..line_end, false)
            {
                out.push(Directive {
                    side: None,
                    span: from..line_end,
                    rules,
                    covers: unit.start..end,
                });
            }
            at = line_end;
        }
    }
    out
}

fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(xml: &str, side: Side) -> Vec<String> {
        let f = read(xml, side).unwrap();
        assert_eq!(f.compared.len(), xml.len());
        f.blocks
            .unwrap()
            .iter()
            .map(|b| {
                // Masked bytes are spaces: the words are what is compared.
                let words: Vec<&str> = f.compared[b.span.clone()].split_whitespace().collect();
                words.join(" ")
            })
            .collect()
    }

    #[test]
    fn xliff_12_units_pair_source_and_target() {
        let xml = r#"<xliff version="1.2"><file><body>
<trans-unit id="a"><source>On <g id="1">21 November</g> 2016<ph id="2">&lt;br/&gt;</ph>.</source>
<target>于<g id="1">2016年11月21日</g>。</target></trans-unit>
<trans-unit id="b"><source>Not yet 5</source><target></target></trans-unit>
</body></file></xliff>"#;
        assert_eq!(texts(xml, Side::En), ["On 21 November 2016 ."]);
        assert_eq!(texts(xml, Side::Zh), ["于 2016年11月21日 。"]);
    }

    #[test]
    fn a_note_covers_its_unit_and_is_never_compared() {
        let xml = r#"<xliff version="1.2"><file><body>
<trans-unit id="a"><source>On 2 May 2016.</source><target>2016年5月3日。</target>
<note>Checked. yizhi-ignore date-mismatch, number-mismatch
Another line 7.</note></trans-unit>
<trans-unit id="b"><source>Next 5.</source><target>下一个 5。</target></trans-unit>
</body></file></xliff>"#;
        assert_eq!(texts(xml, Side::En), ["On 2 May 2016.", "Next 5."]);
        let f = read(xml, Side::Zh).unwrap();
        assert_eq!(f.directives.len(), 1);
        let d = &f.directives[0];
        let ids: Vec<&str> = d.rules.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["date-mismatch", "number-mismatch"]);
        let covered = &xml[d.covers.clone()];
        assert!(covered.starts_with("<trans-unit id=\"a\">") && covered.ends_with("</trans-unit>"));
    }

    #[test]
    fn tmx_units_pair_their_languages() {
        let xml = r#"<tmx><body><tu tuid="1">
<tuv xml:lang="en-US"><seg>Adopted 2016.</seg></tuv>
<tuv xml:lang="zh-CN"><seg><![CDATA[2016年通过。]]></seg></tuv>
</tu></body></tmx>"#;
        assert_eq!(texts(xml, Side::En), ["Adopted 2016."]);
        assert_eq!(texts(xml, Side::Zh), ["2016年通过。"]);
    }

    #[test]
    fn broken_xml_is_an_error_with_its_place() {
        assert!(read("<xliff><file></xliff>", Side::En).is_err());
    }
}
