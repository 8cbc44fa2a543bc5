//! A pattern's regular expression, compiled when first needed, as cheaply as its use allows.
//!
//! Compiling the built-in patterns took most of a one-pair run. A [`Matcher`] compiles on its
//! first search, and the gate keeps it from searching (and so from compiling) a text that
//! lacks a literal of its trigger. A DFA finds whether and where a match ends: for a built-in
//! pattern, the one build.rs made, read in place from the binary; otherwise a lazy DFA over
//! the pattern's Thompson NFA. For a built-in pattern, a reverse DFA build.rs made finds where
//! that match starts (a pattern that opens with `^` needs none). Then only captures need the
//! NFA, which the bounded backtracker (or the PikeVM) runs over the match alone; without a
//! way to find the start, the NFA reads from where the search starts. A built-in pattern's
//! NFA is rebuilt from the states build.rs stored (`nfa_code`), any other compiled. A pattern
//! whose stored DFAs cannot find both ends (the few largest) gets the meta regex, with lazy
//! DFAs both ways, once it has searched enough text to pay for it.

use std::cell::RefCell;
use std::sync::OnceLock;
use std::sync::atomic::AtomicUsize;

use regex_automata::dfa::{Automaton, dense};
use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::{self, NFA, backtrack, pikevm};
use regex_automata::util::captures::{Captures, GroupInfo};
use regex_automata::util::iter::Searcher;
use regex_automata::util::pool::Pool;
use regex_automata::util::primitives::NonMaxUsize;
use regex_automata::{Anchored, Input, Match, PatternID, hybrid};

use super::gate::Present;
use super::load::BuiltIn;
use super::load::{DFA_SIZE_LIMIT, REGEX_SIZE_LIMIT};
use super::syntax::Trigger;

/// Bytes a pattern without stored DFAs searches before it gets the meta regex. A one-pair run
/// stays below it; a corpus run passes it within a few documents.
const FAST_AFTER: usize = 64 * 1024;

/// The bounded backtracker's memory for the stretch it searches for captures, in bytes. It
/// clears as many bits (stretch length × NFA states) on every search; longer stretches go to
/// the PikeVM.
const BACKTRACK_CAPACITY: usize = 16 * 1024;

pub struct Matcher {
    source: String,
    /// What build.rs stored for it, when it is a built-in pattern.
    built_in: Option<&'static BuiltIn>,
    /// The engines a first search needs.
    cold: OnceLock<Cold>,
    /// The meta regex, once this matcher has searched [`FAST_AFTER`] bytes, unless its stored
    /// DFAs find where matches start and end.
    fast: OnceLock<Regex>,
    searched: AtomicUsize,
    /// Until the gate turns it into `masks`.
    pub(super) trigger: Trigger,
    /// The trigger's sets as bit masks over the gate's literals.
    pub(super) masks: Vec<Vec<u64>>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Matcher").field(&self.source).finish()
    }
}

/// Compiles a pattern into the meta regex. Without a literal prefilter, a one-pass DFA or a
/// full DFA: they cost more to build than they save on the paragraphs the gate lets through.
pub(super) fn build(source: &str) -> Result<Regex, Box<meta::BuildError>> {
    meta_builder().build(source).map_err(Box::new)
}

fn meta_builder() -> meta::Builder {
    let config = meta::Config::new()
        .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
        .hybrid_cache_capacity(DFA_SIZE_LIMIT)
        .auto_prefilter(false)
        .onepass(false)
        .dfa(false);
    let mut builder = meta::Builder::new();
    builder.configure(config);
    builder
}

/// A pattern, parsed: as build.rs stored a built-in one, narrowed to folded text (the rule
/// tests check that it is the pattern's parse, narrowed), or parsed here.
fn parsed(source: &str, built_in: Option<&BuiltIn>) -> regex_syntax::hir::Hir {
    built_in
        .and_then(|b| super::hir_code::decode(b.hir))
        // A fresh parser each time: one that has parsed a pattern with top-level flags
        // (`(?i)`, `(?-u)`) keeps them for the next pattern it parses.
        .unwrap_or_else(|| {
            regex_syntax::ParserBuilder::new()
                .build()
                .parse(source)
                .expect(CHECKED)
        })
}

/// What finds where a pattern's first match ends.
enum Ends {
    /// The DFA build.rs made, read in place from the binary.
    Stored(dense::DFA<&'static [u32]>),
    /// A lazy DFA over the NFA, for a pattern without a stored DFA.
    Lazy(hybrid::dfa::DFA),
}

/// A stored DFA, read in place. Its header is checked (format, version, endianness, sizes) but
/// not its transitions: checking them read every page of every DFA a pair's literals admit,
/// which took a tenth of a one-pair run. The test `every_stored_dfa_is_valid` checks them all.
#[allow(unsafe_code)]
fn stored_dfa(bytes: Option<&'static [u8]>) -> Option<dense::DFA<&'static [u32]>> {
    // SAFETY: the bytes are what `dense::DFA::write_to_*_endian` wrote in build.rs, for this
    // target's endianness, with the version of regex-automata that reads them (Cargo.toml
    // requires the same version as dependency and build-dependency, so Cargo.lock holds one),
    // embedded in this binary 8-byte aligned: the "compatible serialization routine" that
    // `from_bytes_unchecked` asks for. It still checks the header, the format's version and
    // the sizes. The test checks the transitions of the host's build; a cross-compiled
    // target's DFAs come from the same build.rs, only written in its byte order.
    Some(unsafe { dense::DFA::from_bytes_unchecked(bytes?) }.ok()?.0)
}

/// The engines that read a match's captures, both over one NFA.
struct Engines {
    pikevm: pikevm::PikeVM,
    backtrack: backtrack::BoundedBacktracker,
}

impl Engines {
    fn new(nfa: NFA) -> Engines {
        Engines {
            pikevm: pikevm::Builder::new()
                .build_from_nfa(nfa.clone())
                .expect(CHECKED),
            backtrack: backtrack::Builder::new()
                .configure(backtrack::Config::new().visited_capacity(BACKTRACK_CAPACITY))
                .build_from_nfa(nfa)
                .expect(CHECKED),
        }
    }
}

/// A DFA to find where matches end, and an NFA, compiled only once a match needs its
/// captures: most patterns a pair's literals admit match nothing in it.
struct Cold {
    source: Box<str>,
    built_in: Option<&'static BuiltIn>,
    ends: Ends,
    /// With a stored forward DFA, the reverse one, anchored, read at the first match: from a
    /// match's end, it finds its start, and the NFA reads only the match.
    starts: OnceLock<Option<dense::DFA<&'static [u32]>>>,
    group_info: GroupInfo,
    engines: OnceLock<Engines>,
    caches: Pool<ColdCache, fn() -> ColdCache>,
}

/// Each made when first needed: the PikeVM's tables take states × captures slots, which for
/// a large pattern is half a megabyte of fresh pages that the backtracker mostly makes
/// unneeded.
#[derive(Default)]
struct ColdCache {
    lazy: Option<hybrid::dfa::Cache>,
    pikevm: Option<pikevm::Cache>,
    backtrack: Option<backtrack::Cache>,
}

thread_local! {
    /// One NFA compiler per thread, for what build.rs did not store: a new compiler allocates
    /// and clears a table for UTF-8 sequences, which took as long as compiling a small pattern.
    static COMPILER: RefCell<thompson::Compiler> = RefCell::new({
        let mut compiler = thompson::Compiler::new();
        compiler.configure(thompson::Config::new().nfa_size_limit(Some(REGEX_SIZE_LIMIT)));
        compiler
    });
}

const CHECKED: &str = "built-in patterns compile, as the rule tests check";

/// A pattern's NFA: as build.rs encoded it for a built-in pattern, else compiled.
fn compile_nfa(source: &str, built_in: Option<&BuiltIn>) -> NFA {
    let stored = built_in.and_then(|b| super::nfa_code::decode(b.nfa()?, b.names));
    if let Some(nfa) = stored {
        return nfa;
    }
    let hir = parsed(source, built_in);
    COMPILER.with_borrow_mut(|compiler| compiler.build_from_hir(&hir).expect(CHECKED))
}

impl Cold {
    fn new(source: &str, built_in: Option<&'static BuiltIn>) -> Cold {
        let stored = built_in.and_then(|b| {
            let dfa = stored_dfa(b.dfa())?;
            Some((dfa, GroupInfo::new([b.names.iter().copied()]).ok()?))
        });
        match stored {
            Some((dfa, group_info)) => Cold {
                source: source.into(),
                built_in,
                ends: Ends::Stored(dfa),
                starts: OnceLock::new(),
                group_info,
                engines: OnceLock::new(),
                caches: Pool::new(ColdCache::default),
            },
            None => Cold::lazy(source, built_in),
        }
    }

    /// Without the stored DFA: the lazy DFA needs the NFA at once.
    fn lazy(source: &str, built_in: Option<&'static BuiltIn>) -> Cold {
        let nfa = compile_nfa(source, built_in);
        let dfa = hybrid::dfa::Builder::new()
            .configure(hybrid::dfa::Config::new().cache_capacity(DFA_SIZE_LIMIT))
            .build_from_nfa(nfa.clone())
            .expect(CHECKED);
        Cold {
            source: source.into(),
            built_in,
            ends: Ends::Lazy(dfa),
            starts: OnceLock::from(None),
            group_info: nfa.group_info().clone(),
            engines: OnceLock::from(Engines::new(nfa)),
            caches: Pool::new(ColdCache::default),
        }
    }

    fn engines(&self) -> &Engines {
        self.engines
            .get_or_init(|| Engines::new(compile_nfa(&self.source, self.built_in)))
    }

    /// The reverse DFA, when this pattern has stored DFAs.
    fn starts(&self) -> Option<&dense::DFA<&'static [u32]>> {
        self.starts
            .get_or_init(|| stored_dfa(self.built_in?.reverse_dfa()))
            .as_ref()
    }

    /// Where the match that ends at `end` starts: where the search does, when the pattern or
    /// the search is anchored; else, if a reverse DFA is stored, the leftmost start of any
    /// match ending there, which is the leftmost-first match's own.
    fn start(&self, input: &Input<'_>, end: usize) -> Option<usize> {
        let anchored = self.built_in.is_some_and(|b| b.anchored);
        if anchored || input.get_anchored().is_anchored() || input.start() == end {
            return Some(input.start());
        }
        let reverse = input
            .clone()
            .range(input.start()..end)
            .anchored(Anchored::Yes)
            .earliest(false);
        Some(self.starts()?.try_search_rev(&reverse).ok()??.offset())
    }

    /// Fills `slots` for the leftmost-first match in `input`. The DFA finds where it ends,
    /// or that there is none; the reverse DFA where it starts; the NFA reads only that
    /// stretch for the captures. Without a reverse DFA, the NFA reads up to the end: no match
    /// starts before the leftmost one, and none ends after it unless the DFA would have
    /// found it.
    fn search_slots(
        &self,
        input: &Input<'_>,
        slots: &mut [Option<NonMaxUsize>],
    ) -> Option<PatternID> {
        let mut cache = self.caches.get();
        let end = match &self.ends {
            Ends::Stored(dfa) => dfa.try_search_fwd(input),
            Ends::Lazy(dfa) => {
                let lazy = cache.lazy.get_or_insert_with(|| dfa.create_cache());
                dfa.try_search_fwd(lazy, input)
            }
        };
        let input = match end {
            Ok(None) => return None,
            Ok(Some(end)) if slots.is_empty() => return Some(end.pattern()),
            Ok(Some(end)) => match self.start(input, end.offset()) {
                Some(start) if slots.len() <= 2 => {
                    // Where it is, and no captures asked for: no NFA needed.
                    slots
                        .iter_mut()
                        .zip([start, end.offset()])
                        .for_each(|(slot, at)| {
                            *slot = NonMaxUsize::new(at);
                        });
                    return Some(end.pattern());
                }
                Some(start) => input
                    .clone()
                    .range(start..end.offset())
                    .anchored(Anchored::Yes),
                None => input.clone().range(input.start()..end.offset()),
            },
            // The lazy DFA gave up (its cache was spent), or the stored one, built for
            // unanchored searches, was given an anchored one: the NFA reads it all.
            Err(_) => input.clone(),
        };
        let engines = self.engines();
        if input.get_span().len() <= engines.backtrack.max_haystack_len() {
            let backtrack = cache
                .backtrack
                .get_or_insert_with(|| engines.backtrack.create_cache());
            if let Ok(found) = engines.backtrack.try_search_slots(backtrack, &input, slots) {
                return found;
            }
        }
        let pikevm = cache
            .pikevm
            .get_or_insert_with(|| engines.pikevm.create_cache());
        engines.pikevm.search_slots(pikevm, &input, slots)
    }
}

impl Matcher {
    /// A matcher of a pattern already known to compile: a built-in one, checked by the tests,
    /// with what build.rs stored for it.
    pub(super) fn lazy(
        source: String,
        trigger: Trigger,
        built_in: Option<&'static BuiltIn>,
    ) -> Matcher {
        Matcher {
            source,
            built_in,
            cold: OnceLock::new(),
            fast: OnceLock::new(),
            searched: AtomicUsize::new(0),
            trigger,
            masks: Vec::new(),
        }
    }

    /// A matcher of a pattern compiled already (a user's, checked as it was loaded).
    pub(super) fn compiled(source: String, regex: Regex, trigger: Trigger) -> Matcher {
        Matcher {
            fast: OnceLock::from(regex),
            ..Matcher::lazy(source, trigger, None)
        }
    }

    /// The pattern, parsed.
    pub(super) fn hir(&self) -> regex_syntax::hir::Hir {
        parsed(&self.source, self.built_in)
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Compiles what a first search needs.
    pub fn compile(&self) {
        if self.fast.get().is_none() {
            self.cold();
        }
    }

    pub fn is_compiled(&self) -> bool {
        self.fast.get().is_some() || self.cold.get().is_some()
    }

    fn cold(&self) -> &Cold {
        self.cold
            .get_or_init(|| Cold::new(&self.source, self.built_in))
    }

    /// The meta regex, once this matcher has searched enough to pay for it.
    fn fast(&self, input: &Input<'_>) -> Option<&Regex> {
        if let Some(regex) = self.fast.get() {
            return Some(regex);
        }
        // Stored DFAs that find both ends do what its lazy DFAs would, without building them.
        if self.built_in.is_some_and(BuiltIn::finds_matches) {
            return None;
        }
        if !super::read_past(&self.searched, input.get_span().len(), FAST_AFTER) {
            return None;
        }
        Some(self.fast.get_or_init(|| {
            meta_builder()
                .build_from_hir(&parsed(&self.source, self.built_in))
                .expect(CHECKED)
        }))
    }

    /// Room for the captures of this pattern's matches.
    pub fn create_captures(&self) -> Captures {
        match self.fast.get() {
            Some(regex) => regex.create_captures(),
            None => Captures::all(self.cold().group_info.clone()),
        }
    }

    /// The leftmost-first match in `input`, with its captures.
    pub fn search_captures(&self, input: &Input<'_>, caps: &mut Captures) {
        if let Some(regex) = self.fast(input) {
            return regex.search_captures(input, caps);
        }
        caps.set_pattern(None);
        let found = self.cold().search_slots(input, caps.slots_mut());
        caps.set_pattern(found);
    }

    pub fn captures(&self, text: &str, caps: &mut Captures) {
        self.search_captures(&Input::new(text), caps)
    }

    pub fn search(&self, input: &Input<'_>) -> Option<Match> {
        if let Some(regex) = self.fast(input) {
            return regex.search(input);
        }
        let mut slots = [None, None];
        let found = self.cold().search_slots(input, &mut slots)?;
        Some(Match::new(found, slots[0]?.get()..slots[1]?.get()))
    }

    pub fn is_match(&self, text: &str) -> bool {
        let input = Input::new(text).earliest(true);
        match self.fast(&input) {
            Some(regex) => regex.is_match(input),
            None => self.cold().search_slots(&input, &mut []).is_some(),
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
        present.meets(&self.masks)
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

    /// Every DFA build.rs stored is valid: what `stored_dfa` takes on trust.
    #[test]
    fn every_stored_dfa_is_valid() {
        let (mut forward, mut reverse) = (0, 0);
        for built_in in super::super::load::built_ins() {
            for (bytes, count) in [
                (built_in.dfa(), &mut forward),
                (built_in.reverse_dfa(), &mut reverse),
            ] {
                if let Some(bytes) = bytes {
                    assert!(
                        dense::DFA::from_bytes(bytes).is_ok(),
                        "a stored DFA of {} is valid",
                        built_in.pattern
                    );
                    *count += 1;
                }
            }
        }
        // All but the few largest patterns; in reverse, all but those that open with `^`.
        assert!(
            forward >= 100 && reverse >= 70,
            "{forward} and {reverse} DFAs stored"
        );
    }

    /// The engines that run a pattern's first searches find what the meta regex finds: the
    /// same matches with the same captures, on every line of the seed pair and on forms the
    /// rules are written for, whether the stored DFA or the lazy one finds where they end.
    #[test]
    fn the_cold_engines_find_what_the_meta_regex_finds() {
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
        // Patterns run on folded text, to which build.rs narrowed them.
        let lines: Vec<String> = seed
            .iter()
            .flat_map(|s| s.lines())
            .chain(forms)
            .map(|l| crate::fold::Folded::new(l).text.into_owned())
            .collect();
        let rules = crate::rules::load(&[]).expect("the built-in rules load");
        for matcher in rules.matchers() {
            let meta = build(matcher.as_str()).expect("built-in patterns compile");
            let stored = Cold::new(matcher.as_str(), matcher.built_in);
            if matcher.built_in.and_then(BuiltIn::dfa).is_some() {
                assert!(
                    matches!(stored.ends, Ends::Stored(_)),
                    "the stored DFA of {} loads",
                    matcher.as_str()
                );
                assert!(
                    matcher.built_in.is_some_and(|b| b.anchored) || stored.starts().is_some(),
                    "the reverse DFA of {} loads",
                    matcher.as_str()
                );
            }
            let lazy = Cold::lazy(matcher.as_str(), matcher.built_in);
            let slot_count = meta.create_captures().slots().len();
            assert_eq!(
                Captures::all(stored.group_info.clone()).slots().len(),
                slot_count
            );
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
                    for cold in [&stored, &lazy] {
                        let got = all_slots(
                            text,
                            |input, slots| cold.search_slots(input, slots),
                            slot_count,
                        );
                        assert_eq!(got, expected, "{} on {text:?}", matcher.as_str());
                        let got =
                            all_slots(text, |input, slots| cold.search_slots(input, slots), 2);
                        assert_eq!(got, spans, "{} on {text:?}", matcher.as_str());
                    }
                }
            }
        }
    }

    /// The same as above, on text made of the pieces the rules look for, in any order: where
    /// several matches could end at the same place, or a match could start earlier than it
    /// seems, the stored DFAs still find the meta regex's matches and captures.
    #[test]
    fn the_cold_engines_agree_with_the_meta_regex_on_any_mix() {
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
        let engines: Vec<(Regex, Cold, usize)> = rules
            .matchers()
            .into_iter()
            .filter(|m| m.built_in.and_then(BuiltIn::dfa).is_some())
            .map(|m| {
                let meta = build(m.as_str()).expect("built-in patterns compile");
                let slots = meta.create_captures().slots().len();
                (meta, Cold::new(m.as_str(), m.built_in), slots)
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
            for (meta, cold, slots) in &engines {
                for count in [*slots, 2] {
                    let expected = all_slots(&text, |i, s| meta.search_slots(i, s), count);
                    let got = all_slots(&text, |i, s| cold.search_slots(i, s), count);
                    prop_assert_eq!(got, expected, "{} on {:?}", cold.source, text);
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("{e}");
        }
    }
}
