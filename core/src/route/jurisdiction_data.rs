//! The IIS jurisdictions table as plain data, and the CSV reader that builds it.
//!
//! Like `conformance/table_data.rs`, this file is compiled twice: into the library (for
//! [`Jurisdictions::from_csv`]) and into the build script, which reads
//! `data/jurisdictions/*.csv` and stores the rows in `OUT_DIR/jurisdictions.bin` for
//! [`Jurisdictions::builtin`]. It may use only `std`, `serde` and the shared CSV reader.
//!
//! [`Jurisdictions::from_csv`]: super::Jurisdictions::from_csv
//! [`Jurisdictions::builtin`]: super::Jurisdictions::builtin

use crate::conformance::table_data::{err, Csv, TableError};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// File name of the jurisdictions table, as used in errors and in `data/jurisdictions/`.
pub const JURISDICTIONS_FILE: &str = "iis-jurisdictions.csv";
/// File name of the MSH-5/MSH-6 receiver values (`data/jurisdictions/receivers.csv`).
pub const RECEIVERS_FILE: &str = "receivers.csv";

/// One jurisdiction row as read: the fields of `route::Jurisdiction` (see there), with the
/// five policy facts still in the table's spelling (`law_authorizes`, `child_consent`,
/// `adult_consent`, `reporting_mandate`, `data_sharing`, checked against [`VOCABULARY`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JurisdictionRow {
    pub id: String,
    pub name: String,
    pub iis_name: String,
    pub parent: Option<String>,
    pub counties_fips: Vec<String>,
    pub cities: Vec<String>,
    pub receiving_application: String,
    pub receiving_facility: String,
    pub facts: [String; 5],
}

/// The fact columns and the values each may hold.
pub const VOCABULARY: [(&str, &[&str]); 5] = [
    ("law_authorizes", &["yes", "no", "unknown"]),
    ("child_consent", &["opt-in", "opt-out", "none", "unknown"]),
    ("adult_consent", &["opt-in", "opt-out", "none", "unknown"]),
    ("reporting_mandate", &["yes", "partial", "no", "unknown"]),
    (
        "data_sharing",
        &["agreement-required", "restricted", "allowed", "unknown"],
    ),
];

/// The default MSH-5 when a table gives none (the rule in `data/jurisdictions/SOURCES.md`):
/// the IIS's short name, or `<id>IIS` when its name is unknown.
pub fn default_receiving_application(id: &str, iis_name: &str) -> String {
    let short = iis_name.split(" (").next().unwrap_or("").trim();
    if short.is_empty() || short.eq_ignore_ascii_case("unknown") {
        format!("{id}IIS")
    } else {
        short.to_string()
    }
}

/// Reads a jurisdictions CSV (the columns of `iis-jurisdictions.csv`; `receiving_application`
/// and `receiving_facility` optional) and, when given, a receivers CSV (`id`,
/// `receiving_application`, `receiving_facility`) that must cover every row exactly once.
pub fn read(text: &str, receivers: Option<&str>) -> Result<Vec<JurisdictionRow>, TableError> {
    const F: &str = JURISDICTIONS_FILE;
    let t = Csv::parse(F, text)?;
    let id = t.column("id")?;
    let name = t.column("name")?;
    let iis = t.column("iis_name")?;
    let parent = t.column("parent")?;
    let fips = t.column("resolve_counties_fips")?;
    let cities = t.column("resolve_cities")?;
    let app = t.optional_column("receiving_application");
    let fac = t.optional_column("receiving_facility");
    let mut facts = [0usize; 5];
    for (slot, (col, _)) in facts.iter_mut().zip(VOCABULARY) {
        *slot = t.column(col)?;
    }
    let list = |v: &str| -> Vec<String> {
        v.split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut rows = Vec::with_capacity(t.records.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for rec in &t.records {
        let row_id = rec.required(&t, id)?;
        if !(2..=3).contains(&row_id.len()) || !row_id.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(err(F, rec.line, "column `id`: not 2 or 3 capital letters"));
        }
        if let Some(first) = seen.insert(row_id.to_string(), rec.line) {
            return Err(err(
                F,
                rec.line,
                format!("column `id`: duplicate id (first on line {first})"),
            ));
        }
        let mut values: [String; 5] = Default::default();
        for (k, (col, allowed)) in VOCABULARY.iter().enumerate() {
            let v = rec.get(facts[k]);
            if !allowed.contains(&v) {
                return Err(err(
                    F,
                    rec.line,
                    format!("column `{col}`: not one of {}", allowed.join(", ")),
                ));
            }
            values[k] = v.to_string();
        }
        let iis_name = rec.get(iis).to_string();
        let given = |c: Option<usize>| c.map(|c| rec.get(c)).filter(|v| !v.is_empty());
        let counties_fips = list(rec.get(fips));
        if counties_fips
            .iter()
            .any(|f| f.len() != 5 || !f.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(err(
                F,
                rec.line,
                "column `resolve_counties_fips`: not a list of 5-digit codes",
            ));
        }
        rows.push(JurisdictionRow {
            id: row_id.to_string(),
            name: rec.required(&t, name)?.to_string(),
            receiving_application: given(app).map_or_else(
                || default_receiving_application(row_id, &iis_name),
                str::to_string,
            ),
            receiving_facility: given(fac).unwrap_or(row_id).to_string(),
            iis_name,
            parent: Some(rec.get(parent).to_string()).filter(|p| !p.is_empty()),
            counties_fips,
            cities: list(rec.get(cities)),
            facts: values,
        });
    }
    // A city IIS lies inside a state of the same table, which is not itself a city.
    let states: HashMap<&str, bool> = rows
        .iter()
        .map(|r| (r.id.as_str(), r.parent.is_none()))
        .collect();
    for (rec, row) in t.records.iter().zip(&rows) {
        if let Some(p) = &row.parent {
            if states.get(p.as_str()) != Some(&true) {
                return Err(err(
                    F,
                    rec.line,
                    "column `parent`: not the id of a state row of this table",
                ));
            }
        }
    }
    if let Some(text) = receivers {
        apply_receivers(&mut rows, text)?;
    }
    Ok(rows)
}

fn apply_receivers(rows: &mut [JurisdictionRow], text: &str) -> Result<(), TableError> {
    const F: &str = RECEIVERS_FILE;
    let t = Csv::parse(F, text)?;
    let id = t.column("id")?;
    let app = t.column("receiving_application")?;
    let fac = t.column("receiving_facility")?;
    let mut done = vec![false; rows.len()];
    let index: HashMap<String, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), i))
        .collect();
    for rec in &t.records {
        let want = rec.required(&t, id)?;
        let Some(&i) = index.get(want) else {
            return Err(err(
                F,
                rec.line,
                "column `id`: not a jurisdiction of the table",
            ));
        };
        if std::mem::replace(&mut done[i], true) {
            return Err(err(F, rec.line, "column `id`: listed twice"));
        }
        rows[i].receiving_application = rec.required(&t, app)?.to_string();
        rows[i].receiving_facility = rec.required(&t, fac)?.to_string();
    }
    if let Some(i) = done.iter().position(|d| !d) {
        return Err(err(F, 0, format!("no row for jurisdiction {}", rows[i].id)));
    }
    Ok(())
}
