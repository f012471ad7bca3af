//! Patient → PID and PD1; RelatedPerson and `Patient.contact` → NK1. The reverse of the
//! PID[Patient] / PD1[Patient] / NK1[RelatedPerson] maps plus izkit's PD1 extensions.

use super::types::{cwe, cx, date_of, ext, has_cwe, izkit_ext, some, xad, xpn, xtn, xtn_use, Ts};
use super::writer::Seg;
use crate::fhir::model::{
    Address, CodeableConcept, ContactPoint, Extension, HumanName, Patient, RelatedPerson,
};
use crate::fhir::vocab::{self, ConceptMap};
use crate::Result;
use std::borrow::Cow;

const MOTHERS_MAIDEN_NAME: &str =
    "http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName";
const BIRTH_TIME: &str = "http://hl7.org/fhir/StructureDefinition/patient-birthTime";
const US_CORE_RACE: &str = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race";
const US_CORE_ETHNICITY: &str = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity";
const CONFIDENTIALITY: &str = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";

/// PID-7 as a TS: the `patient-birthTime` extension on `_birthDate` when there is one (the
/// time of birth), else `birthDate`.
pub(super) fn birth_ts<'r>(p: &'r Patient<'r>) -> Result<Option<Ts<'r>>> {
    let birth_time = p
        .extra
        .get("_birthDate")
        .and_then(|v| v.get("extension"))
        .and_then(|v| v.as_array())
        .and_then(|exts| {
            exts.iter()
                .find(|e| e.get("url").and_then(|u| u.as_str()) == Some(BIRTH_TIME))
        })
        .and_then(|e| e.get("valueDateTime"))
        .and_then(|v| v.as_str());
    if let Some(t) = birth_time.filter(|t| !t.is_empty()) {
        if let Some(ts) = Ts::parse(t) {
            return Ok(Some(ts));
        }
        return Err(super::from_fhir_error(
            "Patient.birthDate's patient-birthTime is not a FHIR dateTime",
        ));
    }
    date_of(p.birth_date.as_ref(), "Patient.birthDate")
}

/// PID-8: the AdministrativeSex map of `gender`.
pub(super) fn sex(gender: Option<&Cow<'_, str>>) -> Option<&'static str> {
    some(gender).and_then(|g| vocab::to_v2(ConceptMap::AdministrativeSex, g, None))
}

/// PID-5: every name with a family or given name (else its text).
pub(super) fn names(w: &mut Seg<'_>, names: &[HumanName]) {
    for n in names {
        w.next_rep();
        xpn(w, n, "L");
    }
}

/// PID-6 (and QPD-5): the `patient-mothersMaidenName` extension as `family^^^^^^M`.
pub(super) fn mothers_maiden_name(w: &mut Seg<'_>, p: &Patient) {
    if let Some(n) =
        ext(&p.extension, MOTHERS_MAIDEN_NAME).and_then(|e| some(e.value_string.as_ref()))
    {
        w.comp(1).text(n).comp(7).lit("M");
    }
}

/// PID-11 (and QPD-8): every address.
pub(super) fn addresses(w: &mut Seg<'_>, addresses: &[Address]) {
    for a in addresses {
        w.next_rep();
        xad(w, a, true);
    }
}

/// Telecoms that are not work numbers (PID-13, NK1-5) or are (PID-14, NK1-6): told apart by
/// XTN.2 `WPN`.
pub(super) fn telecoms(w: &mut Seg<'_>, telecom: &[ContactPoint], work: bool) {
    for cp in telecom {
        if (xtn_use(cp) == "WPN") == work {
            w.next_rep();
            xtn(w, cp);
        }
    }
}

/// The codings of a US Core race / ethnicity extension (`ombCategory` then `detailed`), each
/// with the text to write as CWE.2: the coding's display, else (for a lone coding) the
/// extension's `text` unless it only repeats the code.
fn us_core_codes<'r>(e: &'r Extension<'r>) -> Vec<(&'r str, Option<&'r str>, Option<&'r str>)> {
    let text = e
        .extension
        .iter()
        .find(|x| x.url.as_deref() == Some("text"))
        .and_then(|x| some(x.value_string.as_ref()));
    let codings: Vec<_> = ["ombCategory", "detailed"]
        .iter()
        .flat_map(|k| {
            e.extension
                .iter()
                .filter(move |x| x.url.as_deref() == Some(*k))
        })
        .filter_map(|x| x.value_coding.as_ref())
        .filter(|c| some(c.code.as_ref()).is_some())
        .collect();
    let lone = codings.len() == 1;
    codings
        .into_iter()
        .map(|c| {
            let code = c.code.as_deref().unwrap_or("");
            let display = some(c.display.as_ref()).or_else(|| text.filter(|t| lone && *t != code));
            (code, display, c.system.as_deref())
        })
        .collect()
}

fn race_codes(w: &mut Seg<'_>, p: &Patient, url: &str, max: usize) {
    let mut n = 0;
    for e in p.extension.iter().filter(|e| e.url.as_deref() == Some(url)) {
        for (code, display, system) in us_core_codes(e) {
            if n == max {
                return;
            }
            n += 1;
            w.next_rep();
            w.comp(1).text(code).comp(2).opt(display);
            let m = super::types::mnemonic(system).unwrap_or(std::borrow::Cow::Borrowed("CDCREC"));
            w.comp(3).text(&m);
        }
    }
}

/// The multiple-birth indicator at field `at` and the birth order after it (PID-24/25,
/// QPD-10/11): `multipleBirthInteger` says `Y` and the order, else the boolean `Y`/`N`.
pub(super) fn multiple_birth(w: &mut Seg<'_>, p: &Patient, at: u16) {
    match (p.multiple_birth_integer, p.multiple_birth_boolean) {
        (Some(n), _) => {
            w.field(at).lit("Y");
            w.field(at + 1).text(&n.to_string());
        }
        (None, Some(b)) => {
            w.field(at).lit(if b { "Y" } else { "N" });
        }
        (None, None) => {}
    }
}

/// Writes the PID.
pub(super) fn pid(out: &mut String, p: &Patient) -> Result<()> {
    let birth = birth_ts(p)?;
    let deceased = date_of(p.deceased_date_time.as_ref(), "Patient.deceasedDateTime")?;
    let mut w = Seg::new(out, "PID");
    w.field(1).lit("1");
    w.field(3);
    for id in &p.identifier {
        w.next_rep();
        cx(&mut w, id);
    }
    w.field(5);
    names(&mut w, &p.name);
    w.field(6);
    mothers_maiden_name(&mut w, p);
    w.field(7);
    if let Some(b) = birth {
        b.write(&mut w, false);
    }
    w.field(8).opt(sex(p.gender.as_ref()));
    w.field(10);
    race_codes(&mut w, p, US_CORE_RACE, usize::MAX);
    w.field(11);
    addresses(&mut w, &p.address);
    w.field(13);
    telecoms(&mut w, &p.telecom, false);
    w.field(14);
    telecoms(&mut w, &p.telecom, true);
    w.field(22);
    // PID-22 is [0..1] in the IG.
    race_codes(&mut w, p, US_CORE_ETHNICITY, 1);
    multiple_birth(&mut w, p, 24);
    if let Some(d) = deceased {
        w.field(29);
        d.write(&mut w, true);
        w.field(30).lit("Y");
    } else if let Some(b) = p.deceased_boolean {
        w.field(30).lit(if b { "Y" } else { "N" });
    }
    w.end();
    Ok(())
}

/// Writes the PD1 when any of its elements has a source (izkit's PD1 extensions,
/// `meta.security` R, `active`).
pub(super) fn pd1(out: &mut String, p: &Patient) -> Result<()> {
    let x = &p.extension;
    let publicity = izkit_ext(x, "pd1-publicity-code")
        .and_then(|e| e.value_codeable_concept.as_ref())
        .filter(|cc| has_cwe(cc));
    let publicity_date = date_of(
        izkit_ext(x, "pd1-publicity-code-date").and_then(|e| e.value_date.as_ref()),
        "Patient.extension:pd1-publicity-code-date",
    )?;
    let restricted = p.meta.as_ref().is_some_and(|m| {
        m.security
            .iter()
            .any(|c| c.system.as_deref() == Some(CONFIDENTIALITY) && c.code.as_deref() == Some("R"))
    });
    let protection = izkit_ext(x, "pd1-protection-indicator")
        .and_then(|e| some(e.value_code.as_ref()))
        .or(restricted.then_some("Y"));
    let protection_date = date_of(
        izkit_ext(x, "pd1-protection-indicator-date").and_then(|e| e.value_date.as_ref()),
        "Patient.extension:pd1-protection-indicator-date",
    )?;
    let status = izkit_ext(x, "pd1-registry-status")
        .and_then(|e| e.value_coding.as_ref())
        .and_then(|c| some(c.code.as_ref()))
        .or(match p.active {
            Some(true) => Some("A"),
            Some(false) => Some("I"),
            None => None,
        });
    let status_date = date_of(
        izkit_ext(x, "pd1-registry-status-date").and_then(|e| e.value_date.as_ref()),
        "Patient.extension:pd1-registry-status-date",
    )?;
    if publicity.is_none() && protection.is_none() && status.is_none() {
        return Ok(());
    }
    let mut w = Seg::new(out, "PD1");
    // Each date only with its code (PD1-13, -17, -18 are X when their code is empty).
    if let Some(cc) = publicity {
        w.field(11);
        cwe(&mut w, cc);
    }
    if let Some(code) = protection {
        w.field(12).text(code);
        if let Some(d) = protection_date {
            w.field(13).lit(d.date());
        }
    }
    if let Some(code) = status {
        w.field(16).text(code);
        if let Some(d) = status_date {
            w.field(17).lit(d.date());
        }
    }
    if publicity.is_some() {
        if let Some(d) = publicity_date {
            w.field(18).lit(d.date());
        }
    }
    w.end();
    Ok(())
}

/// The HL70063 code of a relationship: a v2-0063 coding as sent, else the Relationship map
/// of the first coding, else the first code.
fn relationship(w: &mut Seg<'_>, rel: &[CodeableConcept]) {
    let codings = || rel.iter().flat_map(|cc| cc.coding.iter());
    if let Some(c) = codings().find(|c| {
        c.system.as_deref() == Some("http://terminology.hl7.org/CodeSystem/v2-0063")
            && some(c.code.as_ref()).is_some()
    }) {
        w.comp(1)
            .opt(c.code.as_deref())
            .comp(2)
            .opt(some(c.display.as_ref()));
        w.comp(3).lit("HL70063");
        return;
    }
    for c in codings() {
        let Some(code) = some(c.code.as_ref()) else {
            continue;
        };
        if let Some(row) = vocab::to_v2_row(ConceptMap::Relationship, code, c.system.as_deref()) {
            w.comp(1)
                .text(row.v2_code)
                .comp(2)
                .text(row.v2_text)
                .comp(3)
                .lit("HL70063");
            return;
        }
    }
    if let Some(cc) = rel.first() {
        cwe(w, cc);
    }
}

/// The parts of an NK1 (from a RelatedPerson or a `Patient.contact`).
pub(super) struct NextOfKin<'a> {
    pub name: Option<&'a HumanName<'a>>,
    pub relationship: &'a [CodeableConcept<'a>],
    pub address: Option<&'a Address<'a>>,
    pub telecom: &'a [ContactPoint<'a>],
}

impl<'a> NextOfKin<'a> {
    pub(super) fn of_related(r: &'a RelatedPerson<'a>) -> Self {
        NextOfKin {
            name: r.name.first(),
            relationship: &r.relationship,
            address: r.address.first(),
            telecom: &r.telecom,
        }
    }
}

/// Writes NK1 number `n`.
pub(super) fn nk1(out: &mut String, n: usize, k: &NextOfKin<'_>) {
    let mut w = Seg::new(out, "NK1");
    w.field(1).num(u32::try_from(n).unwrap_or(u32::MAX));
    w.field(2);
    if let Some(name) = k.name {
        xpn(&mut w, name, "L");
    }
    w.field(3);
    relationship(&mut w, k.relationship);
    w.field(4);
    if let Some(a) = k.address {
        xad(&mut w, a, true);
    }
    w.field(5);
    telecoms(&mut w, k.telecom, false);
    w.field(6);
    telecoms(&mut w, k.telecom, true);
    w.end();
}
