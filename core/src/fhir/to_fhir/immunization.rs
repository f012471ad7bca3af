//! One ORDER group (ORC, RXA, RXR and its OBX) → an `Immunization`, the `Practitioner`s,
//! `Organization` (manufacturer) and `Location` it names, and an `Observation` for each OBX
//! that is not mapped onto the Immunization (funding, eligibility and VIS OBX are; in an RSP
//! the Z42 evaluation OBX go to [`super::forecast`]).

use crate::fasthash::FxMap;
use std::borrow::Cow;

use super::dates;
use super::structure::Order;
use super::structure::Seg;
use super::types::{
    address_la2, code, code_of, codeable, codeable_field, coding, concept, decimal, ext_code,
    first, hd_identifier, identifier_ei, own, practitioner_xcn, raw, read, read_all, text,
    IZKIT_EXT,
};
use super::{forecast, reference, Ctx};
use crate::datatypes::{Cwe, Ei, La2, Number, Timestamp, Xcn};
use crate::fhir::model::{
    CodeableConcept, Extension, Identifier, Immunization, ImmunizationEducation,
    ImmunizationPerformer, Location, Observation, Organization, Quantity, Reference, Resource,
};
use crate::fhir::vocab::{self, ConceptMap};

/// LOINC codes of the OBX the CDC IG ties to a dose.
pub(crate) const FUNDING_ELIGIBILITY: &str = "64994-7";
pub(crate) const FUNDING_SOURCE: &str = "30963-3";
pub(crate) const VIS_DOCUMENT: &str = "69764-9";
pub(crate) const VIS_PUBLISHED: &str = "29768-9";
pub(crate) const VIS_PRESENTED: &str = "29769-7";
pub(crate) const VACCINE_TYPE: &str = "30956-7";

const V2_0443: &str = "http://terminology.hl7.org/CodeSystem/v2-0443";

/// OBX-3.1, trimmed.
pub(crate) fn obx_code<'s>(
    obx: &Seg<'s>,
    d: &crate::v2::Delimiters,
) -> Option<std::borrow::Cow<'s, str>> {
    first(obx, 3, d).map(|c| match c {
        std::borrow::Cow::Borrowed(b) => std::borrow::Cow::Borrowed(b.trim()),
        std::borrow::Cow::Owned(o) => std::borrow::Cow::Owned(o.trim().into()),
    })
}

/// OBX-4 (the sub-ID grouping related OBX), raw; empty when not sent.
pub(crate) fn obx_group<'s>(obx: &Seg<'s>) -> &'s str {
    raw(obx, 4).trim()
}

/// Maps one ORDER group and adds its entries: Immunization, the resources it names, its
/// Observations and (RSP) evaluations.
pub(crate) fn map_order<'s>(cx: &mut Ctx<'s>, o: &Order<'s>, patient: &str, rsp: bool) {
    let d = cx.d;
    let (id, url) = cx.new_id("Immunization");
    // Reserve the Immunization's place: the resources it names come after it.
    let slot = cx.entries.len();
    cx.push(url.clone(), Immunization::default().into());
    let mut imm = Immunization {
        id: Some(id.into()),
        patient: Some(reference(patient.into())),
        ..Immunization::default()
    };
    if let Some(orc) = &o.orc {
        map_orc(cx, orc, &mut imm);
    }
    if let Some(rxa) = &o.rxa {
        map_rxa(cx, rxa, &mut imm);
    } else {
        imm.status = Some("completed".into());
        imm.vaccine_code = Some(super::types::absent_concept());
    }
    if let Some(rxr) = &o.rxr {
        imm.route = codeable_field(rxr, 1, &d);
        imm.site = codeable_field(rxr, 2, &d);
    }

    // VIS groups: the OBX-4 values that hold a VIS document type or date.
    let mut vis: FxMap<&'s str, usize> = FxMap::default();
    for obx in &o.obx {
        if let Some(c) = obx_code(obx, &d) {
            if matches!(&*c, VIS_DOCUMENT | VIS_PUBLISHED | VIS_PRESENTED) {
                let next = vis.len();
                vis.entry(obx_group(obx)).or_insert(next);
            }
        }
    }
    imm.education = vec![ImmunizationEducation::default(); vis.len()];
    let mut others: Vec<&Seg<'s>> = Vec::new();
    let mut evaluation = forecast::Evaluations::default();
    for obx in &o.obx {
        let c = obx_code(obx, &d);
        let group = obx_group(obx);
        let edu = vis.get(group).copied();
        match (c.as_deref(), edu) {
            (Some(FUNDING_ELIGIBILITY), _) => {
                imm.program_eligibility.extend(value_concept(obx, &d));
            }
            (Some(FUNDING_SOURCE), _) if imm.funding_source.is_none() => {
                imm.funding_source = value_concept(obx, &d);
            }
            (Some(VIS_DOCUMENT), Some(i)) => {
                imm.education[i].document_type = read::<Cwe>(obx, 5, &d)
                    .and_then(|c| own(&c.identifier).or_else(|| own(&c.text)));
            }
            (Some(VIS_PUBLISHED), Some(i)) => {
                imm.education[i].publication_date = value_date(cx, obx);
            }
            (Some(VIS_PRESENTED), Some(i)) => {
                imm.education[i].presentation_date = value_date(cx, obx);
            }
            (Some(VACCINE_TYPE), Some(i)) => {
                if let Some(cc) = value_concept(obx, &d) {
                    imm.education[i].extension.push(Extension {
                        url: Some(super::types::cat(IZKIT_EXT, "vis-vaccine-type")),
                        value_codeable_concept: Some(cc),
                        ..Extension::default()
                    });
                }
            }
            (Some(code_), _) if rsp && forecast::is_evaluation_code(code_) => {
                evaluation.add(group, code_, obx);
            }
            _ => others.push(obx),
        }
    }
    let leftover = evaluation.finish(cx, &url, patient, &mut imm);
    if let Some(e) = cx.entries.get_mut(slot) {
        e.resource = Some(imm.into());
    }
    for obx in others.into_iter().chain(leftover.iter()) {
        let (id, obs_url) = cx.new_id("Observation");
        let obs = observation(cx, obx, id, patient, Some(&url));
        cx.push(obs_url, obs.into());
    }
}

/// ORC-2 PLAC and ORC-3 FILL identifiers, ORC-9 `recorded`, ORC-10 (EP) and ORC-12 (OP)
/// performers.
fn map_orc<'s>(cx: &mut Ctx<'s>, orc: &Seg<'s>, imm: &mut Immunization<'s>) {
    let d = cx.d;
    for (n, t) in [(2, "PLAC"), (3, "FILL")] {
        if let Some(id) = read::<Ei>(orc, n, &d).and_then(|e| identifier_ei(&e, t)) {
            imm.identifier.push(id);
        }
    }
    if let Some(ts) = read::<Timestamp>(orc, 9, &d) {
        imm.recorded = Some(dates::date_time(&ts, cx.local));
    }
    for (n, function) in [(12, "OP"), (10, "EP")] {
        performers(cx, orc, n, function, imm);
    }
}

/// Each XCN of field `n` as a performer with `function` (v2-0443).
fn performers<'s>(
    cx: &mut Ctx<'s>,
    seg: &Seg<'s>,
    n: usize,
    function: &'static str,
    imm: &mut Immunization<'s>,
) {
    let d = cx.d;
    for rep in super::types::reps(raw(seg, n), &d) {
        // Read only the first time this XCN is seen: the same clerk is on every ORC.
        let actor = cx.shared("Practitioner", "xcn", rep, |_, id| {
            let x = Xcn::parse(rep, &d).ok()?;
            practitioner_xcn(&x, id).map(Resource::from)
        });
        if let Some(actor) = actor {
            imm.performer.push(ImmunizationPerformer {
                function: Some(concept(V2_0443, Cow::Borrowed(function), None)),
                actor: Some(actor),
                ..ImmunizationPerformer::default()
            });
        }
    }
}

/// RXA → the Immunization's core elements.
fn map_rxa<'s>(cx: &mut Ctx<'s>, rxa: &Seg<'s>, imm: &mut Immunization<'s>) {
    let d = cx.d;
    let when = raw(rxa, 3);
    match read::<Timestamp>(rxa, 3, &d) {
        Some(ts) => imm.occurrence_date_time = Some(dates::date_time(&ts, cx.local)),
        // Not a valid TS: kept as sent rather than lost (occurrence is required).
        None => imm.occurrence_string = text(rxa, 3, &d).filter(|_| !when.is_empty()),
    }
    if imm.occurrence_date_time.is_none() && imm.occurrence_string.is_none() {
        // No RXA-3 at all. occurrence[x] is 1..1: FHIR's way to say a required primitive is
        // unknown is a data-absent-reason extension, but R4 validators (fhir.resources)
        // still ask for a value, so the string form carries the word and the extension
        // says why.
        let absent = super::types::absent_concept();
        imm.occurrence_string = Some("unknown".into());
        imm.extra.insert(
            "_occurrenceString".into(),
            serde_json::json!({ "extension": absent.extension }),
        );
    }
    // vaccineCode is required: an empty RXA-5 says so with data-absent-reason.
    // RXA-5 does not repeat in 2.5.1, but senders put the NDC in a second repetition: every
    // triplet of every repetition is a coding.
    let mut vaccine: Option<CodeableConcept<'s>> = None;
    for cc in read_all::<Cwe>(rxa, 5, &d).filter_map(|c| codeable(&c)) {
        match &mut vaccine {
            Some(v) => {
                v.coding.extend(cc.coding);
                v.text = v.text.take().or(cc.text);
            }
            None => vaccine = Some(cc),
        }
    }
    imm.vaccine_code = Some(vaccine.unwrap_or_else(super::types::absent_concept));
    let amount = read::<Number>(rxa, 6, &d).filter(|n| n.as_str() != "999");
    let units: Option<Cwe> = read(rxa, 7, &d);
    if amount.is_some() || units.is_some() {
        let mut q = Quantity {
            value: amount.as_ref().and_then(decimal),
            ..Quantity::default()
        };
        if let Some(u) = &units {
            q.code = code_of(&u.identifier);
            q.unit = own(&u.text).or_else(|| q.code.clone());
            q.system = u
                .coding_system
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(super::types::system_uri);
        }
        imm.dose_quantity = Some(q);
    }
    if let Some(notes) = read::<Cwe>(rxa, 9, &d) {
        if let Some(c) = code_of(&notes.identifier) {
            imm.primary_source = Some(c == "00");
            if c != "00" {
                let mut cc = codeable(&notes).unwrap_or_default();
                if let Some(origin) = vocab::to_fhir(ConceptMap::ImmunizationOrigin, &c) {
                    cc.coding.push(crate::fhir::model::Coding {
                        system: origin.system.map(Cow::from),
                        code: Some(origin.code.into()),
                        display: origin.display.map(Cow::from),
                        ..Default::default()
                    });
                }
                imm.report_origin = Some(cc);
            }
        }
    }
    performers(cx, rxa, 10, "AP", imm);
    let la2_raw = super::types::reps(raw(rxa, 11), &d).next();
    if let Some(la2_raw) = la2_raw {
        {
            imm.location = cx.shared("Location", "la2", la2_raw, |_, id| {
                let la2 = La2::parse(la2_raw, &d).ok()?;
                let facility = la2.facility.as_ref();
                let loc = Location {
                    id: Some(id.into()),
                    identifier: facility.and_then(hd_identifier).into_iter().collect(),
                    name: facility
                        .and_then(|h| own(&h.namespace_id))
                        .or_else(|| own(&la2.point_of_care)),
                    address: address_la2(&la2),
                    ..Location::default()
                };
                let empty =
                    loc.identifier.is_empty() && loc.name.is_none() && loc.address.is_none();
                (!empty).then(|| loc.into())
            });
        }
    }
    imm.lot_number = text(rxa, 15, &d);
    imm.expiration_date = read::<Timestamp>(rxa, 16, &d).map(|t| dates::date(&t));
    if let Some(key) = super::types::reps(raw(rxa, 17), &d).next() {
        imm.manufacturer = cx.shared("Organization", "mvx", key, |_, id| {
            let mvx = Cwe::parse(key, &d).ok()?;
            let value = code_of(&mvx.identifier);
            let org = Organization {
                id: Some(id.into()),
                identifier: value
                    .map(|v| Identifier {
                        system: mvx
                            .coding_system
                            .as_deref()
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(super::types::system_uri),
                        value: Some(v),
                        ..Identifier::default()
                    })
                    .into_iter()
                    .collect(),
                name: own(&mvx.text),
                ..Organization::default()
            };
            (!org.identifier.is_empty() || org.name.is_some()).then(|| org.into())
        });
    }
    imm.status_reason = codeable_field(rxa, 18, &d);
    imm.reason_code
        .extend(read_all::<Cwe>(rxa, 19, &d).filter_map(|c| codeable(&c)));
    let completion = code(text(rxa, 20, &d).as_deref());
    let action = code(text(rxa, 21, &d).as_deref());
    let status = match (&completion, &action) {
        (_, Some(a)) if a == "D" => "entered-in-error",
        (Some(c), _) => {
            vocab::to_fhir(ConceptMap::CompletionStatus, c).map_or("completed", |c| c.code)
        }
        (None, _) => "completed",
    };
    imm.status = Some(status.into());
    if completion.as_deref() == Some("PA") {
        imm.is_subpotent = Some(true);
    }
    if let Some(c) = &completion {
        imm.extension.push(ext_code("rxa-20", c));
    }
    if let Some(a) = &action {
        imm.extension.push(ext_code("rxa-21", a));
    }
    if let Some(ts) = read::<Timestamp>(rxa, 22, &d) {
        imm.recorded = Some(dates::date_time(&ts, cx.local));
    }
}

/// OBX-5 (first repetition) as a CodeableConcept.
pub(crate) fn value_concept<'s>(
    obx: &Seg<'s>,
    d: &crate::v2::Delimiters,
) -> Option<CodeableConcept<'s>> {
    codeable_field(obx, 5, d)
}

/// OBX-5 as a FHIR dateTime.
pub(crate) fn value_date(cx: &Ctx<'_>, obx: &Seg<'_>) -> Option<Cow<'static, str>> {
    read::<Timestamp>(obx, 5, &cx.d).map(|t| dates::date_time(&t, cx.local))
}

/// OBX → Observation: OBX-3 code, OBX-5 value by OBX-2, OBX-11 status, OBX-14 effective,
/// OBX-17 method; `subject` the Patient, `partOf` the Immunization when there is one.
pub(crate) fn observation<'s>(
    cx: &Ctx<'_>,
    obx: &Seg<'s>,
    id: String,
    patient: &str,
    part_of: Option<&str>,
) -> Observation<'s> {
    let d = cx.d;
    let mut o = Observation {
        id: Some(id.into()),
        subject: Some(reference(patient.into())),
        code: codeable_field(obx, 3, &d),
        method: codeable_field(obx, 17, &d),
        ..Observation::default()
    };
    o.part_of.extend(part_of.map(|u| reference(u.into())));
    let status = text(obx, 11, &d)
        .and_then(|s| vocab::to_fhir(ConceptMap::ObservationResultStatus, s.trim()))
        .map_or("unknown", |c| c.code);
    o.status = Some(status.into());
    if let Some(ts) = read::<Timestamp>(obx, 14, &d) {
        o.effective_date_time = Some(dates::date_time(&ts, cx.local));
    }
    let value_type = text(obx, 2, &d).unwrap_or_default();
    match value_type.trim() {
        "CE" | "CWE" | "CNE" | "CF" => o.value_codeable_concept = value_concept(obx, &d),
        "NM" => {
            if let Some(n) = read::<Number>(obx, 5, &d) {
                let unit: Option<Cwe> = read(obx, 6, &d);
                o.value_quantity = Some(Quantity {
                    value: decimal(&n),
                    unit: unit
                        .as_ref()
                        .and_then(|u| own(&u.text).or_else(|| own(&u.identifier))),
                    code: unit.as_ref().and_then(|u| code_of(&u.identifier)),
                    system: unit
                        .as_ref()
                        .and_then(|u| u.coding_system.as_deref())
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(super::types::system_uri),
                    ..Quantity::default()
                });
            }
        }
        "DT" | "TS" | "DTM" => o.value_date_time = value_date(cx, obx),
        _ => o.value_string = text(obx, 5, &d),
    }
    o
}

/// A coding for OBX-3-like LOINC codes (used by the forecast).
pub(crate) fn loinc<'s>(code_: &str) -> CodeableConcept<'s> {
    CodeableConcept {
        coding: coding(Some(code_), None, Some("LN")).into_iter().collect(),
        ..CodeableConcept::default()
    }
}

/// A reference with only a display.
pub(crate) fn display_reference(display: Cow<'_, str>) -> Reference<'_> {
    Reference {
        display: Some(display),
        ..Reference::default()
    }
}
