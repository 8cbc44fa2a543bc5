//! Rules as data: the compiled form of the TOML rule files, and their loading.
//!
//! `rules/*.toml` in the repository are the defaults, embedded in the binary; users add files
//! with `--rules`. A rule picks one of a few check kinds (implemented once each in `check/`);
//! everything else about it — what it matches in each language, how captures become values,
//! its severity and documentation — is data.

mod error;
mod gate;
mod hir_code;
mod load;
mod matcher;
#[cfg(test)]
mod narrow;
mod nfa_code;
mod rewrite;
mod schema;
mod sieve;
pub mod syntax;
mod varint;

pub use error::{RuleError, RuleSource};
pub use gate::{Gate, Present};
pub use sieve::{Sieve, Sifted};

/// Starts, on the thread pool, what a run needs before its first pair: the automaton of the
/// built-in trigger literals. Call it after `run::start_threads`, which it would otherwise
/// preempt with a default pool.
pub fn warm_up() {
    gate::warm_up();
}

/// Adds `len` bytes to what `read` counts, and tells whether the count has passed `limit`:
/// an engine that costs more to build than a short run saves is built once a run has read
/// that much (the meta regex of a pattern, the gate's DFA).
fn read_past(read: &std::sync::atomic::AtomicUsize, len: usize, limit: usize) -> bool {
    read.fetch_add(len, std::sync::atomic::Ordering::Relaxed) + len > limit
}
pub use load::{
    DFA_SIZE_LIMIT, EMBEDDED_FILES, MAX_PATTERN_CHARS, MAX_RULE_FILE_BYTES, MAX_USER_PATTERNS,
    REGEX_SIZE_LIMIT, load, load_texts,
};
pub use matcher::Matcher;

use crate::diagnostic::{Severity, Side};
use crate::normalize::Normaliser;

/// How a rule compares the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// The multiset of values in each scope must be equal on both sides.
    Values,
    /// The number of items in each scope must be equal.
    Count,
    /// The values, in document order, must form the same sequence.
    Sequence,
    /// Every paragraph must have a counterpart (paragraph alignment).
    Paragraphs,
    /// Two paragraphs of one version should not align with one of the other.
    Merges,
    /// Operative paragraphs must be numbered alike, without gaps or duplicates.
    Numbering,
    /// Matches claim text (so that later rules skip it) and are not compared: times of day,
    /// for instance, that the number rule must not read as numbers.
    Ignore,
    /// Every footnote body must have a counterpart with the same number.
    FootnoteBodies,
    /// Within each version, every footnote marker has a body and every body a marker.
    FootnoteLinks,
    /// Every file has its counterpart in the other language. Checked where pairs are found
    /// (`discover`), not inside a pair; the rule record gives the finding its id and docs.
    Counterpart,
    /// Every suppression comment silences a finding. Checked where findings are silenced
    /// (`suppress`), after the other checks; the rule record gives the finding its id and docs.
    Suppression,
}

impl Check {
    pub const ALL: &'static [(&'static str, Check)] = &[
        ("values", Check::Values),
        ("count", Check::Count),
        ("sequence", Check::Sequence),
        ("paragraphs", Check::Paragraphs),
        ("merges", Check::Merges),
        ("numbering", Check::Numbering),
        ("ignore", Check::Ignore),
        ("footnote-bodies", Check::FootnoteBodies),
        ("footnote-links", Check::FootnoteLinks),
        ("counterpart", Check::Counterpart),
        ("suppression", Check::Suppression),
    ];

    /// Kinds that compare extracted items, and so need patterns.
    pub fn extracts(self) -> bool {
        matches!(
            self,
            Check::Values | Check::Count | Check::Sequence | Check::Ignore
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Per aligned paragraph (or zone, or footnote).
    Paragraph,
    /// Over the whole document.
    Document,
}

/// How the named captures of a match become a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// Each named capture is a field; a match without named captures is its own text.
    Fields,
    /// Captures `day month year` and `day2 month2 year2` form a date or a range of dates.
    Date,
    /// Capture `number` times capture `scale` (million, 亿…), exactly; other fields (a unit)
    /// as they are.
    Number,
}

/// Which blocks a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockFilter {
    /// Every content block except footnote bodies.
    Text,
    /// Footnote bodies only.
    Footnotes,
    /// Every content block.
    All,
}

#[derive(Debug)]
pub struct Pattern {
    pub regex: Matcher,
    /// Matches overlapping a match of this are dropped ("Euro33 million" is no footnote 33).
    pub unless: Option<Matcher>,
    /// Named capture groups: (group index, name, normaliser).
    pub fields: Vec<(usize, String, Normaliser)>,
    /// Constant fields of every value.
    pub constants: Vec<(String, String)>,
    /// Values that are never reported alone.
    pub optional: bool,
    /// Matches against the text in ASCII lower case.
    pub lowercase: bool,
    /// Tried where a value ends, for the further items of a list; shares the pattern's
    /// normalisers, constants and `optional`.
    pub then: Option<Box<Pattern>>,
    /// The group named `span`, which sets the reported span; otherwise the span runs from the
    /// first to the last field.
    pub span_group: Option<usize>,
}

#[derive(Debug)]
pub struct Example {
    pub en: String,
    pub zh: String,
    pub expect: usize,
}

#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub summary: String,
    pub severity: Severity,
    pub check: Check,
    pub scope: Scope,
    pub value: ValueKind,
    pub blocks: BlockFilter,
    pub priority: i32,
    pub docs: String,
    pub help: Option<String>,
    /// Values whose number is an integer below this are optional.
    pub optional_below: Option<u64>,
    /// Whether the rule's values are also compared between the versions' mastheads.
    pub masthead: bool,
    /// For `FootnoteLinks`: index of the rule that finds the markers.
    pub markers: Option<usize>,
    pub en: Vec<Pattern>,
    pub zh: Vec<Pattern>,
    pub examples: Vec<Example>,
    /// The file the rule came from.
    pub origin: String,
}

impl Rule {
    pub fn patterns(&self, side: Side) -> &[Pattern] {
        match side {
            Side::En => &self.en,
            Side::Zh => &self.zh,
        }
    }
}

/// Where an artefact pattern stops counting content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extent {
    Line,
    Rest,
}

#[derive(Debug)]
pub struct Artefact {
    pub name: String,
    pub regex: Matcher,
    pub langs: Langs,
    pub extent: Extent,
}

/// Structural kinds a line can open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockPatternKind {
    Chapeau,
    Operative,
    SubParagraph,
    Footnote,
    Signature,
}

impl BlockPatternKind {
    pub const ALL: &'static [(&'static str, BlockPatternKind)] = &[
        ("chapeau", BlockPatternKind::Chapeau),
        ("operative", BlockPatternKind::Operative),
        ("sub-paragraph", BlockPatternKind::SubParagraph),
        ("footnote", BlockPatternKind::Footnote),
        ("signature", BlockPatternKind::Signature),
    ];
}

#[derive(Debug)]
pub struct BlockPattern {
    pub kind: BlockPatternKind,
    pub langs: Langs,
    pub regex: Matcher,
    pub unless: Option<Matcher>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Langs {
    pub en: bool,
    pub zh: bool,
}

impl Langs {
    pub fn has(self, side: Side) -> bool {
        match side {
            Side::En => self.en,
            Side::Zh => self.zh,
        }
    }
}

#[derive(Debug)]
pub struct Opener {
    pub en: String,
    pub zh: Vec<String>,
}

/// Everything the structure module needs: artefacts, block patterns, paragraph openers.
#[derive(Debug, Default)]
pub struct StructureRules {
    pub artefacts: Vec<Artefact>,
    pub blocks: Vec<BlockPattern>,
    pub openers: Vec<Opener>,
}

/// What a paragraph may match, as known before any pattern searches it.
#[derive(Debug, Clone)]
pub enum Admits {
    /// The trigger literals it holds (the gate): a pattern whose trigger they meet may match.
    Literals(Present),
    /// The patterns that match it (the sieve): exactly, but for patterns with a Unicode word
    /// boundary, which may.
    Sifted(Sifted),
}

/// All rules, compiled and validated.
#[derive(Debug, Default)]
pub struct RuleSet {
    /// Sorted by priority, highest first (the order in which matches claim text).
    pub rules: Vec<Rule>,
    pub structure: StructureRules,
    /// Finds the trigger literals of every pattern in a text.
    pub gate: Gate,
    /// Finds which patterns of a side match a paragraph, by side.
    pub sieves: [Sieve; 2],
}

impl RuleSet {
    /// Builds the gate over every pattern that is searched for (continuations and `unless`
    /// patterns run only after a match, and are not gated).
    fn seal(&mut self) {
        let rules = self
            .rules
            .iter_mut()
            .flat_map(|r| r.en.iter_mut().chain(r.zh.iter_mut()))
            .map(|p| &mut p.regex);
        let artefacts = self.structure.artefacts.iter_mut().map(|a| &mut a.regex);
        let blocks = self.structure.blocks.iter_mut().map(|b| &mut b.regex);
        self.gate = Gate::new(rules.chain(artefacts).chain(blocks));
        self.sieves = Side::BOTH.map(|side| Sieve::new(self, side));
    }

    pub fn sieve(&self, side: Side) -> &Sieve {
        &self.sieves[side as usize]
    }

    /// What a paragraph (folded) of one side may match: which patterns, once the side has
    /// read enough for its sieve; until then, the trigger literals it holds.
    pub fn admits(&self, side: Side, text: &str) -> Admits {
        match self.sieve(side).sift(self, side, text) {
            Some(sifted) => Admits::Sifted(sifted),
            None => Admits::Literals(self.gate.scan(text)),
        }
    }

    /// Whether pattern `index` of rule `rule` may match a paragraph that admits `admits`.
    pub fn may_match(&self, admits: &Admits, side: Side, rule: usize, index: usize) -> bool {
        match admits {
            Admits::Literals(present) => {
                self.rules[rule].patterns(side)[index].regex.admits(present)
            }
            Admits::Sifted(sifted) => sifted.has(self.sieve(side).pattern(rule, index)),
        }
    }

    /// Where the last match of pattern `index` of rule `rule` ends in a paragraph that
    /// admits `admits`, when the sieve read it: a search for a further match need not read
    /// past it.
    pub fn match_end(
        &self,
        admits: &Admits,
        side: Side,
        rule: usize,
        index: usize,
    ) -> Option<usize> {
        match admits {
            Admits::Literals(_) => None,
            Admits::Sifted(sifted) => sifted.end(self.sieve(side).pattern(rule, index)),
        }
    }

    /// Whether any pattern of rule `rule` may match a paragraph that admits `admits`: a sifted
    /// paragraph tells so for all of them at once.
    pub fn rule_may_match(&self, admits: &Admits, side: Side, rule: usize) -> bool {
        match admits {
            Admits::Literals(_) => true,
            Admits::Sifted(sifted) => {
                let patterns = self.rules[rule].patterns(side).len();
                sifted.any(self.sieve(side).rule(rule, patterns))
            }
        }
    }

    /// Whether artefact pattern `index` matches `text`, a paragraph that admits `admits`.
    pub fn artefact_matches(&self, admits: &Admits, side: Side, index: usize, text: &str) -> bool {
        let regex = &self.structure.artefacts[index].regex;
        match admits {
            Admits::Literals(present) => regex.admits(present) && regex.is_match(text),
            Admits::Sifted(sifted) => {
                let sieve = self.sieve(side);
                sieve
                    .artefact(index)
                    .is_some_and(|s| sifted.has(s) && (sieve.is_exact(s) || regex.is_match(text)))
            }
        }
    }

    /// Whether block pattern `index` may match a paragraph that admits `admits`.
    pub fn block_may_match(&self, admits: &Admits, side: Side, index: usize) -> bool {
        match admits {
            Admits::Literals(present) => self.structure.blocks[index].regex.admits(present),
            Admits::Sifted(sifted) => self.sieve(side).block(index).is_some_and(|s| sifted.has(s)),
        }
    }

    /// Compiles, in parallel, every extraction pattern that the blocks of each side may need
    /// (`present`: the literals of one side's blocks that the gate read, together): what
    /// extraction would otherwise compile one by one as it meets them.
    pub fn prepare(&self, sides: [(Side, &Present); 2]) {
        use rayon::prelude::*;
        let mut needed: Vec<&Matcher> = Vec::new();
        for (side, present) in sides {
            for p in self.rules.iter().flat_map(|r| r.patterns(side)) {
                if p.regex.admits(present) {
                    needed.push(&p.regex);
                    needed.extend(&p.unless);
                    needed.extend(p.then.as_ref().map(|t| &t.regex));
                }
            }
        }
        needed.retain(|m| !m.is_compiled());
        if needed.len() > 1 {
            needed.par_iter().for_each(|m| {
                m.compile();
            });
        }
    }

    /// Every pattern of every rule, continuations and `unless` patterns included.
    pub fn matchers(&self) -> Vec<&Matcher> {
        let mut all = Vec::new();
        for p in self.rules.iter().flat_map(|r| r.en.iter().chain(&r.zh)) {
            all.push(&p.regex);
            all.extend(&p.unless);
            all.extend(p.then.as_ref().map(|t| &t.regex));
        }
        all.extend(self.structure.artefacts.iter().map(|a| &a.regex));
        for b in &self.structure.blocks {
            all.push(&b.regex);
            all.extend(&b.unless);
        }
        all
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}
