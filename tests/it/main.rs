//! One integration binary, a module per area.

mod alignment;
mod baseline;
mod bundles;
mod cli;
mod config;
mod corpus;
mod docs;
mod files;
mod fix;
mod formats;
mod fuzz_regressions;
mod identical;
mod input;
mod layouts;
mod lsp;
mod markdown;
mod mutations;
mod po;
mod project;
mod properties;
mod recall;
mod repository;
mod rule_errors;
mod rule_examples;
mod security;
mod support;
mod suppression;
mod traditional;
mod trust;
mod wrapped;
mod xliff;

/// The mutation harness of `cargo run --example mutations`: real pairs and injected errors.
#[path = "../../examples/mutations/harness.rs"]
mod harness;
