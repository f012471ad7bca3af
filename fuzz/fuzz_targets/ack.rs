//! `ack`: arbitrary bytes parsed as a message, then read as an acknowledgement and answered
//! with one.
//!
//! Checked (all documented in `conformance::ack`): `Acknowledgement::read` never panics; when
//! it reads, what `to_message` writes parses and reads back equal (and writing it again gives
//! the same text). `build_ack` with findings made up from the input (locations in its
//! segments, any codes and severities, texts cut from the input, so full of delimiters)
//! never panics, writes a message that parses and converts back byte for byte, answers with
//! the IG's decision (RSP Z33 with at most one ERR for a QBP with errors), never reuses the
//! message's control id, and reads back as `Acknowledgement::from_findings` says.
#![no_main]

use izkit::conformance::{
    build_ack, write_ack, AckCode, AckOptions, Acknowledgement, Finding, Location, Severity,
};
use izkit::v2::decode_bytes;
use izkit::Message;
use libfuzzer_sys::fuzz_target;

/// A small deterministic generator seeded from the input, for the findings and options.
struct Rng(u64);

impl Rng {
    fn new(data: &[u8]) -> Rng {
        // FNV-1a.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in data {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        Rng(h | 1)
    }

    fn next(&mut self) -> u64 {
        // xorshift64
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn maybe(&mut self) -> bool {
        self.next() & 1 == 1
    }

    fn position(&mut self) -> Option<u32> {
        self.maybe().then(|| self.below(30) as u32)
    }
}

/// Characters `start..start + len` of `text` (so any delimiter, escape or control character
/// the input holds ends up in a finding's text).
fn cut(text: &str, rng: &mut Rng) -> String {
    let n = text.chars().count() as u64;
    let start = rng.below(n + 1) as usize;
    let len = rng.below(40) as usize;
    text.chars().skip(start).take(len).collect()
}

fn findings(msg: &Message<'_>, text: &str, rng: &mut Rng) -> Vec<Finding> {
    const CODES: [u16; 12] = [0, 100, 101, 102, 103, 200, 201, 202, 203, 204, 207, 999];
    let count = rng.below(5);
    (0..count)
        .map(|_| {
            let severity = match rng.below(3) {
                0 => Severity::Error,
                1 => Severity::Warning,
                _ => Severity::Information,
            };
            let code = if rng.below(8) == 0 {
                rng.next() as u16
            } else {
                CODES[rng.below(CODES.len() as u64) as usize]
            };
            let location = match rng.below(4) {
                0 => None,
                // A made-up segment id, usually not a valid one.
                1 => Some(Location::segment(&cut(text, rng), rng.below(3) as u32)),
                _ => {
                    let i = rng.below(msg.segment_count() as u64) as usize;
                    msg.segment(i).map(|s| Location {
                        segment: s.id().to_string(),
                        sequence: s.occurrence() as u32,
                        field: rng.position(),
                        repetition: rng.position(),
                        component: rng.position(),
                        subcomponent: rng.position(),
                    })
                }
            };
            let mut f = Finding::new(severity, code, location, cut(text, rng));
            if rng.maybe() {
                f = f.with_app_code(rng.next() as u8);
            }
            if rng.maybe() {
                f = f.with_rule(cut(text, rng));
            }
            f
        })
        .collect()
}

fn check_read(msg: &Message<'_>) {
    let Ok(ack) = Acknowledgement::read(msg) else {
        return;
    };
    let written = ack.to_message().to_string();
    let back = Message::parse(&written).unwrap_or_else(|e| {
        panic!("to_message writes a message that does not parse: {e}\n{written:?}")
    });
    let again = Acknowledgement::read(&back).expect("what to_message writes reads back");
    assert_eq!(
        again, ack,
        "read(to_message(read(x))) != read(x)\n{written:?}"
    );
    assert_eq!(
        again.to_message().to_string(),
        written,
        "writing is not stable"
    );
}

fn check_build(msg: &Message<'_>, text: &str, rng: &mut Rng) {
    let fs = findings(msg, text, rng);
    let fixed = rng.maybe();
    let opts = AckOptions {
        control_id: fixed.then(|| cut(text, rng)),
        // Never empty: an empty one means "now", which may change between two calls.
        timestamp: fixed.then(|| format!("2024{}", cut(text, rng))),
        sending_application: rng.maybe().then(|| cut(text, rng)),
        sending_facility: rng.maybe().then(|| cut(text, rng)),
        accepted_err: rng.maybe(),
        max_errors: rng.maybe().then(|| rng.below(4) as usize),
    };
    let out = build_ack(msg, &fs, &opts).to_string();
    let mut direct = String::new();
    write_ack(msg, &fs, &opts, &mut direct);
    if fixed {
        assert_eq!(direct, out, "write_ack and build_ack differ");
    }
    let parsed = Message::parse(&out)
        .unwrap_or_else(|e| panic!("build_ack writes a message that does not parse: {e}\n{out:?}"));
    Message::parse_indexed(&out).expect("and indexed");
    assert_eq!(
        parsed.to_owned_message().to_string(),
        out,
        "no byte-exact round trip"
    );
    let ack = Acknowledgement::read(&parsed).expect("build_ack writes an acknowledgement");

    let code = AckCode::from_findings(&fs);
    assert_eq!(ack.code, code);
    let is_qbp = msg
        .get("MSH-9.1")
        .ok()
        .flatten()
        .is_some_and(|c| c.trim().eq_ignore_ascii_case("QBP"));
    if is_qbp && code == AckCode::AE {
        assert_eq!(ack.message_type.code, "RSP");
        assert!(ack.errors.len() <= 1, "RSP with more than one ERR");
        assert!(ack.query.is_some());
    } else {
        assert_eq!(ack.message_type.code, "ACK");
        assert!(ack.query.is_none());
    }
    if let Some(max) = opts.max_errors {
        assert!(ack.errors.len() <= max);
    }
    if opts.control_id.is_none() {
        let incoming = msg.get_raw("MSH-10").ok().flatten().unwrap_or("");
        let own = parsed.get_raw("MSH-10").ok().flatten().unwrap_or("");
        assert_ne!(own, incoming, "the ACK reuses the message's control id");
    } else {
        let model = Acknowledgement::from_findings(msg, &fs, &opts);
        assert_eq!(ack, model, "read(build_ack) != from_findings\n{out:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode_bytes(data) else { return };
    let Ok(msg) = Message::parse(&text) else {
        return;
    };
    check_read(&msg);
    let mut rng = Rng::new(data);
    for _ in 0..2 {
        check_build(&msg, &text, &mut rng);
    }
});
