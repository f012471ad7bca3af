//! Preconditions (`when`): comparisons of values at paths, combined with `all`, `any`, `not`.
//! An absent or empty value reads as the empty string; a date comparison with an absent or
//! malformed date is false.

use super::json::Json;
use super::operation::{location, value, Val};
use super::path::Location;
use super::work::Work;
use super::Ctx;
use crate::datatypes::Timestamp;
use crate::error::Result;
use regex::Regex;
use std::cmp::Ordering;

/// What a date is compared with.
#[derive(Debug, Clone)]
pub(crate) enum DateRef {
    /// A literal DTM (its digits: YYYY[MM[DD[HH[MM[SS]]]]]).
    Literal(String),
    /// The current UTC date.
    Today,
    /// The date at another path.
    Path(Location),
}

/// A compiled precondition.
#[derive(Debug, Clone)]
pub(crate) enum Cond {
    Equals(Location, Val, bool),
    Exists(Location, bool),
    Regex(Location, Regex),
    In(Location, Vec<Val>),
    Date(Location, &'static [Ordering], DateRef),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

const KINDS: &[&str] = &[
    "equals",
    "not_equals",
    "exists",
    "not_exists",
    "regex_match",
    "in",
    "date_before",
    "date_after",
    "date_on_or_before",
    "date_on_or_after",
    "all",
    "any",
    "not",
];

/// Compiles one precondition object (`{"equals": {...}}` and the like).
pub(crate) fn compile(at: &Json<'_>, ctx: &Ctx<'_>) -> Result<Cond> {
    let members = at.object()?;
    let [(kind, arg)] = members.as_slice() else {
        return Err(at.err(format!(
            "a precondition is an object with one member, one of: {}",
            KINDS.join(", ")
        )));
    };
    let list = |arg: &Json<'_>| -> Result<Vec<Cond>> {
        arg.array()?.iter().map(|c| compile(c, ctx)).collect()
    };
    Ok(match *kind {
        "equals" | "not_equals" => {
            arg.only(&["path", "value"])?;
            Cond::Equals(
                location(&arg.req("path")?)?,
                value(&arg.req("value")?, ctx)?,
                *kind == "not_equals",
            )
        }
        "exists" | "not_exists" => Cond::Exists(location(arg)?, *kind == "not_exists"),
        "regex_match" => {
            arg.only(&["path", "regex"])?;
            Cond::Regex(location(&arg.req("path")?)?, regex(&arg.req("regex")?)?)
        }
        "in" => {
            arg.only(&["path", "values"])?;
            let values = arg.req("values")?;
            Cond::In(
                location(&arg.req("path")?)?,
                values
                    .array()?
                    .iter()
                    .map(|v| value(v, ctx))
                    .collect::<Result<_>>()?,
            )
        }
        "date_before" | "date_after" | "date_on_or_before" | "date_on_or_after" => {
            arg.only(&["path", "value"])?;
            let accept: &'static [Ordering] = match *kind {
                "date_before" => &[Ordering::Less],
                "date_after" => &[Ordering::Greater],
                "date_on_or_before" => &[Ordering::Less, Ordering::Equal],
                _ => &[Ordering::Greater, Ordering::Equal],
            };
            Cond::Date(
                location(&arg.req("path")?)?,
                accept,
                date_ref(&arg.req("value")?)?,
            )
        }
        "all" => Cond::All(list(arg)?),
        "any" => Cond::Any(list(arg)?),
        "not" => Cond::Not(Box::new(compile(arg, ctx)?)),
        other => {
            return Err(at.err(format!(
                "unknown precondition \"{other}\" (expected one of: {})",
                KINDS.join(", ")
            )))
        }
    })
}

/// A regular expression (Rust `regex` syntax, no look-around or back-references).
pub(crate) fn regex(at: &Json<'_>) -> Result<Regex> {
    Regex::new(at.string()?).map_err(|e| {
        at.err(match e {
            regex::Error::Syntax(s) => format!("invalid regular expression: {s}"),
            _ => "regular expression is too large".to_string(),
        })
    })
}

fn date_ref(at: &Json<'_>) -> Result<DateRef> {
    if let Some(p) = at.opt("path") {
        at.only(&["path"])?;
        return Ok(DateRef::Path(location(&p)?));
    }
    let s = at.string()?;
    if s == "today" {
        return Ok(DateRef::Today);
    }
    dtm_digits(s)
        .map(DateRef::Literal)
        .ok_or_else(|| at.err("expected \"today\", a date YYYYMMDD[HHMM[SS]] or {\"path\": ...}"))
}

/// The digits of a DTM up to the second (fraction and time zone dropped); `None` when it is
/// not a DTM.
fn dtm_digits(s: &str) -> Option<String> {
    Timestamp::parse_dtm(s).ok()?;
    Some(
        s.bytes()
            .take_while(u8::is_ascii_digit)
            .take(14)
            .map(char::from)
            .collect(),
    )
}

impl Cond {
    /// Evaluates the precondition on the message as it is now.
    pub(crate) fn eval(&self, w: &mut Work<'_>) -> bool {
        match self {
            Cond::Equals(at, v, negate) => {
                let have = w.read(at).unwrap_or_default();
                (have == v.get(w)) != *negate
            }
            Cond::Exists(at, negate) => w.read(at).is_some() != *negate,
            Cond::Regex(at, re) => re.is_match(&w.read(at).unwrap_or_default()),
            Cond::In(at, values) => {
                let have = w.read(at).unwrap_or_default();
                values.iter().any(|v| v.get(w) == have)
            }
            Cond::Date(at, accept, against) => {
                let Some(a) = w.read(at).and_then(|v| dtm_digits(&v)) else {
                    return false;
                };
                let b = match against {
                    DateRef::Literal(d) => d.clone(),
                    // No date to compare with (a host without a clock that gave none): the
                    // comparison cannot hold.
                    // Formatted only here: most rule sets never compare with today.
                    DateRef::Today => match w.today {
                        Some(d) => d.format("%Y%m%d").to_string(),
                        None => return false,
                    },
                    DateRef::Path(p) => match w.read(p).and_then(|v| dtm_digits(&v)) {
                        Some(d) => d,
                        None => return false,
                    },
                };
                // Compared at their common precision: 2024 is neither before nor after 20240601.
                let n = a.len().min(b.len());
                accept.contains(&a[..n].cmp(&b[..n]))
            }
            Cond::All(list) => list.iter().all(|c| c.eval(w)),
            Cond::Any(list) => list.iter().any(|c| c.eval(w)),
            Cond::Not(c) => !c.eval(w),
        }
    }
}
