//! The sieve: which of one side's patterns match a paragraph, found in one pass over it.
//!
//! The gate's literals let about ten extraction patterns through per paragraph, and most of
//! them then read the whole paragraph to find nothing: a digit admits every number, symbol
//! and footnote pattern. One lazy DFA over all of a side's patterns (extraction, artefact
//! and block patterns) reads a paragraph once and tells exactly which of them match
//! somewhere in it; only those are searched. Building it takes a few milliseconds, so a run
//! builds it once it has read [`SIEVE_AFTER`] bytes on that side: a one-pair run never does,
//! and relies on the gate alone.

use std::sync::OnceLock;
use std::sync::atomic::AtomicUsize;

use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::{Input, MatchKind, PatternID, PatternSet};

use super::RuleSet;
use super::unlowered::unlowered;
use crate::diagnostic::Side;

/// Bytes of paragraphs one side reads before its sieve is built. Building costs about as
/// much as reading a megabyte with the gate alone.
pub const SIEVE_AFTER: usize = 1024 * 1024;

/// Bounds on building the union of every pattern of a side (its NFA, its lazy DFA's cache).
/// The built-in patterns need a fraction; a union past them is not built, and the gate
/// does the sieve's work.
const NFA_LIMIT: usize = 64 << 20;
const CACHE_CAPACITY: usize = 16 << 20;

/// The sieve of one side. A pattern's slot is its pattern id in the union.
#[derive(Debug, Default)]
pub struct Sieve {
    /// Each rule's first slot; the rule's patterns on this side follow it in order.
    rules: Vec<usize>,
    /// The slot of each artefact pattern and each block pattern, if it applies to this side.
    artefacts: Vec<Option<usize>>,
    blocks: Vec<Option<usize>>,
    members: Vec<Member>,
    union: OnceLock<Option<Regex>>,
    read: AtomicUsize,
}

/// What a slot holds.
#[derive(Debug, Clone, Copy)]
enum Member {
    /// Pattern `.1` of rule `.0` on this side.
    Pattern(usize, usize),
    Artefact(usize),
    Block(usize),
}

/// Which of a side's patterns match a paragraph, by slot.
#[derive(Debug, Clone)]
pub struct Sifted(PatternSet);

impl Sifted {
    pub fn has(&self, slot: usize) -> bool {
        PatternID::new(slot).is_ok_and(|id| self.0.contains(id))
    }
}

impl Sieve {
    /// The slots of one side's patterns; the union is built later, if a run reads enough.
    pub(super) fn new(set: &RuleSet, side: Side) -> Sieve {
        let mut sieve = Sieve::default();
        for (r, rule) in set.rules.iter().enumerate() {
            sieve.rules.push(sieve.members.len());
            let patterns = rule.patterns(side).len();
            sieve
                .members
                .extend((0..patterns).map(|i| Member::Pattern(r, i)));
        }
        let structure = &set.structure;
        let langs = structure.artefacts.iter().map(|a| a.langs);
        sieve.artefacts = sieve.slots(langs, side, Member::Artefact);
        let langs = structure.blocks.iter().map(|b| b.langs);
        sieve.blocks = sieve.slots(langs, side, Member::Block);
        sieve
    }

    fn slots(
        &mut self,
        langs: impl Iterator<Item = super::Langs>,
        side: Side,
        member: fn(usize) -> Member,
    ) -> Vec<Option<usize>> {
        langs
            .enumerate()
            .map(|(i, langs)| {
                langs.has(side).then(|| {
                    self.members.push(member(i));
                    self.members.len() - 1
                })
            })
            .collect()
    }

    pub fn pattern(&self, rule: usize, index: usize) -> usize {
        self.rules[rule] + index
    }

    pub fn artefact(&self, index: usize) -> Option<usize> {
        self.artefacts.get(index).copied().flatten()
    }

    pub fn block(&self, index: usize) -> Option<usize> {
        self.blocks.get(index).copied().flatten()
    }

    /// Which patterns match `text` (a paragraph, folded), once this side has read enough to
    /// pay for the union; until then `None`, and the gate decides.
    pub(super) fn sift(&self, set: &RuleSet, side: Side, text: &str) -> Option<Sifted> {
        if self.union.get().is_none() && !super::read_past(&self.read, text.len(), SIEVE_AFTER) {
            return None;
        }
        let union = self.union(set, side)?;
        let mut found = PatternSet::new(union.pattern_len());
        union.which_overlapping_matches(&Input::new(text), &mut found);
        Some(Sifted(found))
    }

    /// Every pattern of the side in one regex that reports each pattern that matches. A
    /// pattern that reads lower-cased text is rewritten to read the text as it is.
    fn union(&self, set: &RuleSet, side: Side) -> Option<&Regex> {
        self.union
            .get_or_init(|| {
                let hirs: Vec<_> = self
                    .members
                    .iter()
                    .map(|&member| match member {
                        Member::Pattern(r, i) => {
                            let pattern = &set.rules[r].patterns(side)[i];
                            let hir = pattern.regex.hir();
                            if pattern.lowercase {
                                unlowered(&hir)
                            } else {
                                hir
                            }
                        }
                        Member::Artefact(i) => set.structure.artefacts[i].regex.hir(),
                        Member::Block(i) => set.structure.blocks[i].regex.hir(),
                    })
                    .map(|hir| {
                        // A lazy DFA cannot read a Unicode word boundary in non-ASCII text, and
                        // the whole union would fall back to the PikeVM: such a pattern gets
                        // the empty pattern instead, which matches everywhere, so it is
                        // always searched.
                        if hir.properties().look_set().contains_word_unicode() {
                            regex_syntax::hir::Hir::empty()
                        } else {
                            hir
                        }
                    })
                    .collect();
                let config = meta::Config::new()
                    .match_kind(MatchKind::All)
                    .which_captures(WhichCaptures::None)
                    .nfa_size_limit(Some(NFA_LIMIT))
                    .hybrid_cache_capacity(CACHE_CAPACITY)
                    .auto_prefilter(false)
                    .onepass(false)
                    .backtrack(false)
                    .dfa(false);
                meta::Builder::new()
                    .configure(config)
                    .build_many_from_hir(&hirs)
                    .ok()
            })
            .as_ref()
    }

    /// Builds the union now, whatever has been read (tests).
    #[cfg(test)]
    pub(super) fn build_now(&self, set: &RuleSet, side: Side) -> bool {
        self.union(set, side).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::Folded;

    fn rules() -> RuleSet {
        crate::rules::load(&[]).expect("the built-in rules load")
    }

    /// Paragraphs of each side where the patterns match and where they do not: the bundled
    /// example, every rule's examples, upper-case variants, and the dev set of the corpus
    /// when it is there.
    fn texts(set: &RuleSet, side: Side) -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let name = match side {
            Side::En => "en.txt",
            Side::Zh => "zh.txt",
        };
        let mut files = vec![root.join("examples/A-RES-71-14").join(name)];
        files.push(
            root.join("../shared/corpus/un-sentences/UNv1.0-devset")
                .join(name),
        );
        let mut texts: Vec<String> = files
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .flat_map(|t| t.lines().map(str::to_string).collect::<Vec<_>>())
            .collect();
        for example in set.rules.iter().flat_map(|r| &r.examples) {
            let text = match side {
                Side::En => &example.en,
                Side::Zh => &example.zh,
            };
            texts.extend(text.lines().map(str::to_string));
            texts.extend(text.lines().map(str::to_ascii_uppercase));
        }
        texts
            .iter()
            .map(|t| Folded::new(t.trim()).text.into_owned())
            .collect()
    }

    #[test]
    fn the_sieve_tells_exactly_which_patterns_match() {
        let set = rules();
        for side in Side::BOTH {
            let sieve = set.sieve(side);
            assert!(sieve.build_now(&set, side), "the union of {side:?} builds");
            let texts = texts(&set, side);
            assert!(texts.len() > 100, "{} texts", texts.len());
            let mut matched = 0;
            for text in &texts {
                let sifted = sieve.sift(&set, side, text).expect("built");
                let lower = text.to_ascii_lowercase();
                for (r, rule) in set.rules.iter().enumerate() {
                    for (i, p) in rule.patterns(side).iter().enumerate() {
                        let read = if p.lowercase { &lower } else { text };
                        let expected = p.regex.is_match(read);
                        matched += usize::from(expected);
                        assert_eq!(
                            sifted.has(sieve.pattern(r, i)),
                            expected,
                            "{} pattern {i} on {text:?}",
                            rule.id
                        );
                    }
                }
                for (i, a) in set.structure.artefacts.iter().enumerate() {
                    if let Some(slot) = sieve.artefact(i) {
                        assert_eq!(sifted.has(slot), a.regex.is_match(text), "{text:?}");
                    }
                }
                for (i, b) in set.structure.blocks.iter().enumerate() {
                    if let Some(slot) = sieve.block(i) {
                        assert_eq!(sifted.has(slot), b.regex.is_match(text), "{text:?}");
                    }
                }
            }
            assert!(matched > 200, "{side:?}: only {matched} matches to compare");
        }
    }

    #[test]
    fn a_side_is_sifted_once_it_has_read_enough() {
        let set = rules();
        let line = "Recalling its resolution 70/1 of 25 September 2015, ".repeat(20);
        let mut read = 0;
        loop {
            read += line.len();
            let sifted = matches!(set.admits(Side::En, &line), crate::rules::Admits::Sifted(_));
            assert_eq!(sifted, read > SIEVE_AFTER, "after {read} bytes");
            if sifted {
                break;
            }
        }
        // Each side counts what it reads.
        assert!(matches!(
            set.admits(Side::Zh, "第70/1号决议"),
            crate::rules::Admits::Literals(_)
        ));
    }

    /// Whether a pattern is searched is the only thing the sieve decides: what a pair's
    /// analysis finds is the same with it.
    #[test]
    fn a_sifted_analysis_finds_what_the_gate_lets_find() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/A-RES-71-14");
        let read = |name: &str| {
            crate::document::Document::read(root.join(name).to_str().unwrap()).unwrap()
        };
        let (en, zh) = (read("en.txt"), read("zh.txt"));
        let gated = rules();
        let sifted = rules();
        for side in Side::BOTH {
            assert!(sifted.sieve(side).build_now(&sifted, side));
        }
        let a = crate::analyse(&en, &zh, &gated);
        let b = crate::analyse(&en, &zh, &sifted);
        assert!(
            b.en.blocks
                .iter()
                .all(|b| matches!(b.admits, crate::rules::Admits::Sifted(_)))
        );
        assert!(!a.en_items.items.is_empty());
        assert_eq!(
            format!("{:?}", a.en_items.items),
            format!("{:?}", b.en_items.items)
        );
        assert_eq!(
            format!("{:?}", a.zh_items.items),
            format!("{:?}", b.zh_items.items)
        );
        assert_eq!(
            format!("{:?}", a.diagnostics),
            format!("{:?}", b.diagnostics)
        );
    }
}
