//! The one macro every FHIR type is declared with.
//!
//! `fhir_type!` writes the struct, its `Default`, and hand-rolled serde impls: the JSON names
//! are listed once beside each field; absent elements (`None`, empty `Vec`) are not written;
//! keys the struct does not know land in `extra` and are written back after the known ones,
//! so nothing is lost on a round trip (primitive extensions such as `_birthDate` included).
//! `#[serde(flatten)]` would do the same, but buffers every object and makes reading 2–3x
//! slower; this visitor reads each key once and dispatches on it. It also writes the type's
//! [`WriteJson`](super::WriteJson) impl: the same JSON text as its `Serialize` impl gives
//! through serde_json, written directly.

/// Declares a FHIR complex type or backbone element (`fhir_type!`) or a resource
/// (`fhir_type!(resource "Patient" ...)`, which also writes and checks `resourceType`).
macro_rules! fhir_type {
    (
        $(#[$meta:meta])*
        $name:ident<$lt:lifetime> {
            $( $(#[$fmeta:meta])* $json:literal $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        fhir_type!(@impl [] $(#[$meta])* $name<$lt> { $( $(#[$fmeta])* $json $field : $ty ),* });
    };
    (
        resource $rt:literal
        $(#[$meta:meta])*
        $name:ident<$lt:lifetime> {
            $( $(#[$fmeta:meta])* $json:literal $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        fhir_type!(@impl [$rt] $(#[$meta])* $name<$lt> { $( $(#[$fmeta])* $json $field : $ty ),* });
        impl $name<'_> {
            /// The FHIR `resourceType` of this resource.
            pub const RESOURCE_TYPE: &'static str = $rt;
        }
    };
    (
        @impl [$($rt:literal)?]
        $(#[$meta:meta])*
        $name:ident<$lt:lifetime> {
            $( $(#[$fmeta:meta])* $json:literal $field:ident : $ty:ty ),*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $name<$lt> {
            $( $(#[$fmeta])* pub $field: $ty, )*
            /// Elements izkit does not model, kept as they came so a round trip loses nothing.
            pub extra: $crate::fhir::model::Extra,
        }

        impl serde::Serialize for $name<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut m = s.serialize_map(None)?;
                $( m.serialize_entry("resourceType", $rt)?; )?
                $(
                    if !$crate::fhir::model::Absent::is_absent(&self.$field) {
                        m.serialize_entry($json, &self.$field)?;
                    }
                )*
                for (k, v) in &self.extra {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }

        impl $crate::fhir::model::WriteJson for $name<'_> {
            fn write_json(&self, out: &mut String) {
                use $crate::fhir::model::{Absent, WriteJson};
                out.push('{');
                $( out.push_str(concat!("\"resourceType\":\"", $rt, "\"")); )?
                // Whether an entry was written (a resource starts with `resourceType`).
                let mut had = !<[&str]>::is_empty(&[$($rt)?]);
                $(
                    if !Absent::is_absent(&self.$field) {
                        if had {
                            out.push(',');
                        }
                        had = true;
                        out.push_str(concat!("\"", $json, "\":"));
                        WriteJson::write_json(&self.$field, out);
                    }
                )*
                $crate::fhir::model::json::write_extra(out, &self.extra, had);
                out.push('}');
            }
        }

        impl<$lt> $crate::fhir::model::ToStatic for $name<$lt> {
            type Static = $name<'static>;
            fn to_static(self) -> $name<'static> {
                $name {
                    $( $field: $crate::fhir::model::ToStatic::to_static(self.$field), )*
                    extra: self.extra,
                }
            }
        }

        impl<$lt> $name<$lt> {
            /// The same value owning all its text (no longer borrowing what it was made from).
            pub fn into_owned(self) -> $name<'static> {
                $crate::fhir::model::ToStatic::to_static(self)
            }

            /// Reads the (remaining) entries of a JSON object as this type: the visitor's
            /// body, also called by `from_fhir`'s one-pass Bundle reader once it has read a
            /// resource's `resourceType` itself.
            ///
            /// Text is borrowed from the input where it has no escapes.
            pub(crate) fn read_entries<A: serde::de::MapAccess<$lt>>(
                mut a: A,
            ) -> Result<$name<$lt>, A::Error> {
                let mut out = $name::default();
                while let Some(key) = a.next_key::<$crate::fhir::model::Key<$lt>>()? {
                    match key.as_str() {
                        $( "resourceType" => {
                            let found: $crate::fhir::model::Key<$lt> = a.next_value()?;
                            if found.as_str() != $rt {
                                return Err(serde::de::Error::custom(format_args!(
                                    "resourceType is {:?}, expected {:?}",
                                    found.as_str(),
                                    $rt
                                )));
                            }
                        } )?
                        $( $json => {
                            out.$field = a.next_value_seed(
                                $crate::fhir::model::field::Seed::<$ty>::new(),
                            )?
                        } )*
                        _ => {
                            let v: serde_json::Value = a.next_value()?;
                            out.extra.insert(key.into_string(), v);
                        }
                    }
                }
                Ok(out)
            }
        }

        impl<$lt> $crate::fhir::model::Field<$lt> for $name<$lt> {
            fn read<D: serde::Deserializer<$lt>>(d: D) -> Result<Self, D::Error> {
                struct Visit;
                impl<$lt> serde::de::Visitor<$lt> for Visit {
                    type Value = $name<$lt>;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a FHIR ", stringify!($name), " object"))
                    }
                    fn visit_map<A: serde::de::MapAccess<$lt>>(
                        self,
                        a: A,
                    ) -> Result<$name<$lt>, A::Error> {
                        $name::read_entries(a)
                    }
                }
                d.deserialize_map(Visit)
            }
        }

        impl<'de, $lt> serde::Deserialize<'de> for $name<$lt> {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // Read borrowing the input, then made owning: a value read this way outlives
                // the text it was read from.
                struct Visit;
                impl<'de> serde::de::Visitor<'de> for Visit {
                    type Value = $name<'static>;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a FHIR ", stringify!($name), " object"))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        a: A,
                    ) -> Result<$name<'static>, A::Error> {
                        $name::read_entries(a).map($name::into_owned)
                    }
                }
                d.deserialize_map(Visit)
            }
        }
    };
}

pub(crate) use fhir_type;
