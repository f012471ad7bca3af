//! Loading a policy document: walks the JSON, checks every member, and compiles rules,
//! facility and sender tables, the sharing matrix and per-destination transformations into
//! [`Compiled`]. Every mistake is a [`ErrorKind::PolicyLoad`] with the JSON pointer of the
//! value at fault and, when the text is at hand, its line and column.

use super::cond::{destination_fact, escape, Cond, JurFact};
use super::locate::locate;
use crate::conformance::CodeTables as CvxTables;
use crate::error::{Error, ErrorKind, Result};
use crate::route::jurisdictions::Jurisdictions;
use crate::transform::{CodeTables, Transforms};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::OnceLock;

/// What a rule does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Send the message to the destination.
    Send,
    /// Do not send it there.
    Deny,
    /// Keep it (for the destination, or without a destination the whole message) for review.
    Hold,
}

/// Where a rule's action goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dest {
    /// The whole message (a hold without `to`).
    Message,
    /// One jurisdiction.
    Jur(u16),
    /// The jurisdiction(s) a fact names.
    Fact(JurFact),
}

/// One compiled rule.
#[derive(Debug)]
pub(crate) struct Rule {
    /// `<policy name>/<rule id>`.
    pub id: String,
    pub cond: Cond,
    pub action: Action,
    pub to: Dest,
    /// The policy's own words for why (no message content).
    pub reason: String,
    /// An earlier rule with the same condition, whose answer this rule reuses: policies
    /// repeat conditions across rules (one per destination or action), and a condition's
    /// answer depends only on the message.
    pub same_as: Option<usize>,
}

/// The data-sharing matrix: may data from `source` go to `destination`. Kept as the cells
/// the policy lists (not a dense table, whose size would grow with the square of a user's
/// jurisdictions table); a lookup is at most four hash probes.
#[derive(Debug)]
pub(crate) struct Sharing {
    /// (source, destination) → allowed, `None` standing for `"*"`.
    cells: HashMap<(Option<u16>, Option<u16>), bool>,
    default: bool,
}

impl Sharing {
    /// Whether data from `source` (`None`: not known) may go to `dest`. A jurisdiction may
    /// always receive its own data; otherwise the most specific cell wins: source and
    /// destination, source and `*`, `*` and destination, `*` and `*`, then the default.
    pub(crate) fn allows(&self, source: Option<u16>, dest: u16) -> bool {
        if source == Some(dest) {
            return true;
        }
        let tries = [
            (source, Some(dest)),
            (source, None),
            (None, Some(dest)),
            (None, None),
        ];
        tries
            .iter()
            .filter(|(src, _)| source.is_some() || src.is_none())
            .find_map(|k| self.cells.get(k).copied())
            .unwrap_or(self.default)
    }
}

/// A policy compiled against one jurisdictions table.
#[derive(Debug, Default)]
pub(crate) struct Compiled {
    pub rules: Vec<Rule>,
    /// The distinct paths the rules read (their conditions hold slots into this).
    pub paths: Vec<crate::v2::Path>,
    facilities: HashMap<String, u16>,
    sender_home: Option<u16>,
    sender_by_msh4: HashMap<String, u16>,
    pub sharing: Option<Sharing>,
    transforms: HashMap<u16, Transforms>,
    any_transforms: Option<Transforms>,
}

impl Compiled {
    /// The jurisdiction the facility table gives a facility id (RXA-11.4 or MSH-4).
    pub(crate) fn facility(&self, key: &str) -> Option<u16> {
        if self.facilities.is_empty() {
            return None;
        }
        self.facilities.get(key).copied()
    }

    /// The sender's home: by MSH-4.1 when the table has it, else the configured default.
    pub(crate) fn sender_home(&self, msh4: Option<&str>) -> Option<u16> {
        msh4.and_then(|k| self.sender_by_msh4.get(k).copied())
            .or(self.sender_home)
    }

    /// The transformations for a destination (its own, else `"*"`'s, else none).
    pub(crate) fn transforms(&self, dest: u16) -> Option<&Transforms> {
        self.transforms.get(&dest).or(self.any_transforms.as_ref())
    }
}

/// One policy document: its JSON, its text when known (for line and column), its name.
pub(crate) struct Doc<'a> {
    pub value: &'a Value,
    pub text: Option<&'a str>,
}

/// Checks and compiles documents, reporting errors against one of them.
pub(crate) struct Loader<'a> {
    text: Option<&'a str>,
    jur: &'a Jurisdictions,
}

const TOP: [&str; 10] = [
    "$schema",
    "name",
    "description",
    "extends",
    "sender",
    "facilities",
    "sharing",
    "destinations",
    "code_tables",
    "rules",
];

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

impl<'a> Loader<'a> {
    pub(crate) fn new(text: Option<&'a str>, jur: &'a Jurisdictions) -> Self {
        Loader { text, jur }
    }

    /// A load error at `ptr`.
    pub(crate) fn fail(&self, ptr: &str, reason: &str) -> Error {
        let mut location = if ptr.is_empty() {
            "/".to_string()
        } else {
            ptr.to_string()
        };
        if let Some((line, column)) = self.text.and_then(|t| locate(t, ptr)) {
            location.push_str(&format!(" (line {line}, column {column})"));
        }
        Error::new(
            ErrorKind::PolicyLoad {
                location,
                reason: reason.to_string(),
            },
            0,
        )
    }

    /// The table index of jurisdiction `id`.
    pub(crate) fn jurisdiction(&self, id: &str, ptr: &str) -> Result<u16> {
        self.jur.index_of(id).ok_or_else(|| {
            self.fail(
                ptr,
                "unknown jurisdiction (not an id of the jurisdictions table)",
            )
        })
    }

    /// Every CDC vaccine group name of the built-in CVX tables.
    pub(crate) fn group_names(&self) -> &'static [&'static str] {
        static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
        NAMES.get_or_init(|| {
            let mut v: Vec<&'static str> = CvxTables::builtin()
                .cvx_codes()
                .iter()
                .flat_map(|c| c.vaccine_groups.iter().map(String::as_str))
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        })
    }

    fn object<'v>(&self, v: &'v Value, ptr: &str) -> Result<&'v Map<String, Value>> {
        v.as_object()
            .ok_or_else(|| self.fail(ptr, "expected an object"))
    }

    fn string<'v>(&self, v: &'v Value, ptr: &str) -> Result<&'v str> {
        v.as_str()
            .ok_or_else(|| self.fail(ptr, "expected a string"))
    }

    /// Reads one document into `into` (later documents extend earlier ones).
    fn document(
        &self,
        doc: &Value,
        into: &mut Compiled,
        rule_at: &mut HashMap<String, usize>,
    ) -> Result<()> {
        let o = self.object(doc, "")?;
        self.only(o, "", &TOP)?;
        let name = match o.get("name") {
            Some(v) => {
                let n = self.string(v, "/name")?;
                if !is_id(n) {
                    return Err(self.fail(
                        "/name",
                        "a name is 1 to 64 letters, digits, `-`, `_` or `.`",
                    ));
                }
                n
            }
            None => "policy",
        };
        for key in ["$schema", "description"] {
            if let Some(v) = o.get(key) {
                self.string(v, &format!("/{}", escape(key)))?;
            }
        }
        if let Some(v) = o.get("sender") {
            let s = self.object(v, "/sender")?;
            self.only(s, "/sender", &["home", "by_msh4"])?;
            if let Some(h) = s.get("home") {
                into.sender_home =
                    Some(self.jurisdiction(self.string(h, "/sender/home")?, "/sender/home")?);
            }
            if let Some(m) = s.get("by_msh4") {
                self.table(m, "/sender/by_msh4", &mut into.sender_by_msh4)?;
            }
        }
        if let Some(v) = o.get("facilities") {
            self.table(v, "/facilities", &mut into.facilities)?;
        }
        if let Some(v) = o.get("sharing") {
            into.sharing = Some(self.sharing(v)?);
        }
        let tables = match o.get("code_tables") {
            Some(v) => CodeTables::from_json(v, "/code_tables").map_err(|e| self.relocate(e))?,
            None => CodeTables::new(),
        };
        if let Some(v) = o.get("destinations") {
            let d = self.object(v, "/destinations")?;
            for (key, spec) in d {
                let ptr = format!("/destinations/{}", escape(key));
                let s = self.object(spec, &ptr)?;
                self.only(s, &ptr, &["transforms"])?;
                let t = match s.get("transforms") {
                    Some(t) => {
                        let tp = format!("{ptr}/transforms");
                        Transforms::compile(t, &tp, &tables).map_err(|e| self.relocate(e))?
                    }
                    None => Transforms::empty(),
                };
                if key == "*" {
                    into.any_transforms = Some(t);
                } else {
                    into.transforms.insert(self.jurisdiction(key, &ptr)?, t);
                }
            }
        }
        if let Some(v) = o.get("rules") {
            let rules = v
                .as_array()
                .ok_or_else(|| self.fail("/rules", "expected an array of rules"))?;
            let mut seen = HashMap::new();
            for (i, r) in rules.iter().enumerate() {
                let ptr = format!("/rules/{i}");
                let (bare, rule) = self.rule(r, &ptr, name)?;
                if seen.insert(bare.clone(), i).is_some() {
                    return Err(
                        self.fail(&format!("{ptr}/id"), "rule id used twice in this policy")
                    );
                }
                // A rule with the id of an extended policy's rule replaces it.
                match rule_at.get(&bare) {
                    Some(&k) => into.rules[k] = rule,
                    None => {
                        rule_at.insert(bare, into.rules.len());
                        into.rules.push(rule);
                    }
                }
            }
        }
        Ok(())
    }

    /// Adds line and column to a transformation error's JSON pointer.
    fn relocate(&self, e: Error) -> Error {
        match e.kind {
            ErrorKind::PolicyLoad { location, reason } if !location.contains("(line") => {
                self.fail(&location, &reason)
            }
            _ => e,
        }
    }

    fn table(&self, v: &Value, ptr: &str, into: &mut HashMap<String, u16>) -> Result<()> {
        for (key, j) in self.object(v, ptr)? {
            let p = format!("{ptr}/{}", escape(key));
            into.insert(key.clone(), self.jurisdiction(self.string(j, &p)?, &p)?);
        }
        Ok(())
    }

    fn rule(&self, v: &Value, ptr: &str, policy: &str) -> Result<(String, Rule)> {
        let o = self.object(v, ptr)?;
        self.only(
            o,
            ptr,
            &["id", "description", "when", "action", "to", "reason"],
        )?;
        let id_ptr = format!("{ptr}/id");
        let id = self.string(
            o.get("id")
                .ok_or_else(|| self.fail(ptr, "a rule needs an `id`"))?,
            &id_ptr,
        )?;
        if !is_id(id) {
            return Err(self.fail(&id_ptr, "an id is 1 to 64 letters, digits, `-`, `_` or `.`"));
        }
        let action_ptr = format!("{ptr}/action");
        let action = match o
            .get("action")
            .map(|a| self.string(a, &action_ptr))
            .transpose()?
        {
            Some("send") => Action::Send,
            Some("deny") => Action::Deny,
            Some("hold") => Action::Hold,
            Some(_) => return Err(self.fail(&action_ptr, "the action is send, deny or hold")),
            None => return Err(self.fail(ptr, "a rule needs an `action`")),
        };
        let to_ptr = format!("{ptr}/to");
        let to = match o.get("to") {
            None if action == Action::Hold => Dest::Message,
            None => return Err(self.fail(ptr, "send and deny need a destination `to`")),
            Some(t) => {
                let t = self.string(t, &to_ptr)?;
                match destination_fact(t) {
                    Some(f) => Dest::Fact(f),
                    None => Dest::Jur(self.jurisdiction(t, &to_ptr).map_err(|_| {
                        self.fail(
                            &to_ptr,
                            "unknown destination: a jurisdiction id, home, administering, \
                             sender_home or qpd8_home",
                        )
                    })?),
                }
            }
        };
        let cond = match o.get("when") {
            Some(w) => self.cond(w, &format!("{ptr}/when"))?,
            None => Cond::True,
        };
        for key in ["description", "reason"] {
            if let Some(v) = o.get(key) {
                self.string(v, &format!("{ptr}/{key}"))?;
            }
        }
        let reason = o
            .get("reason")
            .or(o.get("description"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        Ok((
            id.to_string(),
            Rule {
                id: format!("{policy}/{id}"),
                cond,
                action,
                to,
                reason,
                same_as: None,
            },
        ))
    }

    fn sharing(&self, v: &Value) -> Result<Sharing> {
        let o = self.object(v, "/sharing")?;
        self.only(o, "/sharing", &["default", "matrix"])?;
        let verdict = |v: &Value, p: &str| match v.as_str() {
            Some("allow") => Ok(true),
            Some("deny") => Ok(false),
            _ => Err(self.fail(p, "expected \"allow\" or \"deny\"")),
        };
        let default = match o.get("default") {
            Some(d) => verdict(d, "/sharing/default")?,
            None => true,
        };
        // (source, destination) → verdict, with None for "*".
        let mut cells = HashMap::new();
        if let Some(m) = o.get("matrix") {
            for (src, row) in self.object(m, "/sharing/matrix")? {
                let rp = format!("/sharing/matrix/{}", escape(src));
                let s = if src == "*" {
                    None
                } else {
                    Some(self.jurisdiction(src, &rp)?)
                };
                for (dst, cell) in self.object(row, &rp)? {
                    let cp = format!("{rp}/{}", escape(dst));
                    let d = if dst == "*" {
                        None
                    } else {
                        Some(self.jurisdiction(dst, &cp)?)
                    };
                    cells.insert((s, d), verdict(cell, &cp)?);
                }
            }
        }
        Ok(Sharing { cells, default })
    }
}

/// Compiles documents in order, each extending the one before.
pub(crate) fn compile(docs: &[Doc<'_>], jur: &Jurisdictions) -> Result<Compiled> {
    let mut out = Compiled::default();
    let mut rule_at = HashMap::new();
    for d in docs {
        Loader::new(d.text, jur).document(d.value, &mut out, &mut rule_at)?;
    }
    let mut paths = Vec::new();
    for r in &mut out.rules {
        r.cond.intern(&mut paths);
    }
    out.paths = paths;
    // Quadratic in the number of rules, once per policy load (policies hold tens of rules).
    for i in 0..out.rules.len() {
        out.rules[i].same_as = (0..i).find(|&k| {
            out.rules[k].same_as.is_none() && out.rules[k].cond.same(&out.rules[i].cond)
        });
    }
    Ok(out)
}
