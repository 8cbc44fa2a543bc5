//! A compiled Thompson NFA as compact byte code, and back.
//!
//! A match needs its pattern's NFA for the captures, and compiling one from the parsed
//! pattern (UTF-8 sequences, state remapping) took a fifth of a one-pair run. build.rs
//! compiles each built-in pattern and stores its states; a run hands them to regex-automata's
//! NFA builder, which only checks and lays them out. build.rs keeps the code of a pattern only
//! if what it decodes to is the NFA it encoded, state for state.
//!
//! Every number is a LEB128 varint. The code is: the number of states, whether the NFA is
//! UTF-8, the anchored and the unanchored start state, then each state as a tag and its
//! fields.

use regex_automata::nfa::thompson::{Builder, NFA, State, Transition};
use regex_automata::util::look::Look;
use regex_automata::util::primitives::StateID;

use super::varint;

const BYTE_RANGE: u8 = 0;
const SPARSE: u8 = 1;
const LOOK: u8 = 2;
const UNION: u8 = 3;
const CAPTURE_START: u8 = 4;
const CAPTURE_END: u8 = 5;
const FAIL: u8 = 6;
const MATCH: u8 = 7;

/// The code of a one-pattern NFA, or `None` for a state this format does not hold.
#[cfg_attr(not(test), allow(dead_code))]
pub fn encode(nfa: &NFA) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let id = |out: &mut Vec<u8>, sid: StateID| number(out, sid.as_usize());
    number(&mut out, nfa.states().len());
    number(&mut out, usize::from(nfa.is_utf8()));
    id(&mut out, nfa.start_anchored());
    id(&mut out, nfa.start_unanchored());
    let range = |out: &mut Vec<u8>, t: &Transition| {
        out.extend([t.start, t.end]);
        number(out, t.next.as_usize());
    };
    for state in nfa.states() {
        match state {
            State::ByteRange { trans } => {
                out.push(BYTE_RANGE);
                range(&mut out, trans);
            }
            State::Sparse(sparse) => {
                out.push(SPARSE);
                number(&mut out, sparse.transitions.len());
                for t in sparse.transitions.iter() {
                    range(&mut out, t);
                }
            }
            State::Look { look, next } => {
                out.push(LOOK);
                number(&mut out, look.as_repr() as usize);
                id(&mut out, *next);
            }
            State::Union { alternates } => {
                out.push(UNION);
                number(&mut out, alternates.len());
                alternates.iter().for_each(|&a| id(&mut out, a));
            }
            State::BinaryUnion { alt1, alt2 } => {
                out.push(UNION);
                number(&mut out, 2);
                id(&mut out, *alt1);
                id(&mut out, *alt2);
            }
            State::Capture {
                next,
                pattern_id,
                group_index,
                slot,
            } => {
                if pattern_id.as_usize() != 0 {
                    return None;
                }
                // Slots 2k and 2k + 1 are where group k starts and ends.
                out.push(if slot.as_usize() % 2 == 0 {
                    CAPTURE_START
                } else {
                    CAPTURE_END
                });
                number(&mut out, group_index.as_usize());
                id(&mut out, *next);
            }
            State::Fail => out.push(FAIL),
            State::Match { pattern_id } if pattern_id.as_usize() == 0 => out.push(MATCH),
            State::Match { .. } | State::Dense(_) => return None,
        }
    }
    Some(out)
}

/// The NFA `code` encodes, its capture groups named by `names` (by group index); `None` if
/// the code is not such an encoding.
pub fn decode(code: &[u8], names: &[Option<&str>]) -> Option<NFA> {
    let mut r = Reader {
        code: varint::Reader::new(code),
        states: 0,
    };
    let len = r.number()?;
    r.states = len;
    let utf8 = r.number()? == 1;
    let (start_anchored, start_unanchored) = (r.id()?, r.id()?);
    let mut b = Builder::new();
    b.set_utf8(utf8);
    b.start_pattern().ok()?;
    for _ in 0..len {
        match r.byte()? {
            BYTE_RANGE => b.add_range(r.transition()?),
            SPARSE => {
                let n = r.number()?;
                let transitions = (0..n).map(|_| r.transition()).collect::<Option<_>>()?;
                b.add_sparse(transitions)
            }
            LOOK => {
                let look = Look::from_repr(u32::try_from(r.number()?).ok()?)?;
                b.add_look(r.id()?, look)
            }
            UNION => {
                let n = r.number()?;
                let alternates = (0..n).map(|_| r.id()).collect::<Option<_>>()?;
                b.add_union(alternates)
            }
            CAPTURE_START => {
                let group = r.number()?;
                let name = names.get(group).copied().flatten().map(Into::into);
                b.add_capture_start(r.id()?, u32::try_from(group).ok()?, name)
            }
            CAPTURE_END => {
                let group = u32::try_from(r.number()?).ok()?;
                b.add_capture_end(r.id()?, group)
            }
            FAIL => b.add_fail(),
            MATCH => b.add_match(),
            _ => return None,
        }
        .ok()?;
    }
    if !r.code.is_done() {
        return None;
    }
    b.finish_pattern(start_anchored).ok()?;
    b.build(start_anchored, start_unanchored).ok()
}

/// Appends a state's number or a count.
#[cfg_attr(not(test), allow(dead_code))]
fn number(out: &mut Vec<u8>, n: usize) {
    varint::write(
        u32::try_from(n).expect("NFAs have fewer than 2³² states"),
        out,
    );
}

struct Reader<'a> {
    code: varint::Reader<'a>,
    /// How many states there are: every state a state names is one of them.
    states: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        self.code.byte()
    }

    fn number(&mut self) -> Option<usize> {
        self.code.number().map(|n| n as usize)
    }

    fn id(&mut self) -> Option<StateID> {
        let id = self.number()?;
        if id >= self.states {
            return None;
        }
        StateID::new(id).ok()
    }

    fn transition(&mut self) -> Option<Transition> {
        Some(Transition {
            start: self.byte()?,
            end: self.byte()?,
            next: self.id()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::nfa::thompson::Compiler;

    /// Every built-in pattern's stored NFA is, state for state and name for name, the NFA a
    /// run would compile from its parse.
    #[test]
    fn every_built_in_pattern_decodes_to_its_compiled_nfa() {
        let rules = crate::rules::load(&[]).expect("the built-in rules load");
        for m in rules.matchers() {
            let stored = crate::rules::load::built_in(m.as_str()).expect("built in");
            let (code, names) = (stored.nfa().expect("stored"), stored.names);
            let hir = crate::rules::hir_code::decode(stored.hir).expect("decodes");
            let compiled = Compiler::new().build_from_hir(&hir).expect("compiles");
            let decoded = decode(code, names).expect("decodes");
            assert_eq!(
                format!("{decoded:?}"),
                format!("{compiled:?}"),
                "{}",
                m.as_str()
            );
            assert_eq!(
                decoded.group_info().all_names().collect::<Vec<_>>(),
                compiled.group_info().all_names().collect::<Vec<_>>()
            );
            assert_eq!(encode(&decoded).as_deref(), Some(code));
        }
    }

    #[test]
    fn what_is_not_an_encoding_decodes_to_nothing() {
        let nfa = Compiler::new().build(r"(?P<n>[0-9]{1,4})\s*年").unwrap();
        let code = encode(&nfa).unwrap();
        let names = [None, Some("n")];
        assert!(decode(&code, &names).is_some());
        for cut in 0..code.len() {
            assert!(decode(&code[..cut], &names).is_none(), "cut at {cut}");
        }
        // A state that names a state past the last.
        let mut far = code.clone();
        far[2] = 0x7f;
        assert!(decode(&far, &names).is_none());
        assert!(decode(&[1, 1, 0, 0, 42], &names).is_none());
    }
}
