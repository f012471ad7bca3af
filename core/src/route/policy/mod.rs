//! Share policies as data: a JSON document of rules (conditions over message paths and
//! derived facts, an action and a destination), facility and sender tables, a data-sharing
//! matrix and per-destination transformations. The format is documented in `docs/ROUTING.md`
//! and described by `core/data/policy/policy.schema.json`; the built-in default policy is
//! `core/data/policy/default-policy.json`, compiled in.
//!
//! A policy is checked completely when it is loaded: a rule that could not be evaluated
//! (unknown path, fact or jurisdiction, a bad regex, a value of the wrong type) is an error
//! with its location in the file, never a failure while routing.

mod cond;
mod load;
mod locate;

pub(crate) use cond::{push_number, JurFact};
pub use load::Action;
pub(crate) use load::{compile, Compiled, Dest, Doc, Loader, Rule, Sharing};

use crate::error::{Error, ErrorKind, Result};
use crate::route::jurisdictions::Jurisdictions;
use serde_json::Value;
use std::sync::{Arc, OnceLock};

/// The default Share policy's JSON text (`core/data/policy/default-policy.json`).
pub const DEFAULT_POLICY_JSON: &str = include_str!("../../../data/policy/default-policy.json");

/// A checked policy, compiled against the jurisdictions table it was loaded with. Cheap to
/// clone.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The documents in extension order (the default first when extended), with their text.
    docs: Arc<Vec<(Value, Arc<str>)>>,
    pub(crate) compiled: Arc<Compiled>,
    pub(crate) jurisdictions: Jurisdictions,
}

impl Default for Policy {
    /// The built-in default policy over the built-in jurisdictions.
    fn default() -> Self {
        static DEFAULT: OnceLock<Policy> = OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                Policy::from_json(DEFAULT_POLICY_JSON, Jurisdictions::builtin())
                    .expect("the built-in default policy loads (checked by the tests)")
            })
            .clone()
    }
}

impl Policy {
    /// Loads a policy from JSON text, checking it against `jurisdictions`. With
    /// `"extends": "default"` it adds to (and may replace rules of) the default policy.
    ///
    /// Fails with [`ErrorKind::PolicyLoad`] whose location is the JSON pointer of the mistake
    /// and its line and column.
    pub fn from_json(text: &str, jurisdictions: &Jurisdictions) -> Result<Policy> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            Error::new(
                ErrorKind::PolicyLoad {
                    location: format!("line {}, column {}", e.line(), e.column()),
                    reason: format!("not valid JSON ({:?})", e.classify()).to_lowercase(),
                },
                0,
            )
        })?;
        let loader = Loader::new(Some(text), jurisdictions);
        let mut docs = Vec::with_capacity(2);
        match value.get("extends") {
            None => {}
            Some(Value::String(s)) if s == "default" => {
                let default: Value = serde_json::from_str(DEFAULT_POLICY_JSON)
                    .map_err(|_| loader.fail("/extends", "the default policy is not valid JSON"))?;
                docs.push((default, Arc::from(DEFAULT_POLICY_JSON)));
            }
            Some(_) => {
                return Err(loader.fail("/extends", "only \"default\" can be extended"));
            }
        }
        docs.push((value, Arc::from(text)));
        Policy::build(Arc::new(docs), jurisdictions)
    }

    fn build(docs: Arc<Vec<(Value, Arc<str>)>>, jurisdictions: &Jurisdictions) -> Result<Policy> {
        let view: Vec<Doc<'_>> = docs
            .iter()
            .map(|(value, text)| Doc {
                value,
                text: Some(text),
            })
            .collect();
        let compiled = compile(&view, jurisdictions)?;
        Ok(Policy {
            docs,
            compiled: Arc::new(compiled),
            jurisdictions: jurisdictions.clone(),
        })
    }

    /// This policy compiled against another jurisdictions table (itself when it is the
    /// same table); fails when the table lacks a jurisdiction the policy names.
    pub fn with_jurisdictions(&self, jurisdictions: &Jurisdictions) -> Result<Policy> {
        if self.jurisdictions.same(jurisdictions) {
            return Ok(self.clone());
        }
        Policy::build(self.docs.clone(), jurisdictions)
    }

    /// The qualified ids (`default/send-home`) of the rules, in order.
    pub fn rule_ids(&self) -> impl Iterator<Item = &str> + '_ {
        self.compiled.rules.iter().map(|r| r.id.as_str())
    }
}
