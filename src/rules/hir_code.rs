//! A compact byte code for a parsed pattern (regex-syntax's HIR), so that build.rs parses the
//! built-in patterns once and a run rebuilds their HIR without parsing: parsing, with its
//! Unicode class and case tables, was half the cost of compiling a pattern. Shared with
//! build.rs.

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
            number(lit.0.len() as u32, out);
            out.extend_from_slice(&lit.0);
        }
        HirKind::Class(Class::Unicode(class)) => {
            out.push(UNICODE);
            number(class.ranges().len() as u32, out);
            for r in class.ranges() {
                number(r.start() as u32, out);
                number(r.end() as u32, out);
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            out.push(BYTES);
            number(class.ranges().len() as u32, out);
            for r in class.ranges() {
                out.extend([r.start(), r.end()]);
            }
        }
        HirKind::Look(look) => {
            out.push(LOOK);
            number(look.as_repr(), out);
        }
        HirKind::Repetition(rep) => {
            out.push(REPETITION);
            number(rep.min, out);
            number(rep.max.map_or(0, |m| m + 1), out);
            out.push(u8::from(rep.greedy));
            put(&rep.sub, out);
        }
        HirKind::Capture(cap) => {
            out.push(CAPTURE);
            number(cap.index, out);
            match &cap.name {
                None => number(0, out),
                Some(name) => {
                    number(name.len() as u32 + 1, out);
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
            number(subs.len() as u32, out);
            subs.iter().for_each(|s| put(s, out));
        }
    }
}

/// LEB128: seven bits a byte, low first.
#[cfg_attr(not(test), allow(dead_code))]
fn number(mut n: u32, out: &mut Vec<u8>) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// The HIR `code` encodes; `None` if it is not the encoding of one.
pub fn decode(code: &[u8]) -> Option<Hir> {
    let mut reader = Reader { code, at: 0 };
    let hir = reader.hir()?;
    (reader.at == code.len()).then_some(hir)
}

struct Reader<'c> {
    code: &'c [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.code.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn number(&mut self) -> Option<u32> {
        let mut n: u32 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            n |= u32::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    fn bytes(&mut self, len: usize) -> Option<&[u8]> {
        let slice = self.code.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        Some(slice)
    }

    fn hir(&mut self) -> Option<Hir> {
        Some(match self.byte()? {
            EMPTY => Hir::empty(),
            LITERAL => {
                let len = self.number()? as usize;
                Hir::literal(self.bytes(len)?)
            }
            UNICODE => {
                let n = self.number()?;
                let ranges = (0..n)
                    .map(|_| {
                        let start = char::from_u32(self.number()?)?;
                        let end = char::from_u32(self.number()?)?;
                        Some(ClassUnicodeRange::new(start, end))
                    })
                    .collect::<Option<Vec<_>>>()?;
                Hir::class(Class::Unicode(ClassUnicode::new(ranges)))
            }
            BYTES => {
                let n = self.number()?;
                let ranges = (0..n)
                    .map(|_| Some(ClassBytesRange::new(self.byte()?, self.byte()?)))
                    .collect::<Option<Vec<_>>>()?;
                Hir::class(Class::Bytes(ClassBytes::new(ranges)))
            }
            LOOK => Hir::look(Look::from_repr(self.number()?)?),
            REPETITION => {
                let min = self.number()?;
                let max = self.number()?.checked_sub(1);
                let greedy = self.byte()? != 0;
                let sub = Box::new(self.hir()?);
                Hir::repetition(Repetition {
                    min,
                    max,
                    greedy,
                    sub,
                })
            }
            CAPTURE => {
                let index = self.number()?;
                let name = match self.number()? {
                    0 => None,
                    len => Some(
                        std::str::from_utf8(self.bytes(len as usize - 1)?)
                            .ok()?
                            .into(),
                    ),
                };
                let sub = Box::new(self.hir()?);
                Hir::capture(Capture { index, name, sub })
            }
            kind @ (CONCAT | ALTERNATION) => {
                let n = self.number()?;
                let subs = (0..n).map(|_| self.hir()).collect::<Option<Vec<_>>>()?;
                if kind == CONCAT {
                    Hir::concat(subs)
                } else {
                    Hir::alternation(subs)
                }
            }
            _ => return None,
        })
    }
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
            let code = crate::rules::load::built_in_code(m.as_str())
                .unwrap_or_else(|| panic!("no code for {}", m.as_str()));
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
