//! JSON locale bundles (and JSONC): each string value is a unit, named by its key path
//! (`app.menu.0.title`); the English and the Chinese bundle are paired by key path, and a key
//! present on one side only is a unit without counterpart.
//!
//! Read with jsonc-parser, which gives every node its byte range (serde_json gives values
//! only). Keys, numbers, booleans, punctuation and comments are never compared; a string is
//! compared between its quotes.

use super::{Block, Formatted, Kind, Mask};

/// Reads a bundle. A file that is not JSON is an error: its byte offset and the message.
pub fn read(text: &str) -> Result<Formatted, (usize, String)> {
    let parsed = jsonc_parser::parse_to_ast(text, &Default::default(), &Default::default())
        .map_err(|e| (e.range().start, e.kind().to_string()))?;
    let mut mask = Mask::new(text);
    let mut blocks = Vec::new();
    if let Some(value) = &parsed.value {
        walk(text, value, &mut String::new(), &mut mask, &mut blocks);
    }
    Ok(Formatted {
        compared: mask.finish(),
        blocks: Some(blocks),
        directives: Vec::new(),
    })
}

fn walk(
    text: &str,
    value: &jsonc_parser::ast::Value,
    path: &mut String,
    mask: &mut Mask,
    out: &mut Vec<Block>,
) {
    use jsonc_parser::ast::Value;
    let mut child = |name: &str, v: &Value, path: &mut String, mask: &mut Mask| {
        let len = path.len();
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(name);
        walk(text, v, path, mask, out);
        path.truncate(len);
    };
    match value {
        Value::Object(o) => {
            for p in &o.properties {
                child(p.name.as_str(), &p.value, path, mask);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.elements.iter().enumerate() {
                child(&i.to_string(), v, path, mask);
            }
        }
        Value::StringLit(s) => {
            // Between the quotes.
            let (start, end) = (s.range.start + 1, s.range.end.saturating_sub(1));
            if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                return;
            }
            if text[start..end].trim().is_empty() {
                return;
            }
            mask.keep(text, start..end);
            out.push(Block {
                span: start..end,
                kind: Kind::Paragraph,
                number: None,
                key: None,
                name: Some(path.clone()),
            });
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_values_are_units_named_by_key_path() {
        let text = r#"{ "app": { "title": "Guide 2016", "n": 5, "menu": ["Open", "Close 3"] } }"#;
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
                ("app.title".to_string(), "Guide 2016"),
                ("app.menu.0".to_string(), "Open"),
                ("app.menu.1".to_string(), "Close 3"),
            ]
        );
        assert!(read("{ \"a\": ").is_err());
    }
}
