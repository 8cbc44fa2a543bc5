//! The yizhi.toml format, as serde types. Unknown keys are errors, and every value that can
//! be wrong in a way TOML cannot see keeps its span, so that errors point at it.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Globs (relative to the config's folder) of files and folders never checked.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Rule ids or prefixes to run; all rules when absent.
    #[serde(default)]
    pub select: Option<Vec<Spanned<String>>>,
    /// Rule ids or prefixes not to run.
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// Extra rule files, relative to the config's folder, loaded after the built-in rules.
    #[serde(default)]
    pub rules: Vec<Spanned<String>>,
    /// Rule id or prefix → `error`, `warning` or `info`.
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, crate::diagnostic::Severity>,
    /// How files pair up; the built-in layouts when empty.
    #[serde(default)]
    pub pair: Vec<PairSpec>,
    /// Glob (relative to the config's folder) → rule ids or prefixes not reported in the
    /// files it matches.
    #[serde(default)]
    pub per_file_ignores: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PairSpec {
    pub en: Spanned<String>,
    /// One Chinese path, or several (variants such as zh-CN and zh-TW, each its own pair).
    pub zh: Spanned<OneOrMany>,
    /// Whether an English file none of whose Chinese files exists is reported.
    #[serde(default = "yes")]
    pub report_missing: bool,
}

fn yes() -> bool {
    true
}

/// A string, or an array of them.
#[derive(Debug)]
pub enum OneOrMany {
    One(String),
    Many(Vec<Spanned<String>>),
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a path, or an array of paths")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<OneOrMany, A::Error> {
                let mut paths = Vec::new();
                while let Some(p) = seq.next_element()? {
                    paths.push(p);
                }
                Ok(OneOrMany::Many(paths))
            }
        }
        d.deserialize_any(Visitor)
    }
}
