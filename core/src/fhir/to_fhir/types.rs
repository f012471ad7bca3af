//! The V2-to-FHIR IG's datatype maps: CWE → CodeableConcept, CX/EI/HD → Identifier, XPN →
//! HumanName, XAD/LA2 → Address, XTN → ContactPoint, XCN → Practitioner, NM → decimal; and the
//! small readers the segment maps share (a field's raw text, its first value).
//!
//! Values are read with izkit's datatype readers; one that does not parse is treated as
//! absent (the mapping never fails on content). The HL7 null `""` is absent too: FHIR has no
//! way to say "delete this value".

use std::borrow::Cow;

use super::structure::Seg;
use crate::datatypes::{
    pieces, Cwe, Cx, Datatype, Ei, Hd, La2, Number, Timestamp, Xad, Xcn, Xpn, Xtn,
};
use crate::fhir::model::{
    Address, CodeableConcept, Coding, ContactPoint, Decimal, Extension, HumanName, Identifier,
    Period, Practitioner, Reference,
};
use crate::fhir::vocab::{self, ConceptMap};
use crate::v2::Delimiters;

/// The prefix of izkit's extension URLs.
pub(crate) const IZKIT_EXT: &str = "https://izkit.dev/fhir/StructureDefinition/";
/// The prefix of the endpoint/system made from an HD that has no OID.
pub(crate) const HD_URN: &str = "urn:hl7v2:hd:";
/// The THO system of HL7 table 0203 (identifier types), for `Identifier.type`.
const V2_0203: &str = "http://terminology.hl7.org/CodeSystem/v2-0203";

/// `a` followed by `b`, in one allocation (`format!` is slower on this hot path).
pub(crate) fn cat(a: &str, b: &str) -> Cow<'static, str> {
    let mut s = String::with_capacity(a.len() + b.len());
    s.push_str(a);
    s.push_str(b);
    Cow::Owned(s)
}

/// The raw text of field `n` (all repetitions), empty when absent.
pub(crate) fn raw<'s>(seg: &Seg<'s>, n: usize) -> &'s str {
    seg.field(n)
}

/// The non-empty repetitions of a field's raw text.
pub(crate) fn reps<'s>(raw: &'s str, d: &Delimiters) -> impl Iterator<Item = &'s str> {
    pieces(raw, d.repetition).filter(|r| !r.is_empty() && !crate::datatypes::is_null(r))
}

/// The first repetition of field `n`, read as `T`; `None` when empty or not valid.
pub(crate) fn read<'s, T: Datatype<'s>>(seg: &Seg<'s>, n: usize, d: &Delimiters) -> Option<T> {
    reps(raw(seg, n), d)
        .next()
        .and_then(|r| T::parse(r, d).ok())
}

/// Every repetition of field `n` that reads as `T`.
pub(crate) fn read_all<'s, T: Datatype<'s>>(
    seg: &Seg<'s>,
    n: usize,
    d: &Delimiters,
) -> impl Iterator<Item = T> + 's {
    let d2 = *d;
    reps(raw(seg, n), d).filter_map(move |r| T::parse(r, &d2).ok())
}

/// The first value of field `n` (first repetition, component and subcomponent), decoded;
/// `None` when empty or the HL7 null.
pub(crate) fn first<'s>(seg: &Seg<'s>, n: usize, d: &Delimiters) -> Option<Cow<'s, str>> {
    let raw = raw(seg, n);
    // One scan to the first separator of any level: the first value ends there, unless what
    // ends there is an empty or null repetition, which `reps` skips (then the long way).
    let seps = [d.repetition, d.component, d.subcomponent];
    if seps.iter().all(u8::is_ascii) {
        let end = raw.bytes().position(|b| seps.contains(&b));
        let value = raw.get(..end.unwrap_or(raw.len()))?;
        let ends_rep = end.is_some_and(|e| raw.as_bytes().get(e) == Some(&d.repetition));
        if !(ends_rep && (value.is_empty() || crate::datatypes::is_null(value))) {
            return clean(Some(crate::v2::escape::decode(value, d)));
        }
    }
    let rep = reps(raw, d).next()?;
    let comp = pieces(rep, d.component).next()?;
    let sub = pieces(comp, d.subcomponent).next()?;
    clean(Some(crate::v2::escape::decode(sub, d)))
}

/// The first value of field `n` (borrowed from the message unless it had escapes).
pub(crate) fn text<'s>(seg: &Seg<'s>, n: usize, d: &Delimiters) -> Option<Cow<'s, str>> {
    first(seg, n, d)
}

/// A code: trimmed (FHIR codes have no outer spaces), `None` when empty or the HL7 null.
pub(crate) fn code(v: Option<&str>) -> Option<Cow<'static, str>> {
    let v = v?.trim();
    (!v.is_empty() && v != "\"\"").then(|| Cow::Owned(v.to_owned()))
}

/// Drops empty values and the HL7 null.
pub(crate) fn clean<'a>(v: Option<Cow<'a, str>>) -> Option<Cow<'a, str>> {
    v.filter(|s| !s.is_empty() && s != "\"\"")
}

/// A reader's part without the HL7 null (still borrowed from the message when it was).
pub(crate) fn own<'s>(v: &Option<Cow<'s, str>>) -> Option<Cow<'s, str>> {
    clean(v.clone())
}

/// [`code`] of a reader's part, borrowed from the message when it was.
pub(crate) fn code_of<'s>(v: &Option<Cow<'s, str>>) -> Option<Cow<'s, str>> {
    let keep = |t: &str| !t.is_empty() && t != "\"\"";
    match v.as_ref()? {
        Cow::Borrowed(b) => Some(b.trim()).filter(|t| keep(t)).map(Cow::Borrowed),
        Cow::Owned(o) => Some(o.trim())
            .filter(|t| keep(t))
            .map(|t| Cow::Owned(t.to_owned())),
    }
}

/// The FHIR system URI of a v2 coding-system mnemonic (CWE.3): the vocabulary's, or izkit's
/// reversible local URI for one it does not know.
pub(crate) fn system_uri(mnemonic: &str) -> Cow<'static, str> {
    vocab::system_uri_or_local(mnemonic.trim())
}

/// A Coding from a code, display and v2 coding-system mnemonic; `None` without a code.
pub(crate) fn coding<'s>(
    code_: Option<&str>,
    display: Option<&str>,
    mnemonic: Option<&str>,
) -> Option<Coding<'s>> {
    let code_ = code(code_)?;
    Some(Coding {
        system: mnemonic
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(system_uri),
        code: Some(code_),
        display: display
            .filter(|s| !s.is_empty() && *s != "\"\"")
            .map(|s| Cow::Owned(s.to_owned())),
        ..Coding::default()
    })
}

/// CWE → CodeableConcept: the identifier and the alternate as codings (CWE.7/8 as versions),
/// CWE.9 as `text` (CWE.2 when there is no code at all); `None` when empty.
pub(crate) fn codeable<'s>(cwe: &Cwe<'s>) -> Option<CodeableConcept<'s>> {
    let mut cc = CodeableConcept::default();
    let pairs = [
        (
            &cwe.identifier,
            &cwe.text,
            &cwe.coding_system,
            &cwe.coding_system_version_id,
        ),
        (
            &cwe.alternate_identifier,
            &cwe.alternate_text,
            &cwe.alternate_coding_system,
            &cwe.alternate_coding_system_version_id,
        ),
    ];
    for (c, t, s, v) in pairs {
        // As `coding`, with the code and display borrowed from the message.
        if let Some(code_) = code_of(c) {
            cc.coding.push(Coding {
                system: s
                    .as_deref()
                    .map(str::trim)
                    .filter(|m| !m.is_empty())
                    .map(system_uri),
                code: Some(code_),
                display: own(t),
                version: own(v),
                ..Coding::default()
            });
        }
    }
    cc.text = own(&cwe.original_text);
    if cc.coding.is_empty() && cc.text.is_none() {
        cc.text = own(&cwe.text);
    }
    (!cc.coding.is_empty() || cc.text.is_some()).then_some(cc)
}

/// The first repetition of field `n` as a CodeableConcept.
pub(crate) fn codeable_field<'s>(
    seg: &Seg<'s>,
    n: usize,
    d: &Delimiters,
) -> Option<CodeableConcept<'s>> {
    read::<Cwe>(seg, n, d).and_then(|c| codeable(&c))
}

/// A CodeableConcept of one coding.
///
/// The system and display are vocabulary text (borrowed, never copied); the code may be the
/// message's own.
pub(crate) fn concept<'s>(
    system: &'static str,
    code: Cow<'static, str>,
    display: Option<&'static str>,
) -> CodeableConcept<'s> {
    CodeableConcept {
        coding: vec![Coding {
            system: Some(Cow::Borrowed(system)),
            code: Some(code),
            display: display.map(Cow::Borrowed),
            ..Coding::default()
        }],
        ..CodeableConcept::default()
    }
}

/// A CodeableConcept that only says its value is unknown (the `data-absent-reason`
/// extension), for a required element the message leaves empty.
pub(crate) fn absent_concept<'s>() -> CodeableConcept<'s> {
    CodeableConcept {
        extension: vec![Extension {
            url: Some("http://hl7.org/fhir/StructureDefinition/data-absent-reason".into()),
            value_code: Some("unknown".into()),
            ..Extension::default()
        }],
        ..CodeableConcept::default()
    }
}

/// Percent-encodes everything but ASCII letters, digits and `-._~` (for URNs made of text).
pub(crate) fn pct(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b & 15)]));
        }
    }
    out
}

/// HD → a URI: `urn:oid:` HD.2 when HD.3 is ISO, else `urn:hl7v2:hd:` + HD.1 (encoded).
pub(crate) fn hd_uri(hd: &Hd<'_>) -> Option<Cow<'static, str>> {
    let iso = hd
        .universal_id_type
        .as_deref()
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("ISO"));
    match (own(&hd.namespace_id), own(&hd.universal_id)) {
        (_, Some(oid)) if iso => Some(cat("urn:oid:", oid.trim())),
        (Some(ns), _) => Some(cat(HD_URN, &pct(&ns))),
        _ => None,
    }
}

/// HD → Identifier of the organization or facility it names: the OID (as a URI, system
/// `urn:ietf:rfc:3986`) when HD.3 is ISO, else HD.1.
pub(crate) fn hd_identifier<'s>(hd: &Hd<'s>) -> Option<Identifier<'s>> {
    let iso = hd
        .universal_id_type
        .as_deref()
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("ISO"));
    let (system, value) = match (own(&hd.namespace_id), own(&hd.universal_id)) {
        (_, Some(oid)) if iso => (
            Some("urn:ietf:rfc:3986".into()),
            cat("urn:oid:", oid.trim()),
        ),
        (Some(ns), _) => (None, ns),
        (None, Some(id)) => (None, id),
        (None, None) => return None,
    };
    Some(Identifier {
        system,
        value: Some(value),
        ..Identifier::default()
    })
}

/// An Identifier.type of table 0203 (display from the IdentifierType map when it has one).
fn identifier_type<'s>(code_: &str) -> CodeableConcept<'s> {
    let c = vocab::to_fhir(ConceptMap::IdentifierType, code_);
    concept(
        c.and_then(|c| c.system).unwrap_or(V2_0203),
        c.map_or_else(|| Cow::Owned(code_.to_owned()), |c| Cow::Borrowed(c.code)),
        c.and_then(|c| c.display),
    )
}

/// CX → Identifier: CX.1 value, CX.4 system and assigner, CX.5 type, CX.7/8 period.
pub(crate) fn identifier_cx<'s>(cx: &Cx<'s>) -> Option<Identifier<'s>> {
    let value = own(&cx.id_number)?;
    let mut id = Identifier {
        value: Some(value),
        ..Identifier::default()
    };
    if let Some(hd) = &cx.assigning_authority {
        id.system = hd_uri(hd);
        let name = own(&hd.namespace_id).or_else(|| own(&hd.universal_id));
        id.assigner = name.map(|n| {
            Box::new(Reference {
                display: Some(n),
                ..Reference::default()
            })
        });
    }
    if let Some(t) = code_of(&cx.identifier_type_code) {
        id.type_ = Some(identifier_type(&t));
    }
    let start = cx.effective_date.as_ref().map(|d| d.as_str());
    let end = cx.expiration_date.as_ref().map(|d| d.as_str());
    if start.is_some() || end.is_some() {
        let dt = |s: Option<&str>| {
            s.and_then(|s| Timestamp::parse_dtm(s).ok())
                .map(|t| super::dates::date(&t))
        };
        id.period = Some(Period {
            start: dt(start),
            end: dt(end),
            ..Period::default()
        });
    }
    Some(id)
}

/// EI → Identifier of the given table-0203 type (PLAC, FILL): EI.1 value; system `urn:oid:`
/// EI.3 when EI.4 is ISO, else `urn:hl7v2:hd:` + EI.2.
pub(crate) fn identifier_ei<'s>(ei: &Ei<'s>, type_code: &str) -> Option<Identifier<'s>> {
    let value = own(&ei.entity_identifier)?;
    let hd = Hd {
        namespace_id: ei.namespace_id.clone(),
        universal_id: ei.universal_id.clone(),
        universal_id_type: ei.universal_id_type.clone(),
    };
    Some(Identifier {
        type_: Some(identifier_type(type_code)),
        system: hd_uri(&hd),
        value: Some(value),
        ..Identifier::default()
    })
}

/// An izkit extension with a code value.
pub(crate) fn ext_code<'s>(name: &str, value: &str) -> Extension<'s> {
    Extension {
        url: Some(cat(IZKIT_EXT, name)),
        value_code: Some(Cow::Owned(value.to_owned())),
        ..Extension::default()
    }
}

/// An extension (any URL) with a string value.
pub(crate) fn ext_string<'s>(url: Cow<'s, str>, value: Cow<'s, str>) -> Extension<'s> {
    Extension {
        url: Some(url),
        value_string: Some(value),
        ..Extension::default()
    }
}

/// The FHIR code a v2 code maps to in `map`, and whether the map's reverse gives the same v2
/// code back (when not, the exact v2 code must be kept in an extension).
fn mapped(map: ConceptMap, v2: &str) -> (Option<&'static str>, bool) {
    match vocab::to_fhir(map, v2) {
        Some(c) => (Some(c.code), vocab::to_v2(map, c.code, None) == Some(v2)),
        None => (None, false),
    }
}

/// Name parts shared by XPN and XCN.
struct NameParts<'r, 's> {
    family: &'r Option<Cow<'s, str>>,
    given: &'r Option<Cow<'s, str>>,
    more_given: &'r Option<Cow<'s, str>>,
    suffix: &'r Option<Cow<'s, str>>,
    prefix: &'r Option<Cow<'s, str>>,
    degree: &'r Option<Cow<'s, str>>,
    name_type: &'r Option<Cow<'s, str>>,
}

fn human_name<'s>(p: NameParts<'_, 's>) -> Option<HumanName<'s>> {
    let mut n = HumanName {
        family: own(p.family),
        ..HumanName::default()
    };
    n.given.extend(own(p.given));
    n.given.extend(own(p.more_given));
    n.prefix.extend(own(p.prefix));
    n.suffix.extend(own(p.suffix));
    n.suffix.extend(own(p.degree));
    if n.family.is_none() && n.given.is_empty() && n.prefix.is_empty() && n.suffix.is_empty() {
        return None;
    }
    if let Some(t) = code_of(p.name_type) {
        let (use_, exact) = mapped(ConceptMap::NameType, &t);
        n.use_ = use_.map(Cow::from);
        if !exact {
            n.extension.push(ext_code("xpn-7", &t));
        }
    }
    Some(n)
}

/// XPN → HumanName: XPN.1 family, XPN.2/3 given, XPN.4/6 suffix, XPN.5 prefix, XPN.7 use
/// (NameType; the exact code in ext `xpn-7` when the map does not give it back).
pub(crate) fn human_name_xpn<'s>(x: &Xpn<'s>) -> Option<HumanName<'s>> {
    human_name(NameParts {
        family: &x.family_name,
        given: &x.given_name,
        more_given: &x.second_given_names,
        suffix: &x.suffix,
        prefix: &x.prefix,
        degree: &x.degree,
        name_type: &x.name_type_code,
    })
}

/// XCN → Practitioner: XCN.1 identifier (XCN.9 system, XCN.13 type), XCN.2–7 and XCN.10 name,
/// XCN.21 professional suffix as a name suffix. `None` when it names nobody.
pub(crate) fn practitioner_xcn<'s>(x: &Xcn<'s>, id: String) -> Option<Practitioner<'s>> {
    let mut p = Practitioner {
        id: Some(id.into()),
        ..Practitioner::default()
    };
    if let Some(value) = own(&x.id_number) {
        p.identifier.push(Identifier {
            system: x.assigning_authority.as_ref().and_then(hd_uri),
            value: Some(value),
            type_: code_of(&x.identifier_type_code).map(|t| identifier_type(&t)),
            ..Identifier::default()
        });
    }
    if let Some(mut n) = human_name(NameParts {
        family: &x.family_name,
        given: &x.given_name,
        more_given: &x.second_given_names,
        suffix: &x.suffix,
        prefix: &x.prefix,
        degree: &x.degree,
        name_type: &x.name_type_code,
    }) {
        n.suffix.extend(own(&x.professional_suffix));
        p.name.push(n);
    }
    (!p.identifier.is_empty() || !p.name.is_empty()).then_some(p)
}

/// Address parts shared by XAD and LA2 (LA2.9–14 are XAD.1–6).
struct AddressParts<'r, 's> {
    street: &'r Option<Cow<'s, str>>,
    other: &'r Option<Cow<'s, str>>,
    city: &'r Option<Cow<'s, str>>,
    state: &'r Option<Cow<'s, str>>,
    zip: &'r Option<Cow<'s, str>>,
    country: &'r Option<Cow<'s, str>>,
}

/// The [`AddressParts`] of an XAD or an LA2 (their fields have the same names).
macro_rules! address_parts {
    ($x:ident) => {
        AddressParts {
            street: &$x.street_address,
            other: &$x.other_designation,
            city: &$x.city,
            state: &$x.state,
            zip: &$x.zip,
            country: &$x.country,
        }
    };
}

/// The lines, city, state, postal code and country of an Address (and `district`, which only
/// XAD has); `None` when all are empty.
fn address<'s>(p: AddressParts<'_, 's>, district: Option<Cow<'s, str>>) -> Option<Address<'s>> {
    let mut a = Address {
        city: own(p.city),
        state: own(p.state),
        postal_code: own(p.zip),
        country: own(p.country),
        district,
        ..Address::default()
    };
    a.line.extend(own(p.street));
    a.line.extend(own(p.other));
    let empty = a.line.is_empty()
        && a.city.is_none()
        && a.state.is_none()
        && a.postal_code.is_none()
        && a.country.is_none()
        && a.district.is_none();
    (!empty).then_some(a)
}

/// XAD → Address: XAD.1/2 lines, 3 city, 4 state, 5 postal code, 6 country, 9 county
/// (`district`), XAD.7 `use` or `type` (the exact code in ext `xad-7` when neither map gives
/// it back).
pub(crate) fn address_xad<'s>(x: &Xad<'s>) -> Option<Address<'s>> {
    let parts = address_parts!(x);
    let mut a = address(parts, own(&x.county_code))?;
    if let Some(t) = code_of(&x.address_type) {
        let (use_, use_exact) = mapped(ConceptMap::AddressTypeUse, &t);
        let (type_, type_exact) = mapped(ConceptMap::AddressTypeType, &t);
        a.use_ = use_.map(Cow::from);
        a.type_ = type_.map(Cow::from);
        if !use_exact && !type_exact {
            a.extension.push(ext_code("xad-7", &t));
        }
    }
    Some(a)
}

/// LA2.9–14 → Address.
pub(crate) fn address_la2<'s>(x: &La2<'s>) -> Option<Address<'s>> {
    let parts = address_parts!(x);
    address(parts, None)
}

const CP_EXT: &str = "http://hl7.org/fhir/StructureDefinition/contactpoint-";
const CONTACT_POINT_USE: &str = "http://hl7.org/fhir/contact-point-use";

/// XTN → ContactPoint (see docs/FHIR-MAPPING.md): `value` XTN.4 for email, else XTN.12, else
/// the digits of XTN.6 + XTN.7, else XTN.1; XTN.5–8 in the standard contactpoint extensions;
/// `use`/`system` from XTN.2/XTN.3, whose exact codes go to ext `xtn-2`/`xtn-3` whenever the
/// maps do not give them back.
pub(crate) fn contact_point<'s>(rep: &'s str, d: &Delimiters) -> Option<ContactPoint<'s>> {
    let x = Xtn::parse(rep, d).ok()?;
    let equipment = code_of(&x.equipment_type);
    let use_code = code_of(&x.use_code);
    let email = equipment
        .as_deref()
        .is_some_and(|e| e.eq_ignore_ascii_case("Internet") || e.eq_ignore_ascii_case("X.400"));
    let num = |n: &Option<Number<'_>>| n.as_ref().map(|n| n.as_str().to_owned());
    let (country, area, local, extension) = (
        num(&x.country_code),
        num(&x.area_code),
        num(&x.local_number),
        num(&x.extension),
    );
    let unformatted = pieces(rep, d.component)
        .nth(11)
        .and_then(|c| clean(Some(crate::v2::escape::decode(c, d))));
    let value = if email {
        own(&x.email_address)
    } else if unformatted.is_some() {
        unformatted
    } else if area.is_some() || local.is_some() {
        Some(Cow::Owned(format!(
            "{}{}",
            area.as_deref().unwrap_or(""),
            local.as_deref().unwrap_or("")
        )))
    } else {
        own(&x.telephone_number).or_else(|| own(&x.email_address))
    };
    let mut cp = ContactPoint {
        value,
        ..ContactPoint::default()
    };
    for (name, v) in [
        ("country", country),
        ("area", area),
        ("local", local),
        ("extension", extension),
    ] {
        if let Some(v) = v {
            cp.extension.push(ext_string(cat(CP_EXT, name), v.into()));
        }
    }
    let mut mobile = false;
    if let Some(e) = &equipment {
        match vocab::to_fhir(ConceptMap::TelecommunicationEquipment, e) {
            // CP maps to the use `mobile`: the system is then a phone.
            Some(c) if c.system == Some(CONTACT_POINT_USE) => {
                cp.system = Some("phone".into());
                mobile = true;
            }
            Some(c) => cp.system = Some(c.code.into()),
            None => {}
        }
    }
    if cp.system.is_none() && cp.value.is_some() {
        // FHIR requires a system with a value (cpt-2); without XTN.3, say what the value is.
        let is_email = email || x.email_address.is_some() && cp.value == own(&x.email_address);
        cp.system = Some(if is_email { "email" } else { "phone" }.into());
    }
    if let Some(u) = &use_code {
        let (use_, _) = mapped(ConceptMap::TelecommunicationUse, u);
        cp.use_ = use_.map(Cow::from);
    }
    if mobile && cp.use_.is_none() {
        cp.use_ = Some("mobile".into());
    }
    let system_back = cp
        .system
        .as_deref()
        .and_then(|s| vocab::to_v2(ConceptMap::TelecommunicationEquipment, s, None));
    let use_back = cp
        .use_
        .as_deref()
        .and_then(|u| vocab::to_v2(ConceptMap::TelecommunicationUse, u, None));
    if let Some(u) = &use_code {
        if use_back != Some(u) {
            cp.extension.push(ext_code("xtn-2", u));
        }
    }
    if let Some(e) = &equipment {
        if system_back != Some(e) {
            cp.extension.push(ext_code("xtn-3", e));
        }
    }
    (cp.value.is_some() || !cp.extension.is_empty()).then_some(cp)
}

/// An NM value as a FHIR decimal: a leading `+` dropped, a bare `.5` or `5.` completed,
/// leading zeros removed (JSON numbers allow none of these).
pub(crate) fn decimal(n: &Number<'_>) -> Option<Decimal> {
    let s = n.as_str();
    if let Some(d) = Decimal::parse(s) {
        return Some(d);
    }
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let int = int.trim_start_matches('0');
    let mut out = String::with_capacity(s.len() + 1);
    if neg {
        out.push('-');
    }
    out.push_str(if int.is_empty() { "0" } else { int });
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    Decimal::parse(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_become_json_numbers() {
        let d = Delimiters::default();
        for (v, want) in [
            ("0.5", "0.5"),
            ("+1", "1"),
            (".5", "0.5"),
            ("5.", "5"),
            ("007", "7"),
            ("-.25", "-0.25"),
            ("0", "0"),
        ] {
            let n = Number::parse(v, &d).unwrap();
            assert_eq!(decimal(&n).unwrap().as_str(), want, "{v}");
        }
    }

    #[test]
    fn telecom_cdc_style() {
        let d = Delimiters::default();
        let cp = contact_point("^PRN^PH^^^555^1234567", &d).unwrap();
        assert_eq!(cp.value.as_deref(), Some("5551234567"));
        assert_eq!(cp.system.as_deref(), Some("phone"));
        assert_eq!(cp.use_.as_deref(), Some("home"));
        assert_eq!(cp.extension.len(), 2);
        let cp = contact_point("^PRN^CP^^^406^5558299", &d).unwrap();
        assert_eq!(
            (cp.system.as_deref(), cp.use_.as_deref()),
            (Some("phone"), Some("home"))
        );
        assert!(cp
            .extension
            .iter()
            .any(|e| e.value_code.as_deref() == Some("CP")));
        let cp = contact_point("^NET^Internet^a@b.org", &d).unwrap();
        assert_eq!(
            (cp.value.as_deref(), cp.system.as_deref()),
            (Some("a@b.org"), Some("email"))
        );
        assert!(cp
            .extension
            .iter()
            .any(|e| e.value_code.as_deref() == Some("NET")));
    }

    #[test]
    fn first_values_as_the_long_way_reads_them() {
        let slow = |raw: &str, d: &Delimiters| -> Option<Cow<'static, str>> {
            let rep = reps(raw, d).next()?;
            let comp = pieces(rep, d.component).next()?;
            let sub = pieces(comp, d.subcomponent).next()?;
            clean(Some(crate::v2::escape::decode(sub, d))).map(|c| Cow::Owned(c.into_owned()))
        };
        let d = Delimiters::default();
        for raw in [
            "",
            "a",
            "a^b",
            "a&b^c",
            "~a",
            "\"\"~a^b",
            "\"\"",
            "\"\"^x",
            "^x~y",
            "a~b",
            "O\\T\\B&c",
            "~~",
            "&a",
            "x\\F\\y~z",
        ] {
            let text = format!("MSH|^~\\&|A\rPID|{raw}\r");
            let msg = crate::Message::parse(&text).unwrap();
            let seg = msg.segment(1).unwrap();
            let seg = Seg::new(&seg, b'|');
            assert_eq!(
                first(&seg, 1, &d).map(|c| Cow::Owned(c.into_owned())),
                slow(raw, &d),
                "{raw}"
            );
        }
    }

    #[test]
    fn hd_uris() {
        let d = Delimiters::default();
        let hd = Hd::parse("MYEHR^2.16.840.1^ISO", &d).unwrap();
        assert_eq!(hd_uri(&hd).as_deref(), Some("urn:oid:2.16.840.1"));
        let hd = Hd::parse("NIST MPI", &d).unwrap();
        assert_eq!(hd_uri(&hd).as_deref(), Some("urn:hl7v2:hd:NIST%20MPI"));
    }
}
