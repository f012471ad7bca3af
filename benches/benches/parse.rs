//! Parsing and reading: izkit's full index, lazy parse, field access (paths and views) and
//! serialization of an unmodified message, over the 5,000-message VXU corpus; plus the peers
//! `hl7-parser` 0.3.0 and `rust-hl7` 0.5.0 on the same workloads, in the same run, called
//! exactly as the shared peer harness (`rust-peers/src/main.rs`) calls them.
//!
//! Every benchmark processes the whole corpus once per iteration and reports both msgs/s
//! (elements) and bytes/s. The file is split on `\n` before timing starts. Before anything is
//! timed, izkit's values are checked against the generator's `.expected.tsv` (panicking on a
//! mismatch); the peers' agreement is printed, as the harness records it.
//!
//! Run: `cargo bench -p izkit-benches --bench parse` (add `-- izkit` or `-- peers` to filter).

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use izkit::Message;
use izkit_benches::{load_corpus, peer, read_with_views, unescape, verify_izkit, Corpus};
use std::hint::black_box;
use std::time::Duration;

// ---------------------------------------------------------------- peers, as rust-peers calls them
// rust-hl7 0.5 (wokket)
fn rusthl7_parse(m: &str) -> usize {
    let msg = rusthl7::message::Message::try_from(m).unwrap();
    black_box(&msg);
    1
}
fn rusthl7_access(m: &str) -> Option<[String; 3]> {
    let msg = rusthl7::message::Message::try_from(m).ok()?;
    Some([
        msg.query("PID.F5.R1.C1").to_string(),
        msg.query("RXA.F5.R1.C1").to_string(),
        msg.query("RXA.F3").to_string(),
    ])
}

// hl7-parser 0.3 (hamaluik)
fn hl7parser_parse(m: &str) -> usize {
    let msg = hl7_parser::Message::parse(m).unwrap();
    black_box(&msg);
    1
}
fn hl7parser_access(m: &str) -> Option<[String; 3]> {
    let msg = hl7_parser::Message::parse(m).ok()?;
    let pid = msg.segment("PID")?;
    let rxa = msg.segment("RXA")?;
    Some([
        pid.field(5)?
            .repeat(1)?
            .component(1)?
            .raw_value()
            .to_string(),
        rxa.field(5)?
            .repeat(1)?
            .component(1)?
            .raw_value()
            .to_string(),
        rxa.field(3)?.raw_value().to_string(),
    ])
}
fn hl7parser_query_access(m: &str) -> Option<[String; 3]> {
    let msg = hl7_parser::Message::parse(m).ok()?;
    Some([
        msg.query("PID.5.1")?.raw_value().to_string(),
        msg.query("RXA.5.1")?.raw_value().to_string(),
        msg.query("RXA.3")?.raw_value().to_string(),
    ])
}

type Parse = fn(&str) -> usize;
type Access = fn(&str) -> Option<[String; 3]>;

/// (name, version, parse, access) — the rows of the `peers` groups.
const LIBS: [(&str, &str, Parse, Access); 5] = [
    (
        "izkit",
        "izkit (parse_indexed; access = lazy parse + get)",
        peer::parse_indexed,
        peer::access_get,
    ),
    (
        "izkit-lazy",
        "izkit (lazy parse; access = lazy parse + views)",
        peer::parse_lazy,
        peer::access_views,
    ),
    (
        "hl7-parser",
        "hl7-parser 0.3.0",
        hl7parser_parse,
        hl7parser_access,
    ),
    (
        "hl7-parser-query",
        "hl7-parser 0.3.0 (query strings)",
        hl7parser_parse,
        hl7parser_query_access,
    ),
    ("rusthl7", "rust-hl7 0.5.0", rusthl7_parse, rusthl7_access),
];

/// The harness's verify record for one access function: how many messages match the expected
/// values raw, how many unescaped, how many failed (None or panic).
fn peer_verify(corpus: &Corpus, access: Access) -> (usize, usize, usize) {
    let (mut raw, mut dec, mut err) = (0, 0, 0);
    for (m, e) in corpus.messages().iter().zip(&corpus.expected) {
        match std::panic::catch_unwind(|| access(m)) {
            Ok(Some(got)) => {
                raw += usize::from((0..3).all(|k| got[k] == e[k]));
                dec += usize::from((0..3).all(|k| got[k] == unescape(&e[k])));
            }
            _ => err += 1,
        }
    }
    (raw, dec, err)
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

fn bench_parse(c: &mut Criterion) {
    let corpus = load_corpus();
    verify_izkit(&corpus);
    let msgs = corpus.messages();
    let throughput = Throughput::ElementsAndBytes {
        elements: msgs.len() as u64,
        bytes: corpus.message_bytes(),
    };
    eprintln!(
        "corpus: {} ({} messages, {} message bytes); izkit values verified against .expected.tsv",
        corpus.path.display(),
        msgs.len(),
        corpus.message_bytes()
    );

    // ------------------------------------------------------------ izkit, one row per API
    let mut g = c.benchmark_group("izkit");
    g.throughput(throughput.clone());
    // One iteration is the whole corpus (several ms): flat sampling keeps the run short.
    g.sampling_mode(SamplingMode::Flat);

    g.bench_function("parse_indexed", |b| {
        b.iter(|| {
            for &m in &msgs {
                black_box(Message::parse_indexed(black_box(m)).unwrap());
            }
        })
    });
    g.bench_function("parse_lazy", |b| {
        b.iter(|| {
            for &m in &msgs {
                black_box(Message::parse(black_box(m)).unwrap());
            }
        })
    });
    g.bench_function("access_get", |b| {
        b.iter(|| {
            for &m in &msgs {
                let msg = Message::parse(black_box(m)).unwrap();
                black_box(msg.get("PID-5.1").unwrap());
                black_box(msg.get("RXA-5.1").unwrap());
                black_box(msg.get("RXA-3").unwrap());
            }
        })
    });
    g.bench_function("access_views", |b| {
        b.iter(|| {
            for &m in &msgs {
                let msg = Message::parse(black_box(m)).unwrap();
                black_box(read_with_views(&msg));
            }
        })
    });
    // Serialize an unmodified parsed message into a reused buffer (parsing is not timed).
    let parsed: Vec<Message<'_>> = msgs.iter().map(|m| Message::parse(m).unwrap()).collect();
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 16);
    for (msg, m) in parsed.iter().zip(&msgs) {
        buf.clear();
        msg.write_to(&mut buf).unwrap();
        assert_eq!(
            buf,
            m.as_bytes(),
            "serialized message differs from its input"
        );
    }
    g.bench_function("serialize", |b| {
        b.iter(|| {
            for msg in &parsed {
                buf.clear();
                msg.write_to(&mut buf).unwrap();
                black_box(&buf);
            }
        })
    });
    g.finish();

    // ------------------------------------------------------------ peers, same workloads
    for &(name, version, _, access) in &LIBS {
        let (raw, dec, err) = peer_verify(&corpus, access);
        eprintln!(
            "verify {name} [{version}]: match_raw {raw}, match_unescaped {dec}, errors {err} (n = {})",
            msgs.len()
        );
    }
    for (workload, is_parse) in [("peers_parse", true), ("peers_access", false)] {
        let mut g = c.benchmark_group(workload);
        g.throughput(throughput.clone());
        g.sampling_mode(SamplingMode::Flat);
        for &(name, _, parse, access) in &LIBS {
            if is_parse && name == "hl7-parser-query" {
                continue; // same parse as hl7-parser
            }
            g.bench_with_input(BenchmarkId::from_parameter(name), &msgs, |b, msgs| {
                b.iter(|| {
                    for &m in msgs {
                        if is_parse {
                            black_box(parse(black_box(m)));
                        } else {
                            black_box(access(black_box(m)));
                        }
                    }
                })
            });
        }
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_parse
}
criterion_main!(benches);
