//! Maps one message many times between v2 and FHIR, for profilers (callgrind, perf): the input
//! is read and parsed once, before the loop.
//!
//!     cargo run --release -p izkit-benches --example fhir_loop -- to FILE.hl7 [N]
//!     cargo run --release -p izkit-benches --example fhir_loop -- from FILE.json|FILE.hl7 [N]
//!
//! `to` loops `to_fhir_json` over the messages of FILE; `from` loops `from_fhir_json` over a
//! FHIR JSON file, or over the Bundles `to_fhir_json` makes of an HL7 file. Under callgrind,
//! `--toggle-collect='*to_fhir_json*'` (or `'*from_fhir_json*'`) counts only the mapping.

use izkit::fhir::{from_fhir_json, to_fhir_json, FromFhirOptions, ToFhirOptions};
use std::hint::black_box;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: fhir_loop to|from FILE [N]";
    let dir = args.next().ok_or(usage)?;
    let path = args.next().ok_or(usage)?;
    let n: usize = args.next().map_or(Ok(1), |s| s.parse())?;
    let text = std::fs::read_to_string(&path)?;
    let to_opts = ToFhirOptions::default();
    let mut bytes = 0;
    match dir.as_str() {
        "to" => {
            let msgs = izkit::parse_many(&text)?;
            for _ in 0..n {
                for msg in &msgs {
                    bytes += black_box(to_fhir_json(black_box(msg), &to_opts)?).len();
                }
            }
        }
        "from" => {
            let inputs = if path.ends_with(".json") {
                vec![text]
            } else {
                izkit::parse_many(&text)?
                    .iter()
                    .map(|m| to_fhir_json(m, &to_opts))
                    .collect::<Result<Vec<_>, _>>()?
            };
            let opts = FromFhirOptions {
                timestamp: Some("20260101120000+0000".into()),
                ..FromFhirOptions::default()
            };
            for _ in 0..n {
                for json in &inputs {
                    bytes += black_box(from_fhir_json(black_box(json), &opts)?)
                        .iter()
                        .map(String::len)
                        .sum::<usize>();
                }
            }
        }
        _ => return Err(usage.into()),
    }
    println!("{n} x {dir}: {bytes} bytes written");
    Ok(())
}
