//! QBP^Q11 (Z34, Z44) → a `Parameters` shaped like the input of the ImmDS `$immds-forecast`
//! operation: `patient` (a Patient made from QPD-3 … QPD-11) and `assessmentDate` (MSH-7's
//! date), plus izkit's `queryName` (QPD-1) and `queryTag` (QPD-2). `MessageHeader.focus`
//! points at it. This is the reverse of what `from_fhir` turns into a QBP.

use super::dates;
use super::structure::Doc;
use super::structure::Seg;
use super::types::{
    address_xad, codeable_field, contact_point, human_name_xpn, identifier_cx, own, raw, read,
    read_all, reps, text,
};
use super::{reference, Ctx};
use crate::datatypes::{Cx, Number, Timestamp, Xad, Xpn};
use crate::fhir::model::{Parameters, ParametersParameter, Patient, Resource};
use crate::fhir::vocab::{self, ConceptMap};

fn param<'s>(name: &'static str) -> ParametersParameter<'s> {
    ParametersParameter {
        name: Some(name.into()),
        ..ParametersParameter::default()
    }
}

/// Adds the Parameters entry (and points the MessageHeader's `focus` at it).
pub(crate) fn parameters<'s>(cx: &mut Ctx<'s>, doc: &Doc<'s>, msh: &Seg<'s>) {
    let d = cx.d;
    let (id, url) = cx.new_id("Parameters");
    let mut out = Parameters {
        id: Some(id.into()),
        ..Parameters::default()
    };
    if let Some(qpd) = &doc.qpd {
        if let Some(cc) = codeable_field(qpd, 1, &d) {
            let mut p = param("queryName");
            p.value_coding = cc.coding.into_iter().next();
            if p.value_coding.is_some() {
                out.parameter.push(p);
            }
        }
        if let Some(tag) = text(qpd, 2, &d) {
            let mut p = param("queryTag");
            p.value_string = Some(tag);
            out.parameter.push(p);
        }
        let (pid, _) = cx.new_id("Patient");
        let mut patient = Patient {
            id: Some(pid.into()),
            ..Patient::default()
        };
        patient
            .identifier
            .extend(read_all::<Cx>(qpd, 3, &d).filter_map(|c| identifier_cx(&c)));
        patient
            .name
            .extend(read_all::<Xpn>(qpd, 4, &d).filter_map(|x| human_name_xpn(&x)));
        if let Some(m) = read::<Xpn>(qpd, 5, &d).and_then(|x| own(&x.family_name)) {
            patient.extension.push(super::types::ext_string(
                "http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName".into(),
                m,
            ));
        }
        patient.birth_date = read::<Timestamp>(qpd, 6, &d).map(|t| dates::date(&t));
        patient.gender = text(qpd, 7, &d)
            .and_then(|s| vocab::to_fhir(ConceptMap::AdministrativeSex, s.trim()))
            .map(|c| c.code.into());
        patient
            .address
            .extend(read_all::<Xad>(qpd, 8, &d).filter_map(|a| address_xad(&a)));
        patient
            .telecom
            .extend(reps(raw(qpd, 9), &d).filter_map(|r| contact_point(r, &d)));
        patient.multiple_birth_boolean = match text(qpd, 10, &d).as_deref().map(str::trim) {
            Some("Y") => Some(true),
            Some("N") => Some(false),
            _ => None,
        };
        if let Some(n) = read::<Number>(qpd, 11, &d).and_then(|n| n.as_i64()) {
            patient.multiple_birth_boolean = None;
            patient.multiple_birth_integer = Some(n);
        }
        let mut p = param("patient");
        p.resource = Some(Resource::from(patient));
        out.parameter.push(p);
    }
    if let Some(ts) = read::<Timestamp>(msh, 7, &d) {
        let mut p = param("assessmentDate");
        p.value_date = Some(dates::date(&ts));
        out.parameter.push(p);
    }
    if let Some(crate::fhir::model::Resource::MessageHeader(h)) =
        cx.entries.first_mut().and_then(|e| e.resource.as_mut())
    {
        h.focus.push(reference(url.clone()));
    }
    cx.push(url, out.into());
}
