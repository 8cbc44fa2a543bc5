//! The gate: which patterns a text may match, found in one pass over it.
//!
//! Each pattern has a trigger (build.rs works it out for the built-in ones): sets of literals
//! of which every match contains one from each set. One Aho-Corasick automaton looks for all
//! of them; a pattern whose trigger a paragraph lacks is never searched in it, nor compiled
//! when no paragraph of a pair has it.

use std::borrow::Cow;

use aho_corasick::{AhoCorasick, MatchKind};

use super::matcher::Matcher;

/// The literals of every trigger, looked for in one pass.
#[derive(Debug, Default)]
pub struct Gate {
    automaton: Option<AhoCorasick>,
    words: usize,
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
        let mut ids: std::collections::HashMap<Vec<u8>, usize> = Default::default();
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut matchers: Vec<&mut Matcher> = matchers.into_iter().collect();
        for m in &mut matchers {
            let sets: Vec<Vec<usize>> = std::mem::take(&mut m.trigger)
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
            m.masks = sets.iter().map(|s| mask(s)).collect();
        }
        let words = literals.len().div_ceil(64);
        let automaton = AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .match_kind(MatchKind::Standard)
            .build(&literals)
            .ok();
        for m in &mut matchers {
            if automaton.is_none() {
                // Without the automaton nothing is known to be absent.
                m.masks.clear();
            }
            for mask in &mut m.masks {
                mask.resize(words, 0);
            }
        }
        Gate { automaton, words }
    }

    /// The literals `text` contains.
    pub fn scan(&self, text: &str) -> Present {
        let mut bits = vec![0u64; self.words];
        if let Some(ac) = &self.automaton {
            // The literals are in lower case: an automaton that ignored case would take
            // twice as long to build. Chinese lines have nothing to lower.
            let lower: Cow<str> = if text.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(text.to_ascii_lowercase())
            } else {
                Cow::Borrowed(text)
            };
            for m in ac.find_overlapping_iter(&*lower) {
                let id = m.pattern().as_usize();
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
