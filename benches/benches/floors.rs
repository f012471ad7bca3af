//! Floors: what the work behind the issue 4 and issue 5 targets costs before izkit does any of
//! its own logic, on the same inputs as those targets. They put the targets in proportion:
//!
//! - `floors/tokenize_every_element`: one pass over each message of the 5,000-message VXU
//!   corpus, recording where every field, repetition, component and subcomponent ends (a
//!   validator that checks each element must at least find it). Compare with
//!   `validate/z22_with_tables` (target ≥ 200,000 msgs/s).
//! - `floors/walk_every_leaf`: the same through izkit's borrowed views (segments → fields →
//!   repetitions → components → subcomponents), as validation code written against the public
//!   API would walk a message (each view carries its HL7 path).
//! - `floors/serde_write_bundle_json`: serde_json writing each message's Bundle from an
//!   already-built `serde_json::Value` — the JSON output alone, no mapping. Compare with
//!   `fhir/vxu_to_bundle_json` (target ≥ 100,000 msgs/s).
//! - `floors/serde_read_bundle_ignored` and `floors/serde_read_bundle_value`: serde_json reading
//!   each FHIR → v2 input Bundle (`izkit_benches::fhir_bundles`) without building anything, and
//!   into a `serde_json::Value`. Compare with `fhir/fhir_to_vxu` (target ≥ 100,000/s).
//!
//! Run: `cargo bench -p izkit-benches --bench floors`.

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use izkit::fhir::{to_fhir_json, ToFhirOptions};
use izkit::Message;
use izkit_benches::fhir_bundles::{bundle, BUNDLES};
use izkit_benches::load_corpus;
use serde::de::IgnoredAny;
use std::hint::black_box;
use std::time::Duration;

/// Records the end offset of every element of `text` (segments ended by `\r`; `|^~&` inside),
/// taking the encoding characters from MSH-1/MSH-2 as a parser must. Returns the count. A
/// 256-entry table decides each byte (the `LUT index` loop of `shared/bench/limits`).
fn tokenize(text: &[u8], ends: &mut Vec<u32>) -> usize {
    ends.clear();
    let mut delim = [false; 256];
    match text.get(3..8) {
        Some([f, c, r, _e, s]) => {
            for d in [*f, *c, *r, *s, b'\r'] {
                delim[usize::from(d)] = true;
            }
        }
        _ => return 0,
    }
    for (i, &b) in text.iter().enumerate() {
        if delim[usize::from(b)] {
            ends.push(i as u32);
        }
    }
    ends.len()
}

/// Visits every subcomponent of `msg` through the public views; returns the bytes seen.
fn walk(msg: &Message<'_>) -> usize {
    let mut n = 0;
    for seg in msg.segments() {
        for field in seg.fields() {
            for rep in field.repetitions() {
                for comp in rep.components() {
                    for sub in comp.subcomponents() {
                        n += sub.as_str().len();
                    }
                }
            }
        }
    }
    n
}

fn bench(c: &mut Criterion) {
    let corpus = load_corpus();
    let texts = corpus.messages();
    let msgs: Vec<Message<'_>> = texts
        .iter()
        .map(|t| Message::parse(t).expect("corpus message parses"))
        .collect();
    let bundles: Vec<serde_json::Value> = msgs
        .iter()
        .map(|m| {
            let json = to_fhir_json(m, &ToFhirOptions::default()).expect("maps");
            serde_json::from_str(&json).expect("izkit writes JSON")
        })
        .collect();
    let inputs: Vec<String> = (0..BUNDLES).map(bundle).collect();
    // The word-at-a-time scan finds exactly the delimiters a byte-by-byte scan finds.
    let mut ends = Vec::new();
    for t in &texts {
        let d = &t.as_bytes()[3..8];
        let naive = t
            .bytes()
            .filter(|&b| [d[0], d[1], d[2], d[4], b'\r'].contains(&b))
            .count();
        assert_eq!(tokenize(t.as_bytes(), &mut ends), naive);
    }

    let mut g = c.benchmark_group("floors");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(5));
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.bench_function("tokenize_every_element", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(tokenize(t.as_bytes(), &mut ends));
            }
        })
    });
    g.bench_function("walk_every_leaf", |b| {
        b.iter(|| {
            for m in &msgs {
                black_box(walk(m));
            }
        })
    });
    g.bench_function("serde_write_bundle_json", |b| {
        b.iter(|| {
            for v in &bundles {
                black_box(serde_json::to_string(v).unwrap());
            }
        })
    });
    g.throughput(Throughput::Elements(BUNDLES as u64));
    g.bench_function("serde_read_bundle_ignored", |b| {
        b.iter(|| {
            for j in &inputs {
                black_box(serde_json::from_str::<IgnoredAny>(j).unwrap());
            }
        })
    });
    g.bench_function("serde_read_bundle_value", |b| {
        b.iter(|| {
            for j in &inputs {
                black_box(serde_json::from_str::<serde_json::Value>(j).unwrap());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
