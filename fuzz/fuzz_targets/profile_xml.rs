//! `profile_xml`: arbitrary UTF-8 through `ProfileSet::from_xml`, the run-time loader of NIST
//! conformance profiles (jurisdictions hand these to the library).
//!
//! The input is cut at NUL bytes into up to three parts: the profile XML, then the constraints
//! XML and the value-set library when present (the seeds are the three files of a small profile
//! joined that way, so mutations reach all three readers).
//!
//! Checked, as `conformance::model` documents it:
//! - nothing panics and the loader ends (recursion is bounded);
//! - a failure is a `ProfileLoad` error;
//! - a loaded profile is fully resolved: every segment, datatype and predicate index points
//!   into its table, value sets are sorted by id (unique) and their codes by value (unique).
#![no_main]

use izkit::conformance::model::{Element, Node, Profile};
use izkit::conformance::ProfileSet;
use izkit::ErrorKind;
use libfuzzer_sys::fuzz_target;

fn check_nodes(p: &Profile, nodes: &[Node], depth: usize) {
    assert!(depth <= 100, "structure deeper than the loader allows");
    for n in nodes {
        match n {
            Node::Segment(s) => assert!(
                (s.segment as usize) < p.segments.len(),
                "segment index out of range"
            ),
            Node::Group(g) => check_nodes(p, &g.children, depth + 1),
        }
    }
}

fn check_elements(p: &Profile, elements: &[Element], predicates: usize) {
    for e in elements {
        assert!(
            (e.datatype as usize) < p.datatypes.len(),
            "datatype index out of range"
        );
        if let Some(i) = e.predicate {
            assert!((i as usize) < predicates, "predicate index out of range");
        }
    }
}

fn check(p: &Profile) {
    check_nodes(p, &p.structure, 0);
    for s in &p.segments {
        check_elements(p, &s.fields, s.predicates.len());
    }
    for d in &p.datatypes {
        check_elements(p, &d.components, d.predicates.len());
    }
    assert!(
        p.value_sets.windows(2).all(|w| w[0].id < w[1].id),
        "value sets not sorted by id, or an id twice"
    );
    for v in &p.value_sets {
        assert!(
            v.codes.windows(2).all(|w| w[0].value < w[1].value),
            "codes not sorted by value, or a value twice"
        );
        assert!(
            !v.codes.is_empty() || v.no_validation,
            "an empty value set must be no_validation"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.splitn(3, '\0');
    let profile = parts.next().unwrap_or_default();
    let constraints = parts.next();
    let value_sets = parts.next();
    match ProfileSet::from_xml(profile, constraints, value_sets) {
        Ok(set) => {
            for id in set.ids() {
                check(set.get(id).expect("an id the set lists is in the set"));
            }
        }
        Err(e) => assert!(
            matches!(e.kind, ErrorKind::ProfileLoad { .. }),
            "unexpected error kind {:?}",
            e.kind
        ),
    }
});
