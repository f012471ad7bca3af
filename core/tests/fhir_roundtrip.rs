//! VXU → FHIR → VXU keeps every mapped field: over every VXU of the corpus that validates
//! against Z22 without errors, and over generated VXUs (proptest).
//!
//! The comparison is field by field over the PID, PD1, NK1, ORC, RXA, RXR fields and the
//! OBX of each ORDER group that the mapping covers (`docs/FHIR-MAPPING.md`), after normalising
//! what the mapping documents as equivalent (see `normalise`). What it does not map is listed
//! in [`UNMAPPED`] and not compared. `to_fhir` runs with `LocalTime::Offset(0)`, so that times
//! sent without an offset survive (with `DateOnly` they are cut to the date, by design).

mod common;

use chrono::NaiveDate;
use izkit::conformance::Validator;
use izkit::fhir::model::Resource;
use izkit::fhir::{from_fhir, to_fhir, FromFhirOptions, LocalTime, ToFhirOptions};
use izkit::Message;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::OnceLock;

fn validator() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| Validator::new().with_today(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()))
}

/// The fields compared, per segment.
const MAPPED: &[(&str, &[usize])] = &[
    (
        "PID",
        &[1, 3, 5, 6, 7, 8, 10, 11, 13, 14, 22, 24, 25, 29, 30],
    ),
    ("PD1", &[11, 12, 13, 16, 17, 18]),
    ("NK1", &[1, 2, 3, 4, 5, 6]),
    ("ORC", &[1, 2, 3, 9, 10, 12]),
    (
        "RXA",
        &[
            1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 15, 16, 17, 18, 19, 20, 21, 22,
        ],
    ),
    ("RXR", &[1, 2]),
];

/// What the mapping leaves out, and why (not compared):
const UNMAPPED: &[(&str, &str)] = &[
    (
        "MSH",
        "MSH-3..6 (from options or the MessageHeader), MSH-7, MSH-10 are the new message's own",
    ),
    (
        "PID-2, PID-4, PID-9, PID-12, PID-15..21, PID-23, PID-26..28, PID-31..39",
        "not in the mapping",
    ),
    (
        "PD1-1..10, PD1-14, PD1-15, PD1-19..21",
        "not in the mapping",
    ),
    (
        "NK1-7.., NK1-13..",
        "not in the mapping (NK1 → RelatedPerson name, relationship, address, telecom)",
    ),
    (
        "ORC-4..8, ORC-11, ORC-13..",
        "not in the mapping (ORC-17 entering organization included)",
    ),
    ("RXA-8, RXA-12..14, RXA-23..", "not in the mapping"),
    (
        "CX.2, CX.3, CX.6..",
        "check digits and dates are not written back",
    ),
    (
        "XCN.7, XCN.8, XCN.11, XCN.12, XCN.14..",
        "not in the XCN[Practitioner] map",
    ),
    ("XAD.8, XAD.10..", "not in the XAD[Address] map"),
    (
        "XTN.1, XTN.9..11",
        "XTN.1 (deprecated telephone text) and XTN.9-11 are not written back",
    ),
    (
        "CWE.7..",
        "code system versions and original text are not written back",
    ),
    (
        "OBX-6..10, OBX-14, OBX-15.., and NTE",
        "OBX-14 of a mapped OBX is written as the dose's date; OBX-17 of 64994-7 is VXC40",
    ),
    (
        "PID-24 with PID-25",
        "multipleBirthInteger says Y: `N|1` comes back `Y|1`",
    ),
    (
        "PID-6 XPN.2..",
        "patient-mothersMaidenName is a string: XPN.1 only",
    ),
    (
        "PID-10.3, PID-22.3",
        "US Core race and ethnicity codings are CDCREC",
    ),
    (
        "RXA-9.2 of `00`",
        "primarySource: the text sent is not kept (NIP001's text is written)",
    ),
    (
        "XCN.21",
        "a professional suffix is a HumanName suffix: it comes back as XCN.5",
    ),
    (
        "OBX-5.2 of 69764-9",
        "education.documentType is the barcode only",
    ),
    ("OBX-2 TS of a date", "comes back DT"),
    (
        "OBX-4 of OBX mapped to Observations",
        "each Observation gets its own OBX-4",
    ),
    (
        "RXA-11 LA2 other than LA2.4 and the address",
        "not in the mapping",
    ),
];

fn fields(seg: &str) -> Vec<&str> {
    seg.split('|').collect()
}

/// The canonical form of a raw field for comparison: trailing empty components and
/// repetitions dropped; timestamps without their offset; a TS_NZ's fraction of four digits.
fn normalise(seg: &str, n: usize, raw: &str) -> String {
    let is_ts = matches!(
        (seg, n),
        ("PID", 7)
            | ("PID", 29)
            | ("RXA", 3)
            | ("RXA", 4)
            | ("RXA", 16)
            | ("RXA", 22)
            | ("ORC", 9)
            | ("PD1", 13)
            | ("PD1", 17)
            | ("PD1", 18)
    );
    if is_ts {
        let first = raw.split('^').next().unwrap_or("");
        let digits: String = first
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let (main, frac) = digits.split_once('.').unwrap_or((&digits, ""));
        let mut main = main.to_string();
        if main.len() == 12 {
            main.push_str("00");
        }
        if matches!(
            (seg, n),
            ("RXA", 16) | ("PD1", 13) | ("PD1", 17) | ("PD1", 18)
        ) {
            main.truncate(8);
            return main;
        }
        if !frac.is_empty() {
            return format!("{main}.{:0<4}", &frac[..frac.len().min(4)]);
        }
        return main;
    }
    let reps: Vec<String> = raw
        .split('~')
        .map(|r| r.trim_end_matches(['^', '&']).to_string())
        .collect();
    let mut reps = reps;
    while reps.last().is_some_and(|r| r.is_empty()) {
        reps.pop();
    }
    reps.join("~")
}

/// Segments of a message: id → list of segment texts, plus ORDER groups.
struct Parsed {
    by_id: BTreeMap<String, Vec<String>>,
    /// Per ORDER group: the OBX as (OBX-2, OBX-3.1, OBX-5, OBX-4 group index).
    obx: Vec<Vec<(String, String, String, usize)>>,
}

fn parse(text: &str) -> Parsed {
    let mut by_id: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut obx: Vec<Vec<(String, String, String, usize)>> = Vec::new();
    let mut sub_ids: Vec<String> = Vec::new();
    for seg in text.split(['\r', '\n']).filter(|s| !s.is_empty()) {
        let id = seg.get(..3).unwrap_or("").to_string();
        if id == "ORC" {
            obx.push(Vec::new());
            sub_ids.clear();
        }
        if id == "OBX" {
            let f = fields(seg);
            let get = |k: usize| f.get(k).copied().unwrap_or("").to_string();
            let sub = get(4);
            let group = match sub_ids.iter().position(|s| *s == sub) {
                Some(p) => p,
                None => {
                    sub_ids.push(sub);
                    sub_ids.len() - 1
                }
            };
            let code = get(3).split('^').next().unwrap_or("").to_string();
            if let Some(g) = obx.last_mut() {
                g.push((get(2), code, normalise("OBX", 5, &get(5)), group));
            }
        }
        by_id.entry(id).or_default().push(seg.to_string());
    }
    Parsed { by_id, obx }
}

/// The OBX of a group in a canonical order, with VIS groups identified by their content
/// rather than their OBX-4 number.
///
/// Known losses: an OBX-2 of `TS` holding a date comes back `DT`; the VIS name (OBX-5.2 of
/// 69764-9) is not kept (`education.documentType` is the barcode); OBX mapped to Observations
/// (not to the Immunization) lose their OBX-4 grouping, so only VIS groups are compared as
/// groups.
fn canonical_obx(g: &[(String, String, String, usize)]) -> Vec<String> {
    const VIS: [&str; 4] = ["69764-9", "29768-9", "29769-7", "30956-7"];
    let mut groups: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
    for (k, (t, code, value, group)) in g.iter().enumerate() {
        let t = match t.as_str() {
            "CWE" => "CE",
            "TS" | "DTM" if value.len() <= 8 => "DT",
            t => t,
        };
        let value = if code == "69764-9" {
            format!("{}^^{}", comp(value, 1), comp(value, 3))
        } else {
            value.clone()
        };
        let key = if VIS.contains(&code.as_str()) {
            (*group, 0)
        } else {
            (usize::MAX, k)
        };
        groups
            .entry(key)
            .or_default()
            .push(format!("{t}|{code}|{value}"));
    }
    let mut out: Vec<String> = groups
        .into_values()
        .map(|mut v| {
            v.sort();
            v.join(" + ")
        })
        .collect();
    out.sort();
    out
}

/// Round trip one message; the differences found, as text.
fn round_trip(text: &str) -> Vec<String> {
    let msg = Message::parse(text).expect("parses");
    let bundle = to_fhir(
        &msg,
        &ToFhirOptions {
            local_time: LocalTime::Offset(0),
        },
    )
    .expect("to_fhir");
    let back = from_fhir(&Resource::from(bundle), &FromFhirOptions::default()).expect("from_fhir");
    assert_eq!(back.len(), 1, "one VXU back");
    let a = parse(text);
    let b = parse(&back[0]);
    let mut diffs = Vec::new();
    for (seg, nums) in MAPPED {
        let empty = Vec::new();
        let sa = a.by_id.get(*seg).unwrap_or(&empty);
        let sb = b.by_id.get(*seg).unwrap_or(&empty);
        for k in 0..sa.len().max(sb.len()) {
            let fa = sa.get(k).map(|s| fields(s)).unwrap_or_default();
            let fb = sb.get(k).map(|s| fields(s)).unwrap_or_default();
            for &n in *nums {
                let va = normalise(seg, n, fa.get(n).copied().unwrap_or(""));
                let vb = normalise(seg, n, fb.get(n).copied().unwrap_or(""));
                if !covers(&va, &vb) && !known_loss(seg, n, &va, &vb, &fa) {
                    diffs.push(format!("{seg}[{}]-{n}: {va:?} -> {vb:?}", k + 1));
                }
            }
        }
    }
    let ga: Vec<Vec<String>> = a.obx.iter().map(|g| canonical_obx(g)).collect();
    let gb: Vec<Vec<String>> = b.obx.iter().map(|g| canonical_obx(g)).collect();
    if ga != gb {
        diffs.push(format!("OBX groups: {ga:?} -> {gb:?}"));
    }
    diffs
}

/// Every non-empty leaf (repetition, component, subcomponent) of `a` is in `b` at the same
/// place. `b` may fill what `a` left empty: the IG defaults `from_fhir` writes (RXA-4 = RXA-3,
/// XCN.10 / XPN.7 `L`, XTN.3 `Internet` for an email) are additions, not losses.
fn covers(a: &str, b: &str) -> bool {
    let leaves = |s: &str| -> Vec<((usize, usize, usize), String)> {
        let mut out = Vec::new();
        for (r, rep) in s.split('~').enumerate() {
            for (c, comp) in rep.split('^').enumerate() {
                for (k, sub) in comp.split('&').enumerate() {
                    out.push(((r, c, k), sub.to_string()));
                }
            }
        }
        out
    };
    let b: BTreeMap<_, _> = leaves(b).into_iter().collect();
    leaves(a)
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .all(|(p, v)| b.get(&p) == Some(&v))
}

/// Component `k` (1-based) of the first repetition.
fn comp(v: &str, k: usize) -> &str {
    v.split('~')
        .next()
        .unwrap_or("")
        .split('^')
        .nth(k - 1)
        .unwrap_or("")
}

/// The losses [`UNMAPPED`] lists that show inside compared fields (each checked narrowly:
/// everything else in the field must still be kept).
fn known_loss(seg: &str, n: usize, a: &str, b: &str, fa: &[&str]) -> bool {
    let without = |v: &str, k: usize| -> String {
        let mut parts: Vec<&str> = v.split('~').next().unwrap_or("").split('^').collect();
        if parts.len() >= k {
            parts[k - 1] = "";
        }
        parts.join("^")
    };
    match (seg, n) {
        // `N|1`: multipleBirthInteger 1 comes back `Y|1`.
        ("PID", 24) => a == "N" && b == "Y" && !fa.get(25).copied().unwrap_or("").is_empty(),
        // The mother's maiden name extension is a string: XPN.1 only.
        ("PID", 6) => comp(a, 1) == comp(b, 1) && comp(b, 7) == "M",
        // US Core race / ethnicity codings are in CDCREC (the US Core system).
        ("PID", 10) | ("PID", 22) => {
            a.split('~').count() == b.split('~').count()
                && a.split('~').zip(b.split('~')).all(|(x, y)| {
                    comp(x, 1) == comp(y, 1) && comp(x, 2) == comp(y, 2) && comp(y, 3) == "CDCREC"
                })
        }
        // `00` is primarySource: the text sent with it is not kept.
        ("RXA", 9) => comp(a, 1) == "00" && comp(b, 1) == "00" && comp(b, 3) == "NIP001",
        // XCN.21 professional suffix: a HumanName suffix, written back as XCN.5.
        ("ORC", 10) | ("ORC", 12) | ("RXA", 10) => {
            let suffix = a.split('^').nth(20).unwrap_or("");
            !suffix.is_empty()
                && comp(b, 5) == suffix
                && covers(&a.replace(&format!("^{suffix}"), "^"), &without(b, 5))
        }
        _ => false,
    }
}

#[test]
fn corpus_vxus_keep_every_mapped_field() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for (name, text) in common::corpus() {
        if !name.contains("VXU") {
            continue;
        }
        let Ok(msg) = Message::parse(&text) else {
            continue;
        };
        let report = validator().validate(&msg, None).expect("validates");
        if report.profile != "Z22" || report.has_errors() {
            continue;
        }
        checked += 1;
        let diffs = round_trip(&text);
        if !diffs.is_empty() {
            failures.push(format!("{name}:\n  {}", diffs.join("\n  ")));
        }
    }
    eprintln!("round trip: {checked} corpus VXUs valid against Z22");
    assert!(checked >= 5, "only {checked} valid VXUs in the corpus");
    assert!(
        failures.is_empty(),
        "{}\n(unmapped: {UNMAPPED:?})",
        failures.join("\n")
    );
}

fn vxu_strategy() -> impl Strategy<Value = String> {
    let name = "[A-Z][a-z]{1,10}";
    let cvx = prop::sample::select(vec![
        ("08", "HEPB-PEDS", "MSD"),
        ("20", "DTaP", "PMC"),
        ("10", "IPV", "PMC"),
        ("133", "PCV13", "PFR"),
        ("116", "Rotavirus", "MSD"),
    ]);
    (
        name,
        name,
        name,
        (2000u32..2020, 1u32..13, 1u32..29),
        prop::sample::select(vec!["F", "M", "U"]),
        cvx,
        prop::sample::select(vec!["00", "01", "02", "03", "04", "05", "06", "07", "08"]),
        (0u32..24, 0u32..60),
        "[0-9]{3,8}",
        prop::sample::select(vec!["CP", "PA", "RE", "NA"]),
        any::<bool>(),
    )
        .prop_map(
            |(family, given, mother, (y, m, d), sex, (cvx, vname, mvx), source, (hh, mm), id, status, d_action)| {
                let birth = format!("{y}{m:02}{d:02}");
                let given_date = format!("{}{m:02}{d:02}{hh:02}{mm:02}", y + 1);
                let given_ok = matches!(status, "CP" | "PA");
                let (amount, units) = if given_ok { ("0.5", "mL^mL^UCUM") } else { ("999", "") };
                let notes = if given_ok { format!("{source}^^NIP001") } else { String::new() };
                let refusal = if status == "RE" { "00^Parental decision^NIP002" } else { "" };
                let orc3 = if given_ok { format!("{id}^MYEHR") } else { "9999^MYEHR".to_string() };
                let (lot, mfr) = if given_ok && source == "00" {
                    ("L123", format!("{mvx}^^MVX"))
                } else {
                    ("", String::new())
                };
                let action = if d_action { "D" } else { "A" };
                let mut msg = format!(
                    "MSH|^~\\&|A|B|C|D|20240102120000+0000||VXU^V04^VXU_V04|X1|P|2.5.1|||ER|AL|||||Z22^CDCPHINVS\r\
                     PID|1||{id}^^^MYEHR^MR||{family}^{given}^^^^^L|{mother}^^^^^^M|{birth}|{sex}||2106-3^White^CDCREC|1 Main St^^Town^MT^59715^USA^H||^PRN^PH^^^406^5551234|||||||||2186-5^Not Hispanic or Latino^CDCREC\r\
                     NK1|1|{mother}^Ann^^^^^L|MTH^Mother^HL70063\r\
                     ORC|RE||{orc3}\r\
                     RXA|0|1|{given_date}||{cvx}^{vname}^CVX|{amount}|{units}||{notes}||||||{lot}||{mfr}|{refusal}||{status}|{action}\r"
                );
                if given_ok && source == "00" {
                    msg.push_str(&format!(
                        "OBX|1|CE|64994-7^Eligibility^LN|1|V02^Medicaid^HL70064||||||F|||{}|||VXC40^per immunization^CDCPHINVS\r\
                         OBX|2|CE|30956-7^Vaccine type^LN|2|{cvx}^{vname}^CVX||||||F\r\
                         OBX|3|DT|29768-9^VIS published^LN|2|20120202||||||F\r\
                         OBX|4|DT|29769-7^VIS presented^LN|2|{}||||||F\r",
                        &given_date[..8],
                        &given_date[..8]
                    ));
                }
                msg
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn generated_vxus_keep_every_mapped_field(text in vxu_strategy()) {
        let msg = Message::parse(&text).unwrap();
        let report = validator().validate(&msg, None).unwrap();
        prop_assume!(!report.has_errors());
        let diffs = round_trip(&text);
        prop_assert!(diffs.is_empty(), "{}\n{}", diffs.join("\n"), text.replace('\r', "\n"));
    }
}
