//! `route`: arbitrary bytes that parse as a message are routed with the default policy, and
//! the same bytes are loaded as a policy (JSON) extending the default.
//!
//! Checked: routing never panics and never fails with the default policy (each send rendered
//! with its MSH-5/MSH-6); every message gets a send or a hold; only sends carry `hl7`; a PD1-12 = `Y` record is sent only to administering jurisdictions; a policy either
//! loads or fails with a `policy_load` error, never a panic.
#![no_main]

use izkit::route::{route, Action, Jurisdictions, Policy};
use izkit::v2::decode_bytes;
use izkit::Message;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(e) = Policy::from_json(text, Jurisdictions::builtin()) {
            assert_eq!(e.code(), "policy_load", "policy errors are policy_load");
        }
    }
    let Ok(text) = decode_bytes(data) else { return };
    let Ok(msg) = Message::parse(&text) else {
        return;
    };
    let r = route(&msg).expect("the default policy routes every message");
    assert!(
        r.decisions
            .iter()
            .any(|d| matches!(d.action, Action::Send | Action::Hold)),
        "every message gets a send or a hold"
    );
    if r.facts.protection.as_deref() == Some("Y") {
        for dest in r.sent_to() {
            assert!(
                r.facts
                    .administering
                    .iter()
                    .any(|a| a.jurisdiction.as_deref() == Some(dest)),
                "a protected record went to a non-administering jurisdiction"
            );
        }
    }
    for d in &r.decisions {
        assert_eq!(
            d.hl7.is_some(),
            d.action == Action::Send,
            "sends and only sends render"
        );
    }
});
