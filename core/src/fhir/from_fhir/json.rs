//! A faster way from JSON text to the resources `from_fhir` reads, for [`super::from_fhir_json`].
//!
//! [`crate::fhir::read_resource`] reads any resource wherever its `resourceType` is: each
//! resource's text is copied out, probed for its type, then read, at every level of nesting, so
//! a Bundle's entries are scanned about five times. Here a Bundle is read in one pass: each
//! entry's resource is read as its type straight away, which needs `resourceType` to be its
//! first key, as it nearly always is. Resources `from_fhir` never reads (Provenance, ...) are
//! kept as JSON objects.
//!
//! Anything unusual (not valid JSON, a wrong type, an element of the wrong shape, a
//! `resourceType` that is not first in an entry) returns `None`, and the caller reads the text
//! with `read_resource`, which gives the same resources or the error it always gives.

use crate::fhir::model::Key;
use crate::fhir::model::{Bundle, BundleEntry, Extra, Resource};
use serde::de::value::StringDeserializer;
use serde::de::{DeserializeSeed, Error as _, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// `$read` with `$T` naming the type of `resourceType` `$rt`, for the types `from_fhir`
/// reads; `$other` for any other type (kept as its JSON object, as `read_resource` keeps it:
/// its `fullUrl` and `Type/id` must stay in the index, or a reference that names it could
/// resolve to another entry here and not there — found by the fuzz target).
macro_rules! by_type {
    ($rt:expr, $T:ident => $read:expr, _ => $other:expr) => {
        match $rt {
            "Patient" => by_type!(@as $T Patient $read),
            "Immunization" => by_type!(@as $T Immunization $read),
            "RelatedPerson" => by_type!(@as $T RelatedPerson $read),
            "Practitioner" => by_type!(@as $T Practitioner $read),
            "PractitionerRole" => by_type!(@as $T PractitionerRole $read),
            "Organization" => by_type!(@as $T Organization $read),
            "Location" => by_type!(@as $T Location $read),
            "Observation" => by_type!(@as $T Observation $read),
            "MessageHeader" => by_type!(@as $T MessageHeader $read),
            "Parameters" => by_type!(@as $T Parameters $read),
            _ => $other,
        }
    };
    (@as $T:ident $ty:ident $read:expr) => {{
        use crate::fhir::model::$ty as $T;
        $read
    }};
}

#[derive(Deserialize)]
struct Top<'a> {
    #[serde(rename = "resourceType", borrow, default)]
    resource_type: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    entry: Vec<Entry<'a>>,
}

#[derive(Deserialize)]
struct Entry<'a> {
    #[serde(rename = "fullUrl", borrow, default)]
    full_url: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    resource: Option<EntryResource<'a>>,
}

/// An entry's resource, read in the same pass as the Bundle: its first key must be
/// `resourceType` (else the whole fast read gives up), the rest is read as that type.
struct EntryResource<'a>(Resource<'a>);

impl<'de: 'a, 'a> Deserialize<'de> for EntryResource<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let EntryResource(r) = d.deserialize_map(EntryVisit)?;
        Ok(EntryResource(r))
    }
}

struct EntryVisit;

impl<'de> Visitor<'de> for EntryVisit {
    type Value = EntryResource<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a resource that starts with its resourceType")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<EntryResource<'de>, A::Error> {
        // Entries before `resourceType` (rare) are kept as raw JSON and replayed.
        let mut before = Vec::new();
        let rt = loop {
            let Some(k) = a.next_key::<Key<'de>>()? else {
                return Err(A::Error::custom("a resource has no resourceType"));
            };
            if k.as_str() == "resourceType" {
                break a.next_value::<Key<'de>>()?;
            }
            before.push((k, a.next_value::<&'de RawValue>()?));
        };
        let mut a = Replay {
            before: before.into_iter(),
            value: None,
            rest: a,
        };
        Ok(EntryResource(by_type!(rt.as_str(),
            T => T::read_entries(a)?.into(),
            _ => {
                let mut map = Extra::new();
                map.insert(
                    "resourceType".to_owned(),
                    serde_json::Value::String(rt.into_string()),
                );
                while let Some((k, v)) = a.next_entry::<String, serde_json::Value>()? {
                    map.insert(k, v);
                }
                Resource::Other(map)
            }
        )))
    }
}

#[derive(Deserialize)]
struct Probe<'a> {
    #[serde(rename = "resourceType", borrow, default)]
    resource_type: Option<Cow<'a, str>>,
}

/// The `resourceType` of an object's text: read directly when it is the first key (and has
/// no escapes), else by a probe that skips the rest.
fn type_of(text: &str) -> Option<Cow<'_, str>> {
    let rest = text.trim_start().strip_prefix('{')?.trim_start();
    if let Some(rest) = rest.strip_prefix("\"resourceType\"") {
        let rest = rest.trim_start().strip_prefix(':')?.trim_start();
        if let Some(rest) = rest.strip_prefix('"') {
            if let Some(end) = rest.find(['"', '\\']) {
                if rest.as_bytes()[end] == b'"' {
                    return Some(Cow::Borrowed(&rest[..end]));
                }
            }
        }
    }
    serde_json::from_str::<Probe<'_>>(text).ok()?.resource_type
}

/// One resource from its text, as its type (a type `from_fhir` does not read: as its JSON
/// object); `None` when it does not read as that type.
fn resource(text: &str) -> Option<Resource<'static>> {
    fn read<'a, T: Deserialize<'a> + Into<Resource<'static>>>(
        text: &'a str,
    ) -> Option<Resource<'static>> {
        serde_json::from_str::<T>(text).ok().map(Into::into)
    }
    by_type!(&*type_of(text)?,
        T => read::<T>(text),
        _ => serde_json::from_str::<Extra>(text).ok().map(Resource::Other)
    )
}

/// A map's entries read ahead as raw JSON, then the rest of the map.
struct Replay<'de, I, A> {
    before: I,
    value: Option<&'de RawValue>,
    rest: A,
}

impl<'de, I, A> MapAccess<'de> for Replay<'de, I, A>
where
    I: Iterator<Item = (Key<'de>, &'de RawValue)>,
    A: MapAccess<'de>,
{
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.before.next() {
            Some((k, raw)) => {
                self.value = Some(raw);
                // A rare path: the key's own copy is fine.
                let k = StringDeserializer::<A::Error>::new(k.into_string());
                seed.deserialize(k).map(Some)
            }
            None => self.rest.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.value.take() {
            Some(raw) => {
                let mut de = serde_json::Deserializer::from_str(raw.get());
                seed.deserialize(&mut de).map_err(A::Error::custom)
            }
            None => self.rest.next_value_seed(seed),
        }
    }
}

/// The resource of `json` as `from_fhir` needs it, or `None` (then use `read_resource`).
pub(super) fn read(json: &str) -> Option<Resource<'_>> {
    let top: Top<'_> = serde_json::from_str(json).ok()?;
    if top.resource_type.as_deref() != Some("Bundle") {
        return resource(json);
    }
    let mut entry = Vec::with_capacity(top.entry.len());
    for e in top.entry {
        let Some(EntryResource(r)) = e.resource else {
            continue;
        };
        entry.push(BundleEntry {
            full_url: e.full_url.map(|u| Cow::Owned(u.into_owned())),
            resource: Some(r),
            ..BundleEntry::default()
        });
    }
    Some(
        Bundle {
            entry,
            ..Bundle::default()
        }
        .into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_first_or_probed() {
        assert_eq!(
            type_of(r#" { "resourceType" : "Patient", "id": "1"}"#).as_deref(),
            Some("Patient")
        );
        assert_eq!(
            type_of(r#"{"id": "1", "resourceType": "Patient"}"#).as_deref(),
            Some("Patient")
        );
        assert_eq!(
            type_of(r#"{"resourceType": "Pa\u0074ient"}"#).as_deref(),
            Some("Patient")
        );
        assert_eq!(type_of(r#"{"id": "1"}"#), None);
    }

    #[test]
    fn the_same_resources_as_read_resource() {
        let json = r#"{"resourceType": "Bundle", "type": "collection", "entry": [
            {"fullUrl": "urn:uuid:1", "resource": {"resourceType": "Patient", "id": "p", "gender": "female"}},
            {"resource": {"resourceType": "Provenance"}},
            {"fullUrl": "urn:uuid:2", "resource": {"id": "i", "resourceType": "Immunization",
               "doseQuantity": {"value": 0.50}}}]}"#;
        let fast = read(json).unwrap();
        let Resource::Bundle(b) = fast else { panic!() };
        let Resource::Bundle(slow) = crate::fhir::read_resource(json).unwrap() else {
            panic!()
        };
        // Every entry, the Provenance included (kept as JSON, so references index alike).
        assert_eq!(b.entry.len(), 3);
        assert_eq!(b.entry, slow.entry);
        // Elements before resourceType, of a type read and of one kept as JSON; escapes.
        let json = r#"{"resourceType": "Bundle", "entry": [
            {"resource": {"id": "p\u0031", "meta": {"tag": [{"code": "t"}]}, "resourceType": "Patient",
               "gender": "male"}},
            {"fullUrl": "urn:uuid:9", "resource": {"target": [{"reference": "urn:uuid:2"}],
               "resourceType": "Provenance", "id": "v"}},
            {"resource": {"resourceType": "Location", "name": "A \"B\""}}]}"#;
        let Some(Resource::Bundle(b)) = read(json) else {
            panic!()
        };
        let Resource::Bundle(slow) = crate::fhir::read_resource(json).unwrap() else {
            panic!()
        };
        assert_eq!(b.entry, slow.entry);
        assert_eq!(
            b.entry[0].resource.as_ref().and_then(Resource::id),
            Some("p1")
        );
        // A wrong shape: no fast answer, read_resource gives the error.
        assert!(read(r#"{"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Patient", "gender": 1}}]}"#).is_none());
        assert!(read("[1]").is_none());
    }
}
