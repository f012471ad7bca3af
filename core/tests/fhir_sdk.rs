//! The `fhir-sdk` feature: izkit's FHIR model ⇄ fhir-sdk's R4B types.
//!
//! Run with `cargo test -p izkit --features fhir-sdk --test fhir_sdk` (`make test-fhir-sdk`).
#![cfg(feature = "fhir-sdk")]
#![recursion_limit = "256"]

use fhir_sdk::r4b::resources as r4b;
use fhir_sdk::r4b::types as r4b_types;
use izkit::fhir::model::{self, Resource};
use izkit::fhir::sdk::{from_sdk, to_sdk};
use izkit::ErrorKind;
use serde_json::{json, Value};

/// A Bundle shaped like the v2 → FHIR mapping's output for a VXU and an RSP (docs/FHIR-MAPPING.md):
/// every resource type of the mapping, US Core race, a `_birthDate` primitive extension,
/// an Immunization with doseQuantity 0.5, education, programEligibility and reportOrigin,
/// a forecast with dateCriterion, an OperationOutcome.
fn mapping_bundle() -> Value {
    let izkit_ext = "https://izkit.dev/fhir/StructureDefinition/";
    json!({
        "resourceType": "Bundle",
        "id": "b1",
        "meta": {"lastUpdated": "2021-03-04T10:15:00-05:00"},
        "identifier": {"system": "urn:hl7v2:hd:MYEHR", "value": "MSG-0001"},
        "type": "message",
        "timestamp": "2021-03-04T10:15:00-05:00",
        "entry": [
            {"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000001", "resource": {
                "resourceType": "MessageHeader",
                "id": "mh1",
                "extension": [{"url": format!("{izkit_ext}msh-21"),
                    "valueCoding": {"system": "urn:oid:2.16.840.1.114222.4.5.274", "code": "Z22"}}],
                "eventCoding": {"system": "http://terminology.hl7.org/CodeSystem/v2-0003", "code": "V04"},
                "destination": [{"name": "IIS", "endpoint": "urn:hl7v2:hd:IIS",
                    "receiver": {"reference": "urn:uuid:00000000-0000-4000-8000-000000000009"}}],
                "sender": {"reference": "urn:uuid:00000000-0000-4000-8000-000000000008"},
                "source": {"name": "MYEHR", "endpoint": "urn:hl7v2:hd:MYEHR"},
                "response": {"identifier": "MSG-0000", "code": "ok"},
                "focus": [{"reference": "urn:uuid:00000000-0000-4000-8000-000000000004"}]
            }},
            {"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000002", "resource": {
                "resourceType": "Patient",
                "id": "p1",
                "meta": {"security": [{"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality",
                    "code": "R", "display": "restricted"}]},
                "extension": [
                    {"url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race", "extension": [
                        {"url": "ombCategory", "valueCoding": {"system": "urn:oid:2.16.840.1.113883.6.238",
                            "code": "2106-3", "display": "White"}},
                        {"url": "text", "valueString": "White"}]},
                    {"url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity", "extension": [
                        {"url": "ombCategory", "valueCoding": {"system": "urn:oid:2.16.840.1.113883.6.238",
                            "code": "2186-5", "display": "Not Hispanic or Latino"}},
                        {"url": "text", "valueString": "Not Hispanic or Latino"}]},
                    {"url": "http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName",
                        "valueString": "Doe"},
                    {"url": format!("{izkit_ext}pd1-protection-indicator"), "valueCode": "Y"},
                    {"url": format!("{izkit_ext}pd1-protection-indicator-date"), "valueDate": "2021-03-01"},
                    {"url": format!("{izkit_ext}pd1-registry-status"), "valueCoding": {
                        "system": "http://terminology.hl7.org/CodeSystem/v2-0441", "code": "A"}}
                ],
                "identifier": [{"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203",
                        "code": "MR"}]}, "system": "urn:hl7v2:hd:MYEHR", "value": "12345",
                    "assigner": {"display": "MYEHR"}}],
                "active": true,
                "name": [{"use": "official", "family": "Smith", "given": ["Jane", "Q"],
                    "extension": [{"url": format!("{izkit_ext}xpn-7"), "valueCode": "L"}]}],
                "telecom": [{"system": "phone", "value": "5551234567", "use": "home",
                    "extension": [
                        {"url": "http://hl7.org/fhir/StructureDefinition/contactpoint-area", "valueString": "555"},
                        {"url": "http://hl7.org/fhir/StructureDefinition/contactpoint-local", "valueString": "1234567"}]}],
                "gender": "female",
                "birthDate": "2020-01-02",
                "_birthDate": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime",
                    "valueDateTime": "2020-01-02T08:30:00-05:00"}]},
                "address": [{"use": "home", "type": "physical", "line": ["123 Main St", "Apt 4"],
                    "city": "Springfield", "district": "Sangamon", "state": "IL", "postalCode": "62701",
                    "country": "USA"}],
                "multipleBirthInteger": 2,
                "communication": [{"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": "en"}]},
                    "preferred": true}],
                "generalPractitioner": [{"reference": "urn:uuid:00000000-0000-4000-8000-000000000005"}]
            }},
            {"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000003", "resource": {
                "resourceType": "RelatedPerson",
                "patient": {"reference": "urn:uuid:00000000-0000-4000-8000-000000000002"},
                "relationship": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0063",
                    "code": "MTH", "display": "Mother"}]}],
                "name": [{"family": "Smith", "given": ["Mary"]}],
                "telecom": [{"system": "email", "value": "mary@example.org"}],
                "gender": "female",
                "birthDate": "1990",
                "address": [{"city": "Springfield", "state": "IL"}],
                "period": {"start": "2020-01"}
            }},
            {"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000004", "resource": {
                "resourceType": "Immunization",
                "id": "imm1",
                "extension": [{"url": format!("{izkit_ext}rxa-20"), "valueCode": "CP"}],
                "identifier": [{"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203",
                        "code": "FILL"}]}, "system": "urn:hl7v2:hd:MYEHR", "value": "65930"}],
                "status": "completed",
                "vaccineCode": {"coding": [
                    {"system": "http://hl7.org/fhir/sid/cvx", "code": "208",
                        "display": "SARS-COV-2 (COVID-19) vaccine, mRNA, spike protein, LNP, preservative free, 30 mcg/0.3mL dose"},
                    {"system": "http://hl7.org/fhir/sid/ndc", "code": "59267-1000-01"}]},
                "patient": {"reference": "urn:uuid:00000000-0000-4000-8000-000000000002"},
                "occurrenceDateTime": "2021-03-04T10:15:00-05:00",
                "recorded": "2021-03-04",
                "primarySource": false,
                "reportOrigin": {"coding": [
                    {"system": "urn:oid:2.16.840.1.114222.4.5.274", "code": "01",
                        "display": "Historical information - source unspecified"},
                    {"system": "http://terminology.hl7.org/CodeSystem/immunization-origin", "code": "record"}]},
                "location": {"reference": "urn:uuid:00000000-0000-4000-8000-000000000007"},
                "manufacturer": {"reference": "urn:uuid:00000000-0000-4000-8000-000000000006"},
                "lotNumber": "EW0150",
                "expirationDate": "2021-07-31",
                "site": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0163", "code": "LD",
                    "display": "Left Deltoid"}]},
                "route": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0162", "code": "IM"}]},
                "doseQuantity": {"value": 0.5, "unit": "mL", "system": "http://unitsofmeasure.org", "code": "mL"},
                "performer": [{"function": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0443",
                        "code": "AP"}]},
                    "actor": {"reference": "urn:uuid:00000000-0000-4000-8000-000000000005"}}],
                "note": [{"text": "Tolerated well", "time": "2021-03-04"}],
                "reasonCode": [{"text": "routine"}],
                "isSubpotent": false,
                "education": [{
                    "extension": [{"url": format!("{izkit_ext}vis-vaccine-type"), "valueCodeableConcept": {
                        "coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "213"}]}}],
                    "documentType": "253088698300028811210831",
                    "publicationDate": "2021-08-31",
                    "presentationDate": "2021-03-04"}],
                "programEligibility": [{"coding": [{"system": "urn:oid:2.16.840.1.114222.4.5.274",
                    "code": "V01", "display": "Not VFC eligible"}]}],
                "fundingSource": {"coding": [{"system": "urn:oid:2.16.840.1.114222.4.5.274", "code": "VXC50"}]},
                "protocolApplied": [{"series": "COVID-19 primary", "doseNumberPositiveInt": 1,
                    "seriesDosesPositiveInt": 2,
                    "targetDisease": [{"coding": [{"system": "http://snomed.info/sct", "code": "840539006"}]}]}]
            }},
            {"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000005", "resource": {
                "resourceType": "Practitioner",
                "identifier": [{"system": "urn:hl7v2:hd:MYEHR", "value": "7824"}],
                "name": [{"family": "Jackson", "given": ["Lily"], "prefix": ["Dr"], "suffix": ["MD"]}]
            }},
            {"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000006", "resource": {
                "resourceType": "Organization",
                "identifier": [{"system": "http://hl7.org/fhir/sid/mvx", "value": "PFR"}],
                "name": "Pfizer, Inc"
            }},
            {"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000007", "resource": {
                "resourceType": "Location",
                "identifier": [{"system": "urn:hl7v2:hd:MYEHR", "value": "CLINIC1"}],
                "status": "active",
                "name": "Main Street Clinic",
                "mode": "instance",
                "address": {"line": ["1 Clinic Way"], "city": "Springfield", "state": "IL", "postalCode": "62701"}
            }},
            {"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000010", "resource": {
                "resourceType": "Observation",
                "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": "75505-8"}]},
                "subject": {"reference": "urn:uuid:00000000-0000-4000-8000-000000000002"},
                "partOf": [{"reference": "urn:uuid:00000000-0000-4000-8000-000000000004"}],
                "effectiveDateTime": "2021-03-04",
                "valueCodeableConcept": {"coding": [{"system": "http://snomed.info/sct", "code": "38907003"}]}
            }},
            {"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000011", "resource": {
                "resourceType": "ImmunizationEvaluation",
                "status": "completed",
                "patient": {"reference": "urn:uuid:00000000-0000-4000-8000-000000000002"},
                "date": "2021-03-05",
                "authority": {"display": "ACIP"},
                "targetDisease": {"coding": [{"system": "http://snomed.info/sct", "code": "840539006"}]},
                "immunizationEvent": {"reference": "urn:uuid:00000000-0000-4000-8000-000000000004"},
                "doseStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/immunization-evaluation-dose-status",
                    "code": "valid"}]},
                "series": "COVID-19 primary",
                "doseNumberPositiveInt": 1,
                "seriesDosesString": "2"
            }},
            {"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000012", "resource": {
                "resourceType": "ImmunizationRecommendation",
                "patient": {"reference": "urn:uuid:00000000-0000-4000-8000-000000000002"},
                "date": "2021-03-05T00:00:00-05:00",
                "authority": {"display": "ACIP"},
                "recommendation": [{
                    "extension": [{"url": format!("{izkit_ext}forecast-schedule"), "valueCodeableConcept": {
                        "coding": [{"system": "urn:oid:2.16.840.1.114222.4.5.274", "code": "VXC16"}]}}],
                    "vaccineCode": [{"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "213"}]}],
                    "forecastStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/immunization-recommendation-status",
                        "code": "due"}]},
                    "dateCriterion": [
                        {"code": {"coding": [{"system": "http://loinc.org", "code": "30980-7"}]}, "value": "2021-03-25"},
                        {"code": {"coding": [{"system": "http://loinc.org", "code": "59777-3"}]}, "value": "2021-03-22"}],
                    "doseNumberPositiveInt": 2,
                    "supportingImmunization": [{"reference": "urn:uuid:00000000-0000-4000-8000-000000000004"}]}]
            }},
            {"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000013", "resource": {
                "resourceType": "OperationOutcome",
                "issue": [{"severity": "warning", "code": "value",
                    "details": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0357", "code": "103",
                        "display": "Table value not found"}]},
                    "diagnostics": "RXA-9 has a code that is not in the table",
                    "location": ["RXA[1]-9"]}]
            }}
        ]
    })
}

fn parameters() -> Value {
    json!({
        "resourceType": "Parameters",
        "parameter": [
            {"name": "assessmentDate", "valueDate": "2021-03-05"},
            {"name": "patient", "resource": {"resourceType": "Patient", "birthDate": "2020-01-02",
                "gender": "female", "name": [{"family": "Smith", "given": ["Jane"]}]}},
            {"name": "query", "part": [{"name": "mothersMaidenName", "valueString": "Doe"},
                {"name": "identifier", "valueIdentifier": {"system": "urn:hl7v2:hd:MYEHR", "value": "12345"}}]}
        ]
    })
}

fn practitioner_role() -> Value {
    json!({
        "resourceType": "PractitionerRole",
        "active": true,
        "period": {"start": "2020-01-01", "end": "2022-12-31"},
        "practitioner": {"reference": "Practitioner/7824"},
        "organization": {"reference": "Organization/clinic"},
        "code": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/practitioner-role", "code": "nurse"}]}],
        "location": [{"reference": "Location/1"}]
    })
}

/// The text of an Immunization's `doseQuantity.value`.
fn dose<'r>(imm: &'r model::Immunization<'r>) -> &'r str {
    let value = imm.dose_quantity.as_ref().and_then(|q| q.value.as_ref());
    value.expect("a doseQuantity.value").as_str()
}

fn read(v: &Value) -> Resource<'static> {
    izkit::fhir::read_resource(&v.to_string()).expect("izkit reads the test resource")
}

fn as_json(r: &Resource) -> Value {
    serde_json::from_str(&izkit::fhir::write_resource(r)).unwrap()
}

/// izkit → fhir-sdk → izkit through the `Resource` enums.
fn round_trip(r: &Resource<'_>) -> Resource<'static> {
    let sdk = to_sdk(r).unwrap_or_else(|e| panic!("{} to fhir-sdk: {e}", r.resource_type()));
    from_sdk(&sdk).unwrap_or_else(|e| panic!("{} from fhir-sdk: {e}", r.resource_type()))
}

/// izkit → fhir-sdk → izkit through one resource type's own `TryFrom` impls, for every type
/// of `izkit::for_each_resource!` (the list the `Resource` enum and the conversions are made
/// from): the match is exhaustive, and a type without both impls fails to compile here.
fn typed_round_trip(r: &Resource<'_>) -> Resource<'static> {
    macro_rules! each {
        ($($t:ident),*) => {
            match r {
                $( Resource::$t(x) => {
                    let sdk = r4b::$t::try_from(&**x).expect(concat!(stringify!($t), " to fhir-sdk"));
                    Resource::from(model::$t::try_from(&sdk).expect(concat!(stringify!($t), " from fhir-sdk")))
                } )*
                Resource::Other(_) => panic!("not an izkit type"),
            }
        };
    }
    izkit::for_each_resource!(each)
}

#[test]
fn the_mapping_bundle_round_trips_unchanged() {
    let json = mapping_bundle();
    let bundle = read(&json);
    assert_eq!(as_json(&round_trip(&bundle)), json);
    assert_eq!(as_json(&typed_round_trip(&bundle)), json);
    // The sdk side holds typed values, not JSON kept aside.
    let Resource::Bundle(b) = &bundle else {
        panic!()
    };
    let sdk = r4b::Bundle::try_from(&**b).unwrap();
    let Some(r4b::Resource::Immunization(imm)) = &sdk.entry[3].as_ref().unwrap().resource else {
        panic!("entry 3 is the Immunization")
    };
    assert_eq!(imm.lot_number.as_deref(), Some("EW0150"));
    assert_eq!(imm.dose_quantity.as_ref().unwrap().value, Some(0.5));
    assert_eq!(imm.education.len(), 1);
    assert_eq!(imm.program_eligibility.len(), 1);
    assert!(imm.report_origin.is_some());
}

#[test]
fn every_resource_type_round_trips_on_its_own() {
    let Value::Array(entries) = &mapping_bundle()["entry"] else {
        panic!()
    };
    let mut resources: Vec<Value> = entries.iter().map(|e| e["resource"].clone()).collect();
    resources.push(parameters());
    resources.push(practitioner_role());
    let mut seen = std::collections::BTreeSet::new();
    for json in &resources {
        let r = read(json);
        assert!(!matches!(r, Resource::Other(_)), "{}", r.resource_type());
        seen.insert(r.resource_type().to_owned());
        assert_eq!(as_json(&round_trip(&r)), *json, "{}", r.resource_type());
        assert_eq!(
            as_json(&typed_round_trip(&r)),
            *json,
            "{}",
            r.resource_type()
        );
    }
    assert_eq!(seen.len(), 13, "{seen:?}"); // + Bundle in the test above: all 14
}

#[test]
fn elements_izkit_keeps_in_extra_survive_when_r4b_defines_them() {
    let json = json!({
        "resourceType": "Immunization",
        "id": "imm2",
        "implicitRules": "http://example.org/rules",
        "language": "en-US",
        "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">COVID-19 vaccine</div>"},
        "contained": [{"resourceType": "Patient", "id": "pat", "gender": "male", "birthDate": "2019"}],
        "_status": {"extension": [{"url": "http://example.org/why", "valueString": "because"}]},
        "status": "not-done",
        "statusReason": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActReason", "code": "PATOBJ"}]},
        "vaccineCode": {"text": "COVID-19"},
        "patient": {"reference": "#pat"},
        "occurrenceString": "spring 2021",
        "subpotentReason": [{"text": "partial dose"}],
        "reaction": [{"date": "2021-03-05", "reported": true}]
    });
    let r = read(&json);
    let Resource::Immunization(imm) = &r else {
        panic!()
    };
    assert!(imm.extra.contains_key("text") && imm.extra.contains_key("_status"));
    assert_eq!(as_json(&round_trip(&r)), json);

    // A resource type izkit does not model, but fhir-sdk does, converts as `Other`.
    let condition = json!({"resourceType": "Condition", "id": "c1",
        "subject": {"reference": "Patient/1"}, "code": {"text": "egg allergy"}, "recordedDate": "2021"});
    let r = read(&condition);
    assert!(matches!(r, Resource::Other(_)));
    let sdk = to_sdk(&r).unwrap();
    assert!(matches!(sdk, r4b::Resource::Condition(_)));
    assert_eq!(as_json(&from_sdk(&sdk).unwrap()), condition);
}

#[test]
fn dates_keep_their_precision() {
    for date in [
        "2021",
        "2021-03",
        "2021-03-04",
        "2021-03-04T10:15:00-05:00",
        "2021-03-04T10:15:00.123+02:00",
    ] {
        let json = json!({"resourceType": "Immunization", "status": "completed", "vaccineCode": {"text": "x"},
            "patient": {"reference": "Patient/1"}, "occurrenceDateTime": date, "recorded": date});
        assert_eq!(as_json(&round_trip(&read(&json))), json, "{date}");
    }
}

/// What the module docs say is lost, so that the docs stay true.
#[test]
fn decimal_digits_and_instant_spellings_are_not_kept() {
    let with = |value: Value, when: &str| {
        json!({"resourceType": "Immunization", "status": "completed", "vaccineCode": {"text": "x"},
            "patient": {"reference": "Patient/1"}, "occurrenceDateTime": when,
            "doseQuantity": {"value": value}})
    };
    let back = |json: &Value| as_json(&round_trip(&read(json)));

    // Decimals are f64 in fhir-sdk: the value is kept, the digits written are not.
    let r = read(&with(json!(0.5), "2021"));
    let Resource::Immunization(imm) = round_trip(&r) else {
        panic!()
    };
    assert_eq!(dose(&imm), "0.5");
    let r = izkit::fhir::read_resource(
        r#"{"resourceType":"Immunization","status":"completed","vaccineCode":{"text":"x"},
        "patient":{"reference":"Patient/1"},"occurrenceDateTime":"2021","doseQuantity":{"value":0.50}}"#,
    )
    .unwrap();
    let Resource::Immunization(imm) = &r else {
        panic!()
    };
    assert_eq!(dose(imm), "0.50");
    let Resource::Immunization(imm) = round_trip(&r) else {
        panic!()
    };
    assert_eq!(dose(&imm), "0.5");
    assert_eq!(back(&with(json!(1), "2021")), with(json!(1.0), "2021"));
    assert_eq!(
        back(&with(json!(0.1), "2021"))["doseQuantity"]["value"].as_f64(),
        Some(0.1)
    );

    // Instants: an offset of zero is written `Z`; trailing zeros of a fraction go.
    let t = |s: &str| back(&with(json!(0.5), s))["occurrenceDateTime"].clone();
    assert_eq!(t("2021-03-04T10:15:00+00:00"), "2021-03-04T10:15:00Z");
    assert_eq!(
        t("2021-03-04T10:15:00.500-05:00"),
        "2021-03-04T10:15:00.5-05:00"
    );
    assert_eq!(
        t("2021-03-04T10:15:00.000-05:00"),
        "2021-03-04T10:15:00-05:00"
    );
    assert_eq!(t("2021-03-04T10:15:00Z"), "2021-03-04T10:15:00Z");
}

#[test]
fn elements_r4b_does_not_define_are_dropped() {
    let mut json = json!({"resourceType": "Patient", "gender": "male", "notAnElement": {"a": 1},
        "_gender": {"extension": [{"url": "http://example.org/x", "valueBoolean": true}]}});
    let back = as_json(&round_trip(&read(&json)));
    json.as_object_mut().unwrap().remove("notAnElement");
    assert_eq!(back, json);
}

#[test]
fn a_resource_made_with_fhir_sdk_types_converts_to_izkit() {
    // fhir-sdk's resources have a private `resourceType` field: without its `builders`
    // feature (not enabled: it costs build time) one is made by reading JSON (here through
    // izkit, which saves this test compiling fhir-sdk's readers once more), then edited through
    // its public fields; datatypes are plain structs.
    let Resource::Immunization(start) = read(&json!({"resourceType": "Immunization",
        "status": "completed", "vaccineCode": {"text": "placeholder"}, "patient": {"reference": "Patient/1"},
        "occurrenceDateTime": "2021-03-04"}))
    else {
        panic!()
    };
    let mut imm = r4b::Immunization::try_from(&*start).unwrap();
    imm.lot_number = Some("AB123".into());
    imm.primary_source = Some(true);
    imm.vaccine_code = r4b_types::CodeableConcept(Box::new(r4b_types::CodeableConceptInner {
        id: None,
        extension: vec![],
        coding: vec![Some(r4b_types::Coding(Box::new(r4b_types::CodingInner {
            id: None,
            extension: vec![],
            system: Some("http://hl7.org/fhir/sid/cvx".into()),
            system_ext: None,
            version: None,
            version_ext: None,
            code: Some("208".into()),
            code_ext: None,
            display: None,
            display_ext: None,
            user_selected: None,
            user_selected_ext: None,
        })))],
        coding_ext: vec![],
        text: None,
        text_ext: None,
    }));
    imm.dose_quantity = Some(r4b_types::Quantity(Box::new(r4b_types::QuantityInner {
        id: None,
        extension: vec![],
        value: Some(0.3),
        value_ext: None,
        comparator: None,
        comparator_ext: None,
        unit: Some("mL".into()),
        unit_ext: None,
        system: Some("http://unitsofmeasure.org".into()),
        system_ext: None,
        code: Some("mL".into()),
        code_ext: None,
    })));

    let ours = model::Immunization::try_from(&imm).unwrap();
    assert_eq!(ours.status.as_deref(), Some("completed"));
    assert_eq!(ours.lot_number.as_deref(), Some("AB123"));
    assert_eq!(ours.primary_source, Some(true));
    assert_eq!(ours.occurrence_date_time.as_deref(), Some("2021-03-04"));
    let coding = &ours.vaccine_code.as_ref().unwrap().coding[0];
    assert_eq!(
        coding.system.as_deref(),
        Some("http://hl7.org/fhir/sid/cvx")
    );
    assert_eq!(coding.code.as_deref(), Some("208"));
    assert_eq!(dose(&ours), "0.3");
    assert!(ours.extra.is_empty(), "{:?}", ours.extra);

    // The same through the Resource enums, and back to the same fhir-sdk value.
    let any = from_sdk(&r4b::Resource::from(imm.clone())).unwrap();
    assert_eq!(any, Resource::from(ours.clone()));
    assert_eq!(r4b::Immunization::try_from(&ours).unwrap(), imm);
}

fn fhir_json_reason(e: izkit::Error) -> String {
    match e.kind {
        ErrorKind::FhirJson { reason } => reason,
        other => panic!("expected a FhirJson error, got {other:?}"),
    }
}

#[test]
fn values_fhir_sdk_rejects_are_typed_errors_without_the_value() {
    // A code outside a required binding that fhir-sdk types as an enum.
    let p = read(&json!({"resourceType": "Patient", "gender": "bogus-gender",
        "name": [{"family": "Smith"}]}));
    let Resource::Patient(patient) = &p else {
        panic!()
    };
    let e = r4b::Patient::try_from(&**patient).unwrap_err();
    assert_eq!(e.code(), "fhir_json");
    let text = e.to_string();
    assert!(!text.contains("bogus") && !text.contains("Smith"), "{text}");
    assert!(text.contains("fhir-sdk R4B Patient"), "{text}");
    let reason = fhir_json_reason(to_sdk(&p).unwrap_err());
    assert!(!reason.contains("bogus"), "{reason}");

    for (json, secret) in [
        (
            json!({"resourceType": "Observation", "status": "bogus-status", "code": {"text": "Smith"}}),
            "bogus",
        ),
        (
            json!({"resourceType": "OperationOutcome", "issue": [{"severity": "bogus-sev", "code": "value"}]}),
            "bogus",
        ),
        (
            json!({"resourceType": "Location", "status": "bogus-st", "name": "Smith Clinic"}),
            "bogus",
        ),
        (
            json!({"resourceType": "Patient", "birthDate": "03/04/2021-Smith"}),
            "Smith",
        ),
        (
            json!({"resourceType": "Immunization", "status": "completed", "vaccineCode": {"text": "x"},
            "patient": {"reference": "Patient/Smith"}, "occurrenceDateTime": "yesterday-Smith"}),
            "Smith",
        ),
        (
            json!({"resourceType": "Immunization", "status": "completed", "vaccineCode": {"text": "Smith"},
            "patient": {"reference": "Patient/1"}, "occurrenceDateTime": "2021",
            "protocolApplied": [{"doseNumberPositiveInt": 0}]}),
            "Smith",
        ),
    ] {
        let e = to_sdk(&read(&json)).unwrap_err();
        let reason = fhir_json_reason(e);
        assert!(!reason.contains(secret), "{reason}");
    }

    // A required element missing is named (an element name, not data).
    let r = read(
        &json!({"resourceType": "Immunization", "status": "completed",
        "vaccineCode": {"text": "x"}, "occurrenceDateTime": "2021"}),
    );
    let reason = fhir_json_reason(to_sdk(&r).unwrap_err());
    assert!(reason.contains("`patient`"), "{reason}");

    // A resource type fhir-sdk does not know.
    let r = read(&json!({"resourceType": "NotAResource", "id": "1"}));
    assert!(matches!(r, Resource::Other(_)));
    assert_eq!(to_sdk(&r).unwrap_err().code(), "fhir_json");

    // Immunization.status is a plain string in fhir-sdk R4B: not checked (as documented).
    let r = read(
        &json!({"resourceType": "Immunization", "status": "bogus", "vaccineCode": {"text": "x"},
        "patient": {"reference": "Patient/1"}, "occurrenceDateTime": "2021"}),
    );
    assert!(to_sdk(&r).is_ok());
}
