//! A pattern's regular expression, as cheaply as its searches allow.
//!
//! A built-in pattern searches with the two DFAs build.rs stored for it: the forward one finds
//! whether it matches and where the leftmost-first match ends, the reverse one, run back from
//! there, where the match starts. Only captures need the pattern compiled, into its NFA alone
//! (one parse, one compilation), whose bounded backtracker (or PikeVM) reads the match and
//! nothing else. Compiling every pattern a pair may need took longer than checking the pair;
//! most patterns never search a given pair (the gate and the sieve keep them from it), and
//! half of those that do never match it. A user's pattern, and a built-in one without stored
//! DFAs, searches with the meta regex.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::OnceLock;

use regex_automata::dfa::{Automaton, dense, sparse};
use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::{self, NFA, backtrack, pikevm};
use regex_automata::util::captures::{Captures, GroupInfo};
use regex_automata::util::iter::Searcher;
use regex_automata::util::pool::Pool;
use regex_automata::util::primitives::NonMaxUsize;
use regex_automata::{Anchored, Input, Match, MatchError, PatternID};

use super::gate::Present;
use super::load::{DFA_SIZE_LIMIT, REGEX_SIZE_LIMIT};
use super::syntax::{Facts, Trigger};

/// The bounded backtracker's memory for the match it reads, in bits. It clears as many (match
/// length × NFA states) on every search; longer matches go to the PikeVM.
const BACKTRACK_CAPACITY: usize = 16 * 1024;

const CHECKED: &str = "built-in patterns compile, as the rule tests check";

/// The DFAs build.rs stored, one after the other, each at an offset a multiple of 8.
static STORED: &Aligned<[u8]> = &Aligned {
    _align: [],
    bytes: *include_bytes!(concat!(env!("OUT_DIR"), "/patterns.dfa")),
};

/// Where the DFAs of each pattern are, `(key, forward, reverse)`, by key (`syntax::key`).
static STORED_AT: &[(u64, Range<usize>, Range<usize>)] =
    include!(concat!(env!("OUT_DIR"), "/patterns_dfa.rs"));

/// Bytes aligned to 8: a DFA is read in place as `u32`s.
#[repr(C)]
struct Aligned<B: ?Sized> {
    _align: [u64; 0],
    bytes: B,
}

/// The DFAs build.rs stored for a pattern.
struct Stored {
    forward: dense::DFA<&'static [u32]>,
    reverse: sparse::DFA<&'static [u8]>,
}

impl Stored {
    /// The DFAs stored for a built-in pattern, if build.rs stored them.
    fn of(source: &str) -> Option<Stored> {
        let key = super::syntax::key(source);
        let at = STORED_AT.binary_search_by_key(&key, |(k, ..)| *k).ok()?;
        let (_, forward, reverse) = &STORED_AT[at];
        let (forward, reverse) = (
            &STORED.bytes[forward.clone()],
            &STORED.bytes[reverse.clone()],
        );
        // SAFETY: these bytes are what build.rs serialized, in this build, with the version
        // of regex-automata that reads them (the build-dependency and the dependency are one
        // entry of Cargo.lock), for this target's endianness. Reading them unchecked spares
        // validating every transition of a DFA on each run: milliseconds, most of a one-pair
        // run's budget. Alignment and headers are still checked: DFAs that do not read back
        // are not used.
        #[allow(unsafe_code)]
        let (forward, reverse) = unsafe {
            (
                dense::DFA::from_bytes_unchecked(forward),
                sparse::DFA::from_bytes_unchecked(reverse),
            )
        };
        Some(Stored {
            forward: forward.ok()?.0,
            reverse: reverse.ok()?.0,
        })
    }

    /// The leftmost-first match in `input`, as `regex_automata::dfa::regex` finds it.
    fn find(&self, input: &Input<'_>) -> Result<Option<Match>, MatchError> {
        let Some(end) = self.forward.try_search_fwd(input)? else {
            return Ok(None);
        };
        let mut start = end.offset();
        if start > input.start() {
            // Back from the end, as far as a match goes: where the leftmost one starts.
            let back = input
                .clone()
                .span(input.start()..end.offset())
                .anchored(Anchored::Yes)
                .earliest(false);
            start = self
                .reverse
                .try_search_rev(&back)?
                .map_or(input.start(), |m| m.offset());
        }
        Ok(Some(Match::new(end.pattern(), start..end.offset())))
    }
}

/// What answers a search: see the module's documentation.
enum Engine<'m> {
    Meta(&'m Regex),
    Stored(&'m Stored),
}

pub struct Matcher {
    source: String,
    /// The DFAs build.rs stored for this pattern, read on its first search.
    stored: OnceLock<Option<Stored>>,
    /// The NFA engines that read the captures of the matches the stored DFAs find.
    cold: OnceLock<Cold>,
    /// The meta regex: a user's pattern, compiled as it was loaded; a built-in one without
    /// stored DFAs, compiled on its first search.
    regex: OnceLock<Regex>,
    /// The pattern's capture groups: captures are made before a search, which may need no
    /// compiling.
    group_info: GroupInfo,
    pub(super) trigger: Trigger,
    /// The trigger's sets as bit masks over the gate's literals, set by the gate.
    pub(super) masks: OnceLock<Vec<Vec<u64>>>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Matcher").field(&self.source).finish()
    }
}

/// Compiles a pattern into the meta regex. Without a literal prefilter, a one-pass DFA or a
/// full DFA: the gate and the sieve keep a pattern from the paragraphs it cannot match, and
/// these cost more to build than they save on the ones it can.
pub(super) fn build(source: &str) -> Result<Regex, Box<meta::BuildError>> {
    let config = meta::Config::new()
        .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
        .hybrid_cache_capacity(DFA_SIZE_LIMIT)
        .auto_prefilter(false)
        .onepass(false)
        .dfa(false);
    let mut builder = meta::Builder::new();
    builder.configure(config);
    builder.build(source).map_err(Box::new)
}

thread_local! {
    /// One NFA compiler per thread: a new one allocates and clears a table for UTF-8
    /// sequences, which took as long as compiling a small pattern.
    static COMPILER: RefCell<thompson::Compiler> = RefCell::new({
        let mut compiler = thompson::Compiler::new();
        compiler.configure(thompson::Config::new().nfa_size_limit(Some(REGEX_SIZE_LIMIT)));
        compiler
    });
}

/// The NFA engines that read a match's captures.
struct Cold {
    pikevm: pikevm::PikeVM,
    backtrack: backtrack::BoundedBacktracker,
    caches: Pool<ColdCache, fn() -> ColdCache>,
}

/// Each made when first needed: the PikeVM's tables take states × captures slots, which for
/// a large pattern is half a megabyte of fresh pages that the backtracker mostly makes
/// unneeded.
#[derive(Default)]
struct ColdCache {
    pikevm: Option<pikevm::Cache>,
    backtrack: Option<backtrack::Cache>,
}

impl Cold {
    fn new(source: &str) -> Cold {
        // A fresh parser each time: one that has parsed a pattern with top-level flags
        // (`(?i)`, `(?-u)`) keeps them for the next pattern it parses.
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(source)
            .expect(CHECKED);
        let nfa: NFA =
            COMPILER.with_borrow_mut(|compiler| compiler.build_from_hir(&hir).expect(CHECKED));
        Cold {
            pikevm: pikevm::Builder::new()
                .build_from_nfa(nfa.clone())
                .expect(CHECKED),
            backtrack: backtrack::Builder::new()
                .configure(backtrack::Config::new().visited_capacity(BACKTRACK_CAPACITY))
                .build_from_nfa(nfa)
                .expect(CHECKED),
            caches: Pool::new(ColdCache::default),
        }
    }

    /// Fills `slots` for the leftmost-first match in `input`, with the NFA engines.
    fn captures(&self, input: &Input<'_>, slots: &mut [Option<NonMaxUsize>]) -> Option<PatternID> {
        let mut cache = self.caches.get();
        if input.get_span().len() <= self.backtrack.max_haystack_len() {
            let backtrack = cache
                .backtrack
                .get_or_insert_with(|| self.backtrack.create_cache());
            if let Ok(found) = self.backtrack.try_search_slots(backtrack, input, slots) {
                return found;
            }
        }
        let pikevm = cache
            .pikevm
            .get_or_insert_with(|| self.pikevm.create_cache());
        self.pikevm.search_slots(pikevm, input, slots)
    }
}

impl Matcher {
    /// A matcher of a pattern known to compile (a built-in one: the rule tests compile them
    /// all), compiled when it first needs to be.
    pub(super) fn lazy(source: String, facts: Facts) -> Matcher {
        let names = facts.names.iter().map(Option::as_deref);
        Matcher {
            group_info: GroupInfo::new([names]).expect(CHECKED),
            trigger: facts.trigger,
            source,
            stored: OnceLock::new(),
            cold: OnceLock::new(),
            regex: OnceLock::new(),
            masks: OnceLock::new(),
        }
    }

    /// A matcher of a pattern compiled already (a user's, checked as it was loaded).
    pub(super) fn compiled(source: String, regex: Regex, trigger: Trigger) -> Matcher {
        Matcher {
            group_info: regex.group_info().clone(),
            source,
            stored: OnceLock::from(None),
            cold: OnceLock::new(),
            regex: OnceLock::from(regex),
            trigger,
            masks: OnceLock::new(),
        }
    }

    /// The pattern, parsed (for the sieve, which joins them).
    pub(super) fn hir(&self) -> regex_syntax::hir::Hir {
        regex_syntax::ParserBuilder::new()
            .build()
            .parse(&self.source)
            .expect(CHECKED)
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    fn engine(&self) -> Engine<'_> {
        if let Some(regex) = self.regex.get() {
            return Engine::Meta(regex);
        }
        match self.stored.get_or_init(|| Stored::of(&self.source)) {
            Some(stored) => Engine::Stored(stored),
            None => Engine::Meta(
                self.regex
                    .get_or_init(|| build(&self.source).expect(CHECKED)),
            ),
        }
    }

    fn cold(&self) -> &Cold {
        self.cold.get_or_init(|| Cold::new(&self.source))
    }

    /// Fills `slots` for the leftmost-first match in `input` with the stored DFAs, which
    /// find the match, and the NFA, which reads its captures there alone.
    fn search_slots(
        &self,
        stored: &Stored,
        input: &Input<'_>,
        slots: &mut [Option<NonMaxUsize>],
    ) -> Option<PatternID> {
        let found = match stored.find(input) {
            Ok(found) => found?,
            // A DFA gave up: the NFA reads it all.
            Err(_) => return self.cold().captures(input, slots),
        };
        if slots.len() <= 2 {
            for (slot, at) in slots.iter_mut().zip([found.start(), found.end()]) {
                *slot = NonMaxUsize::new(at);
            }
            return Some(found.pattern());
        }
        let input = input.clone().span(found.range()).anchored(Anchored::Yes);
        self.cold().captures(&input, slots)
    }

    /// Room for the captures of this pattern's matches.
    pub fn create_captures(&self) -> Captures {
        Captures::all(self.group_info.clone())
    }

    /// The leftmost-first match in `input`, with its captures.
    pub fn search_captures(&self, input: &Input<'_>, caps: &mut Captures) {
        match self.engine() {
            Engine::Meta(regex) => regex.search_captures(input, caps),
            Engine::Stored(stored) => {
                caps.set_pattern(None);
                let found = self.search_slots(stored, input, caps.slots_mut());
                caps.set_pattern(found);
            }
        }
    }

    pub fn captures(&self, text: &str, caps: &mut Captures) {
        self.search_captures(&Input::new(text), caps)
    }

    pub fn search(&self, input: &Input<'_>) -> Option<Match> {
        match self.engine() {
            Engine::Meta(regex) => regex.search(input),
            Engine::Stored(stored) => match stored.find(input) {
                Ok(found) => found,
                Err(_) => {
                    let mut slots = [None, None];
                    let found = self.cold().captures(input, &mut slots)?;
                    Some(Match::new(found, slots[0]?.get()..slots[1]?.get()))
                }
            },
        }
    }

    pub fn is_match(&self, text: &str) -> bool {
        let input = Input::new(text).earliest(true);
        match self.engine() {
            Engine::Meta(regex) => regex.is_match(input),
            Engine::Stored(stored) => match stored.forward.try_search_fwd(&input) {
                Ok(end) => end.is_some(),
                Err(_) => self.cold().captures(&input, &mut []).is_some(),
            },
        }
    }

    /// Every match in `text`, left to right, none overlapping.
    pub fn find_iter<'h>(&'h self, text: &'h str) -> impl Iterator<Item = Match> + 'h {
        Searcher::new(Input::new(text))
            .into_matches_iter(move |input| Ok(self.search(input)))
            .infallible()
    }

    /// Whether the pattern may match a text with these literals.
    pub fn admits(&self, present: &Present) -> bool {
        present.meets(self.masks.get().map_or(&[], Vec::as_slice))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every match, with its captures, that `search` finds resuming after each match start,
    /// as extraction does.
    fn all_slots(
        text: &str,
        mut search: impl FnMut(&Input<'_>, &mut [Option<NonMaxUsize>]) -> Option<PatternID>,
        slot_count: usize,
    ) -> Vec<Vec<Option<usize>>> {
        let mut found = Vec::new();
        let mut at = 0;
        while at <= text.len() {
            let mut slots = vec![None; slot_count];
            if search(&Input::new(text).range(at..), &mut slots).is_none() {
                break;
            }
            at = slots[0].expect("a match has a start").get() + 1;
            while !text.is_char_boundary(at) {
                at += 1;
            }
            found.push(slots.iter().map(|s| s.map(|s| s.get())).collect());
        }
        found
    }

    /// A built-in pattern's matcher and the DFAs build.rs stored for it: every built-in
    /// pattern has them, or a pair would compile patterns only to learn that they do not
    /// match.
    fn stored_engines(source: &str) -> (Matcher, Stored) {
        let dfa = Stored::of(source).unwrap_or_else(|| panic!("no stored DFAs: {source}"));
        let facts = super::super::syntax::facts(source).expect("built-in patterns parse");
        (Matcher::lazy(source.to_string(), facts), dfa)
    }

    /// Every stored DFA reads back checked, transition by transition: the run reads them
    /// unchecked.
    #[test]
    fn every_stored_dfa_is_valid() {
        for (_, forward, reverse) in STORED_AT {
            dense::DFA::from_bytes(&STORED.bytes[forward.clone()]).expect("a valid dense DFA");
            sparse::DFA::from_bytes(&STORED.bytes[reverse.clone()]).expect("a valid sparse DFA");
        }
        assert!(STORED_AT.is_sorted_by_key(|(key, ..)| *key));
    }

    /// The stored DFAs and the NFA find what the meta regex finds: the same matches with the
    /// same captures, on every line of the seed pair and on forms the rules are written for.
    #[test]
    fn the_stored_dfas_and_the_nfa_find_what_the_meta_regex_finds() {
        let seed = [
            include_str!("../../examples/A-RES-71-14/en.txt"),
            include_str!("../../examples/A-RES-71-14/zh.txt"),
        ];
        let forms = [
            "from 19 to 21 April 2016, and on 21 November 2016 (A/71/L.11),1",
            "2016 年 4 月 19 至 21 日；2016-2018 年；二〇一六年十一月二十一日",
            "the seventy-third session, its 48th plenary meeting, twenty-first century",
            "第七十三届会议，第 48 次全体会议，第59/49号、第64/183号和第69/11号决议",
            "vol. 729, No. 10485; 2.5 million; 5 per cent; 250万；12亿；5%",
            "resolutions 64/183 of 18 December 2009 and 69/11 of 7 November 2014,2",
            "",
        ];
        // Patterns run on folded text.
        let lines: Vec<String> = seed
            .iter()
            .flat_map(|s| s.lines())
            .chain(forms)
            .map(|l| crate::fold::Folded::new(l).text.into_owned())
            .collect();
        let rules = crate::rules::load(&[]).expect("the built-in rules load");
        for (_, matcher) in rules.patterns() {
            let meta = build(matcher.as_str()).expect("built-in patterns compile");
            let (cold, dfa) = stored_engines(matcher.as_str());
            let slot_count = meta.create_captures().slots().len();
            assert_eq!(cold.create_captures().slots().len(), slot_count);
            for line in &lines {
                let lower = line.to_lowercase();
                for text in [line.as_str(), lower.as_str()] {
                    let expected = all_slots(
                        text,
                        |input, slots| meta.search_slots(input, slots),
                        slot_count,
                    );
                    // Where the matches are, without captures: no NFA runs for these.
                    let spans = all_slots(text, |input, slots| meta.search_slots(input, slots), 2);
                    let got = all_slots(
                        text,
                        |input, slots| cold.search_slots(&dfa, input, slots),
                        slot_count,
                    );
                    assert_eq!(got, expected, "{} on {text:?}", matcher.as_str());
                    let got = all_slots(text, |i, s| cold.search_slots(&dfa, i, s), 2);
                    assert_eq!(got, spans, "{} on {text:?}", matcher.as_str());
                    assert_eq!(cold.is_match(text), meta.is_match(text), "{text:?}");
                }
            }
        }
    }

    /// The same as above, on text made of the pieces the rules look for, in any order: where
    /// several matches could end at the same place, or a match could start earlier than it
    /// seems, the stored DFAs and the NFA still find the meta regex's matches and captures.
    #[test]
    fn the_stored_dfas_and_the_nfa_agree_with_the_meta_regex_on_any_mix() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, TestRunner};
        const PIECES: &[&str] = &[
            "2016",
            "21",
            "7",
            "November",
            "april",
            " ",
            "  ",
            "年",
            "月",
            "日",
            "第",
            "号",
            "至",
            "届",
            "决议",
            "A/71/L.11",
            "S-30/1",
            "59/48",
            "resolution",
            "(",
            ")",
            ",",
            "，",
            "、",
            ".",
            "-",
            "and",
            "to",
            "from",
            "session",
            "seventy-first",
            "七十一",
            "二〇一六",
            "1",
            "2,5",
            "per cent",
            "%",
            "million",
            "万",
            "Assembly",
            "General",
            "The ",
            "\n",
        ];
        let rules = crate::rules::load(&[]).expect("the built-in rules load");
        let engines: Vec<(Regex, (Matcher, Stored), usize, &str)> = rules
            .patterns()
            .map(|(_, m)| {
                let meta = build(m.as_str()).expect("built-in patterns compile");
                let slots = meta.create_captures().slots().len();
                (meta, stored_engines(m.as_str()), slots, m.as_str())
            })
            .collect();
        let text = prop::collection::vec(prop::sample::select(PIECES), 0..24)
            .prop_map(|pieces| pieces.concat());
        let mut runner = TestRunner::new(Config {
            cases: 64,
            failure_persistence: None,
            ..Config::default()
        });
        let result = runner.run(&text, |text| {
            let text = crate::fold::Folded::new(&text).text.into_owned();
            for (meta, (cold, dfa), slots, source) in &engines {
                for count in [*slots, 2] {
                    let expected = all_slots(&text, |i, s| meta.search_slots(i, s), count);
                    let got = all_slots(&text, |i, s| cold.search_slots(dfa, i, s), count);
                    prop_assert_eq!(got, expected, "{} on {:?}", source, text);
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("{e}");
        }
    }
}
