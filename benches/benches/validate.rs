//! Conformance validation and acknowledgements over the 5,000-message VXU corpus:
//! validating each message against the compiled-in Z22 profile with the CDC code tables and
//! the IG's prose rules (the profile chosen from MSH-21, as a receiver would), and building
//! the Z23 ACK from each message's validation result.
//!
//! Targets (issue 4, one core): validate ≥ 200,000 msgs/s; build an ACK ≥ 500,000/s.
//!
//! Run: `cargo bench -p izkit-benches --bench validate`.

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use izkit::conformance::{build_ack, AckOptions, Report, Validator};
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
    let validator = Validator::new();
    let reports: Vec<Report> = msgs
        .iter()
        .map(|m| validator.validate(m, None).expect("validates"))
        .collect();
    let with_errors = reports.iter().filter(|r| r.has_errors()).count();
    let findings: usize = reports.iter().map(|r| r.findings.len()).sum();
    eprintln!(
        "validate: {} messages, profile {}, {with_errors} with errors, {findings} findings",
        msgs.len(),
        reports[0].profile
    );

    let mut g = c.benchmark_group("validate");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    g.throughput(Throughput::Elements(msgs.len() as u64));
    g.bench_function("z22_with_tables", |b| {
        b.iter(|| {
            for m in &msgs {
                black_box(validator.validate(m, None).unwrap());
            }
        })
    });
    g.bench_function("parse_and_validate", |b| {
        b.iter(|| {
            for t in &texts {
                let m = Message::parse(t).unwrap();
                black_box(validator.validate(&m, None).unwrap());
            }
        })
    });
    let opts = AckOptions {
        control_id: Some("ACK1".to_string()),
        timestamp: Some("20260101120000+0000".to_string()),
        ..AckOptions::default()
    };
    g.bench_function("build_ack", |b| {
        b.iter(|| {
            for (m, r) in msgs.iter().zip(&reports) {
                black_box(build_ack(m, &r.findings, &opts));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
