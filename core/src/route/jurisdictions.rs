//! The IIS jurisdictions: who can receive a message (states, DC, territories, the city IIS
//! of New York City and Philadelphia), what they put in MSH-5/MSH-6, how an address resolves
//! to them, and the policy facts CDC's pages give for each (consent, mandate, sharing).
//!
//! The built-in table is `core/data/jurisdictions/` compiled in by the build script; a user
//! can load their own with [`Jurisdictions::from_csv`].

use super::jurisdiction_data::{self, JurisdictionRow};
use crate::error::{Error, ErrorKind, Result};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

static BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jurisdictions.bin"));

/// Does a law or regulation authorize the IIS (`law_authorizes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LawAuthorizes {
    /// A law or regulation authorizes it.
    Yes,
    /// No authority (the shipped table never says so).
    No,
    /// No source said.
    Unknown,
}

/// How people are included in the IIS (`child_consent`, `adult_consent`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Consent {
    /// Explicit consent needed.
    OptIn,
    /// Included unless they opt out.
    OptOut,
    /// Mandatory inclusion.
    None,
    /// No source said.
    Unknown,
}

/// Are providers required to report (`reporting_mandate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReportingMandate {
    /// Universal reporting.
    Yes,
    /// Some providers, ages or vaccines.
    Partial,
    /// Voluntary.
    No,
    /// No source said.
    Unknown,
}

/// The IIS's policy on sharing with other public-health entities (`data_sharing`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DataSharing {
    /// A data use agreement or MOU is required.
    AgreementRequired,
    /// Limited, without an agreement.
    Restricted,
    /// Allowed on request.
    Allowed,
    /// No source said.
    Unknown,
}

/// The policy facts of one jurisdiction, as the table records them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct JurisdictionFacts {
    /// Is the IIS authorized by law.
    pub law_authorizes: LawAuthorizes,
    /// Consent model for children.
    pub child_consent: Consent,
    /// Consent model for adults.
    pub adult_consent: Consent,
    /// Reporting mandate.
    pub reporting_mandate: ReportingMandate,
    /// Data-sharing policy.
    pub data_sharing: DataSharing,
}

impl JurisdictionFacts {
    /// The fact named `name` (`adult_consent`) in the table's spelling (`opt-in`).
    pub fn get(&self, name: &str) -> Option<&'static str> {
        let i = jurisdiction_data::VOCABULARY
            .iter()
            .position(|(n, _)| *n == name)?;
        Some(self.value(i))
    }

    /// Fact `i` in the order of [`jurisdiction_data::VOCABULARY`], in the table's spelling.
    pub(crate) fn value(&self, i: usize) -> &'static str {
        let vocab = jurisdiction_data::VOCABULARY[i.min(4)].1;
        vocab.get(self.index(i)).copied().unwrap_or("unknown")
    }

    /// The position of fact `i`'s value in its vocabulary (the enums follow its order).
    pub(crate) fn index(&self, i: usize) -> usize {
        match i {
            0 => self.law_authorizes as usize,
            1 => self.child_consent as usize,
            2 => self.adult_consent as usize,
            3 => self.reporting_mandate as usize,
            _ => self.data_sharing as usize,
        }
    }

    fn from_row(v: &[String; 5]) -> JurisdictionFacts {
        // The reader checked every value against the vocabulary, whose order the enums follow.
        let idx = |i: usize| {
            jurisdiction_data::VOCABULARY[i]
                .1
                .iter()
                .position(|x| *x == v[i])
                .unwrap_or(usize::MAX)
        };
        JurisdictionFacts {
            law_authorizes: match idx(0) {
                0 => LawAuthorizes::Yes,
                1 => LawAuthorizes::No,
                _ => LawAuthorizes::Unknown,
            },
            child_consent: consent(idx(1)),
            adult_consent: consent(idx(2)),
            reporting_mandate: match idx(3) {
                0 => ReportingMandate::Yes,
                1 => ReportingMandate::Partial,
                2 => ReportingMandate::No,
                _ => ReportingMandate::Unknown,
            },
            data_sharing: match idx(4) {
                0 => DataSharing::AgreementRequired,
                1 => DataSharing::Restricted,
                2 => DataSharing::Allowed,
                _ => DataSharing::Unknown,
            },
        }
    }
}

fn consent(i: usize) -> Consent {
    match i {
        0 => Consent::OptIn,
        1 => Consent::OptOut,
        2 => Consent::None,
        _ => Consent::Unknown,
    }
}

/// One IIS destination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Jurisdiction {
    /// USPS code (`VA`) or city IIS id (`NYC`, `PHL`).
    pub id: String,
    /// Jurisdiction name (`Virginia`).
    pub name: String,
    /// The IIS's name (`unknown` when no source named it).
    pub iis_name: String,
    /// For a city IIS, the state it lies in (`NY`).
    pub parent: Option<String>,
    /// City IIS: the 5-digit county FIPS codes it covers.
    pub counties_fips: Vec<String>,
    /// City IIS: place names that identify it in addresses (matched ignoring case).
    pub cities: Vec<String>,
    /// MSH-5 of a message sent here.
    pub receiving_application: String,
    /// MSH-6 of a message sent here.
    pub receiving_facility: String,
    /// The policy facts.
    pub facts: JurisdictionFacts,
}

/// The table of jurisdictions with its lookup indexes. Cheap to clone (shared).
#[derive(Debug, Clone)]
pub struct Jurisdictions {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    list: Vec<Jurisdiction>,
    /// Upper-cased id, and upper-cased name for states → index.
    by_key: HashMap<String, u16>,
    /// (state index, county key of [`super::resolve::county_key`]) → city IIS index; each
    /// county of a city IIS under its 5-digit and its 3-digit form.
    by_county: HashMap<(u16, u32), u16>,
    /// States that hold a city IIS (a sorted list: there are two).
    city_states: Vec<u16>,
    /// (state index, upper-cased city name) → city IIS index.
    by_city: HashMap<(u16, String), u16>,
    /// `by_key` for the two-letter keys (USPS codes), indexed by [`two_letters`]: the state
    /// of an address is looked up for every message, a hash of a string costs ten times this.
    by_two: Vec<u16>,
}

/// No entry in [`Inner::by_two`].
const NONE: u16 = u16::MAX;

/// The slot of a two-letter key (either case) in [`Inner::by_two`], or `None` when it is not
/// two ASCII letters.
fn two_letters(key: &[u8]) -> Option<usize> {
    match key {
        [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
            let l = |c: u8| usize::from(c.to_ascii_uppercase() - b'A');
            Some(l(*a) * 26 + l(*b))
        }
        _ => None,
    }
}

impl Jurisdictions {
    /// The table shipped with izkit (`core/data/jurisdictions/`), decoded once.
    pub fn builtin() -> &'static Jurisdictions {
        static TABLE: OnceLock<Jurisdictions> = OnceLock::new();
        TABLE.get_or_init(|| {
            let rows: Vec<JurisdictionRow> = postcard::from_bytes(BLOB)
                .expect("compiled-in jurisdictions decode (written by the build script)");
            Jurisdictions::from_rows(rows)
        })
    }

    /// Loads a table in the layout of `iis-jurisdictions.csv` (columns found by header name;
    /// optional `receiving_application` and `receiving_facility` columns, else the rule of
    /// `data/jurisdictions/SOURCES.md`). Fails with [`ErrorKind::TableLoad`] naming the line
    /// and column at fault.
    pub fn from_csv(text: &str) -> Result<Jurisdictions> {
        let rows = jurisdiction_data::read(text, None).map_err(|e| {
            Error::new(
                ErrorKind::TableLoad {
                    reason: e.to_string(),
                },
                0,
            )
        })?;
        if rows.len() > usize::from(u16::MAX) {
            return Err(Error::new(
                ErrorKind::TableLoad {
                    reason: "more than 65535 jurisdictions".into(),
                },
                0,
            ));
        }
        Ok(Jurisdictions::from_rows(rows))
    }

    fn from_rows(rows: Vec<JurisdictionRow>) -> Jurisdictions {
        let list: Vec<Jurisdiction> = rows
            .into_iter()
            .map(|r| Jurisdiction {
                facts: JurisdictionFacts::from_row(&r.facts),
                id: r.id,
                name: r.name,
                iis_name: r.iis_name,
                parent: r.parent,
                counties_fips: r.counties_fips,
                cities: r.cities,
                receiving_application: r.receiving_application,
                receiving_facility: r.receiving_facility,
            })
            .collect();
        let mut by_key = HashMap::new();
        for (i, j) in list.iter().enumerate() {
            by_key.insert(j.id.to_ascii_uppercase(), i as u16);
        }
        let mut by_county = HashMap::new();
        let mut by_city = HashMap::new();
        let mut city_states = Vec::new();
        for (i, j) in list.iter().enumerate() {
            match j.parent.as_deref().and_then(|p| by_key.get(p).copied()) {
                None => {
                    // States are found by name too; an id wins over a name.
                    by_key
                        .entry(j.name.to_ascii_uppercase())
                        .or_insert(i as u16);
                }
                Some(p) => {
                    city_states.push(p);
                    for f in &j.counties_fips {
                        let five = super::resolve::county_key(f);
                        let three = f.get(2..).and_then(super::resolve::county_key);
                        for key in [five, three].into_iter().flatten() {
                            by_county.insert((p, key), i as u16);
                        }
                    }
                    for c in &j.cities {
                        by_city.insert((p, c.to_ascii_uppercase()), i as u16);
                    }
                }
            }
        }
        city_states.sort_unstable();
        city_states.dedup();
        let mut by_two = vec![NONE; 26 * 26];
        for (key, &i) in &by_key {
            // Keys are upper-cased: a key of two letters is found from either case.
            if let Some(slot) = two_letters(key.as_bytes()) {
                by_two[slot] = i;
            }
        }
        Jurisdictions {
            inner: Arc::new(Inner {
                list,
                by_key,
                by_county,
                city_states,
                by_city,
                by_two,
            }),
        }
    }

    /// The jurisdiction with this id (exact, as the table spells it: `VA`, `NYC`).
    pub fn get(&self, id: &str) -> Option<&Jurisdiction> {
        self.index_of(id).map(|i| self.at(i))
    }

    /// Every jurisdiction, in table order.
    pub fn iter(&self) -> impl Iterator<Item = &Jurisdiction> + '_ {
        self.inner.list.iter()
    }

    /// How many jurisdictions the table holds.
    pub fn len(&self) -> usize {
        self.inner.list.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.inner.list.is_empty()
    }

    /// The state (not city IIS) a USPS code or full name names, ignoring case and surrounding
    /// spaces: `va`, `Virginia` and `VIRGINIA` all give Virginia.
    pub fn resolve_state(&self, text: &str) -> Option<&Jurisdiction> {
        self.state_index(text).map(|i| self.at(i))
    }

    /// Whether two tables are the same shared table (a clone of one another).
    pub(crate) fn same(&self, other: &Jurisdictions) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }

    pub(crate) fn at(&self, i: u16) -> &Jurisdiction {
        &self.inner.list[usize::from(i)]
    }

    pub(crate) fn index_of(&self, id: &str) -> Option<u16> {
        let i = *self.inner.by_key.get(id)?;
        (self.at(i).id == id).then_some(i)
    }

    pub(crate) fn state_index(&self, text: &str) -> Option<u16> {
        let t = super::raw::trim(text);
        if let Some(slot) = two_letters(t.as_bytes()) {
            let i = self.inner.by_two[slot];
            return (i != NONE && self.at(i).parent.is_none()).then_some(i);
        }
        if t.is_empty() || t.len() > 64 {
            return None;
        }
        let mut buf = [0u8; 64];
        let key = &mut buf[..t.len()];
        key.copy_from_slice(t.as_bytes());
        key.make_ascii_uppercase();
        let key = std::str::from_utf8(key).ok()?;
        let i = *self.inner.by_key.get(key)?;
        self.at(i).parent.is_none().then_some(i)
    }

    /// Whether state `state` holds a city IIS.
    pub(crate) fn has_cities(&self, state: u16) -> bool {
        self.inner.city_states.binary_search(&state).is_ok()
    }

    /// The city IIS of state `state` covering a county (a key of
    /// [`super::resolve::county_key`]).
    pub(crate) fn city_by_county(&self, state: u16, county: u32) -> Option<u16> {
        self.inner.by_county.get(&(state, county)).copied()
    }

    /// The city IIS of state `state` whose place names include `city` (ignoring case).
    pub(crate) fn city_by_name(&self, state: u16, city: &str) -> Option<u16> {
        let key = (state, city.trim().to_ascii_uppercase());
        self.inner.by_city.get(&key).copied()
    }
}
