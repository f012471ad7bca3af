//! izkit's own serde types for the FHIR R4 (4.0.1) resources it reads and writes.
//!
//! Every element FHIR defines for the mapping is a typed field; everything else a JSON document
//! carries (other elements, primitive extensions like `_birthDate`, `text`, `contained`) is kept
//! in each type's `extra` map and written back, so reading and writing a resource loses nothing.
//! Polymorphic `[x]` elements are one field per type the mapping uses (`occurrenceDateTime`,
//! `occurrenceString`, ...), named as in JSON. Primitive values are kept as their JSON text
//! (`Cow<'a, str>` for strings, dates, codes and URIs; [`Decimal`] keeps a decimal's digits), so a
//! value read is a value written.
//!
//! The lifetime `'a` lets a resource borrow its text: `from_fhir_json` reads a Bundle's strings
//! as slices of the JSON (those without escapes) and `to_fhir_json` builds its Bundle from
//! slices of the v2 message, instead of copying every value into its own `String`. What
//! `read_resource`, serde and [`to_fhir`](crate::fhir::to_fhir()) hand out owns its text
//! (`'static`); `into_owned` turns a borrowing value into one.
//!
//! Why not a generated FHIR crate: `fhir-sdk` costs minutes and gigabytes per build and megabytes
//! in a WASM module (see the `fhir-sdk` feature, which converts to and from its R4B types).
//!
//! ```
//! use izkit::fhir::model::{Immunization, Resource};
//! let json = r#"{"resourceType":"Immunization","status":"completed",
//!                "vaccineCode":{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"208"}]},
//!                "patient":{"reference":"Patient/1"},"occurrenceDateTime":"2021-03-04",
//!                "_occurrenceDateTime":{"extension":[{"url":"http://example.org/x","valueString":"y"}]}}"#;
//! let r: Resource = serde_json::from_str(json)?;
//! let Resource::Immunization(imm) = &r else { panic!() };
//! assert_eq!(imm.status.as_deref(), Some("completed"));
//! assert!(imm.extra.contains_key("_occurrenceDateTime")); // kept, not dropped
//! let again: serde_json::Value = serde_json::to_value(&r)?;
//! assert_eq!(again, serde_json::from_str::<serde_json::Value>(json)?);
//! # Ok::<(), serde_json::Error>(())
//! ```

mod datatypes;
pub(crate) mod field;
pub(crate) mod json;
pub(crate) mod macros;
mod resource;
mod resources;

use std::borrow::Cow;
use std::fmt;

pub use datatypes::*;
#[doc(hidden)]
pub use field::Field;
pub use json::WriteJson;
pub use resource::Resource;
pub use resources::*;

/// Elements a type does not model, by JSON name, in the order of their names.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// A value that may borrow text, turned into one that owns it (`Cow::Borrowed` → `Cow::Owned`):
/// what each model type's `into_owned` is made of.
#[doc(hidden)]
pub trait ToStatic {
    /// The owning type.
    type Static: 'static;
    /// Converts, copying borrowed text.
    fn to_static(self) -> Self::Static;
}

impl ToStatic for Cow<'_, str> {
    type Static = Cow<'static, str>;
    fn to_static(self) -> Cow<'static, str> {
        match self {
            Cow::Borrowed(s) => Cow::Owned(s.to_owned()),
            Cow::Owned(s) => Cow::Owned(s),
        }
    }
}

impl<T: ToStatic> ToStatic for Option<T> {
    type Static = Option<T::Static>;
    fn to_static(self) -> Self::Static {
        self.map(T::to_static)
    }
}

impl<T: ToStatic> ToStatic for Vec<T> {
    type Static = Vec<T::Static>;
    fn to_static(self) -> Self::Static {
        self.into_iter().map(T::to_static).collect()
    }
}

impl<T: ToStatic> ToStatic for Box<T> {
    type Static = Box<T::Static>;
    fn to_static(self) -> Self::Static {
        Box::new((*self).to_static())
    }
}

macro_rules! owned_already {
    ($($t:ty),*) => {
        $(
            impl ToStatic for $t {
                type Static = $t;
                fn to_static(self) -> $t {
                    self
                }
            }
        )*
    };
}
owned_already!(bool, u32, i64, Decimal);

/// Whether an element is left out of the JSON (FHIR has no `null` and no empty arrays).
pub trait Absent {
    /// `true` when the element is not there.
    fn is_absent(&self) -> bool;
}

impl<T> Absent for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl<T> Absent for Vec<T> {
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

/// A JSON object key, borrowed from the input when it can be.
#[doc(hidden)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(Visit)
    }
}

/// A FHIR `decimal`, kept as the digits written so that `0.50` stays `0.50` (FHIR says the
/// precision of a decimal is significant).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Decimal(String);

impl Decimal {
    /// A decimal from its text, if the text is a JSON number (`-1`, `0.50`, `1e3`).
    pub fn parse(text: &str) -> Option<Decimal> {
        let ok = serde_json::from_str::<serde_json::Number>(text).is_ok()
            && !text.starts_with(|c: char| c.is_ascii_whitespace())
            && !text.ends_with(|c: char| c.is_ascii_whitespace());
        ok.then(|| Decimal(text.to_owned()))
    }

    /// The decimal's text, exactly as read or made.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value as a float.
    pub fn as_f64(&self) -> f64 {
        self.0.parse().unwrap_or(f64::NAN)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The digits go out verbatim through serde_json's raw value; other serializers get
        // the same text parsed as a JSON number.
        match serde_json::value::RawValue::from_string(self.0.clone()) {
            Ok(raw) => raw.serialize(s),
            Err(e) => Err(serde::ser::Error::custom(e)),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Decimal {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Read as raw JSON so the digits survive (a `Number` would turn `0.50` into `0.5`).
        let raw = Box::<serde_json::value::RawValue>::deserialize(d)?;
        let text = raw.get();
        if text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
            Ok(Decimal(text.to_owned()))
        } else {
            Err(serde::de::Error::custom(
                "a FHIR decimal must be a JSON number",
            ))
        }
    }
}
