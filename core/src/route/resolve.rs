//! Address resolution: which jurisdiction a patient address (XAD, in PID-11 or QPD-8) or an
//! administering location (LA2, in RXA-11) lies in, and where in the message that came from.

use super::jurisdictions::Jurisdictions;
use super::raw;
use crate::v2::Delimiters;

/// The component texts of an address (XAD or LA2), 0-based: `parts[3]` is component 4.
pub(crate) type Parts<'a, const N: usize> = [&'a str; N];
/// How an address resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// To a jurisdiction (index into the table), by the part of the address named.
    Found(u16, Via),
    /// No address of a usable type (PID-11 absent, or only `BA` and other types).
    Missing,
    /// The country (XAD-6) is not the United States.
    OutsideUs,
    /// An address, but its state names no jurisdiction of the table.
    Unresolved,
}

/// Which part of the address decided the jurisdiction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Via {
    /// The state (XAD-4 / LA2-12).
    State,
    /// The county FIPS code (XAD-9), for a city IIS.
    County,
    /// The city name (XAD-3 / LA2-11), for a city IIS.
    City,
}

impl Place {
    /// The jurisdiction index, when found.
    pub(crate) fn index(self) -> Option<u16> {
        match self {
            Place::Found(i, _) => Some(i),
            _ => None,
        }
    }

    /// `resolved`, `missing`, `outside_us` or `unresolved`.
    pub(crate) fn status(self) -> &'static str {
        match self {
            Place::Found(..) => "resolved",
            Place::Missing => "missing",
            Place::OutsideUs => "outside_us",
            Place::Unresolved => "unresolved",
        }
    }
}

/// The address types (XAD-7) a home address may have, in order of preference; empty last.
const HOME_TYPES: [&str; 4] = ["H", "L", "M", "C"];

/// Picks the home address among the repetitions of an XAD field's text (PID-11, QPD-8): the
/// first of type `H`, else `L`, `M`, `C`, else the first with no type; never `BA` or another
/// type. Returns its 1-based repetition number and its first nine component values.
pub(crate) fn pick_home<'a>(field: &'a str, d: &Delimiters) -> Option<(usize, Parts<'a, 9>)> {
    // One pass: keep the best rank seen so far (0 = H ... 4 = empty).
    // Each repetition is split once: its type is component 7, its parts the first nine.
    let mut best: Option<(usize, usize, Parts<'a, 9>)> = None;
    for (i, rep) in raw::split(field, d.repetition).enumerate() {
        if rep.is_empty() {
            continue;
        }
        let parts = raw::components::<9>(rep, d);
        let kind = raw::value(parts[6], d);
        let rank = match kind.as_deref() {
            None => HOME_TYPES.len(),
            Some(k) => match HOME_TYPES.iter().position(|t| t.eq_ignore_ascii_case(k)) {
                Some(r) => r,
                None => continue,
            },
        };
        if best.is_none_or(|(r, _, _)| rank < r) {
            best = Some((rank, i + 1, parts));
            if rank == 0 {
                break;
            }
        }
    }
    best.map(|(_, n, parts)| (n, parts))
}

/// Is a country (XAD-6 / LA2-14) the United States (or empty)?
fn in_us(country: Option<&str>) -> bool {
    match country {
        None => true,
        Some(c) => ["USA", "US", "840"]
            .iter()
            .any(|u| u.eq_ignore_ascii_case(c)),
    }
}

/// Resolves an XAD address (its first nine components): state (XAD-4) by code or name, then
/// a city IIS of that state by county FIPS (XAD-9: 5 digits, or 3 with the state) or city
/// name (XAD-3).
pub(crate) fn resolve_xad(j: &Jurisdictions, parts: &Parts<'_, 9>, d: &Delimiters) -> Place {
    let v = |k: usize| raw::value(parts[k], d);
    if !in_us(v(5).as_deref()) {
        return Place::OutsideUs;
    }
    resolve_parts(j, v(3).as_deref(), || v(2), v(8).as_deref())
}

/// Resolves an LA2 location (RXA-11, its first fourteen components): state 11.12, city
/// 11.11, country 11.14; LA2 has no county.
pub(crate) fn resolve_la2(j: &Jurisdictions, parts: &Parts<'_, 14>, d: &Delimiters) -> Place {
    let v = |k: usize| raw::value(parts[k], d);
    if !in_us(v(13).as_deref()) {
        return Place::OutsideUs;
    }
    let state = v(11);
    if state.is_none() {
        return Place::Missing;
    }
    resolve_parts(j, state.as_deref(), || v(10), None)
}

/// `city` is read only for a state with a city IIS.
fn resolve_parts<'a>(
    j: &Jurisdictions,
    state: Option<&str>,
    city: impl FnOnce() -> Option<std::borrow::Cow<'a, str>>,
    county: Option<&str>,
) -> Place {
    let Some(state) = state else {
        return Place::Unresolved;
    };
    let Some(s) = j.state_index(state) else {
        return Place::Unresolved;
    };
    if !j.has_cities(s) {
        return Place::Found(s, Via::State);
    }
    // A county code decides on its own (a county outside the city is the state), so that a
    // neighbourhood name in XAD-3 never overrides it; only without one does the city name.
    if let Some(key) = county.and_then(county_key) {
        return match j.city_by_county(s, key) {
            Some(c) => Place::Found(c, Via::County),
            None => Place::Found(s, Via::State),
        };
    }
    if let Some(c) = city().and_then(|c| j.city_by_name(s, &c)) {
        return Place::Found(c, Via::City);
    }
    Place::Found(s, Via::State)
}

/// A county FIPS code as a lookup key: 5 digits (state + county) as their number, 3 digits
/// (county within the address's state) as their number plus 100,000; `None` otherwise.
pub(crate) fn county_key(text: &str) -> Option<u32> {
    let b = text.as_bytes();
    if !matches!(b.len(), 3 | 5) || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = b
        .iter()
        .fold(0u32, |acc, &c| acc * 10 + u32::from(c - b'0'));
    Some(if b.len() == 3 { n + 100_000 } else { n })
}
