//! Validates the messages of a file many times, for profilers (callgrind, perf): the profile set
//! is loaded and the messages parsed once, before the loop.
//!
//!     cargo run --release -p izkit-benches --example validate_loop -- FILE [N]
//!
//! Under callgrind, `--toggle-collect='*Validator*validate*'` counts only validation.

use izkit::conformance::Validator;
use std::hint::black_box;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: validate_loop FILE [N]")?;
    let n: usize = args.next().map_or(Ok(1), |s| s.parse())?;
    let text = std::fs::read_to_string(path)?;
    let msgs = izkit::parse_many(&text)?;
    let validator = Validator::new();
    let mut findings = 0;
    for _ in 0..n {
        for msg in &msgs {
            findings += black_box(validator.validate(black_box(msg), None)?)
                .findings
                .len();
        }
    }
    println!("{n} x {} validations, {findings} findings", msgs.len());
    Ok(())
}
