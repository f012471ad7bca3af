//! `from_fhir`: arbitrary UTF-8 read as FHIR JSON and mapped to v2 (VXU^V04 / QBP^Q11).
//!
//! Checked: `from_fhir_json` never panics; an error is `fhir_json` or `from_fhir`; every
//! message it writes parses (lazy and indexed), converts back byte for byte, is a VXU^V04
//! (Z22) or a QBP^Q11 (Z44), and validates without the validator failing; the same input gives
//! the same messages (the options fix the time); whenever `read_resource` reads the text,
//! `from_fhir` on what it read gives exactly what `from_fhir_json` gives (the faster JSON path
//! reads the same resources).
#![no_main]

use izkit::conformance::validate;
use izkit::fhir::{from_fhir, from_fhir_json, read_resource, FromFhirOptions};
use izkit::Message;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    let opts = FromFhirOptions {
        timestamp: Some("20240102120000+0000".into()),
        sending_facility: Some("CLINIC^1.2.3^ISO".into()),
        ..FromFhirOptions::default()
    };
    let fast = from_fhir_json(json, &opts);
    if let Ok(r) = read_resource(json) {
        let slow = from_fhir(&r, &opts);
        match (&fast, &slow) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a, b, "from_fhir_json and from_fhir(read_resource) differ")
            }
            (Err(a), Err(b)) => assert_eq!(a.code(), b.code()),
            _ => panic!("from_fhir_json: {fast:?}, from_fhir(read_resource): {slow:?}"),
        }
    }
    let out = match fast {
        Ok(out) => out,
        Err(e) => {
            assert!(matches!(e.code(), "fhir_json" | "from_fhir"), "{e:?}");
            return;
        }
    };
    assert_eq!(
        from_fhir_json(json, &opts).expect("the same input maps again"),
        out,
        "not deterministic"
    );
    for text in &out {
        let msg = Message::parse(text).unwrap_or_else(|e| {
            panic!("from_fhir writes a message that does not parse: {e}\n{text:?}")
        });
        Message::parse_indexed(text).expect("and indexed");
        assert_eq!(
            msg.to_owned_message().to_string(),
            *text,
            "no byte-exact round trip"
        );
        let mt = msg.get_raw("MSH-9").ok().flatten().unwrap_or("");
        let profile = msg.get_raw("MSH-21").ok().flatten().unwrap_or("");
        assert!(
            (mt == "VXU^V04^VXU_V04" && profile == "Z22^CDCPHINVS")
                || (mt == "QBP^Q11^QBP_Q11" && profile == "Z44^CDCPHINVS"),
            "{mt} {profile}"
        );
        validate(&msg, None).expect("validates");
    }
});
