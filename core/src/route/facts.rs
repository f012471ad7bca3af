//! The facts a routing decision is made of, computed once per message in one pass over its
//! segments: home and administering jurisdictions (with where each came from), the sender,
//! message type, age, vaccine groups, protection and registry status.
//!
//! [`Facts`] is the serializable view returned to callers: jurisdiction codes, age in years,
//! codes — never names, dates, street addresses or identifiers. Address values (state, city)
//! appear only when the caller asks to reveal them.

use super::jurisdictions::Jurisdictions;
use super::policy::Compiled;
use super::resolve::{self, text, Place, Via};
use crate::conformance::CodeTables;
use crate::v2::{Message, Segment};
use serde::Serialize;
use std::borrow::Cow;

/// How the administering jurisdiction of one new administration was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AdminVia {
    /// RXA-11 (LA2): its state, or its city for a city IIS.
    Location(Via),
    /// The policy's facility table, keyed by RXA-11.4.
    FacilityRxa,
    /// The policy's facility table, keyed by MSH-4.
    FacilityMsh4,
    /// The sender's configured home jurisdiction.
    SenderHome,
}

/// One ORDER group whose RXA-9.1 is `00`.
#[derive(Debug, Clone, Copy)]
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
    pub admins: Vec<Admin>,
    pub age_years: Option<u32>,
    pub groups: Vec<&'static str>,
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

fn field_text<'a>(seg: &Segment<'a>, f: usize, c: usize) -> Option<Cow<'a, str>> {
    text(seg.field(f)?.component(c))
}

/// Computes the facts of `msg` under the policy's facility and sender tables.
pub(crate) fn compute<'m>(
    msg: &'m Message<'_>,
    j: &Jurisdictions,
    policy: &Compiled,
) -> MsgFacts<'m> {
    let mut f = MsgFacts {
        message_type: None,
        sender: None,
        sender_home: None,
        home: Place::Missing,
        home_rep: 0,
        home_state: None,
        home_city: None,
        qpd8: Place::Missing,
        admins: Vec::new(),
        age_years: None,
        groups: Vec::new(),
        protection: None,
        registry_status: None,
    };
    let (mut msh, mut pid, mut pd1, mut qpd) = (None, None, None, None);
    let mut rxas: Vec<Segment<'m>> = Vec::new();
    for seg in msg.segments() {
        match seg.id() {
            "MSH" if msh.is_none() => msh = Some(seg),
            "PID" if pid.is_none() => pid = Some(seg),
            "PD1" if pd1.is_none() => pd1 = Some(seg),
            "QPD" if qpd.is_none() => qpd = Some(seg),
            "RXA" => rxas.push(seg),
            _ => {}
        }
    }
    let mut msh4: [Option<Cow<'m, str>>; 2] = [None, None];
    if let Some(msh) = &msh {
        f.message_type = field_text(msh, 9, 1);
        if let Some(hd) = msh.field(4) {
            msh4 = [text(hd.component(1)), text(hd.component(2))];
        }
        f.sender = msh4[0].clone();
    }
    f.sender_home = policy.sender_home(msh4[0].as_deref());
    let mut birth = None;
    if let Some(pid) = &pid {
        if let Some(addr) = pid.field(11) {
            if let Some((n, rep)) = resolve::pick_home(&addr) {
                f.home = resolve::resolve_xad(j, &rep);
                f.home_rep = n;
                f.home_state = text(rep.component(4));
                f.home_city = text(rep.component(3));
            }
        }
        birth = pid.field(7).and_then(|b| ymd(b.as_str()));
    }
    if let Some(pd1) = &pd1 {
        f.protection = field_text(pd1, 12, 1);
        f.registry_status = field_text(pd1, 16, 1);
    }
    if let Some(qpd) = &qpd {
        if let Some((_, rep)) = qpd.field(8).as_ref().and_then(resolve::pick_home) {
            f.qpd8 = resolve::resolve_xad(j, &rep);
        }
    }
    let tables = CodeTables::builtin();
    // Age at the first new administration, else at the first RXA.
    let (mut first_new_at, mut first_at) = (None, None);
    for (k, rxa) in rxas.iter().enumerate() {
        let code = rxa.field(5).and_then(|cwe| {
            let is_cvx =
                |c: usize| text(cwe.component(c)).is_none_or(|s| s.eq_ignore_ascii_case("CVX"));
            if is_cvx(3) {
                text(cwe.component(1))
            } else if text(cwe.component(6)).is_some_and(|s| s.eq_ignore_ascii_case("CVX")) {
                text(cwe.component(4))
            } else {
                None
            }
        });
        if let Some(code) = code {
            for g in tables.vaccine_groups(&code) {
                if !f.groups.contains(&g.as_str()) {
                    f.groups.push(g.as_str());
                }
            }
        }
        let new = field_text(rxa, 9, 1).as_deref() == Some("00");
        let when = || rxa.field(3).and_then(|d| ymd(d.as_str()));
        if k == 0 {
            first_at = when();
        }
        if new && f.admins.is_empty() {
            first_new_at = when();
        }
        if new {
            f.admins
                .push(administering(j, policy, rxa, &msh4, f.sender_home));
        }
    }
    if let (Some(b), Some(at)) = (birth, first_new_at.or(first_at)) {
        f.age_years = years_between(b, at);
    }
    f
}

fn administering(
    j: &Jurisdictions,
    policy: &Compiled,
    rxa: &Segment<'_>,
    msh4: &[Option<Cow<'_, str>>; 2],
    sender_home: Option<u16>,
) -> Admin {
    let occurrence = rxa.occurrence() as u32;
    let found = |jur, via| Admin {
        rxa: occurrence,
        jurisdiction: Some(jur),
        via,
    };
    let location = rxa.field(11);
    if let Some(Place::Found(i, via)) = location.as_ref().map(|l| resolve::resolve_la2(j, l)) {
        return found(i, AdminVia::Location(via));
    }
    if let Some(hd) = location.as_ref().and_then(|l| l.component(4)) {
        for s in 1..=2 {
            let key = hd.subcomponent(s).and_then(|v| v.value());
            if let Some(i) = key.and_then(|k| policy.facility(k.trim())) {
                return found(i, AdminVia::FacilityRxa);
            }
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
            rxa: occurrence,
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

/// Where a home found by `via` came from, as a path (`PID-11[2].4`).
pub(crate) fn home_source(rep: usize, via: Via) -> String {
    let (c, what) = match via {
        Via::State => (4, "state"),
        Via::County => (9, "county FIPS"),
        Via::City => (3, "city"),
    };
    format!("PID-11[{rep}].{c} {what}")
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
