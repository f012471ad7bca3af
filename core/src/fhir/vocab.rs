//! The vocabulary both FHIR mapping directions share: v2 table codes ⇄ FHIR codes, and v2
//! coding-system mnemonics ⇄ FHIR system URIs.
//!
//! - [`ConceptMap`] names a concept map of the HL7 V2-to-FHIR IG (CompletionStatus for RXA-20,
//!   AdministrativeSex for PID-8, BodySite for RXR-2, ...) or one of izkit's CDC maps
//!   ([`ConceptMap::ImmunizationOrigin`] for RXA-9). [`to_fhir`] maps a v2 code to its FHIR
//!   [`Concept`], [`to_v2`] maps back; [`rows`] gives a whole map.
//! - [`system_uri`] turns the coding-system mnemonic of a CWE (`CVX`, `HL70163`) into the
//!   FHIR `Coding.system` URI; [`system_mnemonic`] reverses it.
//!
//! All of it is compiled in from `core/data/fhir/` (where `SOURCES.md` says where each file
//! comes from) by the build script: lookups binary-search static arrays, parse nothing and
//! allocate nothing (except the rule-made URIs and mnemonics, see [`system_uri`]).
//!
//! Codes are matched as the maps spell them: v2 codes and FHIR codes case-sensitively,
//! mnemonics case-insensitively, URIs exactly. When a map has several rows for one code,
//! the first row in file order wins, in both directions: `completed` maps back to `CP`, not
//! `PA`; `U` maps to `PUT`, not `PATCH`.
//!
//! ```
//! use izkit::fhir::vocab::{self, ConceptMap};
//!
//! let status = vocab::to_fhir(ConceptMap::CompletionStatus, "CP").unwrap();
//! assert_eq!(status.code, "completed");
//! assert_eq!(status.system, Some("http://hl7.org/fhir/event-status"));
//! assert_eq!(vocab::to_v2(ConceptMap::CompletionStatus, "not-done", None), Some("RE"));
//! assert_eq!(vocab::to_fhir(ConceptMap::NameType, "A"), None); // no FHIR target
//!
//! assert_eq!(vocab::system_uri("cvx").as_deref(), Some("http://hl7.org/fhir/sid/cvx"));
//! assert_eq!(
//!     vocab::system_uri("HL70163").as_deref(),
//!     Some("http://terminology.hl7.org/CodeSystem/v2-0163")
//! );
//! assert_eq!(vocab::system_mnemonic("http://loinc.org").as_deref(), Some("LN"));
//! ```

use std::borrow::Cow;

/// A FHIR concept a v2 code maps to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Concept {
    /// The FHIR code (`completed`, `female`, `IM`).
    pub code: &'static str,
    /// The display the map gives, if any.
    pub display: Option<&'static str>,
    /// The code system URI the map gives, if any.
    pub system: Option<&'static str>,
}

/// One row of a concept map, as in its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MapRow {
    /// The 1-based line of the row in its file ([`ConceptMap::file`]).
    pub line: u32,
    /// The v2 code; empty on the few FHIR-only rows some maps have (they are never found by
    /// [`to_fhir`] or [`to_v2`]).
    pub v2_code: &'static str,
    /// The v2 code's text, as the map gives it (useful for CWE.2 when writing v2).
    pub v2_text: &'static str,
    /// The v2 code system (`HL70322`), as the map gives it.
    pub v2_system: &'static str,
    /// The row's condition (narrative or computable), e.g. SegmentActionCode's "local
    /// assessment" on `U → PUT` and `U → PATCH`. Lookups do not evaluate it.
    pub condition: Option<&'static str>,
    /// The FHIR concept; `None` when the map gives no target for the code.
    pub target: Option<Concept>,
    /// The map's comments on the row.
    pub comment: Option<&'static str>,
}

/// One compiled map: its rows in file order, and `(code, row)` indexes sorted by code, then
/// row (so the first of equal codes is the first in file order).
struct MapData {
    rows: &'static [MapRow],
    by_v2: &'static [(&'static str, u16)],
    by_fhir: &'static [(&'static str, u16)],
}

/// One row of `coding-systems.csv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodingSystem {
    /// The v2 mnemonic (`CVX`), as the table spells it.
    pub mnemonic: &'static str,
    /// The FHIR system URI.
    pub uri: &'static str,
    /// What the system is.
    pub name: &'static str,
    /// Where the URI comes from.
    pub source: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/fhir_vocab.rs"));

/// The indexes of the rows whose key is `key`, in file order.
fn equal_range<'a>(
    index: &'static [(&'static str, u16)],
    key: &'a str,
) -> impl Iterator<Item = usize> + 'a {
    let start = index.partition_point(|(k, _)| *k < key);
    index[start..]
        .iter()
        .take_while(move |(k, _)| *k == key)
        .map(|&(_, n)| usize::from(n))
}

/// All rows of `map`, in file order (FHIR-only rows and rows without a target included).
pub fn rows(map: ConceptMap) -> &'static [MapRow] {
    map.data().rows
}

/// The first row for the v2 code, with or without a target: its text, table and comment.
pub fn v2_row(map: ConceptMap, v2_code: &str) -> Option<&'static MapRow> {
    let data = map.data();
    equal_range(data.by_v2, v2_code)
        .next()
        .map(|n| &data.rows[n])
}

/// v2 code → FHIR concept: the target of the first row for the code that has one
/// (case-sensitive, as v2 codes are); `None` for an unknown code or one the map gives no
/// target (NameType `A`, SegmentActionCode `X`).
pub fn to_fhir(map: ConceptMap, v2_code: &str) -> Option<Concept> {
    to_fhir_all(map, v2_code).next()
}

/// Every FHIR concept the v2 code maps to, in file order: more than one where the map leaves
/// the choice to the implementation (SegmentActionCode `U` → `PUT`, `PATCH`).
pub fn to_fhir_all<'a>(map: ConceptMap, v2_code: &'a str) -> impl Iterator<Item = Concept> + 'a {
    let data = map.data();
    equal_range(data.by_v2, v2_code).filter_map(move |n| data.rows[n].target)
}

/// FHIR code (and system, when given: it must then equal the row's) → the v2 code of the
/// first row that maps to it, in file order (`completed` → `CP`, not `PA`).
pub fn to_v2(map: ConceptMap, fhir_code: &str, system: Option<&str>) -> Option<&'static str> {
    to_v2_row(map, fhir_code, system).map(|r| r.v2_code)
}

/// As [`to_v2`], but the whole row (for the v2 text and table of CWE.2 and CWE.3).
pub fn to_v2_row(
    map: ConceptMap,
    fhir_code: &str,
    system: Option<&str>,
) -> Option<&'static MapRow> {
    let data = map.data();
    equal_range(data.by_fhir, fhir_code)
        .map(|n| &data.rows[n])
        .find(|r| system.is_none() || r.target.and_then(|t| t.system) == system)
}

/// The prefix of the THO URIs of the HL7 v2 tables: `HL7nnnn` ⇄ `…/v2-nnnn`.
pub const V2_TABLE_URI_PREFIX: &str = "http://terminology.hl7.org/CodeSystem/v2-";

/// The prefix izkit gives the systems [`system_uri`] knows no URI for (see
/// [`system_uri_or_local`]).
pub const LOCAL_SYSTEM_PREFIX: &str = "urn:izkit:v2-coding-system:";

/// The rows of `coding-systems.csv`, in file order.
pub fn coding_systems() -> &'static [CodingSystem] {
    SYSTEMS
}

/// v2 coding-system mnemonic (CWE.3, CX.4 ...; case-insensitive) → FHIR system URI.
///
/// Listed systems (`coding-systems.csv`: CVX, NDC, MVX, CPT, LN, SCT, UCUM, CDCREC,
/// CDCPHINVS, ...) give a borrowed `&'static str`. `HL7nnnn` (four digits) gives
/// `http://terminology.hl7.org/CodeSystem/v2-nnnn` by rule, an owned string. Anything else
/// (local `99xxx` systems, `NIP001`) gives `None`; see [`system_uri_or_local`].
pub fn system_uri(mnemonic: &str) -> Option<Cow<'static, str>> {
    if let Some(digits) = hl7_table(mnemonic) {
        return Some(Cow::Owned(format!("{V2_TABLE_URI_PREFIX}{digits}")));
    }
    let start = SYSTEMS_BY_MNEMONIC.partition_point(|(k, _)| cmp_upper(k, mnemonic).is_lt());
    let &(key, n) = SYSTEMS_BY_MNEMONIC.get(start)?;
    cmp_upper(key, mnemonic)
        .is_eq()
        .then(|| Cow::Borrowed(SYSTEMS[usize::from(n)].uri))
}

/// [`system_uri`], or for a mnemonic it knows no URI for, the reversible
/// `urn:izkit:v2-coding-system:<mnemonic>` ([`LOCAL_SYSTEM_PREFIX`]; the mnemonic as sent,
/// bytes other than ASCII letters, digits, `-`, `.`, `_` percent-encoded).
pub fn system_uri_or_local(mnemonic: &str) -> Cow<'static, str> {
    system_uri(mnemonic).unwrap_or_else(|| {
        let mut uri = String::from(LOCAL_SYSTEM_PREFIX);
        for b in mnemonic.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_') {
                uri.push(char::from(b));
            } else {
                uri.push_str(&format!("%{b:02X}"));
            }
        }
        Cow::Owned(uri)
    })
}

/// FHIR system URI (exact) → v2 mnemonic: the reverse of [`system_uri_or_local`]. Listed URIs
/// give the first row's mnemonic (older URIs such as `http://terminology.hl7.org/CodeSystem/MVX`
/// read back too), `…/v2-nnnn` gives `HL7nnnn`, and `urn:izkit:v2-coding-system:<m>` gives
/// `<m>` as it was sent. `None` for any other URI.
pub fn system_mnemonic(uri: &str) -> Option<Cow<'static, str>> {
    if let Some(digits) = uri.strip_prefix(V2_TABLE_URI_PREFIX) {
        return is_table_number(digits).then(|| Cow::Owned(format!("HL7{digits}")));
    }
    if let Some(local) = uri.strip_prefix(LOCAL_SYSTEM_PREFIX) {
        return percent_decode(local).map(Cow::Owned);
    }
    equal_range(SYSTEMS_BY_URI, uri)
        .next()
        .map(|n| Cow::Borrowed(SYSTEMS[n].mnemonic))
}

/// The four digits of `HL7nnnn` (any case of `HL7`).
fn hl7_table(mnemonic: &str) -> Option<&str> {
    let prefix = mnemonic.get(..3)?;
    let digits = &mnemonic[3..];
    (prefix.eq_ignore_ascii_case("HL7") && is_table_number(digits)).then_some(digits)
}

fn is_table_number(s: &str) -> bool {
    s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Compares an upper-case key with `query` as if `query` were upper-cased (ASCII).
fn cmp_upper(key: &str, query: &str) -> std::cmp::Ordering {
    key.bytes()
        .cmp(query.bytes().map(|b| b.to_ascii_uppercase()))
}

/// Decodes `%XX` escapes; `None` when malformed, not UTF-8, or empty.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok().filter(|m| !m.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    use ConceptMap::*;

    /// `(v2, FHIR)`: the v2 code maps to the FHIR code, and the FHIR code maps back to it.
    fn both_ways(map: ConceptMap, pairs: &[(&str, &str)]) {
        for &(v2, fhir) in pairs {
            assert_eq!(to_fhir(map, v2).map(|c| c.code), Some(fhir), "{map:?} {v2}");
            assert_eq!(to_v2(map, fhir, None), Some(v2), "{map:?} {fhir}");
        }
    }

    /// `(v2, FHIR)`: the v2 code maps to the FHIR code (`None`: to nothing) only.
    fn forward(map: ConceptMap, pairs: &[(&str, Option<&str>)]) {
        for &(v2, fhir) in pairs {
            assert_eq!(to_fhir(map, v2).map(|c| c.code), fhir, "{map:?} {v2}");
        }
    }

    #[test]
    fn completion_status_both_ways() {
        let cp = to_fhir(CompletionStatus, "CP").unwrap();
        let event_status = Some("http://hl7.org/fhir/event-status");
        assert_eq!((cp.display, cp.system), (Some("Completed"), event_status));
        both_ways(CompletionStatus, &[("CP", "completed"), ("RE", "not-done")]);
        // The first row wins backwards: PA and NA are lossy.
        forward(
            CompletionStatus,
            &[("PA", Some("completed")), ("NA", Some("not-done"))],
        );
        assert_eq!(
            to_v2(CompletionStatus, "completed", event_status),
            Some("CP")
        );
        assert_eq!(to_v2(CompletionStatus, "completed", Some("http://x")), None);
        // Case-sensitive both ways; unknown codes.
        forward(CompletionStatus, &[("cp", None), ("ZZ", None), ("", None)]);
        assert_eq!(to_v2(CompletionStatus, "Completed", None), None);
    }

    #[test]
    fn segment_action_code_has_two_targets_for_u_and_none_for_x() {
        let u: Vec<_> = to_fhir_all(SegmentActionCode, "U")
            .map(|c| c.code)
            .collect();
        assert_eq!(u, ["PUT", "PATCH"]);
        forward(SegmentActionCode, &[("U", Some("PUT")), ("X", None)]);
        both_ways(SegmentActionCode, &[("A", "POST"), ("D", "DELETE")]);
        assert_eq!(to_v2(SegmentActionCode, "PATCH", None), Some("U"));
        let x = v2_row(SegmentActionCode, "X").unwrap();
        assert_eq!((x.v2_text, x.target), ("No Change", None));
        let u = v2_row(SegmentActionCode, "U").unwrap();
        assert_eq!(u.condition, Some("local assessment"));
    }

    #[test]
    fn demographics_maps() {
        both_ways(
            AdministrativeSex,
            &[
                ("F", "female"),
                ("M", "male"),
                ("O", "other"),
                ("U", "unknown"),
            ],
        );
        forward(AdministrativeSex, &[("A", Some("other")), ("X", None)]);
        both_ways(
            NameType,
            &[
                ("L", "official"),
                ("M", "maiden"),
                ("NAV", "temp"),
                ("D", "usual"),
            ],
        );
        forward(NameType, &[("B", None), ("R", Some("official"))]);
        both_ways(
            AddressTypeUse,
            &[("H", "home"), ("B", "work"), ("C", "temp"), ("BA", "old")],
        );
        forward(AddressTypeUse, &[("O", Some("work")), ("M", None)]);
        both_ways(AddressTypeType, &[("M", "postal")]);
        forward(AddressTypeType, &[("SH", Some("postal")), ("H", None)]);
        both_ways(
            IdentifierType,
            &[("MR", "MR"), ("SR", "SR"), ("SS", "SS"), ("PI", "PI")],
        );
        both_ways(
            Relationship,
            &[("MTH", "MTH"), ("PAR", "PRN"), ("GRD", "GRD")],
        );
        both_ways(TelecommunicationUse, &[("PRN", "home"), ("WPN", "work")]);
        forward(TelecommunicationUse, &[("NET", None)]);
        both_ways(
            TelecommunicationEquipment,
            &[("PH", "phone"), ("Internet", "email"), ("CP", "mobile")],
        );
        both_ways(YesNoIndicator, &[("Y", "true"), ("N", "false")]);
        both_ways(PublicityCode, &[("F", "F"), ("N", "N")]);
        let system = |map, v2| to_fhir(map, v2).unwrap().system.unwrap();
        assert_eq!(
            system(IdentifierType, "MR"),
            "http://terminology.hl7.org/CodeSystem/v2-0203"
        );
        assert_eq!(
            system(Relationship, "MTH"),
            "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
        );
        // The IG maps CP to a ContactPoint.use code, not a ContactPoint.system one.
        assert_eq!(
            system(TelecommunicationEquipment, "CP"),
            "http://hl7.org/fhir/contact-point-use"
        );
    }

    #[test]
    fn route_and_site() {
        both_ways(
            RouteOfAdministration,
            &[
                ("IM", "IM"),
                ("SC", "SQ"),
                ("ID", "IDINJ"),
                ("NS", "NS"),
                ("PO", "PO"),
            ],
        );
        let im = to_fhir(RouteOfAdministration, "IM").unwrap();
        let v3 = "http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration";
        assert_eq!(im.system, Some(v3));
        for site in ["LA", "RA", "LD", "RD", "LT", "RT", "LVL", "RVL", "LG", "RG"] {
            let c = to_fhir(BodySite, site).unwrap();
            assert_eq!(c.code, site);
            assert_eq!(
                c.system,
                Some("http://terminology.hl7.org/CodeSystem/v2-0163")
            );
            assert_eq!(to_v2(BodySite, site, c.system), Some(site));
        }
        assert_eq!(
            to_fhir(BodySite, "LD").unwrap().display,
            Some("Left Deltoid")
        );
        both_ways(BodyParts, &[("ADB", "ADB")]);
    }

    #[test]
    fn immunization_origin() {
        assert_eq!(ImmunizationOrigin.v2_table(), "NIP001");
        let origin = "http://terminology.hl7.org/CodeSystem/immunization-origin";
        assert_eq!(
            to_fhir(ImmunizationOrigin, "02").unwrap().system,
            Some(origin)
        );
        both_ways(
            ImmunizationOrigin,
            &[
                ("02", "provider"),
                ("03", "record"),
                ("04", "recall"),
                ("07", "school"),
            ],
        );
        for none in ["00", "01", "05", "06", "08"] {
            forward(ImmunizationOrigin, &[(none, None)]);
            assert!(v2_row(ImmunizationOrigin, none).is_some());
        }
        let six = v2_row(ImmunizationOrigin, "06").unwrap();
        assert_eq!(
            six.v2_text,
            "Historical information - from birth certificate"
        );
    }

    #[test]
    fn other_segment_maps() {
        both_ways(ContactRole, &[("C", "C"), ("N", "N")]);
        both_ways(MaritalStatus, &[("A", "L"), ("M", "M")]);
        both_ways(
            ObservationResultStatus,
            &[("F", "final"), ("C", "corrected")],
        );
        forward(ObservationResultStatus, &[("I", None)]);
        both_ways(Confidentiality, &[("V", "V"), ("R", "R")]);
        // A trailing no-break space in the file is trimmed.
        assert!(to_fhir(Interpretation, "<").is_some());
        // FHIR-only rows (no v2 code) are kept but are not reachable from FHIR.
        let fhir_only = rows(Confidentiality)
            .iter()
            .filter(|r| r.v2_code.is_empty());
        assert!(fhir_only.clone().count() > 100);
        for r in fhir_only {
            assert_ne!(
                to_v2(Confidentiality, r.target.unwrap().code, None),
                Some("")
            );
        }
    }

    #[test]
    fn coding_systems_both_ways() {
        let both = [
            ("CVX", "http://hl7.org/fhir/sid/cvx"),
            ("NDC", "http://hl7.org/fhir/sid/ndc"),
            ("MVX", "http://hl7.org/fhir/sid/mvx"),
            ("CPT", "http://www.ama-assn.org/go/cpt"),
            ("LN", "http://loinc.org"),
            ("SCT", "http://snomed.info/sct"),
            ("UCUM", "http://unitsofmeasure.org"),
            ("CDCREC", "urn:oid:2.16.840.1.113883.6.238"),
            ("CDCPHINVS", "urn:oid:2.16.840.1.114222.4.5.274"),
            ("NCIT", "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl"),
        ];
        for (m, uri) in both {
            assert!(
                matches!(system_uri(m), Some(Cow::Borrowed(u)) if u == uri),
                "{m}"
            );
            assert_eq!(system_mnemonic(uri).as_deref(), Some(m), "{uri}");
        }
        // Mnemonics are case-insensitive; two mnemonics for one URI (C4, CPT).
        let forward = [
            ("cvx", Some("http://hl7.org/fhir/sid/cvx")),
            ("Ucum", Some("http://unitsofmeasure.org")),
            ("C4", Some("http://www.ama-assn.org/go/cpt")),
            ("99TPG", None),
            ("NIP001", None),
            ("", None),
        ];
        for (m, uri) in forward {
            assert_eq!(system_uri(m).as_deref(), uri, "{m}");
        }
        // URIs are exact; older URIs read back; the first row wins backwards (CPT, not C4).
        let backward = [
            ("http://terminology.hl7.org/CodeSystem/MVX", Some("MVX")),
            ("http://ncithesaurus-stage.nci.nih.gov", Some("NCIT")),
            ("http://www.ama-assn.org/go/cpt", Some("CPT")),
            ("HTTP://LOINC.ORG", None),
            ("http://example.org/cs", None),
        ];
        for (uri, m) in backward {
            assert_eq!(system_mnemonic(uri).as_deref(), m, "{uri}");
        }
    }

    #[test]
    fn hl7_tables_by_rule() {
        for (m, uri) in [
            ("HL70163", "http://terminology.hl7.org/CodeSystem/v2-0163"),
            ("hl70064", "http://terminology.hl7.org/CodeSystem/v2-0064"),
            ("HL70162", "http://terminology.hl7.org/CodeSystem/v2-0162"),
            ("HL70203", "http://terminology.hl7.org/CodeSystem/v2-0203"),
            ("HL70322", "http://terminology.hl7.org/CodeSystem/v2-0322"),
            ("HL70323", "http://terminology.hl7.org/CodeSystem/v2-0323"),
        ] {
            assert_eq!(system_uri(m).as_deref(), Some(uri));
            assert_eq!(
                system_mnemonic(uri).as_deref(),
                Some(m.to_ascii_uppercase().as_str())
            );
        }
        assert_eq!(system_uri("HL7016"), None);
        assert_eq!(system_uri("HL701630"), None);
        assert_eq!(system_uri("HL7O163"), None);
        assert_eq!(
            system_mnemonic("http://terminology.hl7.org/CodeSystem/v2-016"),
            None
        );
        assert_eq!(
            system_mnemonic("http://terminology.hl7.org/CodeSystem/v2-0163x"),
            None
        );
        // Every map's target systems that follow the rule read back to the map's table.
        let uri = system_uri(BodySite.v2_table()).unwrap();
        assert_eq!(to_fhir(BodySite, "LA").unwrap().system, Some(&*uri));
    }

    #[test]
    fn local_systems_round_trip() {
        assert_eq!(system_uri_or_local("CVX"), "http://hl7.org/fhir/sid/cvx");
        assert_eq!(
            system_uri_or_local("99TPG"),
            "urn:izkit:v2-coding-system:99TPG"
        );
        assert_eq!(
            system_uri_or_local("NIP001"),
            "urn:izkit:v2-coding-system:NIP001"
        );
        assert_eq!(
            system_uri_or_local("a b/ü"),
            "urn:izkit:v2-coding-system:a%20b%2F%C3%BC"
        );
        for m in ["99TPG", "NIP001", "nip002", "a b/ü", "x%y"] {
            let uri = system_uri_or_local(m);
            assert_eq!(system_mnemonic(&uri).as_deref(), Some(m));
        }
        assert_eq!(system_mnemonic("urn:izkit:v2-coding-system:"), None);
        assert_eq!(system_mnemonic("urn:izkit:v2-coding-system:%4"), None);
        assert_eq!(system_mnemonic("urn:izkit:v2-coding-system:%FF"), None);
    }

    /// Counts the records of a CSV file after its two header lines, independently of the
    /// build script (quotes may hold commas, not line breaks: the IG files have none). Lines
    /// of empty fields only (`,,,,`) are not rows.
    fn records_in(file: &str) -> usize {
        let path = format!("{}/data/fhir/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.matches('"').count() % 2 == 0, "{file}");
        let row = |l: &&str| !l.chars().all(|c| c == ',' || c.is_whitespace());
        text.lines().filter(row).count() - 2
    }

    #[test]
    fn every_row_of_every_file_is_compiled() {
        let mut total = 0;
        for map in ConceptMap::ALL {
            let rows = rows(map);
            assert_eq!(rows.len(), records_in(map.file()), "{}", map.name());
            total += rows.len();
            // Every row is found again through the indexes, first rows first.
            for (n, r) in rows.iter().enumerate() {
                if r.v2_code.is_empty() {
                    continue;
                }
                let first = v2_row(map, r.v2_code).unwrap();
                assert!(first.line <= r.line && first.v2_code == r.v2_code);
                if let Some(t) = r.target {
                    assert!(
                        to_fhir_all(map, r.v2_code).any(|c| c == t),
                        "{} line {}",
                        map.name(),
                        r.line
                    );
                    let back = to_v2_row(map, t.code, t.system).unwrap();
                    assert!(back.line <= r.line, "{} row {n}", map.name());
                }
            }
        }
        assert_eq!(total, CONCEPT_MAP_ROWS);
        // Every ConceptMap variant is listed once in ALL.
        let mut names: Vec<_> = ConceptMap::ALL.iter().map(|m| m.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ConceptMap::ALL.len());

        let path = format!(
            "{}/data/fhir/coding-systems.csv",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(path).unwrap();
        let lines = text.lines().filter(|l| !l.trim().is_empty()).count() - 1;
        assert_eq!(coding_systems().len(), lines);
        for s in coding_systems() {
            // Each URI reads back to a mnemonic whose URI it is (the first row's).
            let m = system_mnemonic(s.uri).unwrap();
            assert!(coding_systems()
                .iter()
                .any(|t| t.mnemonic == m && t.uri == s.uri));
            assert!(system_uri(s.mnemonic).is_some());
        }
    }
}
