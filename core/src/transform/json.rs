//! Reading policy JSON with the JSON pointer of every value at hand, so each load error says
//! where in the file the mistake is.

use crate::error::{Error, ErrorKind, Result};
use serde_json::Value;

/// A JSON value and its pointer in the policy file.
#[derive(Debug, Clone)]
pub(crate) struct Json<'v> {
    pub v: &'v Value,
    pub ptr: String,
}

/// `key` escaped for a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
fn escape_key(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

impl<'v> Json<'v> {
    pub fn new(v: &'v Value, ptr: String) -> Json<'v> {
        Json { v, ptr }
    }

    /// A load error at this value.
    pub fn err(&self, reason: impl Into<String>) -> Error {
        Error::new(
            ErrorKind::PolicyLoad {
                location: self.ptr.clone(),
                reason: reason.into(),
            },
            0,
        )
    }

    fn child(&self, key: &str, v: &'v Value) -> Json<'v> {
        Json::new(v, format!("{}/{}", self.ptr, escape_key(key)))
    }

    /// The members of an object, in file order.
    pub fn object(&self) -> Result<Vec<(&'v str, Json<'v>)>> {
        let map = self
            .v
            .as_object()
            .ok_or_else(|| self.err("expected an object"))?;
        Ok(map
            .iter()
            .map(|(k, v)| (k.as_str(), self.child(k, v)))
            .collect())
    }

    /// The elements of an array.
    pub fn array(&self) -> Result<Vec<Json<'v>>> {
        let list = self
            .v
            .as_array()
            .ok_or_else(|| self.err("expected an array"))?;
        Ok(list
            .iter()
            .enumerate()
            .map(|(i, v)| self.child(&i.to_string(), v))
            .collect())
    }

    /// A string.
    pub fn string(&self) -> Result<&'v str> {
        self.v.as_str().ok_or_else(|| self.err("expected a string"))
    }

    /// A boolean.
    pub fn boolean(&self) -> Result<bool> {
        self.v
            .as_bool()
            .ok_or_else(|| self.err("expected true or false"))
    }

    /// Member `key`, when this is an object holding it.
    pub fn opt(&self, key: &str) -> Option<Json<'v>> {
        self.v.get(key).map(|v| self.child(key, v))
    }

    /// Member `key`, required.
    pub fn req(&self, key: &str) -> Result<Json<'v>> {
        self.opt(key)
            .ok_or_else(|| self.err(format!("missing member \"{key}\"")))
    }

    /// Fails at the first member whose key is not in `keys`.
    pub fn only(&self, keys: &[&str]) -> Result<()> {
        for (k, v) in self.object()? {
            if !keys.contains(&k) {
                return Err(v.err(format!(
                    "unknown member \"{k}\" (expected one of: {})",
                    keys.join(", ")
                )));
            }
        }
        Ok(())
    }
}
