//! FHIR → v2 (`izkit::fhir::from_fhir`): hand-written FHIR inputs with exact assertions on
//! the v2 they give; every VXU validates against Z22 and every QBP against Z44 / Z34 with no
//! error; errors name elements and never carry patient data; unknown elements are ignored.

use chrono::NaiveDate;
use izkit::conformance::{Report, Validator};
use izkit::fhir::model::{Immunization, Resource};
use izkit::fhir::{
    from_fhir, from_fhir_json, qbp_from_fhir, read_resource, vxu_from_fhir, FromFhirOptions,
};
use izkit::{ErrorKind, Message};
use std::sync::OnceLock;

fn validator() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| Validator::new().with_today(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()))
}

fn opts() -> FromFhirOptions {
    FromFhirOptions {
        sending_application: Some("MYEHR^2.16.840.1.113883.3.72.1^ISO".into()),
        sending_facility: Some("MYCLINIC^2.16.840.1.113883.3.72.2^ISO".into()),
        receiving_application: Some("IIS".into()),
        receiving_facility: Some("STATEIIS".into()),
        timestamp: Some("20240102120000-0500".into()),
        ..FromFhirOptions::default()
    }
}

/// Validates and fails with the findings when there is an error.
fn assert_valid(text: &str, profile: &str) -> Report {
    let msg = Message::parse(text).expect("the output parses");
    let r = validator().validate(&msg, None).expect("validates");
    assert_eq!(r.profile, profile, "profile chosen from MSH-21");
    let shown: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.is_error())
        .map(|f| format!("{} {} {:?} {}", f.code, f.erl(), f.rule, f.text))
        .collect();
    assert!(
        shown.is_empty(),
        "error findings:\n{}\n{}",
        shown.join("\n"),
        text.replace('\r', "\n")
    );
    r
}

fn get(msg: &Message<'_>, path: &str) -> Option<String> {
    msg.get(path).expect("a valid path").map(|c| c.into_owned())
}

fn get_raw<'m>(msg: &'m Message<'_>, path: &str) -> &'m str {
    msg.get_raw(path).expect("a valid path").unwrap_or("")
}

const PATIENT: &str = r#"{"resourceType": "Patient", "id": "p1",
  "meta": {"security": [{"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "R"}]},
  "extension": [
    {"url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race",
     "extension": [{"url": "ombCategory", "valueCoding": {"system": "urn:oid:2.16.840.1.113883.6.238", "code": "2106-3", "display": "White"}},
                   {"url": "text", "valueString": "White"}]},
    {"url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity",
     "extension": [{"url": "ombCategory", "valueCoding": {"system": "urn:oid:2.16.840.1.113883.6.238", "code": "2186-5"}},
                   {"url": "text", "valueString": "Not Hispanic or Latino"}]},
    {"url": "http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName", "valueString": "Billington"},
    {"url": "https://izkit.dev/fhir/StructureDefinition/pd1-publicity-code",
     "valueCodeableConcept": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0215", "code": "02", "display": "Reminder/recall - any method"}]}},
    {"url": "https://izkit.dev/fhir/StructureDefinition/pd1-publicity-code-date", "valueDate": "2015-06-24"},
    {"url": "https://izkit.dev/fhir/StructureDefinition/pd1-protection-indicator-date", "valueDate": "2015-06-24"},
    {"url": "https://izkit.dev/fhir/StructureDefinition/pd1-registry-status",
     "valueCoding": {"system": "http://terminology.hl7.org/CodeSystem/v2-0441", "code": "A"}},
    {"url": "https://izkit.dev/fhir/StructureDefinition/pd1-registry-status-date", "valueDate": "2015-04-15"}
  ],
  "identifier": [{"system": "urn:oid:2.16.840.1.113883.3.72.5", "assigner": {"display": "MYEHR"},
                  "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}]},
                  "value": "3123"}],
  "name": [{"use": "official", "family": "Richardson", "given": ["Russell", "Clint"]}],
  "telecom": [{"system": "phone", "use": "home", "value": "4065557690"},
              {"system": "email", "value": "r@example.org"}],
  "gender": "male", "birthDate": "2015-04-15",
  "address": [{"use": "home", "line": ["543 Blount Drive"], "city": "Bozeman", "state": "MT",
               "postalCode": "59715", "country": "USA", "district": "Gallatin"}],
  "multipleBirthBoolean": false,
  "someUnknownElement": {"x": 1}
}"#;

fn bundle() -> String {
    format!(
        r#"{{"resourceType": "Bundle", "type": "collection", "entry": [
  {{"fullUrl": "urn:uuid:patient-1", "resource": {PATIENT}}},
  {{"fullUrl": "urn:uuid:mother", "resource": {{"resourceType": "RelatedPerson",
     "patient": {{"reference": "urn:uuid:patient-1"}},
     "relationship": [{{"coding": [{{"system": "http://terminology.hl7.org/CodeSystem/v2-0063", "code": "MTH", "display": "Mother"}}]}}],
     "name": [{{"family": "Richardson", "given": ["Maria"]}}],
     "telecom": [{{"system": "phone", "use": "home", "value": "4065557690"}}]}}}},
  {{"fullUrl": "urn:uuid:imm-1", "resource": {{"resourceType": "Immunization", "status": "completed",
     "identifier": [{{"type": {{"coding": [{{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "FILL"}}]}},
                      "system": "urn:oid:2.16.840.1.113883.3.72.9", "value": "38766"}},
                    {{"type": {{"coding": [{{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "PLAC"}}]}},
                      "system": "urn:hl7v2:hd:NIST-AA-IZ-2", "value": "3140"}}],
     "vaccineCode": {{"coding": [{{"system": "http://hl7.org/fhir/sid/ndc", "code": "49281-0560-05", "display": "Pentacel"}},
                                 {{"system": "http://hl7.org/fhir/sid/cvx", "code": "120", "display": "DTaP-Hib-IPV"}}]}},
     "patient": {{"reference": "Patient/p1"}},
     "occurrenceDateTime": "2015-06-24T10:15:00-05:00",
     "recorded": "2015-06-24T11:00:00-05:00",
     "primarySource": true,
     "location": {{"reference": "urn:uuid:loc"}},
     "manufacturer": {{"reference": "urn:uuid:pmc"}},
     "lotNumber": "526434", "expirationDate": "2015-07-22",
     "site": {{"coding": [{{"system": "http://terminology.hl7.org/CodeSystem/v2-0163", "code": "RT", "display": "Right Thigh"}}]}},
     "route": {{"coding": [{{"system": "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl", "code": "C28161", "display": "Intramuscular"}}]}},
     "doseQuantity": {{"value": 0.50, "unit": "mL", "system": "http://unitsofmeasure.org", "code": "mL"}},
     "performer": [{{"function": {{"coding": [{{"system": "http://terminology.hl7.org/CodeSystem/v2-0443", "code": "AP"}}]}},
                     "actor": {{"reference": "urn:uuid:nurse"}}}},
                   {{"function": {{"coding": [{{"system": "http://terminology.hl7.org/CodeSystem/v2-0443", "code": "OP"}}]}},
                     "actor": {{"reference": "Practitioner/doc"}}}}],
     "programEligibility": [{{"coding": [{{"system": "http://terminology.hl7.org/CodeSystem/v2-0064", "code": "V04", "display": "VFC eligible - American Indian/Alaska Native"}}]}}],
     "fundingSource": {{"coding": [{{"system": "urn:oid:2.16.840.1.114222.4.5.274", "code": "VXC50", "display": "Public"}}]}},
     "education": [{{"documentType": "253088698300017211160720", "presentationDate": "2015-06-24"}},
                   {{"documentType": "253088698300006611150402", "presentationDate": "2015-06-24"}}]}}}},
  {{"fullUrl": "urn:uuid:nurse", "resource": {{"resourceType": "Practitioner",
     "identifier": [{{"system": "urn:hl7v2:hd:NIST-PI-1", "value": "7824",
                      "type": {{"coding": [{{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "PRN"}}]}}}}],
     "name": [{{"family": "Jackson", "given": ["Lily", "Suzanne"]}}]}}}},
  {{"fullUrl": "http://example.org/fhir/Practitioner/doc", "resource": {{"resourceType": "Practitioner", "id": "doc",
     "identifier": [{{"system": "urn:hl7v2:hd:NIST-PI-1", "value": "654",
                      "type": {{"coding": [{{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MD"}}]}}}}],
     "name": [{{"family": "Thomas", "given": ["Wilma"]}}]}}}},
  {{"fullUrl": "urn:uuid:loc", "resource": {{"resourceType": "Location", "name": "NIST-Clinic-1"}}}},
  {{"fullUrl": "urn:uuid:pmc", "resource": {{"resourceType": "Organization", "name": "Sanofi Pasteur",
     "identifier": [{{"system": "http://hl7.org/fhir/sid/mvx", "value": "PMC"}}]}}}},
  {{"fullUrl": "urn:uuid:imm-2", "resource": {{"resourceType": "Immunization", "status": "completed",
     "vaccineCode": {{"coding": [{{"system": "http://hl7.org/fhir/sid/cvx", "code": "45", "display": "Hep B, unspecified formulation"}}]}},
     "patient": {{"reference": "urn:uuid:patient-1"}},
     "occurrenceDateTime": "2015-04-16",
     "primarySource": false,
     "reportOrigin": {{"coding": [{{"system": "http://terminology.hl7.org/CodeSystem/immunization-origin", "code": "record"}}]}},
     "futureElement": [1, 2]}}}}
]}}"#
    )
}

#[test]
fn a_bundle_with_a_patient_and_two_immunizations() {
    let out = from_fhir_json(&bundle(), &opts()).unwrap();
    assert_eq!(out.len(), 1);
    let text = &out[0];
    assert_valid(text, "Z22");
    let m = Message::parse(text).unwrap();
    // MSH
    assert_eq!(get_raw(&m, "MSH-3"), "MYEHR^2.16.840.1.113883.3.72.1^ISO");
    assert_eq!(get_raw(&m, "MSH-7"), "20240102120000-0500");
    assert_eq!(get_raw(&m, "MSH-9"), "VXU^V04^VXU_V04");
    assert_eq!(get_raw(&m, "MSH-11"), "P");
    assert_eq!(get_raw(&m, "MSH-12"), "2.5.1");
    assert_eq!(get_raw(&m, "MSH-15"), "ER");
    assert_eq!(get_raw(&m, "MSH-16"), "AL");
    assert_eq!(get_raw(&m, "MSH-21"), "Z22^CDCPHINVS");
    // The same input gives the same message (control id from the content).
    assert_eq!(from_fhir_json(&bundle(), &opts()).unwrap()[0], *text);
    assert_eq!(get_raw(&m, "MSH-10").len(), 16);
    // PID
    assert_eq!(get_raw(&m, "PID-1"), "1");
    assert_eq!(
        get_raw(&m, "PID-3"),
        "3123^^^MYEHR&2.16.840.1.113883.3.72.5&ISO^MR"
    );
    assert_eq!(get_raw(&m, "PID-5"), "Richardson^Russell^Clint^^^^L");
    assert_eq!(get_raw(&m, "PID-6"), "Billington^^^^^^M");
    assert_eq!(get_raw(&m, "PID-7"), "20150415");
    assert_eq!(get_raw(&m, "PID-8"), "M");
    assert_eq!(get_raw(&m, "PID-10"), "2106-3^White^CDCREC");
    assert_eq!(
        get_raw(&m, "PID-11"),
        "543 Blount Drive^^Bozeman^MT^59715^USA^H^^Gallatin"
    );
    assert_eq!(get_raw(&m, "PID-13"), "^PRN^PH^^^406^5557690");
    assert_eq!(get_raw(&m, "PID-13[2]"), "^NET^Internet^r@example.org");
    assert_eq!(
        get_raw(&m, "PID-22"),
        "2186-5^Not Hispanic or Latino^CDCREC"
    );
    assert_eq!(get_raw(&m, "PID-24"), "N");
    // PD1: publicity, protection from meta.security, registry status, their dates.
    assert_eq!(
        get_raw(&m, "PD1-11"),
        "02^Reminder/recall - any method^HL70215"
    );
    assert_eq!(get_raw(&m, "PD1-12"), "Y");
    assert_eq!(get_raw(&m, "PD1-13"), "20150624");
    assert_eq!(get_raw(&m, "PD1-16"), "A");
    assert_eq!(get_raw(&m, "PD1-17"), "20150415");
    assert_eq!(get_raw(&m, "PD1-18"), "20150624");
    // NK1
    assert_eq!(get_raw(&m, "NK1-1"), "1");
    assert_eq!(get_raw(&m, "NK1-2"), "Richardson^Maria^^^^^L");
    assert_eq!(get_raw(&m, "NK1-3"), "MTH^Mother^HL70063");
    assert_eq!(get_raw(&m, "NK1-5"), "^PRN^PH^^^406^5557690");
    // First ORDER group.
    assert_eq!(get_raw(&m, "ORC-1"), "RE");
    assert_eq!(get_raw(&m, "ORC-2"), "3140^NIST-AA-IZ-2");
    assert_eq!(get_raw(&m, "ORC-3"), "38766^^2.16.840.1.113883.3.72.9^ISO");
    assert_eq!(get_raw(&m, "ORC-9"), "20150624110000-0500");
    assert_eq!(
        get_raw(&m, "ORC-12"),
        "654^Thomas^Wilma^^^^^^NIST-PI-1^L^^^MD"
    );
    assert_eq!(get_raw(&m, "RXA-1"), "0");
    assert_eq!(get_raw(&m, "RXA-2"), "1");
    // TS_NZ: the local time as FHIR gives it, without the offset.
    assert_eq!(get_raw(&m, "RXA-3"), "20150624101500");
    assert_eq!(get_raw(&m, "RXA-4"), "20150624101500");
    assert_eq!(
        get_raw(&m, "RXA-5"),
        "120^DTaP-Hib-IPV^CVX^49281-0560-05^Pentacel^NDC"
    );
    assert_eq!(get_raw(&m, "RXA-6"), "0.50");
    assert_eq!(get_raw(&m, "RXA-7"), "mL^mL^UCUM");
    assert_eq!(get_raw(&m, "RXA-9"), "00^New immunization record^NIP001");
    assert_eq!(
        get_raw(&m, "RXA-10"),
        "7824^Jackson^Lily^Suzanne^^^^^NIST-PI-1^L^^^PRN"
    );
    assert_eq!(get_raw(&m, "RXA-11"), "^^^NIST-Clinic-1");
    assert_eq!(get_raw(&m, "RXA-15"), "526434");
    assert_eq!(get_raw(&m, "RXA-16"), "20150722");
    assert_eq!(get_raw(&m, "RXA-17"), "PMC^Sanofi Pasteur^MVX");
    assert_eq!(get_raw(&m, "RXA-20"), "CP");
    assert_eq!(get_raw(&m, "RXA-21"), "A");
    assert_eq!(get_raw(&m, "RXA-22"), "20150624110000-0500");
    assert_eq!(get_raw(&m, "RXR-1"), "C28161^Intramuscular^NCIT");
    assert_eq!(get_raw(&m, "RXR-2"), "RT^Right Thigh^HL70163");
    let obx: Vec<&str> = (1..=6)
        .map(|i| m.segment_by_id("OBX", i).unwrap().as_str())
        .collect();
    assert_eq!(
        obx,
        [
            "OBX|1|CE|64994-7^Vaccine funding program eligibility category^LN|1|V04^VFC eligible - American Indian/Alaska Native^HL70064||||||F|||20150624|||VXC40^Eligibility captured at the immunization level^CDCPHINVS",
            "OBX|2|CE|30963-3^Vaccine funding source^LN|2|VXC50^Public^CDCPHINVS||||||F|||20150624",
            "OBX|3|CE|69764-9^Document type^LN|3|253088698300017211160720^^cdcgs1vis||||||F|||20150624",
            "OBX|4|DT|29769-7^Date vaccine information statement presented^LN|3|20150624||||||F|||20150624",
            "OBX|5|CE|69764-9^Document type^LN|4|253088698300006611150402^^cdcgs1vis||||||F|||20150624",
            "OBX|6|DT|29769-7^Date vaccine information statement presented^LN|4|20150624||||||F|||20150624",
        ]
    );
    // Second ORDER group: historical, from a written record; ORC-3 generated.
    assert_eq!(get(&m, "RXA[2]-5.1"), Some("45".into()));
    assert_eq!(get_raw(&m, "RXA[2]-6"), "999");
    assert_eq!(
        get_raw(&m, "RXA[2]-9"),
        "03^Historical information - from parent's written record^NIP001"
    );
    let orc3 = get_raw(&m, "ORC[2]-3");
    assert_eq!(
        orc3.len(),
        16 + "^MYCLINIC^2.16.840.1.113883.3.72.2^ISO".len(),
        "{orc3}"
    );
    assert!(orc3.ends_with("^MYCLINIC^2.16.840.1.113883.3.72.2^ISO"));
    assert!(
        m.segment_by_id("OBX", 7).is_none(),
        "no OBX for the historical dose"
    );
}

/// A lone Immunization with a contained Patient, with the elements given.
fn lone(imm_elements: &str) -> String {
    format!(
        r##"{{"resourceType": "Immunization",
  "contained": [{{"resourceType": "Patient", "id": "pat",
    "identifier": [{{"system": "urn:oid:2.16.840.1.113883.3.72.5", "value": "P-77",
                    "type": {{"coding": [{{"code": "MR"}}]}}}}],
    "name": [{{"family": "O'Brien|Smith", "given": ["Ann^Marie"]}}],
    "gender": "female", "birthDate": "2020-01-02",
    "_birthDate": {{"extension": [{{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime",
                                    "valueDateTime": "2020-01-02T08:30:00-05:00"}}]}},
    "multipleBirthInteger": 2}}],
  "patient": {{"reference": "#pat"}},
  {imm_elements}}}"##
    )
}

fn one(json: &str) -> String {
    let mut out = from_fhir_json(json, &opts()).unwrap();
    assert_eq!(out.len(), 1);
    out.remove(0)
}

#[test]
fn a_lone_immunization_with_a_contained_patient() {
    let text = one(&lone(
        r#""status": "completed", "primarySource": false,
           "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "08"}]},
           "occurrenceDateTime": "2020-01-02""#,
    ));
    assert_valid(&text, "Z22");
    let m = Message::parse(&text).unwrap();
    // Text is escaped; decoded it reads back as given.
    assert_eq!(
        get_raw(&m, "PID-5"),
        "O'Brien\\F\\Smith^Ann\\S\\Marie^^^^^L"
    );
    assert_eq!(get(&m, "PID-5.1").as_deref(), Some("O'Brien|Smith"));
    // The birth time, without its offset (TS_NZ).
    assert_eq!(get_raw(&m, "PID-7"), "20200102083000");
    assert_eq!(get_raw(&m, "PID-24"), "Y");
    assert_eq!(get_raw(&m, "PID-25"), "2");
    assert_eq!(get_raw(&m, "RXA-5"), "08^^CVX");
    assert_eq!(
        get_raw(&m, "RXA-9"),
        "01^Historical information - source unspecified^NIP001"
    );
    assert!(
        m.segment_by_id("PD1", 1).is_none(),
        "no PD1 without a source"
    );
}

#[test]
fn a_refusal_is_re_with_its_reason() {
    let text = one(&lone(
        r#""status": "not-done",
           "statusReason": {"coding": [{"system": "urn:izkit:v2-coding-system:NIP002", "code": "00", "display": "Parental decision"}]},
           "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "107"}]},
           "occurrenceDateTime": "2021-03-04", "primarySource": true,
           "doseQuantity": {"value": 0.5, "unit": "mL"}"#,
    ));
    assert_valid(&text, "Z22");
    let m = Message::parse(&text).unwrap();
    assert_eq!(get_raw(&m, "RXA-20"), "RE");
    assert_eq!(get_raw(&m, "RXA-18"), "00^Parental decision^NIP002");
    assert_eq!(get_raw(&m, "RXA-6"), "999", "IZ-48");
    assert_eq!(get_raw(&m, "RXA-7"), "");
    assert_eq!(get_raw(&m, "RXA-9"), "", "IZ-47: no RXA-9 when not given");
    assert_eq!(get(&m, "ORC-3.1").as_deref(), Some("9999"), "IZ-45");
    assert!(m.segment_by_id("OBX", 1).is_none());
}

#[test]
fn not_done_without_a_reason_is_na_and_the_extension_wins() {
    let text = one(&lone(
        r#""status": "not-done",
           "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "107"}]},
           "occurrenceDateTime": "2021-03-04""#,
    ));
    assert_valid(&text, "Z22");
    assert_eq!(get_raw(&Message::parse(&text).unwrap(), "RXA-20"), "NA");
    // izkit's rxa-20 / rxa-21 extensions keep the exact codes (when they agree with status).
    let text = one(&lone(
        r#""status": "completed", "isSubpotent": false, "primarySource": false,
           "extension": [{"url": "https://izkit.dev/fhir/StructureDefinition/rxa-20", "valueCode": "PA"},
                         {"url": "https://izkit.dev/fhir/StructureDefinition/rxa-21", "valueCode": "U"}],
           "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "107"}]},
           "occurrenceDateTime": "2021-03-04""#,
    ));
    assert_valid(&text, "Z22");
    let m = Message::parse(&text).unwrap();
    assert_eq!(get_raw(&m, "RXA-20"), "PA");
    assert_eq!(get_raw(&m, "RXA-21"), "U");
    // isSubpotent alone gives PA.
    let text = one(&lone(
        r#""status": "completed", "isSubpotent": true, "primarySource": false,
           "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "107"}]},
           "occurrenceDateTime": "2021-03-04""#,
    ));
    assert_eq!(get_raw(&Message::parse(&text).unwrap(), "RXA-20"), "PA");
}

#[test]
fn entered_in_error_is_a_delete() {
    let text = one(&lone(
        r#""status": "entered-in-error", "primarySource": false,
           "identifier": [{"type": {"coding": [{"code": "FILL"}]}, "system": "urn:hl7v2:hd:MYEHR", "value": "65930"}],
           "extension": [{"url": "https://izkit.dev/fhir/StructureDefinition/rxa-21", "valueCode": "A"}],
           "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "20"}]},
           "occurrenceDateTime": "2021-03-04""#,
    ));
    assert_valid(&text, "Z22");
    let m = Message::parse(&text).unwrap();
    assert_eq!(get_raw(&m, "RXA-21"), "D");
    assert_eq!(get_raw(&m, "RXA-20"), "CP");
    assert_eq!(get_raw(&m, "ORC-3"), "65930^MYEHR");
}

#[test]
fn historical_with_report_origin() {
    for (origin, code) in [
        (
            r#"{"system": "urn:izkit:v2-coding-system:NIP001", "code": "06", "display": "Historical information - from birth certificate"}"#,
            "06",
        ),
        (
            r#"{"system": "http://terminology.hl7.org/CodeSystem/immunization-origin", "code": "school"}"#,
            "07",
        ),
        (
            r#"{"system": "http://example.org/local", "code": "zz"}"#,
            "01",
        ),
    ] {
        let text = one(&lone(&format!(
            r#""status": "completed", "primarySource": false,
               "reportOrigin": {{"coding": [{origin}]}},
               "vaccineCode": {{"coding": [{{"system": "http://hl7.org/fhir/sid/cvx", "code": "20"}}]}},
               "occurrenceDateTime": "2021-05-01""#
        )));
        assert_valid(&text, "Z22");
        let m = Message::parse(&text).unwrap();
        assert_eq!(get(&m, "RXA-9.1").as_deref(), Some(code), "{origin}");
        assert_eq!(get(&m, "RXA-9.3").as_deref(), Some("NIP001"));
    }
    // Month precision is kept, although Z22 wants a day in RXA-3 (IZ-TS_NZ): the FHIR input
    // does not have what Z22 requires, and izkit does not invent a day.
    let text = one(&lone(
        r#""status": "completed", "primarySource": false,
           "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "20"}]},
           "occurrenceDateTime": "2021-05""#,
    ));
    let m = Message::parse(&text).unwrap();
    assert_eq!(get_raw(&m, "RXA-3"), "202105");
    let r = validator().validate(&m, None).unwrap();
    assert!(r
        .findings
        .iter()
        .any(|f| f.rule.as_deref() == Some("IZ-TS_NZ")));
}

#[test]
fn an_ndc_only_vaccine_code() {
    let text = one(&lone(
        r#""status": "completed", "primarySource": false,
           "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/ndc", "code": "49281-0560-05", "display": "Pentacel"}],
                           "text": "Pentacel"},
           "occurrenceDateTime": "2021-03-04""#,
    ));
    assert_valid(&text, "Z22");
    let m = Message::parse(&text).unwrap();
    assert_eq!(get_raw(&m, "RXA-5"), "49281-0560-05^Pentacel^NDC");
}

#[test]
fn a_patient_is_a_qbp_z44_and_z34_on_request() {
    let r = read_resource(PATIENT).unwrap();
    let out = from_fhir(&r, &opts()).unwrap();
    assert_eq!(out.len(), 1);
    assert_valid(&out[0], "Z44");
    let m = Message::parse(&out[0]).unwrap();
    assert_eq!(get_raw(&m, "MSH-9"), "QBP^Q11^QBP_Q11");
    assert_eq!(get_raw(&m, "MSH-21"), "Z44^CDCPHINVS");
    assert_eq!(
        get_raw(&m, "QPD-1"),
        "Z44^Request Evaluated History and Forecast^CDCPHINVS"
    );
    assert_eq!(get_raw(&m, "QPD-2").len(), 16);
    assert_eq!(
        get_raw(&m, "QPD-3"),
        "3123^^^MYEHR&2.16.840.1.113883.3.72.5&ISO^MR"
    );
    assert_eq!(get_raw(&m, "QPD-4"), "Richardson^Russell^Clint^^^^L");
    assert_eq!(get_raw(&m, "QPD-5"), "Billington^^^^^^M");
    assert_eq!(get_raw(&m, "QPD-6"), "20150415");
    assert_eq!(get_raw(&m, "QPD-7"), "M");
    assert_eq!(
        get_raw(&m, "QPD-8"),
        "543 Blount Drive^^Bozeman^MT^59715^USA^H^^Gallatin"
    );
    assert_eq!(get_raw(&m, "QPD-9"), "^PRN^PH^^^406^5557690");
    assert_eq!(get_raw(&m, "QPD-10"), "N");
    assert_eq!(get_raw(&m, "RCP-1"), "I");
    assert_eq!(get_raw(&m, "RCP-2"), "20^RD&records&HL70126");

    let Resource::Patient(p) = &r else { panic!() };
    let z34 = FromFhirOptions {
        query_profile: Some("Z34".into()),
        ..opts()
    };
    let text = qbp_from_fhir(p, &z34).unwrap();
    assert_valid(&text, "Z34");
    let m = Message::parse(&text).unwrap();
    assert_eq!(
        get_raw(&m, "QPD-1"),
        "Z34^Request Immunization History^CDCPHINVS"
    );
    assert_eq!(get_raw(&m, "MSH-21"), "Z34^CDCPHINVS");
    let bad = FromFhirOptions {
        query_profile: Some("Z99".into()),
        ..opts()
    };
    assert!(matches!(
        qbp_from_fhir(p, &bad).unwrap_err().kind,
        ErrorKind::FromFhir { .. }
    ));
}

#[test]
fn immds_forecast_parameters_are_a_qbp_z44() {
    let json = format!(
        r#"{{"resourceType": "Parameters", "parameter": [
            {{"name": "assessmentDate", "valueDate": "2024-01-02"}},
            {{"name": "patient", "resource": {PATIENT}}}]}}"#
    );
    let out = from_fhir_json(&json, &opts()).unwrap();
    assert_valid(&out[0], "Z44");
    let m = Message::parse(&out[0]).unwrap();
    assert_eq!(get(&m, "QPD-1.1").as_deref(), Some("Z44"));
    assert_eq!(get(&m, "QPD-3.1").as_deref(), Some("3123"));
    let err = from_fhir_json(
        r#"{"resourceType": "Parameters", "parameter": [{"name": "assessmentDate", "valueDate": "2024-01-02"}]}"#,
        &opts(),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("Parameters.parameter:patient"),
        "{err}"
    );
}

#[test]
fn vxu_from_fhir_with_separate_resources() {
    let Resource::Patient(p) = read_resource(PATIENT).unwrap() else {
        panic!()
    };
    let Resource::Immunization(i) = read_resource(
        r#"{"resourceType": "Immunization", "status": "completed", "primarySource": false,
            "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "03"}]},
            "occurrenceDateTime": "2016-04-15"}"#,
    )
    .unwrap() else {
        panic!()
    };
    let imms: [&Immunization; 2] = [&i, &i];
    let text = vxu_from_fhir(&p, &imms, &opts()).unwrap();
    assert_valid(&text, "Z22");
    let m = Message::parse(&text).unwrap();
    assert_eq!(get(&m, "RXA[2]-5.1").as_deref(), Some("03"));
    // No immunizations: a demographics-only VXU.
    let text = vxu_from_fhir(&p, &[], &opts()).unwrap();
    assert_valid(&text, "Z22");
    assert!(Message::parse(&text)
        .unwrap()
        .segment_by_id("ORC", 1)
        .is_none());
}

#[test]
fn one_vxu_per_patient_in_a_bundle() {
    let p2 = PATIENT.replace("\"p1\"", "\"p2\"").replace("3123", "4444");
    let imm = |patient: &str, cvx: &str| {
        format!(
            r#"{{"resource": {{"resourceType": "Immunization", "status": "completed", "primarySource": false,
                "patient": {{"reference": "{patient}"}},
                "vaccineCode": {{"coding": [{{"system": "http://hl7.org/fhir/sid/cvx", "code": "{cvx}"}}]}},
                "occurrenceDateTime": "2016-04-15"}}}}"#
        )
    };
    let json = format!(
        r#"{{"resourceType": "Bundle", "type": "searchset", "entry": [
            {{"fullUrl": "http://x.org/fhir/Patient/p1", "resource": {PATIENT}}},
            {{"fullUrl": "http://x.org/fhir/Patient/p2", "resource": {p2}}},
            {},{},{}]}}"#,
        imm("Patient/p2", "10"),
        imm("http://x.org/fhir/Patient/p1", "20"),
        imm("Patient/p2/_history/3", "03"),
    );
    let out = from_fhir_json(&json, &opts()).unwrap();
    assert_eq!(out.len(), 2);
    let m1 = Message::parse(&out[0]).unwrap();
    let m2 = Message::parse(&out[1]).unwrap();
    assert_eq!(get(&m1, "PID-3.1").as_deref(), Some("3123"));
    assert_eq!(get(&m1, "RXA-5.1").as_deref(), Some("20"));
    assert!(m1.segment_by_id("RXA", 2).is_none());
    assert_eq!(get(&m2, "PID-3.1").as_deref(), Some("4444"));
    assert_eq!(get(&m2, "RXA-5.1").as_deref(), Some("10"));
    assert_eq!(get(&m2, "RXA[2]-5.1").as_deref(), Some("03"));
    for t in &out {
        assert_valid(t, "Z22");
    }
    // Two Patients and an Immunization that names neither: an error, not a guess.
    let json = format!(
        r#"{{"resourceType": "Bundle", "type": "collection", "entry": [
            {{"resource": {PATIENT}}}, {{"resource": {p2}}}, {}]}}"#,
        imm("Patient/nobody", "10")
    );
    let err = from_fhir_json(&json, &opts()).unwrap_err();
    assert!(err.to_string().contains("Immunization.patient"), "{err}");
}

#[test]
fn required_elements_missing_are_errors_naming_the_element_not_the_value() {
    let cases = [
        (
            lone(r#""status": "completed", "occurrenceDateTime": "2021-03-04""#),
            "Immunization.vaccineCode",
        ),
        (
            lone(
                r#""status": "completed", "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "08"}]}"#,
            ),
            "Immunization.occurrence",
        ),
        (
            lone(
                r#""status": "completed", "occurrenceString": "last spring, Smith clinic",
                   "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "08"}]}"#,
            ),
            "Immunization.occurrence",
        ),
        (
            lone(
                r#""status": "completed", "occurrenceDateTime": "Smith-03-04",
                   "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "08"}]}"#,
            ),
            "Immunization.occurrenceDateTime",
        ),
        (
            r#"{"resourceType": "Immunization", "status": "completed", "patient": {"reference": "Patient/Smith"},
                "vaccineCode": {"coding": [{"code": "08"}]}, "occurrenceDateTime": "2021"}"#
                .to_string(),
            "contained Patient",
        ),
        (
            r#"{"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Observation", "valueString": "Smith"}}]}"#
                .to_string(),
            "no Patient",
        ),
        (
            r#"{"resourceType": "Observation", "valueString": "Smith"}"#.to_string(),
            "Observation",
        ),
        (
            r#"{"resourceType": "Smith Jones", "valueString": "Smith"}"#.to_string(),
            "unknown type",
        ),
    ];
    for (json, element) in cases {
        let err = from_fhir_json(&json, &opts()).unwrap_err();
        let text = err.to_string();
        assert!(
            matches!(err.kind, ErrorKind::FromFhir { .. }),
            "{element}: {err:?}"
        );
        assert!(text.contains(element), "{text} should name {element}");
        for secret in ["Smith", "O'Brien", "P-77", "spring"] {
            assert!(!text.contains(secret), "{text} carries patient data");
        }
    }
    // JSON errors carry no value either.
    let err = from_fhir_json(
        r#"{"resourceType": "Patient", "gender": 7, "name": "Smith"}"#,
        &opts(),
    )
    .unwrap_err();
    assert!(matches!(err.kind, ErrorKind::FhirJson { .. }));
    assert!(!err.to_string().contains("Smith"));
}

#[test]
fn references_resolve_through_contained_and_practitioner_roles() {
    let text = one(&lone(
        r##""status": "completed", "primarySource": true,
           "contained": [],
           "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "08"}]},
           "occurrenceDateTime": "2021-03-04", "lotNumber": "L1",
           "performer": [{"actor": {"reference": "#role"}}],
           "manufacturer": {"identifier": {"system": "http://hl7.org/fhir/sid/mvx", "value": "MSD"}, "display": "Merck"},
           "programEligibility": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0064", "code": "V01"}]}],
           "education": [{"presentationDate": "2021-03-04", "publicationDate": "2020-08-15",
                          "extension": [{"url": "https://izkit.dev/fhir/StructureDefinition/vis-vaccine-type",
                                         "valueCodeableConcept": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "08"}]}}]}]"##,
    )
    .replacen(
        r#""contained": [{"resourceType": "Patient""#,
        r##""contained": [{"resourceType": "PractitionerRole", "id": "role", "practitioner": {"reference": "#doc"}},
                         {"resourceType": "Practitioner", "id": "doc", "name": [{"family": "Who", "given": ["Doctor"]}]},
                         {"resourceType": "Patient""##,
        1,
    )
    .replacen(r#""contained": [],"#, "", 1));
    assert_valid(&text, "Z22");
    let m = Message::parse(&text).unwrap();
    assert_eq!(get_raw(&m, "RXA-10"), "^Who^Doctor^^^^^^^L");
    assert_eq!(get_raw(&m, "RXA-17"), "MSD^Merck^MVX");
    // A VIS without a barcode: vaccine type, publication and presentation dates in group 2.
    assert_eq!(get_raw(&m, "OBX[2]-3"), "30956-7^Vaccine type^LN");
    assert_eq!(get_raw(&m, "OBX[2]-5"), "08^^CVX");
    assert_eq!(get_raw(&m, "OBX[3]-5"), "20200815");
    assert_eq!(get_raw(&m, "OBX[4]-5"), "20210304");
    assert_eq!(get_raw(&m, "OBX[4]-4"), "2");
}

#[test]
fn defaults_time_and_control_id() {
    let o = FromFhirOptions::default();
    let out = from_fhir_json(&bundle(), &o).unwrap();
    let m = Message::parse(&out[0]).unwrap();
    let ts = get_raw(&m, "MSH-7");
    assert_eq!(ts.len(), 19, "{ts}");
    assert!(ts.ends_with("+0000"));
    assert_eq!(get_raw(&m, "MSH-3"), "");
    // The control id hashes the content, not the time: stable across calls.
    let again = from_fhir_json(&bundle(), &o).unwrap();
    assert_eq!(
        get_raw(&Message::parse(&again[0]).unwrap(), "MSH-10"),
        get_raw(&m, "MSH-10")
    );
    let given = FromFhirOptions {
        control_id: Some("ID|1".into()),
        processing_id: Some("T".into()),
        ..opts()
    };
    let out = from_fhir_json(&bundle(), &given).unwrap();
    let m = Message::parse(&out[0]).unwrap();
    assert_eq!(get_raw(&m, "MSH-10"), "ID\\F\\1");
    assert_eq!(get_raw(&m, "MSH-11"), "T");
}

#[test]
fn the_message_header_gives_msh_3_to_6_when_the_options_do_not() {
    let json = bundle().replacen(
        r#""entry": ["#,
        r#""entry": [
          {"fullUrl": "urn:uuid:mh", "resource": {"resourceType": "MessageHeader",
             "eventCoding": {"system": "http://terminology.hl7.org/CodeSystem/v2-0003", "code": "V04"},
             "source": {"name": "MYEHR", "endpoint": "urn:oid:2.16.840.1.113883.3.72.1"},
             "sender": {"reference": "urn:uuid:org"},
             "destination": [{"name": "IIS", "endpoint": "urn:hl7v2:hd:IIS"}]}},
          {"fullUrl": "urn:uuid:org", "resource": {"resourceType": "Organization", "name": "MYCLINIC"}},"#,
        1,
    );
    let o = FromFhirOptions {
        timestamp: Some("20240102120000-0500".into()),
        ..FromFhirOptions::default()
    };
    let out = from_fhir_json(&json, &o).unwrap();
    let m = Message::parse(&out[0]).unwrap();
    assert_eq!(get_raw(&m, "MSH-3"), "MYEHR^2.16.840.1.113883.3.72.1^ISO");
    assert_eq!(get_raw(&m, "MSH-4"), "MYCLINIC");
    assert_eq!(get_raw(&m, "MSH-5"), "IIS");
    assert_valid(&out[0], "Z22");
}

#[test]
fn unknown_elements_are_ignored() {
    let with = bundle().replace(
        r#""futureElement": [1, 2]"#,
        r#""futureElement": [1, 2], "_lotNumber": {"id": "x"}, "modifierExtension": [], "text": {"div": "<div/>"}"#,
    );
    let a = from_fhir_json(&with, &opts()).unwrap();
    let b = from_fhir_json(
        &bundle().replace(r#", "futureElement": [1, 2]"#, ""),
        &opts(),
    )
    .unwrap();
    assert_eq!(a, b);
}

#[test]
fn observations_part_of_an_immunization_are_obx_of_its_group() {
    let json = bundle().replacen(
        r#""entry": ["#,
        r#""entry": [
          {"resource": {"resourceType": "Observation", "status": "final",
             "partOf": [{"reference": "urn:uuid:imm-1"}],
             "code": {"coding": [{"system": "http://loinc.org", "code": "59784-9", "display": "Disease with presumed immunity"}]},
             "valueCodeableConcept": {"coding": [{"system": "http://snomed.info/sct", "code": "38907003", "display": "Varicella"}]}}},"#,
        1,
    );
    let out = from_fhir_json(&json, &opts()).unwrap();
    assert_valid(&out[0], "Z22");
    let m = Message::parse(&out[0]).unwrap();
    assert_eq!(
        m.segment_by_id("OBX", 7).unwrap().as_str(),
        "OBX|7|CE|59784-9^Disease with presumed immunity^LN|5|38907003^Varicella^SCT||||||F|||20150624"
    );
}

/// Found by the fuzz target: an entry of a type `from_fhir` does not read keeps its place in
/// the reference index, so the fast JSON path and `read_resource` + `from_fhir` resolve a
/// reference to the same entry (here the first of two entries sharing a `fullUrl`).
#[test]
fn the_fast_json_path_resolves_references_as_read_resource_does() {
    let json = r#"{"resourceType":"Bundle","type":"collection","entry":[
      {"fullUrl":"urn:uuid:p","resource":{"resourceType":"Patient","identifier":[{"value":"1"}],
        "name":[{"family":"Doe","given":["Jane"]}],"gender":"female","birthDate":"2020-01-02"}},
      {"fullUrl":"urn:uuid:i","resource":{"resourceType":"Immunizjtion","status":"completed"}},
      {"fullUrl":"urn:uuid:i","resource":{"resourceType":"Immunization","status":"completed",
        "vaccineCode":{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"08"}]},
        "patient":{"reference":"urn:uuid:p"},"occurrenceDateTime":"2021-03-04"}},
      {"resource":{"resourceType":"Observation","partOf":[{"reference":"urn:uuid:i"}],
        "code":{"coding":[{"system":"http://loinc.org","code":"29892-9"}]},"valueString":"x"}}]}"#;
    let opts = FromFhirOptions {
        timestamp: Some("20240102120000+0000".into()),
        ..FromFhirOptions::default()
    };
    let fast = from_fhir_json(json, &opts).unwrap();
    let slow = from_fhir(&izkit::fhir::read_resource(json).unwrap(), &opts).unwrap();
    assert_eq!(fast, slow);
    assert_eq!(fast.len(), 1);
    // urn:uuid:i names the first entry (not an Immunization): the Observation is no OBX.
    assert!(!fast[0].contains("OBX|"), "{:?}", fast[0]);
}
