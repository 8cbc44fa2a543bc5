//! A compact byte code for a parsed pattern (regex-syntax's HIR), so that build.rs parses the
//! built-in patterns once and a run rebuilds their HIR without parsing: parsing, with its
//! Unicode class and case tables, was half the cost of compiling a pattern. Shared with
//! build.rs.

use super::varint;
use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
    Look, Repetition,
};

const EMPTY: u8 = 0;
const LITERAL: u8 = 1;
const UNICODE: u8 = 2;
const BYTES: u8 = 3;
const LOOK: u8 = 4;
const REPETITION: u8 = 5;
const CAPTURE: u8 = 6;
const CONCAT: u8 = 7;
const ALTERNATION: u8 = 8;

// The encoder runs in build.rs and in the tests.
#[cfg_attr(not(test), allow(dead_code))]
pub fn encode(hir: &Hir) -> Vec<u8> {
    let mut out = Vec::new();
    put(hir, &mut out);
    out
}

#[cfg_attr(not(test), allow(dead_code))]
fn put(hir: &Hir, out: &mut Vec<u8>) {
    match hir.kind() {
        HirKind::Empty => out.push(EMPTY),
        HirKind::Literal(lit) => {
            out.push(LITERAL);
            varint::write(lit.0.len() as u32, out);
            out.extend_from_slice(&lit.0);
        }
        HirKind::Class(Class::Unicode(class)) => {
            out.push(UNICODE);
            varint::write(class.ranges().len() as u32, out);
            for r in class.ranges() {
                varint::write(r.start() as u32, out);
                varint::write(r.end() as u32, out);
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            out.push(BYTES);
            varint::write(class.ranges().len() as u32, out);
            for r in class.ranges() {
                out.extend([r.start(), r.end()]);
            }
        }
        HirKind::Look(look) => {
            out.push(LOOK);
            varint::write(look.as_repr(), out);
        }
        HirKind::Repetition(rep) => {
            out.push(REPETITION);
            varint::write(rep.min, out);
            varint::write(rep.max.map_or(0, |m| m + 1), out);
            out.push(u8::from(rep.greedy));
            put(&rep.sub, out);
        }
        HirKind::Capture(cap) => {
            out.push(CAPTURE);
            varint::write(cap.index, out);
            match &cap.name {
                None => varint::write(0, out),
                Some(name) => {
                    varint::write(name.len() as u32 + 1, out);
                    out.extend_from_slice(name.as_bytes());
                }
            }
            put(&cap.sub, out);
        }
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            out.push(if matches!(hir.kind(), HirKind::Concat(_)) {
                CONCAT
            } else {
                ALTERNATION
            });
            varint::write(subs.len() as u32, out);
            subs.iter().for_each(|s| put(s, out));
        }
    }
}

/// The HIR `code` encodes; `None` if it is not the encoding of one.
pub fn decode(code: &[u8]) -> Option<Hir> {
    let mut reader = varint::Reader::new(code);
    let hir = hir(&mut reader)?;
    reader.is_done().then_some(hir)
}

fn hir(r: &mut varint::Reader) -> Option<Hir> {
    Some(match r.byte()? {
        EMPTY => Hir::empty(),
        LITERAL => {
            let len = r.number()? as usize;
            Hir::literal(r.bytes(len)?)
        }
        UNICODE => {
            let n = r.number()?;
            let ranges = (0..n)
                .map(|_| {
                    let start = char::from_u32(r.number()?)?;
                    let end = char::from_u32(r.number()?)?;
                    Some(ClassUnicodeRange::new(start, end))
                })
                .collect::<Option<Vec<_>>>()?;
            Hir::class(Class::Unicode(ClassUnicode::new(ranges)))
        }
        BYTES => {
            let n = r.number()?;
            let ranges = (0..n)
                .map(|_| Some(ClassBytesRange::new(r.byte()?, r.byte()?)))
                .collect::<Option<Vec<_>>>()?;
            Hir::class(Class::Bytes(ClassBytes::new(ranges)))
        }
        LOOK => Hir::look(Look::from_repr(r.number()?)?),
        REPETITION => {
            let min = r.number()?;
            let max = r.number()?.checked_sub(1);
            let greedy = r.byte()? != 0;
            let sub = Box::new(hir(r)?);
            Hir::repetition(Repetition {
                min,
                max,
                greedy,
                sub,
            })
        }
        CAPTURE => {
            let index = r.number()?;
            let name = match r.number()? {
                0 => None,
                len => Some(std::str::from_utf8(r.bytes(len as usize - 1)?).ok()?.into()),
            };
            let sub = Box::new(hir(r)?);
            Hir::capture(Capture { index, name, sub })
        }
        kind @ (CONCAT | ALTERNATION) => {
            let n = r.number()?;
            let subs = (0..n).map(|_| hir(r)).collect::<Option<Vec<_>>>()?;
            if kind == CONCAT {
                Hir::concat(subs)
            } else {
                Hir::alternation(subs)
            }
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What build.rs stored for every built-in pattern is the pattern as a run would parse it,
    /// narrowed to folded text.
    #[test]
    fn every_built_in_pattern_decodes_to_its_narrowed_parse() {
        let away = super::super::narrow::folded_away(crate::fold::fold_char);
        let rules = crate::rules::load(&[]).expect("the built-in rules load");
        let matchers = rules.matchers();
        assert!(matchers.len() > 100);
        for m in matchers {
            let code = crate::rules::load::built_in(m.as_str())
                .unwrap_or_else(|| panic!("no code for {}", m.as_str()))
                .hir;
            let parsed = regex_syntax::ParserBuilder::new()
                .build()
                .parse(m.as_str())
                .expect("built-in patterns parse");
            let parsed = super::super::narrow::narrow(&parsed, &away);
            assert_eq!(decode(code).as_ref(), Some(&parsed), "{}", m.as_str());
            assert_eq!(encode(&parsed), code);
        }
    }

    #[test]
    fn what_is_not_an_encoding_decodes_to_nothing() {
        let code = encode(&regex_syntax::parse(r"(?P<n>[0-9]{1,4})\s*年").unwrap());
        assert!(decode(&code).is_some());
        for cut in 0..code.len() {
            assert_eq!(decode(&code[..cut]), None);
        }
        assert_eq!(decode(&[CONCAT, 0xff, 0xff, 0xff, 0xff, 0xff]), None);
        assert_eq!(decode(&[42]), None);
    }
}
