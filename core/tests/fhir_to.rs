//! v2 → FHIR (`izkit::fhir::to_fhir`): the corpus converts, the rules of docs/FHIR-MAPPING.md
//! hold on real messages, snapshots of whole Bundles, properties over generated VXUs.

mod common;

use izkit::fhir::model::{Bundle, Resource};
use izkit::fhir::{read_resource, to_fhir, to_fhir_json, LocalTime, ToFhirOptions};
use izkit::Message;

fn bundle(text: &str) -> Bundle {
    to_fhir(&Message::parse(text).unwrap(), &ToFhirOptions::default()).unwrap()
}

#[test]
#[ignore]
fn dump() {
    for (name, text) in common::corpus() {
        let Ok(msg) = Message::parse(&text) else {
            continue;
        };
        let out = match to_fhir(&msg, &ToFhirOptions::default()) {
            Ok(b) => serde_json::to_string_pretty(&b).unwrap(),
            Err(e) => format!("ERROR {e}"),
        };
        std::fs::write(format!("/tmp/tf/{}.json", name.replace('/', "__")), out).unwrap();
    }
}
