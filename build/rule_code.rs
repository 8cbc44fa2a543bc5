//! A module of build.rs. Writes a built-in rule file, parsed at build time, as the Rust
//! expression that builds the same `RuleFile`, spans included: a run then reads no TOML of its
//! own (parsing the built-in files took half a millisecond, a tenth of a one-pair run). A
//! field the schema gains and this does not write is a compile error in the generated code.
//! Paths are written in full, so that the generated code needs no imports.

use std::collections::BTreeMap;
use std::fmt::Write;

use toml::Spanned;

use crate::diagnostic::Severity;
use crate::schema::{
    ArtefactSpec, BlockSpec, ExampleSpec, OpenerSpec, PatternSpec, RuleFile, RuleSpec,
};

/// A value written as the Rust expression that builds it.
pub trait Code {
    fn code(&self, out: &mut String);
}

impl Code for String {
    fn code(&self, out: &mut String) {
        write!(out, "String::from({self:?})").expect("writing to a String");
    }
}

macro_rules! literal_code {
    ($($t:ty),*) => {$(
        impl Code for $t {
            fn code(&self, out: &mut String) {
                write!(out, "{self:?}").expect("writing to a String");
            }
        }
    )*};
}

literal_code!(bool, i32, u64, usize);

impl Code for Severity {
    fn code(&self, out: &mut String) {
        write!(out, "crate::diagnostic::Severity::{self:?}").expect("writing to a String");
    }
}

impl<T: Code> Code for Option<T> {
    fn code(&self, out: &mut String) {
        match self {
            None => out.push_str("None"),
            Some(v) => {
                out.push_str("Some(");
                v.code(out);
                out.push(')');
            }
        }
    }
}

impl<T: Code> Code for Vec<T> {
    fn code(&self, out: &mut String) {
        out.push_str("vec![");
        for v in self {
            v.code(out);
            out.push_str(",\n");
        }
        out.push(']');
    }
}

impl<T: Code> Code for BTreeMap<String, T> {
    fn code(&self, out: &mut String) {
        out.push_str("::std::collections::BTreeMap::from([");
        for (k, v) in self {
            out.push('(');
            k.code(out);
            out.push(',');
            v.code(out);
            out.push_str("),");
        }
        out.push_str("])");
    }
}

impl<T: Code> Code for Spanned<T> {
    fn code(&self, out: &mut String) {
        let span = self.span();
        write!(out, "::toml::Spanned::new({}..{}, ", span.start, span.end)
            .expect("writing to a String");
        self.get_ref().code(out);
        out.push(')');
    }
}

/// Writes a struct literal with every field named: one left out fails to compile.
macro_rules! struct_code {
    ($($name:ident { $($field:ident),* $(,)? })*) => {$(
        impl Code for $name {
            fn code(&self, out: &mut String) {
                out.push_str(concat!("crate::rules::schema::", stringify!($name), " {"));
                $(
                    out.push_str(concat!(stringify!($field), ": "));
                    self.$field.code(out);
                    out.push(',');
                )*
                out.push('}');
            }
        }
    )*};
}

struct_code! {
    RuleFile { rule, artefact, block, opener }
    RuleSpec {
        id, summary, severity, check, scope, value, blocks, priority, docs, help,
        optional_below, masthead, markers, en, zh, example,
    }
    PatternSpec { pattern, unless, normalise, fields, optional, lowercase, then }
    ExampleSpec { en, zh, expect }
    ArtefactSpec { name, pattern, lang, extent }
    BlockSpec { kind, lang, pattern, unless }
    OpenerSpec { en, zh }
}
