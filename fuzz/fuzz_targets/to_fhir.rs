//! `to_fhir`: arbitrary bytes that parse as a message are mapped to a FHIR Bundle, with both
//! `LocalTime` options.
//!
//! Checked: the mapping never panics; it either fails with a `to_fhir` error or gives a
//! Bundle whose JSON reads back (with izkit's model) to the same JSON; the same input gives
//! the same Bundle; every `fullUrl` is unique.
#![no_main]

use izkit::fhir::{read_resource, to_fhir_json, write_resource, LocalTime, ToFhirOptions};
use izkit::v2::decode_bytes;
use izkit::Message;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode_bytes(data) else { return };
    let Ok(msg) = Message::parse(&text) else {
        return;
    };
    let offset = data.first().map_or(0, |b| i32::from(*b) * 11 - 1400);
    for local_time in [LocalTime::DateOnly, LocalTime::Offset(offset)] {
        let opts = ToFhirOptions { local_time };
        match to_fhir_json(&msg, &opts) {
            Ok(json) => {
                assert_eq!(
                    to_fhir_json(&msg, &opts).ok().as_deref(),
                    Some(json.as_str()),
                    "same message, same Bundle"
                );
                let back = read_resource(&json).expect("a Bundle izkit wrote reads back");
                let again = write_resource(&back);
                let a: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
                let b: serde_json::Value = serde_json::from_str(&again).expect("valid JSON");
                assert_eq!(a, b, "reads back to equal JSON");
                let mut urls = std::collections::HashSet::new();
                for e in a["entry"].as_array().into_iter().flatten() {
                    let url = e["fullUrl"].as_str().expect("fullUrl");
                    assert!(urls.insert(url.to_owned()), "duplicate fullUrl");
                }
            }
            Err(e) => assert_eq!(e.code(), "to_fhir"),
        }
    }
});
