//! The sieve: which of one side's patterns match a paragraph, found in one pass over it.
//!
//! The gate's literals let about ten extraction patterns through per paragraph, and most of
//! them then read the whole paragraph to find nothing: a digit admits every number, symbol
//! and footnote pattern. One lazy DFA over all of a side's patterns (extraction, artefact
//! and block patterns) reads a paragraph once and tells exactly which of them match
//! somewhere in it, and where the last match of each ends; only those are searched, and no
//! further than that end: most of what extraction read was the rest of a paragraph after its
//! last match, to find nothing more. (A pattern with a Unicode word boundary, which
//! a lazy DFA cannot read, goes in without it: its bit says that it may match.) Building it
//! takes a few milliseconds, so a run builds it once it has read [`SIEVE_AFTER`] bytes on
//! that side: a one-pair run of documents of ordinary size never does, and relies on the
//! gate alone.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use regex_automata::hybrid::dfa::OverlappingState;
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::{Input, MatchKind, hybrid};
use regex_syntax::hir::Hir;

use super::rewrite::{loosened, unlowered};
use super::{Place, RuleSet};
use crate::diagnostic::Side;

/// Bytes of paragraphs one side reads before its sieve is built. Building the built-in
/// patterns' union takes 1 to 3 ms per side, which the sieve saves again within a few hundred
/// kilobytes; a one-pair run, or a hook's few pairs, of ordinary size stay below.
pub const SIEVE_AFTER: usize = 256 * 1024;

/// Bounds on the union of every pattern of a side: its NFA (a union past it is not built,
/// and the gate does the sieve's work), and its lazy DFA's cache, per thread. The built-in
/// patterns read real text within 4 MiB; with 2 MiB, the cache is cleared so often that
/// the DFA gives up.
const NFA_LIMIT: usize = 64 << 20;
const CACHE_CAPACITY: usize = 8 << 20;
/// Clearings of one thread's cache after which the sieve is given up for the run.
const MAX_CLEARS: usize = 8;

/// The patterns a side's sieve holds, in slot order: the searched patterns that apply to it.
fn members(set: &RuleSet, side: Side) -> impl Iterator<Item = (Place, &super::Matcher)> {
    set.patterns().filter(move |&(place, _)| match place {
        Place::Pattern { side: s, .. } => s == side,
        Place::Artefact(i) => set.structure.artefacts[i].langs.has(side),
        Place::Block(i) => set.structure.blocks[i].langs.has(side),
        _ => false,
    })
}

/// The sieve of one side. A pattern's slot is its pattern id in the union.
#[derive(Debug, Default)]
pub struct Sieve {
    /// Each rule's first slot; the rule's patterns on this side follow it in order.
    rules: Vec<usize>,
    /// The slot of each artefact pattern and each block pattern, if it applies to this side.
    artefacts: Vec<Option<usize>>,
    blocks: Vec<Option<usize>>,
    union: OnceLock<Option<Union>>,
    read: AtomicUsize,
}

/// The union of a side's patterns: a lazy DFA, and a cache for each thread that runs it.
struct Union {
    dfa: hybrid::dfa::DFA,
    /// By slot: whether the union holds the pattern loosened, so that its bit says it may
    /// match rather than that it does.
    loose: Vec<bool>,
    scratch: Pool<Scratch, Box<dyn Fn() -> Scratch + Send + Sync>>,
    /// Set once a cache has been cleared [`MAX_CLEARS`] times: the text needs more states
    /// than the cache holds, and rebuilding them costs more than the sieve saves.
    spent: AtomicBool,
}

/// What one thread's sifting keeps from one paragraph to the next: the lazy DFA's cache, and
/// by slot where the last match seen ends (valid for the slots the paragraph's bits set).
struct Scratch {
    cache: hybrid::dfa::Cache,
    last: Vec<usize>,
}

impl std::fmt::Debug for Union {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Union").finish_non_exhaustive()
    }
}

impl Union {
    fn new(hirs: Vec<Hir>, capacity: usize) -> Option<Union> {
        // A lazy DFA over a Unicode word boundary cannot read non-ASCII text, and is not
        // built: such a pattern goes in without its boundaries, matching wherever it does,
        // and maybe more.
        let loose: Vec<bool> = hirs
            .iter()
            .map(|hir| hir.properties().look_set().contains_word_unicode())
            .collect();
        let hirs: Vec<Hir> = hirs
            .into_iter()
            .zip(&loose)
            .map(|(hir, &loose)| if loose { loosened(&hir) } else { hir })
            .collect();
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .nfa_size_limit(Some(NFA_LIMIT))
                    .which_captures(WhichCaptures::None),
            )
            .build_many_from_hir(&hirs)
            .ok()?;
        // Past a few clearings of its cache that each saw too few bytes per state, the lazy
        // DFA gives up rather than crawl: the gate then decides for that paragraph.
        let dfa = hybrid::dfa::Builder::new()
            .configure(
                hybrid::dfa::Config::new()
                    .match_kind(MatchKind::All)
                    .cache_capacity(capacity)
                    .minimum_cache_clear_count(Some(3))
                    .minimum_bytes_per_state(Some(10)),
            )
            .build_from_nfa(nfa)
            .ok()?;
        let factory = dfa.clone();
        Some(Union {
            dfa,
            loose,
            scratch: Pool::new(Box::new(move || Scratch {
                cache: factory.create_cache(),
                last: vec![0; factory.pattern_len()],
            })),
            spent: AtomicBool::new(false),
        })
    }

    /// Which patterns match `text`, and where their last match ends; `None` when the lazy
    /// DFA gave up, or is spent.
    fn sift(&self, text: &str) -> Option<Sifted> {
        if self.spent.load(Ordering::Relaxed) {
            return None;
        }
        let mut bits = vec![0u64; self.dfa.pattern_len().div_ceil(64)];
        let mut scratch = self.scratch.get();
        let Scratch { cache, last } = &mut *scratch;
        let mut state = OverlappingState::start();
        let input = Input::new(text);
        // Every match of every pattern is reported, in the order of their ends.
        let sifted = loop {
            if let Err(e) = self
                .dfa
                .try_search_overlapping_fwd(cache, &input, &mut state)
            {
                break Err(e);
            }
            let Some(m) = state.get_match() else {
                break Ok(());
            };
            let slot = m.pattern().as_usize();
            bits[slot / 64] |= 1 << (slot % 64);
            last[slot] = m.offset();
        };
        if cache.clear_count() >= MAX_CLEARS {
            self.spent.store(true, Ordering::Relaxed);
        }
        sifted.ok()?;
        Some(Sifted {
            ends: slots(&bits).map(|slot| last[slot]).collect(),
            bits: bits.into_boxed_slice(),
        })
    }
}

/// The slots set in `bits`, in order.
fn slots(bits: &[u64]) -> impl Iterator<Item = usize> + '_ {
    bits.iter().enumerate().flat_map(|(w, &word)| {
        let mut rest = word;
        std::iter::from_fn(move || {
            (rest != 0).then(|| {
                let bit = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                w * 64 + bit
            })
        })
    })
}

/// Which of a side's patterns match a paragraph (or, for a loosened one, may), as bits by
/// slot, and where the last of their matches ends: every block keeps one.
#[derive(Debug, Clone)]
pub struct Sifted {
    bits: Box<[u64]>,
    /// For each slot set, in order: the end of its last match (of the loosened pattern, for
    /// one held loosened). No match of the pattern ends after it.
    ends: Box<[usize]>,
}

impl Sifted {
    pub fn has(&self, slot: usize) -> bool {
        self.bits
            .get(slot / 64)
            .is_some_and(|word| word & (1 << (slot % 64)) != 0)
    }

    /// Where the last match of the pattern in `slot` ends, if it matches.
    pub fn end(&self, slot: usize) -> Option<usize> {
        if !self.has(slot) {
            return None;
        }
        let (word, bit) = (slot / 64, slot % 64);
        let before: u32 = self.bits[..word].iter().map(|w| w.count_ones()).sum();
        let rank = before + (self.bits[word] & ((1u64 << bit) - 1)).count_ones();
        self.ends.get(rank as usize).copied()
    }
}

impl Sieve {
    /// The slots of one side's searched patterns, in the rule set's order; the union is
    /// built later, if a run reads enough.
    pub(super) fn new(set: &RuleSet, side: Side) -> Sieve {
        let structure = &set.structure;
        let mut sieve = Sieve {
            rules: vec![0; set.rules.len()],
            artefacts: vec![None; structure.artefacts.len()],
            blocks: vec![None; structure.blocks.len()],
            ..Sieve::default()
        };
        for (slot, (place, _)) in members(set, side).enumerate() {
            match place {
                Place::Pattern { rule, index: 0, .. } => sieve.rules[rule] = slot,
                Place::Artefact(i) => sieve.artefacts[i] = Some(slot),
                Place::Block(i) => sieve.blocks[i] = Some(slot),
                _ => {}
            }
        }
        sieve
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

    /// Whether a slot's bit says that its pattern matches, not only that it may (see
    /// [`Union::new`]).
    pub fn is_exact(&self, slot: usize) -> bool {
        let union = self.union.get().and_then(Option::as_ref);
        union.is_some_and(|u| !u.loose.get(slot).copied().unwrap_or(true))
    }

    /// Which patterns match `text` (a paragraph, folded), once this side has read enough to
    /// pay for the union; until then `None`, and the gate decides.
    pub(super) fn sift(&self, set: &RuleSet, side: Side, text: &str) -> Option<Sifted> {
        if self.union.get().is_none()
            && self.read.fetch_add(text.len(), Ordering::Relaxed) + text.len() <= SIEVE_AFTER
        {
            return None;
        }
        self.union(set, side)?.sift(text)
    }

    /// Every pattern of the side in one lazy DFA that reports each pattern that matches. A
    /// pattern that reads lower-cased text is rewritten to read the text as it is.
    fn union(&self, set: &RuleSet, side: Side) -> Option<&Union> {
        self.union
            .get_or_init(|| {
                let hirs: Vec<Hir> = members(set, side)
                    .map(|(place, matcher)| match place {
                        Place::Pattern { rule, side, index }
                            if set.rules[rule].patterns(side)[index].lowercase =>
                        {
                            unlowered(&matcher.hir())
                        }
                        _ => matcher.hir(),
                    })
                    .collect();
                Union::new(hirs, CACHE_CAPACITY)
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

    /// The slots set are listed in order, and a set slot's end is found by its rank among
    /// them, across words.
    #[test]
    fn each_slot_set_has_its_own_end() {
        let set = [3, 63, 64, 100, 130];
        let mut bits = vec![0u64; 3];
        for &slot in &set {
            bits[slot / 64] |= 1 << (slot % 64);
        }
        let sifted = Sifted {
            bits: bits.into_boxed_slice(),
            ends: set.iter().map(|slot| slot * 10).collect(),
        };
        assert_eq!(slots(&sifted.bits).collect::<Vec<_>>(), set);
        for slot in 0..192 {
            let expected = set.contains(&slot).then_some(slot * 10);
            assert_eq!(sifted.end(slot), expected, "slot {slot}");
        }
    }

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

    /// The matches extraction finds, searching up to `bound` and resuming one character
    /// after each match starts.
    fn resumed(regex: &super::super::Matcher, text: &str, bound: usize) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        let mut at = 0;
        while at <= bound {
            let Some(m) = regex.search(&Input::new(text).range(at..bound)) else {
                break;
            };
            found.push((m.start(), m.end()));
            at = m.start() + 1;
            while at < text.len() && !text.is_char_boundary(at) {
                at += 1;
            }
        }
        found
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
                        let slot = sieve.pattern(r, i);
                        assert_eq!(
                            sifted.has(slot),
                            expected,
                            "{} pattern {i} on {text:?}",
                            rule.id
                        );
                        if expected {
                            // Searches that stop where the last match ends find every match.
                            let end = sifted.end(slot).expect("a pattern that matches has an end");
                            assert_eq!(
                                resumed(&p.regex, read, end),
                                resumed(&p.regex, read, read.len()),
                                "{} pattern {i} on {text:?}, bounded at {end}",
                                rule.id
                            );
                        }
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

    /// A user's pattern is sifted as written: one with top-level flags lends them to no other
    /// (`(?-u)` would narrow the next pattern's `\w` to ASCII, and its `.` to bytes, which a
    /// union of text patterns refuses; `(?i)` would widen `[a-z]`).
    #[test]
    fn user_patterns_are_sifted_as_written() {
        let user = "[[rule]]\nid = \"flags\"\nsummary = \"s\"\ncheck = \"values\"\n\
                    [[rule.en]]\npattern = '(?-u)QQQ(?P<n>[0-9]+)'\n\
                    [[rule.en]]\npattern = '(?P<n>.)\\?'\n\
                    [[rule.en]]\npattern = '(?P<n>\\w+)!'\n\
                    [[rule.en]]\npattern = '(?i)RRR(?P<n>[0-9]+)'\n\
                    [[rule.en]]\npattern = '(?P<n>[a-z])#'\n\
                    [[rule.zh]]\npattern = '附件(?P<n>[0-9])'\n";
        let set = crate::rules::load_texts(&[("user.toml".to_string(), user.to_string())])
            .expect("the rules load");
        let sieve = set.sieve(Side::En);
        assert!(sieve.build_now(&set, Side::En), "the union builds");
        let r = set
            .rules
            .iter()
            .position(|r| r.id == "flags")
            .expect("the user rule");
        for text in ["a! 中! rrr5 A# x? 中?", "QQQ1 é! RRR2 b#"] {
            let sifted = sieve.sift(&set, Side::En, text).expect("built");
            for (i, p) in set.rules[r].patterns(Side::En).iter().enumerate() {
                let slot = sieve.pattern(r, i);
                assert_eq!(
                    sifted.has(slot),
                    p.regex.is_match(text),
                    "pattern {i} on {text:?}"
                );
                if let Some(end) = sifted.end(slot) {
                    assert_eq!(
                        resumed(&p.regex, text, end),
                        resumed(&p.regex, text, text.len()),
                        "pattern {i} on {text:?}, bounded at {end}"
                    );
                }
            }
        }
    }

    /// User patterns that try the sieve's edges: anchors, word boundaries (ASCII and
    /// Unicode, which the union loosens), case, lower-cased text, a pattern with flags.
    fn edgy_rules() -> &'static RuleSet {
        static SET: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
        SET.get_or_init(|| {
            let patterns = [
                r"(?P<n>[0-9]+)$",
                r"(?m)^(?P<n>[a-z]+)",
                r"\b(?P<n>[A-Z]+)\b",
                r"(?-u:\b)(?P<n>[0-9]+)(?-u:\B)",
                r"(?i)rrr(?P<n>[0-9])",
                r"(?P<n>\w+)!",
                r"(?P<n>[0-9]{4})年",
            ];
            let mut user =
                String::from("[[rule]]\nid = \"edges\"\nsummary = \"s\"\ncheck = \"values\"\n");
            for p in patterns {
                user += &format!("[[rule.en]]\npattern = '{p}'\n");
            }
            user += "[[rule.en]]\npattern = 'annex (?P<n>[a-z]+)'\nlowercase = true\n";
            user += "[[rule.zh]]\npattern = '附件(?P<n>[0-9])'\n";
            let set = crate::rules::load_texts(&[("user.toml".to_string(), user)])
                .expect("the rules load");
            assert!(
                set.sieve(Side::En).build_now(&set, Side::En),
                "the union builds"
            );
            set
        })
    }

    proptest::proptest! {
        /// On any text, the sieve's bit for each user pattern says whether it matches (may
        /// match, for a loosened one), and searches bounded at its end find what unbounded
        /// ones do.
        #[test]
        fn the_sieve_agrees_with_user_patterns_on_any_text(
            text in "(QQ1|a!|中!|RRR2|rrr3|ANNEX b|Annex c|2016年|A#|é|\n| |,|\\.|7){0,12}"
        ) {
            let set = edgy_rules();
            let sieve = set.sieve(Side::En);
            let sifted = sieve.sift(set, Side::En, &text).expect("built");
            let lower = text.to_ascii_lowercase();
            let r = set.rules.iter().position(|r| r.id == "edges").expect("the user rule");
            for (i, p) in set.rules[r].patterns(Side::En).iter().enumerate() {
                let read = if p.lowercase { &lower } else { &text };
                let slot = sieve.pattern(r, i);
                let matches = p.regex.is_match(read);
                if sieve.is_exact(slot) {
                    proptest::prop_assert_eq!(sifted.has(slot), matches, "pattern {}", i);
                } else {
                    proptest::prop_assert!(sifted.has(slot) || !matches, "pattern {}", i);
                }
                if matches {
                    let end = sifted.end(slot).expect("a pattern that matches has an end");
                    proptest::prop_assert_eq!(
                        resumed(&p.regex, read, end),
                        resumed(&p.regex, read, read.len()),
                        "pattern {} bounded at {}", i, end
                    );
                }
            }
        }
    }

    #[test]
    fn a_union_whose_cache_is_too_small_is_given_up() {
        let set = rules();
        let hirs: Vec<Hir> = set
            .rules
            .iter()
            .flat_map(|r| &r.en)
            .map(|p| p.regex.hir())
            .collect();
        let union = Union::new(hirs.clone(), 1 << 18).expect("the union builds");
        let texts = texts(&set, Side::En);
        // Read again and again, the texts need their states again after each clearing.
        let rounds = texts.iter().cycle().take(texts.len() * 50);
        let sifted = rounds.filter(|t| union.sift(t).is_some()).count();
        assert!(
            sifted > 0 && sifted < texts.len() * 50,
            "{sifted} of {}",
            texts.len()
        );
        assert!(
            union.spent.load(Ordering::Relaxed),
            "{sifted} of {}",
            texts.len()
        );
        assert!(union.sift("resolution 70/1").is_none());
        let roomy = Union::new(hirs, CACHE_CAPACITY).expect("the union builds");
        assert!(texts.iter().all(|t| roomy.sift(t).is_some()));
    }

    #[test]
    fn a_side_is_sifted_once_it_has_read_enough() {
        let set = rules();
        let line = "Recalling its resolution 70/1 of 25 September 2015, ".repeat(20);
        let mut read = 0;
        loop {
            read += line.len();
            let sifted = matches!(
                set.admits(Side::En, &line),
                crate::rules::Admits(crate::rules::Scan::Sifted(_))
            );
            assert_eq!(sifted, read > SIEVE_AFTER, "after {read} bytes");
            if sifted {
                break;
            }
        }
        // Each side counts what it reads.
        assert!(matches!(
            set.admits(Side::Zh, "第70/1号决议"),
            crate::rules::Admits(crate::rules::Scan::Literals(_))
        ));
    }

    /// Whether a pattern is searched is the only thing the sieve decides: what a pair's
    /// analysis finds is the same with it, for the built-in rules and for a user's whose
    /// patterns the union can only hold loosened (Unicode word boundaries: an artefact that
    /// would match "Recalling" without them, a block and an extraction pattern).
    #[test]
    fn a_sifted_analysis_finds_what_the_gate_lets_find() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/A-RES-71-14");
        let read = |name: &str| {
            crate::document::Document::read(root.join(name).to_str().unwrap()).unwrap()
        };
        let (en, zh) = (read("en.txt"), read("zh.txt"));
        let user = "[[artefact]]\nname = \"word\"\npattern = '\\bRecall\\b'\n\
                    [[block]]\nkind = \"signature\"\nlang = \"en\"\npattern = '^\\bRecalling\\b'\n\
                    [[rule]]\nid = \"sessions\"\nsummary = \"s\"\ncheck = \"values\"\n\
                    [[rule.en]]\npattern = '\\b(?P<n>[0-9]+)(?:st|nd|rd|th)\\b'\n\
                    [[rule.zh]]\npattern = '第(?P<n>[0-9]+)届'\n";
        let rules = |user_files: &[(String, String)]| {
            (
                crate::rules::load_texts(user_files).expect("the rules load"),
                crate::rules::load_texts(user_files).expect("the rules load"),
            )
        };
        for user_files in [vec![], vec![("user.toml".to_string(), user.to_string())]] {
            let (gated, sifted) = rules(&user_files);
            for side in Side::BOTH {
                assert!(sifted.sieve(side).build_now(&sifted, side));
            }
            let a = crate::analyse(&en, &zh, &gated);
            let b = crate::analyse(&en, &zh, &sifted);
            assert!(b.en.blocks.iter().all(|b| matches!(
                b.admits,
                crate::rules::Admits(crate::rules::Scan::Sifted(_))
            )));
            assert!(!a.en_items.items.is_empty());
            let kinds = |s: &crate::structure::Structure| {
                s.blocks
                    .iter()
                    .map(|b| (b.kind, b.zone))
                    .collect::<Vec<_>>()
            };
            assert_eq!(kinds(&a.en), kinds(&b.en));
            assert_eq!(kinds(&a.zh), kinds(&b.zh));
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
}
