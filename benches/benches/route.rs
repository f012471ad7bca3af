//! Share routing decisions (issue 6): `Router::decide` on a parsed corpus VXU (NIST's Z22
//! test message, three new administrations given in MD to a patient living in VA) with the
//! default policy, and with the default policy plus 20 extra rules
//! (`benches/data/route-policy-20.json`); and `Router::route`, which also renders both sends.
//!
//! Target (issue 6, one core): ≥ 500,000 decisions/s with the default policy plus 20 rules.
//!
//! Run: `cargo bench -p izkit-benches --bench route`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use izkit::route::{Jurisdictions, Policy, RouteOptions, Router};
use izkit::{Message, OwnedMessage};
use std::hint::black_box;

fn corpus_vxu() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/tests/corpus/messages/nist-hit-iz-tool/002_VXU_Z22_TestStep-1.hl7"
    );
    let mut m = OwnedMessage::parse(&std::fs::read_to_string(path).expect("corpus VXU"))
        .expect("corpus VXU parses");
    for rxa in 1..=3 {
        m.set(&format!("RXA[{rxa}]-11.12"), "MD").expect("edit");
    }
    m.set_raw("PID-11", "543 Blount Drive^^Arlington^VA^22201^USA^H")
        .expect("edit");
    m.to_string()
}

fn bench(c: &mut Criterion) {
    let text = corpus_vxu();
    let msg = Message::parse(&text).expect("parses");
    let j = Jurisdictions::builtin();
    let default = Router::new(&Policy::default(), j).expect("default policy");
    let extra_json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/route-policy-20.json"
    ))
    .expect("benches/data/route-policy-20.json");
    let extra =
        Router::new(&Policy::from_json(&extra_json, j).expect("policy loads"), j).expect("router");
    let r = extra.decide(&msg).expect("decides");
    let sent: Vec<&str> = r.sent_to().collect();
    assert_eq!(sent, ["MD", "VA"], "{r:?}");
    eprintln!(
        "route: decisions {:?}",
        r.decisions
            .iter()
            .map(|d| (&d.destination, d.action))
            .collect::<Vec<_>>()
    );

    let mut g = c.benchmark_group("route");
    g.throughput(Throughput::Elements(1));
    g.bench_function("decide_default", |b| {
        b.iter(|| black_box(default.decide(black_box(&msg)).unwrap()))
    });
    g.bench_function("decide_default_plus_20", |b| {
        b.iter(|| black_box(extra.decide(black_box(&msg)).unwrap()))
    });
    g.bench_function("route_default_plus_20_rendered", |b| {
        b.iter(|| {
            black_box(
                extra
                    .route(black_box(&msg), &RouteOptions::default())
                    .unwrap(),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
