//! The gate: which patterns a text may match, found in one pass over it.
//!
//! Each pattern has a trigger (build.rs works it out for the built-in ones): sets of literals
//! of which every match contains one from each set. An Aho-Corasick automaton looks for all
//! of them; a pattern whose trigger a paragraph lacks is never searched in it, nor compiled
//! when no paragraph of a pair has it. The literals of the built-in patterns are known when
//! yizhi is built: their automaton is built once per process, on the thread pool while the
//! rule files are read ([`warm_up`]), and once more as a DFA, which reads faster, when a run
//! has read enough text to pay for building it (a long run has by then handed most of the
//! gate's work to the sieve, and builds it only when the sieve gives up). A second automaton
//! looks for the literals that only a user's patterns have.

use std::borrow::Cow;
use std::sync::OnceLock;
use std::sync::atomic::AtomicUsize;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::matcher::Matcher;

/// The literals of every trigger, looked for in one pass per automaton.
#[derive(Debug, Default)]
pub struct Gate {
    /// Over `built_in_literals()`, whose ids come first.
    built_in: Option<&'static AhoCorasick>,
    /// Over the literals only users' patterns have, numbered after the built-in ones.
    extra: Option<AhoCorasick>,
    words: usize,
}

/// The automaton of the built-in literals, built at first need.
fn built_in_automaton() -> Option<&'static AhoCorasick> {
    static AUTOMATON: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    AUTOMATON
        .get_or_init(|| automaton(super::load::built_in_literals()))
        .as_ref()
}

/// Starts building the automaton of the built-in literals on the global thread pool, so that
/// it is ready by the time the rules are: it took a tenth of a one-pair run on the path
/// where nothing else ran.
pub(super) fn warm_up() {
    rayon::spawn(|| {
        built_in_automaton();
    });
}

/// Bytes the gate reads through the built-in literals' NFA before it builds their DFA: a
/// one-pair run stays below it, and a corpus run soon pays for the DFA, which reads faster.
const DFA_AFTER: usize = 1024 * 1024;

/// The same automaton as a DFA, once the gate has read [`DFA_AFTER`] bytes: same literals,
/// same ids, same matches.
fn built_in_fast(len: usize) -> Option<&'static AhoCorasick> {
    static READ: AtomicUsize = AtomicUsize::new(0);
    static AUTOMATON: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    if let Some(fast) = AUTOMATON.get() {
        return fast.as_ref();
    }
    if !super::read_past(&READ, len, DFA_AFTER) {
        return None;
    }
    AUTOMATON
        .get_or_init(|| automaton_of(super::load::built_in_literals(), AhoCorasickKind::DFA))
        .as_ref()
}

fn automaton<L: AsRef<[u8]>>(literals: &[L]) -> Option<AhoCorasick> {
    automaton_of(literals, AhoCorasickKind::ContiguousNFA)
}

/// Without a prefilter (hundreds of literals start with too many bytes for one to help an
/// overlapping search) and, for the NFA, with sparse states only: building both took more of
/// a one-pair run than they saved in its searches.
fn automaton_of<L: AsRef<[u8]>>(literals: &[L], kind: AhoCorasickKind) -> Option<AhoCorasick> {
    AhoCorasick::builder()
        .kind(Some(kind))
        .match_kind(MatchKind::Standard)
        .prefilter(false)
        .dense_depth(0)
        .build(literals)
        .ok()
}

/// The literals a text contains, as bits.
#[derive(Debug, Clone, Default)]
pub struct Present(Vec<u64>);

impl Present {
    /// Whether these literals meet every set of a trigger (as masks).
    pub(super) fn meets(&self, masks: &[Vec<u64>]) -> bool {
        masks
            .iter()
            .all(|mask| mask.iter().zip(&self.0).any(|(m, p)| m & p != 0))
    }

    /// Adds the literals of another text.
    pub fn add(&mut self, other: &Present) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a |= b;
        }
    }
}

impl Gate {
    /// Numbers the literals of the matchers' triggers and gives each matcher its masks. ASCII
    /// case is ignored: rules that read lower-cased text write their words in lower case,
    /// and a looser test only runs a pattern more often.
    pub(super) fn new<'m>(matchers: impl IntoIterator<Item = &'m mut Matcher>) -> Gate {
        let built_in = super::load::built_in_literals();
        let mut extra_ids: std::collections::HashMap<Vec<u8>, usize> = Default::default();
        let mut extra: Vec<Vec<u8>> = Vec::new();
        let mut matchers: Vec<&mut Matcher> = matchers.into_iter().collect();
        for m in &mut matchers {
            let sets: Vec<Vec<usize>> = std::mem::take(&mut m.trigger)
                .iter()
                .map(|set| {
                    set.iter()
                        .map(|l| {
                            let key = l.to_ascii_lowercase();
                            match built_in.binary_search(&key.as_slice()) {
                                Ok(id) => id,
                                Err(_) => *extra_ids.entry(key.clone()).or_insert_with(|| {
                                    extra.push(key);
                                    built_in.len() + extra.len() - 1
                                }),
                            }
                        })
                        .collect()
                })
                .collect();
            m.masks = sets.iter().map(|s| mask(s)).collect();
        }
        let words = (built_in.len() + extra.len()).div_ceil(64);
        let gate = Gate {
            built_in: built_in_automaton(),
            extra: if extra.is_empty() {
                None
            } else {
                automaton(&extra)
            },
            words,
        };
        let complete = gate.built_in.is_some() && (extra.is_empty() || gate.extra.is_some());
        for m in &mut matchers {
            if !complete {
                // Without the automata nothing is known to be absent.
                m.masks.clear();
            }
            for mask in &mut m.masks {
                mask.resize(words, 0);
            }
        }
        gate
    }

    /// The literals `text` contains.
    pub fn scan(&self, text: &str) -> Present {
        let mut bits = vec![0u64; self.words];
        let built_in = self
            .built_in
            .and_then(|_| built_in_fast(text.len()))
            .or(self.built_in);
        let automata = [
            (built_in, 0),
            (self.extra.as_ref(), super::load::built_in_literals().len()),
        ];
        if automata.iter().all(|(a, _)| a.is_none()) {
            return Present(bits);
        }
        // The literals are in lower case: an automaton that ignored case would take twice as
        // long to build. Chinese lines have nothing to lower.
        let lower: Cow<str> = if text.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(text.to_ascii_lowercase())
        } else {
            Cow::Borrowed(text)
        };
        for (automaton, first) in automata {
            for m in automaton
                .into_iter()
                .flat_map(|a| a.find_overlapping_iter(&*lower))
            {
                let id = first + m.pattern().as_usize();
                bits[id / 64] |= 1 << (id % 64);
            }
        }
        Present(bits)
    }
}

fn mask(ids: &[usize]) -> Vec<u64> {
    let mut bits = vec![0u64; ids.iter().max().map_or(0, |m| m / 64 + 1)];
    for &id in ids {
        bits[id / 64] |= 1 << (id % 64);
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(pattern: &str) -> Matcher {
        let trigger = super::super::syntax::facts(pattern)
            .expect("parses")
            .trigger;
        Matcher::lazy(pattern.to_string(), trigger, None)
    }

    /// A built-in literal ("november") and one that only a user's pattern has ("tonnes")
    /// are both looked for, each by its automaton.
    #[test]
    fn built_in_and_users_literals_both_open_the_gate() {
        let mut built_in = matcher(r"(?P<day>[0-9]{1,2}) November");
        let mut user = matcher(r"(?P<n>[0-9]+) (?:tonnes|barrels)");
        assert!(
            super::super::load::built_in_literals()
                .binary_search(&&b"november"[..])
                .is_ok()
        );
        let gate = Gate::new([&mut built_in, &mut user]);
        assert!(gate.extra.is_some());
        let both = gate.scan("On 21 NOVEMBER, 50 Tonnes");
        assert!(built_in.admits(&both) && user.admits(&both));
        let neither = gate.scan("On 21 June, 50 kilograms");
        assert!(!built_in.admits(&neither) && !user.admits(&neither));
        let barrels = gate.scan("5 barrels");
        assert!(user.admits(&barrels) && !built_in.admits(&barrels));
    }

    /// The gate switches once it has read more than its limit, counting every text.
    #[test]
    fn the_dfa_comes_after_the_limit() {
        let read = AtomicUsize::new(0);
        assert!(!super::super::read_past(&read, DFA_AFTER - 10, DFA_AFTER));
        assert!(!super::super::read_past(&read, 10, DFA_AFTER));
        assert!(super::super::read_past(&read, 1, DFA_AFTER));
    }

    /// The DFA a long run switches to finds the same literals as the NFA, on every line of
    /// the seed pair.
    #[test]
    fn the_dfa_finds_what_the_nfa_finds() {
        let literals = super::super::load::built_in_literals();
        let nfa = automaton(literals).expect("builds");
        let dfa = automaton_of(literals, AhoCorasickKind::DFA).expect("builds");
        let seed = [
            include_str!("../../examples/A-RES-71-14/en.txt"),
            include_str!("../../examples/A-RES-71-14/zh.txt"),
        ];
        let found = |a: &AhoCorasick, text: &str| -> Vec<(usize, usize)> {
            a.find_overlapping_iter(text)
                .map(|m| (m.pattern().as_usize(), m.end()))
                .collect()
        };
        for line in seed.iter().flat_map(|s| s.lines()) {
            let lower = line.to_ascii_lowercase();
            assert_eq!(found(&dfa, &lower), found(&nfa, &lower), "{line}");
        }
        assert!(!found(&nfa, &seed[0].to_ascii_lowercase()).is_empty());
    }
}
