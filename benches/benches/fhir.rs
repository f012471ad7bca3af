//! v2 → FHIR: each message of the 5,000-message VXU corpus mapped to a FHIR Bundle and written
//! as JSON (`to_fhir_json`, what the CLI and the bindings call), and the NIST Z22 test-step
//! message on its own (a typical VXU: 4.2 KB, 34 segments, 5 doses with VIS and funding OBX).
//!
//! Target (issue 5, one core): VXU → FHIR Bundle JSON ≥ 100,000 msgs/s.
//!
//! Run: `cargo bench -p izkit-benches --bench fhir`.

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use izkit::fhir::{to_fhir, to_fhir_json, ToFhirOptions};
use izkit::Message;
use izkit_benches::load_corpus;
use std::hint::black_box;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let corpus = load_corpus();
    let texts = corpus.messages();
    let msgs: Vec<Message<'_>> = texts
        .iter()
        .map(|t| Message::parse(t).expect("corpus message parses"))
        .collect();
    let opts = ToFhirOptions::default();
    let bytes: usize = msgs
        .iter()
        .map(|m| to_fhir_json(m, &opts).expect("maps").len())
        .sum();
    eprintln!(
        "fhir: {} messages, {} bytes of Bundle JSON ({} per message)",
        msgs.len(),
        bytes,
        bytes / msgs.len()
    );

    let mut g = c.benchmark_group("fhir");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    g.throughput(Throughput::Elements(msgs.len() as u64));
    g.bench_function("vxu_to_bundle_json", |b| {
        b.iter(|| {
            for m in &msgs {
                black_box(to_fhir_json(m, &opts).unwrap());
            }
        })
    });
    g.bench_function("vxu_to_bundle", |b| {
        b.iter(|| {
            for m in &msgs {
                black_box(to_fhir(m, &opts).unwrap());
            }
        })
    });
    g.bench_function("parse_and_vxu_to_bundle_json", |b| {
        b.iter(|| {
            for t in &texts {
                let m = Message::parse(t).unwrap();
                black_box(to_fhir_json(&m, &opts).unwrap());
            }
        })
    });
    g.finish();

    let nist = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/tests/corpus/messages/nist-hit-iz-tool/002_VXU_Z22_TestStep-1.hl7"
    ))
    .expect("NIST corpus message");
    let msg = Message::parse(&nist).expect("parses");
    let mut g = c.benchmark_group("fhir_nist");
    g.throughput(Throughput::Elements(1));
    g.bench_function("vxu_to_bundle_json", |b| {
        b.iter(|| black_box(to_fhir_json(black_box(&msg), &opts).unwrap()))
    });
    g.bench_function("vxu_to_bundle", |b| {
        b.iter(|| black_box(to_fhir(black_box(&msg), &opts).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
