//! The rule-file format, as serde types. Every table denies unknown keys, and the values that
//! can be wrong in a way TOML cannot see (ids, patterns, normaliser names) keep their spans so
//! that errors point at them.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::{BlockFilter, BlockPatternKind, Check, Extent, Lang, Scope, ValueKind};
use crate::diagnostic::Severity;

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleFile {
    /// Fragments of pattern, by name, that the file's patterns use as `{name}`.
    #[serde(default)]
    pub define: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub rule: Vec<RuleSpec>,
    /// Lines that are not content: page furniture, extraction tags, job numbers.
    #[serde(default)]
    pub artefact: Vec<ArtefactSpec>,
    /// Lines that open a structural block: chapeau, numbered paragraph, footnote body…
    #[serde(default)]
    pub block: Vec<BlockSpec>,
    /// Words that open paragraphs in each language, used to align unnumbered paragraphs.
    #[serde(default)]
    pub opener: Vec<OpenerSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    pub id: Spanned<String>,
    pub summary: String,
    #[serde(default)]
    pub severity: Severity,
    pub check: Spanned<Check>,
    #[serde(default)]
    pub scope: Scope,
    #[serde(default)]
    pub value: ValueKind,
    #[serde(default)]
    pub blocks: BlockFilter,
    /// Higher first; a match never overlaps a match of a rule that ran before it.
    #[serde(default)]
    pub priority: i32,
    #[serde(default)]
    pub docs: String,
    #[serde(default)]
    pub help: Option<String>,
    /// Values whose number (field `number` or `n`) is an integer below this, with no unit, are
    /// optional: small counts a translation adds or drops freely.
    #[serde(default)]
    pub optional_below: Option<u64>,
    /// Also compare the rule's values between the two versions' mastheads (headings, session,
    /// agenda item, symbol: lines that are never content), as sets.
    #[serde(default)]
    pub masthead: bool,
    /// For `check = "footnote-links"`: the rule whose items are the footnote markers.
    #[serde(default)]
    pub markers: Option<Spanned<String>>,
    #[serde(default)]
    pub en: Vec<PatternSpec>,
    #[serde(default)]
    pub zh: Vec<PatternSpec>,
    #[serde(default)]
    pub example: Vec<ExampleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PatternSpec {
    pub pattern: Spanned<String>,
    /// Matches of `pattern` that overlap a match of this are dropped.
    #[serde(default)]
    pub unless: Option<Spanned<String>>,
    #[serde(default)]
    pub normalise: Option<Spanned<BTreeMap<String, Spanned<String>>>>,
    /// Constant fields added to every value of this pattern (`{ kind = "session" }`).
    #[serde(default)]
    pub fields: Option<Spanned<BTreeMap<String, String>>>,
    /// Values of this pattern pair with equal values of the other version when there are
    /// some, but are never reported alone (number words a translation may render freely).
    #[serde(default)]
    pub optional: bool,
    /// The pattern reads the text in ASCII lower case: word lists ("seventy-third",
    /// "Seventy-first") without the cost of `(?i)`.
    #[serde(default)]
    pub lowercase: bool,
    /// A continuation tried where each value ends, for the further items of a list.
    #[serde(default)]
    pub then: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExampleSpec {
    pub en: String,
    pub zh: String,
    /// How many findings of this rule the pair must give.
    pub expect: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ArtefactSpec {
    pub name: String,
    pub pattern: Spanned<String>,
    #[serde(default)]
    pub lang: Lang,
    /// `line` (default): the matching line only; `rest`: that line and everything after it.
    #[serde(default)]
    pub extent: Extent,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BlockSpec {
    pub kind: BlockPatternKind,
    pub lang: Lang,
    pub pattern: Spanned<String>,
    /// A line that matches `pattern` but also this is not such a block.
    #[serde(default)]
    pub unless: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OpenerSpec {
    pub en: String,
    pub zh: Vec<String>,
}
