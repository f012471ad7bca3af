//! Acknowledgements: every ACK and RSP of the corpus reads and round-trips through the model;
//! `build_ack` follows the IG's rules, and what it writes parses and reads back as
//! `Acknowledgement::from_findings` says.

mod common;

use izkit::conformance::{
    app_error, build_ack, hl7_error, write_ack, AckCode, AckError, AckOptions, Acknowledgement,
    Finding, Location, QueryStatus, Severity,
};
use izkit::{Message, OwnedMessage};

// ------------------------------------------------------------------------------- corpus

/// The corpus messages that parse and are acknowledgements (MSH-9.1 `ACK` or `RSP`).
fn corpus_acks() -> Vec<(String, String)> {
    common::corpus()
        .into_iter()
        .filter(|(_, text)| {
            Message::parse(text).is_ok_and(|m| {
                matches!(
                    m.get("MSH-9.1").ok().flatten().as_deref(),
                    Some("ACK" | "RSP")
                )
            })
        })
        .collect()
}

fn read(text: &str) -> Acknowledgement {
    Acknowledgement::read(&Message::parse(text).expect("parses")).expect("reads")
}

/// Parses `text` and converts it back: the written message must survive byte for byte.
fn reparses(text: &str) {
    let msg = Message::parse(text).unwrap_or_else(|e| panic!("{e}\n{text:?}"));
    Message::parse_indexed(text).unwrap_or_else(|e| panic!("indexed: {e}\n{text:?}"));
    assert_eq!(msg.to_owned_message().to_string(), text);
    assert_eq!(OwnedMessage::parse(text).unwrap().to_string(), text);
}

#[test]
fn every_corpus_ack_and_rsp_reads_and_round_trips_through_the_model() {
    let acks = corpus_acks();
    // 15 in the IG's Appendix A, 10 from IZ Gateway (two more do not parse: SOAP text after
    // the QPD), 20 from the NIST tool.
    assert_eq!(
        acks.len(),
        45,
        "{:?}",
        acks.iter().map(|a| &a.0).collect::<Vec<_>>()
    );
    for (name, text) in &acks {
        let ack = read(text);
        let written = ack.to_message().to_string();
        reparses(&written);
        let again = read(&written);
        assert_eq!(
            again, ack,
            "{name}: read(to_message(read(x))) != read(x)\n{written}"
        );
        // Writing is a fixed point after one round.
        assert_eq!(again.to_message().to_string(), written, "{name}");
        // QAK/QPD only in RSPs; every RSP but IZ Gateway's 010 (MSH and MSA only) has them.
        let rsp = ack.message_type.code == "RSP";
        let bare = name.starts_with("izgateway-java/010_");
        assert_eq!(ack.query.is_some(), rsp && !bare, "{name}");
    }
}

fn appendix_a(prefix: &str) -> Acknowledgement {
    let (name, text) = corpus_acks()
        .into_iter()
        .find(|(n, _)| n.starts_with(&format!("cdc-ig-r1.5-appendix-a/{prefix}")))
        .unwrap_or_else(|| panic!("no {prefix}"));
    let ack = read(&text);
    eprintln!("{name}: {ack:?}");
    ack
}

fn at(segment: &str, sequence: u32, field: Option<u32>) -> Option<Location> {
    Some(Location {
        field,
        ..Location::segment(segment, sequence)
    })
}

#[test]
fn reads_the_appendix_a_acks() {
    // 002: success.
    let a = appendix_a("002_");
    assert_eq!((a.code, a.control_id.as_str()), (AckCode::AA, "9299381"));
    assert_eq!(a.own_control_id, "1234567");
    assert_eq!(
        (a.profile.as_deref(), a.profile_namespace.as_deref()),
        (Some("Z23"), Some("CDCPHINVS"))
    );
    assert_eq!(a.message_type.event.as_deref(), Some("V04"));
    assert_eq!(a.message_type.structure.as_deref(), Some("ACK"));
    assert_eq!(
        (
            a.sending_application.as_deref(),
            a.receiving_facility.as_deref()
        ),
        (Some("DCS"), None)
    );
    assert!(a.errors.is_empty() && a.is_accepted());

    // 003: AR for an unsupported version, no MSH-21; the coding system sits in ERR-3.4 (an
    // erratum of the published example), so ERR-3.3 is empty.
    let a = appendix_a("003_");
    assert_eq!(a.code, AckCode::AR);
    assert_eq!(a.profile, None);
    let e = &a.errors[..];
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].location, at("MSH", 1, Some(12)));
    assert_eq!(e[0].code, Some(hl7_error::UNSUPPORTED_VERSION));
    assert_eq!(e[0].code_text.as_deref(), Some("unsupported version id"));
    assert_eq!(e[0].code_system, None);
    assert_eq!(e[0].severity, Some(Severity::Error));
    assert_eq!(
        e[0].text.as_deref(),
        Some("Unsupported HL7 Version ID\u{2014}Message rejected")
    );

    // 004: AE, a required field and a required segment missing; application code 7 is not
    // in CDC table 0533 as the IG lists it.
    let a = appendix_a("004_");
    assert_eq!(a.code, AckCode::AE);
    let e = &a.errors[..];
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].location, at("PID", 1, Some(5)));
    assert_eq!(e[0].code, Some(hl7_error::REQUIRED_FIELD_MISSING));
    assert_eq!(e[0].app_code.as_deref(), Some("7"));
    assert_eq!(e[0].app_text.as_deref(), Some("required data Missing"));
    assert_eq!(e[0].app_system.as_deref(), Some("HL70533"));
    assert_eq!(e[0].text.as_deref(), Some("Patient name is required"));
    assert_eq!(e[1].location, at("PID", 1, None));
    assert_eq!(e[1].code, Some(hl7_error::SEGMENT_SEQUENCE));
    assert_eq!(e[1].code_text.as_deref(), Some("required segment missing"));

    // 005: segment group rejected: three ERRs; MSH-7 has a 3-digit offset (kept raw).
    let a = appendix_a("005_");
    assert_eq!(a.timestamp.as_deref(), Some("200906040000-500"));
    let codes: Vec<_> = a.errors.iter().map(|e| e.code).collect();
    assert_eq!(codes, [Some(103), Some(101), Some(100)]);
    assert_eq!(a.errors[0].app_code.as_deref(), Some("5"));
    assert_eq!(a.errors[2].location, at("RXA", 1, None));
    // A no-break space inside the application text, kept as sent.
    assert_eq!(
        a.errors[1].app_text.as_deref(),
        Some("required data\u{a0} missing")
    );

    // 006: the third NK1 rejected.
    let a = appendix_a("006_");
    assert_eq!(a.errors[0].location, at("NK1", 3, None));

    // 007: a warning with AA, and ERR-3 holding one space: no code at all. ERR-2 says
    // `PID^2`, the second PID, where the text means PID-2.
    let a = appendix_a("007_");
    assert_eq!(a.code, AckCode::AA);
    let e = &a.errors[0];
    assert_eq!((e.code, &e.code_text), (None, &None));
    assert_eq!(e.severity, Some(Severity::Warning));
    assert_eq!(e.location, at("PID", 2, None));

    // 008: a local business rule; stray spaces in ERR-3.3 and ERR-8, a typo in ERR-5.3.
    let a = appendix_a("008_");
    let e = &a.errors[0];
    assert_eq!(e.location, at("PID", 1, Some(7)));
    assert_eq!(e.code_system.as_deref(), Some("HL70357"));
    assert_eq!(e.app_code.as_deref(), Some("1"));
    assert_eq!(e.app_system.as_deref(), Some("HL700533"));
    assert_eq!(e.text.as_deref(), Some(" Birth data after today"));

    // 014/015: RSP Z33, not found and too many; `Z33^ CDCPHINVS` has a stray space.
    let a = appendix_a("014_");
    assert_eq!(a.profile_namespace.as_deref(), Some("CDCPHINVS"));
    let q = a.query.as_ref().unwrap();
    assert_eq!(q.status, Some(QueryStatus::NotFound));
    assert_eq!(q.tag.as_deref(), Some("37374859"));
    assert_eq!(
        q.query_name.as_deref(),
        Some("Z34^request Immunization history^CDCPHINVS")
    );
    assert!(q.qpd.as_deref().unwrap().starts_with("QPD| Z34^"));
    let a = appendix_a("015_");
    assert_eq!(a.query.unwrap().status, Some(QueryStatus::TooMany));

    // 017: RSP Z33 for a query with an error (QPD-2 missing), so QAK-1 is empty. Its MSA-2
    // does not echo the query's MSH-10 (016 has 793543): an erratum of the example.
    let a = appendix_a("017_");
    assert_eq!((a.code, a.profile.as_deref()), (AckCode::AE, Some("Z33")));
    assert_eq!(a.control_id, "7731029");
    assert_eq!(a.errors.len(), 1);
    assert_eq!(a.errors[0].location.as_ref().unwrap().erl(), "QPD^1^2^1");
    let q = a.query.unwrap();
    assert_eq!((q.tag, q.status), (None, Some(QueryStatus::Error)));
    assert_eq!(q.query_name.as_deref(), Some("Z34^CDCPHINVS"));

    // 018: AR to a query of an unknown type: MSA-2, MSH-10 and MSH-12 all empty.
    let a = appendix_a("018_");
    assert_eq!(a.code, AckCode::AR);
    assert_eq!((a.control_id.as_str(), a.own_control_id.as_str()), ("", ""));
    assert_eq!(a.version, None);
    assert_eq!(a.message_type.event.as_deref(), Some("Q11"));
}

#[test]
fn reads_the_odd_real_world_acks() {
    let get = |name: &str| {
        let text = corpus_acks()
            .into_iter()
            .find(|(n, _)| n == name)
            .unwrap()
            .1;
        read(&text)
    };
    // IZ Gateway: HDs with empty trailing components, kept raw; an empty MSA-3.
    let a = get("izgateway-java/002_ACK_Z23_TC-02-TEXT.hl7");
    assert_eq!(a.sending_application.as_deref(), Some("DSTAPP^^"));
    assert_eq!(a.text, None);
    // AE with nothing but a warning (code 999, with an application code).
    let a = get("izgateway-java/005_ACK_Z23_TC-ACK03-TEXT.hl7");
    assert_eq!(a.code, AckCode::AE);
    assert_eq!(a.errors[0].code, Some(999));
    assert_eq!(a.errors[0].severity, Some(Severity::Warning));
    assert_eq!(
        a.errors[0].location,
        Some(Location {
            field: Some(11),
            repetition: Some(5),
            ..Location::segment("PID", 1)
        }),
        "`PID^1^11^5` names repetition 5 of PID-11 (the text means the zip code, PID-11.5)"
    );
    // "Accepted" ERR with severity I.
    let a = get("izgateway-java/004_ACK_Z23_TC-ACK02-TEXT.hl7");
    assert_eq!(a.errors[0].code, Some(0));
    assert_eq!(a.errors[0].severity, Some(Severity::Information));
    // NIST: ERR-2 `MSH^12^1^1` (the twelfth MSH, field 1) where MSH-12 is meant.
    let a = get("nist-hit-iz-tool/021_ACK_Z23_Consume-acknowledgement-messag.hl7");
    assert_eq!(a.errors[0].location.as_ref().unwrap().sequence, 12);
    // An RSP with the 2.3-style MSA-6 error condition (ignored) and no ERR.
    let a = get("izgateway-java/003_RSP_Z32_TC-04-TEXT.hl7");
    assert!(a.errors.is_empty());
    assert_eq!(a.query.unwrap().status, Some(QueryStatus::NotFound));
}

#[test]
fn reads_a_2_3_style_ack() {
    // Version 2.3.1, no MSH-9.3 or MSH-21, text in MSA-3, MSA repeated, errors in ERR-1.
    let text = "MSH|^~\\&|IIS|ST|EHR|CL|20240101120000||ACK|9|P|2.3.1\r\
                MSA|AE|42|Record rejected\r\
                MSA|AA|43\r\
                ERR|PID^1^7^101&Required field missing&HL70357\r\
                ERR|RXA^1^5~RXA^2^5\r\
                ERR|ZZ9^1^3^102|RXA^1^5|103^Table value not found^HL70357|E\r";
    let a = read(text);
    assert_eq!(a.code, AckCode::AE);
    assert_eq!(a.control_id, "42");
    assert_eq!(a.text.as_deref(), Some("Record rejected"));
    assert_eq!(a.version.as_deref(), Some("2.3.1"));
    assert_eq!(a.message_type.code, "ACK");
    assert_eq!((&a.message_type.event, &a.profile), (&None, &None));
    let e = &a.errors;
    assert_eq!(e[0].location, at("PID", 1, Some(7)));
    assert_eq!(e[0].code, Some(101));
    assert_eq!(e[0].code_text.as_deref(), Some("Required field missing"));
    assert_eq!(e[0].code_system.as_deref(), Some("HL70357"));
    assert_eq!(e[0].severity, None);
    assert_eq!(e[1].location, at("RXA", 1, Some(5)));
    assert_eq!(e[1].code, None);
    // ERR-2 and ERR-3 win over ERR-1.
    assert_eq!(e[2].location, at("RXA", 1, Some(5)));
    assert_eq!(e[2].code, Some(103));
    let again = read(&a.to_message().to_string());
    assert_eq!(again, a);
}

#[test]
fn reading_needs_an_msa_with_an_ack_code() {
    let msg = Message::parse("MSH|^~\\&|A|B|C|D|20240101||ACK^V04^ACK|1|P|2.5.1\r").unwrap();
    let e = Acknowledgement::read(&msg).unwrap_err();
    assert_eq!(e.code(), "not_an_acknowledgement");
    assert_eq!(
        e.to_string(),
        "byte 0: not an acknowledgement: the message has no MSA segment"
    );
    let text = "MSH|^~\\&|A|B|C|D|20240101||ACK^V04^ACK|1|P|2.5.1\rMSA|SECRET|1\r";
    let e = Acknowledgement::read(&Message::parse(text).unwrap()).unwrap_err();
    assert_eq!(e.code(), "not_an_acknowledgement");
    assert_eq!((e.path.as_deref(), e.segment), (Some("MSA-1"), Some(1)));
    assert!(!e.to_string().contains("SECRET"), "no content in errors");
    // Tolerated: case and spaces.
    let text = "MSH|^~\\&|A|B|C|D|20240101||ACK^V04^ACK|1|P|2.5.1\rMSA| aa |1\r";
    assert_eq!(read(text).code, AckCode::AA);
}

// ------------------------------------------------------------------------------ builder

const VXU: &str = "MSH|^~\\&|EHR|CLINIC^2.16.840.1.113883.3.72.5.40.1^ISO|IIS|STATE|20240102120000-0500||VXU^V04^VXU_V04|MSG-42|P|2.5.1|||ER|AL|||||Z22^CDCPHINVS|SORG|RORG\r\
                   PID|1||123^^^MYEHR^MR||DOE^JANE||20200101|F\r\
                   RXA|0|1|20240102||08^HepB^CVX|0.5|mL^^UCUM\r";

const QBP: &str = "MSH|^~\\&|EHR|CLINIC|IIS|STATE|20240102120000-0500||QBP^Q11^QBP_Q11|Q-7|P|2.5.1|||ER|AL|||||Z34^CDCPHINVS\r\
                   QPD|Z34^Request Immunization History^CDCPHINVS|TAG-1|123^^^MYEHR^MR|DOE^JANE||2020010\r\
                   RCP|I|5^RD&records&HL70126\r";

fn opts() -> AckOptions {
    AckOptions {
        control_id: Some("ACK-1".into()),
        timestamp: Some("20240102120001-0500".into()),
        ..AckOptions::default()
    }
}

fn field_at(seg: &str, seq: u32, field: u32) -> Option<Location> {
    at(seg, seq, Some(field))
}

fn error(code: u16, loc: Option<Location>, text: &str) -> Finding {
    Finding::new(Severity::Error, code, loc, text.into())
}

/// Builds the ACK, checks that it parses and round-trips, that `write_ack` writes the same,
/// and that reading it gives `from_findings`; returns the text and what it reads as.
fn ack_for(text: &str, findings: &[Finding], opts: &AckOptions) -> (String, Acknowledgement) {
    let msg = Message::parse(text).unwrap();
    let out = build_ack(&msg, findings, opts).to_string();
    reparses(&out);
    let mut direct = String::from("prefix:");
    write_ack(&msg, findings, opts, &mut direct);
    assert_eq!(&direct["prefix:".len()..], out);
    let back = read(&out);
    assert_eq!(
        back,
        Acknowledgement::from_findings(&msg, findings, opts),
        "{out}"
    );
    assert_eq!(
        back.to_message().to_string(),
        out,
        "the model writes the same text"
    );
    (out, back)
}

#[test]
fn accepts_a_message_without_findings() {
    let (out, ack) = ack_for(VXU, &[], &opts());
    assert_eq!(
        out,
        "MSH|^~\\&|IIS|STATE|EHR|CLINIC^2.16.840.1.113883.3.72.5.40.1^ISO|20240102120001-0500||ACK^V04^ACK|ACK-1|P|2.5.1|||NE|NE|||||Z23^CDCPHINVS|RORG|SORG\r\
         MSA|AA|MSG-42\r"
    );
    assert!(ack.errors.is_empty());
    // The optional "accepted" ERR.
    let o = AckOptions {
        accepted_err: true,
        ..opts()
    };
    let (out, ack) = ack_for(VXU, &[], &o);
    assert!(out.ends_with("MSA|AA|MSG-42\rERR|||0^Message accepted^HL70357|I\r"));
    assert_eq!(ack.errors[0].severity, Some(Severity::Information));
    // ... which the cap can also remove.
    let o = AckOptions {
        max_errors: Some(0),
        ..o
    };
    assert!(ack_for(VXU, &[], &o).0.ends_with("MSA|AA|MSG-42\r"));
}

#[test]
fn errors_make_an_ae() {
    let f = error(
        hl7_error::REQUIRED_FIELD_MISSING,
        field_at("PID", 1, 5),
        "PID-5 (Patient Name) is required",
    );
    let (out, ack) = ack_for(VXU, &[f], &opts());
    assert!(out.ends_with(
        "MSA|AE|MSG-42\rERR||PID^1^5^1|101^Required field missing^HL70357|E||||PID-5 (Patient Name) is required\r"
    ), "{out}");
    assert_eq!(ack.code, AckCode::AE);
    let e = &ack.errors[0];
    assert_eq!(e.code, Some(101));
    assert_eq!(e.severity, Some(Severity::Error));
    assert_eq!(e.location.as_ref().unwrap().erl(), "PID^1^5^1");
    assert_eq!(e.text.as_deref(), Some("PID-5 (Patient Name) is required"));
    assert_eq!(e.app_code, None);
}

#[test]
fn an_unsupported_version_makes_an_ar() {
    let fs = [
        error(
            hl7_error::DATA_TYPE,
            field_at("PID", 1, 7),
            "PID-7 is not a date",
        ),
        error(
            hl7_error::UNSUPPORTED_VERSION,
            field_at("MSH", 1, 12),
            "MSH-12 must be 2.5.1",
        ),
    ];
    let (out, ack) = ack_for(VXU, &fs, &opts());
    assert!(
        out.contains(
            "\rMSA|AR|MSG-42\r\
         ERR||PID^1^7^1|102^Data type error^HL70357|E||||PID-7 is not a date\r\
         ERR||MSH^1^12^1|203^Unsupported version id^HL70357|E||||MSH-12 must be 2.5.1\r"
        ),
        "{out}"
    );
    assert_eq!(ack.code, AckCode::AR);
    for code in 200..=203 {
        let f = error(code, None, "");
        assert_eq!(AckCode::from_findings(&[f]), AckCode::AR, "{code}");
    }
    // 204 and up are errors, not rejections; a warning with a 20x code changes nothing.
    assert_eq!(
        AckCode::from_findings(&[error(hl7_error::UNKNOWN_KEY, None, "")]),
        AckCode::AE
    );
    let w = Finding::new(Severity::Warning, 203, None, String::new());
    assert_eq!(AckCode::from_findings(&[w]), AckCode::AA);
}

#[test]
fn warnings_alone_are_accepted_with_errs() {
    let fs = [
        Finding::new(
            Severity::Information,
            hl7_error::ACCEPTED,
            None,
            "3 immunizations added".into(),
        ),
        Finding::new(
            Severity::Warning,
            999,
            Some(Location {
                field: Some(11),
                component: Some(5),
                ..Location::segment("PID", 1)
            }),
            "PID-11.5 is not a known zip code".into(),
        )
        .with_app_code(app_error::INVALID_VALUE)
        .with_rule("izkit:zip"),
    ];
    let (out, ack) = ack_for(VXU, &fs, &opts());
    assert_eq!(ack.code, AckCode::AA);
    // Warnings before information; ERR-5 the application code, ERR-7 the rule id.
    assert!(out.ends_with(
        "MSA|AA|MSG-42\r\
         ERR||PID^1^11^1^5|999^Application error^HL70357|W|4^Invalid value^HL70533||izkit:zip|PID-11.5 is not a known zip code\r\
         ERR|||0^Message accepted^HL70357|I||||3 immunizations added\r"
    ), "{out}");
    let w = &ack.errors[0];
    assert_eq!(w.severity, Some(Severity::Warning));
    assert_eq!(w.app_code.as_deref(), Some("4"));
    assert_eq!(w.app_text.as_deref(), Some("Invalid value"));
    assert_eq!(w.app_system.as_deref(), Some("HL70533"));
    assert_eq!(w.diagnostic.as_deref(), Some("izkit:zip"));
    assert_eq!(
        w.location,
        Some(Location {
            field: Some(11),
            repetition: Some(1),
            component: Some(5),
            ..Location::segment("PID", 1)
        })
    );
}

#[test]
fn errs_are_ordered_by_severity_and_capped() {
    let w = |t: &str| Finding::new(Severity::Warning, 102, None, t.into());
    let i = |t: &str| Finding::new(Severity::Information, 0, None, t.into());
    let fs = [
        w("w1"),
        i("i1"),
        error(101, None, "e1"),
        w("w2"),
        error(103, None, "e2"),
    ];
    let texts = |o: &AckOptions| -> Vec<String> {
        ack_for(VXU, &fs, o)
            .1
            .errors
            .into_iter()
            .map(|e| e.text.unwrap())
            .collect()
    };
    assert_eq!(texts(&opts()), ["e1", "e2", "w1", "w2", "i1"]);
    let capped = AckOptions {
        max_errors: Some(3),
        ..opts()
    };
    assert_eq!(texts(&capped), ["e1", "e2", "w1"]);
}

#[test]
fn a_query_with_errors_gets_an_rsp_z33() {
    let fs = [
        Finding::new(Severity::Warning, 102, None, "ignored".into()),
        error(
            hl7_error::DATA_TYPE,
            field_at("QPD", 1, 6),
            "QPD-6 is not a date",
        ),
        error(101, field_at("QPD", 1, 7), "second error"),
    ];
    let (out, ack) = ack_for(QBP, &fs, &opts());
    assert_eq!(
        out,
        "MSH|^~\\&|IIS|STATE|EHR|CLINIC|20240102120001-0500||RSP^K11^RSP_K11|ACK-1|P|2.5.1|||NE|NE|||||Z33^CDCPHINVS\r\
         MSA|AE|Q-7\r\
         ERR||QPD^1^6^1|102^Data type error^HL70357|E||||QPD-6 is not a date\r\
         QAK|TAG-1|AE|Z34^Request Immunization History^CDCPHINVS\r\
         QPD|Z34^Request Immunization History^CDCPHINVS|TAG-1|123^^^MYEHR^MR|DOE^JANE||2020010\r"
    );
    assert_eq!(ack.errors.len(), 1);
    let q = ack.query.unwrap();
    assert_eq!(q.tag.as_deref(), Some("TAG-1"));
    assert_eq!(q.status, Some(QueryStatus::Error));
    // The IG's own example query (016): QPD-2 is empty, so QAK-1 is too.
    let ig = common::corpus()
        .into_iter()
        .find(|(n, _)| n.starts_with("cdc-ig-r1.5-appendix-a/016_"))
        .unwrap()
        .1;
    let f = error(101, field_at("QPD", 1, 2), "QPD-2 (Query Tag) is required");
    let (out, ack) = ack_for(&ig, &[f], &opts());
    assert!(out.contains("\rQAK||AE|Z34^Request Immunization History^CDCPHINVS\rQPD|Z34^"));
    assert_eq!(ack.profile.as_deref(), Some("Z33"));
    assert_eq!(ack.control_id, "793543");
    // A QBP without a QPD: QAK only.
    let no_qpd =
        "MSH|^~\\&|EHR|CLINIC|IIS|STATE|20240102120000-0500||QBP^Q11^QBP_Q11|Q-8|P|2.5.1\r";
    let f = error(100, at("QPD", 1, None), "QPD is required");
    let (out, _) = ack_for(no_qpd, &[f], &opts());
    assert!(out.ends_with("\rQAK||AE\r"), "{out}");
}

#[test]
fn a_query_rejected_or_accepted_gets_an_ack_q11() {
    let f = error(
        hl7_error::UNSUPPORTED_VERSION,
        field_at("MSH", 1, 12),
        "unsupported version",
    );
    let (out, ack) = ack_for(QBP, &[f], &opts());
    assert!(out.contains("||ACK^Q11^ACK|ACK-1|P|2.5.1|||NE|NE|||||Z23^CDCPHINVS\rMSA|AR|Q-7\rERR||MSH^1^12^1|203^"), "{out}");
    assert_eq!((ack.code, ack.query), (AckCode::AR, None));
    let (out, ack) = ack_for(QBP, &[], &opts());
    assert!(out.ends_with("|ACK^Q11^ACK|ACK-1|P|2.5.1|||NE|NE|||||Z23^CDCPHINVS\rMSA|AA|Q-7\r"));
    assert_eq!(ack.message_type.event.as_deref(), Some("Q11"));
}

#[test]
fn the_header_swaps_sender_and_receiver_and_echoes_the_control_id() {
    let (_, ack) = ack_for(VXU, &[], &opts());
    assert_eq!(ack.sending_application.as_deref(), Some("IIS"));
    assert_eq!(ack.sending_facility.as_deref(), Some("STATE"));
    assert_eq!(ack.receiving_application.as_deref(), Some("EHR"));
    assert_eq!(
        ack.receiving_facility.as_deref(),
        Some("CLINIC^2.16.840.1.113883.3.72.5.40.1^ISO")
    );
    assert_eq!(ack.sending_organization.as_deref(), Some("RORG"));
    assert_eq!(ack.receiving_organization.as_deref(), Some("SORG"));
    assert_eq!(ack.control_id, "MSG-42");
    assert_eq!(ack.own_control_id, "ACK-1");
    assert_eq!(ack.processing_id.as_deref(), Some("P"));
    // Overrides.
    let o = AckOptions {
        sending_application: Some("MYIIS".into()),
        sending_facility: Some("^2.16.840.1.113883.1^ISO".into()),
        ..opts()
    };
    let (out, ack) = ack_for(VXU, &[], &o);
    assert!(out.starts_with("MSH|^~\\&|MYIIS|^2.16.840.1.113883.1^ISO|EHR|"));
    assert_eq!(ack.sending_application.as_deref(), Some("MYIIS"));
    // Other message types: ACK^<event>^ACK; no MSH-11 gives P.
    let adt = "MSH|^~\\&|A|B|C|D|20240101120000+0000||ADT^A31^ADT_A05|7\r";
    let (out, ack) = ack_for(adt, &[], &opts());
    assert!(out.contains("||ACK^A31^ACK|ACK-1|P|2.5.1|"), "{out}");
    assert_eq!(ack.message_type.event.as_deref(), Some("A31"));
}

#[test]
fn generated_control_ids_and_times() {
    let msg = Message::parse(VXU).unwrap();
    let o = AckOptions {
        timestamp: Some("20240102120001-0500".into()),
        ..AckOptions::default()
    };
    let ids: Vec<String> = (0..50)
        .map(|_| read(&build_ack(&msg, &[], &o).to_string()).own_control_id)
        .collect();
    for id in &ids {
        assert_eq!(id.len(), 20, "{id}");
        assert!(id.starts_with("20240102120001"), "{id}");
        assert!(id.bytes().all(|b| b.is_ascii_digit()));
        assert_ne!(id, "MSG-42");
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "ids repeat");

    // The current time: TS_Z with seconds and +0000.
    let ack = read(&build_ack(&msg, &[], &AckOptions::default()).to_string());
    let ts = ack.timestamp.unwrap();
    assert_eq!(ts.len(), 19, "{ts}");
    assert!(ts.ends_with("+0000") && ts[..14].bytes().all(|b| b.is_ascii_digit()));
    assert!(ts.as_str() > "20240101000000", "{ts}");
    assert_eq!(ack.own_control_id[..14], ts[..14]);
}

#[test]
fn everything_written_is_escaped() {
    let nasty = "a|b^c~d\\e&f\r\ng\u{1}h é";
    let f = error(102, field_at("OBX", 2, 5), nasty).with_rule("rule|^~\\&");
    let o = AckOptions {
        control_id: Some("ID|^~\\&".into()),
        timestamp: Some("2024|01\r".into()),
        sending_application: Some("APP|X\n".into()),
        ..AckOptions::default()
    };
    let (out, ack) = ack_for(VXU, &[f], &o);
    assert!(
        out.contains("\\T\\|a\\F\\b\\S\\c\\R\\d\\E\\e\\T\\f\\X0D\\\\.br\\g\\X01\\h é\r"),
        "{out}"
    );
    assert!(out.contains("|rule\\F\\\\S\\\\R\\\\E\\\\T\\|"), "{out}");
    assert_eq!(out.matches('\r').count(), 3, "three segments");
    let e = &ack.errors[0];
    assert_eq!(e.text.as_deref(), Some(nasty));
    assert_eq!(e.diagnostic.as_deref(), Some("rule|^~\\&"));
    assert_eq!(ack.own_control_id, "ID|^~\\&");
    // Raw values: components kept, only what breaks a field escaped.
    assert_eq!(ack.timestamp.as_deref(), Some("2024\\F\\01\\X0D\\"));
    assert_eq!(ack.sending_application.as_deref(), Some("APP\\F\\X\\X0A\\"));
    // A location whose segment id cannot be an ERL is left out.
    let f = error(102, field_at("P|D", 1, 5), "x");
    let (out, ack) = ack_for(VXU, &[f], &opts());
    assert!(out.ends_with("ERR|||102^Data type error^HL70357|E||||x\r"));
    assert_eq!(ack.errors[0].location, None);
}

#[test]
fn the_ack_uses_the_message_delimiters() {
    let text = "MSH#$*@!#EHR#CLINIC#IIS#STATE#20240102120000-0500##VXU$V04$VXU_V04#M1#P#2.5.1\r\
                PID#1##123$$$MR##DOE$JANE\r";
    let f = error(101, field_at("PID", 1, 5), "a#b$c");
    let (out, ack) = ack_for(text, &[f], &opts());
    assert!(out.starts_with("MSH#$*@!#IIS#STATE#EHR#CLINIC#"), "{out}");
    assert!(
        out.contains("\rERR##PID$1$5$1#101$Required field missing$HL70357#E####a@F@b@S@c\r"),
        "{out}"
    );
    assert_eq!(ack.errors[0].text.as_deref(), Some("a#b$c"));
    assert_eq!(ack.delimiters.field, b'#');
}

#[test]
fn constant_values_are_escaped_when_they_hold_a_delimiter() {
    // `.` and `_` are legal delimiters: 2.5.1 and RSP_K11 must not split.
    let text = "MSH|.^\\_|EHR|CL|IIS|ST|20240102120000-0500||QBP.Q11.QBP_Q11|Q1|P|2.5.1\r\
                QPD|Z34.Request Immunization History.CDCPHINVS|T1\r";
    let (out, ack) = ack_for(text, &[error(101, None, "x")], &opts());
    assert!(
        out.contains(r"|RSP.K11.RSP\T\K11|ACK-1|P|2\S\5\S\1|"),
        "{out}"
    );
    assert_eq!(ack.version.as_deref(), Some("2.5.1"));
    assert_eq!(ack.message_type.structure.as_deref(), Some("RSP_K11"));
    // A fifth MSH-2 character (truncation) is escaped as \P\.
    let text = "MSH|^~\\&_|EHR|CL|IIS|ST|20240102120000-0500||QBP^Q11^QBP_Q11|Q1|P|2.5.1\r\
                QPD|Z34^Request Immunization History^CDCPHINVS|T1\r";
    let (out, _) = ack_for(text, &[error(101, None, "x")], &opts());
    assert!(out.starts_with("MSH|^~\\&_|"), "{out}");
    assert!(out.contains(r"|RSP^K11^RSP\P\K11|"), "{out}");
    // `+` as the field separator: the current time's offset is escaped.
    let msg = Message::parse("MSH+^~\\&+A").unwrap();
    let out = build_ack(&msg, &[], &AckOptions::default()).to_string();
    reparses(&out);
    let ts = read(&out).timestamp.unwrap();
    assert!(ts.ends_with(r"\F\0000"), "{ts}");
}

#[test]
fn a_hand_built_model_always_writes_a_message_that_parses() {
    let mut ack = read(&ack_for(VXU, &[], &opts()).0);
    ack.delimiters.component = b'#'; // not usable: the standard delimiters are used instead
    ack.delimiters.field = b'#';
    ack.message_type.code = "A|C\rK".into();
    ack.errors.push(AckError {
        location: Some(Location::segment("bad", 1)),
        more_locations: vec![Location::segment("RXA", 2)],
        code: Some(7),
        text: Some("x\ry".into()),
        ..AckError::default()
    });
    ack.query = Some(izkit::conformance::QueryAck {
        qpd: Some("not a segment\r".into()),
        ..Default::default()
    });
    let text = ack.to_message().to_string();
    reparses(&text);
    assert!(text.starts_with("MSH|^~\\&|"), "{text}");
    let back = read(&text);
    assert_eq!(back.errors[0].location, Some(Location::segment("RXA", 2)));
    assert_eq!(back.errors[0].text.as_deref(), Some("x\ry"));
    assert_eq!(back.message_type.code, "A|C\rK");
    assert_eq!(
        back.query.unwrap().qpd.as_deref(),
        Some("QPD|not a segment\\X0D\\")
    );
}

#[test]
fn the_model_serializes_to_json() {
    let f = error(101, field_at("PID", 1, 5), "PID-5 is required").with_app_code(6);
    let (_, ack) = ack_for(VXU, &[f], &opts());
    let json = serde_json::to_value(&ack).unwrap();
    assert_eq!(json["code"], "AE");
    assert_eq!(json["delimiters"], "|^~\\&");
    assert_eq!(json["errors"][0]["severity"], "error");
    assert_eq!(json["errors"][0]["location"]["segment"], "PID");
    let (_, rsp) = ack_for(QBP, &[error(101, None, "x")], &opts());
    assert_eq!(serde_json::to_value(&rsp).unwrap()["query"]["status"], "AE");
}

/// Throughput of `write_ack` (release build: `cargo test --release -p izkit --test ack -- \
/// --ignored --nocapture`). The target is 500,000 ACKs per second on one core.
#[test]
#[ignore]
fn write_ack_throughput() {
    let msg = Message::parse(VXU).unwrap();
    let fs = [
        error(
            101,
            field_at("PID", 1, 5),
            "PID-5 (Patient Name) is required",
        ),
        Finding::new(
            Severity::Warning,
            103,
            field_at("RXA", 1, 5),
            "RXA-5 code not found in CVX".into(),
        )
        .with_app_code(5)
        .with_rule("IZ-43"),
        error(102, field_at("PID", 1, 7), "PID-7 is not a date"),
    ];
    for (name, opts, owned) in [
        ("write_ack, fixed options", opts(), false),
        (
            "write_ack, generated id and time",
            AckOptions::default(),
            false,
        ),
        ("build_ack (OwnedMessage), fixed options", opts(), true),
    ]
    .into_iter()
    .enumerate()
    .filter(|(i, _)| std::env::var("ACK_BENCH_ONLY").map_or(true, |v| v == i.to_string()))
    .map(|(_, v)| v)
    {
        let n: u32 = std::env::var("ACK_BENCH_N")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1_000_000);
        let mut out = String::with_capacity(1024);
        let t = std::time::Instant::now();
        let mut bytes = 0;
        for _ in 0..n {
            if owned {
                bytes += build_ack(&msg, &fs, &opts).segment_count();
            } else {
                out.clear();
                write_ack(&msg, &fs, &opts, &mut out);
                bytes += out.len();
            }
        }
        let per_sec = n as f64 / t.elapsed().as_secs_f64();
        println!("{name}: {per_sec:.0} ACKs/s ({bytes})");
    }
}
