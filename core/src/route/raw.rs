//! A minimal reader of the few fields routing needs, straight from a segment's text: one
//! split per level instead of the general views (which build paths and spans for every part),
//! because facts are computed for every message on the benchmarked path. Values are the
//! first subcomponent, trimmed, escapes decoded; empty is `None`.

use crate::v2::{escape, Delimiters};
use std::borrow::Cow;

/// The pieces of `s` split at the byte `sep` (the datatypes' splitter, shared).
pub(crate) use crate::datatypes::pieces as split;

/// Piece `n` (1-based) of `s` split at `sep`; empty when there are fewer pieces.
pub(crate) fn nth(s: &str, sep: u8, n: usize) -> &str {
    if n == 0 {
        return "";
    }
    split(s, sep).nth(n - 1).unwrap_or("")
}

/// Fields `wanted` (1-based, ascending) of a segment's text, in one pass. MSH is numbered as
/// HL7 does (MSH-1 is the separator, so MSH-n is piece n - 1 after the id).
pub(crate) fn fields<'m, const N: usize>(
    seg: &'m str,
    d: &Delimiters,
    wanted: [usize; N],
) -> [&'m str; N] {
    let mut out = [""; N];
    let shift = usize::from(seg.starts_with("MSH"));
    let mut k = 0;
    for (piece, text) in split(seg, d.field).enumerate() {
        while k < N && wanted[k] < piece + shift {
            k += 1;
        }
        if k == N {
            break;
        }
        if wanted[k] == piece + shift && piece > 0 {
            out[k] = text;
            k += 1;
        }
    }
    out
}

/// The value of a component's text: its first subcomponent, trimmed and decoded.
pub(crate) fn value<'m>(component: &'m str, d: &Delimiters) -> Option<Cow<'m, str>> {
    let first = split(component, d.subcomponent).next().unwrap_or("").trim();
    if first.is_empty() {
        return None;
    }
    if !first.as_bytes().contains(&d.escape) {
        return Some(Cow::Borrowed(first));
    }
    match escape::decode(first, d) {
        Cow::Borrowed(b) => Some(Cow::Borrowed(b)),
        Cow::Owned(o) => {
            let t = o.trim();
            (!t.is_empty()).then(|| Cow::Owned(t.to_string()))
        }
    }
}

/// The texts of the first `N` components of a repetition's text (raw: take a value with
/// [`value`] only where needed).
pub(crate) fn components<'m, const N: usize>(rep: &'m str, d: &Delimiters) -> [&'m str; N] {
    let mut out = [""; N];
    for (slot, c) in out.iter_mut().zip(split(rep, d.component)) {
        *slot = c;
    }
    out
}

/// The value of component `c` of the first repetition of a field's text.
pub(crate) fn first<'m>(field: &'m str, d: &Delimiters, c: usize) -> Option<Cow<'m, str>> {
    let rep = nth(field, d.repetition, 1);
    value(nth(rep, d.component, c), d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_components_and_values() {
        let d = Delimiters::default();
        let msh = "MSH|^~\\&|APP|FAC^1.2^ISO|||20240101||VXU^V04";
        assert_eq!(
            fields(msh, &d, [3, 4, 9, 30]),
            ["APP", "FAC^1.2^ISO", "VXU^V04", ""]
        );
        let pid = "PID|1||X||DOE||20200101|F|||a^^b~c";
        assert_eq!(fields(pid, &d, [1, 7, 11]), ["1", "20200101", "a^^b~c"]);
        assert_eq!(first("VXU^V04", &d, 2).as_deref(), Some("V04"));
        assert_eq!(first(" 00 ^x~01", &d, 1).as_deref(), Some("00"));
        assert_eq!(first("a&b^c", &d, 1).as_deref(), Some("a"));
        assert_eq!(first("a\\T\\b", &d, 1).as_deref(), Some("a&b"));
        assert_eq!(first("^", &d, 1), None);
        assert_eq!(components::<3>("x^ ^z^w", &d), ["x", " ", "z"]);
        assert_eq!(components::<3>("x", &d), ["x", "", ""]);
        assert_eq!(value(" ", &d), None);
    }
}
