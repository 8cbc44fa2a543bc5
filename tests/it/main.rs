//! One integration binary, a module per area.

mod alignment;
mod cli;
mod corpus;
mod input;
mod mutations;
mod rule_errors;
mod rule_examples;
mod support;
