//! Every message of the real-world corpus parses, re-serializes byte for byte, and answers the
//! same through the lazy path and the full index.

mod common;

use izkit::{parse_many, Message, MessageReader, Terminator};

/// Corpus files that are not HL7 as extracted: IZ Gateway test data where a SOAP fault's XML
/// text follows the QPD segment (lines such as `</soap:Text>…`). A line that does not start
/// with a segment id is an error by izkit's strictness rules; these tests pin the exact error.
const NOT_HL7: [(&str, &str); 2] = [
    ("izgateway-java/011_RSP_Z33_TC-25-TEXT.hl7", "</soap:Text>"),
    ("izgateway-java/012_RSP_Z33_TC-25-TEXT.hl7", "</soap:Text>"),
];

fn is_not_hl7(name: &str) -> bool {
    NOT_HL7.iter().any(|(n, _)| *n == name)
}

#[test]
fn corpus_files_with_soap_text_fail_where_the_text_starts() {
    let corpus = common::corpus();
    for (name, marker) in NOT_HL7 {
        let text = &corpus
            .iter()
            .find(|(n, _)| n == name)
            .expect("file present")
            .1;
        let marker_at = text.find(marker).expect("marker present");
        let at = text[..marker_at].rfind('\r').expect("a line before") + 1;
        for e in [
            Message::parse(text).unwrap_err(),
            Message::parse_indexed(text).unwrap_err(),
        ] {
            assert_eq!(
                (e.code(), e.offset, e.segment),
                ("invalid_segment_id", at, Some(4)),
                "{name}"
            );
            assert!(
                !e.to_string().contains("soap"),
                "error text must not echo content"
            );
        }
    }
}

#[test]
fn every_corpus_message_parses_and_round_trips() {
    let corpus = common::corpus();
    assert_eq!(corpus.len(), 120, "the corpus holds 120 messages");
    for (name, text) in corpus.iter().filter(|(n, _)| !is_not_hl7(n)) {
        let nodes = std::panic::catch_unwind(|| common::check_invariants(text))
            .unwrap_or_else(|_| panic!("invariants failed for {name}"));
        assert!(nodes.len() > 10, "{name}");
        let msg = Message::parse(text).unwrap();
        assert_eq!(msg.terminator(), Terminator::Cr, "{name}");
        assert_eq!(msg.segment(0).unwrap().id(), "MSH");
    }
}

#[test]
fn reads_known_values_from_the_ig_example() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/corpus/messages/cdc-ig-r1.5-appendix-a/001_VXU_Z22_2-Message-Example.hl7"
    ))
    .unwrap();
    for msg in [
        Message::parse(&text).unwrap(),
        Message::parse_indexed(&text).unwrap(),
    ] {
        let get = |p: &str| msg.get(p).unwrap().map(|v| v.into_owned());
        assert_eq!(get("MSH-1").as_deref(), Some("|"));
        assert_eq!(get("MSH-2").as_deref(), Some("^~\\&"));
        assert_eq!(get("MSH-9").as_deref(), Some("VXU^V04^VXU_V04"));
        assert_eq!(get("MSH-9.3").as_deref(), Some("VXU_V04"));
        assert_eq!(get("MSH-21.1").as_deref(), Some("Z22"));
        assert_eq!(get("PID-5.1").as_deref(), Some("Patient"));
        assert_eq!(get("PID-5.2").as_deref(), Some("Johnny"));
        assert_eq!(get("PID-3.5").as_deref(), Some("MR"));
        assert_eq!(get("PID-7").as_deref(), Some("20110411"));
        assert_eq!(get("RXA-5.1").as_deref(), Some("85"));
        assert_eq!(get("RXA[2]-5.1").as_deref(), Some("110"));
        assert_eq!(get("RXA[3]-17.2").as_deref(), Some("sanofi"));
        assert_eq!(get("RXA[4]-5.1"), None);
        assert_eq!(get("PID-4"), None);
        assert_eq!(get("PID-99"), None);
        assert_eq!(get("ZZZ-1"), None);
        assert_eq!(msg.get_all("RXA-5.1").unwrap(), vec!["85", "110", "48"]);
        assert_eq!(msg.get_all("OBX-3.1").unwrap().len(), 6);
        let rxa2 = msg.segment_by_id("RXA", 2).unwrap();
        let lot = rxa2.field(15).unwrap();
        assert_eq!(lot.as_str(), "xy3939");
        assert_eq!(
            msg.locate(lot.range().start).unwrap().to_string(),
            "RXA[2]-15"
        );
        let cvx = rxa2.field(5).unwrap().component(2).unwrap();
        assert_eq!(
            msg.locate(cvx.range().start + 2).unwrap().to_string(),
            "RXA[2]-5.2"
        );
    }
}

#[test]
fn many_messages_in_every_framing_round_trip() {
    let corpus = common::corpus();
    let texts: Vec<&str> = corpus
        .iter()
        .filter(|(n, _)| !is_not_hl7(n))
        .map(|(_, t)| t.as_str())
        .collect();
    let count = texts.len();
    let joined_cr: String = texts.concat();
    let joined_lf: String = texts.iter().map(|t| t.replace('\r', "\n")).collect();
    let joined_crlf: String = texts.iter().map(|t| t.replace('\r', "\r\n")).collect();
    let mllp: String = texts.iter().map(|t| format!("\u{b}{t}\u{1c}\r")).collect();
    for (what, input) in [
        ("cr", &joined_cr),
        ("lf", &joined_lf),
        ("crlf", &joined_crlf),
        ("mllp", &mllp),
    ] {
        let msgs = parse_many(input).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(msgs.len(), count, "{what}");
        let back: String = msgs.iter().map(|m| m.to_string()).collect();
        assert_eq!(&back, input, "{what}");
        for (m, t) in msgs.iter().zip(&texts) {
            assert_eq!(
                m.segment_count(),
                Message::parse(t).unwrap().segment_count(),
                "{what}"
            );
        }
        let expected = match what {
            "lf" => Terminator::Lf,
            "crlf" => Terminator::CrLf,
            _ => Terminator::Cr,
        };
        assert!(msgs.iter().all(|m| m.terminator() == expected), "{what}");
        // The streaming reader, fed in small reads, cuts the input the same way.
        let mut reader = MessageReader::new(SmallReads(input.as_bytes(), 7));
        let mut n = 0;
        let mut bytes = Vec::new();
        while let Some(item) = reader.next_item() {
            let item = item.unwrap();
            bytes.extend_from_slice(item.bytes);
            n += 1;
        }
        assert_eq!(n, count, "{what}");
        assert_eq!(bytes, input.as_bytes(), "{what}");
    }
}

#[test]
fn batch_file_counts_are_checked() {
    let corpus = common::corpus();
    let vxu: Vec<&str> = corpus
        .iter()
        .filter(|(n, _)| n.contains("_VXU_"))
        .map(|(_, t)| t.as_str())
        .take(3)
        .collect();
    let body: String = vxu.concat();
    let good = format!("FHS|^~\\&|X\rBHS|^~\\&|X\r{body}BTS|3\rFTS|1\r");
    assert_eq!(parse_many(&good).unwrap().len(), 3);
    let bad = format!("FHS|^~\\&|X\rBHS|^~\\&|X\r{body}BTS|4\rFTS|1\r");
    let e = parse_many(&bad).unwrap_err();
    assert_eq!(e.code(), "batch_count");
    assert_eq!(e.path.as_deref(), Some("BTS-1"));
    assert_eq!(e.offset, bad.find("BTS|4").unwrap() + 4);
    let bad = format!("FHS|^~\\&|X\rBHS|^~\\&|X\r{body}BTS|3\rFTS|2\r");
    assert_eq!(parse_many(&bad).unwrap_err().code(), "batch_count");
    let unclosed = format!("BHS|^~\\&|X\r{body}");
    assert_eq!(parse_many(&unclosed).unwrap_err().code(), "batch");
}

/// A reader that hands out at most `n` bytes per call, to exercise buffer boundaries.
struct SmallReads<'a>(&'a [u8], usize);

impl std::io::Read for SmallReads<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.1.min(buf.len()).min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}
