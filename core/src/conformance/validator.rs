//! The validator: picks the profile, runs the profile engine, the code tables and the IG's
//! prose rules, and returns every finding in message order.

use super::rules::{self, RuleContext};
use super::{engine, select, CodeTables, Finding, ProfileSet, Report};
use crate::{Error, ErrorKind, Message, Result};
use chrono::NaiveDate;
use std::sync::Arc;

/// Validates messages against a profile set and code tables.
///
/// `Validator::default()` uses the compiled-in CDC profiles and tables; `with_*` replace
/// them (for a jurisdiction's local profiles, or this month's CVX table).
#[derive(Debug, Clone)]
pub struct Validator {
    profiles: Arc<ProfileSet>,
    tables: Arc<CodeTables>,
    today: Option<NaiveDate>,
}

impl Default for Validator {
    fn default() -> Self {
        Validator {
            profiles: Arc::new(ProfileSet::builtin().clone()),
            tables: Arc::new(CodeTables::builtin().clone()),
            today: None,
        }
    }
}

impl Validator {
    /// The compiled-in CDC profiles and code tables.
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses these profiles instead.
    pub fn with_profiles(mut self, profiles: ProfileSet) -> Self {
        self.profiles = Arc::new(profiles);
        self
    }

    /// Uses these code tables instead.
    pub fn with_tables(mut self, tables: CodeTables) -> Self {
        self.tables = Arc::new(tables);
        self
    }

    /// Fixes "today" for the rules about dates in the future (tests, replays). Without it
    /// the system clock is read; where there is none (WASM without a host clock), those
    /// rules are skipped.
    pub fn with_today(mut self, today: NaiveDate) -> Self {
        self.today = Some(today);
        self
    }

    /// The profile set in use.
    pub fn profiles(&self) -> &ProfileSet {
        &self.profiles
    }

    /// The code tables in use.
    pub fn tables(&self) -> &CodeTables {
        &self.tables
    }

    /// Validates one message. `profile` forces a profile id (`Z22`); otherwise it is chosen
    /// from MSH-21, else from MSH-9. Fails only when a forced profile is not in the set; a
    /// message whose profile cannot be chosen gets a report with an empty profile and the
    /// findings that say why (unsupported message type or event: an `AR` acknowledgement).
    pub fn validate(&self, msg: &Message<'_>, profile: Option<&str>) -> Result<Report> {
        // Room for the findings of a typical message with problems, so the vector of large
        // findings is not copied as it grows.
        let mut findings: Vec<Finding> = Vec::with_capacity(32);
        let chosen = match profile {
            Some(id) => Some(
                self.profiles
                    .compiled(id)
                    .ok_or_else(|| Error::new(ErrorKind::UnknownProfile, 0))?,
            ),
            None => match select::select(msg, &self.profiles) {
                Ok(p) => Some(p),
                Err(f) => {
                    findings.push(*f);
                    None
                }
            },
        };
        let Some(compiled) = chosen else {
            return Ok(Report {
                profile: String::new(),
                findings,
            });
        };
        engine::run(msg, compiled, &self.tables, &mut findings);
        let today = self.today.or_else(today_from_clock);
        let ctx = RuleContext {
            tables: &self.tables,
            today,
            profile: &compiled.profile.id,
            iz24_vis_vaccines: compiled
                .iz24_vis_vaccines
                .map(|i| &compiled.profile.value_sets[i]),
        };
        rules::check(msg, &ctx, &mut findings);
        sort_by_position(&mut findings);
        Ok(Report {
            profile: compiled.profile.id.clone(),
            findings,
        })
    }
}

/// Orders findings by where they are in the message (stable: rules keep their order).
fn sort_by_position(findings: &mut [Finding]) {
    let key = |f: &Finding| f.range.map_or(usize::MAX, |r| r.0);
    // Usually already in order (the walk follows the message): then the stable sort, and
    // its buffer, are not needed.
    if !findings.is_sorted_by_key(key) {
        findings.sort_by_key(key);
    }
}

/// Today's date in UTC from the system clock; `None` on targets without one
/// (`wasm32-unknown-unknown`, where the bindings pass the host's date instead).
pub(crate) fn today_from_clock() -> Option<NaiveDate> {
    #[cfg(all(target_arch = "wasm32", not(target_os = "wasi")))]
    {
        None
    }
    #[cfg(not(all(target_arch = "wasm32", not(target_os = "wasi"))))]
    {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_secs();
        chrono::DateTime::from_timestamp(secs as i64, 0).map(|d| d.date_naive())
    }
}

/// Validates with the compiled-in CDC profiles and code tables (see [`Validator::validate`]).
pub fn validate(msg: &Message<'_>, profile: Option<&str>) -> Result<Report> {
    static DEFAULT: std::sync::OnceLock<Validator> = std::sync::OnceLock::new();
    DEFAULT
        .get_or_init(Validator::default)
        .validate(msg, profile)
}
