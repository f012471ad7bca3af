//! MSH → the Bundle's identity and its `MessageHeader` (with the sender and receiver
//! `Organization`s); MSA and ERR (ACK, RSP) → `MessageHeader.response` and an
//! `OperationOutcome`.

use super::dates;
use super::structure::Doc;
use super::structure::Seg;
use super::types::{
    code, code_of, codeable_field, coding, concept, ext_code, hd_identifier, hd_uri, raw, read,
    text, IZKIT_EXT,
};
use super::{reference, to_fhir_error, Ctx};
use crate::datatypes::{Cwe, Ei, Erl, Hd, Timestamp};
use crate::fhir::model::{
    Bundle, CodeableConcept, Extension, Identifier, MessageHeader, MessageHeaderDestination,
    MessageHeaderResponse, MessageHeaderSource, OperationOutcome, OperationOutcomeIssue,
    Organization, Reference,
};
use std::borrow::Cow;

/// The message types the mapping covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// VXU^V04.
    Vxu,
    /// RSP^K11 (Z31, Z32, Z33, Z42).
    Rsp,
    /// ACK.
    Ack,
    /// QBP^Q11.
    Qbp,
}

/// The kind of message, from MSH-9.1 (and MSH-9.3 when MSH-9.1 is empty).
pub(crate) fn message_kind(msh: &Seg<'_>, d: &crate::v2::Delimiters) -> crate::Result<Kind> {
    let part = |n: usize| {
        msh.field(9)
            .split(char::from(d.component))
            .nth(n - 1)
            .unwrap_or("")
    };
    let code_ = part(1).trim();
    let code_ = if code_.is_empty() {
        part(3).split('_').next().unwrap_or("").trim()
    } else {
        code_
    };
    match code_.to_ascii_uppercase().as_str() {
        "VXU" => Ok(Kind::Vxu),
        "RSP" => Ok(Kind::Rsp),
        "ACK" => Ok(Kind::Ack),
        "QBP" => Ok(Kind::Qbp),
        "" => Err(to_fhir_error("MSH-9 has no message type".into())),
        other => {
            // A message code is three letters or digits: name it when it is one; anything
            // else could be any text, so it is not repeated.
            let reason = if other.len() == 3 && other.bytes().all(|b| b.is_ascii_alphanumeric()) {
                format!("message type {other} (MSH-9.1) is not mapped to FHIR; izkit maps VXU, RSP, ACK and QBP")
            } else {
                "the message type in MSH-9.1 is not mapped to FHIR; izkit maps VXU, RSP, ACK and QBP".into()
            };
            Err(to_fhir_error(reason))
        }
    }
}

/// The endpoint URI of an application HD (MSH-3, MSH-5): as [`hd_uri`], `urn:hl7v2:hd:` when
/// empty (FHIR requires an endpoint).
fn endpoint(hd: Option<&Hd<'_>>) -> Cow<'static, str> {
    hd.and_then(hd_uri)
        .unwrap_or_else(|| super::types::HD_URN.into())
}

/// An Organization for a facility HD (MSH-4, MSH-6), shared by HD text.
fn facility<'s>(cx: &mut Ctx<'s>, msh: &Seg<'s>, n: usize) -> Option<Reference<'s>> {
    let key = raw(msh, n);
    let hd: Hd<'s> = read(msh, n, &cx.d)?;
    cx.shared("Organization", "facility", key, |_, id| {
        let org = Organization {
            id: Some(id.into()),
            identifier: hd_identifier(&hd).into_iter().collect(),
            name: super::types::own(&hd.namespace_id)
                .or_else(|| super::types::own(&hd.universal_id)),
            ..Organization::default()
        };
        Some(org.into())
    })
}

/// The Bundle (type, identifier, timestamp) and its MessageHeader entry, first.
pub(crate) fn bundle<'s>(cx: &mut Ctx<'s>, msh: &Seg<'s>) -> Bundle<'s> {
    let d = cx.d;
    let (id, url) = cx.new_id("MessageHeader");
    cx.header_url = Some(url.clone());
    // The header goes first; its sender/receiver Organizations follow it.
    cx.push(url, MessageHeader::default().into());
    let app: Option<Hd> = read(msh, 3, &d);
    let source_endpoint = endpoint(app.as_ref());
    let mut h = MessageHeader {
        id: Some(id.into()),
        event_coding: Some(crate::fhir::model::Coding {
            system: Some("http://terminology.hl7.org/CodeSystem/v2-0003".into()),
            code: code(msh.field(9).split(char::from(d.component)).nth(1)),
            ..Default::default()
        }),
        source: Some(MessageHeaderSource {
            name: app
                .as_ref()
                .and_then(|a| super::types::own(&a.namespace_id)),
            endpoint: Some(source_endpoint.clone()),
            ..MessageHeaderSource::default()
        }),
        ..MessageHeader::default()
    };
    h.sender = facility(cx, msh, 4);
    let to_app: Option<Hd> = read(msh, 5, &d);
    let receiver = facility(cx, msh, 6);
    if to_app.is_some() || receiver.is_some() {
        h.destination.push(MessageHeaderDestination {
            name: to_app
                .as_ref()
                .and_then(|a| super::types::own(&a.namespace_id)),
            endpoint: Some(endpoint(to_app.as_ref())),
            receiver,
            ..MessageHeaderDestination::default()
        });
    }
    for rep in super::types::reps(raw(msh, 21), &d) {
        let Ok(ei) = Ei::parse(rep, &d) else { continue };
        if let Some(c) = coding(
            ei.entity_identifier.as_deref(),
            None,
            ei.namespace_id.as_deref(),
        ) {
            h.extension.push(Extension {
                url: Some(super::types::cat(IZKIT_EXT, "msh-21")),
                value_coding: Some(c),
                ..Extension::default()
            });
        }
    }
    let timestamp = read::<Timestamp>(msh, 7, &d).and_then(|t| dates::instant(&t, cx.local));
    if let Some(first) = cx.entries.first_mut() {
        first.resource = Some(h.into());
    }
    Bundle {
        identifier: Some(Identifier {
            system: Some(source_endpoint),
            value: text(msh, 10, &d),
            ..Identifier::default()
        }),
        type_: Some("message".into()),
        timestamp,
        ..Bundle::default()
    }
}

/// IssueType codes for HL7 table 0357 (message error condition codes): the classes of the
/// table (`0` success, `1xx` segment/field/value errors, `2xx` processing errors).
fn issue_code(err_code: &str) -> &'static str {
    match err_code {
        "0" => "informational",
        "100" | "102" | "103" => "structure",
        "101" => "required",
        "200" | "201" | "202" | "203" => "not-supported",
        "204" => "not-found",
        "205" => "duplicate",
        "206" => "processing",
        "207" => "exception",
        _ if err_code.starts_with('1') => "value",
        _ => "processing",
    }
}

/// MSA → `MessageHeader.response`, and the OperationOutcome of ERR (ACK, RSP with errors or,
/// when `always`, one saying what QAK-2/MSA-1 reported).
pub(crate) fn outcome<'s>(cx: &mut Ctx<'s>, doc: &Doc<'s>, always: bool) {
    let d = cx.d;
    if doc.err.is_empty() && !always {
        response(cx, doc, None);
        return;
    }
    let (_, url) = {
        let (id, url) = cx.new_id("OperationOutcome");
        (id, url)
    };
    let id = url.trim_start_matches("urn:uuid:").to_owned();
    let mut oo = OperationOutcome {
        id: Some(id.into()),
        ..OperationOutcome::default()
    };
    for err in &doc.err {
        let condition: Option<Cwe> = read(err, 3, &d);
        let cond_code = condition
            .as_ref()
            .and_then(|c| code_of(&c.identifier))
            .unwrap_or_default();
        let severity = match text(err, 4, &d).as_deref() {
            Some("E") => "error",
            Some("W") => "warning",
            Some("I") => "information",
            Some("F") => "fatal",
            _ => "error",
        };
        let mut details = CodeableConcept::default();
        for n in [3, 5] {
            if let Some(cc) = codeable_field(err, n, &d) {
                details.coding.extend(cc.coding);
                if details.text.is_none() {
                    details.text = cc.text;
                }
            }
        }
        let mut issue = OperationOutcomeIssue {
            severity: Some(severity.into()),
            code: Some(issue_code(&cond_code).into()),
            details: (!details.coding.is_empty() || details.text.is_some()).then_some(details),
            diagnostics: text(err, 8, &d).or_else(|| text(err, 7, &d)),
            ..OperationOutcomeIssue::default()
        };
        if let Some(erl) = read::<Erl>(err, 2, &d) {
            issue.location.push(erl_path(&erl).into());
        }
        oo.issue.push(issue);
    }
    if oo.issue.is_empty() {
        // No ERR: one issue saying what the answer was (QAK-2 NF: nothing found).
        let qak = doc.qak.as_ref().and_then(|q| text(q, 2, &d));
        let ack = doc.msa.as_ref().and_then(|m| text(m, 1, &d));
        let (severity, code_, details) = match (qak.as_deref(), ack.as_deref()) {
            (Some(q), _) => (
                if q == "AE" || q == "AR" {
                    "error"
                } else {
                    "information"
                },
                if q == "NF" {
                    "not-found"
                } else {
                    "informational"
                },
                concept(
                    "http://terminology.hl7.org/CodeSystem/v2-0208",
                    Cow::Owned(q.to_owned()),
                    None,
                ),
            ),
            (None, Some(a)) => (
                if matches!(a, "AA" | "CA") {
                    "information"
                } else {
                    "error"
                },
                if matches!(a, "AA" | "CA") {
                    "informational"
                } else {
                    "processing"
                },
                concept(
                    "http://terminology.hl7.org/CodeSystem/v2-0008",
                    Cow::Owned(a.to_owned()),
                    None,
                ),
            ),
            (None, None) => (
                "information",
                "informational",
                CodeableConcept {
                    text: Some("no acknowledgement code".into()),
                    ..CodeableConcept::default()
                },
            ),
        };
        oo.issue.push(OperationOutcomeIssue {
            severity: Some(severity.into()),
            code: Some(code_.into()),
            details: Some(details),
            ..OperationOutcomeIssue::default()
        });
    }
    response(cx, doc, Some(url.clone()));
    cx.push(url, oo.into());
}

/// MSA → `MessageHeader.response` (identifier MSA-2, code from MSA-1, exact MSA-1 in ext
/// `msa-1`), `details` → the OperationOutcome when there is one.
pub(crate) fn response<'s>(cx: &mut Ctx<'s>, doc: &Doc<'s>, details: Option<String>) {
    let d = cx.d;
    let Some(msa) = &doc.msa else { return };
    let ack = text(msa, 1, &d);
    let code_ = match ack.as_deref() {
        Some("AA" | "CA") => "ok",
        _ => "fatal-error",
    };
    let Some(identifier) = text(msa, 2, &d) else {
        // `response.identifier` is required: without MSA-2 there is no response to write;
        // the acknowledgement code is kept on the header.
        if let (Some(a), Some(crate::fhir::model::Resource::MessageHeader(h))) = (
            &ack,
            cx.entries.first_mut().and_then(|e| e.resource.as_mut()),
        ) {
            h.extension.push(ext_code("msa-1", a));
        }
        return;
    };
    let mut r = MessageHeaderResponse {
        identifier: Some(identifier),
        code: Some(code_.into()),
        details: details.map(reference),
        ..MessageHeaderResponse::default()
    };
    if let Some(a) = &ack {
        r.extension.push(ext_code("msa-1", a));
    }
    if let Some(crate::fhir::model::Resource::MessageHeader(h)) =
        cx.entries.first_mut().and_then(|e| e.resource.as_mut())
    {
        h.response = Some(r);
    }
}

/// ERR-2 as an izkit path: `SEG[n]-f[r].c.s` with the parts given.
fn erl_path(erl: &Erl<'_>) -> String {
    let mut s = erl.segment_id.trim().to_owned();
    use std::fmt::Write as _;
    if let Some(n) = erl.segment_sequence {
        let _ = write!(s, "[{n}]");
    }
    if let Some(f) = erl.field_position {
        let _ = write!(s, "-{f}");
        if let Some(r) = erl.field_repetition {
            let _ = write!(s, "[{r}]");
        }
        if let Some(c) = erl.component_number {
            let _ = write!(s, ".{c}");
            if let Some(sc) = erl.subcomponent_number {
                let _ = write!(s, ".{sc}");
            }
        }
    }
    s
}
