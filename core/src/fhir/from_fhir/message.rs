//! The messages: MSH, the VXU^V04 (Z22) layout (PID, PD1, NK1, ORDER groups) and the
//! QBP^Q11 (Z44 / Z34: QPD, RCP); grouping a Bundle's resources into one VXU per Patient.

use super::immunization::{order, OrderCtx};
use super::patient::{self, NextOfKin};
use super::resolve::{contained, Index, Scope};
use super::types::{self, cx, some, xad, xpn, xtn, xtn_use, Hd};
use super::writer::{hex_str, Fnv, Seg};
use super::{from_fhir_error, FromFhirOptions};
use crate::conformance::push_now;
use crate::fasthash::FxMap;
use crate::fhir::model::{
    Bundle, Immunization, MessageHeader, Observation, Organization, Parameters, Patient, Reference,
    RelatedPerson, Resource,
};
use crate::v2::escape;
use crate::Result;

/// One ORDER group's sources.
struct Order<'a> {
    imm: &'a Immunization<'a>,
    /// Index into the `contained` lists.
    contained: usize,
    observations: Vec<&'a Observation<'a>>,
}

/// MSH-3 to MSH-6 as raw HD text.
#[derive(Default)]
struct Endpoints {
    hd: [Option<String>; 4],
}

impl Endpoints {
    /// The options, else what the Bundle's MessageHeader says.
    fn new(opts: &FromFhirOptions, header: Option<&MessageHeader>, index: &Index<'_>) -> Self {
        let mut e = Endpoints::default();
        let given = [
            &opts.sending_application,
            &opts.sending_facility,
            &opts.receiving_application,
            &opts.receiving_facility,
        ];
        for (slot, o) in e.hd.iter_mut().zip(given) {
            *slot = o.clone().filter(|s| !s.is_empty());
        }
        let Some(h) = header else { return e };
        let scope = Scope {
            index,
            contained: &[],
        };
        let org = |r: Option<&Reference>| match scope.resolve(r) {
            Some(Resource::Organization(o)) => org_hd(o),
            _ => None,
        };
        if e.hd[0].is_none() {
            e.hd[0] = h
                .source
                .as_ref()
                .and_then(|s| endpoint_hd(some(s.name.as_ref()), some(s.endpoint.as_ref())));
        }
        if e.hd[1].is_none() {
            e.hd[1] = org(h.sender.as_ref());
        }
        if let Some(dest) = h.destination.first() {
            if e.hd[2].is_none() {
                e.hd[2] = endpoint_hd(some(dest.name.as_ref()), some(dest.endpoint.as_ref()));
            }
            if e.hd[3].is_none() {
                e.hd[3] = org(dest.receiver.as_ref());
            }
        }
        e
    }
}

/// An HD as raw text (components escaped) from a namespace id and an OID.
fn hd_text(ns: Option<&str>, oid: Option<&str>) -> Option<String> {
    let d = crate::Delimiters::default();
    let mut s = String::new();
    if let Some(ns) = ns {
        s.push_str(&escape::encode(ns, &d));
    }
    if let Some(oid) = oid.filter(|o| !o.is_empty()) {
        s.push('^');
        s.push_str(&escape::encode(oid, &d));
        s.push_str("^ISO");
    }
    (!s.is_empty()).then_some(s)
}

/// MSH-3 / MSH-5 from `MessageHeader.source` / `destination` (name and endpoint).
fn endpoint_hd(name: Option<&str>, endpoint: Option<&str>) -> Option<String> {
    let Hd { ns, uid } = types::hd_of(endpoint.filter(|e| e.starts_with("urn:")), name);
    hd_text(ns.as_deref(), uid)
}

/// MSH-4 / MSH-6 from an Organization (its name and OID identifier).
fn org_hd(o: &Organization) -> Option<String> {
    let mut oid = None;
    let mut ns = None;
    for i in &o.identifier {
        match (i.system.as_deref(), some(i.value.as_ref())) {
            (Some("urn:ietf:rfc:3986"), Some(v)) if v.starts_with("urn:oid:") => {
                oid = oid.or(Some(&v[8..]));
            }
            (Some(s), Some(_)) if s.starts_with("urn:oid:") => oid = oid.or(Some(&s[8..])),
            (_, Some(v)) => ns = ns.or(Some(v)),
            _ => {}
        }
    }
    hd_text(some(o.name.as_ref()).or(ns), oid)
}

/// Writes the MSH (before `body`, whose hash is the default control id) and the body.
fn finish(
    mut body_hash: Fnv,
    body: &str,
    ends: &Endpoints,
    opts: &FromFhirOptions,
    message_type: &str,
    profile: &str,
) -> Result<String> {
    let mut out = String::with_capacity(body.len() + 160);
    let mut w = Seg::msh(&mut out);
    for (k, hd) in ends.hd.iter().enumerate() {
        w.field(3 + k as u16).raw(hd.as_deref().unwrap_or(""));
    }
    w.field(7);
    match opts.timestamp.as_deref().filter(|t| !t.is_empty()) {
        Some(ts) => {
            w.raw(ts);
        }
        None => {
            let mut now = String::with_capacity(19);
            if push_now(&mut now) {
                w.lit(&now);
            }
        }
    }
    w.field(9).lit(message_type);
    w.field(10);
    match opts.control_id.as_deref().filter(|c| !c.is_empty()) {
        Some(id) => {
            w.text(id);
        }
        None => {
            for hd in ends.hd.iter().flatten() {
                body_hash = body_hash.bytes(hd.as_bytes()).bytes(b"|");
            }
            w.lit(hex_str(&body_hash.bytes(body.as_bytes()).hex()));
        }
    }
    w.field(11).raw(
        opts.processing_id
            .as_deref()
            .filter(|p| !p.is_empty())
            .unwrap_or("P"),
    );
    w.field(12).lit("2.5.1");
    w.field(15).lit("ER");
    w.field(16).lit("AL");
    w.field(21).lit(profile).comp(2).lit("CDCPHINVS");
    w.end();
    out.push_str(body);
    Ok(out)
}

/// A VXU for one patient.
fn build_vxu(
    patient: &Patient,
    related: &[&RelatedPerson],
    orders: &[Order<'_>],
    contained_lists: &[Vec<Resource>],
    index: &Index<'_>,
    ends: &Endpoints,
    opts: &FromFhirOptions,
) -> Result<String> {
    let mut body = String::with_capacity(512 + orders.len() * 512);
    patient::pid(&mut body, patient)?;
    let patient_hash = Fnv::new().bytes(body.as_bytes());
    patient::pd1(&mut body, patient)?;
    let mut n = 0;
    for r in related {
        n += 1;
        patient::nk1(&mut body, n, &NextOfKin::of_related(r));
    }
    for c in &patient.contact {
        n += 1;
        let k = NextOfKin {
            name: c.name.as_ref(),
            relationship: &c.relationship,
            address: c.address.as_ref(),
            telecom: &c.telecom,
        };
        patient::nk1(&mut body, n, &k);
    }
    let ctx = OrderCtx {
        patient_hash,
        facility: ends.hd[1].as_deref(),
    };
    let mut scratch = String::with_capacity(512);
    for o in orders {
        let scope = Scope {
            index,
            contained: contained_lists
                .get(o.contained)
                .map_or(&[][..], Vec::as_slice),
        };
        order(
            &mut body,
            &mut scratch,
            o.imm,
            &scope,
            &o.observations,
            &ctx,
        )?;
    }
    finish(Fnv::new(), &body, ends, opts, "VXU^V04^VXU_V04", "Z22")
}

/// [`super::vxu_from_fhir`].
pub(super) fn vxu(
    patient: &Patient,
    immunizations: &[&Immunization],
    header: Option<&MessageHeader>,
    opts: &FromFhirOptions,
) -> Result<String> {
    let index = Index::default();
    let contained_lists: Vec<Vec<Resource>> =
        immunizations.iter().map(|i| contained(&i.extra)).collect();
    let orders: Vec<Order<'_>> = immunizations
        .iter()
        .enumerate()
        .map(|(k, imm)| Order {
            imm,
            contained: k,
            observations: Vec::new(),
        })
        .collect();
    let ends = Endpoints::new(opts, header, &index);
    build_vxu(patient, &[], &orders, &contained_lists, &index, &ends, opts)
}

/// A lone Immunization: its `contained` Patient.
pub(super) fn vxu_from_lone_immunization(
    imm: &Immunization,
    opts: &FromFhirOptions,
) -> Result<String> {
    let contained_list = contained(&imm.extra);
    let index = Index::default();
    let scope = Scope {
        index: &index,
        contained: &contained_list,
    };
    let patient = match scope.resolve(imm.patient.as_ref()) {
        Some(Resource::Patient(p)) => p,
        _ => contained_list
            .iter()
            .find_map(|r| match r {
                Resource::Patient(p) => Some(p),
                _ => None,
            })
            .ok_or_else(|| {
                from_fhir_error(
                    "Immunization.patient: a lone Immunization needs a contained Patient \
                     (or give a Bundle)",
                )
            })?,
    };
    let orders = [Order {
        imm,
        contained: 0,
        observations: Vec::new(),
    }];
    let ends = Endpoints::new(opts, None, &index);
    build_vxu(
        patient,
        &[],
        &orders,
        std::slice::from_ref(&contained_list),
        &index,
        &ends,
        opts,
    )
}

/// The patient a VXU is for: an entry of the Bundle, or a Patient contained in an
/// Immunization (by its position in `contained_lists` and in that list).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Who {
    Entry(usize),
    Contained(usize, usize),
}

/// A Bundle: one VXU per Patient (in Bundle order; then per contained Patient).
pub(super) fn vxus_from_bundle(b: &Bundle, opts: &FromFhirOptions) -> Result<Vec<String>> {
    let index = Index::new(
        b.entry
            .iter()
            .filter_map(|e| e.resource.as_ref().map(|r| (e.full_url.as_deref(), r))),
    );
    let mut header = None;
    let mut patients: Vec<usize> = Vec::new();
    let mut imms: Vec<(usize, &Immunization)> = Vec::new();
    for (n, r) in index.entries.iter().enumerate() {
        match r {
            Resource::Patient(_) => patients.push(n),
            Resource::Immunization(i) => imms.push((n, i)),
            Resource::MessageHeader(h) if header.is_none() => header = Some(&**h),
            _ => {}
        }
    }
    let only_patient = (patients.len() == 1).then(|| patients[0]);
    // The Patient an Immunization (number `k` of the contained lists) names.
    let patient_of = |r: Option<&Reference>, k: usize, contained_list: &[Resource]| {
        let text = r.and_then(|r| r.reference.as_deref())?;
        if let Some(id) = text.strip_prefix('#') {
            return contained_list
                .iter()
                .position(|c| matches!(c, Resource::Patient(_)) && c.id() == Some(id))
                .map(|c| Who::Contained(k, c));
        }
        index
            .entry(text)
            .filter(|&n| matches!(index.entries[n], Resource::Patient(_)))
            .map(Who::Entry)
    };
    // Observations that are `partOf` an Immunization entry.
    let mut obs_of: FxMap<usize, Vec<&Observation>> = FxMap::default();
    for r in &index.entries {
        if let Resource::Observation(o) = r {
            for p in &o.part_of {
                if let Some(n) = p.reference.as_deref().and_then(|t| index.entry(t)) {
                    if matches!(index.entries[n], Resource::Immunization(_)) {
                        obs_of.entry(n).or_default().push(o);
                        break;
                    }
                }
            }
        }
    }

    let mut contained_lists: Vec<Vec<Resource>> = Vec::with_capacity(imms.len());
    let mut groups: Vec<(Who, Vec<Order<'_>>)> = patients
        .iter()
        .map(|&n| (Who::Entry(n), Vec::new()))
        .collect();
    let mut group_of: FxMap<Who, usize> = patients
        .iter()
        .enumerate()
        .map(|(g, &n)| (Who::Entry(n), g))
        .collect();
    for (n, imm) in &imms {
        let k = contained_lists.len();
        contained_lists.push(if imm.extra.contains_key("contained") {
            contained(&imm.extra)
        } else {
            Vec::new()
        });
        let who = match patient_of(imm.patient.as_ref(), k, &contained_lists[k]) {
            Some(who) => who,
            None => match only_patient {
                // A single Patient: an Immunization that does not name it (or names it
                // in a way that does not resolve) is still about it.
                Some(p) => Who::Entry(p),
                None if patients.is_empty() => {
                    return Err(from_fhir_error(
                        "the Bundle has no Patient (Immunization.patient does not resolve)",
                    ))
                }
                None => {
                    return Err(from_fhir_error(
                        "Immunization.patient does not resolve to a Patient of the Bundle",
                    ))
                }
            },
        };
        let g = *group_of.entry(who).or_insert_with(|| {
            groups.push((who, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(Order {
            imm,
            contained: k,
            observations: obs_of.remove(n).unwrap_or_default(),
        });
    }
    if groups.is_empty() {
        return Err(from_fhir_error(
            "the Bundle has no Patient and no Immunization",
        ));
    }
    // RelatedPersons → NK1 of their Patient.
    let mut related: FxMap<usize, Vec<&RelatedPerson>> = FxMap::default();
    for r in &index.entries {
        if let Resource::RelatedPerson(rp) = r {
            let n = rp
                .patient
                .as_ref()
                .and_then(|p| p.reference.as_deref())
                .and_then(|t| index.entry(t))
                .filter(|&n| matches!(index.entries[n], Resource::Patient(_)))
                .or(only_patient);
            if let Some(n) = n {
                related.entry(n).or_default().push(rp);
            }
        }
    }

    let ends = Endpoints::new(opts, header, &index);
    let mut out = Vec::with_capacity(groups.len());
    for (who, orders) in &groups {
        let (patient, rel): (&Patient, &[&RelatedPerson]) = match *who {
            Who::Entry(n) => match index.entries[n] {
                Resource::Patient(p) => (p, related.get(&n).map_or(&[][..], Vec::as_slice)),
                _ => continue,
            },
            Who::Contained(k, c) => match &contained_lists[k][c] {
                Resource::Patient(p) => (p, &[][..]),
                _ => continue,
            },
        };
        out.push(build_vxu(
            patient,
            rel,
            orders,
            &contained_lists,
            &index,
            &ends,
            opts,
        )?);
    }
    Ok(out)
}

/// [`super::qbp_from_fhir`].
pub(super) fn qbp(p: &Patient, opts: &FromFhirOptions) -> Result<String> {
    qbp_with(p, opts, None, None)
}

/// A QBP; `query` (Z34 / Z44) and `tag` (QPD-2) when a Parameters gives them (as `to_fhir`
/// writes a QBP: `queryName`, `queryTag`), else the options and a hash of the parameters.
fn qbp_with(
    p: &Patient,
    opts: &FromFhirOptions,
    query: Option<&str>,
    tag: Option<&str>,
) -> Result<String> {
    let asked = opts
        .query_profile
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty());
    let (profile, name) = match asked.or(query) {
        None | Some("") | Some("Z44") => ("Z44", "Request Evaluated History and Forecast"),
        Some("Z34") => ("Z34", "Request Immunization History"),
        Some(_) => {
            return Err(from_fhir_error(
                "FromFhirOptions.query_profile must be Z34 or Z44",
            ))
        }
    };
    let birth = patient::birth_ts(p)?;
    let mut params = String::with_capacity(256);
    {
        // QPD-3 onwards, written apart first: QPD-2 (the query tag) is their hash.
        let mut w = Seg::new(&mut params, "");
        w.field(1);
        for id in &p.identifier {
            w.next_rep();
            cx(&mut w, id);
        }
        w.field(2);
        if let Some(n) = p.name.first() {
            xpn(&mut w, n, "L");
        }
        w.field(3);
        patient::mothers_maiden_name(&mut w, p);
        w.field(4);
        if let Some(b) = birth {
            b.write(&mut w, false);
        }
        w.field(5).opt(patient::sex(p.gender.as_ref()));
        w.field(6);
        if let Some(a) = p.address.first() {
            xad(&mut w, a, true);
        }
        w.field(7);
        if let Some(cp) = p
            .telecom
            .iter()
            .find(|c| xtn_use(c) != "WPN" && some(c.system.as_ref()) != Some("email"))
        {
            xtn(&mut w, cp);
        }
        patient::multiple_birth(&mut w, p, 8);
    }
    let hash = Fnv::new()
        .bytes(profile.as_bytes())
        .bytes(params.as_bytes())
        .hex();
    let mut body = String::with_capacity(params.len() + 120);
    {
        let mut w = Seg::new(&mut body, "QPD");
        w.field(1)
            .lit(profile)
            .comp(2)
            .lit(name)
            .comp(3)
            .lit("CDCPHINVS");
        match tag.filter(|t| !t.is_empty()) {
            Some(t) => w.field(2).text(t),
            None => w.field(2).lit(hex_str(&hash)),
        };
    }
    body.push_str(&params);
    body.push('\r');
    body.push_str("RCP|I|20^RD&records&HL70126\r");
    let index = Index::default();
    let ends = Endpoints::new(opts, None, &index);
    finish(Fnv::new(), &body, &ends, opts, "QBP^Q11^QBP_Q11", profile)
}

/// ImmDS `$immds-forecast` Parameters: the `patient` part's Patient → QBP (Z44 unless the
/// options ask for Z34). `assessmentDate` has no QPD field: the IIS assesses as of the day
/// it answers.
pub(super) fn qbp_from_parameters(p: &Parameters, opts: &FromFhirOptions) -> Result<String> {
    let patient = p
        .parameter
        .iter()
        .filter(|x| x.name.as_deref() == Some("patient"))
        .find_map(|x| match &x.resource {
            Some(Resource::Patient(p)) => Some(&**p),
            _ => None,
        })
        .ok_or_else(|| {
            from_fhir_error("Parameters.parameter:patient (a Patient resource) is missing")
        })?;
    let named = |n: &str| p.parameter.iter().find(|x| x.name.as_deref() == Some(n));
    let query = named("queryName")
        .and_then(|x| x.value_coding.as_ref())
        .and_then(|c| c.code.as_deref())
        .filter(|c| matches!(*c, "Z34" | "Z44"));
    let tag = named("queryTag").and_then(|x| x.value_string.as_deref());
    qbp_with(patient, opts, query, tag)
}
