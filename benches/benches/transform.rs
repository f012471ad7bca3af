//! Transformations per destination and redaction on one corpus VXU (CDC IG R1.5 appendix A
//! example: 16 segments, three orders): parse, the default header operation (MSH-5/MSH-6) plus
//! five typical rules, serialize; and `redact`.
//!
//! The outputs are checked before timing. Run: `cargo bench -p izkit-benches --bench transform`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use izkit::transform::{CodeTables, Transforms};
use izkit::{redact, Message};
use std::hint::black_box;
use std::time::Duration;

const VXU: &str = include_str!(
    "../../core/tests/corpus/messages/cdc-ig-r1.5-appendix-a/001_VXU_Z22_2-Message-Example.hl7"
);

const HEADER: (&str, &str) = ("MDIIS^2.16.840.1.113883.3.1234^ISO", "MD");

/// Five rules a jurisdiction typically asks for: a processing id, a CVX code map, dropping
/// notes, a date-guarded fix of the VIS document type, a value copied through the state.
fn rules() -> (serde_json::Value, serde_json::Value) {
    let tables = serde_json::json!({"cvx": {"85": "45", "110": "120", "48": "49"}});
    let rules = serde_json::json!([
        {"when": {"equals": {"path": "/MSH-9-1", "value": "VXU"}},
         "do": [{"set": "MSH-11", "value": "T"}]},
        {"map": "/ORDER(1)/RXA-5-1", "table": "cvx"},
        {"remove_segment": "NTE"},
        {"when": {"date_after": {"path": "RXA[2]-3", "value": "20110101"}},
         "do": [{"regex_replace": "/.OBSERVATION(2)/OBX-5-2", "regex": "VIS$", "replacement": "VIS document"}]},
        {"save": "MSH-10", "as": "id"},
        {"set": "RXA[3]-20", "value": {"state": "id"}}
    ]);
    (tables, rules)
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

fn bench_transform(c: &mut Criterion) {
    let (tables, rules) = rules();
    let tables = CodeTables::from_json(&tables, "/tables").unwrap();
    let t = Transforms::compile(&rules, "/transforms", &tables).unwrap();

    // Check outside timing.
    let msg = Message::parse(VXU).unwrap();
    let out = t.apply(&msg, Some(HEADER)).unwrap();
    let back = Message::parse(&out).unwrap();
    assert_eq!(back.get("MSH-5.1").unwrap().as_deref(), Some("MDIIS"));
    assert_eq!(back.get("MSH-11").unwrap().as_deref(), Some("T"));
    assert_eq!(back.get("RXA[2]-5.1").unwrap().as_deref(), Some("120"));
    assert_eq!(back.get("RXA[3]-20").unwrap().as_deref(), Some("45646ug"));
    assert_eq!(
        back.get("OBX[3]-5.2").unwrap().as_deref(),
        Some("Multivaccine VIS document")
    );
    let red = redact(&msg);
    assert_eq!(
        Message::parse(&red).unwrap().segment_count(),
        msg.segment_count()
    );

    let mut g = c.benchmark_group("transform");
    g.throughput(Throughput::Elements(1));
    g.bench_function("parse_header_and_5_rules", |b| {
        b.iter(|| {
            let msg = Message::parse(black_box(VXU)).unwrap();
            black_box(t.apply(&msg, Some(HEADER)).unwrap())
        })
    });
    g.bench_function("parse_header_only", |b| {
        let none = Transforms::empty();
        b.iter(|| {
            let msg = Message::parse(black_box(VXU)).unwrap();
            black_box(none.apply(&msg, Some(HEADER)).unwrap())
        })
    });
    g.bench_function("parse_redact", |b| {
        b.iter(|| {
            let msg = Message::parse(black_box(VXU)).unwrap();
            black_box(redact(&msg))
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_transform
}
criterion_main!(benches);
