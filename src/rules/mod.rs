//! Rules as data: the compiled form of the TOML rule files, and their loading.
//!
//! `rules/*.toml` in the repository are the defaults, embedded in the binary; users add files
//! with `--rules`. A rule picks one of a few check kinds (implemented once each in `check/`);
//! everything else about it — what it matches in each language, how captures become values,
//! its severity and documentation — is data.

mod define;
mod error;
mod gate;
mod load;
mod matcher;
mod rewrite;
mod schema;
mod sieve;
pub mod syntax;

pub use error::{RuleError, RuleSource};
use gate::{Gate, Present};
use sieve::{Sieve, Sifted};

pub use load::{
    DFA_SIZE_LIMIT, EMBEDDED_FILES, MAX_PATTERN_CHARS, MAX_RULE_FILE_BYTES, MAX_USER_PATTERNS,
    REGEX_SIZE_LIMIT, load, load_texts,
};
pub use matcher::Matcher;

use crate::diagnostic::{Severity, Side};
use crate::normalize::Normaliser;

/// How a rule compares the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
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
    /// Kinds that compare extracted items, and so need patterns.
    pub fn extracts(self) -> bool {
        matches!(
            self,
            Check::Values | Check::Count | Check::Sequence | Check::Ignore
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Per aligned paragraph (or zone, or footnote).
    #[default]
    Paragraph,
    /// Over the whole document.
    Document,
}

/// How the named captures of a match become a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueKind {
    /// Each named capture is a field; a match without named captures is its own text.
    #[default]
    Fields,
    /// Captures `day month year` and `day2 month2 year2` form a date or a range of dates.
    Date,
    /// Capture `number` times capture `scale` (million, 亿…), exactly; other fields (a unit)
    /// as they are.
    Number,
}

/// Which blocks a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockFilter {
    /// Every content block except footnote bodies.
    #[default]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Extent {
    #[default]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockPatternKind {
    Chapeau,
    Operative,
    SubParagraph,
    Footnote,
    Signature,
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

/// The `lang` of an artefact or block pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Lang {
    En,
    Zh,
    #[default]
    Both,
}

impl From<Lang> for Langs {
    fn from(lang: Lang) -> Langs {
        Langs {
            en: lang != Lang::Zh,
            zh: lang != Lang::En,
        }
    }
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

/// What a paragraph may match, as known before any pattern searches it: kept with the
/// paragraph, and read only by the rule set.
#[derive(Debug, Clone)]
pub struct Admits(Scan);

#[derive(Debug, Clone)]
enum Scan {
    /// The trigger literals it holds (the gate): a pattern whose trigger they meet may match.
    Literals(Present),
    /// The patterns that match it (the sieve): exactly, but for patterns with a Unicode word
    /// boundary, which may.
    Sifted(Sifted),
}

/// Where a pattern stands in the rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Pattern `index` of rule `rule` for `side`: searched in every paragraph it may match.
    Pattern {
        rule: usize,
        side: Side,
        index: usize,
    },
    /// Its `unless` pattern, searched once it has matched.
    Unless {
        rule: usize,
        side: Side,
        index: usize,
    },
    /// Its `then` continuation, tried where a value ends.
    Then {
        rule: usize,
        side: Side,
        index: usize,
    },
    Artefact(usize),
    Block(usize),
    /// A block pattern's `unless`.
    BlockUnless(usize),
}

impl Place {
    /// Whether the pattern is looked for in every paragraph (so the gate and the sieve know
    /// it), rather than only after another has matched.
    pub fn is_searched(self) -> bool {
        matches!(
            self,
            Place::Pattern { .. } | Place::Artefact(_) | Place::Block(_)
        )
    }
}

/// All rules, compiled and validated.
#[derive(Debug, Default)]
pub struct RuleSet {
    /// Sorted by priority, highest first (the order in which matches claim text).
    pub rules: Vec<Rule>,
    pub structure: StructureRules,
    /// Finds the trigger literals of every searched pattern in a text.
    gate: Gate,
    /// Finds which searched patterns of a side match a paragraph, by side.
    sieves: [Sieve; 2],
}

impl RuleSet {
    /// Every pattern, in one order: each rule's, side by side, each followed by its `unless`
    /// and `then`; then the artefacts'; then the blocks', each followed by its `unless`.
    pub fn patterns(&self) -> impl Iterator<Item = (Place, &Matcher)> {
        let rules = self.rules.iter().enumerate().flat_map(|(rule, r)| {
            Side::BOTH.into_iter().flat_map(move |side| {
                let patterns = r.patterns(side).iter().enumerate();
                patterns.flat_map(move |(index, p)| {
                    let at = (rule, side, index);
                    let unless = p.unless.iter().map(move |u| (Place::unless(at), u));
                    let then = p.then.iter().map(move |t| (Place::then(at), &t.regex));
                    std::iter::once((Place::Pattern { rule, side, index }, &p.regex))
                        .chain(unless)
                        .chain(then)
                })
            })
        });
        let artefacts = self.structure.artefacts.iter().enumerate();
        let artefacts = artefacts.map(|(i, a)| (Place::Artefact(i), &a.regex));
        let blocks = self.structure.blocks.iter().enumerate().flat_map(|(i, b)| {
            let unless = b.unless.iter().map(move |u| (Place::BlockUnless(i), u));
            std::iter::once((Place::Block(i), &b.regex)).chain(unless)
        });
        rules.chain(artefacts).chain(blocks)
    }

    /// Builds the gate and the sieves over every searched pattern.
    fn seal(&mut self) {
        let searched = self.patterns().filter(|(place, _)| place.is_searched());
        self.gate = Gate::new(searched.map(|(_, m)| m));
        self.sieves = Side::BOTH.map(|side| Sieve::new(self, side));
    }

    fn sieve(&self, side: Side) -> &Sieve {
        &self.sieves[side as usize]
    }

    /// What a paragraph (folded) of one side may match: which patterns, once the side has
    /// read enough for its sieve; until then, the trigger literals it holds.
    pub fn admits(&self, side: Side, text: &str) -> Admits {
        Admits(match self.sieve(side).sift(self, side, text) {
            Some(sifted) => Scan::Sifted(sifted),
            None => Scan::Literals(self.gate.scan(text)),
        })
    }

    /// The patterns of rule `rule` on `side` that may match a paragraph that admits
    /// `admits`, by index, each with where its last match ends when the sieve read the
    /// paragraph: a search need not read past it.
    pub fn candidates<'a>(
        &'a self,
        admits: &'a Admits,
        side: Side,
        rule: usize,
    ) -> impl Iterator<Item = (usize, Option<usize>)> + 'a {
        let patterns = self.rules[rule].patterns(side);
        let sieve = self.sieve(side);
        patterns
            .iter()
            .enumerate()
            .filter_map(move |(index, pattern)| match &admits.0 {
                Scan::Literals(present) => pattern.regex.admits(present).then_some((index, None)),
                Scan::Sifted(sifted) => {
                    let slot = sieve.pattern(rule, index);
                    sifted.has(slot).then(|| (index, sifted.end(slot)))
                }
            })
    }

    /// Whether artefact pattern `index` matches `text`, a paragraph that admits `admits`.
    pub fn artefact_matches(&self, admits: &Admits, side: Side, index: usize, text: &str) -> bool {
        let regex = &self.structure.artefacts[index].regex;
        match &admits.0 {
            Scan::Literals(present) => regex.admits(present) && regex.is_match(text),
            Scan::Sifted(sifted) => {
                let sieve = self.sieve(side);
                sieve
                    .artefact(index)
                    .is_some_and(|s| sifted.has(s) && (sieve.is_exact(s) || regex.is_match(text)))
            }
        }
    }

    /// Whether block pattern `index` may match a paragraph that admits `admits`.
    pub fn block_may_match(&self, admits: &Admits, side: Side, index: usize) -> bool {
        match &admits.0 {
            Scan::Literals(present) => self.structure.blocks[index].regex.admits(present),
            Scan::Sifted(sifted) => self.sieve(side).block(index).is_some_and(|s| sifted.has(s)),
        }
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

impl Place {
    fn unless((rule, side, index): (usize, Side, usize)) -> Place {
        Place::Unless { rule, side, index }
    }

    fn then((rule, side, index): (usize, Side, usize)) -> Place {
        Place::Then { rule, side, index }
    }
}
