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
    pub severity: BTreeMap<Spanned<String>, Spanned<String>>,
    /// How files pair up; the built-in layouts when empty.
    #[serde(default)]
    pub pair: Vec<PairSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PairSpec {
    pub en: Spanned<String>,
    pub zh: Spanned<String>,
}
