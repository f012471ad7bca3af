//! A faster way from JSON text to the resources `from_fhir` reads, for [`super::from_fhir_json`].
//!
//! [`crate::fhir::read_resource`] reads any resource wherever its `resourceType` is: each
//! resource's text is copied out, probed for its type, then read, at every level of nesting, so
//! a Bundle's entries are scanned about five times. Here the Bundle's entries are borrowed from
//! the input (no copy), the type is read from the first key where it nearly always is (else
//! probed), and each entry is read once as its type: two passes over the text in all.
//! Resources `from_fhir` never reads (Provenance, ...) are skipped.
//!
//! Anything unusual (not valid JSON, a wrong type, an element of the wrong shape) returns
//! `None`, and the caller reads the text with `read_resource`, which gives the same resources
//! or the error it always gives.

use crate::fhir::model::{
    Bundle, BundleEntry, Extra, Immunization, Location, MessageHeader, Observation, Organization,
    Parameters, Patient, Practitioner, PractitionerRole, RelatedPerson, Resource,
};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;

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
    resource: Option<&'a RawValue>,
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
fn resource(text: &str) -> Option<Resource> {
    fn read<'a, T: Deserialize<'a> + Into<Resource>>(text: &'a str) -> Option<Resource> {
        serde_json::from_str::<T>(text).ok().map(Into::into)
    }
    match &*type_of(text)? {
        "Patient" => read::<Patient>(text),
        "Immunization" => read::<Immunization>(text),
        "RelatedPerson" => read::<RelatedPerson>(text),
        "Practitioner" => read::<Practitioner>(text),
        "PractitionerRole" => read::<PractitionerRole>(text),
        "Organization" => read::<Organization>(text),
        "Location" => read::<Location>(text),
        "Observation" => read::<Observation>(text),
        "MessageHeader" => read::<MessageHeader>(text),
        "Parameters" => read::<Parameters>(text),
        // Any other type is kept as its JSON object, as `read_resource` keeps it: its
        // `fullUrl` and `Type/id` must stay in the index, or a reference that names it could
        // resolve to another entry here and not there (found by the fuzz target).
        _ => serde_json::from_str::<Extra>(text)
            .ok()
            .map(Resource::Other),
    }
}

/// The resource of `json` as `from_fhir` needs it, or `None` (then use `read_resource`).
pub(super) fn read(json: &str) -> Option<Resource> {
    let top: Top<'_> = serde_json::from_str(json).ok()?;
    if top.resource_type.as_deref() != Some("Bundle") {
        return resource(json);
    }
    let mut entry = Vec::with_capacity(top.entry.len());
    for e in top.entry {
        let Some(raw) = e.resource else { continue };
        entry.push(BundleEntry {
            full_url: e.full_url.map(Cow::into_owned),
            resource: Some(resource(raw.get())?),
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
        // A wrong shape: no fast answer, read_resource gives the error.
        assert!(read(r#"{"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Patient", "gender": 1}}]}"#).is_none());
        assert!(read("[1]").is_none());
    }
}
