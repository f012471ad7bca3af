//! Per-destination transformations of a message: preconditions and edit operations addressed
//! by izkit paths or HAPI-terser paths, with the IZ Gateway transformation service's vocabulary.
//!
//! STAND-IN on branch wip-share only: the real module is built on branch wip-xform and replaces
//! this file at merge. It has the agreed interface; it compiles only empty transformation lists
//! and applies just the default operation (MSH-5/MSH-6), so the routing engine can be built and
//! tested against it.

use crate::error::{Error, ErrorKind, Result};

/// Code tables for `map` operations (stand-in: always empty).
#[derive(Debug, Clone, Default)]
pub struct CodeTables;

impl CodeTables {
    /// No tables.
    pub fn new() -> Self {
        CodeTables
    }

    /// Stand-in: accepts only an empty object.
    pub fn from_json(value: &serde_json::Value, pointer: &str) -> Result<CodeTables> {
        match value.as_object() {
            Some(o) if o.is_empty() => Ok(CodeTables),
            _ => Err(unsupported(pointer)),
        }
    }
}

/// A compiled list of transformations (stand-in: always empty).
#[derive(Debug, Clone, Default)]
pub struct Transforms;

fn unsupported(pointer: &str) -> Error {
    Error::new(
        ErrorKind::PolicyLoad {
            location: pointer.to_string(),
            reason: "transformations are not available in this build".into(),
        },
        0,
    )
}

impl Transforms {
    /// Stand-in: compiles only an empty array.
    pub fn compile(value: &serde_json::Value, pointer: &str, _: &CodeTables) -> Result<Transforms> {
        match value.as_array() {
            Some(a) if a.is_empty() => Ok(Transforms),
            _ => Err(unsupported(pointer)),
        }
    }

    /// No transformations.
    pub fn empty() -> Transforms {
        Transforms
    }

    /// Always true for the stand-in.
    pub fn is_empty(&self) -> bool {
        true
    }

    /// The message as sent: MSH-5/MSH-6 set from `header` when given.
    pub fn apply(&self, msg: &crate::Message<'_>, header: Option<(&str, &str)>) -> Result<String> {
        let mut owned = msg.to_owned_message();
        if let Some((app, facility)) = header {
            owned.set("MSH-5", app)?;
            owned.set("MSH-6", facility)?;
        }
        let mut out = String::with_capacity(msg.as_str().len() + 32);
        owned.write_to(&mut out);
        Ok(out)
    }
}
