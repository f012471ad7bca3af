//! FHIR → v2: `izkit::fhir::from_fhir_json` from JSON text to VXU^V04 text, parsing included,
//! over 1,000 generated FHIR Bundles of the shape an EHR sends (`izkit_benches::fhir_bundles`,
//! about 4.9 KB of JSON each).
//!
//! Before timing, every output is checked: it parses and validates against Z22 with no error.
//!
//! Target (issue 5, one core): FHIR → VXU ≥ 100,000/s.
//!
//! Run: `cargo bench -p izkit-benches --bench fhir_from`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use izkit::conformance::Validator;
use izkit::fhir::{from_fhir, from_fhir_json, read_resource, FromFhirOptions};
use izkit::Message;
use izkit_benches::fhir_bundles::{bundle, BUNDLES};
use std::hint::black_box;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let inputs: Vec<String> = (0..BUNDLES).map(bundle).collect();
    let bytes: usize = inputs.iter().map(String::len).sum();
    let opts = FromFhirOptions {
        sending_application: Some("MYEHR^2.16.840.1.113883.3.72.1^ISO".into()),
        sending_facility: Some("MYCLINIC^2.16.840.1.113883.3.72.2^ISO".into()),
        timestamp: Some("20260101120000+0000".into()),
        ..FromFhirOptions::default()
    };
    let validator = Validator::new();
    let mut out_bytes = 0;
    for json in &inputs {
        let out = from_fhir_json(json, &opts).expect("converts");
        assert_eq!(out.len(), 1);
        let msg = Message::parse(&out[0]).expect("parses");
        let report = validator.validate(&msg, None).expect("validates");
        assert!(!report.has_errors(), "{:?}\n{}", report.findings, out[0]);
        out_bytes += out[0].len();
    }
    eprintln!(
        "fhir_from: {BUNDLES} Bundles, {:.1} KB JSON each, {:.1} KB of v2 each; all valid Z22",
        bytes as f64 / BUNDLES as f64 / 1024.0,
        out_bytes as f64 / BUNDLES as f64 / 1024.0
    );
    let parsed: Vec<_> = inputs.iter().map(|j| read_resource(j).unwrap()).collect();

    let mut g = c.benchmark_group("fhir");
    g.sample_size(20);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(5));
    g.throughput(Throughput::Elements(BUNDLES as u64));
    g.bench_function("fhir_to_vxu", |b| {
        b.iter(|| {
            for json in &inputs {
                black_box(from_fhir_json(json, &opts).unwrap());
            }
        })
    });
    // The same without JSON parsing: what the mapping itself costs.
    g.bench_function("fhir_to_vxu_model", |b| {
        b.iter(|| {
            for r in &parsed {
                black_box(from_fhir(r, &opts).unwrap());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
