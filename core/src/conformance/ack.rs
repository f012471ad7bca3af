//! Acknowledgements: building the CDC IG's Z23 ACK (or, for a query that fails, the RSP Z33)
//! from a message and its validation findings, and reading any ACK or RSP back into one model.
//!
//! # The IG's rules (IG R1.5 App. A, App. B §3; NIST Z23 and Z33 profiles)
//!
//! - **Exactly one response per message.** A receiver first checks what it can accept at all
//!   (message type, event, processing id, version); when that fails it answers with a Z23 ACK
//!   and `MSA-1` = `AR`. Otherwise it processes the message: a VXU gets a Z23 ACK, a QBP the
//!   query's RSP (Z31, Z32, Z33 or Z42).
//! - **`MSA-1`**: `AA` accepted (ERR segments may still carry warnings or information); `AE`
//!   processed, but with errors (the message, a segment group, a segment or a field was
//!   rejected, or data were ignored); `AR` rejected for an unsupported message type, event,
//!   processing id or version, or for reasons unrelated to content (HL7 table 0357 codes
//!   200-203). `MSA-2` echoes the acknowledged `MSH-10`; `MSA-3` is not supported (X).
//! - **One ERR per problem** (`[0..*]` in Z23, `[0..1]` in every RSP): `ERR-2` the location
//!   (ERL `RXA^1^5^1^1`), `ERR-3` the HL7 table 0357 code (`101^Required field
//!   missing^HL70357`), `ERR-4` the severity `E`/`W`/`I`, `ERR-5` the CDC table 0533
//!   application code (`5^Table value not found^HL70533`), `ERR-8` a text for people. `ERR-1`
//!   (the 2.3 form) is not supported (X).
//! - **The ACK's MSH**: sending and receiving application/facility swapped, `MSH-9` =
//!   `ACK^V04^ACK` (or `ACK^Q11^ACK` for a query), `MSH-12` = `2.5.1`, `MSH-15`/`MSH-16` =
//!   `NE`, `MSH-21` = `Z23^CDCPHINVS`.
//! - **A query with content or format errors** gets the RSP Z33 (`RSP^K11^RSP_K11`,
//!   `Z33^CDCPHINVS`) with `MSA-1` = `AE`, at most one ERR, `QAK` (`QAK-1` = `QPD-2`, `QAK-2`
//!   = `AE`, `QAK-3` = `QPD-1`) and the query's QPD echoed unchanged. A query of an
//!   unsupported type or version gets a Z23 `ACK^Q11^ACK` with `AR` (App. A §6.4).
//!
//! # What izkit does
//!
//! - [`build_ack`] (and [`write_ack`], which appends the text to a `String`) applies those
//!   rules to a message and its [`Finding`]s; see [`AckOptions`] for the control id, time,
//!   sender and ERR options, and [`build_ack`] for the details.
//! - [`Acknowledgement::from_findings`] gives the same answer as a model;
//!   [`Acknowledgement::to_message`] writes a model out.
//! - [`Acknowledgement::read`] reads what any ACK or RSP says, tolerantly: real IIS answers
//!   omit `MSH-21` or `MSH-9.3`, use version 2.3.1, put text in `MSA-3`, repeat MSA, or report
//!   errors in the 2.3-style `ERR-1` (all seen in the test corpus). Only a message without an
//!   MSA (or whose `MSA-1` is no acknowledgement code) is an error.
//!
//! izkit does not answer queries: for a query without errors [`build_ack`] returns an
//! `ACK^Q11^ACK` with `AA`, and the caller, which holds the records, builds the RSP Z31, Z32,
//! Z42 or the Z33 for "not found" / "too many".
//!
//! ```
//! use izkit::conformance::{build_ack, hl7_error, AckCode, AckOptions, Acknowledgement, Finding, Location, Severity};
//! use izkit::Message;
//!
//! let vxu = "MSH|^~\\&|EHR|CLINIC|IIS|STATE|20240102120000-0500||VXU^V04^VXU_V04|42|P|2.5.1|||ER|AL|||||Z22^CDCPHINVS\r";
//! let msg = Message::parse(vxu)?;
//! let missing_name = Finding::new(
//!     Severity::Error,
//!     hl7_error::REQUIRED_FIELD_MISSING,
//!     Some(Location { field: Some(5), ..Location::segment("PID", 1) }),
//!     "PID-5 (Patient Name) is required".into(),
//! );
//! let opts = AckOptions {
//!     control_id: Some("A1".into()),
//!     timestamp: Some("20240102120001-0500".into()),
//!     ..AckOptions::default()
//! };
//! let ack = build_ack(&msg, &[missing_name], &opts).to_string();
//! assert_eq!(
//!     ack,
//!     "MSH|^~\\&|IIS|STATE|EHR|CLINIC|20240102120001-0500||ACK^V04^ACK|A1|P|2.5.1|||NE|NE|||||Z23^CDCPHINVS\r\
//!      MSA|AE|42\r\
//!      ERR||PID^1^5^1|101^Required field missing^HL70357|E||||PID-5 (Patient Name) is required\r"
//! );
//! let read = Acknowledgement::read(&Message::parse(&ack)?)?;
//! assert_eq!((read.code, read.control_id.as_str()), (AckCode::AE, "42"));
//! assert_eq!(read.errors[0].code, Some(101));
//! # Ok::<(), izkit::Error>(())
//! ```

mod build;
mod text;

pub use build::{build_ack, write_ack, AckOptions};
// Shared with the FHIR → v2 writer, which writes MSH the same way.
pub(crate) use build::push_now;
pub(crate) use text::{push_escaped, push_num, push_raw, Esc};

use super::{Finding, Location, Severity};
use crate::error::{Error, ErrorKind, Result};
use crate::v2::{Delimiters, Message, OwnedMessage};
use serde::{Serialize, Serializer};
use text::{
    code, comp, field, first_rep, parse_erl, piece, push_erl, push_msh_start, push_qpd, raw,
    trim_trailing, usable,
};

/// `MSA-1`, HL7 table 0008: the acknowledgement code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
// The variants are the HL7 codes themselves, as everyone writes them.
#[allow(clippy::upper_case_acronyms)]
pub enum AckCode {
    /// Application accept: the message was processed.
    AA,
    /// Application error: processed, but (part of) it was rejected or ignored.
    AE,
    /// Application reject: not processed (unsupported type, event, processing id or version,
    /// or a reason unrelated to content).
    AR,
    /// Commit accept (enhanced mode; not used by the IG).
    CA,
    /// Commit error (enhanced mode; not used by the IG).
    CE,
    /// Commit reject (enhanced mode; not used by the IG).
    CR,
}

impl AckCode {
    /// The HL7 code (`AA`).
    pub fn as_str(self) -> &'static str {
        match self {
            AckCode::AA => "AA",
            AckCode::AE => "AE",
            AckCode::AR => "AR",
            AckCode::CA => "CA",
            AckCode::CE => "CE",
            AckCode::CR => "CR",
        }
    }

    /// Reads an HL7 code, ignoring surrounding spaces and ASCII case.
    pub fn parse(code: &str) -> Option<AckCode> {
        let c = code.trim();
        [
            AckCode::AA,
            AckCode::AE,
            AckCode::AR,
            AckCode::CA,
            AckCode::CE,
            AckCode::CR,
        ]
        .into_iter()
        .find(|a| a.as_str().eq_ignore_ascii_case(c))
    }

    /// The IG's decision for a set of findings: `AR` when an error has an HL7 table 0357 code
    /// from 200 to 203 (unsupported message type, event, processing id or version), else `AE`
    /// when there is any error, else `AA` (warnings and information do not change it).
    pub fn from_findings(findings: &[Finding]) -> AckCode {
        let mut code = AckCode::AA;
        for f in findings.iter().filter(|f| f.is_error()) {
            if (200..=203).contains(&f.code) {
                return AckCode::AR;
            }
            code = AckCode::AE;
        }
        code
    }

    /// True for `AA` and `CA`.
    pub fn is_accept(self) -> bool {
        matches!(self, AckCode::AA | AckCode::CA)
    }

    /// True for `AE` and `CE`.
    pub fn is_error(self) -> bool {
        matches!(self, AckCode::AE | AckCode::CE)
    }

    /// True for `AR` and `CR`.
    pub fn is_reject(self) -> bool {
        matches!(self, AckCode::AR | AckCode::CR)
    }
}

/// `QAK-2`, HL7 table 0208: how a query was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum QueryStatus {
    /// `OK`: data found, no errors.
    #[serde(rename = "OK")]
    Ok,
    /// `NF`: no data found, no errors.
    #[serde(rename = "NF")]
    NotFound,
    /// `AE`: application error.
    #[serde(rename = "AE")]
    Error,
    /// `AR`: application reject.
    #[serde(rename = "AR")]
    Rejected,
    /// `TM`: too many candidates found.
    #[serde(rename = "TM")]
    TooMany,
}

impl QueryStatus {
    /// The HL7 code (`OK`, `NF`, `AE`, `AR`, `TM`).
    pub fn as_str(self) -> &'static str {
        match self {
            QueryStatus::Ok => "OK",
            QueryStatus::NotFound => "NF",
            QueryStatus::Error => "AE",
            QueryStatus::Rejected => "AR",
            QueryStatus::TooMany => "TM",
        }
    }

    /// Reads an HL7 code, ignoring surrounding spaces and ASCII case.
    pub fn parse(code: &str) -> Option<QueryStatus> {
        let c = code.trim();
        [
            QueryStatus::Ok,
            QueryStatus::NotFound,
            QueryStatus::Error,
            QueryStatus::Rejected,
            QueryStatus::TooMany,
        ]
        .into_iter()
        .find(|s| s.as_str().eq_ignore_ascii_case(c))
    }
}

/// What an RSP says about the query it answers: its QAK, and the QPD it echoes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct QueryAck {
    /// `QAK-1`, the query tag (a copy of `QPD-2`), decoded.
    pub tag: Option<String>,
    /// `QAK-2`; `None` when absent or not a table 0208 code.
    pub status: Option<QueryStatus>,
    /// `QAK-3`, the query name (a copy of `QPD-1`), raw (`Z34^Request Immunization
    /// History^CDCPHINVS`).
    pub query_name: Option<String>,
    /// The whole QPD segment as sent (`QPD|Z34^...|tag|...`), without its terminator.
    pub qpd: Option<String>,
}

/// `MSH-9`: message code, trigger event and structure (`ACK^V04^ACK`), decoded and trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct MessageType {
    /// `MSH-9.1` (`ACK`, `RSP`); empty when absent.
    pub code: String,
    /// `MSH-9.2` (`V04`, `Q11`, `K11`).
    pub event: Option<String>,
    /// `MSH-9.3` (`ACK`, `RSP_K11`); real ACKs often leave it out.
    pub structure: Option<String>,
}

/// One ERR segment: one problem (or note) about the acknowledged message.
///
/// Text parts are decoded and kept as sent; code parts are decoded and trimmed of spaces.
/// When `ERR-2` and `ERR-3` are empty, the location and code are read from the 2.3-style
/// `ERR-1` (`SEG^seq^field^code&text&HL70357`), as some IIS still send.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct AckError {
    /// `ERR-2`, the first valid ERL (`RXA^1^5^1^1`); else the location of `ERR-1`.
    pub location: Option<Location>,
    /// Further valid repetitions of `ERR-2` (some IIS name several places).
    pub more_locations: Vec<Location>,
    /// `ERR-3.1`, the HL7 table 0357 code (see [`super::hl7_error`]); `None` when absent or
    /// not a number.
    pub code: Option<u16>,
    /// `ERR-3.2`, the code's text (`Required field missing`).
    pub code_text: Option<String>,
    /// `ERR-3.3`, the coding system (`HL70357`).
    pub code_system: Option<String>,
    /// `ERR-4` (`E`, `W`, `I`); `None` when absent or not a table 0516 code.
    pub severity: Option<Severity>,
    /// `ERR-5.1`, the application error code: CDC table 0533 (`1`-`6`, see
    /// [`super::app_error`]) or a local code.
    pub app_code: Option<String>,
    /// `ERR-5.2`, its text.
    pub app_text: Option<String>,
    /// `ERR-5.3`, its coding system (`HL70533`).
    pub app_system: Option<String>,
    /// `ERR-5.4`, an alternate (often local) application code.
    pub app_alternate_code: Option<String>,
    /// `ERR-5.5`, its text.
    pub app_alternate_text: Option<String>,
    /// `ERR-5.6`, its coding system.
    pub app_alternate_system: Option<String>,
    /// `ERR-7`, diagnostic information (izkit writes the rule id of a finding, e.g. `IZ-43`).
    pub diagnostic: Option<String>,
    /// `ERR-8`, the user message; when it is empty, `ERR-9` unless that holds a table 0517
    /// code (the IG's Appendix A examples put the text there by mistake).
    pub text: Option<String>,
}

impl AckError {
    /// The ERR izkit writes for a finding (see [`build_ack`]).
    pub fn from_finding(f: &Finding) -> AckError {
        let app = f.app_code;
        AckError {
            location: f.location.as_ref().and_then(text::normalize),
            more_locations: Vec::new(),
            code: Some(f.code),
            code_text: Some(super::hl7_error::text(f.code).to_string()),
            code_system: Some(HL70357.to_string()),
            severity: Some(f.severity),
            app_code: app.map(|a| a.to_string()),
            app_text: app.map(|a| super::app_error::text(a).to_string()),
            app_system: app.map(|_| HL70533.to_string()),
            app_alternate_code: None,
            app_alternate_text: None,
            app_alternate_system: None,
            diagnostic: f.rule.clone().filter(|r| !r.is_empty()),
            text: (!f.text.is_empty()).then(|| f.text.clone()),
        }
    }

    /// True for severity `E`.
    pub fn is_error(&self) -> bool {
        self.severity == Some(Severity::Error)
    }

    /// Reads one ERR segment (raw text) of a message with delimiters `d`.
    fn read(seg: &str, d: &Delimiters) -> AckError {
        let mut locations = field(seg, d, 2)
            .split(d.repetition as char)
            .filter_map(|r| parse_erl(r, d.component));
        let mut location = locations.next();
        let more_locations = locations.collect();

        let err3 = first_rep(field(seg, d, 3), d);
        let (mut code_id, mut code_text, mut code_system) = (
            code(comp(err3, d, 1), d),
            text::text(comp(err3, d, 2), d),
            code(comp(err3, d, 3), d),
        );

        // ERR-1 (ELD, HL7 2.3): segment ^ sequence ^ field ^ code&text&system.
        let eld = first_rep(field(seg, d, 1), d);
        if location.is_none() {
            // ELD.1-3 are the location; ELD.4 (the code) must not be read as ERL.4.
            let upto = eld
                .match_indices(d.component as char)
                .nth(2)
                .map_or(eld.len(), |(i, _)| i);
            location = parse_erl(&eld[..upto], d.component);
        }
        if err3.trim().is_empty() {
            let ce = comp(eld, d, 4);
            code_id = code(piece(ce, d.subcomponent, 0), d);
            code_text = text::text(piece(ce, d.subcomponent, 1), d);
            code_system = code(piece(ce, d.subcomponent, 2), d);
        }

        let err5 = first_rep(field(seg, d, 5), d);
        let sev = code(first_rep(field(seg, d, 4), d), d);
        AckError {
            location,
            more_locations,
            code: code_id.and_then(|c| c.parse().ok()),
            code_text,
            code_system,
            severity: sev.and_then(|s| Severity::from_hl7_code(&s.to_ascii_uppercase())),
            app_code: code(comp(err5, d, 1), d),
            app_text: text::text(comp(err5, d, 2), d),
            app_system: code(comp(err5, d, 3), d),
            app_alternate_code: code(comp(err5, d, 4), d),
            app_alternate_text: text::text(comp(err5, d, 5), d),
            app_alternate_system: code(comp(err5, d, 6), d),
            diagnostic: text::text(field(seg, d, 7), d),
            text: text::text(field(seg, d, 8), d).or_else(|| {
                // The IG's own examples (App. A, ACK with an ERR-5) put the text one field too
                // far, in ERR-9 (Inform Person Indicator, table 0517), and receivers copy them.
                let f9 = field(seg, d, 9);
                let is_0517 = ["PAT", "NPAT", "USR", "HD"]
                    .iter()
                    .any(|c| f9.trim().eq_ignore_ascii_case(c));
                (!is_0517).then(|| text::text(f9, d)).flatten()
            }),
        }
    }

    /// Appends this ERR segment (without terminator).
    fn write(&self, out: &mut String, e: &Esc) {
        let d = &e.d;
        let (fs, cs) = (d.field as char, d.component as char);
        let start = out.len();
        out.push_str("ERR");
        out.push(fs);
        out.push(fs);
        let mut first = true;
        for loc in self.location.iter().chain(&self.more_locations) {
            let mark = out.len();
            if !first {
                out.push(d.repetition as char);
            }
            if push_erl(out, loc, d, false) {
                first = false;
            } else {
                out.truncate(mark);
            }
        }
        out.push(fs);
        let at = out.len();
        if let Some(c) = self.code {
            push_num(out, c);
        }
        for part in [&self.code_text, &self.code_system] {
            out.push(cs);
            push_escaped(out, opt(part), e);
        }
        trim_trailing(out, at, d.component);
        out.push(fs);
        if let Some(s) = self.severity {
            out.push_str(s.hl7_code());
        }
        out.push(fs);
        let at = out.len();
        for (i, part) in [
            &self.app_code,
            &self.app_text,
            &self.app_system,
            &self.app_alternate_code,
            &self.app_alternate_text,
            &self.app_alternate_system,
        ]
        .into_iter()
        .enumerate()
        {
            if i > 0 {
                out.push(cs);
            }
            push_escaped(out, opt(part), e);
        }
        trim_trailing(out, at, d.component);
        out.push(fs); // ERR-6
        out.push(fs);
        push_escaped(out, opt(&self.diagnostic), e);
        out.push(fs);
        push_escaped(out, opt(&self.text), e);
        trim_trailing(out, start + 3, d.field);
    }
}

/// The text of an optional part; empty when absent.
fn opt(o: &Option<String>) -> &str {
    o.as_deref().unwrap_or("")
}

/// `ERR-3.3` as izkit writes it.
const HL70357: &str = "HL70357";
/// `ERR-5.3` as izkit writes it.
const HL70533: &str = "HL70533";

/// What an acknowledgement (ACK, or the acknowledgement part of an RSP) says.
///
/// Fields marked *raw* hold HL7 text as sent (components and escapes kept, in the message's
/// [`Acknowledgement::delimiters`]); the others are decoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Acknowledgement {
    /// `MSA-1`.
    pub code: AckCode,
    /// `MSA-2`: the control id (`MSH-10`) of the acknowledged message; empty when absent.
    pub control_id: String,
    /// `MSA-3`, text (not supported by the IG, but sent by some IIS).
    pub text: Option<String>,
    /// `MSH-9`.
    pub message_type: MessageType,
    /// `MSH-21.1`, the profile (`Z23`, `Z33`), trimmed.
    pub profile: Option<String>,
    /// `MSH-21.2`, the profile's namespace (`CDCPHINVS`), trimmed.
    pub profile_namespace: Option<String>,
    /// `MSH-12.1`, the version (`2.5.1`; real ACKs also say `2.3.1`).
    pub version: Option<String>,
    /// `MSH-11`, raw (`P`).
    pub processing_id: Option<String>,
    /// `MSH-3`, raw HD.
    pub sending_application: Option<String>,
    /// `MSH-4`, raw HD.
    pub sending_facility: Option<String>,
    /// `MSH-5`, raw HD.
    pub receiving_application: Option<String>,
    /// `MSH-6`, raw HD.
    pub receiving_facility: Option<String>,
    /// `MSH-22`, the sending responsible organization, raw XON.
    pub sending_organization: Option<String>,
    /// `MSH-23`, the receiving responsible organization, raw XON.
    pub receiving_organization: Option<String>,
    /// `MSH-10`: this message's own control id; empty when absent.
    pub own_control_id: String,
    /// `MSH-7`, raw (`20240102120000-0500`).
    pub timestamp: Option<String>,
    /// QAK and QPD, when the message has either (an RSP).
    pub query: Option<QueryAck>,
    /// Every ERR segment, in order.
    pub errors: Vec<AckError>,
    /// The delimiters the raw fields are written in.
    #[serde(serialize_with = "delimiters_text")]
    pub delimiters: Delimiters,
}

/// Serializes delimiters as MSH-1 and MSH-2 (`|^~\&`).
fn delimiters_text<S: Serializer>(d: &Delimiters, s: S) -> std::result::Result<S::Ok, S::Error> {
    let mut t = String::with_capacity(6);
    push_msh_start(&mut t, d);
    s.serialize_str(&t[3..])
}

fn not_an_ack(reason: &'static str) -> Error {
    Error::new(ErrorKind::NotAnAcknowledgement { reason }, 0)
}

impl Acknowledgement {
    /// Reads what an ACK or RSP says (see the module docs for the tolerance). The first MSA
    /// counts; every ERR is read. Fails only when the message has no MSA, or `MSA-1` is not an
    /// acknowledgement code (kind `not_an_acknowledgement`).
    pub fn read(msg: &Message<'_>) -> Result<Acknowledgement> {
        let d = *msg.delimiters();
        let msa = msg
            .segment_by_id("MSA", 1)
            .ok_or_else(|| not_an_ack("the message has no MSA segment"))?;
        let ack_code = code(field(msa.as_str(), &d, 1), &d)
            .and_then(|c| AckCode::parse(&c))
            .ok_or_else(|| {
                not_an_ack("MSA-1 is not an acknowledgement code")
                    .shifted(msa.range().start)
                    .with_segment(msa.index())
                    .with_path("MSA-1")
            })?;
        let msa = msa.as_str();
        // Message::parse only accepts a message that starts with MSH.
        let msh = msg.segment_by_id("MSH", 1).map_or("MSH", |s| s.as_str());
        let hd = |n| raw(field(msh, &d, n));
        let mt = first_rep(field(msh, &d, 9), &d);
        let profile = first_rep(field(msh, &d, 21), &d);
        let query = {
            let qak = msg.segment_by_id("QAK", 1).map(|s| s.as_str());
            let qpd = msg.segment_by_id("QPD", 1).map(|s| s.as_str());
            (qak.is_some() || qpd.is_some()).then(|| {
                let qak = qak.unwrap_or("QAK");
                QueryAck {
                    tag: text::text(field(qak, &d, 1), &d),
                    status: code(field(qak, &d, 2), &d).and_then(|s| QueryStatus::parse(&s)),
                    query_name: raw(field(qak, &d, 3)),
                    qpd: qpd.map(str::to_string),
                }
            })
        };
        Ok(Acknowledgement {
            code: ack_code,
            control_id: text::text(field(msa, &d, 2), &d).unwrap_or_default(),
            text: text::text(field(msa, &d, 3), &d),
            message_type: MessageType {
                code: code(comp(mt, &d, 1), &d).unwrap_or_default(),
                event: code(comp(mt, &d, 2), &d),
                structure: code(comp(mt, &d, 3), &d),
            },
            profile: code(comp(profile, &d, 1), &d),
            profile_namespace: code(comp(profile, &d, 2), &d),
            version: code(comp(first_rep(field(msh, &d, 12), &d), &d, 1), &d),
            processing_id: hd(11),
            sending_application: hd(3),
            sending_facility: hd(4),
            receiving_application: hd(5),
            receiving_facility: hd(6),
            sending_organization: hd(22),
            receiving_organization: hd(23),
            own_control_id: text::text(field(msh, &d, 10), &d).unwrap_or_default(),
            timestamp: hd(7),
            query,
            errors: msg
                .segments_by_id("ERR")
                .map(|s| AckError::read(s.as_str(), &d))
                .collect(),
            delimiters: d,
        })
    }

    /// The acknowledgement [`build_ack`] writes for `msg` and `findings`, as a model (the
    /// same decision, header and ERRs; a generated control id or current time differs from
    /// call to call unless `opts` fixes them).
    pub fn from_findings(
        msg: &Message<'_>,
        findings: &[Finding],
        opts: &AckOptions,
    ) -> Acknowledgement {
        build::model(msg, findings, opts)
    }

    /// True when the acknowledged message was accepted (`AA` or `CA`).
    pub fn is_accepted(&self) -> bool {
        self.code.is_accept()
    }

    /// Appends the message text: MSH, MSA, every ERR, then QAK and QPD when [`Self::query`]
    /// is set; segments end in CR. MSH-15 and MSH-16 are written `NE`. Everything is escaped
    /// (raw fields only where a field separator or control character would break the
    /// segment), so the text always parses, with [`Self::delimiters`] (or `|^~\&` when those
    /// are not usable).
    pub fn write_to(&self, out: &mut String) {
        let d = usable(&self.delimiters);
        let e = Esc::new(d);
        let (fs, cs) = (d.field as char, d.component as char);

        let start = out.len();
        push_msh_start(out, &d);
        for raw in [
            &self.sending_application,
            &self.sending_facility,
            &self.receiving_application,
            &self.receiving_facility,
            &self.timestamp,
        ] {
            out.push(fs);
            push_raw(out, opt(raw), &e);
        }
        out.push(fs); // MSH-8
        out.push(fs);
        let at = out.len();
        push_escaped(out, &self.message_type.code, &e);
        for part in [&self.message_type.event, &self.message_type.structure] {
            out.push(cs);
            push_escaped(out, opt(part), &e);
        }
        trim_trailing(out, at, d.component);
        out.push(fs);
        push_escaped(out, &self.own_control_id, &e);
        out.push(fs);
        push_raw(out, opt(&self.processing_id), &e);
        out.push(fs);
        push_escaped(out, opt(&self.version), &e);
        out.push(fs);
        out.push(fs);
        out.push(fs);
        out.push_str("NE");
        out.push(fs);
        out.push_str("NE");
        for _ in 17..=21 {
            out.push(fs);
        }
        let at = out.len();
        push_escaped(out, opt(&self.profile), &e);
        out.push(cs);
        push_escaped(out, opt(&self.profile_namespace), &e);
        trim_trailing(out, at, d.component);
        for raw in [&self.sending_organization, &self.receiving_organization] {
            out.push(fs);
            push_raw(out, opt(raw), &e);
        }
        trim_trailing(out, start + 3, d.field);
        out.push('\r');

        out.push_str("MSA");
        out.push(fs);
        out.push_str(self.code.as_str());
        out.push(fs);
        push_escaped(out, &self.control_id, &e);
        if let Some(t) = &self.text {
            out.push(fs);
            push_escaped(out, t, &e);
        }
        out.push('\r');

        for err in &self.errors {
            err.write(out, &e);
            out.push('\r');
        }

        if let Some(q) = &self.query {
            let start = out.len();
            out.push_str("QAK");
            out.push(fs);
            push_escaped(out, opt(&q.tag), &e);
            out.push(fs);
            out.push_str(q.status.map_or("", QueryStatus::as_str));
            out.push(fs);
            push_raw(out, opt(&q.query_name), &e);
            trim_trailing(out, start + 3, d.field);
            out.push('\r');
            if let Some(qpd) = &q.qpd {
                push_qpd(out, qpd, &d);
                out.push('\r');
            }
        }
    }

    /// The message (see [`Self::write_to`]).
    pub fn to_message(&self) -> OwnedMessage {
        let mut s = String::with_capacity(256);
        self.write_to(&mut s);
        text::into_owned(&s, usable(&self.delimiters))
    }
}

#[cfg(test)]
mod tests;
