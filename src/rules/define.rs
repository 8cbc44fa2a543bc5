//! Fragments: a rule file's `[define]` table names pieces of pattern (`month = '…'`) that its
//! patterns use as `{month}`, expanded as the file is loaded.
//!
//! A reference is `{name}` outside a character class, `name` being letters, digits and `_`
//! and not starting with a digit: regular-expression syntax gives that no other meaning
//! (`{2}` and `{1,4}` repeat, `\p{Han}` and `\x{FF01}` are escapes, left alone). A fragment
//! may use the file's other fragments, in any order; one that uses itself, however
//! indirectly, is an error. A fragment is inserted as it is written, so an alternation needs
//! its own group: `month = '(?:January|February|…)'`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use toml::Spanned;

/// Why a pattern did not expand, and where in the file.
#[derive(Debug, PartialEq)]
pub struct Unexpanded {
    pub message: String,
    pub help: String,
}

/// How deep fragments may use fragments: deeper is a cycle.
const MAX_DEPTH: usize = 16;

/// The pattern with its references to `defined` fragments expanded.
pub fn expand<'p>(
    pattern: &'p str,
    defined: &BTreeMap<String, Spanned<String>>,
) -> Result<Cow<'p, str>, Unexpanded> {
    if !pattern.contains('{') {
        return Ok(Cow::Borrowed(pattern));
    }
    let mut out = String::with_capacity(pattern.len());
    expand_into(pattern, defined, &mut out, &mut Vec::new())?;
    Ok(Cow::Owned(out))
}

fn expand_into<'d>(
    pattern: &str,
    defined: &'d BTreeMap<String, Spanned<String>>,
    out: &mut String,
    using: &mut Vec<&'d str>,
) -> Result<(), Unexpanded> {
    let mut class_depth = 0usize;
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        let len = c.len_utf8();
        match c {
            '\\' => {
                // An escape, with its braces if it has any (`\p{Han}`, `\x{FF01}`).
                let mut end = len + rest[len..].chars().next().map_or(0, char::len_utf8);
                if rest[end..].starts_with('{') {
                    end += rest[end..].find('}').map_or(rest.len() - end, |i| i + 1);
                }
                out.push_str(&rest[..end]);
                rest = &rest[end..];
                continue;
            }
            '[' => class_depth += 1,
            ']' if class_depth > 0 => class_depth -= 1,
            '{' if class_depth == 0 => {
                if let Some((name, after)) = reference(&rest[1..]) {
                    let Some((key, fragment)) = defined.get_key_value(name) else {
                        return Err(Unexpanded {
                            message: format!("no fragment `{name}` is defined in this file"),
                            help: format!(
                                "define it in the file's [define] table, e.g. {name} = '(?:…)'"
                            ),
                        });
                    };
                    if using.contains(&key.as_str()) || using.len() >= MAX_DEPTH {
                        return Err(Unexpanded {
                            message: format!("fragment `{name}` uses itself"),
                            help: format!("through {}", using.join(" → ")),
                        });
                    }
                    using.push(key);
                    expand_into(fragment.get_ref(), defined, out, using)?;
                    using.pop();
                    rest = after;
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
        rest = &rest[len..];
    }
    Ok(())
}

/// The name of a reference whose `{` has just been read, and the text after its `}`.
fn reference(text: &str) -> Option<(&str, &str)> {
    let end = text.find('}')?;
    let name = &text[..end];
    let mut chars = name.chars();
    let first = chars.next()?;
    let valid = (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then(|| (name, &text[end + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defined(pairs: &[(&str, &str)]) -> BTreeMap<String, Spanned<String>> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Spanned::new(0..0, v.to_string())))
            .collect()
    }

    #[test]
    fn references_expand_and_the_rest_of_the_syntax_is_left_alone() {
        let d = defined(&[
            ("month", "(?:May|June)"),
            ("day", "[0-9]{1,2}"),
            ("date", "{day} {month}"),
        ]);
        let expand = |p| expand(p, &d).map(Cow::into_owned);
        assert_eq!(expand("{day} {month}").unwrap(), "[0-9]{1,2} (?:May|June)");
        assert_eq!(
            expand("on {date},?").unwrap(),
            "on [0-9]{1,2} (?:May|June),?"
        );
        for untouched in [
            r"\p{Han}{2}",
            r"\x{FF01}\{month\}",
            "a{2}b{1,4}c{3,}",
            "[{month}]",
            "[[a-z]{month}]",
            "(?P<n>[0-9]+)",
        ] {
            assert_eq!(expand(untouched).unwrap(), untouched);
        }
        assert!(matches!(expand("no braces"), Ok(s) if s == "no braces"));
    }

    #[test]
    fn an_unknown_or_cyclic_fragment_is_an_error() {
        let d = defined(&[("a", "x{b}"), ("b", "y{a}")]);
        let err = expand("{c}", &d).unwrap_err();
        assert_eq!(err.message, "no fragment `c` is defined in this file");
        let err = expand("{a}", &d).unwrap_err();
        assert_eq!(err.message, "fragment `a` uses itself");
        assert_eq!(err.help, "through a → b");
    }
}
