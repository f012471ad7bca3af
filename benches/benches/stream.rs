//! Many messages in one input: `Splitter`, `parse_many` and `MessageReader` over the whole
//! 5,000-message corpus file given as one input (the `\n` between messages is left in, as a
//! file on disk has it).
//!
//! Each iteration processes the whole file; msgs/s and bytes/s (bytes of the whole file) are
//! reported. Before timing, each API must find exactly the corpus's messages, its items must
//! concatenate back to the file, and the messages must read the generator's expected values.
//!
//! Run: `cargo bench -p izkit-benches --bench stream`.

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use izkit::v2::{decode_bytes, ItemKind, Splitter};
use izkit::{parse_many, MessageReader};
use izkit_benches::{load_corpus, unescape, verify_izkit, ACCESS_PATHS};
use std::hint::black_box;
use std::time::Duration;

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

fn bench_stream(c: &mut Criterion) {
    let corpus = load_corpus();
    verify_izkit(&corpus);
    let file = corpus.text.as_str();
    let n = corpus.messages().len();

    // ------------------------------------------------------------ checks (untimed)
    let items: Vec<_> = Splitter::new(file.as_bytes()).collect();
    assert_eq!(
        items.len(),
        n,
        "Splitter found {} items, the corpus has {n} messages",
        items.len()
    );
    assert!(items.iter().all(|i| i.kind == ItemKind::Message));
    assert_eq!(
        items.concat_bytes(),
        file.as_bytes(),
        "Splitter items do not concatenate to the file"
    );
    let parsed = parse_many(file).expect("parse_many accepts the corpus");
    assert_eq!(parsed.len(), n);
    for (i, (msg, exp)) in parsed.iter().zip(&corpus.expected).enumerate() {
        for (k, p) in ACCESS_PATHS.iter().enumerate() {
            let got = msg.get(p).unwrap();
            assert_eq!(
                got.as_deref(),
                Some(unescape(&exp[k]).as_str()),
                "parse_many message {}: {p}",
                i + 1
            );
        }
    }
    drop(parsed);
    let mut reader = MessageReader::new(file.as_bytes());
    let mut joined = Vec::with_capacity(file.len());
    let mut count = 0;
    while let Some(item) = reader.next_item() {
        let item = item.expect("MessageReader item");
        joined.extend_from_slice(item.bytes);
        count += 1;
    }
    assert_eq!(
        count, n,
        "MessageReader found {count} items, the corpus has {n} messages"
    );
    assert_eq!(
        joined,
        file.as_bytes(),
        "MessageReader items do not concatenate to the file"
    );

    // ------------------------------------------------------------ timed
    let mut g = c.benchmark_group("stream");
    g.sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::ElementsAndBytes {
        elements: n as u64,
        bytes: file.len() as u64,
    });
    g.bench_function("splitter", |b| {
        b.iter(|| {
            for item in Splitter::new(black_box(file.as_bytes())) {
                black_box(item);
            }
        })
    });
    g.bench_function("parse_many", |b| {
        b.iter(|| black_box(parse_many(black_box(file)).unwrap()))
    });
    g.bench_function("message_reader", |b| {
        b.iter(|| {
            let mut r = MessageReader::new(black_box(file.as_bytes()));
            while let Some(item) = r.next_item() {
                black_box(item.unwrap());
            }
        })
    });
    g.bench_function("message_reader_parse", |b| {
        b.iter(|| {
            let mut r = MessageReader::new(black_box(file.as_bytes()));
            while let Some(item) = r.next_item() {
                let item = item.unwrap();
                let text = decode_bytes(item.bytes).unwrap();
                black_box(izkit::Message::parse(&text).unwrap());
            }
        })
    });
    g.finish();
}

/// Concatenation of item bytes.
trait ConcatBytes {
    fn concat_bytes(&self) -> Vec<u8>;
}

impl ConcatBytes for Vec<izkit::Item<'_>> {
    fn concat_bytes(&self) -> Vec<u8> {
        self.iter().flat_map(|i| i.bytes.iter().copied()).collect()
    }
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_stream
}
criterion_main!(benches);
