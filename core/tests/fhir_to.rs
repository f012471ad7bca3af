//! v2 → FHIR (`izkit::fhir::to_fhir`): every corpus message converts and its Bundle reads back
//! as the same JSON; the rules of docs/FHIR-MAPPING.md hold on real messages (exact values);
//! whole Bundles are pinned by insta snapshots; properties hold over generated VXUs.

mod common;

use izkit::fhir::{read_resource, to_fhir, to_fhir_json, write_resource, LocalTime, ToFhirOptions};
use izkit::Message;
use proptest::prelude::*;
use serde_json::Value;
use std::collections::HashSet;

const DATE_ONLY: ToFhirOptions = ToFhirOptions {
    local_time: LocalTime::DateOnly,
};

fn corpus_file(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/corpus/messages/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The Bundle of `text` as JSON, with the given options.
fn json_with(text: &str, opts: &ToFhirOptions) -> Value {
    let msg = Message::parse(text).expect("parses");
    serde_json::from_str(&to_fhir_json(&msg, opts).expect("maps")).unwrap()
}

fn json(text: &str) -> Value {
    json_with(text, &DATE_ONLY)
}

/// The resources of one type, in Bundle order.
fn all<'a>(b: &'a Value, rtype: &str) -> Vec<&'a Value> {
    b["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == rtype)
        .collect()
}

fn one<'a>(b: &'a Value, rtype: &str) -> &'a Value {
    let v = all(b, rtype);
    assert_eq!(v.len(), 1, "one {rtype}");
    v[0]
}

/// The resource a literal reference (`urn:uuid:`) points at.
fn resolve<'a>(b: &'a Value, reference: &Value) -> &'a Value {
    let url = reference["reference"]
        .as_str()
        .expect("a literal reference");
    &b["entry"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["fullUrl"] == url)
        .unwrap_or_else(|| panic!("{url} resolves"))["resource"]
}

/// The value of the extension with `url` (ending) among `ext`.
fn ext<'a>(r: &'a Value, name: &str) -> Option<&'a Value> {
    r["extension"]
        .as_array()?
        .iter()
        .find(|e| e["url"].as_str().is_some_and(|u| u.ends_with(name)))
}

/// Every `reference` string anywhere in the value.
fn references(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("reference", Value::String(s)) => out.push(s.clone()),
                    _ => references(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| references(x, out)),
        _ => {}
    }
}

/// Checks the Bundle's shape: a message whose first entry is the MessageHeader, unique
/// `fullUrl`s equal to `urn:uuid:` + id, and every reference resolving inside it.
fn check_shape(name: &str, b: &Value) {
    assert_eq!(b["resourceType"], "Bundle", "{name}");
    assert_eq!(b["type"], "message", "{name}");
    let entries = b["entry"].as_array().unwrap();
    assert_eq!(
        entries[0]["resource"]["resourceType"], "MessageHeader",
        "{name}"
    );
    let mut urls = HashSet::new();
    for e in entries {
        let url = e["fullUrl"].as_str().unwrap();
        assert!(urls.insert(url.to_owned()), "{name}: duplicate {url}");
        let id = e["resource"]["id"].as_str().unwrap();
        assert_eq!(url, format!("urn:uuid:{id}"), "{name}");
        assert_eq!((id.len(), &id[14..15]), (36, "8"), "{name}: id {id}");
    }
    let mut refs = Vec::new();
    references(b, &mut refs);
    for r in refs {
        assert!(urls.contains(&r), "{name}: dangling reference {r}");
    }
}

// ---------------------------------------------------------------------------------------
// The corpus
// ---------------------------------------------------------------------------------------

/// `to_fhir_json` and `write_resource` write JSON themselves (not through serde_json): the text
/// must be byte for byte what serde_json writes for the same Bundle.
#[test]
fn json_is_written_byte_for_byte_as_serde_json_writes_it() {
    let mut n = 0;
    for (name, text) in common::corpus() {
        let Ok(msg) = Message::parse(&text) else {
            continue;
        };
        for opts in [
            DATE_ONLY,
            ToFhirOptions {
                local_time: LocalTime::Offset(-300),
            },
        ] {
            let Ok(bundle) = to_fhir(&msg, &opts) else {
                continue;
            };
            let serde = serde_json::to_string(&bundle).unwrap();
            assert_eq!(to_fhir_json(&msg, &opts).unwrap(), serde, "{name}");
            let r = read_resource(&serde).unwrap();
            assert_eq!(write_resource(&r), serde, "{name}");
            n += 1;
        }
    }
    assert!(n > 100, "{n} messages compared");
}

#[test]
fn every_corpus_message_converts_and_reads_back() {
    let mut by_type = std::collections::BTreeMap::<String, usize>::new();
    for (name, text) in common::corpus() {
        let Ok(msg) = Message::parse(&text) else {
            continue; // the two SOAP-polluted files corpus.rs pins
        };
        let bundle = to_fhir(&msg, &DATE_ONLY).unwrap_or_else(|e| panic!("{name}: {e}"));
        let json = to_fhir_json(&msg, &DATE_ONLY).unwrap();
        assert_eq!(
            serde_json::to_value(&bundle).unwrap(),
            serde_json::from_str::<Value>(&json).unwrap(),
            "{name}: to_fhir_json writes to_fhir's Bundle"
        );
        // Read back with the model: the same JSON again.
        let again = write_resource(&read_resource(&json).unwrap());
        assert_eq!(
            serde_json::from_str::<Value>(&again).unwrap(),
            serde_json::from_str::<Value>(&json).unwrap(),
            "{name}: reads back to equal JSON"
        );
        let v: Value = serde_json::from_str(&json).unwrap();
        check_shape(&name, &v);
        let kind = msg.get("MSH-9.1").unwrap().unwrap().into_owned();
        match kind.as_str() {
            "VXU" => {
                assert_eq!(all(&v, "Patient").len(), 1, "{name}");
                assert!(!all(&v, "Immunization").is_empty(), "{name}");
            }
            "ACK" => assert_eq!(all(&v, "OperationOutcome").len(), 1, "{name}"),
            "RSP" => assert!(
                !all(&v, "Patient").is_empty() || all(&v, "OperationOutcome").len() == 1,
                "{name}"
            ),
            "QBP" => assert_eq!(all(&v, "Parameters").len(), 1, "{name}"),
            other => panic!("{name}: unexpected type {other}"),
        }
        *by_type.entry(kind).or_default() += 1;
    }
    assert_eq!(
        by_type.into_iter().collect::<Vec<_>>(),
        [
            ("ACK".to_owned(), 26),
            ("QBP".to_owned(), 11),
            ("RSP".to_owned(), 19),
            ("VXU".to_owned(), 62)
        ]
    );
}

#[test]
fn same_message_same_bundle_and_ids_depend_on_msh_10() {
    let text = corpus_file("nist-hit-iz-tool/002_VXU_Z22_TestStep-1.hl7");
    assert_eq!(json(&text), json(&text));
    let other = text.replace("|NIST-IZ-AD-1.1_Send_V04_Z22|", "|ANOTHER-ID|");
    let (a, b) = (json(&text), json(&other));
    assert_ne!(a["entry"][0]["fullUrl"], b["entry"][0]["fullUrl"]);
    assert_eq!(
        a["entry"].as_array().unwrap().len(),
        b["entry"].as_array().unwrap().len()
    );
}

/// Shared resources (manufacturers, performers) are made once each, however many a message
/// names: past the short list `to_fhir` keeps, they are looked up by index, the same way.
#[test]
fn many_shared_resources_are_each_made_once() {
    let mut text = String::from(
        "MSH|^~\\&|EHR|CLINIC|IIS||20240102||VXU^V04^VXU_V04|1|P|2.5.1\rPID|1||123^^^MR||DOE^JANE||20200101|F\r",
    );
    for round in 0..3 {
        for m in 0..25 {
            text.push_str(&format!(
                "ORC|RE||{round}-{m}\rRXA|0|1|20240102||08^HepB^CVX|0.5|mL^^UCUM||||||||L{m}||M{m}^Maker {m}^MVX\r"
            ));
        }
    }
    let b = json(&text);
    let imms = all(&b, "Immunization");
    assert_eq!(imms.len(), 75);
    // MSH-4 and the 25 manufacturers.
    assert_eq!(all(&b, "Organization").len(), 26);
    for (i, imm) in imms.iter().enumerate() {
        let org = resolve(&b, &imm["manufacturer"]);
        assert_eq!(org["name"], format!("Maker {}", i % 25), "{i}");
    }
}

/// Writes every corpus Bundle (both LocalTime modes) to `$IZKIT_FHIR_DUMP/` for checking
/// with other tools (`fhir.resources`); run with `--ignored`.
#[test]
#[ignore]
fn dump_corpus_bundles() {
    let Some(dir) = std::env::var_os("IZKIT_FHIR_DUMP") else {
        return;
    };
    for (name, text) in common::corpus() {
        let Ok(msg) = Message::parse(&text) else {
            continue;
        };
        for (mode, opts) in [
            ("date-only", DATE_ONLY),
            (
                "offset",
                ToFhirOptions {
                    local_time: LocalTime::Offset(-300),
                },
            ),
        ] {
            if let Ok(json) = to_fhir_json(&msg, &opts) {
                let file = format!("{}.{mode}.json", name.replace('/', "__"));
                std::fs::write(std::path::Path::new(&dir).join(file), json).unwrap();
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The rules, on real messages
// ---------------------------------------------------------------------------------------

#[test]
fn message_header_and_bundle_identity() {
    let b = json(&corpus_file("nist-hit-iz-tool/002_VXU_Z22_TestStep-1.hl7"));
    assert_eq!(b["identifier"]["value"], "NIST-IZ-AD-1.1_Send_V04_Z22");
    assert_eq!(b["identifier"]["system"], "urn:hl7v2:hd:NISTEHRAPP");
    // MSH-7 has an offset: an instant, fraction kept.
    assert_eq!(b["timestamp"], "2015-06-24T07:37:33.994-05:00");
    let h = one(&b, "MessageHeader");
    assert_eq!(h["eventCoding"]["code"], "V04");
    assert_eq!(
        h["eventCoding"]["system"],
        "http://terminology.hl7.org/CodeSystem/v2-0003"
    );
    assert_eq!(h["source"]["name"], "NISTEHRAPP");
    assert_eq!(h["destination"][0]["name"], "NISTIISAPP");
    assert_eq!(resolve(&b, &h["sender"])["name"], "NISTEHRFAC");
    assert_eq!(
        resolve(&b, &h["destination"][0]["receiver"])["name"],
        "NISTIISFAC"
    );
    let msh21 = ext(h, "msh-21").unwrap();
    assert_eq!(msh21["valueCoding"]["code"], "Z22");
    assert_eq!(
        msh21["valueCoding"]["system"],
        "urn:oid:2.16.840.1.114222.4.5.274"
    );
    // The IG example's MSH-7 has a malformed offset (`-500`): no timestamp rather than a guess.
    let ig = json(&corpus_file(
        "cdc-ig-r1.5-appendix-a/001_VXU_Z22_2-Message-Example.hl7",
    ));
    assert!(ig.get("timestamp").is_none());
}

#[test]
fn patient_from_pid_and_pd1() {
    let b = json(&corpus_file("nist-hit-iz-tool/002_VXU_Z22_TestStep-1.hl7"));
    let p = one(&b, "Patient");
    assert_eq!(p["identifier"][0]["value"], "3123");
    assert_eq!(p["identifier"][0]["system"], "urn:hl7v2:hd:NIST-MPI-1");
    assert_eq!(p["identifier"][0]["assigner"]["display"], "NIST-MPI-1");
    assert_eq!(p["identifier"][0]["type"]["coding"][0]["code"], "MR");
    assert_eq!(p["name"][0]["family"], "Richardson");
    assert_eq!(
        p["name"][0]["given"],
        serde_json::json!(["Russell", "Clint"])
    );
    assert_eq!(p["name"][0]["use"], "official");
    assert_eq!(
        ext(p, "patient-mothersMaidenName").unwrap()["valueString"],
        "Billington"
    );
    assert_eq!(p["birthDate"], "2015-04-15");
    assert_eq!(p["gender"], "male");
    // PID-24 N and PID-25 1: the birth order wins.
    assert_eq!(p["multipleBirthInteger"], 1);
    assert!(p.get("multipleBirthBoolean").is_none());
    assert_eq!(p["deceasedBoolean"], false);
    let race = ext(p, "us-core-race").unwrap();
    assert_eq!(race["extension"][0]["url"], "ombCategory");
    assert_eq!(race["extension"][0]["valueCoding"]["code"], "1002-5");
    assert_eq!(
        race["extension"][0]["valueCoding"]["system"],
        "urn:oid:2.16.840.1.113883.6.238"
    );
    assert_eq!(race["extension"][1]["url"], "text");
    let eth = ext(p, "us-core-ethnicity").unwrap();
    assert_eq!(eth["extension"][0]["valueCoding"]["code"], "2186-5");
    // XAD.7 P has no FHIR target: kept in xad-7; XTN CDC style.
    let a = &p["address"][0];
    assert_eq!(a["line"][0], "543 Blount Drive");
    assert_eq!(
        (a["city"].as_str(), a["postalCode"].as_str()),
        (Some("Bozeman"), Some("59715"))
    );
    assert_eq!(ext(a, "xad-7").unwrap()["valueCode"], "P");
    let t = &p["telecom"][0];
    assert_eq!(
        (t["system"].as_str(), t["value"].as_str(), t["use"].as_str()),
        (Some("phone"), Some("4065557690"), Some("home"))
    );
    assert_eq!(ext(t, "contactpoint-area").unwrap()["valueString"], "406");
    // PD1-11 02, PD1-12 N (+ date), PD1-16 A (+ date), PD1-18.
    let publicity = ext(p, "pd1-publicity-code").unwrap();
    assert_eq!(publicity["valueCodeableConcept"]["coding"][0]["code"], "02");
    assert_eq!(
        publicity["valueCodeableConcept"]["coding"][0]["system"],
        "http://terminology.hl7.org/CodeSystem/v2-0215"
    );
    assert_eq!(
        ext(p, "pd1-publicity-code-date").unwrap()["valueDate"],
        "2015-06-24"
    );
    assert_eq!(
        ext(p, "pd1-protection-indicator").unwrap()["valueCode"],
        "N"
    );
    assert_eq!(
        ext(p, "pd1-protection-indicator-date").unwrap()["valueDate"],
        "2015-06-24"
    );
    assert!(p.get("meta").is_none(), "not protected: no security label");
    let status = ext(p, "pd1-registry-status").unwrap();
    assert_eq!(status["valueCoding"]["code"], "A");
    assert_eq!(
        status["valueCoding"]["system"],
        "http://terminology.hl7.org/CodeSystem/v2-0441"
    );
    assert_eq!(
        ext(p, "pd1-registry-status-date").unwrap()["valueDate"],
        "2015-04-15"
    );
    assert_eq!(p["active"], true);

    // PD1-12 Y: restricted.
    let b = json(&corpus_file(
        "nist-hit-iz-tool/023_VXU_Z22_Send-administration-message.hl7",
    ));
    let p = one(&b, "Patient");
    assert_eq!(p["meta"]["security"][0]["code"], "R");
    assert_eq!(
        p["meta"]["security"][0]["system"],
        "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
    );
    assert_eq!(
        ext(p, "pd1-protection-indicator").unwrap()["valueCode"],
        "Y"
    );
    // An email XTN (XTN.2 NET has no FHIR use: kept in xtn-2).
    let mail = &p["telecom"][1];
    assert_eq!(
        (mail["system"].as_str(), mail["value"].as_str()),
        (Some("email"), Some("Helen.Barrett@isp.com"))
    );
    assert_eq!(ext(mail, "xtn-2").unwrap()["valueCode"], "NET");
}

#[test]
fn related_persons_from_nk1() {
    let b = json(&corpus_file("nist-hit-iz-tool/002_VXU_Z22_TestStep-1.hl7"));
    let rps = all(&b, "RelatedPerson");
    assert_eq!(rps.len(), 2);
    assert_eq!(rps[0]["relationship"][0]["coding"][0]["code"], "MTH");
    assert_eq!(
        rps[0]["relationship"][0]["coding"][0]["system"],
        "http://terminology.hl7.org/CodeSystem/v2-0063"
    );
    assert_eq!(rps[1]["name"][0]["given"][0], "John");
    assert_eq!(resolve(&b, &rps[0]["patient"])["resourceType"], "Patient");
    // XTN.3 CP: a mobile phone, the exact code kept.
    let t = &rps[1]["telecom"][0];
    assert_eq!(t["system"], "phone");
    assert_eq!(ext(t, "xtn-3").unwrap()["valueCode"], "CP");
}

#[test]
fn immunization_core_elements() {
    let b = json(&corpus_file(
        "cdc-ig-r1.5-appendix-a/001_VXU_Z22_2-Message-Example.hl7",
    ));
    let imms = all(&b, "Immunization");
    assert_eq!(imms.len(), 3);
    // Historical dose: RXA-9 01.
    let h = imms[0];
    assert_eq!(h["primarySource"], false);
    assert_eq!(h["reportOrigin"]["coding"][0]["code"], "01");
    assert_eq!(h["occurrenceDateTime"], "2011-04-15");
    assert_eq!(
        h["vaccineCode"]["coding"][0]["system"],
        "http://hl7.org/fhir/sid/cvx"
    );
    assert_eq!(h["vaccineCode"]["coding"][0]["code"], "85");
    assert!(h.get("doseQuantity").is_none(), "999 is no amount");
    assert_eq!(h["identifier"][0]["type"]["coding"][0]["code"], "FILL");
    assert_eq!(h["identifier"][0]["value"], "65929");
    assert_eq!(h["identifier"][0]["system"], "urn:hl7v2:hd:DCS");
    // New administration: RXA-9 00.
    let n = imms[1];
    assert_eq!(n["primarySource"], true);
    assert!(n.get("reportOrigin").is_none());
    assert_eq!(n["status"], "completed");
    assert_eq!(ext(n, "rxa-20").unwrap()["valueCode"], "CP");
    assert_eq!(ext(n, "rxa-21").unwrap()["valueCode"], "A");
    assert_eq!(n["lotNumber"], "xy3939");
    assert_eq!(n["expirationDate"], "2014-12-12");
    assert_eq!(n["recorded"], "2012-01-13");
    assert_eq!(n["doseQuantity"]["value"], serde_json::json!(0.5));
    assert_eq!(n["doseQuantity"]["system"], "http://unitsofmeasure.org");
    assert_eq!(n["doseQuantity"]["code"], "mL");
    let m = resolve(&b, &n["manufacturer"]);
    assert_eq!(m["identifier"][0]["system"], "http://hl7.org/fhir/sid/mvx");
    assert_eq!(m["identifier"][0]["value"], "SKB");
    assert_eq!(m["name"], "GlaxoSmithKline");
    let loc = resolve(&b, &n["location"]);
    assert_eq!(
        (loc["resourceType"].as_str(), loc["name"].as_str()),
        (Some("Location"), Some("DCS_DC"))
    );
    assert_eq!(n["route"]["coding"][0]["code"], "C28161");
    assert_eq!(
        n["route"]["coding"][1]["system"],
        "http://terminology.hl7.org/CodeSystem/v2-0162"
    );
    assert_eq!(n["site"]["coding"][0]["code"], "RT");
    assert_eq!(
        n["site"]["coding"][0]["system"],
        "http://terminology.hl7.org/CodeSystem/v2-0163"
    );
    let functions: Vec<&str> = n["performer"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["function"]["coding"][0]["code"].as_str().unwrap())
        .collect();
    assert_eq!(functions, ["OP", "EP", "AP"]);
    let ap = resolve(&b, &n["performer"][2]["actor"]);
    assert_eq!(ap["name"][0]["family"], "Sticker");
    assert_eq!(ap["name"][0]["suffix"][0], "RN");
    // The same clerk (ORC-10) and the same location in two ORDER groups: one resource each.
    assert_eq!(
        imms[1]["performer"][1]["actor"],
        imms[2]["performer"][1]["actor"]
    );
    assert_eq!(imms[1]["location"], imms[2]["location"]);
    assert_eq!(all(&b, "Location").len(), 1);
    // Eligibility OBX → programEligibility; the VIS pair (OBX-4 2) → one education.
    assert_eq!(n["programEligibility"][0]["coding"][0]["code"], "V02");
    assert_eq!(n["education"].as_array().unwrap().len(), 1);
    assert_eq!(
        n["education"][0]["documentType"],
        "253088698300026411121116"
    );
    assert_eq!(n["education"][0]["presentationDate"], "2012-01-13");
    assert!(all(&b, "Observation").is_empty());
}

#[test]
fn vis_and_funding_grouped_by_obx_4() {
    let b = json(&corpus_file("nist-hit-iz-tool/002_VXU_Z22_TestStep-1.hl7"));
    let imms = all(&b, "Immunization");
    assert_eq!(imms.len(), 5);
    let first = imms[0];
    assert_eq!(
        first["vaccineCode"]["coding"][0]["system"],
        "http://hl7.org/fhir/sid/ndc"
    );
    assert_eq!(first["vaccineCode"]["coding"][0]["code"], "49281-0560-05");
    assert_eq!(first["fundingSource"]["coding"][0]["code"], "VXC50");
    assert_eq!(first["programEligibility"][0]["coding"][0]["code"], "V04");
    assert_eq!(
        first["programEligibility"][0]["coding"][0]["system"],
        "http://terminology.hl7.org/CodeSystem/v2-0064"
    );
    let edu = first["education"].as_array().unwrap();
    assert_eq!(edu.len(), 3);
    let docs: Vec<&str> = edu
        .iter()
        .map(|e| e["documentType"].as_str().unwrap())
        .collect();
    assert_eq!(
        docs,
        [
            "253088698300017211160720",
            "253088698300006611150402",
            "253088698300003511070517"
        ]
    );
    assert!(edu.iter().all(|e| e["presentationDate"] == "2015-06-24"));
    assert_eq!(first["identifier"][0]["type"]["coding"][0]["code"], "PLAC");
    assert_eq!(first["identifier"][1]["type"]["coding"][0]["code"], "FILL");
    assert_eq!(first["identifier"][1]["value"], "38766");
    // The clinic (RXA-11) and the two practitioners are shared by all five doses.
    assert_eq!(all(&b, "Location").len(), 1);
    assert_eq!(all(&b, "Practitioner").len(), 2);
    assert!(all(&b, "Observation").is_empty());
    // A VIS group made of a vaccine type and dates (older CDC style) keeps the type.
    let text = corpus_file("nist-hit-iz-tool/002_VXU_Z22_TestStep-1.hl7").replace(
        "OBX|3|CE|69764-9^Document Type^LN|3|253088698300017211160720^Polio VIS^cdcgs1vis",
        "OBX|3|CE|30956-7^vaccine type^LN|3|10^IPV^CVX",
    );
    let b = json(&text);
    let edu = &all(&b, "Immunization")[0]["education"][0];
    assert!(edu.get("documentType").is_none());
    let vt = ext(edu, "vis-vaccine-type").unwrap();
    assert_eq!(vt["valueCodeableConcept"]["coding"][0]["code"], "10");
}

#[test]
fn statuses_from_rxa_20_and_21() {
    // RE with a refusal reason (RXA-18).
    let b = json(&corpus_file(
        "nist-hit-iz-tool/037_VXU_Z22_Send-administration-message.hl7",
    ));
    let refused = all(&b, "Immunization")
        .into_iter()
        .find(|i| i["status"] == "not-done")
        .expect("a refusal");
    assert_eq!(refused["statusReason"]["coding"][0]["code"], "00");
    assert_eq!(
        refused["statusReason"]["coding"][0]["display"],
        "Parental decision"
    );
    assert_eq!(ext(refused, "rxa-20").unwrap()["valueCode"], "RE");
    // PA: completed and subpotent.
    let b = json(&corpus_file(
        "nist-hit-iz-tool/027_VXU_Z22_Send-administration-message.hl7",
    ));
    let pa = all(&b, "Immunization")
        .into_iter()
        .find(|i| i.get("isSubpotent").is_some())
        .expect("a partial dose");
    assert_eq!(
        (pa["status"].as_str(), pa["isSubpotent"].as_bool()),
        (Some("completed"), Some(true))
    );
    // RXA-21 D: entered in error, whatever RXA-20.
    let b = json(&corpus_file(
        "nist-hit-iz-tool/026_VXU_Z22_Send-administration-message.hl7",
    ));
    let deleted = all(&b, "Immunization")[0];
    assert_eq!(deleted["status"], "entered-in-error");
    assert_eq!(ext(deleted, "rxa-21").unwrap()["valueCode"], "D");
    assert_eq!(ext(deleted, "rxa-20").unwrap()["valueCode"], "CP");
    // NA.
    let b = json(&corpus_file(
        "cdc-iis-open-tools-cvrs/040_VXU_Z22_Adult-z22-non-vaccination-deferral.hl7",
    ));
    let na = one(&b, "Immunization");
    assert_eq!(na["status"], "not-done");
    // Its contraindication OBX become Observations, part of the Immunization.
    let obs = all(&b, "Observation");
    assert_eq!(obs.len(), 3);
    assert_eq!(obs[0]["code"]["coding"][0]["code"], "30945-0");
    assert_eq!(obs[0]["valueCodeableConcept"]["coding"][0]["code"], "VXC23");
    assert_eq!(obs[0]["status"], "final");
    assert_eq!(obs[0]["effectiveDateTime"], "2020-10-31");
    assert_eq!(obs[1]["valueDateTime"], "2020-12-15");
    assert_eq!(
        resolve(&b, &obs[0]["partOf"][0])["resourceType"],
        "Immunization"
    );
    assert_eq!(resolve(&b, &obs[0]["subject"])["resourceType"], "Patient");
}

const SMALL_VXU: &str = "MSH|^~\\&|EHR|CLINIC^2.16.840.1.113883.19.4.6^ISO|IIS||RECEIVED||VXU^V04^VXU_V04|CTRL1|P|2.5.1\r\
PID|1||123^^^MYEHR&2.16.840.1.113883.19.5&ISO^MR||O\\T\\Brien^Mary^^^^^L||BIRTH|F\r\
ORC|RE||F1^EHR\r\
RXA|0|1|GIVEN||208^COVID-19^CVX^59267-1000-01^Pfizer^NDC|.3|mL^^UCUM||00^^NIP001||||||LOT1|20221231|PFR^Pfizer^MVX|||CP|A\r";

fn small(received: &str, birth: &str, given: &str) -> String {
    SMALL_VXU
        .replace("RECEIVED", received)
        .replace("BIRTH", birth)
        .replace("GIVEN", given)
}

#[test]
fn dates_keep_their_precision_and_never_guess_an_offset() {
    let cases = [
        ("2021", "2021", "2021"),
        ("202103", "2021-03", "2021-03"),
        ("20210304", "2021-03-04", "2021-03-04"),
        ("2021030410", "2021-03-04", "2021-03-04T10:00:00-05:00"),
        ("202103041015", "2021-03-04", "2021-03-04T10:15:00-05:00"),
        (
            "20210304101530.25",
            "2021-03-04",
            "2021-03-04T10:15:30.25-05:00",
        ),
        (
            "202103041015-0500",
            "2021-03-04T10:15:00-05:00",
            "2021-03-04T10:15:00-05:00",
        ),
        (
            "20210304101530+0130",
            "2021-03-04T10:15:30+01:30",
            "2021-03-04T10:15:30+01:30",
        ),
    ];
    let eastern = ToFhirOptions {
        local_time: LocalTime::Offset(-300),
    };
    for (v2, date_only, with_offset) in cases {
        let text = small("20210304101500", "20200101", v2);
        let imm = |b: &Value| one(b, "Immunization")["occurrenceDateTime"].clone();
        assert_eq!(
            imm(&json_with(&text, &DATE_ONLY)),
            date_only,
            "{v2} DateOnly"
        );
        assert_eq!(imm(&json_with(&text, &eastern)), with_offset, "{v2} Offset");
    }
    // Bundle.timestamp is an instant: left out without an offset, unless one is configured.
    let text = small("20210304101500", "20200101", "20210304");
    assert!(json(&text).get("timestamp").is_none());
    assert_eq!(
        json_with(&text, &eastern)["timestamp"],
        "2021-03-04T10:15:00-05:00"
    );
    // A birth time: birthDate is the date; the time (with an offset) in patient-birthTime.
    let text = small("20210304", "202001011230-0500", "20210304");
    let p = one(&json(&text), "Patient").clone();
    assert_eq!(p["birthDate"], "2020-01-01");
    assert_eq!(
        p["_birthDate"]["extension"][0]["valueDateTime"],
        "2020-01-01T12:30:00-05:00"
    );
    // Not a valid TS: RXA-3 kept as occurrenceString, nothing guessed.
    let text = small("20210304", "20200101", "20211341");
    let imm = one(&json(&text), "Immunization").clone();
    assert_eq!(imm["occurrenceString"], "20211341");
    assert!(imm.get("occurrenceDateTime").is_none());
    // No RXA-3 and no RXA-5: the required elements say they are unknown (data-absent-reason).
    let text =
        small("20210304", "20200101", "").replace("208^COVID-19^CVX^59267-1000-01^Pfizer^NDC", "");
    let imm = one(&json(&text), "Immunization").clone();
    assert_eq!(imm["occurrenceString"], "unknown");
    assert!(imm.get("occurrenceDateTime").is_none());
    assert_eq!(
        imm["_occurrenceString"]["extension"][0]["valueCode"],
        "unknown"
    );
    assert_eq!(imm["vaccineCode"]["extension"][0]["valueCode"], "unknown");
    // An offset beyond a day is refused.
    let msg = Message::parse(&text).unwrap();
    let e = to_fhir(
        &msg,
        &ToFhirOptions {
            local_time: LocalTime::Offset(24 * 60),
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), "to_fhir");
}

#[test]
fn small_vxu_identifiers_codes_and_decimals() {
    let b = json(&small("20210304", "20200101", "20210304"));
    let p = one(&b, "Patient");
    assert_eq!(p["name"][0]["family"], "O&Brien", "escapes decoded");
    assert_eq!(
        p["identifier"][0]["system"],
        "urn:oid:2.16.840.1.113883.19.5"
    );
    assert_eq!(p["gender"], "female");
    let sender = resolve(&b, &one(&b, "MessageHeader")["sender"]);
    assert_eq!(
        sender["identifier"][0]["value"],
        "urn:oid:2.16.840.1.113883.19.4.6"
    );
    assert_eq!(sender["identifier"][0]["system"], "urn:ietf:rfc:3986");
    let imm = one(&b, "Immunization");
    let codings = imm["vaccineCode"]["coding"].as_array().unwrap();
    assert_eq!(
        codings
            .iter()
            .map(|c| (c["system"].as_str().unwrap(), c["code"].as_str().unwrap()))
            .collect::<Vec<_>>(),
        [
            ("http://hl7.org/fhir/sid/cvx", "208"),
            ("http://hl7.org/fhir/sid/ndc", "59267-1000-01")
        ]
    );
    // A second RXA-5 repetition (senders put the NDC there): its codings are kept too.
    let text = small("20210304", "20200101", "20210304")
        .replace("^59267-1000-01^Pfizer^NDC", "~59267-1000-01^Pfizer^NDC");
    let b2 = json(&text);
    let codes: Vec<&str> = one(&b2, "Immunization")["vaccineCode"]["coding"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["208", "59267-1000-01"]);
    // `.3` is not a JSON number: written 0.3.
    assert_eq!(imm["doseQuantity"]["value"], serde_json::json!(0.3));
}

#[test]
fn rsp_z32_patient_and_history() {
    let b = json(&corpus_file(
        "cdc-ig-r1.5-appendix-a/013_RSP_Z32_3-Returning-An-Immunizat.hl7"
            .replace("Immunizat", "Immunization-Hi")
            .as_str(),
    ));
    let h = one(&b, "MessageHeader");
    assert_eq!(h["response"]["identifier"], "793543");
    assert_eq!(h["response"]["code"], "ok");
    assert_eq!(ext(&h["response"], "msa-1").unwrap()["valueCode"], "AA");
    let p = one(&b, "Patient");
    assert_eq!(p["identifier"].as_array().unwrap().len(), 2);
    assert_eq!(p["identifier"][1]["type"]["coding"][0]["code"], "SR");
    let imm = one(&b, "Immunization");
    assert_eq!(imm["vaccineCode"]["coding"][0]["code"], "03");
    assert!(all(&b, "OperationOutcome").is_empty());
    assert!(all(&b, "ImmunizationRecommendation").is_empty());
}

#[test]
fn rsp_z31_candidates() {
    let b = json(&corpus_file(
        "cdc-ig-r1.5-appendix-a/012_RSP_Z31_2-Returning-A-List-Of-Candidat.hl7",
    ));
    let ps = all(&b, "Patient");
    assert_eq!(ps.len(), 2);
    assert_eq!(ps[0]["identifier"][0]["value"], "99445566");
    assert_eq!(ps[1]["identifier"][0]["value"], "123456");
    // The NK1 belongs to the first candidate.
    let rp = one(&b, "RelatedPerson");
    assert_eq!(rp["patient"]["reference"], b["entry"][3]["fullUrl"]);
    assert_eq!(
        resolve(&b, &rp["patient"])["identifier"][0]["value"],
        "99445566"
    );
}

#[test]
fn rsp_z42_evaluations_and_forecast() {
    let b = json(&corpus_file(
        "nist-hit-iz-tool/007_RSP_Z42_View-and-import-response-to-re.hl7",
    ));
    let imm = one(&b, "Immunization");
    let ev = one(&b, "ImmunizationEvaluation");
    assert_eq!(ev["status"], "completed");
    assert_eq!(ev["doseStatus"]["coding"][0]["code"], "Y");
    assert_eq!(ev["doseNumberPositiveInt"], 1);
    assert_eq!(ev["seriesDosesPositiveInt"], 3);
    assert_eq!(ev["targetDisease"]["coding"][0]["code"], "31");
    assert_eq!(ev["authority"]["display"], "ACIP");
    assert_eq!(resolve(&b, &ev["immunizationEvent"])["id"], imm["id"]);
    let rec = one(&b, "ImmunizationRecommendation");
    assert_eq!(rec["date"], "2015-06-01");
    assert_eq!(rec["authority"]["display"], "ACIP");
    let recs = rec["recommendation"].as_array().unwrap();
    let vaccines: Vec<&str> = recs
        .iter()
        .map(|r| r["vaccineCode"][0]["coding"][0]["code"].as_str().unwrap())
        .collect();
    assert_eq!(vaccines.len(), recs.len());
    assert_eq!(vaccines[..2], ["45", "107"]);
    let first = &recs[0];
    let criteria: Vec<(&str, &str)> = first["dateCriterion"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["code"]["coding"][0]["code"].as_str().unwrap(),
                c["value"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        criteria,
        [
            ("30981-5", "2015-06-29"),
            ("30980-7", "2015-06-29"),
            ("59777-3", "2015-07-29"),
            ("59778-1", "2015-07-30")
        ]
    );
    assert_eq!(
        first["dateCriterion"][0]["code"]["coding"][0]["system"],
        "http://loinc.org"
    );
    assert_eq!(first["doseNumberPositiveInt"], 2);
    // No 59783-1 in this message: the required forecastStatus says it is unknown.
    assert_eq!(
        first["forecastStatus"]["extension"][0]["valueCode"],
        "unknown"
    );
    let schedule = ext(first, "forecast-schedule").unwrap();
    assert_eq!(
        schedule["valueCodeableConcept"]["coding"][0]["code"],
        "VXC16"
    );
}

/// The other layout: one `998` RXA carrying several forecasts told apart by OBX-4, with a
/// local status table.
#[test]
fn rsp_z42_one_998_rxa_with_obx_4_groups() {
    let text = "MSH|^~\\&|IIS|STATE|EHR|CLINIC|20240101120000-0500||RSP^K11^RSP_K11|R1|P|2.5.1|||NE|NE|||||Z42^CDCPHINVS\r\
MSA|AA|Q1\r\
QAK|Q1|OK|Z44^Request Evaluated History and Forecast^CDCPHINVS\r\
PID|1||1^^^IIS^SR||DOE^JO||20230101|M\r\
ORC|RE||9999^IIS\r\
RXA|0|1|20240101|20240101|998^no vaccine admin^CVX|999||||||||||||||NA\r\
OBX|1|CE|30956-7^vaccine type^LN|1|107^DTaP^CVX||||||F\r\
OBX|2|CE|59783-1^Status in series^LN|1|STC0002^Overdue^LOCALSTATUS||||||F\r\
OBX|3|DT|30980-7^Date vaccination due^LN|1|20231101||||||F\r\
OBX|4|NM|30973-2^Dose number^LN|1|2||||||F\r\
OBX|5|CE|30956-7^vaccine type^LN|2|03^MMR^CVX||||||F\r\
OBX|6|CE|59783-1^Status in series^LN|2|LA13421-5^Complete^LN||||||F\r\
OBX|7|CE|30982-3^Reason^LN|2|R1^Immune^99LOCAL||||||F\r";
    let b = json(text);
    let rec = one(&b, "ImmunizationRecommendation");
    let recs = rec["recommendation"].as_array().unwrap();
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["vaccineCode"][0]["coding"][0]["code"], "107");
    assert_eq!(recs[0]["forecastStatus"]["coding"][0]["code"], "STC0002");
    assert_eq!(
        recs[0]["forecastStatus"]["coding"][0]["system"],
        "urn:izkit:v2-coding-system:LOCALSTATUS"
    );
    assert_eq!(recs[0]["dateCriterion"][0]["value"], "2023-11-01");
    assert_eq!(recs[0]["doseNumberPositiveInt"], 2);
    assert_eq!(recs[1]["vaccineCode"][0]["coding"][0]["code"], "03");
    assert_eq!(
        recs[1]["forecastStatus"]["coding"][0]["system"],
        "http://loinc.org"
    );
    assert_eq!(recs[1]["forecastReason"][0]["coding"][0]["code"], "R1");
    assert!(
        all(&b, "Immunization").is_empty(),
        "a 998 forecast RXA is no dose"
    );
}

#[test]
fn z33_and_ack_become_operation_outcomes() {
    // Z33, nothing found (QAK-2 NF), no ERR.
    let b = json(&corpus_file(
        "cdc-ig-r1.5-appendix-a/014_RSP_Z33_6-Acknowledging-Query-That-Ret.hl7",
    ));
    let oo = one(&b, "OperationOutcome");
    assert_eq!(oo["issue"][0]["code"], "not-found");
    assert_eq!(oo["issue"][0]["severity"], "information");
    assert_eq!(oo["issue"][0]["details"]["coding"][0]["code"], "NF");
    let h = one(&b, "MessageHeader");
    assert_eq!(resolve(&b, &h["response"]["details"])["id"], oo["id"]);
    assert!(all(&b, "Patient").is_empty());
    // ACK AR with an ERR: one issue from it.
    let b = json(&corpus_file(
        "cdc-ig-r1.5-appendix-a/003_ACK_1-Acknowledging-An-Error-That.hl7",
    ));
    let h = one(&b, "MessageHeader");
    assert_eq!(h["response"]["code"], "fatal-error");
    assert_eq!(h["response"]["identifier"], "9299381");
    assert_eq!(ext(&h["response"], "msa-1").unwrap()["valueCode"], "AR");
    let issue = &one(&b, "OperationOutcome")["issue"][0];
    assert_eq!(issue["severity"], "error");
    assert_eq!(issue["code"], "not-supported");
    // (The IG's example puts HL70357 in CWE.4, not CWE.3: no system, as sent.)
    assert_eq!(issue["details"]["coding"][0]["code"], "203");
    assert_eq!(
        issue["details"]["coding"][0]["display"],
        "unsupported version id"
    );
    assert_eq!(issue["location"][0], "MSH[1]-12");
    assert!(issue["diagnostics"]
        .as_str()
        .unwrap()
        .starts_with("Unsupported HL7 Version ID"));
    // ACK AA: one informational issue.
    let b = json(&corpus_file(
        "cdc-ig-r1.5-appendix-a/002_ACK_Z23_1-Send-Acknowledgement-Of-Succ.hl7",
    ));
    let issue = &one(&b, "OperationOutcome")["issue"][0];
    assert_eq!(
        (issue["severity"].as_str(), issue["code"].as_str()),
        (Some("information"), Some("informational"))
    );
    assert_eq!(one(&b, "MessageHeader")["response"]["code"], "ok");
}

#[test]
fn qbp_becomes_parameters() {
    let b = json(&corpus_file(
        "nist-hit-iz-tool/004_QBP_Z44_Step-1-Query.hl7",
    ));
    let params = one(&b, "Parameters");
    let h = one(&b, "MessageHeader");
    assert_eq!(resolve(&b, &h["focus"][0])["id"], params["id"]);
    let names: Vec<&str> = params["parameter"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["queryName", "queryTag", "patient", "assessmentDate"]
    );
    assert_eq!(params["parameter"][0]["valueCoding"]["code"], "Z44");
    let patient = &params["parameter"][2]["resource"];
    assert_eq!(patient["resourceType"], "Patient");
    assert!(patient["name"][0]["family"].is_string());
    assert!(patient["birthDate"].is_string());
}

#[test]
fn unsupported_messages_are_errors_without_content() {
    let adt = "MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5.1\rPID|1||SECRET-ID||Secretname^Jo\r";
    let e = to_fhir(&Message::parse(adt).unwrap(), &DATE_ONLY).unwrap_err();
    assert_eq!(e.code(), "to_fhir");
    let text = e.to_string();
    assert!(text.contains("ADT"), "{text}");
    assert!(!text.contains("Secret"), "{text}");
    // A message type that is not a code is not repeated.
    let odd = adt.replace("ADT^A01", "Secretname Jo^A01");
    let e = to_fhir(&Message::parse(&odd).unwrap(), &DATE_ONLY).unwrap_err();
    assert!(!e.to_string().contains("Secret"), "{e}");
    // A VXU without PID.
    let vxu = "MSH|^~\\&|A|B|C|D|20240101||VXU^V04|1|P|2.5.1\rRXA|0|1|20240101||Secretname^x^CVX\r";
    let e = to_fhir(&Message::parse(vxu).unwrap(), &DATE_ONLY).unwrap_err();
    assert!(e.to_string().contains("PID"), "{e}");
    assert!(!e.to_string().contains("Secret"), "{e}");
}

// ---------------------------------------------------------------------------------------
// Snapshots (reviewed by hand once; CI runs with INSTA_UPDATE unset, so a change fails)
// ---------------------------------------------------------------------------------------

#[test]
fn snapshots() {
    let cases = [
        (
            "ig_vxu_z22",
            "cdc-ig-r1.5-appendix-a/001_VXU_Z22_2-Message-Example.hl7",
        ),
        (
            "nist_vxu_vis_funding",
            "nist-hit-iz-tool/002_VXU_Z22_TestStep-1.hl7",
        ),
        (
            "nist_vxu_refusal",
            "nist-hit-iz-tool/037_VXU_Z22_Send-administration-message.hl7",
        ),
        (
            "nist_vxu_historical",
            "nist-hit-iz-tool/022_VXU_Z22_Send-administration-message.hl7",
        ),
        (
            "ig_rsp_z32",
            "cdc-ig-r1.5-appendix-a/013_RSP_Z32_3-Returning-An-Immunization-Hi.hl7",
        ),
        (
            "nist_rsp_z42_forecast",
            "nist-hit-iz-tool/007_RSP_Z42_View-and-import-response-to-re.hl7",
        ),
        (
            "ig_rsp_z33",
            "cdc-ig-r1.5-appendix-a/014_RSP_Z33_6-Acknowledging-Query-That-Ret.hl7",
        ),
        (
            "ig_ack_error",
            "cdc-ig-r1.5-appendix-a/003_ACK_1-Acknowledging-An-Error-That.hl7",
        ),
    ];
    for (name, file) in cases {
        let text = corpus_file(file);
        let bundle = to_fhir(&Message::parse(&text).unwrap(), &DATE_ONLY).unwrap();
        insta::assert_json_snapshot!(name, bundle);
    }
}

// ---------------------------------------------------------------------------------------
// Properties over generated VXUs
// ---------------------------------------------------------------------------------------

/// A v2 TS of any precision, with or without an offset.
fn ts() -> impl Strategy<Value = String> {
    (
        1900u32..2100,
        1u32..13,
        1u32..29,
        0u32..24,
        0u32..60,
        0u32..60,
        0usize..8,
        prop::option::of(-720i32..841),
    )
        .prop_map(|(y, mo, d, h, mi, s, precision, offset)| {
            let full = format!("{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}");
            let mut v = match precision {
                0 => full[..4].to_owned(),
                1 => full[..6].to_owned(),
                2 => full[..8].to_owned(),
                3 => full[..10].to_owned(),
                4 => full[..12].to_owned(),
                5 => full,
                n => format!("{full}.{}", &"1234"[..n - 4]),
            };
            if let (Some(o), true) = (offset, precision >= 3) {
                let (sign, o) = if o < 0 { ('-', -o) } else { ('+', o) };
                v.push_str(&format!("{sign}{:02}{:02}", o / 60 % 24, o % 60));
            }
            v
        })
}

/// What `occurrenceDateTime` must be for a TS under DateOnly: the date part to the precision
/// sent, plus the time (seconds, offset) only when an offset was sent.
fn expected_precision(v2: &str) -> usize {
    let digits = v2.bytes().take_while(u8::is_ascii_digit).count();
    let has_offset = v2.contains('+') || v2[4..].contains('-');
    match digits {
        4 => 4,
        6 => 7,
        8 => 10,
        _ if has_offset => usize::MAX,
        _ => 10,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generated_vxus_convert(
        control in "[A-Za-z0-9.-]{1,20}",
        family in "[A-Za-z '&^|~\\\\]{1,12}",
        given in "[A-Za-z]{0,8}",
        birth in ts(),
        given_at in ts(),
        cvx in "[0-9]{1,3}",
        amount in prop::option::of("[0-9]{0,2}\\.?[0-9]{0,2}"),
        status in prop::sample::select(vec!["CP", "PA", "RE", "NA", ""]),
        action in prop::sample::select(vec!["A", "D", "U", ""]),
    ) {
        let esc = izkit::escape::encode(&family, &izkit::Delimiters::default());
        let text = format!(
            "MSH|^~\\&|EHR|CLINIC|IIS||{given_at}||VXU^V04^VXU_V04|{control}|P|2.5.1\r\
             PID|1||ID1^^^EHR^MR||{esc}^{given}^^^^^L||{birth}|F\r\
             ORC|RE||F1^EHR\r\
             RXA|0|1|{given_at}||{cvx}^vaccine^CVX|{}|mL^^UCUM||00^^NIP001|||||||||||{status}|{action}\r\
             OBX|1|CE|64994-7^Eligibility^LN|1|V02^Medicaid^HL70064||||||F\r",
            amount.unwrap_or_default()
        );
        let msg = Message::parse(&text).unwrap();
        let a = to_fhir_json(&msg, &DATE_ONLY).unwrap();
        let b = to_fhir_json(&msg, &DATE_ONLY).unwrap();
        prop_assert_eq!(&a, &b, "same message, same Bundle");
        let v: Value = serde_json::from_str(&a).unwrap();
        check_shape("generated", &v);
        prop_assert!(read_resource(&a).is_ok());
        let imm = one(&v, "Immunization");
        let occ = imm["occurrenceDateTime"].as_str().unwrap();
        match expected_precision(&given_at) {
            usize::MAX => prop_assert!(occ.len() >= 25 && occ.contains('T'), "{} → {}", given_at, occ),
            n => prop_assert_eq!(occ.len(), n, "{} → {}", given_at, occ),
        }
        prop_assert_eq!(&occ[..4], &given_at[..4]);
        let patient = one(&v, "Patient");
        prop_assert_eq!(patient["name"][0]["family"].as_str(), Some(family.as_str()));
        let want_status = match (status, action) {
            (_, "D") => "entered-in-error",
            ("RE" | "NA", _) => "not-done",
            _ => "completed",
        };
        prop_assert_eq!(imm["status"].as_str(), Some(want_status));
        // With an offset configured every time has one.
        let east = ToFhirOptions { local_time: LocalTime::Offset(60) };
        let v: Value = serde_json::from_str(&to_fhir_json(&msg, &east).unwrap()).unwrap();
        let occ = one(&v, "Immunization")["occurrenceDateTime"].as_str().unwrap().to_owned();
        if given_at.len() > 8 {
            prop_assert!(occ.contains('T'), "{} → {}", given_at, occ);
        } else {
            prop_assert_eq!(occ.len(), expected_precision(&given_at));
        }
    }

    /// Any text that parses as a message maps or fails with a to_fhir error: no panic.
    #[test]
    fn arbitrary_segments_never_panic(
        kind in prop::sample::select(vec!["VXU^V04", "RSP^K11", "ACK", "QBP^Q11", "ADT^A01"]),
        body in prop::collection::vec(
            ("(PID|PD1|NK1|ORC|RXA|RXR|OBX|MSA|ERR|QAK|QPD)", "[ -~]{0,60}"), 0..12),
    ) {
        let mut text = format!("MSH|^~\\&|A|B|C|D|20240101||{kind}|1|P|2.5.1\r");
        for (id, rest) in body {
            text.push_str(&format!("{id}|{}\r", rest.replace(['\r', '\n'], " ")));
        }
        if let Ok(msg) = Message::parse(&text) {
            match to_fhir_json(&msg, &DATE_ONLY) {
                Ok(json) => prop_assert!(read_resource(&json).is_ok()),
                Err(e) => prop_assert_eq!(e.code(), "to_fhir"),
            }
        }
    }
}
