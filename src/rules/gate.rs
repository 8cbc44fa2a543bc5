//! The gate: which patterns a text may match, found in one pass over it.
//!
//! Each pattern has a trigger (`syntax::Trigger`): sets of literals of which every match
//! contains one from each set. An Aho-Corasick automaton looks for the literals of every
//! trigger; a pattern whose trigger a paragraph lacks is never searched in it, nor compiled
//! when no paragraph of a run has it. A long run hands this work to the sieve.

use std::borrow::Cow;
use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::matcher::Matcher;

/// The literals of every trigger, in ASCII lower case, looked for in one pass.
#[derive(Debug, Default)]
pub struct Gate {
    automaton: Option<AhoCorasick>,
    /// 64-bit words of a [`Present`].
    words: usize,
}

/// Which of the gate's literals a text holds, as bits by literal id.
#[derive(Debug, Clone, Default)]
pub struct Present(Vec<u64>);

impl Present {
    /// Whether every set of a trigger (as masks over the literals) has a literal here. A
    /// pattern without a trigger meets it.
    pub(super) fn meets(&self, masks: &[Vec<u64>]) -> bool {
        masks
            .iter()
            .all(|mask| mask.iter().zip(&self.0).any(|(m, p)| m & p != 0))
    }
}

impl Gate {
    /// The gate of these matchers, whose triggers become masks over its literals.
    pub(super) fn new<'m>(matchers: impl IntoIterator<Item = &'m Matcher>) -> Gate {
        let mut ids: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let matchers: Vec<&Matcher> = matchers.into_iter().collect();
        let mut sets_of: Vec<Vec<Vec<usize>>> = Vec::with_capacity(matchers.len());
        for m in &matchers {
            let sets = m
                .trigger
                .iter()
                .map(|set| {
                    set.iter()
                        .map(|l| {
                            let key = l.to_ascii_lowercase();
                            *ids.entry(key.clone()).or_insert_with(|| {
                                literals.push(key);
                                literals.len() - 1
                            })
                        })
                        .collect()
                })
                .collect();
            sets_of.push(sets);
        }
        let words = literals.len().div_ceil(64);
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .dense_depth(0)
            .build(&literals)
            .ok();
        for (m, sets) in matchers.iter().zip(sets_of) {
            // Without an automaton, every pattern may match everything.
            if automaton.is_some() {
                let _ = m
                    .masks
                    .set(sets.iter().map(|ids| mask(ids, words)).collect());
            }
        }
        Gate { automaton, words }
    }

    /// The literals `text` holds (matched in ASCII lower case, as the triggers are).
    pub fn scan(&self, text: &str) -> Present {
        let mut bits = vec![0u64; self.words];
        let Some(automaton) = &self.automaton else {
            return Present(bits);
        };
        let lower: Cow<str> = if text.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(text.to_ascii_lowercase())
        } else {
            Cow::Borrowed(text)
        };
        for m in automaton.find_overlapping_iter(&*lower) {
            let id = m.pattern().as_usize();
            bits[id / 64] |= 1 << (id % 64);
        }
        Present(bits)
    }
}

fn mask(ids: &[usize], words: usize) -> Vec<u64> {
    let mut bits = vec![0u64; words];
    for &id in ids {
        bits[id / 64] |= 1 << (id % 64);
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(pattern: &str) -> Matcher {
        let facts = super::super::syntax::facts(pattern).expect("parses");
        Matcher::lazy(pattern.to_string(), facts)
    }

    #[test]
    fn a_pattern_is_let_through_where_its_literals_are_in_any_case() {
        let date = matcher(r"(?P<day>[0-9]{1,2}) November");
        let unit = matcher(r"(?P<n>[0-9]+) (?:tonnes|barrels)");
        let any = matcher(r"[0-9]+");
        let gate = Gate::new([&date, &unit, &any]);
        let both = gate.scan("On 21 NOVEMBER, 50 Tonnes");
        assert!(date.admits(&both) && unit.admits(&both));
        let neither = gate.scan("On 21 June, 50 kilograms");
        assert!(!date.admits(&neither) && !unit.admits(&neither));
        let barrels = gate.scan("5 barrels");
        assert!(unit.admits(&barrels) && !date.admits(&barrels));
        assert!(
            any.admits(&neither),
            "a pattern without a trigger is always let through"
        );
    }
}
