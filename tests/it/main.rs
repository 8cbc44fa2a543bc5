//! One integration binary, a module per area.

mod alignment;
mod cli;
mod files;
mod fuzz_regressions;
mod input;
mod mutations;
mod properties;
mod rule_errors;
mod rule_examples;
mod support;
