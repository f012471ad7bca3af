//! References: the Bundle's resources indexed once (by `fullUrl` and by `Type/id`), and a
//! resource's `contained` resources, so that resolving any reference is one hash lookup
//! (a Bundle of n resources costs O(n), never O(n²)).

use crate::fasthash::FxMap;
use crate::fhir::model::{Extra, Reference, Resource};

/// Where references resolve: the Bundle's entries (when there is a Bundle) and the
/// `contained` resources of the resource being mapped.
#[derive(Default)]
pub(super) struct Index<'a> {
    /// The Bundle's resources, in entry order.
    pub entries: Vec<&'a Resource<'a>>,
    by_url: FxMap<&'a str, usize>,
    by_type_id: FxMap<(&'a str, &'a str), usize>,
}

impl<'a> Index<'a> {
    /// Indexes a Bundle's entries.
    pub(super) fn new(entries: impl Iterator<Item = (Option<&'a str>, &'a Resource<'a>)>) -> Self {
        let mut ix = Index::default();
        // One allocation per table, not a rehash at every doubling.
        let (low, high) = entries.size_hint();
        let n = high.unwrap_or(low);
        ix.entries.reserve(n);
        ix.by_url.reserve(n);
        ix.by_type_id.reserve(n);
        for (url, r) in entries {
            let n = ix.entries.len();
            ix.entries.push(r);
            if let Some(url) = url.filter(|u| !u.is_empty()) {
                ix.by_url.entry(url).or_insert(n);
            }
            if let Some(id) = r.id().filter(|i| !i.is_empty()) {
                ix.by_type_id.entry((r.resource_type(), id)).or_insert(n);
            }
        }
        ix
    }

    /// The entry a reference names: `urn:uuid:…` / an absolute URL by `fullUrl`, else by its
    /// last `Type/id` (relative `Patient/1`, or an absolute URL whose base differs; a
    /// `/_history/n` suffix is ignored). `None` for `#contained` references (see
    /// [`Scope::resolve`]) and anything not in the Bundle.
    pub(super) fn entry(&self, reference: &str) -> Option<usize> {
        if reference.starts_with('#') {
            return None;
        }
        if let Some(&n) = self.by_url.get(reference) {
            return Some(n);
        }
        let (t, id) = type_and_id(reference)?;
        self.by_type_id.get(&(t, id)).copied()
    }
}

/// The last `Type/id` of a reference, without a `/_history/n` suffix.
fn type_and_id(reference: &str) -> Option<(&str, &str)> {
    let r = match reference.find("/_history/") {
        Some(at) => &reference[..at],
        None => reference,
    };
    let r = r.split(['?', '#']).next().unwrap_or(r);
    let (rest, id) = r.rsplit_once('/')?;
    let t = rest.rsplit('/').next().unwrap_or(rest);
    (!t.is_empty() && !id.is_empty()).then_some((t, id))
}

/// A resource's `contained` resources (kept by the model in `extra`), read as resources. Ones
/// that do not read as FHIR are skipped: an unreadable contained resource is the same as a
/// missing one to the reference that names it.
pub(super) fn contained(extra: &Extra) -> Vec<Resource<'static>> {
    let Some(serde_json::Value::Array(items)) = extra.get("contained") else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|v| {
            // The model reads decimals (and nested resources) from JSON text only, so the
            // value goes back to text once; contained resources are small and rare.
            let text = serde_json::to_string(v).ok()?;
            crate::fhir::read_resource(&text).ok()
        })
        .collect()
}

/// Resolution for one resource being mapped: the Bundle's index plus its contained
/// resources.
pub(super) struct Scope<'r> {
    pub index: &'r Index<'r>,
    pub contained: &'r [Resource<'r>],
}

impl<'r> Scope<'r> {
    /// The resource a reference points to, if it can be found.
    pub(super) fn resolve(&self, reference: Option<&Reference>) -> Option<&'r Resource<'r>> {
        let text = reference?.reference.as_deref()?;
        if let Some(id) = text.strip_prefix('#') {
            return self
                .contained
                .iter()
                .find(|r| r.id() == Some(id) && !id.is_empty());
        }
        self.index
            .entry(text)
            .and_then(|n| self.index.entries.get(n).copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_and_id_of_references() {
        assert_eq!(type_and_id("Patient/1"), Some(("Patient", "1")));
        assert_eq!(
            type_and_id("http://x.org/fhir/Patient/1/_history/2"),
            Some(("Patient", "1"))
        );
        assert_eq!(type_and_id("urn:uuid:1234"), None);
        assert_eq!(type_and_id("Patient/"), None);
    }
}
