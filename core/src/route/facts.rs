//! The facts a routing decision is made of, computed once per message in one pass over its
//! segments: home and administering jurisdictions (with where each came from), the sender,
//! message type, age, vaccine groups, protection and registry status.
//!
//! [`Facts`] is the serializable view returned to callers: jurisdiction codes, age in years,
//! codes — never names, dates, street addresses or identifiers. Address values (state, city)
//! appear only when the caller asks to reveal them.

use super::jurisdictions::Jurisdictions;
use super::policy::{push_number, Compiled};
use super::raw;
use super::resolve::{self, Place, Via};
use super::small::SmallList;
use crate::conformance::CodeTables;
use crate::v2::{Delimiters, Message};
use serde::Serialize;
use std::borrow::Cow;
use std::sync::OnceLock;

/// How the administering jurisdiction of one new administration was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum AdminVia {
    /// RXA-11 (LA2): its state, or its city for a city IIS.
    Location(Via),
    /// The policy's facility table, keyed by RXA-11.4.
    FacilityRxa,
    /// The policy's facility table, keyed by MSH-4.
    FacilityMsh4,
    /// The sender's configured home jurisdiction.
    #[default]
    SenderHome,
}

/// One ORDER group whose RXA-9.1 is `00`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Admin {
    /// 1-based occurrence of the RXA.
    pub rxa: u32,
    /// The jurisdiction, or `None` when nothing resolved it.
    pub jurisdiction: Option<u16>,
    /// How it was found (meaningless when `jurisdiction` is `None`).
    pub via: AdminVia,
}

/// The facts of one message, borrowed from it.
#[derive(Debug)]
pub(crate) struct MsgFacts<'m> {
    pub message_type: Option<Cow<'m, str>>,
    pub sender: Option<Cow<'m, str>>,
    pub sender_home: Option<u16>,
    pub home: Place,
    /// 1-based repetition of PID-11 the home came from (0 when none).
    pub home_rep: usize,
    pub home_state: Option<Cow<'m, str>>,
    pub home_city: Option<Cow<'m, str>>,
    pub qpd8: Place,
    pub admins: SmallList<Admin, 8>,
    pub age_years: Option<u32>,
    pub groups: SmallList<&'static str, 8>,
    pub protection: Option<Cow<'m, str>>,
    pub registry_status: Option<Cow<'m, str>>,
}

impl MsgFacts<'_> {
    /// Whether any new administration's jurisdiction is unresolved.
    pub(crate) fn admin_unresolved(&self) -> bool {
        self.admins.iter().any(|a| a.jurisdiction.is_none())
    }

    /// Whether the message holds a new administration (RXA-9.1 = `00`).
    pub(crate) fn new_administration(&self) -> bool {
        !self.admins.is_empty()
    }

    /// Whether `j` administered one of the new administrations.
    pub(crate) fn administered_in(&self, j: u16) -> bool {
        self.admins.iter().any(|a| a.jurisdiction == Some(j))
    }
}

/// Computes the facts of `msg` under the policy's facility and sender tables, in one pass
/// over its segments.
#[inline(never)] // once per message; kept apart so that profiles show its cost
pub(crate) fn compute<'m>(
    msg: &'m Message<'_>,
    j: &Jurisdictions,
    policy: &Compiled,
) -> MsgFacts<'m> {
    let d = msg.delimiters();
    let mut f = MsgFacts {
        message_type: None,
        sender: None,
        sender_home: None,
        home: Place::Missing,
        home_rep: 0,
        home_state: None,
        home_city: None,
        qpd8: Place::Missing,
        admins: SmallList::default(),
        age_years: None,
        groups: SmallList::default(),
        protection: None,
        registry_status: None,
    };
    let mut msh4: [Option<Cow<'m, str>>; 2] = [None, None];
    let (mut seen_msh, mut seen_pid, mut seen_pd1, mut seen_qpd) = (false, false, false, false);
    let mut birth = None;
    // Age at the first new administration, else at the first RXA.
    let (mut first_new_at, mut first_at, mut rxa_count) = (None, None, 0u32);
    let mut sender_known = false;
    let src = msg.as_str();
    for seg in msg.segments() {
        let text: &'m str = src.get(seg.range()).unwrap_or("");
        // The id as bytes: a three-byte comparison per arm, for every segment of the message.
        match text.as_bytes().get(..3).unwrap_or(b"") {
            b"MSH" if !seen_msh => {
                seen_msh = true;
                let [hd, kind] = raw::fields(text, d, [4, 9]);
                f.message_type = raw::first(kind, d, 1);
                let hd = raw::nth(hd, d.repetition, 1);
                msh4 = [
                    raw::value(raw::nth(hd, d.component, 1), d),
                    raw::value(raw::nth(hd, d.component, 2), d),
                ];
                f.sender = msh4[0].clone();
            }
            b"PID" if !seen_pid => {
                seen_pid = true;
                let [dob, addr] = raw::fields(text, d, [7, 11]);
                if let Some((n, parts)) = resolve::pick_home(addr, d) {
                    f.home = resolve::resolve_xad(j, &parts, d);
                    f.home_rep = n;
                    f.home_state = raw::value(parts[3], d);
                    f.home_city = raw::value(parts[2], d);
                }
                birth = ymd(dob);
            }
            b"PD1" if !seen_pd1 => {
                seen_pd1 = true;
                let [protection, status] = raw::fields(text, d, [12, 16]);
                f.protection = raw::first(protection, d, 1);
                f.registry_status = raw::first(status, d, 1);
            }
            b"QPD" if !seen_qpd => {
                seen_qpd = true;
                let [addr] = raw::fields(text, d, [8]);
                if let Some((_, parts)) = resolve::pick_home(addr, d) {
                    f.qpd8 = resolve::resolve_xad(j, &parts, d);
                }
            }
            b"RXA" => {
                rxa_count += 1;
                if !sender_known {
                    // MSH comes first: the sender's home is known from the first RXA on.
                    f.sender_home = policy.sender_home(msh4[0].as_deref());
                    sender_known = true;
                }
                let [when, vaccine, kind, location] = raw::fields(text, d, [3, 5, 9, 11]);
                if let Some(code) = cvx(vaccine, d) {
                    for g in vaccine_groups(&code) {
                        if !f.groups.contains(&g.as_str()) {
                            f.groups.push(g.as_str());
                        }
                    }
                }
                let new = raw::first(kind, d, 1).as_deref() == Some("00");
                if rxa_count == 1 {
                    first_at = ymd(when);
                }
                if new && f.admins.is_empty() {
                    first_new_at = ymd(when);
                }
                if new {
                    let site = Site {
                        occurrence: rxa_count,
                        location,
                    };
                    f.admins
                        .push(administering(j, policy, &site, d, &msh4, f.sender_home));
                }
            }
            _ => {}
        }
    }
    if !sender_known {
        f.sender_home = policy.sender_home(msh4[0].as_deref());
    }
    if let (Some(b), Some(at)) = (birth, first_new_at.or(first_at)) {
        f.age_years = years_between(b, at);
    }
    f
}

/// The CVX code of an RXA-5 (CWE): the identifier when its system is CVX or empty, else the
/// alternate identifier when that system is CVX.
fn cvx<'m>(field: &'m str, d: &Delimiters) -> Option<Cow<'m, str>> {
    let [code, _, system, alt, _, alt_system] = raw::first_components::<6>(field, d);
    let is_cvx = |s: &str| raw::trim(s).eq_ignore_ascii_case("CVX");
    if raw::trim(system).is_empty() || is_cvx(system) {
        raw::value(code, d)
    } else if is_cvx(alt_system) {
        raw::value(alt, d)
    } else {
        None
    }
}

/// The CDC vaccine groups of a CVX code (empty when unknown), as the built-in table has
/// them. CDC's codes are one to three digits: those are found by their number in an array
/// built once, where the table's own lookup is a binary search of string comparisons, done
/// for every RXA of every message. Any other code goes to the table.
fn vaccine_groups(code: &str) -> &'static [String] {
    static BY_NUMBER: OnceLock<Vec<u16>> = OnceLock::new();
    let tables = CodeTables::builtin();
    let rows = tables.cvx_codes();
    let index = BY_NUMBER.get_or_init(|| {
        let mut v = vec![u16::MAX; DIGIT_KEYS];
        for (i, row) in rows.iter().enumerate() {
            if let (Some(k), Ok(i)) = (digit_key(&row.code), u16::try_from(i)) {
                v[k] = i;
            }
        }
        v
    });
    match digit_key(code) {
        Some(k) => match index.get(k).and_then(|&i| rows.get(usize::from(i))) {
            Some(row) => &row.vaccine_groups,
            None => &[],
        },
        None => tables.vaccine_groups(code),
    }
}

/// How many keys [`digit_key`] has: 10 of one digit, 100 of two, 1,000 of three.
const DIGIT_KEYS: usize = 1110;

/// A distinct small number for each text of one to three ASCII digits (`"8"` and `"08"` are
/// different codes, so the length is part of the key).
fn digit_key(code: &str) -> Option<usize> {
    let b = code.as_bytes();
    if b.is_empty() || b.len() > 3 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = b
        .iter()
        .fold(0usize, |acc, &c| acc * 10 + usize::from(c - b'0'));
    Some(match b.len() {
        1 => n,
        2 => 10 + n,
        _ => 110 + n,
    })
}

/// One new administration: its RXA occurrence and the text of its RXA-11.
struct Site<'m> {
    occurrence: u32,
    location: &'m str,
}

fn administering(
    j: &Jurisdictions,
    policy: &Compiled,
    site: &Site<'_>,
    d: &Delimiters,
    msh4: &[Option<Cow<'_, str>>; 2],
    sender_home: Option<u16>,
) -> Admin {
    let found = |jur, via| Admin {
        rxa: site.occurrence,
        jurisdiction: Some(jur),
        via,
    };
    let parts = raw::first_components::<14>(site.location, d);
    if let Place::Found(i, via) = resolve::resolve_la2(j, &parts, d) {
        return found(i, AdminVia::Location(via));
    }
    // RXA-11.4 is an HD: namespace id, then universal id, as subcomponents.
    let hd = parts[3];
    for s in 1..=2 {
        let key = raw::value(raw::nth(hd, d.subcomponent, s), d);
        if let Some(i) = key.and_then(|k| policy.facility(&k)) {
            return found(i, AdminVia::FacilityRxa);
        }
    }
    for key in msh4.iter().flatten() {
        if let Some(i) = policy.facility(key) {
            return found(i, AdminVia::FacilityMsh4);
        }
    }
    match sender_home {
        Some(i) => found(i, AdminVia::SenderHome),
        None => Admin {
            rxa: site.occurrence,
            jurisdiction: None,
            via: AdminVia::SenderHome,
        },
    }
}

/// `YYYYMMDD` at the start of a DTM/TS value, as (year, month, day).
fn ymd(s: &str) -> Option<(u32, u32, u32)> {
    let b = s.as_bytes().get(..8)?;
    if !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| {
        b[r].iter()
            .fold(0u32, |acc, &c| acc * 10 + u32::from(c - b'0'))
    };
    let (y, m, d) = (n(0..4), n(4..6), n(6..8));
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

/// Whole years from `birth` to `at`; `None` when `at` is before `birth`.
fn years_between(birth: (u32, u32, u32), at: (u32, u32, u32)) -> Option<u32> {
    if at < birth {
        return None;
    }
    let mut years = at.0 - birth.0;
    if (at.1, at.2) < (birth.1, birth.2) {
        years -= 1;
    }
    Some(years)
}

/// The facts a decision used, safe to log: jurisdiction codes, age in years, codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Facts {
    /// MSH-9.1 (`VXU`, `QBP`).
    pub message_type: Option<String>,
    /// MSH-4.1, the sending facility's id.
    pub sender: Option<String>,
    /// The sender's home jurisdiction from the policy's `sender` table.
    pub sender_home: Option<String>,
    /// The patient's home jurisdiction (from PID-11).
    pub home: Option<String>,
    /// `resolved`, `missing` (no usable PID-11), `outside_us` or `unresolved`.
    pub home_status: &'static str,
    /// Where the home came from (`PID-11[2].9 county FIPS`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home_source: Option<String>,
    /// One entry per new administration (RXA-9.1 = `00`).
    pub administering: Vec<AdministeringFact>,
    /// The home jurisdiction of the QPD-8 address of a query.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qpd8_home: Option<String>,
    /// Whole years from PID-7 to the RXA-3 of the first new administration (else the first
    /// RXA).
    pub age_years: Option<u32>,
    /// CDC vaccine groups of the RXA-5 CVX codes.
    pub vaccine_groups: Vec<String>,
    /// PD1-12, the protection indicator.
    pub protection: Option<String>,
    /// PD1-16, the registry status.
    pub registry_status: Option<String>,
    /// The home address's state (XAD-4) as written; only when revealing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home_state: Option<String>,
    /// The home address's city (XAD-3) as written; only when revealing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home_city: Option<String>,
}

/// The administering jurisdiction of one new administration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdministeringFact {
    /// 1-based occurrence of the RXA segment.
    pub rxa: u32,
    /// The jurisdiction, or `None` when it could not be resolved.
    pub jurisdiction: Option<String>,
    /// Where it came from (`RXA-11.12`, `facility table (RXA-11.4)`, ...), or why not.
    pub source: String,
}

/// Where a home found by `via` came from, as a path (`PID-11[2].4 state`).
pub(crate) fn home_source(rep: usize, via: Via) -> String {
    let mut out = String::with_capacity(24);
    push_home_source(&mut out, rep, via);
    out
}

/// Appends [`home_source`] to `out`.
pub(crate) fn push_home_source(out: &mut String, rep: usize, via: Via) {
    let what = match via {
        Via::State => ".4 state",
        Via::County => ".9 county FIPS",
        Via::City => ".3 city",
    };
    out.push_str("PID-11[");
    match u32::try_from(rep) {
        Ok(n) => push_number(out, n),
        Err(_) => out.push_str(&rep.to_string()),
    }
    out.push(']');
    out.push_str(what);
}

/// Where an administering jurisdiction came from.
pub(crate) fn admin_source(a: &Admin) -> &'static str {
    match (a.jurisdiction, a.via) {
        (None, _) => "unresolved: no RXA-11 state, facility table entry or sender home",
        (Some(_), AdminVia::Location(Via::City)) => "RXA-11.11 city",
        (Some(_), AdminVia::Location(_)) => "RXA-11.12 state",
        (Some(_), AdminVia::FacilityRxa) => "facility table (RXA-11.4)",
        (Some(_), AdminVia::FacilityMsh4) => "facility table (MSH-4)",
        (Some(_), AdminVia::SenderHome) => "sender home (MSH-4)",
    }
}

impl Facts {
    #[inline(never)] // once per message; kept apart so that profiles show its cost
    pub(crate) fn from_msg(f: &MsgFacts<'_>, j: &Jurisdictions, reveal: bool) -> Facts {
        let id = |i: Option<u16>| i.map(|i| j.at(i).id.clone());
        let own = |c: &Option<Cow<'_, str>>| c.as_deref().map(str::to_string);
        Facts {
            message_type: own(&f.message_type),
            sender: own(&f.sender),
            sender_home: id(f.sender_home),
            home: id(f.home.index()),
            home_status: f.home.status(),
            home_source: match f.home {
                Place::Found(_, via) => Some(home_source(f.home_rep, via)),
                _ => None,
            },
            administering: f
                .admins
                .iter()
                .map(|a| AdministeringFact {
                    rxa: a.rxa,
                    jurisdiction: id(a.jurisdiction),
                    source: admin_source(a).to_string(),
                })
                .collect(),
            qpd8_home: id(f.qpd8.index()),
            age_years: f.age_years,
            vaccine_groups: f.groups.iter().map(|g| g.to_string()).collect(),
            protection: own(&f.protection),
            registry_status: own(&f.registry_status),
            home_state: if reveal { own(&f.home_state) } else { None },
            home_city: if reveal { own(&f.home_city) } else { None },
        }
    }
}
