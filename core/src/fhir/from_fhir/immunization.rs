//! Immunization → one ORDER group: ORC, RXA, RXR, and OBX for `programEligibility`,
//! `fundingSource`, `education` (one OBX-4 group per VIS) and the Observations that are
//! `partOf` the Immunization. The reverse of the ORC / RXA / RXR maps and the CDC OBX
//! conventions in `docs/FHIR-MAPPING.md`.

use super::from_fhir_error;
use super::resolve::Scope;
use super::types::{
    cwe, cwe_codings, date_of, ei, has_cwe, has_type, hd_of, is_system, izkit_ext, some, triplet,
    xcn, Ts,
};
use super::writer::{hex_str, Fnv, Seg};
use crate::fhir::model::{
    CodeableConcept, Coding, Identifier, Immunization, Observation, Practitioner, Reference,
    Resource,
};
use crate::fhir::vocab::{self, ConceptMap};
use crate::Result;

/// What an ORDER group needs from the message around it.
pub(super) struct OrderCtx<'a> {
    /// Hash of the patient's PID (so that two patients' identical doses get different
    /// generated ORC-3 ids).
    pub patient_hash: Fnv,
    /// `MSH-4` as raw HD: the assigning authority of a generated ORC-3 (EI.2–4).
    pub facility: Option<&'a str>,
}

/// RXA-20 and RXA-21 of an Immunization: izkit's `rxa-20` / `rxa-21` extensions when they
/// agree with `status`, else from `status` and `isSubpotent` (see the module docs of
/// `from_fhir`).
fn completion<'r>(imm: &'r Immunization<'r>) -> (&'r str, &'r str) {
    let status = some(imm.status.as_ref()).unwrap_or("completed");
    let not_done = status == "not-done";
    let ext20 = izkit_ext(&imm.extension, "rxa-20").and_then(|e| some(e.value_code.as_ref()));
    // An entered-in-error dose keeps whatever completion it had.
    let deleted = status == "entered-in-error";
    let rxa20 = match ext20 {
        Some(c @ ("RE" | "NA")) if not_done || deleted => c,
        Some(c @ ("CP" | "PA")) if !not_done => c,
        _ if not_done => {
            // The map says RE; without a reason (RXA-18) the dose was not given for some
            // other cause: NA (RE requires RXA-18).
            let re = vocab::to_v2(ConceptMap::CompletionStatus, "not-done", None).unwrap_or("RE");
            if imm.status_reason.as_ref().is_some_and(has_cwe) {
                re
            } else {
                "NA"
            }
        }
        _ if imm.is_subpotent == Some(true) => "PA",
        _ => vocab::to_v2(ConceptMap::CompletionStatus, "completed", None).unwrap_or("CP"),
    };
    let ext21 = izkit_ext(&imm.extension, "rxa-21").and_then(|e| some(e.value_code.as_ref()));
    let rxa21 = if deleted {
        "D"
    } else {
        match ext21 {
            Some(c) if c != "D" => c,
            _ => "A",
        }
    };
    (rxa20, rxa21)
}

/// The first identifier with this v2-0203 type.
fn typed_id<'a>(imm: &'a Immunization<'a>, code: &str) -> Option<&'a Identifier<'a>> {
    imm.identifier
        .iter()
        .find(|i| has_type(i, code) && some(i.value.as_ref()).is_some())
}

/// The Practitioner behind a performer's actor (through a PractitionerRole), or one made of
/// a logical reference's identifier.
fn practitioner<'r>(
    scope: &Scope<'r>,
    actor: Option<&'r Reference<'r>>,
) -> Option<PractitionerRef<'r>> {
    match scope.resolve(actor) {
        Some(Resource::Practitioner(p)) => Some(PractitionerRef::Found(p)),
        Some(Resource::PractitionerRole(role)) => match scope.resolve(role.practitioner.as_ref()) {
            Some(Resource::Practitioner(p)) => Some(PractitionerRef::Found(p)),
            _ => None,
        },
        _ => {
            let id = actor?.identifier.as_ref()?;
            some(id.value.as_ref())?;
            Some(PractitionerRef::Made(Box::new(Practitioner {
                identifier: vec![id.clone()],
                ..Practitioner::default()
            })))
        }
    }
}

enum PractitionerRef<'r> {
    Found(&'r Practitioner<'r>),
    Made(Box<Practitioner<'r>>),
}

impl PractitionerRef<'_> {
    fn get(&self) -> &Practitioner<'_> {
        match self {
            PractitionerRef::Found(p) => p,
            PractitionerRef::Made(p) => p,
        }
    }
}

/// The performer with this v2-0443 function (`AP` also takes a performer without one: FHIR
/// says the default performer is the one who administered).
fn performer<'r>(
    imm: &'r Immunization<'r>,
    scope: &Scope<'r>,
    function: &str,
) -> Option<PractitionerRef<'r>> {
    imm.performer
        .iter()
        .filter(|p| match p.function.as_ref() {
            Some(f) => f.coding.iter().any(|c| c.code.as_deref() == Some(function)),
            None => function == "AP",
        })
        .find_map(|p| practitioner(scope, p.actor.as_ref()))
}

/// Writes one ORDER group into `out`, using `scratch` for the part after ORC (ORC-3 is
/// generated from it when the Immunization has no FILL identifier).
pub(super) fn order(
    out: &mut String,
    scratch: &mut String,
    imm: &Immunization,
    scope: &Scope<'_>,
    observations: &[&Observation],
    ctx: &OrderCtx<'_>,
) -> Result<()> {
    let vaccine = imm
        .vaccine_code
        .as_ref()
        .filter(|cc| cc.coding.iter().any(|c| some(c.code.as_ref()).is_some()))
        .ok_or_else(|| from_fhir_error("Immunization.vaccineCode has no coding with a code"))?;
    let occurrence = match (
        some(imm.occurrence_date_time.as_ref()),
        some(imm.occurrence_string.as_ref()),
    ) {
        (Some(_), _) => date_of(
            imm.occurrence_date_time.as_ref(),
            "Immunization.occurrenceDateTime",
        )?,
        (None, Some(_)) => {
            return Err(from_fhir_error(
                "Immunization.occurrence[x] is an occurrenceString, not a dateTime",
            ))
        }
        (None, None) => None,
    }
    .ok_or_else(|| from_fhir_error("Immunization.occurrence[x] is missing"))?;
    let recorded = date_of(imm.recorded.as_ref(), "Immunization.recorded")?;
    let expiration = date_of(imm.expiration_date.as_ref(), "Immunization.expirationDate")?;
    let (rxa20, rxa21) = completion(imm);
    let given = matches!(rxa20, "CP" | "PA");

    scratch.clear();
    rxa(
        scratch,
        imm,
        scope,
        vaccine,
        &occurrence,
        recorded.as_ref(),
        expiration.as_ref(),
        rxa20,
        rxa21,
    )?;
    rxr(scratch, imm);
    if given || !observations.is_empty() {
        obx_group(scratch, imm, observations, &occurrence)?;
    }

    // ORC
    let mut w = Seg::new(out, "ORC");
    w.field(1).lit("RE");
    w.field(2);
    if let Some(id) = typed_id(imm, "PLAC") {
        ei(&mut w, id);
    }
    w.field(3);
    let fill = typed_id(imm, "FILL");
    if !given {
        // IZ-45: a dose not given (RE, NA) is `9999`.
        w.comp(1).lit("9999");
        match fill {
            Some(id) => hd_of(
                id.system.as_deref(),
                id.assigner
                    .as_deref()
                    .and_then(|a| some(a.display.as_ref())),
            )
            .write_comps(&mut w, 2),
            None => {
                w.comp(2).raw(ctx.facility.unwrap_or(""));
            }
        }
    } else if let Some(id) = fill {
        ei(&mut w, id);
    } else {
        let id = ctx.patient_hash.bytes(scratch.as_bytes()).hex();
        w.comp(1).lit(hex_str(&id));
        w.comp(2).raw(ctx.facility.unwrap_or(""));
    }
    if let Some(r) = &recorded {
        w.field(9);
        r.write(&mut w, true);
    }
    if let Some(p) = performer(imm, scope, "EP") {
        w.field(10);
        xcn(&mut w, p.get());
    }
    if let Some(p) = performer(imm, scope, "OP") {
        w.field(12);
        xcn(&mut w, p.get());
    }
    w.end();
    out.push_str(scratch);
    Ok(())
}

/// The NIP001 coding of RXA-9: `00` for a primary source, else the reportOrigin's NIP001
/// code (or its `immunization-origin` code mapped back), else `01` (source unspecified).
fn information_source<'r>(imm: &'r Immunization<'r>) -> (&'r str, &'r str) {
    let text =
        |code: &str| vocab::v2_row(ConceptMap::ImmunizationOrigin, code).map_or("", |r| r.v2_text);
    if imm.primary_source == Some(true) {
        return ("00", text("00"));
    }
    if let Some(origin) = &imm.report_origin {
        if let Some(c) = origin.coding.iter().find(|c| is_system(c, "NIP001")) {
            if let Some(code) = some(c.code.as_ref()) {
                return (code, some(c.display.as_ref()).unwrap_or_else(|| text(code)));
            }
        }
        for c in &origin.coding {
            if let Some(row) = some(c.code.as_ref()).and_then(|code| {
                vocab::to_v2_row(ConceptMap::ImmunizationOrigin, code, c.system.as_deref())
            }) {
                return (row.v2_code, row.v2_text);
            }
        }
    }
    ("01", text("01"))
}

/// RXA-5: the CVX coding as the primary triplet and the NDC coding as the alternate; without
/// a CVX, the NDC (or the first coding) first.
fn vaccine_codings<'r>(cc: &'r CodeableConcept<'r>) -> [Option<&'r Coding<'r>>; 2] {
    let coded = |c: &&Coding| some(c.code.as_ref()).is_some();
    let cvx = cc.coding.iter().filter(coded).find(|c| is_system(c, "CVX"));
    let ndc = cc.coding.iter().filter(coded).find(|c| is_system(c, "NDC"));
    match (cvx, ndc) {
        (Some(a), b) => [
            Some(a),
            b.or_else(|| {
                cc.coding
                    .iter()
                    .filter(coded)
                    .find(|c| !std::ptr::eq(*c, a))
            }),
        ],
        (None, Some(b)) => [
            Some(b),
            cc.coding
                .iter()
                .filter(coded)
                .find(|c| !std::ptr::eq(*c, b)),
        ],
        (None, None) => {
            let mut it = cc.coding.iter().filter(coded);
            [it.next(), it.next()]
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn rxa(
    out: &mut String,
    imm: &Immunization,
    scope: &Scope<'_>,
    vaccine: &CodeableConcept,
    occurrence: &Ts<'_>,
    recorded: Option<&Ts<'_>>,
    expiration: Option<&Ts<'_>>,
    rxa20: &str,
    rxa21: &str,
) -> Result<()> {
    let given = matches!(rxa20, "CP" | "PA");
    let mut w = Seg::new(out, "RXA");
    w.field(1).lit("0");
    w.field(2).lit("1");
    w.field(3);
    occurrence.write(&mut w, false);
    w.field(4);
    occurrence.write(&mut w, false);
    w.field(5);
    let [primary, alternate] = vaccine_codings(vaccine);
    if let Some(c) = primary {
        triplet(&mut w, 1, c);
    }
    if let Some(c) = alternate {
        triplet(&mut w, 4, c);
    }
    // RXA-6: 999 (unknown) without a dose, and always for a refusal or "no vaccine" (IZ-48,
    // IZ-49).
    let no_vaccine = primary.is_some_and(|c| c.code.as_deref() == Some("998"));
    let dose = imm
        .dose_quantity
        .as_ref()
        .and_then(|q| q.value.as_ref())
        .map(|v| v.as_str())
        .filter(|v| !v.is_empty() && rxa20 != "RE" && !no_vaccine);
    w.field(6).text(dose.unwrap_or("999"));
    if let (Some(_), Some(q)) = (dose, imm.dose_quantity.as_ref()) {
        w.field(7);
        let code = some(q.code.as_ref()).or(some(q.unit.as_ref()));
        w.comp(1)
            .opt(code)
            .comp(2)
            .opt(some(q.unit.as_ref()).or(code));
        if code.is_some() {
            let m = super::types::mnemonic(q.system.as_deref());
            w.comp(3).text(m.as_deref().unwrap_or("UCUM"));
        }
    }
    if given {
        w.field(9);
        let (code, text) = information_source(imm);
        w.comp(1)
            .text(code)
            .comp(2)
            .text(text)
            .comp(3)
            .lit("NIP001");
    }
    if let Some(p) = performer(imm, scope, "AP") {
        w.field(10);
        xcn(&mut w, p.get());
    }
    if let Some(Resource::Location(loc)) = scope.resolve(imm.location.as_ref()) {
        w.field(11);
        // LA2.4 facility: an OID identifier (`urn:ietf:rfc:3986` + `urn:oid:…`, or a
        // `urn:oid:` system) gives HD.2/HD.3, the name or another identifier HD.1.
        let mut oid = None;
        let mut ns = None;
        for i in &loc.identifier {
            let value = some(i.value.as_ref());
            match (i.system.as_deref(), value) {
                (Some("urn:ietf:rfc:3986"), Some(v)) if v.starts_with("urn:oid:") => {
                    oid = oid.or(Some(&v[8..]));
                }
                (Some(s), Some(_)) if s.starts_with("urn:oid:") => oid = oid.or(Some(&s[8..])),
                (_, Some(v)) => ns = ns.or(Some(v)),
                _ => {}
            }
        }
        let ns = some(loc.name.as_ref()).or(ns);
        w.comp(4).sub(1).opt(ns);
        if let Some(oid) = oid.filter(|o| !o.is_empty()) {
            w.sub(2).text(oid).sub(3).lit("ISO");
        }
        if let Some(a) = &loc.address {
            w.comp(9).opt(a.line.first().map(|s| &**s));
            w.comp(10).opt(a.line.get(1).map(|s| &**s));
            w.comp(11).opt(some(a.city.as_ref()));
            w.comp(12).opt(some(a.state.as_ref()));
            w.comp(13).opt(some(a.postal_code.as_ref()));
            w.comp(14).opt(some(a.country.as_ref()));
        }
    }
    w.field(15).opt(some(imm.lot_number.as_ref()));
    if let Some(e) = expiration {
        w.field(16).lit(e.date());
    }
    w.field(17);
    manufacturer(&mut w, imm, scope);
    if rxa20 == "RE" {
        if let Some(cc) = &imm.status_reason {
            w.field(18);
            cwe(&mut w, cc);
        }
    }
    w.field(19);
    for cc in &imm.reason_code {
        w.next_rep();
        cwe(&mut w, cc);
    }
    w.field(20).lit(rxa20);
    w.field(21).lit(rxa21);
    if let Some(r) = recorded {
        w.field(22);
        r.write(&mut w, true);
    }
    w.end();
    Ok(())
}

/// RXA-17: the manufacturer Organization's MVX identifier and name (or a logical
/// reference's identifier and display).
fn manufacturer(w: &mut Seg<'_>, imm: &Immunization, scope: &Scope<'_>) {
    let r = imm.manufacturer.as_ref();
    let (code, name) = match scope.resolve(r) {
        Some(Resource::Organization(o)) => (
            o.identifier
                .iter()
                .find(|i| {
                    i.system
                        .as_deref()
                        .and_then(vocab::system_mnemonic)
                        .is_some_and(|m| m == "MVX")
                })
                .and_then(|i| some(i.value.as_ref())),
            some(o.name.as_ref()),
        ),
        _ => (
            r.and_then(|r| r.identifier.as_ref())
                .and_then(|i| some(i.value.as_ref())),
            r.and_then(|r| some(r.display.as_ref())),
        ),
    };
    if let Some(code) = code {
        w.comp(1).text(code).comp(2).opt(name).comp(3).lit("MVX");
    }
}

/// RXR when the Immunization has a route or a site.
fn rxr(out: &mut String, imm: &Immunization) {
    let route = imm.route.as_ref().filter(|c| has_cwe(c));
    let site = imm.site.as_ref().filter(|c| has_cwe(c));
    if route.is_none() && site.is_none() {
        return;
    }
    let mut w = Seg::new(out, "RXR");
    if let Some(r) = route {
        w.field(1);
        cwe(&mut w, r);
    }
    if let Some(s) = site {
        w.field(2);
        cwe(&mut w, s);
    }
    w.end();
}

/// Writes OBX segments, numbering OBX-1 within the ORDER group.
struct Obx<'o> {
    out: &'o mut String,
    set_id: u32,
    sub_id: u32,
    /// OBX-14 (the dose's date).
    date: &'o str,
}

impl Obx<'_> {
    /// One OBX: value type, LOINC code and name, sub-id, the value (written by `value` at
    /// OBX-5), OBX-14, OBX-17 method.
    fn write(
        &mut self,
        value_type: &str,
        loinc: (&str, &str),
        sub_id: u32,
        value: impl FnOnce(&mut Seg<'_>),
        method: Option<(&str, &str, &str)>,
    ) {
        self.set_id += 1;
        let mut w = Seg::new(self.out, "OBX");
        w.field(1).num(self.set_id);
        w.field(2).lit(value_type);
        w.field(3)
            .comp(1)
            .lit(loinc.0)
            .comp(2)
            .lit(loinc.1)
            .comp(3)
            .lit("LN");
        w.field(4).num(sub_id);
        w.field(5);
        value(&mut w);
        w.field(11).lit("F");
        w.field(14).lit(self.date);
        if let Some((code, text, system)) = method {
            w.field(17)
                .comp(1)
                .lit(code)
                .comp(2)
                .lit(text)
                .comp(3)
                .lit(system);
        }
        w.end();
    }

    fn next_sub(&mut self) -> u32 {
        self.sub_id += 1;
        self.sub_id
    }
}

/// The vaccine-level OBX: eligibility (64994-7), funding source (30963-3), one OBX-4 group
/// per VIS (69764-9 / 30956-7 / 29768-9 / 29769-7), then Observations `partOf` the dose.
fn obx_group(
    out: &mut String,
    imm: &Immunization,
    observations: &[&Observation],
    occurrence: &Ts<'_>,
) -> Result<()> {
    let mut o = Obx {
        out,
        set_id: 0,
        sub_id: 0,
        date: occurrence.date(),
    };
    for cc in imm.program_eligibility.iter().filter(|c| has_cwe(c)) {
        let sub = o.next_sub();
        o.write(
            "CE",
            ("64994-7", "Vaccine funding program eligibility category"),
            sub,
            |w| cwe(w, cc),
            // FHIR's programEligibility is per Immunization: VXC40 "per immunization".
            Some((
                "VXC40",
                "Eligibility captured at the immunization level",
                "CDCPHINVS",
            )),
        );
    }
    if let Some(cc) = imm.funding_source.as_ref().filter(|c| has_cwe(c)) {
        let sub = o.next_sub();
        o.write(
            "CE",
            ("30963-3", "Vaccine funding source"),
            sub,
            |w| cwe(w, cc),
            None,
        );
    }
    for edu in &imm.education {
        let vis_type = izkit_ext(&edu.extension, "vis-vaccine-type")
            .and_then(|e| e.value_codeable_concept.as_ref())
            .filter(|c| has_cwe(c));
        let published = date_of(
            edu.publication_date.as_ref(),
            "Immunization.education.publicationDate",
        )?;
        let presented = date_of(
            edu.presentation_date.as_ref(),
            "Immunization.education.presentationDate",
        )?;
        let doc = some(edu.document_type.as_ref());
        if doc.is_none() && vis_type.is_none() && published.is_none() && presented.is_none() {
            continue;
        }
        let sub = o.next_sub();
        if let Some(d) = doc {
            o.write(
                "CE",
                ("69764-9", "Document type"),
                sub,
                |w| {
                    w.comp(1).text(d).comp(3).lit("cdcgs1vis");
                },
                None,
            );
        }
        if let Some(cc) = vis_type {
            o.write("CE", ("30956-7", "Vaccine type"), sub, |w| cwe(w, cc), None);
        }
        for (date, loinc) in [
            (
                published,
                ("29768-9", "Date vaccine information statement published"),
            ),
            (
                presented,
                ("29769-7", "Date vaccine information statement presented"),
            ),
        ] {
            if let Some(d) = date {
                o.write(
                    "DT",
                    loinc,
                    sub,
                    |w| {
                        w.lit(d.date());
                    },
                    None,
                );
            }
        }
    }
    for obs in observations {
        observation(&mut o, obs)?;
    }
    Ok(())
}

/// The OBX-5 of an Observation, by its `value[x]`.
enum ObsValue<'a> {
    Coded(&'a CodeableConcept<'a>),
    Text(&'a str),
    Date(Ts<'a>),
    Quantity(&'a crate::fhir::model::Quantity<'a>),
    Integer(i64),
}

/// An Observation `partOf` the Immunization → OBX (value type by `value[x]`; an Observation
/// with no value izkit maps gives no OBX, since OBX-5 is required).
fn observation(o: &mut Obx<'_>, obs: &Observation) -> Result<()> {
    let Some(code) = obs
        .code
        .as_ref()
        .and_then(|c| c.coding.iter().find(|c| some(c.code.as_ref()).is_some()))
    else {
        return Ok(());
    };
    let effective = date_of(
        obs.effective_date_time.as_ref(),
        "Observation.effectiveDateTime",
    )?;
    let value_dt = date_of(obs.value_date_time.as_ref(), "Observation.valueDateTime")?;
    let value = if let Some(cc) = obs.value_codeable_concept.as_ref().filter(|c| has_cwe(c)) {
        ObsValue::Coded(cc)
    } else if let Some(v) = some(obs.value_string.as_ref()) {
        ObsValue::Text(v)
    } else if let Some(d) = value_dt {
        ObsValue::Date(d)
    } else if let Some(q) = obs.value_quantity.as_ref().filter(|q| q.value.is_some()) {
        ObsValue::Quantity(q)
    } else if let Some(n) = obs.value_integer {
        ObsValue::Integer(n)
    } else {
        return Ok(());
    };
    let value_type = match &value {
        ObsValue::Coded(_) => "CE",
        ObsValue::Text(_) => "ST",
        ObsValue::Date(d) if d.has_time() => "TS",
        ObsValue::Date(_) => "DT",
        ObsValue::Quantity(_) | ObsValue::Integer(_) => "NM",
    };
    let sub = o.next_sub();
    o.set_id += 1;
    let mut w = Seg::new(o.out, "OBX");
    w.field(1).num(o.set_id);
    w.field(2).lit(value_type);
    w.field(3);
    cwe_codings(&mut w, std::iter::once(code));
    w.field(4).num(sub);
    w.field(5);
    match &value {
        ObsValue::Coded(cc) => cwe(&mut w, cc),
        ObsValue::Text(t) => {
            w.text(t);
        }
        ObsValue::Date(d) => d.write(&mut w, true),
        ObsValue::Quantity(q) => {
            w.text(q.value.as_ref().map_or("", |v| v.as_str()));
        }
        ObsValue::Integer(n) => {
            w.lit(&n.to_string());
        }
    }
    if let ObsValue::Quantity(q) = &value {
        let c = some(q.code.as_ref()).or(some(q.unit.as_ref()));
        w.field(6).comp(1).opt(c).comp(2).opt(some(q.unit.as_ref()));
        if c.is_some() {
            let m = super::types::mnemonic(q.system.as_deref());
            w.comp(3).text(m.as_deref().unwrap_or("UCUM"));
        }
    }
    w.field(11).lit("F");
    w.field(14);
    match effective {
        Some(e) => e.write(&mut w, false),
        None => {
            w.lit(o.date);
        }
    }
    w.end();
    Ok(())
}
