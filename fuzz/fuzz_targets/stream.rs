//! `stream`: `Splitter`, `MessageReader` and `parse_many` over arbitrary bytes.
//!
//! Checked, as `v2::stream` documents it ("the input is cut into items that together cover every
//! byte, so writing the items back in order reproduces the input exactly; `MessageReader` does
//! the same over any `Read`"):
//! - nothing panics and every loop ends;
//! - the `Splitter` items concatenate back to the input, each at the offset it reports;
//! - `MessageReader` yields the same items, however the input is cut into reads (the first
//!   input byte picks a read size, so item boundaries fall across reads);
//! - `parse_many` (on UTF-8 input) returns one message per message item, each holding exactly
//!   that item's text; with a small size limit `MessageReader` still ends.
#![no_main]

use izkit::v2::{ItemKind, Splitter};
use izkit::{parse_many, Item, MessageReader, ParseOptions};
use libfuzzer_sys::fuzz_target;
use std::io::Read;

/// A reader that hands out at most `step` bytes per `read`.
struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

#[derive(Debug, PartialEq, Eq)]
struct Owned {
    kind: ItemKind,
    offset: usize,
    bytes: Vec<u8>,
}

impl From<&Item<'_>> for Owned {
    fn from(i: &Item<'_>) -> Self {
        Owned {
            kind: i.kind,
            offset: i.offset,
            bytes: i.bytes.to_vec(),
        }
    }
}

fuzz_target!(|input: &[u8]| {
    let Some((&knob, data)) = input.split_first() else {
        return;
    };

    // ---- Splitter: items cover the input exactly, in order.
    let items: Vec<Owned> = Splitter::new(data).map(|i| Owned::from(&i)).collect();
    let mut pos = 0;
    for it in &items {
        assert_eq!(it.offset, pos, "Splitter item offset");
        assert!(!it.bytes.is_empty(), "Splitter yields an empty item");
        assert_eq!(&data[pos..pos + it.bytes.len()], &it.bytes[..]);
        pos += it.bytes.len();
    }
    assert_eq!(pos, data.len(), "Splitter items do not cover the input");

    // ---- MessageReader: the same items, whatever the read size.
    let step = 1 + (knob as usize % 64);
    for reader_step in [data.len().max(1), step] {
        let mut r = MessageReader::new(Trickle {
            data,
            step: reader_step,
        });
        let mut got = Vec::new();
        while let Some(item) = r.next_item() {
            let item = item
                .unwrap_or_else(|e| panic!("MessageReader error within the default limits: {e}"));
            got.push(Owned::from(&item));
            assert!(got.len() <= data.len() + 1, "MessageReader does not end");
        }
        assert_eq!(
            got, items,
            "MessageReader (reads of {reader_step} bytes) and Splitter differ"
        );
    }

    // ---- MessageReader with a small size limit: errors allowed, but it must end.
    let opts = ParseOptions::default().max_message_size(1 + (knob as usize % 32));
    let mut r = MessageReader::with_options(Trickle { data, step }, &opts);
    let mut n = 0usize;
    while let Some(item) = r.next_item() {
        if let Ok(item) = item {
            assert!(
                item.bytes.len() <= opts.max_message_size,
                "item larger than the limit"
            );
        }
        n += 1;
        assert!(
            n <= 2 * data.len() + 2,
            "MessageReader with a size limit does not end"
        );
    }

    // ---- parse_many: one message per message item, holding exactly its text.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(msgs) = parse_many(text) {
        let message_items: Vec<&Owned> = items
            .iter()
            .filter(|i| i.kind == ItemKind::Message)
            .collect();
        assert_eq!(
            msgs.len(),
            message_items.len(),
            "parse_many: one message per message item"
        );
        for (m, it) in msgs.iter().zip(message_items) {
            assert_eq!(
                m.as_str().as_bytes(),
                &it.bytes[..],
                "parse_many message text differs from its item"
            );
        }
        let joined: String = msgs.iter().map(|m| m.to_string()).collect();
        let envelope: usize = items
            .iter()
            .filter(|i| i.kind != ItemKind::Message)
            .map(|i| i.bytes.len())
            .sum();
        assert_eq!(
            joined.len() + envelope,
            text.len(),
            "messages and envelope items do not cover the input"
        );
    }
});
