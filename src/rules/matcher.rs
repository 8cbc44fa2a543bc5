//! A pattern's regular expression, compiled when first needed.
//!
//! Compiling the built-in patterns took most of a one-pair run. A [`Matcher`] compiles on its
//! first search, and the [`Gate`] keeps it from searching (and so from compiling) a text that
//! lacks a literal of its trigger: rules that have nothing to find in a document cost nothing.

use std::borrow::Cow;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex_automata::meta::{self, Regex};

use super::load::{DFA_SIZE_LIMIT, REGEX_SIZE_LIMIT};
use super::syntax::Trigger;

pub struct Matcher {
    source: String,
    regex: OnceLock<Regex>,
    /// Until [`Gate::new`] turns it into `masks`.
    trigger: Trigger,
    /// The trigger's sets as bit masks over the gate's literals.
    masks: Vec<Vec<u64>>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Matcher").field(&self.source).finish()
    }
}

/// Compiles a pattern as every matcher does. Cheaply: a literal prefilter and a one-pass DFA
/// cost more to build than they save on the paragraphs the gate lets through.
pub(super) fn build(source: &str) -> Result<Regex, Box<meta::BuildError>> {
    let config = meta::Config::new()
        .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
        .hybrid_cache_capacity(DFA_SIZE_LIMIT)
        .auto_prefilter(false)
        .onepass(false);
    meta::Builder::new()
        .configure(config)
        .build(source)
        .map_err(Box::new)
}

impl Matcher {
    /// A matcher of a pattern already known to compile: a built-in one, checked by the tests.
    pub(super) fn lazy(source: String, trigger: Trigger) -> Matcher {
        Matcher {
            source,
            regex: OnceLock::new(),
            trigger,
            masks: Vec::new(),
        }
    }

    /// A matcher of a pattern compiled already (a user's, checked as it was loaded).
    pub(super) fn compiled(source: String, regex: Regex, trigger: Trigger) -> Matcher {
        Matcher {
            source,
            regex: OnceLock::from(regex),
            trigger,
            masks: Vec::new(),
        }
    }

    pub fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            build(&self.source).expect("built-in patterns compile, as the rule tests check")
        })
    }

    pub fn is_compiled(&self) -> bool {
        self.regex.get().is_some()
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the pattern may match a text with these literals.
    pub fn admits(&self, present: &Present) -> bool {
        self.masks
            .iter()
            .all(|mask| mask.iter().zip(&present.0).any(|(m, p)| m & p != 0))
    }
}

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
