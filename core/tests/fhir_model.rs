//! izkit's FHIR model: JSON read and written back unchanged, unknown elements kept, decimals
//! keep their digits, errors that say where and never what.

use izkit::fhir::model::{Bundle, Decimal, Immunization, Patient, Resource};
use izkit::fhir::{read_resource, write_resource};
use serde_json::Value;

const BUNDLE: &str = r#"{
  "resourceType": "Bundle", "id": "b1", "type": "collection",
  "meta": {"tag": [{"system": "urn:x", "code": "t"}]},
  "entry": [
    {"fullUrl": "urn:uuid:1", "resource": {
      "resourceType": "Patient", "id": "p1",
      "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"},
      "name": [{"use": "official", "family": "Doe", "given": ["Jane", "Q"]}],
      "birthDate": "2020-01-01",
      "_birthDate": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime", "valueDateTime": "2020-01-01T10:15:00-05:00"}]},
      "photo": [{"contentType": "image/png"}],
      "extension": [{"url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race",
                     "extension": [{"url": "ombCategory", "valueCoding": {"system": "urn:oid:2.16.840.1.113883.6.238", "code": "2106-3"}},
                                   {"url": "text", "valueString": "White"}]}]}},
    {"fullUrl": "urn:uuid:2", "resource": {
      "resourceType": "Immunization", "status": "completed",
      "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "208"}]},
      "patient": {"reference": "urn:uuid:1"}, "occurrenceDateTime": "2021-03-04T10:15:00-05:00",
      "doseQuantity": {"value": 0.50, "unit": "mL", "system": "http://unitsofmeasure.org", "code": "mL"},
      "protocolApplied": [{"doseNumberPositiveInt": 1, "seriesDosesString": "2"}],
      "someFutureElement": {"a": [1, 2, 3]}}},
    {"resource": {"resourceType": "Provenance", "target": [{"reference": "urn:uuid:2"}]}}
  ]
}"#;

#[test]
fn a_bundle_reads_and_writes_back_the_same_json() {
    let r = read_resource(BUNDLE).unwrap();
    assert_eq!(r.resource_type(), "Bundle");
    let Resource::Bundle(b) = &r else {
        panic!("not a bundle")
    };
    assert_eq!(b.entry.len(), 3);
    let Some(Resource::Patient(p)) = &b.entry[0].resource else {
        panic!()
    };
    assert_eq!(p.name[0].given, ["Jane", "Q"]);
    assert!(p.extra.contains_key("_birthDate") && p.extra.contains_key("photo"));
    assert_eq!(p.extension[0].extension.len(), 2);
    let Some(Resource::Immunization(i)) = &b.entry[1].resource else {
        panic!()
    };
    assert_eq!(i.protocol_applied[0].dose_number_positive_int, Some(1));
    assert!(i.extra.contains_key("someFutureElement"));
    let Some(Resource::Other(o)) = &b.entry[2].resource else {
        panic!()
    };
    assert_eq!(o["resourceType"], "Provenance");

    let out = write_resource(&r);
    let a: Value = serde_json::from_str(BUNDLE).unwrap();
    let b: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(a, b);
    // The decimal keeps its digits, and resourceType comes first.
    assert!(out.contains(r#""value":0.50"#), "{out}");
    assert!(out.starts_with(r#"{"resourceType":"Bundle""#));
}

/// `write_resource` writes JSON itself: byte for byte what serde_json writes, escapes, kept
/// unknown elements and resources of other types included.
#[test]
fn write_resource_writes_what_serde_json_writes() {
    let odd = r#"{"resourceType": "Patient", "id": "p\u0001",
      "name": [{"family": "O\"Brien\\ \u001f\t\b\f\r\n\u2028 Ünal 😀", "given": ["", "a/b"]}],
      "multipleBirthInteger": -3, "extension": [{"url": "u", "valueDecimal": 1e3}],
      "_gender": {"x": [null, true, 1.5, {"y": "z\u007f"}]}}"#;
    for json in [BUNDLE, odd] {
        let r = read_resource(json).unwrap();
        assert_eq!(write_resource(&r), serde_json::to_string(&r).unwrap());
    }
}

#[test]
fn resource_type_may_come_anywhere_and_must_match() {
    let r = read_resource(r#"{"gender":"female","resourceType":"Patient"}"#).unwrap();
    assert_eq!(r.resource_type(), "Patient");
    let e = serde_json::from_str::<Patient>(r#"{"resourceType":"Immunization"}"#).unwrap_err();
    assert!(e.to_string().contains("expected \"Patient\""), "{e}");
    let e = read_resource(r#"{"status":"completed"}"#).unwrap_err();
    assert_eq!(e.code(), "fhir_json");
}

#[test]
fn errors_say_where_but_never_echo_values() {
    let e =
        read_resource("{\"resourceType\":\"Patient\",\n\"gender\":[\"Smith-Jones\"]}").unwrap_err();
    let text = e.to_string();
    assert!(!text.contains("Smith"), "{text}");
    assert!(text.contains("line 2"), "{text}");
    let e = read_resource("{\"resourceType\":\"Patient\",\"name\":").unwrap_err();
    assert!(e.to_string().contains("ends early"), "{e}");
    let e = read_resource("[1,2]").unwrap_err();
    assert_eq!(e.code(), "fhir_json");
}

#[test]
fn decimals_keep_their_digits_and_reject_non_numbers() {
    assert_eq!(Decimal::parse("0.50").unwrap().as_str(), "0.50");
    assert!(Decimal::parse("abc").is_none());
    assert!(Decimal::parse(" 1").is_none());
    assert!(serde_json::from_str::<Decimal>(r#""0.5""#).is_err());
    let d: Decimal = serde_json::from_str("1.250").unwrap();
    assert_eq!(serde_json::to_string(&d).unwrap(), "1.250");
    // Through serde_json::Value the digits become a float, as Value keeps them.
    let v = serde_json::to_value(&d).unwrap();
    assert_eq!(v, serde_json::json!(1.25));
}

#[test]
fn typed_values_build_and_serialize_without_absent_elements() {
    let imm = Immunization {
        status: Some("completed".into()),
        lot_number: Some("A1".into()),
        ..Default::default()
    };
    let json = serde_json::to_string(&Resource::from(imm)).unwrap();
    assert_eq!(
        json,
        r#"{"resourceType":"Immunization","status":"completed","lotNumber":"A1"}"#
    );
    let b: Bundle = serde_json::from_str(r#"{"resourceType":"Bundle","entry":[]}"#).unwrap();
    assert!(b.entry.is_empty());
}
