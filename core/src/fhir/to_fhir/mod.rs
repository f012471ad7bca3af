//! v2 → FHIR R4: a VXU, RSP, ACK or QBP as a FHIR `Bundle` of type `message`, following
//! `docs/FHIR-MAPPING.md` (the HL7 V2-to-FHIR IG plus the CDC conventions it leaves open).
//!
//! The message is walked once (`structure` groups its segments into patients and ORDER
//! groups); each part is then mapped by its own module: `header` (MSH, MSA, ERR), `patient`
//! (PID, PD1, NK1), `immunization` (ORC, RXA, RXR and their OBX), `forecast` (the RSP Z42
//! evaluation and forecast OBX) and `query` (QBP). `types` maps the v2 datatypes and
//! `dates` the dates; codes go through [`crate::fhir::vocab`].
//!
//! Nothing here fails on content: a value that is not valid for its v2 datatype is left out
//! (RXA-3 is then kept as `occurrenceString`); only a message type the mapping does not cover
//! is an error. Errors name segments and fields, never values.
//!
//! ```
//! use izkit::fhir::{to_fhir, to_fhir_json, LocalTime, ToFhirOptions};
//! let text = "MSH|^~\\&|EHR|CLINIC|IIS||20240102||VXU^V04^VXU_V04|1|P|2.5.1\r\
//!             PID|1||123^^^MR||DOE^JANE||20200101|F\r\
//!             RXA|0|1|20240102||08^HepB^CVX|0.5|mL^^UCUM\r";
//! let msg = izkit::Message::parse(text)?;
//! let bundle = to_fhir(&msg, &ToFhirOptions::default())?;
//! // MessageHeader, Organization (MSH-4), Patient, Immunization.
//! assert_eq!(bundle.entry.len(), 4);
//! let json = to_fhir_json(&msg, &ToFhirOptions { local_time: LocalTime::Offset(-300) })?;
//! assert!(json.contains(r#""occurrenceDateTime":"2024-01-02""#));
//! # Ok::<(), izkit::Error>(())
//! ```

mod dates;
mod forecast;
mod header;
mod immunization;
mod patient;
mod query;
mod structure;
mod types;

use crate::fasthash::FxMap;

use crate::error::{Error, ErrorKind};
use crate::fhir::model::{Bundle, BundleEntry, Reference, Resource};
use crate::v2::Delimiters;
use crate::Message;

/// How a v2 time without a UTC offset becomes a FHIR `dateTime`, which needs one.
///
/// HL7 v2 lets a sender leave the offset out (the time is then its local time); FHIR requires
/// one whenever a time is given. izkit never guesses it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LocalTime {
    /// Keep the date only (`20210304101500` → `2021-03-04`): safe, loses the time.
    #[default]
    DateOnly,
    /// The sender's offset is known: minutes east of UTC (`-300` for US Eastern standard
    /// time), applied to every time that has none.
    Offset(i32),
}

/// Options of [`to_fhir`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ToFhirOptions {
    /// What to do with a time that has no UTC offset.
    pub local_time: LocalTime,
}

/// Maps one v2 message to a FHIR R4 `Bundle` (type `message`).
///
/// VXU^V04 → MessageHeader, Patient, RelatedPerson per NK1, per ORDER group an Immunization
/// with the Practitioner/Organization/Location it names and Observations for its other OBX;
/// RSP^K11 → the same for each patient, plus ImmunizationEvaluation and
/// ImmunizationRecommendation for Z42 content and an OperationOutcome when nothing was found
/// (Z33) or errors are reported; ACK → MessageHeader (with `response`) and OperationOutcome;
/// QBP^Q11 → MessageHeader and a `Parameters` (`patient`, `assessmentDate`).
///
/// Errors ([`ErrorKind::ToFhir`]): a message type not listed above, a VXU without PID, an
/// offset in [`LocalTime::Offset`] beyond ±23:59.
pub fn to_fhir(msg: &Message<'_>, opts: &ToFhirOptions) -> crate::Result<Bundle<'static>> {
    to_bundle(msg, opts).map(Bundle::into_owned)
}

/// [`to_fhir`] with the Bundle borrowing the message's text wherever a value is the text as
/// sent (most are): no copy of each value, for [`to_fhir_json`], which writes it at once.
pub(crate) fn to_bundle<'s>(
    msg: &'s Message<'_>,
    opts: &ToFhirOptions,
) -> crate::Result<Bundle<'s>> {
    if let LocalTime::Offset(m) = opts.local_time {
        if m.abs() >= 24 * 60 {
            return Err(to_fhir_error(
                "LocalTime::Offset must lie within ±1439 minutes".into(),
            ));
        }
    }
    let msh = msg
        .segment(0)
        .ok_or_else(|| to_fhir_error("the message has no MSH segment".into()))?;
    let msh = structure::Seg::new(&msh, msg.delimiters().field);
    let kind = header::message_kind(&msh, msg.delimiters())?;
    let doc = structure::Doc::read(msg);
    let mut cx = Ctx::new(msg, &msh, opts);
    let mut bundle = header::bundle(&mut cx, &msh);
    match kind {
        header::Kind::Vxu => {
            if doc.patients.is_empty() {
                return Err(to_fhir_error("a VXU^V04 needs a PID segment".into()));
            }
            for p in &doc.patients {
                patient::map_patient_group(&mut cx, p, false);
            }
        }
        header::Kind::Rsp => {
            for p in &doc.patients {
                patient::map_patient_group(&mut cx, p, true);
            }
            header::outcome(&mut cx, &doc, doc.patients.is_empty());
        }
        header::Kind::Ack => header::outcome(&mut cx, &doc, true),
        header::Kind::Qbp => query::parameters(&mut cx, &doc, &msh),
    }
    bundle.entry = std::mem::take(&mut cx.entries);
    Ok(bundle)
}

/// [`to_fhir`], written as compact JSON.
pub fn to_fhir_json(msg: &Message<'_>, opts: &ToFhirOptions) -> crate::Result<String> {
    let bundle = to_bundle(msg, opts)?;
    // About four bytes of JSON per byte of v2: one buffer, rarely regrown.
    let mut out = String::with_capacity(msg.as_str().len() * 4 + 1024);
    crate::fhir::model::WriteJson::write_json(&bundle, &mut out);
    Ok(out)
}

/// An error of kind [`ErrorKind::ToFhir`]; `reason` names segments and fields only.
pub(crate) fn to_fhir_error(reason: String) -> Error {
    Error::new(ErrorKind::ToFhir { reason }, 0)
}

/// The state of one mapping: delimiters, options, the id generator, the entries made so far
/// and the shared resources already made (so each distinct one is made once).
pub(crate) struct Ctx<'s> {
    /// The message's delimiters.
    pub d: Delimiters,
    /// What to do with times without an offset.
    pub local: LocalTime,
    /// FNV-1a state after hashing the message's identity (MSH-10, or the whole text).
    seed: u128,
    /// How many resources of each type have ids (ids are per type and index), with the hash
    /// state after the seed and the type; a handful of types, so a list.
    counts: Vec<(&'static str, u32, u128)>,
    /// The Bundle's entries, in order.
    pub entries: Vec<BundleEntry<'s>>,
    /// Shared resources by kind and source text, with their `fullUrl`. A message names a
    /// handful: a list, searched in order, costs less than hashing each key.
    shared: Vec<(SharedKey<'s>, String)>,
    /// The same as an index into `shared`, made once the list is long (a message naming
    /// thousands of facilities must not make the lookups quadratic).
    shared_index: FxMap<SharedKey<'s>, usize>,
    /// The `fullUrl` of the MessageHeader (for `focus`).
    pub header_url: Option<String>,
}

impl<'s> Ctx<'s> {
    fn new(msg: &'s Message<'_>, msh: &structure::Seg<'_>, opts: &ToFhirOptions) -> Self {
        // MSH-10 names the message; without one, its whole text does (still deterministic).
        let control_id = msh.field(10);
        let identity = if control_id.is_empty() {
            msg.as_str()
        } else {
            control_id
        };
        Ctx {
            d: *msg.delimiters(),
            local: opts.local_time,
            seed: fnv(FNV_OFFSET, identity.as_bytes()),
            counts: Vec::with_capacity(16),
            entries: Vec::with_capacity(32),
            shared: Vec::new(),
            shared_index: FxMap::default(),
            header_url: None,
        }
    }

    /// A new `(id, fullUrl)` for a resource of type `rtype`.
    pub fn new_id(&mut self, rtype: &'static str) -> (String, String) {
        let (index, typed) = match self.counts.iter_mut().find(|(t, _, _)| *t == rtype) {
            Some((_, n, typed)) => {
                *n += 1;
                (*n - 1, *typed)
            }
            None => {
                // The hash of the seed and the type, made once per type: only the index
                // differs between the ids of one type.
                let mut typed = fnv(self.seed, &[0]);
                typed = fnv(typed, rtype.as_bytes());
                typed = fnv(typed, &[0]);
                self.counts.push((rtype, 1, typed));
                (0, typed)
            }
        };
        let h = fnv(typed, &index.to_le_bytes());
        let url = uuid_url(h);
        (url[URN_UUID.len()..].into(), url)
    }

    /// Adds an entry.
    pub fn push(&mut self, full_url: String, resource: Resource<'s>) {
        self.entries.push(BundleEntry {
            full_url: Some(full_url.into()),
            resource: Some(resource),
            ..BundleEntry::default()
        });
    }

    /// A reference to the shared resource of type `rtype` made from `key` (its source text,
    /// `kind` saying which kind of source: a facility and a manufacturer may be spelled
    /// alike): made by `make` (given its id) and added the first time, found again after.
    pub fn shared(
        &mut self,
        rtype: &'static str,
        kind: &'static str,
        key: &'s str,
        make: impl FnOnce(&mut Self, String) -> Option<Resource<'s>>,
    ) -> Option<Reference<'s>> {
        let k = (kind, key);
        let found = if self.shared_index.is_empty() {
            self.shared.iter().position(|(sk, _)| *sk == k)
        } else {
            self.shared_index.get(&k).copied()
        };
        if let Some(url) = found.and_then(|i| self.shared.get(i)) {
            return Some(reference(url.1.clone()));
        }
        let (id, url) = self.new_id(rtype);
        let resource = make(self, id)?;
        self.push(url.clone(), resource);
        self.shared.push((k, url.clone()));
        if self.shared.len() > SHARED_LIST_MAX {
            if self.shared_index.is_empty() {
                self.shared_index = (self.shared.iter().enumerate())
                    .map(|(i, (sk, _))| (*sk, i))
                    .collect();
            } else {
                self.shared_index.insert(k, self.shared.len() - 1);
            }
        }
        Some(reference(url))
    }
}

/// What a shared resource is made from: the kind of source and its text.
type SharedKey<'s> = (&'static str, &'s str);

/// How many shared resources are looked up in a list before they are indexed.
const SHARED_LIST_MAX: usize = 16;

/// A literal reference.
pub(crate) fn reference<'s>(url: String) -> Reference<'s> {
    Reference {
        reference: Some(url.into()),
        ..Reference::default()
    }
}

const FNV_OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
const FNV_PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

/// FNV-1a 128 over `bytes`, continuing from `h`.
fn fnv(mut h: u128, bytes: &[u8]) -> u128 {
    for &b in bytes {
        h ^= u128::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

const URN_UUID: &str = "urn:uuid:";

/// A hash as a `urn:uuid:` URL (version nibble 8, RFC 9562 variant, lower-case hex).
fn uuid_url(h: u128) -> String {
    let mut bytes = h.to_be_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(URN_UUID.len() + 36);
    s.push_str(URN_UUID);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_version_8_and_stable() {
        let uuid = |h| uuid_url(h)[URN_UUID.len()..].to_owned();
        let a = uuid(fnv(FNV_OFFSET, b"x"));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "8");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
        assert_eq!(a, uuid(fnv(FNV_OFFSET, b"x")));
        assert_ne!(a, uuid(fnv(FNV_OFFSET, b"y")));
    }
}
