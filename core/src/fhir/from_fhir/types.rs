//! FHIR datatypes → v2 datatypes, written at the writer's current field: CodeableConcept /
//! Coding → CWE (CE), Identifier → CX / EI / HD, HumanName → XPN, Address → XAD,
//! ContactPoint → XTN, Practitioner → XCN, date / dateTime → DT / TS. The inverse of the
//! V2-to-FHIR datatype maps as `to_fhir` applies them (`docs/FHIR-MAPPING.md`).

use super::from_fhir_error;
use super::writer::Seg;
use crate::fhir::model::{
    Address, CodeableConcept, Coding, ContactPoint, Extension, HumanName, Identifier, Practitioner,
};
use crate::fhir::vocab::{self, ConceptMap};
use crate::Result;
use std::borrow::Cow;

/// The URL prefix of izkit's own extensions.
pub(super) const IZKIT_EXT: &str = "https://izkit.dev/fhir/StructureDefinition/";

/// The `system` of HL7 v2 assigning authorities that are not OIDs (`urn:hl7v2:hd:` + HD.1).
const HD_URN: &str = "urn:hl7v2:hd:";

/// The extension with this URL.
pub(super) fn ext<'a>(exts: &'a [Extension<'a>], url: &str) -> Option<&'a Extension<'a>> {
    exts.iter().find(|e| e.url.as_deref() == Some(url))
}

/// izkit's extension `name` (`https://izkit.dev/fhir/StructureDefinition/<name>`).
pub(super) fn izkit_ext<'a>(exts: &'a [Extension<'a>], name: &str) -> Option<&'a Extension<'a>> {
    exts.iter().find(|e| {
        e.url
            .as_deref()
            .and_then(|u| u.strip_prefix(IZKIT_EXT))
            .is_some_and(|n| n == name)
    })
}

/// A non-empty string.
pub(super) fn some<'v>(v: Option<&'v Cow<'_, str>>) -> Option<&'v str> {
    v.map(|s| &**s).filter(|s| !s.is_empty())
}

/// The v2 coding-system mnemonic of a FHIR system URI (`http://hl7.org/fhir/sid/cvx` →
/// `CVX`); an unknown URI is kept as it is (the v2 side then carries the URI).
pub(super) fn mnemonic(system: Option<&str>) -> Option<Cow<'_, str>> {
    let s = system.filter(|s| !s.is_empty())?;
    Some(vocab::system_mnemonic(s).unwrap_or(Cow::Borrowed(s)))
}

/// Whether a coding is in the system of this mnemonic (`CVX`).
pub(super) fn is_system(c: &Coding, mnemonic_wanted: &str) -> bool {
    c.system
        .as_deref()
        .and_then(vocab::system_mnemonic)
        .is_some_and(|m| m.eq_ignore_ascii_case(mnemonic_wanted))
}

/// One CWE triplet (code, text, system) from a Coding, starting at component `first`.
pub(super) fn triplet(w: &mut Seg<'_>, first: u16, c: &Coding) {
    if some(c.code.as_ref()).is_none() && some(c.display.as_ref()).is_none() {
        return;
    }
    w.comp(first).opt(some(c.code.as_ref()));
    w.comp(first + 1).opt(some(c.display.as_ref()));
    if some(c.code.as_ref()).is_some() {
        if let Some(m) = mnemonic(c.system.as_deref()) {
            w.comp(first + 2).text(&m);
        }
    }
}

/// A CE / CWE from codings: the first as the primary triplet, the second as the alternate.
/// With no coding, the text goes to CWE.2 (the identifier's text).
pub(super) fn cwe_codings<'c>(w: &mut Seg<'_>, mut codings: impl Iterator<Item = &'c Coding<'c>>) {
    let first = codings.by_ref().find(|c| usable(c));
    if let Some(c) = first {
        triplet(w, 1, c);
    }
    if let Some(c) = codings.find(|c| usable(c)) {
        triplet(w, 4, c);
    }
}

fn usable(c: &Coding) -> bool {
    some(c.code.as_ref()).is_some()
}

/// A CE / CWE from a CodeableConcept (first two codings; `text` as CWE.2 when there is no
/// coding).
pub(super) fn cwe(w: &mut Seg<'_>, cc: &CodeableConcept) {
    if cc.coding.iter().any(usable) {
        cwe_codings(w, cc.coding.iter());
    } else if let Some(t) = some(cc.text.as_ref()) {
        w.comp(2).text(t);
    }
}

/// True when a CodeableConcept has anything [`cwe`] writes.
pub(super) fn has_cwe(cc: &CodeableConcept) -> bool {
    cc.coding.iter().any(usable) || some(cc.text.as_ref()).is_some()
}

/// An assigning authority as HD parts (namespace id, universal id, universal id type).
pub(super) struct Hd<'a> {
    pub ns: Option<Cow<'a, str>>,
    pub uid: Option<&'a str>,
}

/// The HD of an identifier `system` (and assigner display): `urn:oid:X` → `^X^ISO`,
/// `urn:hl7v2:hd:NS` → `NS`, any other URI → itself as the namespace id. The assigner's
/// display (HD.1 as `to_fhir` keeps it) is the namespace id when given.
pub(super) fn hd_of<'a>(system: Option<&'a str>, assigner: Option<&'a str>) -> Hd<'a> {
    let mut hd = Hd {
        ns: assigner.filter(|a| !a.is_empty()).map(Cow::Borrowed),
        uid: None,
    };
    match system.filter(|s| !s.is_empty()) {
        Some(s) if s.starts_with("urn:oid:") => hd.uid = Some(&s[8..]).filter(|o| !o.is_empty()),
        Some(s) if s.starts_with(HD_URN) && hd.ns.is_none() => {
            hd.ns = percent_decode(&s[HD_URN.len()..]);
        }
        Some(s) if !s.starts_with(HD_URN) && hd.ns.is_none() => hd.ns = Some(Cow::Borrowed(s)),
        _ => {}
    }
    // `to_fhir` names the assigner by HD.2 when HD.1 is empty: not a namespace id then.
    if hd.uid.is_some() && hd.ns.as_deref() == hd.uid {
        hd.ns = None;
    }
    hd
}

impl Hd<'_> {
    /// Writes the HD as subcomponents of the current component (CX.4, XCN.9, LA2.4).
    pub(super) fn write_sub(&self, w: &mut Seg<'_>) {
        w.sub(1).opt(self.ns.as_deref());
        if let Some(uid) = self.uid {
            w.sub(2).text(uid).sub(3).lit("ISO");
        }
    }

    /// Writes the HD as components starting at `first` (EI.2–4).
    pub(super) fn write_comps(&self, w: &mut Seg<'_>, first: u16) {
        w.comp(first).opt(self.ns.as_deref());
        if let Some(uid) = self.uid {
            w.comp(first + 1).text(uid).comp(first + 2).lit("ISO");
        }
    }
}

/// Decodes `%XX` escapes (the `urn:hl7v2:hd:` namespaces `to_fhir` percent-encodes).
fn percent_decode(s: &str) -> Option<Cow<'_, str>> {
    if s.is_empty() {
        return None;
    }
    if !s.contains('%') {
        return Some(Cow::Borrowed(s));
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = (b[i] == b'%')
            .then(|| s.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(v) => {
                out.push(v);
                i += 3;
            }
            None => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    Some(Cow::Owned(String::from_utf8_lossy(&out).into_owned()))
}

/// The v2-0203 code of an identifier's `type` (CX.5, XCN.13).
pub(super) fn identifier_type<'r>(id: &'r Identifier<'r>) -> Option<&'r str> {
    let cc = id.type_.as_ref()?;
    cc.coding
        .iter()
        .find_map(|c| some(c.code.as_ref()))
        .or_else(|| some(cc.text.as_ref()))
}

/// The identifier's assigner display (HD.1 as `to_fhir` keeps it).
fn assigner<'r>(id: &'r Identifier<'r>) -> Option<&'r str> {
    id.assigner
        .as_deref()
        .and_then(|a| some(a.display.as_ref()))
}

/// A CX at the current repetition: CX.1 value, CX.4 assigning authority, CX.5 type (`MR`
/// when FHIR gives none: CX.5 is required and a record number is what EHRs send).
pub(super) fn cx(w: &mut Seg<'_>, id: &Identifier) {
    let Some(value) = some(id.value.as_ref()) else {
        return;
    };
    w.comp(1).text(value);
    w.comp(4);
    hd_of(id.system.as_deref(), assigner(id)).write_sub(w);
    w.comp(5).text(identifier_type(id).unwrap_or("MR"));
}

/// An EI starting at component 1: value, namespace, universal id, `ISO`.
pub(super) fn ei(w: &mut Seg<'_>, id: &Identifier) {
    let Some(value) = some(id.value.as_ref()) else {
        return;
    };
    w.comp(1).text(value);
    hd_of(id.system.as_deref(), assigner(id)).write_comps(w, 2);
}

/// Whether an identifier's type has this v2-0203 code (`FILL`, `PLAC`).
pub(super) fn has_type(id: &Identifier, code: &str) -> bool {
    id.type_
        .as_ref()
        .is_some_and(|t| t.coding.iter().any(|c| c.code.as_deref() == Some(code)))
}

/// The XPN.7 name type of a HumanName: izkit's `xpn-7` extension, else the NameType map of
/// `use`, else `default`.
fn name_type<'a>(n: &'a HumanName<'a>, default: &'a str) -> &'a str {
    if let Some(code) = izkit_ext(&n.extension, "xpn-7").and_then(|e| some(e.value_code.as_ref())) {
        return code;
    }
    some(n.use_.as_ref())
        .and_then(|u| vocab::to_v2(ConceptMap::NameType, u, None))
        .unwrap_or(default)
}

/// An XPN at the current repetition: family, first given, other given names (space
/// separated), suffix, prefix, second suffix (degree), name type.
pub(super) fn xpn(w: &mut Seg<'_>, n: &HumanName, default_type: &str) {
    let family = some(n.family.as_ref());
    let given = n.given.first().map(|s| &**s).filter(|g| !g.is_empty());
    if family.is_none() && given.is_none() {
        // Only `text`: XPN has no free-text component in 2.5.1, the family name carries it.
        if let Some(t) = some(n.text.as_ref()) {
            w.comp(1).text(t);
            w.comp(7).text(name_type(n, default_type));
        }
        return;
    }
    w.comp(1).opt(family);
    w.comp(2).opt(given);
    if n.given.len() > 1 {
        w.comp(3);
        join_into(w, &n.given[1..]);
    }
    w.comp(4).opt(n.suffix.first().map(|s| &**s));
    w.comp(5).opt(n.prefix.first().map(|s| &**s));
    w.comp(6).opt(n.suffix.get(1).map(|s| &**s));
    w.comp(7).text(name_type(n, default_type));
}

/// Writes the non-empty strings joined by a space.
fn join_into(w: &mut Seg<'_>, parts: &[Cow<'_, str>]) {
    let parts: Vec<&str> = parts
        .iter()
        .map(|s| &**s)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() == 1 {
        w.text(parts[0]);
    } else if !parts.is_empty() {
        w.text(&parts.join(" "));
    }
}

/// An XAD at the current repetition: lines, city, state, postal code, country, address type
/// (izkit's `xad-7` extension, else the AddressType maps of `use` / `type`, else `H`: XAD.7
/// is required and a patient address without a use is a home address), county (district).
pub(super) fn xad(w: &mut Seg<'_>, a: &Address, with_type: bool) {
    let has_any = a.line.iter().any(|l| !l.is_empty())
        || [&a.city, &a.state, &a.postal_code, &a.country, &a.district]
            .iter()
            .any(|v| some(v.as_ref()).is_some());
    if !has_any {
        return;
    }
    w.comp(1).sub(1).opt(a.line.first().map(|s| &**s));
    w.comp(2).opt(a.line.get(1).map(|s| &**s));
    w.comp(3).opt(some(a.city.as_ref()));
    w.comp(4).opt(some(a.state.as_ref()));
    w.comp(5).opt(some(a.postal_code.as_ref()));
    w.comp(6).opt(some(a.country.as_ref()));
    if with_type {
        let t = izkit_ext(&a.extension, "xad-7")
            .and_then(|e| some(e.value_code.as_ref()))
            .or_else(|| {
                some(a.use_.as_ref())
                    .and_then(|u| vocab::to_v2(ConceptMap::AddressTypeUse, u, None))
            })
            .or_else(|| {
                some(a.type_.as_ref())
                    .and_then(|t| vocab::to_v2(ConceptMap::AddressTypeType, t, None))
            })
            .unwrap_or("H");
        w.comp(7).text(t);
    }
    w.comp(9).opt(some(a.district.as_ref()));
}

/// The standard ContactPoint extensions carrying XTN.5–8.
const CP_COUNTRY: &str = "http://hl7.org/fhir/StructureDefinition/contactpoint-country";
const CP_AREA: &str = "http://hl7.org/fhir/StructureDefinition/contactpoint-area";
const CP_LOCAL: &str = "http://hl7.org/fhir/StructureDefinition/contactpoint-local";
const CP_EXT: &str = "http://hl7.org/fhir/StructureDefinition/contactpoint-extension";

fn ext_string<'a>(exts: &'a [Extension<'a>], url: &str) -> Option<&'a str> {
    ext(exts, url).and_then(|e| some(e.value_string.as_ref()))
}

/// XTN.2 of a ContactPoint: izkit's `xtn-2`, else the TelecommunicationUse map of `use`,
/// else `NET` for an email and `PRN` otherwise (XTN.2 is required).
pub(super) fn xtn_use<'r>(cp: &'r ContactPoint<'r>) -> &'r str {
    if let Some(c) = izkit_ext(&cp.extension, "xtn-2").and_then(|e| some(e.value_code.as_ref())) {
        return c;
    }
    if some(cp.system.as_ref()) == Some("email") {
        return "NET";
    }
    some(cp.use_.as_ref())
        .and_then(|u| vocab::to_v2(ConceptMap::TelecommunicationUse, u, None))
        .unwrap_or("PRN")
}

/// An XTN at the current repetition (see `docs/FHIR-MAPPING.md`: the contactpoint
/// extensions first, else a bare 10-digit value split 3 + 7; an email in XTN.4).
pub(super) fn xtn(w: &mut Seg<'_>, cp: &ContactPoint) {
    let value = some(cp.value.as_ref());
    let exts = &cp.extension;
    let (country, area, local, extension) = (
        ext_string(exts, CP_COUNTRY),
        ext_string(exts, CP_AREA),
        ext_string(exts, CP_LOCAL),
        ext_string(exts, CP_EXT),
    );
    if value.is_none() && area.is_none() && local.is_none() {
        return;
    }
    let use_ = xtn_use(cp);
    let equipment = izkit_ext(exts, "xtn-3")
        .and_then(|e| some(e.value_code.as_ref()))
        .or_else(|| (some(cp.use_.as_ref()) == Some("mobile")).then_some("CP"))
        .or_else(|| {
            some(cp.system.as_ref())
                .and_then(|s| vocab::to_v2(ConceptMap::TelecommunicationEquipment, s, None))
        });
    w.comp(2).text(use_);
    w.comp(3).opt(equipment);
    let email = some(cp.system.as_ref()) == Some("email")
        || matches!(equipment, Some("Internet" | "X.400"))
        || use_ == "NET";
    if email {
        w.comp(4).opt(value);
        return;
    }
    if area.is_some() || local.is_some() {
        w.comp(5).opt(country);
        w.comp(6).opt(area);
        w.comp(7).opt(local);
        w.comp(8).opt(extension);
        // XTN.12 when the value is not just the parts (`to_fhir` puts XTN.12 there).
        if let Some(v) = value {
            let digits = format!("{}{}", area.unwrap_or(""), local.unwrap_or(""));
            if v != digits {
                w.comp(12).text(v);
            }
        }
        return;
    }
    let Some(v) = value else { return };
    if v.len() == 10 && v.bytes().all(|b| b.is_ascii_digit()) {
        w.comp(6).text(&v[..3]).comp(7).text(&v[3..]);
    } else if v.len() == 7 && v.bytes().all(|b| b.is_ascii_digit()) {
        w.comp(7).text(v);
    } else {
        w.comp(12).text(v);
    }
}

/// An XCN at the current repetition from a Practitioner: XCN.1 identifier, XCN.2–6 the
/// name, XCN.9 the identifier's assigning authority, XCN.10 the name type, XCN.13 the
/// identifier type.
pub(super) fn xcn(w: &mut Seg<'_>, p: &Practitioner) {
    let id = p
        .identifier
        .iter()
        .find(|i| some(i.value.as_ref()).is_some());
    if let Some(id) = id {
        w.comp(1).opt(some(id.value.as_ref()));
    }
    if let Some(n) = p.name.first() {
        w.comp(2).sub(1).opt(some(n.family.as_ref()));
        w.comp(3).opt(n.given.first().map(|s| &**s));
        if n.given.len() > 1 {
            w.comp(4);
            join_into(w, &n.given[1..]);
        }
        w.comp(5).opt(n.suffix.first().map(|s| &**s));
        w.comp(6).opt(n.prefix.first().map(|s| &**s));
    }
    if let Some(id) = id {
        w.comp(9);
        hd_of(id.system.as_deref(), assigner(id)).write_sub(w);
    }
    if let Some(n) = p.name.first() {
        if some(n.family.as_ref()).is_some() || !n.given.is_empty() {
            w.comp(10).text(name_type(n, "L"));
        }
    }
    if let Some(id) = id {
        w.comp(13).opt(identifier_type(id));
    }
}

/// A FHIR date or dateTime read into its v2 parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Ts<'a> {
    /// `YYYY[MM[DD[HHMM[SS]]]]` digits.
    digits: [u8; 14],
    len: usize,
    /// Fraction digits (after the `.`), as sent.
    frac: &'a str,
    /// `±HHMM`, when the dateTime has an offset (`Z` is `+0000`).
    offset: Option<[u8; 5]>,
}

impl<'a> Ts<'a> {
    /// Reads a FHIR `date` / `dateTime` / `instant`
    /// (`YYYY[-MM[-DD[Thh:mm[:ss[.f+]][Z|±hh:mm]]]]`); `None` when it is not one.
    pub(super) fn parse(s: &'a str) -> Option<Ts<'a>> {
        let b = s.as_bytes();
        let mut ts = Ts {
            digits: [b'0'; 14],
            len: 0,
            frac: "",
            offset: None,
        };
        let mut i = 0;
        // (width, separator before it)
        let parts: [(usize, u8); 6] = [
            (4, 0),
            (2, b'-'),
            (2, b'-'),
            (2, b'T'),
            (2, b':'),
            (2, b':'),
        ];
        for (k, &(width, sep)) in parts.iter().enumerate() {
            if i == b.len() {
                break;
            }
            if k > 0 {
                if b[i] != sep {
                    break;
                }
                i += 1;
            }
            let digits = b.get(i..i + width)?;
            if !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
            ts.digits[ts.len..ts.len + width].copy_from_slice(digits);
            ts.len += width;
            i += width;
        }
        // A time needs hours and minutes.
        if ts.len == 10 {
            return None;
        }
        if ts.len >= 12 && i < b.len() && b[i] == b'.' {
            let start = i + 1;
            let end = start + b[start..].iter().take_while(|c| c.is_ascii_digit()).count();
            if end == start {
                return None;
            }
            ts.frac = &s[start..end];
            i = end;
        }
        if ts.len >= 12 && i < b.len() {
            match b[i] {
                b'Z' => {
                    ts.offset = Some(*b"+0000");
                    i += 1;
                }
                sign @ (b'+' | b'-') => {
                    let o = b.get(i + 1..i + 6)?;
                    if !(o[0].is_ascii_digit()
                        && o[1].is_ascii_digit()
                        && o[2] == b':'
                        && o[3].is_ascii_digit()
                        && o[4].is_ascii_digit())
                    {
                        return None;
                    }
                    ts.offset = Some([sign, o[0], o[1], o[3], o[4]]);
                    i += 6;
                }
                _ => return None,
            }
        }
        (i == b.len() && ts.len >= 4 && ts.plausible()).then_some(ts)
    }

    /// Month 1-12, day 1-31, hour < 24, minute and second < 60 (leap second allowed).
    fn plausible(&self) -> bool {
        let n = |at: usize| {
            (at + 2 <= self.len).then(|| {
                u32::from(self.digits[at] - b'0') * 10 + u32::from(self.digits[at + 1] - b'0')
            })
        };
        n(4).is_none_or(|m| (1..=12).contains(&m))
            && n(6).is_none_or(|d| (1..=31).contains(&d))
            && n(8).is_none_or(|h| h < 24)
            && n(10).is_none_or(|m| m < 60)
            && n(12).is_none_or(|s| s <= 60)
    }

    /// The date part (`YYYY`, `YYYYMM` or `YYYYMMDD`).
    pub(super) fn date(&self) -> &str {
        self.digit_str(self.len.min(8))
    }

    fn digit_str(&self, n: usize) -> &str {
        std::str::from_utf8(&self.digits[..n]).unwrap_or("")
    }

    /// Whether there is a time.
    pub(super) fn has_time(&self) -> bool {
        self.len > 8
    }

    /// Writes the v2 TS: digits with seconds when there is a time, a fraction of four digits
    /// (the IG's TS_NZ pattern; padded or cut), and the offset when `with_offset` (TS_NZ
    /// fields such as RXA-3 and PID-7 must not carry one: the local time is written as
    /// FHIR gives it).
    pub(super) fn write(&self, w: &mut Seg<'_>, with_offset: bool) {
        let mut buf = [0u8; 14 + 5 + 5];
        let mut n = 0;
        let digits = if self.len == 12 { 14 } else { self.len };
        buf[..digits].copy_from_slice(&self.digits[..digits]);
        n += digits;
        if self.has_time() && !self.frac.is_empty() {
            buf[n] = b'.';
            n += 1;
            let f = self.frac.as_bytes();
            for k in 0..4 {
                buf[n] = f.get(k).copied().unwrap_or(b'0');
                n += 1;
            }
        }
        if with_offset && self.has_time() {
            if let Some(o) = self.offset {
                buf[n..n + 5].copy_from_slice(&o);
                n += 5;
            }
        }
        w.lit(std::str::from_utf8(&buf[..n]).unwrap_or(""));
    }
}

/// Reads a date element, failing with the element's name when it is not a FHIR date.
pub(super) fn date_of<'a>(v: Option<&'a Cow<'_, str>>, element: &str) -> Result<Option<Ts<'a>>> {
    match some(v) {
        None => Ok(None),
        Some(s) => Ts::parse(s)
            .map(Some)
            .ok_or_else(|| from_fhir_error(format!("{element} is not a FHIR date or dateTime"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str, off: bool) -> String {
        let mut out = String::new();
        let mut w = Seg::new(&mut out, "X");
        w.field(1);
        Ts::parse(s).unwrap().write(&mut w, off);
        out[2..].to_string()
    }

    #[test]
    fn dates_keep_precision_and_offset() {
        assert_eq!(ts("2021", true), "2021");
        assert_eq!(ts("2021-03", true), "202103");
        assert_eq!(ts("2021-03-04", true), "20210304");
        assert_eq!(ts("2021-03-04T10:15:00-05:00", true), "20210304101500-0500");
        assert_eq!(ts("2021-03-04T10:15:00-05:00", false), "20210304101500");
        assert_eq!(ts("2021-03-04T10:15Z", true), "20210304101500+0000");
        assert_eq!(
            ts("2021-03-04T10:15:07.5+01:00", true),
            "20210304101507.5000+0100"
        );
        for bad in [
            "",
            "21",
            "2021-3",
            "2021-13",
            "2021-03-04T10",
            "2021-03-04T10:15:00+5",
            "2021-03-04 ",
            "2021-03-04T10:15:00.Z",
        ] {
            assert_eq!(Ts::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn hd_from_systems() {
        let hd = hd_of(Some("urn:oid:1.2.3"), Some("MYEHR"));
        assert_eq!((hd.ns.as_deref(), hd.uid), (Some("MYEHR"), Some("1.2.3")));
        let hd = hd_of(Some("urn:hl7v2:hd:NIST%20MPI"), None);
        assert_eq!(hd.ns.as_deref(), Some("NIST MPI"));
    }
}
