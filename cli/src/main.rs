//! The `izkit` command-line tool.
fn main() {}
