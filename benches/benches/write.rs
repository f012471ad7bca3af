//! Writing: the owned builder (`OwnedMessage` from a parsed message, three `set`s, serialize)
//! and escape encoding/decoding throughput, over the 5,000-message VXU corpus.
//!
//! Each iteration processes the whole corpus; msgs/s (or values/s) and bytes/s are reported.
//! Results are checked before timing: edited messages must parse and read back the values set,
//! and `decode(encode(v)) == v` for every value.
//!
//! Run: `cargo bench -p izkit-benches --bench write`.

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use izkit::v2::{escape, Delimiters};
use izkit::Message;
use izkit_benches::{load_corpus, verify_izkit};
use std::hint::black_box;
use std::time::Duration;

/// The three edits of the builder workload: a plain value, one that needs escaping, and a
/// component created inside an existing composite.
const EDITS: [(&str, &str); 3] = [
    ("MSH-10", "CTRL-000042"),
    ("PID-5.1", "O'Brien & Sons"),
    ("RXA-5.2", "Hep B ^ adolescent"),
];

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

fn bench_write(c: &mut Criterion) {
    let corpus = load_corpus();
    verify_izkit(&corpus);
    let msgs = corpus.messages();
    let parsed: Vec<Message<'_>> = msgs.iter().map(|m| Message::parse(m).unwrap()).collect();
    let bytes = corpus.message_bytes();

    // ------------------------------------------------------------ builder
    // Check outside timing: the edited text parses and the values read back, the rest is kept.
    let mut out = String::with_capacity(1 << 16);
    for msg in &parsed {
        let mut owned = msg.to_owned_message();
        for (p, v) in EDITS {
            owned.set(p, v).unwrap();
        }
        out.clear();
        owned.write_to(&mut out);
        let back = Message::parse(&out).expect("edited message parses");
        for (p, v) in EDITS {
            assert_eq!(
                back.get(p).unwrap().as_deref(),
                Some(v),
                "{p} did not read back"
            );
        }
        assert_eq!(
            back.get("PID-5.2").unwrap(),
            msg.get("PID-5.2").unwrap(),
            "PID-5.2 changed"
        );
        assert_eq!(
            back.get("RXA-5.1").unwrap(),
            msg.get("RXA-5.1").unwrap(),
            "RXA-5.1 changed"
        );
        assert_eq!(back.segment_count(), msg.segment_count());
    }

    let mut g = c.benchmark_group("builder");
    g.sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::ElementsAndBytes {
        elements: msgs.len() as u64,
        bytes,
    });
    g.bench_function("to_owned_set3_serialize", |b| {
        b.iter(|| {
            for msg in &parsed {
                let mut owned = msg.to_owned_message();
                for (p, v) in EDITS {
                    owned.set(p, black_box(v)).unwrap();
                }
                out.clear();
                owned.write_to(&mut out);
                black_box(&out);
            }
        })
    });
    g.bench_function("to_owned_serialize", |b| {
        b.iter(|| {
            for msg in &parsed {
                let owned = msg.to_owned_message();
                out.clear();
                owned.write_to(&mut out);
                black_box(&out);
            }
        })
    });
    g.finish();

    // ------------------------------------------------------------ escapes
    // Inputs: (a) every leaf value of the corpus (each component of each repetition of each
    // field), raw as on the wire, the granularity `get` decodes at; (b) each whole message as
    // one text, decoded (few escapes) and encoded (every delimiter escaped).
    let d = Delimiters::default();
    let mut leaves_raw: Vec<&str> = Vec::new();
    for msg in &parsed {
        for seg in msg.segments() {
            for f in seg.fields().skip(if seg.id() == "MSH" { 2 } else { 0 }) {
                for r in f.repetitions() {
                    for comp in r.components() {
                        leaves_raw.push(comp.as_str());
                    }
                }
            }
        }
    }
    let leaves_dec: Vec<String> = leaves_raw
        .iter()
        .map(|v| escape::decode(v, &d).into_owned())
        .collect();
    let texts_enc: Vec<String> = msgs
        .iter()
        .map(|m| escape::encode(m, &d).into_owned())
        .collect();
    for v in &leaves_dec {
        assert_eq!(escape::decode(&escape::encode(v, &d), &d), v.as_str());
    }
    for (e, m) in texts_enc.iter().zip(&msgs) {
        assert_eq!(escape::decode(e, &d), *m, "decode(encode(message)) differs");
    }
    let n_escaped = leaves_raw.iter().filter(|v| v.contains('\\')).count();
    eprintln!(
        "escape inputs: {} leaf values ({} bytes, {} with escapes); {} messages ({} bytes)",
        leaves_raw.len(),
        leaves_raw.iter().map(|v| v.len()).sum::<usize>(),
        n_escaped,
        msgs.len(),
        bytes
    );

    let mut g = c.benchmark_group("escape");
    g.sampling_mode(SamplingMode::Flat);
    let leaf_bytes = |v: &[&str]| v.iter().map(|s| s.len() as u64).sum::<u64>();
    g.throughput(Throughput::ElementsAndBytes {
        elements: leaves_raw.len() as u64,
        bytes: leaf_bytes(&leaves_raw),
    });
    g.bench_function("decode_leaves", |b| {
        b.iter(|| {
            for &v in &leaves_raw {
                black_box(escape::decode(black_box(v), &d));
            }
        })
    });
    let dec_refs: Vec<&str> = leaves_dec.iter().map(String::as_str).collect();
    g.throughput(Throughput::ElementsAndBytes {
        elements: dec_refs.len() as u64,
        bytes: leaf_bytes(&dec_refs),
    });
    g.bench_function("encode_leaves", |b| {
        b.iter(|| {
            for &v in &dec_refs {
                black_box(escape::encode(black_box(v), &d));
            }
        })
    });
    g.throughput(Throughput::ElementsAndBytes {
        elements: msgs.len() as u64,
        bytes,
    });
    g.bench_function("decode_message_text", |b| {
        b.iter(|| {
            for &m in &msgs {
                black_box(escape::decode(black_box(m), &d));
            }
        })
    });
    g.bench_function("encode_message_text", |b| {
        b.iter(|| {
            for &m in &msgs {
                black_box(escape::encode(black_box(m), &d));
            }
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_write
}
criterion_main!(benches);
