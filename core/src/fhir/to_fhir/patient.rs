//! PID + PD1 → `Patient` (with US Core race/ethnicity and izkit's PD1 extensions), NK1 →
//! `RelatedPerson`; and the walk over one patient's entries (Patient, RelatedPersons, then
//! each ORDER group, then a forecast).

use super::dates;
use super::structure::PatientGroup;
use super::structure::Seg;
use super::types::{
    address_xad, codeable, codeable_field, contact_point, ext_code, human_name_xpn, identifier_cx,
    own, raw, read, read_all, reps, text, IZKIT_EXT,
};
use super::{forecast, immunization, reference, Ctx};
use crate::datatypes::{Cwe, Cx, Number, Timestamp, Xad, Xpn};
use crate::fhir::model::{
    Coding, Extension, Meta, Observation, Patient, PatientCommunication, RelatedPerson,
};
use crate::fhir::vocab::{self, ConceptMap};

const FHIR_EXT: &str = "http://hl7.org/fhir/StructureDefinition/";
const US_CORE: &str = "http://hl7.org/fhir/us/core/StructureDefinition/";
/// The OMB race categories of US Core's `ombCategory` (the rest of CDCREC is `detailed`).
const OMB_RACE: [&str; 5] = ["1002-5", "2028-9", "2054-5", "2076-8", "2106-3"];
/// The OMB ethnicity categories.
const OMB_ETHNICITY: [&str; 2] = ["2135-2", "2186-5"];

/// Maps one patient and everything under it, adding the entries in the documented order.
/// `rsp`: the patient comes from an RSP, whose ORDER groups may carry Z42 evaluations and
/// forecasts.
pub(crate) fn map_patient_group<'s>(cx: &mut Ctx<'s>, g: &PatientGroup<'s>, rsp: bool) {
    let (id, url) = cx.new_id("Patient");
    let patient = patient(cx, &g.pid, g.pd1.as_ref(), id);
    cx.push(url.clone(), patient.into());
    for nk1 in &g.nk1 {
        let (id, rp_url) = cx.new_id("RelatedPerson");
        let rp = related_person(cx, nk1, id, &url);
        cx.push(rp_url, rp.into());
    }
    for obx in &g.obx {
        let (id, obs_url) = cx.new_id("Observation");
        let obs = immunization::observation(cx, obx, id, &url, None);
        cx.push(obs_url, Observation::into(obs));
    }
    let mut recommendation = forecast::Forecast::default();
    for order in &g.orders {
        if rsp && forecast::is_forecast(cx, order) {
            recommendation.add(cx, order);
        } else {
            immunization::map_order(cx, order, &url, rsp);
        }
    }
    recommendation.finish(cx, &url);
}

/// PID (+ PD1) → Patient.
fn patient<'s>(cx: &mut Ctx<'s>, pid: &Seg<'s>, pd1: Option<&Seg<'s>>, id: String) -> Patient<'s> {
    let d = cx.d;
    let mut p = Patient {
        id: Some(id.into()),
        ..Patient::default()
    };
    for n in [2, 3, 4] {
        p.identifier
            .extend(read_all::<Cx>(pid, n, &d).filter_map(|c| identifier_cx(&c)));
    }
    for n in [5, 9] {
        p.name
            .extend(read_all::<Xpn>(pid, n, &d).filter_map(|x| human_name_xpn(&x)));
    }
    if let Some(m) = read::<Xpn>(pid, 6, &d).and_then(|x| own(&x.family_name)) {
        p.extension.push(super::types::ext_string(
            super::types::cat(FHIR_EXT, "patient-mothersMaidenName"),
            m,
        ));
    }
    if let Some(ts) = read::<Timestamp>(pid, 7, &d) {
        p.birth_date = Some(dates::date(&ts));
        let full = dates::date_time(&ts, cx.local);
        if full.len() > 10 {
            let ext = Extension {
                url: Some(super::types::cat(FHIR_EXT, "patient-birthTime")),
                value_date_time: Some(full),
                ..Extension::default()
            };
            p.extra.insert(
                "_birthDate".into(),
                serde_json::json!({ "extension": [ext] }),
            );
        }
    }
    if let Some(sex) = text(pid, 8, &d) {
        p.gender = vocab::to_fhir(ConceptMap::AdministrativeSex, sex.trim()).map(|c| c.code.into());
    }
    if let Some(e) = race_ethnicity(pid, 10, "us-core-race", &OMB_RACE, &d) {
        p.extension.push(e);
    }
    if let Some(e) = race_ethnicity(pid, 22, "us-core-ethnicity", &OMB_ETHNICITY, &d) {
        p.extension.push(e);
    }
    p.address
        .extend(read_all::<Xad>(pid, 11, &d).filter_map(|a| address_xad(&a)));
    for n in [13, 14] {
        p.telecom
            .extend(reps(raw(pid, n), &d).filter_map(|r| contact_point(r, &d)));
    }
    if let Some(lang) = codeable_field(pid, 15, &d) {
        p.communication.push(PatientCommunication {
            language: Some(lang),
            ..PatientCommunication::default()
        });
    }
    let yes_no = |n| match text(pid, n, &d).as_deref().map(str::trim) {
        Some("Y") => Some(true),
        Some("N") => Some(false),
        _ => None,
    };
    p.multiple_birth_boolean = yes_no(24);
    if let Some(order) = read::<Number>(pid, 25, &d).and_then(|n| n.as_i64()) {
        p.multiple_birth_boolean = None;
        p.multiple_birth_integer = Some(order);
    }
    if let Some(ts) = read::<Timestamp>(pid, 29, &d) {
        p.deceased_date_time = Some(dates::date_time(&ts, cx.local));
    } else {
        p.deceased_boolean = yes_no(30);
    }
    if let Some(pd1) = pd1 {
        pd1_extensions(cx, pd1, &mut p);
    }
    p
}

/// PID-10 / PID-22 → the US Core race / ethnicity extension: each CDCREC code as
/// `ombCategory` or `detailed`, and `text` (CWE.2s, else the codes).
fn race_ethnicity<'s>(
    pid: &Seg<'s>,
    n: usize,
    name: &str,
    omb: &[&str],
    d: &crate::v2::Delimiters,
) -> Option<Extension<'s>> {
    let system = vocab::system_uri("CDCREC")?;
    let mut parts = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    for cwe in read_all::<Cwe>(pid, n, d) {
        let Some(c) = super::types::code_of(&cwe.identifier) else {
            continue;
        };
        let display = own(&cwe.text);
        texts.push(display.clone().unwrap_or_else(|| c.clone()).into_owned());
        let kind = if omb.contains(&&*c) {
            "ombCategory"
        } else {
            "detailed"
        };
        parts.push(Extension {
            url: Some(kind.into()),
            value_coding: Some(Coding {
                system: Some(system.clone()),
                code: Some(c),
                display,
                ..Coding::default()
            }),
            ..Extension::default()
        });
    }
    if parts.is_empty() {
        return None;
    }
    parts.push(super::types::ext_string(
        "text".into(),
        texts.join(", ").into(),
    ));
    Some(Extension {
        url: Some(super::types::cat(US_CORE, name)),
        extension: parts,
        ..Extension::default()
    })
}

/// PD1-11/18 publicity, PD1-12/13 protection (and `meta.security` R when `Y`), PD1-16/17
/// registry status (and `active`).
fn pd1_extensions<'s>(cx: &Ctx<'s>, pd1: &Seg<'s>, p: &mut Patient<'s>) {
    let d = cx.d;
    let date_ext = |name: &str, n: usize| {
        read::<Timestamp>(pd1, n, &d).map(|t| Extension {
            url: Some(super::types::cat(IZKIT_EXT, name)),
            value_date: Some(dates::date(&t)),
            ..Extension::default()
        })
    };
    if let Some(cc) = read::<Cwe>(pd1, 11, &d).and_then(|c| codeable(&c)) {
        p.extension.push(Extension {
            url: Some(super::types::cat(IZKIT_EXT, "pd1-publicity-code")),
            value_codeable_concept: Some(cc),
            ..Extension::default()
        });
    }
    p.extension.extend(date_ext("pd1-publicity-code-date", 18));
    if let Some(flag) = text(pd1, 12, &d) {
        let flag = flag.trim().to_owned();
        if flag == "Y" {
            p.meta
                .get_or_insert_with(Meta::default)
                .security
                .push(Coding {
                    system: Some("http://terminology.hl7.org/CodeSystem/v3-Confidentiality".into()),
                    code: Some("R".into()),
                    display: Some("restricted".into()),
                    ..Coding::default()
                });
        }
        if !flag.is_empty() {
            p.extension
                .push(ext_code("pd1-protection-indicator", &flag));
        }
    }
    p.extension
        .extend(date_ext("pd1-protection-indicator-date", 13));
    if let Some(status) = text(pd1, 16, &d) {
        let status = status.trim().to_owned();
        p.active = match status.as_str() {
            "A" => Some(true),
            "I" | "L" | "M" | "P" => Some(false),
            _ => None,
        };
        if let Some(system) = vocab::system_uri("HL70441") {
            p.extension.push(Extension {
                url: Some(super::types::cat(IZKIT_EXT, "pd1-registry-status")),
                value_coding: Some(Coding {
                    system: Some(system),
                    code: Some(status.into()),
                    ..Coding::default()
                }),
                ..Extension::default()
            });
        }
    }
    p.extension.extend(date_ext("pd1-registry-status-date", 17));
}

/// NK1 → RelatedPerson: NK1-2 name, NK1-3 relationship (as sent), NK1-4 address, NK1-5/6
/// telecom, NK1-15 gender, NK1-16 birth date, NK1-33 identifiers.
fn related_person<'s>(cx: &Ctx<'s>, nk1: &Seg<'s>, id: String, patient: &str) -> RelatedPerson<'s> {
    let d = cx.d;
    let mut rp = RelatedPerson {
        id: Some(id.into()),
        patient: Some(reference(patient.into())),
        ..RelatedPerson::default()
    };
    rp.identifier
        .extend(read_all::<Cx>(nk1, 33, &d).filter_map(|c| identifier_cx(&c)));
    rp.name
        .extend(read_all::<Xpn>(nk1, 2, &d).filter_map(|x| human_name_xpn(&x)));
    rp.relationship.extend(codeable_field(nk1, 3, &d));
    rp.address
        .extend(read_all::<Xad>(nk1, 4, &d).filter_map(|a| address_xad(&a)));
    for n in [5, 6] {
        rp.telecom
            .extend(reps(raw(nk1, n), &d).filter_map(|r| contact_point(r, &d)));
    }
    if let Some(sex) = text(nk1, 15, &d) {
        rp.gender =
            vocab::to_fhir(ConceptMap::AdministrativeSex, sex.trim()).map(|c| c.code.into());
    }
    if let Some(ts) = read::<Timestamp>(nk1, 16, &d) {
        rp.birth_date = Some(dates::date(&ts));
    }
    rp
}
