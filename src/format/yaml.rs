//! YAML locale bundles: like JSON bundles ([`super::json`]), each string value is a unit named
//! by its key path and paired with the other file's by name. A root mapping with a single
//! locale key (`en:`, `zh-CN:`, as Rails and i18n libraries write them) is not part of the
//! names, so that `en.app.title` pairs with `zh-CN.app.title`.
//!
//! Read with yaml-rust2, whose event parser gives each scalar's position. A value is compared
//! from where it starts (after its quote, or on the line after `|` or `>`) to the end of its
//! last line as written.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

use super::{Block, Formatted, Kind, Mask};

/// Where the parser is: in a mapping (the key of the value being read), or a sequence.
enum Frame {
    Mapping { key: Option<String> },
    Sequence { index: usize },
}

/// Reads a bundle. A file that is not YAML is an error: its byte offset and the message.
pub fn read(text: &str) -> Result<Formatted, (usize, String)> {
    let mut parser = Parser::new_from_str(text);
    // The parser's markers count characters: their byte offsets, by character.
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let byte = |chars: usize| bytes.get(chars).copied().unwrap_or(text.len());
    let mut frames: Vec<Frame> = Vec::new();
    let mut names: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    loop {
        let (event, mark) = parser
            .next_token()
            .map_err(|e| (byte(e.marker().index()), e.info().to_string()))?;
        match event {
            Event::StreamEnd => break,
            Event::MappingStart(..) => frames.push(Frame::Mapping { key: None }),
            Event::SequenceStart(..) => frames.push(Frame::Sequence { index: 0 }),
            Event::MappingEnd | Event::SequenceEnd => {
                frames.pop();
                advance(&mut frames);
            }
            Event::Scalar(value, style, ..) => {
                if let Some(Frame::Mapping { key: key @ None }) = frames.last_mut() {
                    *key = Some(value);
                    continue;
                }
                if let Some(span) = value_span(text, byte(mark.index()), &value, style) {
                    names.push((path(&frames), span));
                }
                advance(&mut frames);
            }
            Event::Alias(_) => advance(&mut frames),
            _ => {}
        }
    }
    // A single locale key at the root is not part of the names.
    let roots: std::collections::BTreeSet<&str> = names
        .iter()
        .map(|(n, _)| n.split('.').next().unwrap_or(""))
        .collect();
    let strip = roots.len() == 1 && roots.iter().all(|r| is_locale(r));
    let mut mask = Mask::new(text);
    let mut blocks = Vec::new();
    for (name, span) in names {
        let name = if strip {
            name.split_once('.')
                .map_or(name.clone(), |(_, rest)| rest.to_string())
        } else {
            name
        };
        mask.keep(text, span.clone());
        mask.join_lines(span.clone());
        blocks.push(Block {
            span,
            kind: Kind::Paragraph,
            number: None,
            key: None,
            name: Some(name),
        });
    }
    Ok(Formatted {
        compared: mask.finish(),
        blocks: Some(blocks),
        directives: Vec::new(),
    })
}

/// After a value: the mapping expects its next key, the sequence its next item.
fn advance(frames: &mut [Frame]) {
    match frames.last_mut() {
        Some(Frame::Mapping { key }) => *key = None,
        Some(Frame::Sequence { index }) => *index += 1,
        None => {}
    }
}

fn path(frames: &[Frame]) -> String {
    let parts: Vec<String> = frames
        .iter()
        .map(|f| match f {
            Frame::Mapping { key } => key.clone().unwrap_or_default(),
            Frame::Sequence { index } => index.to_string(),
        })
        .collect();
    parts.join(".")
}

fn is_locale(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    let base = lower.split(['-', '_']).next().unwrap_or("");
    (base == "en" || base == "zh") && lower.len() <= 10
}

/// Where a scalar's text is written: from its start (after a quote, or on the line after a
/// block indicator) to the end of its last line.
fn value_span(
    text: &str,
    at: usize,
    value: &str,
    style: TScalarStyle,
) -> Option<std::ops::Range<usize>> {
    if value.trim().is_empty() || at >= text.len() || !text.is_char_boundary(at) {
        return None;
    }
    let start = match style {
        TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => at + 1,
        TScalarStyle::Literal | TScalarStyle::Folded if text[at..].starts_with(['|', '>']) => {
            at + text[at..].find('\n')? + 1
        }
        _ => at,
    };
    let rest = text.get(start..)?;
    let lead = rest.len() - rest.trim_start().len();
    let start = start + lead;
    let last = value.trim_end().lines().last()?.trim();
    let end = match text[start..].find(last) {
        Some(i) => start + i + last.len(),
        // Escapes make the written text differ from the value: to the end of its first line.
        None => {
            start
                + text[start..]
                    .find(['\n', '"', '\''])
                    .unwrap_or(text.len() - start)
        }
    };
    (end > start).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_units_named_by_key_path_without_the_locale_root() {
        let text = "zh-CN:\n  app:\n    title: \"指南 2016\"\n    n: 5\n  menu:\n    - 打开\n    - '关闭 3'\n  body: |\n    第一行\n    第二行\n";
        let f = read(text).unwrap();
        let got: Vec<(String, &str)> = f
            .blocks
            .unwrap()
            .iter()
            .map(|b| (b.name.clone().unwrap(), &text[b.span.clone()]))
            .collect();
        assert_eq!(
            got,
            [
                ("app.title".to_string(), "指南 2016"),
                ("app.n".to_string(), "5"),
                ("menu.0".to_string(), "打开"),
                ("menu.1".to_string(), "关闭 3"),
                ("body".to_string(), "第一行\n    第二行"),
            ]
        );
        assert!(read("a: [1, 2\n").is_err());
    }
}
