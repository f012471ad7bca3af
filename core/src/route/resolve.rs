//! Address resolution: which jurisdiction a patient address (XAD, in PID-11 or QPD-8) or an
//! administering location (LA2, in RXA-11) lies in, and where in the message that came from.

use super::jurisdictions::Jurisdictions;
use crate::v2::{Component, Field, Repetition};
use std::borrow::Cow;

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

/// The first value (first subcomponent) of a component, trimmed; `None` when empty.
pub(crate) fn text<'a>(c: Option<Component<'a>>) -> Option<Cow<'a, str>> {
    let v = c?.subcomponent(1)?.value()?;
    let t = v.trim();
    if t.is_empty() {
        return None;
    }
    Some(if t.len() == v.len() {
        v
    } else {
        Cow::Owned(t.to_string())
    })
}

/// The address types (XAD-7) a home address may have, in order of preference; empty last.
const HOME_TYPES: [&str; 4] = ["H", "L", "M", "C"];

/// Picks the home address among the repetitions of an XAD field (PID-11, QPD-8): the first
/// of type `H`, else `L`, `M`, `C`, else the first with no type; never `BA` or another type.
/// Returns the repetition and its 1-based number.
pub(crate) fn pick_home<'a>(field: &Field<'a>) -> Option<(usize, Repetition<'a>)> {
    // One pass: remember the best rank seen so far (0 = H ... 4 = empty).
    let mut best: Option<(usize, usize, Repetition<'a>)> = None;
    for (i, rep) in field.repetitions().enumerate() {
        if rep.is_empty() {
            continue;
        }
        let kind = text(rep.component(7));
        let rank = match kind.as_deref() {
            None => HOME_TYPES.len(),
            Some(k) => match HOME_TYPES.iter().position(|t| t.eq_ignore_ascii_case(k)) {
                Some(r) => r,
                None => continue,
            },
        };
        if best.as_ref().is_none_or(|(r, _, _)| rank < *r) {
            best = Some((rank, i + 1, rep));
            if rank == 0 {
                break;
            }
        }
    }
    best.map(|(_, n, rep)| (n, rep))
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

/// Resolves an XAD repetition: state (XAD-4) by code or name, then a city IIS of that state
/// by county FIPS (XAD-9: 5 digits, or 3 with the state) or city name (XAD-3).
pub(crate) fn resolve_xad(j: &Jurisdictions, rep: &Repetition<'_>) -> Place {
    if !in_us(text(rep.component(6)).as_deref()) {
        return Place::OutsideUs;
    }
    resolve_parts(
        j,
        text(rep.component(4)).as_deref(),
        text(rep.component(3)).as_deref(),
        text(rep.component(9)).as_deref(),
    )
}

/// Resolves an LA2 location (RXA-11): state 11.12, city 11.11, country 11.14; LA2 has no
/// county.
pub(crate) fn resolve_la2(j: &Jurisdictions, field: &Field<'_>) -> Place {
    let Some(rep) = field.repetition(1) else {
        return Place::Missing;
    };
    if !in_us(text(rep.component(14)).as_deref()) {
        return Place::OutsideUs;
    }
    let state = text(rep.component(12));
    if state.is_none() {
        return Place::Missing;
    }
    resolve_parts(
        j,
        state.as_deref(),
        text(rep.component(11)).as_deref(),
        None,
    )
}

fn resolve_parts(
    j: &Jurisdictions,
    state: Option<&str>,
    city: Option<&str>,
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
    if let Some(c) = city.and_then(|c| j.city_by_name(s, c)) {
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
