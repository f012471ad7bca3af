//! Per-destination transformations of a message: preconditions and edit operations addressed
//! by izkit paths or HAPI-terser paths, with the IZ Gateway transformation service's vocabulary.
//!
//! A policy's destination holds a JSON array of rules; [`Transforms::compile`] checks it once
//! (paths, regexes, code tables, state keys) and reports a mistake with the JSON pointer of the
//! element that holds it; [`Transforms::apply`] runs the rules in order over one message. The
//! format is documented in `docs/TRANSFORMS.md`.
//!
//! ```
//! use izkit::transform::{CodeTables, Transforms};
//! let rules = serde_json::json!([
//!     {"set": "MSH-11", "value": "T"},
//!     {"when": {"equals": {"path": "/RXA-5-3", "value": "CVX"}},
//!      "do": [{"map": "RXA-5.1", "table": "cvx"}]},
//! ]);
//! let tables = CodeTables::from_json(&serde_json::json!({"cvx": {"08": "45"}}), "/tables")?;
//! let t = Transforms::compile(&rules, "/destinations/MD/transforms", &tables)?;
//! let msg = izkit::Message::parse("MSH|^~\\&|A|B|C|D|20240101||VXU^V04^VXU_V04|1|P|2.5.1\rRXA|0|1|20240101||08^HepB^CVX\r")?;
//! let out = t.apply(&msg, Some(("MDIIS", "MD")))?;
//! assert_eq!(out, "MSH|^~\\&|A|B|MDIIS|MD|20240101||VXU^V04^VXU_V04|1|T|2.5.1\rRXA|0|1|20240101||45^HepB^CVX\r");
//! # Ok::<(), izkit::Error>(())
//! ```

mod condition;
mod json;
mod operation;
mod path;
mod structure;
mod work;

pub use path::Location;

use crate::error::Result;
use crate::v2::Message;
use condition::Cond;
use json::Json;
use operation::Op;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// Named code tables for the `map` operation: table name → (code → code).
#[derive(Debug, Clone, Default)]
pub struct CodeTables {
    tables: HashMap<String, Arc<HashMap<String, String>>>,
}

impl CodeTables {
    /// No tables.
    pub fn new() -> CodeTables {
        CodeTables::default()
    }

    /// The policy's top-level `"tables"` object: `{"name": {"from": "to", ...}, ...}`.
    /// `pointer` is the JSON pointer of `value` in the file (e.g. `/tables`), used in error
    /// locations.
    pub fn from_json(value: &Value, pointer: &str) -> Result<CodeTables> {
        let at = Json::new(value, pointer.to_string());
        let mut tables = HashMap::new();
        for (name, table) in at.object()? {
            let mut map = HashMap::new();
            for (from, to) in table.object()? {
                map.insert(from.to_string(), to.string()?.to_string());
            }
            tables.insert(name.to_string(), Arc::new(map));
        }
        Ok(CodeTables { tables })
    }

    /// The table called `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&Arc<HashMap<String, String>>> {
        self.tables.get(name)
    }

    /// Number of tables.
    pub fn len(&self) -> usize {
        self.tables.len()
    }

    /// True when there are no tables.
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
    }
}

/// One compiled rule: an optional precondition and the operations it guards.
#[derive(Debug, Clone)]
struct Rule {
    /// The rule's label for error messages: `rule 3` or `rule 3 (name)`.
    label: String,
    when: Option<Cond>,
    ops: Vec<Op>,
}

/// A compiled, validated list of transformation rules.
#[derive(Debug, Clone, Default)]
pub struct Transforms {
    rules: Vec<Rule>,
    /// Number of state keys saved by `save` operations.
    slots: usize,
}

/// What compiling needs besides the JSON: the code tables and the state keys saved so far.
pub(crate) struct Ctx<'t> {
    tables: &'t CodeTables,
    keys: Vec<String>,
}

impl Transforms {
    /// Compiles a JSON array of transformation rules. Errors are
    /// [`crate::ErrorKind::PolicyLoad`] with the JSON pointer of the offending element (e.g.
    /// `/destinations/MD/transforms/2/path`): unknown path syntax, bad regex, unknown operation
    /// or precondition, a `map` naming a table not in `tables`, a state key never saved earlier.
    pub fn compile(value: &Value, pointer: &str, tables: &CodeTables) -> Result<Transforms> {
        let at = Json::new(value, pointer.to_string());
        let mut ctx = Ctx {
            tables,
            keys: Vec::new(),
        };
        let mut rules = Vec::new();
        for (i, item) in at.array()?.into_iter().enumerate() {
            rules.push(compile_rule(&item, i, &mut ctx)?);
        }
        Ok(Transforms {
            rules,
            slots: ctx.keys.len(),
        })
    }

    /// No rules.
    pub fn empty() -> Transforms {
        Transforms::default()
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// True when there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Applies the rules to `msg`, in order, each seeing the message as the earlier ones left
    /// it. `header`: `Some((msh5, msh6))` first sets MSH-5 and MSH-6 (the default operation;
    /// each value an HD in v2 text form such as `MDIIS^2.16.840.1.113883.3.1234^ISO`, written
    /// with the message's own delimiters). Returns the transformed text with the input's
    /// delimiters and terminators; untouched segments are copied byte for byte, and a message
    /// no rule touches comes back unchanged. Any failing operation fails the whole call with
    /// [`crate::ErrorKind::Transform`] (the operation's path in [`crate::Error::path`]).
    pub fn apply(&self, msg: &Message<'_>, header: Option<(&str, &str)>) -> Result<String> {
        self.apply_on(msg, header, crate::conformance::today_from_clock())
    }

    /// [`Transforms::apply`] with "today" for the date preconditions given (replays, tests,
    /// and hosts without a clock such as `wasm32-unknown-unknown`, where `apply` knows no date
    /// and a comparison with `"today"` does not hold).
    pub fn apply_on(
        &self,
        msg: &Message<'_>,
        header: Option<(&str, &str)>,
        today: Option<chrono::NaiveDate>,
    ) -> Result<String> {
        let mut w = work::Work::new(msg, self.slots);
        w.today = today;
        if let Some((msh5, msh6)) = header {
            w.set_header(msh5, msh6)?;
        }
        for rule in &self.rules {
            if let Some(c) = &rule.when {
                if !c.eval(&mut w) {
                    continue;
                }
            }
            for (i, op) in rule.ops.iter().enumerate() {
                op.apply(&mut w)
                    .map_err(|e| e.in_operation(&rule.label, i + 1, op.name()))?;
            }
        }
        Ok(w.finish(msg))
    }
}

/// Keys a rule object may hold besides its operation.
const RULE_KEYS: &[&str] = &["name", "when", "do"];

fn compile_rule(at: &Json<'_>, index: usize, ctx: &mut Ctx<'_>) -> Result<Rule> {
    at.object()?;
    let name = at.opt("name").map(|n| n.string()).transpose()?;
    let label = match name {
        Some(n) => format!("rule {index} ({n})"),
        None => format!("rule {index}"),
    };
    let when = at
        .opt("when")
        .map(|c| condition::compile(&c, ctx))
        .transpose()?;
    let ops = match at.opt("do") {
        Some(list) => {
            at.only(RULE_KEYS)?;
            let mut ops = Vec::new();
            for op in list.array()? {
                ops.push(operation::compile(&op, ctx, &[])?);
            }
            ops
        }
        // Shorthand: the rule is one operation object.
        None => vec![operation::compile(at, ctx, &["name", "when"])?],
    };
    Ok(Rule { label, when, ops })
}
