//! Validation against the compiled-in CDC profiles, on real messages:
//!
//! - every corpus message its source marks valid gets no error-severity finding (published
//!   typos are allow-listed with the reason, and must keep failing);
//! - a mutation test makes well over 300 faulty messages from valid ones and asserts the
//!   exact finding (0357 code and ERL location) each fault must produce;
//! - findings never carry patient data.

mod common;

use chrono::NaiveDate;
use izkit::conformance::{Finding, Report, Severity, Validator};
use izkit::Message;
use std::collections::BTreeMap;
use std::sync::OnceLock;

fn validator() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| Validator::new().with_today(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()))
}

fn validate(text: &str) -> Report {
    let msg = Message::parse(text).expect("parses");
    validator().validate(&msg, None).expect("validates")
}

fn errors(r: &Report) -> Vec<&Finding> {
    r.findings.iter().filter(|f| f.is_error()).collect()
}

fn show(r: &Report) -> String {
    r.findings
        .iter()
        .map(|f| {
            format!(
                "  {} {} {} {:?} {}",
                f.severity.as_str(),
                f.code,
                f.erl(),
                f.rule,
                f.text
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Corpus files and what their source says of them (the SOURCES.md validity column).
fn corpus_validity() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/SOURCES.md"),
    )
    .unwrap();
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let cols: Vec<&str> = line.split('|').map(str::trim).collect();
        if cols.len() > 10 && cols[1].ends_with(".hl7") {
            out.insert(cols[1].to_string(), cols[9].to_string());
        }
    }
    out
}

/// Messages their source marks valid against the IG's profiles: NIST's example messages.
/// (CVRS's "testgood" file is valid for CVRS's own rules, not for Z22; its SOURCES entry says
/// so, and it lacks MSH-21, PID-1 and more.)
fn marked_valid(validity: &str) -> bool {
    validity.starts_with("valid") && !validity.contains("CVRS")
}

/// Error findings expected on messages marked valid, each a defect of the published message
/// (checked by hand against the profile): (file, 0357 code, ERL location with `*` for the
/// segment sequence, why). Files 005-010 are the NIST web client's mock Z42 responses
/// (`testCases.json`), which were never run through the validator.
const ALLOWED: &[(&str, u16, &str, &str)] = &[
    ("nist-hit-iz-tool/004_QBP_Z44_Step-1-Query.hl7", 101, "RCP^*^2^1", "NIST step query sends `RCP|I` without RCP-2 (Quantity Limited Request), R in Z44"),
    ("nist-hit-iz-tool/004_QBP_Z44_Step-1-Query.hl7", 102, "MSH^*^15^1", "MSH-15 is not `ER` (IZ-57)"),
    ("nist-hit-iz-tool/005_RSP_Z42_View-the-vaccination-forecast.hl7", 101, "ORC^*^17^1^1", "web-client mock data: ORC-17 carries only text (`^Shoreline Hospital`); CE_IZ needs CE.1 and CE.3"),
    ("nist-hit-iz-tool/005_RSP_Z42_View-the-vaccination-forecast.hl7", 101, "ORC^*^17^1^3", "web-client mock data: ORC-17 carries only text (`^Shoreline Hospital`); CE_IZ needs CE.1 and CE.3"),
    ("nist-hit-iz-tool/005_RSP_Z42_View-the-vaccination-forecast.hl7", 101, "RXA^*^9^1^3", "mock forecast groups send RXA-9 as one space: RXA-9.3 missing"),
    ("nist-hit-iz-tool/005_RSP_Z42_View-the-vaccination-forecast.hl7", 102, "OBX^*", "OBX-1 is not numbered 1, 2, 3 ... in the message or in each group (NIST-01)"),
    ("nist-hit-iz-tool/005_RSP_Z42_View-the-vaccination-forecast.hl7", 102, "ORC^*^3^1", "forecast group with RXA-20 NA keeps a real ORC-3 instead of 9999 (IZ-45)"),
    ("nist-hit-iz-tool/005_RSP_Z42_View-the-vaccination-forecast.hl7", 102, "RXA^*^9^1", "mock forecast groups send RXA-9 as one space with RXA-20 `NA` (IZ-47)"),
    ("nist-hit-iz-tool/006_RSP_Z42_View-and-import-response-to-re.hl7", 101, "ORC^*^17^1^1", "web-client mock data: ORC-17 carries only text (`^Shoreline Hospital`); CE_IZ needs CE.1 and CE.3"),
    ("nist-hit-iz-tool/006_RSP_Z42_View-and-import-response-to-re.hl7", 101, "ORC^*^17^1^3", "web-client mock data: ORC-17 carries only text (`^Shoreline Hospital`); CE_IZ needs CE.1 and CE.3"),
    ("nist-hit-iz-tool/006_RSP_Z42_View-and-import-response-to-re.hl7", 101, "RXA^*^9^1^3", "mock forecast groups send RXA-9 as one space: RXA-9.3 missing"),
    ("nist-hit-iz-tool/006_RSP_Z42_View-and-import-response-to-re.hl7", 102, "OBX^*", "OBX-1 is not numbered 1, 2, 3 ... in the message or in each group (NIST-01)"),
    ("nist-hit-iz-tool/006_RSP_Z42_View-and-import-response-to-re.hl7", 102, "ORC^*^3^1", "forecast group with RXA-20 NA keeps a real ORC-3 instead of 9999 (IZ-45)"),
    ("nist-hit-iz-tool/006_RSP_Z42_View-and-import-response-to-re.hl7", 102, "RXA^*^9^1", "mock forecast groups send RXA-9 as one space with RXA-20 `NA` (IZ-47)"),
    ("nist-hit-iz-tool/007_RSP_Z42_View-and-import-response-to-re.hl7", 101, "ORC^*^17^1^1", "web-client mock data: ORC-17 carries only text (`^Shoreline Hospital`); CE_IZ needs CE.1 and CE.3"),
    ("nist-hit-iz-tool/007_RSP_Z42_View-and-import-response-to-re.hl7", 101, "ORC^*^17^1^3", "web-client mock data: ORC-17 carries only text (`^Shoreline Hospital`); CE_IZ needs CE.1 and CE.3"),
    ("nist-hit-iz-tool/007_RSP_Z42_View-and-import-response-to-re.hl7", 101, "RXA^*^9^1^3", "mock forecast groups send RXA-9 as one space: RXA-9.3 missing"),
    ("nist-hit-iz-tool/007_RSP_Z42_View-and-import-response-to-re.hl7", 102, "OBX^*", "OBX-1 is not numbered 1, 2, 3 ... in the message or in each group (NIST-01)"),
    ("nist-hit-iz-tool/007_RSP_Z42_View-and-import-response-to-re.hl7", 102, "OBX^*^5^1", "mock data error in OBX (numbering, OBX-11 `F<`, or OBX-5 not a date although OBX-2 is DT)"),
    ("nist-hit-iz-tool/007_RSP_Z42_View-and-import-response-to-re.hl7", 102, "ORC^*^3^1", "forecast group with RXA-20 NA keeps a real ORC-3 instead of 9999 (IZ-45)"),
    ("nist-hit-iz-tool/007_RSP_Z42_View-and-import-response-to-re.hl7", 102, "PID^*^13^1^1", "PID-7 written MMDDYYYYHHMM, or PID-13.1 (usage X) valued"),
    ("nist-hit-iz-tool/007_RSP_Z42_View-and-import-response-to-re.hl7", 102, "PID^*^7^1", "PID-7 written MMDDYYYYHHMM, or PID-13.1 (usage X) valued"),
    ("nist-hit-iz-tool/007_RSP_Z42_View-and-import-response-to-re.hl7", 102, "QPD^*^1^1", "QPD-1 names Z42 instead of Z44, or QPD-6 written MMDDYYYYHHMM"),
    ("nist-hit-iz-tool/007_RSP_Z42_View-and-import-response-to-re.hl7", 102, "QPD^*^6^1", "QPD-1 names Z42 instead of Z44, or QPD-6 written MMDDYYYYHHMM"),
    ("nist-hit-iz-tool/007_RSP_Z42_View-and-import-response-to-re.hl7", 102, "RXA^*^4^1", "RXA-4 differs from RXA-3 (IZ-30)"),
    ("nist-hit-iz-tool/007_RSP_Z42_View-and-import-response-to-re.hl7", 102, "RXA^*^9^1", "mock forecast groups send RXA-9 as one space with RXA-20 `NA` (IZ-47)"),
    ("nist-hit-iz-tool/007_RSP_Z42_View-and-import-response-to-re.hl7", 103, "PID^*^22^1^1", "PID-22 sends text without a CDCREC code"),
    ("nist-hit-iz-tool/007_RSP_Z42_View-and-import-response-to-re.hl7", 103, "QPD^*^1^1^1", "QPD-1.1 `Z42`, QPD-5.7 `F` or QPD-10 outside its value set"),
    ("nist-hit-iz-tool/007_RSP_Z42_View-and-import-response-to-re.hl7", 103, "QPD^*^5^1^7", "QPD-1.1 `Z42`, QPD-5.7 `F` or QPD-10 outside its value set"),
    ("nist-hit-iz-tool/008_RSP_Z42_View-and-Compare-response-to-r.hl7", 101, "ORC^*^17^1^1", "web-client mock data: ORC-17 carries only text (`^Shoreline Hospital`); CE_IZ needs CE.1 and CE.3"),
    ("nist-hit-iz-tool/008_RSP_Z42_View-and-Compare-response-to-r.hl7", 101, "ORC^*^17^1^3", "web-client mock data: ORC-17 carries only text (`^Shoreline Hospital`); CE_IZ needs CE.1 and CE.3"),
    ("nist-hit-iz-tool/008_RSP_Z42_View-and-Compare-response-to-r.hl7", 101, "RXA^*^9^1^3", "mock forecast groups send RXA-9 as one space: RXA-9.3 missing"),
    ("nist-hit-iz-tool/008_RSP_Z42_View-and-Compare-response-to-r.hl7", 102, "OBX^*", "OBX-1 is not numbered 1, 2, 3 ... in the message or in each group (NIST-01)"),
    ("nist-hit-iz-tool/008_RSP_Z42_View-and-Compare-response-to-r.hl7", 102, "OBX^*^11^1", "OBX-11 is `F<` (a stray character in the mock data; IZ-22)"),
    ("nist-hit-iz-tool/008_RSP_Z42_View-and-Compare-response-to-r.hl7", 102, "ORC^*^3^1", "forecast group with RXA-20 NA keeps a real ORC-3 instead of 9999 (IZ-45)"),
    ("nist-hit-iz-tool/008_RSP_Z42_View-and-Compare-response-to-r.hl7", 102, "RXA^*^16^1", "RXA-16 is not a YYYYMM[DD] date"),
    ("nist-hit-iz-tool/008_RSP_Z42_View-and-Compare-response-to-r.hl7", 102, "RXA^*^4^1", "RXA-4 differs from RXA-3 (IZ-30)"),
    ("nist-hit-iz-tool/008_RSP_Z42_View-and-Compare-response-to-r.hl7", 102, "RXA^*^9^1", "mock forecast groups send RXA-9 as one space with RXA-20 `NA` (IZ-47)"),
    ("nist-hit-iz-tool/008_RSP_Z42_View-and-Compare-response-to-r.hl7", 103, "OBX^*^11^1", "OBX-11 is `F<` (a stray character in the mock data)"),
    ("nist-hit-iz-tool/009_RSP_Z42_View-the-vaccination-forecast.hl7", 101, "ORC^*^17^1^1", "web-client mock data: ORC-17 carries only text (`^Shoreline Hospital`); CE_IZ needs CE.1 and CE.3"),
    ("nist-hit-iz-tool/009_RSP_Z42_View-the-vaccination-forecast.hl7", 101, "ORC^*^17^1^3", "web-client mock data: ORC-17 carries only text (`^Shoreline Hospital`); CE_IZ needs CE.1 and CE.3"),
    ("nist-hit-iz-tool/009_RSP_Z42_View-the-vaccination-forecast.hl7", 101, "RXA^*^9^1^3", "mock forecast groups send RXA-9 as one space: RXA-9.3 missing"),
    ("nist-hit-iz-tool/009_RSP_Z42_View-the-vaccination-forecast.hl7", 102, "OBX^*", "OBX-1 is not numbered 1, 2, 3 ... in the message or in each group (NIST-01)"),
    ("nist-hit-iz-tool/009_RSP_Z42_View-the-vaccination-forecast.hl7", 102, "OBX^*^11^1", "OBX-11 is `F<` (a stray character in the mock data; IZ-22)"),
    ("nist-hit-iz-tool/009_RSP_Z42_View-the-vaccination-forecast.hl7", 102, "ORC^*^3^1", "forecast group with RXA-20 NA keeps a real ORC-3 instead of 9999 (IZ-45)"),
    ("nist-hit-iz-tool/009_RSP_Z42_View-the-vaccination-forecast.hl7", 102, "RXA^*^9^1", "mock forecast groups send RXA-9 as one space with RXA-20 `NA` (IZ-47)"),
    ("nist-hit-iz-tool/009_RSP_Z42_View-the-vaccination-forecast.hl7", 103, "OBX^*^11^1", "OBX-11 is `F<` (a stray character in the mock data)"),
    ("nist-hit-iz-tool/010_RSP_Z42_View-and-import-response-to-re.hl7", 101, "ORC^*^17^1^1", "web-client mock data: ORC-17 carries only text (`^Shoreline Hospital`); CE_IZ needs CE.1 and CE.3"),
    ("nist-hit-iz-tool/010_RSP_Z42_View-and-import-response-to-re.hl7", 101, "ORC^*^17^1^3", "web-client mock data: ORC-17 carries only text (`^Shoreline Hospital`); CE_IZ needs CE.1 and CE.3"),
    ("nist-hit-iz-tool/010_RSP_Z42_View-and-import-response-to-re.hl7", 101, "RXA^*^9^1^3", "mock forecast groups send RXA-9 as one space: RXA-9.3 missing"),
    ("nist-hit-iz-tool/010_RSP_Z42_View-and-import-response-to-re.hl7", 102, "OBX^*", "OBX-1 is not numbered 1, 2, 3 ... in the message or in each group (NIST-01)"),
    ("nist-hit-iz-tool/010_RSP_Z42_View-and-import-response-to-re.hl7", 102, "OBX^*^5^1", "mock data error in OBX (numbering, OBX-11 `F<`, or OBX-5 not a date although OBX-2 is DT)"),
    ("nist-hit-iz-tool/010_RSP_Z42_View-and-import-response-to-re.hl7", 102, "ORC^*^3^1", "forecast group with RXA-20 NA keeps a real ORC-3 instead of 9999 (IZ-45)"),
    ("nist-hit-iz-tool/010_RSP_Z42_View-and-import-response-to-re.hl7", 102, "RXA^*^4^1", "RXA-4 differs from RXA-3 (IZ-30)"),
    ("nist-hit-iz-tool/010_RSP_Z42_View-and-import-response-to-re.hl7", 102, "RXA^*^9^1", "mock forecast groups send RXA-9 as one space with RXA-20 `NA` (IZ-47)"),
    ("nist-hit-iz-tool/012_VXU_Z22_Transmit-the-Immunization-Repo.hl7", 101, "OBX^*", "VIS given as publication + presentation date without the vaccine-type OBX 30956-7 (IZ-24)"),
    ("nist-hit-iz-tool/012_VXU_Z22_Transmit-the-Immunization-Repo.hl7", 102, "OBX^*", "OBX-1 is not numbered 1, 2, 3 ... in the message or in each group (NIST-01)"),
    ("nist-hit-iz-tool/013_VXU_Z22_Transmit-the-immunization-repo.hl7", 101, "OBX^*", "VIS given as publication + presentation date without the vaccine-type OBX 30956-7 (IZ-24)"),
    ("nist-hit-iz-tool/013_VXU_Z22_Transmit-the-immunization-repo.hl7", 102, "OBX^*", "OBX-1 is not numbered 1, 2, 3 ... in the message or in each group (NIST-01)"),
    ("nist-hit-iz-tool/013_VXU_Z22_Transmit-the-immunization-repo.hl7", 103, "RXR^*^2^1^1", "RXR-2.1 `BN` (bilateral nares) is not in HL70163_IZ"),
    ("nist-hit-iz-tool/014_VXU_Z22_Transmit-the-updated-vaccinati.hl7", 102, "RXA^*^3^1", "the first hepatitis B dose is dated 2009-11-23, a month before the birth date 2009-12-23 (izkit:rxa-3-before-birth)"),
    ("nist-hit-iz-tool/014_VXU_Z22_Transmit-the-updated-vaccinati.hl7", 101, "OBX^*", "VIS given as publication + presentation date without the vaccine-type OBX 30956-7 (IZ-24)"),
    ("nist-hit-iz-tool/014_VXU_Z22_Transmit-the-updated-vaccinati.hl7", 102, "OBX^*", "OBX-1 is not numbered 1, 2, 3 ... in the message or in each group (NIST-01)"),
    ("nist-hit-iz-tool/014_VXU_Z22_Transmit-the-updated-vaccinati.hl7", 103, "RXR^*^2^1^1", "RXR-2.1 `BN` (bilateral nares) is not in HL70163_IZ"),
    ("nist-hit-iz-tool/015_QBP_Z44_Query-Registry-for-vaccination.hl7", 101, "RCP^*^2^1", "NIST step query sends `RCP|I` without RCP-2 (Quantity Limited Request), R in Z44"),
    ("nist-hit-iz-tool/015_QBP_Z44_Query-Registry-for-vaccination.hl7", 103, "QPD^*^10^1", "QPD-1.1 `Z42`, QPD-5.7 `F` or QPD-10 outside its value set"),
    ("nist-hit-iz-tool/016_QBP_Z44_Query-Registry-for-vaccination.hl7", 101, "RCP^*^2^1", "NIST step query sends `RCP|I` without RCP-2 (Quantity Limited Request), R in Z44"),
    ("nist-hit-iz-tool/017_QBP_Z44_Query-Registry-for-vaccination.hl7", 101, "RCP^*^2^1", "NIST step query sends `RCP|I` without RCP-2 (Quantity Limited Request), R in Z44"),
    ("nist-hit-iz-tool/017_QBP_Z44_Query-Registry-for-vaccination.hl7", 103, "QPD^*^10^1", "QPD-1.1 `Z42`, QPD-5.7 `F` or QPD-10 outside its value set"),
    ("nist-hit-iz-tool/018_QBP_Z44_Query-Registry-for-vaccination.hl7", 101, "RCP^*^2^1", "NIST step query sends `RCP|I` without RCP-2 (Quantity Limited Request), R in Z44"),
    ("nist-hit-iz-tool/044_QBP_Z44_Send-query.hl7", 101, "RCP^*^2^1", "NIST step query sends `RCP|I` without RCP-2 (Quantity Limited Request), R in Z44"),
];

/// `RXA^*^9^1` matches `RXA^26^9^1`.
fn location_matches(pattern: &str, erl: &str) -> bool {
    let (p, e): (Vec<&str>, Vec<&str>) = (pattern.split('^').collect(), erl.split('^').collect());
    p.len() == e.len() && p.iter().zip(&e).all(|(a, b)| *a == "*" || a == b)
}

#[test]
fn corpus_messages_marked_valid_have_no_errors() {
    let validity = corpus_validity();
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut used = vec![false; ALLOWED.len()];
    for (name, text) in common::corpus() {
        let Some(v) = validity.get(&name) else {
            continue;
        };
        if !marked_valid(v) {
            continue;
        }
        let Ok(msg) = Message::parse(&text) else {
            continue;
        };
        let report = validator().validate(&msg, None).unwrap();
        checked += 1;
        for f in errors(&report) {
            match ALLOWED.iter().position(|(file, code, loc, _)| {
                *file == name && *code == f.code && location_matches(loc, &f.erl())
            }) {
                Some(i) => used[i] = true,
                None => failures.push(format!(
                    "{name} [{}]: {} {} {:?} {}",
                    report.profile,
                    f.code,
                    f.erl(),
                    f.rule,
                    f.text
                )),
            }
        }
    }
    assert!(
        checked >= 40,
        "only {checked} messages marked valid were found"
    );
    assert!(
        failures.is_empty(),
        "{} unexpected errors:\n{}",
        failures.len(),
        failures.join("\n")
    );
    for (i, u) in used.iter().enumerate() {
        assert!(u, "allow-listed finding no longer occurs: {:?}", ALLOWED[i]);
    }
}

#[test]
fn every_corpus_message_gets_a_profile_and_never_panics() {
    for (name, text) in common::corpus() {
        let Ok(msg) = Message::parse(&text) else {
            continue;
        };
        let report = validator().validate(&msg, None).unwrap();
        let ty = msg.get("MSH-9.1").unwrap().unwrap_or_default().into_owned();
        let expected = match ty.as_str() {
            "VXU" => vec!["Z22"],
            "ACK" => vec!["Z23"],
            "QBP" => vec!["Z34", "Z44"],
            "RSP" => vec!["Z31", "Z32", "Z33", "Z42"],
            _ => vec![""],
        };
        assert!(
            expected.contains(&report.profile.as_str()),
            "{name}: {ty} validated as {:?}",
            report.profile
        );
    }
}

// ---------------------------------------------------------------------------------------
// Mutations

/// A message as lines of fields, for making faults at known places.
#[derive(Clone)]
struct Lines(Vec<Vec<String>>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(
            text.split(['\r', '\n'])
                .filter(|l| !l.is_empty())
                .map(|l| l.split('|').map(str::to_string).collect())
                .collect(),
        )
    }

    fn text(&self) -> String {
        let mut s = self
            .0
            .iter()
            .map(|f| f.join("|"))
            .collect::<Vec<_>>()
            .join("\r");
        s.push('\r');
        s
    }

    /// Index of the `occ`-th (1-based) segment with this id.
    fn find(&self, id: &str, occ: usize) -> Option<usize> {
        self.0
            .iter()
            .enumerate()
            .filter(|(_, f)| f[0] == id)
            .nth(occ - 1)
            .map(|(i, _)| i)
    }

    fn count(&self, id: &str) -> usize {
        self.0.iter().filter(|f| f[0] == id).count()
    }

    /// Field `n` of a segment (MSH-n is piece n - 1).
    fn field_index(id: &str, n: usize) -> usize {
        if id == "MSH" {
            n - 1
        } else {
            n
        }
    }

    fn get(&self, i: usize, n: usize) -> &str {
        let id = &self.0[i][0];
        self.0[i]
            .get(Self::field_index(id, n))
            .map_or("", String::as_str)
    }

    fn set(&mut self, i: usize, n: usize, value: &str) {
        let id = self.0[i][0].clone();
        let k = Self::field_index(&id, n);
        let seg = &mut self.0[i];
        while seg.len() <= k {
            seg.push(String::new());
        }
        seg[k] = value.to_string();
        while seg.len() > 1 && seg.last().is_some_and(String::is_empty) {
            seg.pop();
        }
    }

    /// Sets component `c` of the first repetition of field `n`.
    fn set_component(&mut self, i: usize, n: usize, c: usize, value: &str) {
        let field = self.get(i, n).to_string();
        let first = field.split('~').next().unwrap_or("").to_string();
        let rest: Vec<&str> = field.split('~').skip(1).collect();
        let mut comps: Vec<String> = first.split('^').map(str::to_string).collect();
        while comps.len() < c {
            comps.push(String::new());
        }
        comps[c - 1] = value.to_string();
        let mut f = comps.join("^");
        for r in rest {
            f.push('~');
            f.push_str(r);
        }
        self.set(i, n, &f);
    }
}

/// One mutation: a name, the faulty text, the expected (code, ERL location).
struct Mutant {
    name: String,
    text: String,
    code: u16,
    location: String,
}

/// Base messages: corpus VXUs that validate against Z22 with no errors.
fn base_messages() -> Vec<(String, String)> {
    common::corpus()
        .into_iter()
        .filter(|(_, t)| {
            Message::parse(t).is_ok_and(|m| {
                m.get("MSH-9.1").ok().flatten().as_deref() == Some("VXU")
                    && m.segments_by_id("PID").count() == 1
            })
        })
        .filter(|(_, t)| {
            let r = validate(t);
            r.profile == "Z22" && errors(&r).is_empty()
        })
        .collect()
}

fn mutants(name: &str, text: &str) -> Vec<Mutant> {
    let base = Lines::new(text);
    let mut out = Vec::new();
    let mut push = |what: &str, l: &Lines, code: u16, loc: String| {
        out.push(Mutant {
            name: format!("{name}: {what}"),
            text: l.text(),
            code,
            location: loc,
        });
    };
    let pid = base.find("PID", 1).unwrap();

    // Remove a required field (101 at the field).
    for (seg, fields) in [
        ("PID", &[3usize, 5, 7, 8][..]),
        ("MSH", &[7, 10, 11][..]),
        ("RXA", &[1, 2, 3, 5, 6][..]),
        ("ORC", &[3][..]),
        ("OBX", &[2, 3, 4, 5, 11][..]),
        ("NK1", &[2, 3][..]),
    ] {
        for occ in 1..=base.count(seg).min(2) {
            let i = base.find(seg, occ).unwrap();
            for &n in fields {
                if base.get(i, n).is_empty() {
                    continue;
                }
                let mut l = base.clone();
                l.set(i, n, "");
                push(
                    &format!("{seg}[{occ}]-{n} removed"),
                    &l,
                    101,
                    format!("{seg}^{occ}^{n}^1"),
                );
            }
        }
    }

    // Remove a required segment (100 where it belongs).
    {
        let mut l = base.clone();
        l.0.remove(pid);
        push("PID removed", &l, 100, "PID^1".into());
    }
    for occ in 1..=base.count("RXA") {
        let i = base.find("RXA", occ).unwrap();
        let mut l = base.clone();
        l.0.remove(i);
        push(
            &format!("RXA[{occ}] removed"),
            &l,
            100,
            format!("RXA^{occ}"),
        );
    }

    // Swap segment order (100 at the segment out of place).
    if pid + 1 < base.0.len() && base.0[pid + 1][0] != "PID" {
        let mut l = base.clone();
        l.0.swap(pid, pid + 1);
        push("PID swapped with the next segment", &l, 100, "PID^1".into());
    }
    for occ in 1..=base.count("RXR") {
        let i = base.find("RXR", occ).unwrap();
        if base.0[i - 1][0] == "RXA" {
            let mut l = base.clone();
            l.0.swap(i - 1, i);
            // RXR now precedes RXA: the RXA that follows is out of order.
            let rxa_occ = base.0[..i].iter().filter(|f| f[0] == "RXA").count();
            push(
                &format!("RXR[{occ}] before its RXA"),
                &l,
                100,
                format!("RXA^{rxa_occ}"),
            );
        }
    }

    // Break a date (102 at the DTM component).
    for (seg, n) in [("PID", 7usize), ("RXA", 3), ("MSH", 7)] {
        for occ in 1..=base.count(seg).min(2) {
            let i = base.find(seg, occ).unwrap();
            let v = base.get(i, n);
            if v.len() < 8 {
                continue;
            }
            // A month out of range breaks the profile's format statement (IZ-TS_NZ, or
            // IZ-TS_Z for MSH-7), reported once, at the field it names.
            for (what, bad) in [("month 13", "13"), ("month 00", "00")] {
                let mut l = base.clone();
                let broken = format!("{}{bad}{}", &v[..4], &v[6..]);
                l.set(i, n, &broken);
                push(
                    &format!("{seg}[{occ}]-{n} {what}"),
                    &l,
                    102,
                    format!("{seg}^{occ}^{n}^1"),
                );
            }
            // A day the calendar lacks passes the pattern: the date check reports it at the
            // date component.
            let mut l = base.clone();
            l.set(i, n, &format!("{}0230{}", &v[..4], &v[8..]));
            push(
                &format!("{seg}[{occ}]-{n} 30 February"),
                &l,
                102,
                format!("{seg}^{occ}^{n}^1^1"),
            );
        }
    }

    // A code outside its value set (103).
    {
        let mut l = base.clone();
        l.set(pid, 8, "X");
        push("PID-8 not in HL70001", &l, 103, "PID^1^8^1".into());
    }
    for occ in 1..=base.count("RXA").min(2) {
        let i = base.find("RXA", occ).unwrap();
        if !base.get(i, 20).is_empty() {
            let mut l = base.clone();
            l.set(i, 20, "ZZ");
            push(
                &format!("RXA[{occ}]-20 not in HL70322"),
                &l,
                103,
                format!("RXA^{occ}^20^1"),
            );
        }
        if !base.get(i, 21).is_empty() {
            let mut l = base.clone();
            l.set(i, 21, "Q");
            push(
                &format!("RXA[{occ}]-21 not in HL70323"),
                &l,
                103,
                format!("RXA^{occ}^21^1"),
            );
        }
    }
    for occ in 1..=base.count("RXR").min(2) {
        let i = base.find("RXR", occ).unwrap();
        if !base.get(i, 2).is_empty() {
            let mut l = base.clone();
            l.set_component(i, 2, 1, "QQ");
            push(
                &format!("RXR[{occ}]-2.1 not in HL70163"),
                &l,
                103,
                format!("RXR^{occ}^2^1^1"),
            );
        }
    }
    for occ in 1..=base.count("NK1").min(2) {
        let i = base.find("NK1", occ).unwrap();
        let mut l = base.clone();
        l.set_component(i, 3, 1, "QQQ");
        push(
            &format!("NK1[{occ}]-3.1 not in HL70063"),
            &l,
            103,
            format!("NK1^{occ}^3^1^1"),
        );
    }
    {
        let msh = base.find("MSH", 1).unwrap();
        let mut l = base.clone();
        l.set_component(msh, 11, 1, "Q");
        push(
            "MSH-11.1 unsupported processing id",
            &l,
            202,
            "MSH^1^11^1^1".into(),
        );
    }

    // Wrong MSH-12 (203, IZ-15).
    for bad in ["2.3.1", "2.4", "2.6"] {
        let msh = base.find("MSH", 1).unwrap();
        let mut l = base.clone();
        l.set_component(msh, 12, 1, bad);
        push(&format!("MSH-12 {bad}"), &l, 203, "MSH^1^12^1^1".into());
    }

    // Break a conformance statement (102 at its target).
    for occ in 1..=base.count("RXA").min(2) {
        let i = base.find("RXA", occ).unwrap();
        let mut l = base.clone();
        l.set(i, 1, "1");
        push(
            &format!("RXA[{occ}] IZ-28"),
            &l,
            102,
            format!("RXA^{occ}^1^1"),
        );
        let mut l = base.clone();
        l.set(i, 2, "2");
        push(
            &format!("RXA[{occ}] IZ-29"),
            &l,
            102,
            format!("RXA^{occ}^2^1"),
        );
    }
    for occ in 1..=base.count("OBX").min(3) {
        let i = base.find("OBX", occ).unwrap();
        let mut l = base.clone();
        l.set(i, 11, "P");
        push(
            &format!("OBX[{occ}] IZ-22"),
            &l,
            102,
            format!("OBX^{occ}^11^1"),
        );
        let mut l = base.clone();
        l.set(i, 4, "0");
        push(
            &format!("OBX[{occ}] IZ-44"),
            &l,
            102,
            format!("OBX^{occ}^4^1"),
        );
    }
    {
        let mut l = base.clone();
        l.set(pid, 1, "2");
        push("PID IZ-46", &l, 102, "PID^1^1^1".into());
        let msh = base.find("MSH", 1).unwrap();
        let mut l = base.clone();
        l.set(msh, 15, "AL");
        push("MSH IZ-42", &l, 102, "MSH^1^15^1".into());
        let mut l = base.clone();
        l.set(msh, 16, "NE");
        push("MSH IZ-41", &l, 102, "MSH^1^16^1".into());
    }
    out
}

#[test]
fn mutations_give_the_exact_finding() {
    let bases = base_messages();
    assert!(bases.len() >= 8, "only {} valid VXU bases", bases.len());
    let mut total = 0;
    let mut failures = Vec::new();
    for (name, text) in &bases {
        for m in mutants(name, text) {
            total += 1;
            let r = validate(&m.text);
            let hit = r.findings.iter().any(|f| {
                f.code == m.code && f.erl() == m.location && f.severity == Severity::Error
            });
            if !hit {
                failures.push(format!(
                    "{}: expected {} at {}, got:\n{}",
                    m.name,
                    m.code,
                    m.location,
                    show(&r)
                ));
            }
        }
    }
    assert!(total >= 300, "only {total} mutants");
    assert!(
        failures.is_empty(),
        "{} of {total} mutants missed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn findings_never_carry_patient_data() {
    let text = "MSH|^~\\&|EHR|CLINIC|IIS|STATE|20240102120000-0500||VXU^V04^VXU_V04|42|P|2.5.1|||ER|AL|||||Z22^CDCPHINVS\r\
PID|7||QWERTY987^^^MYEHR^ZZ||ZEBULON^XANTHIPPE^^^^^Q||20401399|Y|||99 SECRETLANE^^FAKETOWN^QQ^99999^USA^Z\r\
ORC|NW|ABC123|\r\
RXA|5|6|20401399||999999^Unknown^CVX|abc|mL^^UCUM||77^^NIP001|||||||||||ZZ|Q\r";
    let r = validate(text);
    assert!(r.findings.len() > 10, "{}", show(&r));
    for f in &r.findings {
        for secret in [
            "QWERTY987",
            "ZEBULON",
            "XANTHIPPE",
            "20401399",
            "SECRETLANE",
            "FAKETOWN",
            "ABC123",
            "999999",
        ] {
            assert!(
                !f.text.contains(secret),
                "finding text leaks {secret}: {}",
                f.text
            );
        }
    }
}

#[test]
fn forced_profile_and_unknown_profile() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/corpus/messages/nist-hit-iz-tool")
            .read_dir()
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().contains("VXU"))
            .unwrap(),
    )
    .unwrap();
    let msg = Message::parse(&text).unwrap();
    let forced = validator().validate(&msg, Some("Z34")).unwrap();
    assert_eq!(forced.profile, "Z34");
    assert!(forced.has_errors());
    let err = validator().validate(&msg, Some("Z99")).unwrap_err();
    assert_eq!(err.code(), "unknown_profile");
}

#[test]
fn unsupported_message_type_and_event() {
    let r = validate("MSH|^~\\&|A|B|C|D|20240102120000-0500||ADT^A01^ADT_A01|1|P|2.5.1\rPID|1\r");
    assert_eq!(r.profile, "");
    assert_eq!(r.findings.len(), 1);
    assert_eq!(
        (r.findings[0].code, r.findings[0].erl().as_str()),
        (200, "MSH^1^9^1^1")
    );
    let r = validate("MSH|^~\\&|A|B|C|D|20240102120000-0500||VXU^V99|1|P|2.5.1\rPID|1\r");
    assert_eq!(
        (r.findings[0].code, r.findings[0].erl().as_str()),
        (201, "MSH^1^9^1^2")
    );
}

/// The acknowledgements izkit builds conform to their own profiles: the Z23 ACK for every
/// request in the corpus (VXU, QBP) and every mutant (AA, AE and AR), the RSP Z33 for a
/// failing query. Two things an acknowledgement must copy are exempt: the query's QPD (and
/// QAK-1, its QPD-2), echoed unchanged by rule, and MSA-2 when the request had no MSH-10.
#[test]
fn built_acknowledgements_validate_against_z23_and_z33() {
    use izkit::conformance::{build_ack, AckOptions};
    let opts = AckOptions {
        control_id: Some("ACK-1".to_string()),
        timestamp: Some("20261125120000+0000".to_string()),
        ..AckOptions::default()
    };
    let mut inputs: Vec<(String, String)> = common::corpus();
    for (name, text) in base_messages().iter().take(3) {
        inputs.extend(mutants(name, text).into_iter().map(|m| (m.name, m.text)));
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for (name, text) in &inputs {
        let Ok(msg) = Message::parse(text) else {
            continue;
        };
        let ty = msg.get("MSH-9.1").unwrap().unwrap_or_default().into_owned();
        if ty != "VXU" && ty != "QBP" {
            continue;
        }
        let no_control_id = msg.get("MSH-10").unwrap().is_none();
        let report = validator().validate(&msg, None).unwrap();
        let ack = build_ack(&msg, &report.findings, &opts).to_string();
        let ack_msg = Message::parse(&ack).expect("the ACK parses");
        let r = validator().validate(&ack_msg, None).unwrap();
        seen.insert((
            r.profile.clone(),
            ack_msg
                .get("MSA-1")
                .unwrap()
                .unwrap_or_default()
                .into_owned(),
        ));
        if !["Z23", "Z33"].contains(&r.profile.as_str()) {
            failures.push(format!("{name}: the ACK validated as {:?}", r.profile));
        }
        for f in errors(&r) {
            let erl = f.erl();
            let echoed = erl.starts_with("QPD^") || erl.starts_with("QAK^1^1^");
            if echoed || (no_control_id && erl.starts_with("MSA^1^2^")) {
                continue;
            }
            failures.push(format!("{name}: {} {erl} {}", f.code, f.text));
        }
    }
    assert!(
        failures.is_empty(),
        "{}",
        failures[..failures.len().min(40)].join("\n")
    );
    for want in [("Z23", "AA"), ("Z23", "AE"), ("Z23", "AR"), ("Z33", "AE")] {
        assert!(
            seen.contains(&(want.0.to_string(), want.1.to_string())),
            "no {want:?} among {seen:?}"
        );
    }
}

/// Large inputs stay linear (no scan of earlier segments per finding, no list search per
/// OBX-4): 20,000 ORDER groups without their RXA each get their finding, in order, and one
/// ORDER with 20,000 VIS OBX of distinct OBX-4 values validates. Checked by the result, not by
/// time.
#[test]
fn many_groups_and_observations() {
    let head = "MSH|^~\\&|A|B|C|D|20240102120000-0500||VXU^V04^VXU_V04|1|P|2.5.1|||ER|AL|||||Z22^CDCPHINVS\rPID|1||123^^^MYEHR^MR||DOE^JANE^^^^^L||20200101|F\r";
    let n = 20_000;
    let mut text = head.to_string();
    for i in 0..n {
        text.push_str(&format!("ORC|RE||{i}^EHR\r"));
    }
    let r = validate(&text);
    let missing: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.code == 100 && f.text.contains("RXA"))
        .collect();
    assert_eq!(missing.len(), n);
    // No RXA exists, so each missing one would have been the first; the byte range says where.
    assert!(missing.iter().all(|f| f.erl() == "RXA^1"));
    assert!(missing
        .windows(2)
        .all(|w| w[0].range.unwrap().0 <= w[1].range.unwrap().0));

    let mut text = head.to_string();
    text.push_str("ORC|RE||1^EHR\rRXA|0|1|20240102||08^HepB^CVX|999||||||||||||||CP|A\r");
    for i in 0..n {
        text.push_str(&format!(
            "OBX|{}|DT|29769-7^VIS presented^LN|{}|20240102||||||F\r",
            i + 1,
            i + 1
        ));
    }
    let r = validate(&text);
    assert_eq!(r.profile, "Z22");
    assert!(
        r.findings
            .iter()
            .filter(|f| f.rule.as_deref() == Some("izkit:vis-date-without-document"))
            .count()
            == n,
        "every VIS date without its document is reported"
    );
}
