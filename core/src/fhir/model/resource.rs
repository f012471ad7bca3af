//! [`Resource`]: any resource izkit reads or writes, chosen by its `resourceType`.

use serde::de::Error as _;
use serde::{Deserialize, Serialize};

use super::resources::*;
use super::Extra;

macro_rules! resources {
    ($( $variant:ident ),* $(,)?) => {
        /// One FHIR resource: the types izkit models, or any other kept as JSON.
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum Resource<'a> {
            $(
                #[doc = concat!("A `", stringify!($variant), "`.")]
                $variant(Box<$variant<'a>>),
            )*
            /// A resource of a type izkit does not model, as its JSON object.
            Other(Extra),
        }

        impl Resource<'_> {
            /// The resource's `resourceType`.
            pub fn resource_type(&self) -> &str {
                match self {
                    $( Resource::$variant(_) => $variant::RESOURCE_TYPE, )*
                    Resource::Other(map) => map
                        .get("resourceType")
                        .and_then(|v| v.as_str())
                        .unwrap_or(""),
                }
            }

            /// The same resource owning all its text.
            pub fn into_owned(self) -> Resource<'static> {
                super::ToStatic::to_static(self)
            }

            /// The resource's logical `id`, if it has one.
            pub fn id(&self) -> Option<&str> {
                match self {
                    $( Resource::$variant(r) => r.id.as_deref(), )*
                    Resource::Other(map) => map.get("id").and_then(|v| v.as_str()),
                }
            }
        }

        $(
            impl<'a> From<$variant<'a>> for Resource<'a> {
                fn from(r: $variant<'a>) -> Resource<'a> {
                    Resource::$variant(Box::new(r))
                }
            }
        )*

        impl super::ToStatic for Resource<'_> {
            type Static = Resource<'static>;
            fn to_static(self) -> Resource<'static> {
                match self {
                    $( Resource::$variant(r) => Resource::$variant(Box::new((*r).to_static())), )*
                    Resource::Other(map) => Resource::Other(map),
                }
            }
        }

        impl<'de> super::Field<'de> for Resource<'de> {
            fn read<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // A nested resource is read from its own copy of the text (see the
                // `Deserialize` impl), so it owns its values.
                Resource::deserialize(d)
            }
        }

        impl Serialize for Resource<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $( Resource::$variant(r) => r.serialize(s), )*
                    Resource::Other(map) => map.serialize(s),
                }
            }
        }

        impl super::WriteJson for Resource<'_> {
            fn write_json(&self, out: &mut String) {
                match self {
                    $( Resource::$variant(r) => r.write_json(out), )*
                    Resource::Other(map) => super::json::write_object(out, map),
                }
            }
        }

        impl<'de, 'a> Deserialize<'de> for Resource<'a> {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // `resourceType` may come anywhere in the object: take the object's text
                // once, find its type with a pass that skips everything else, then read it
                // as that type. Cheaper than buffering it as a `Value`.
                let raw = Box::<serde_json::value::RawValue>::deserialize(d)?;
                let probe: TypeProbe<'_> = serde_json::from_str(raw.get()).map_err(D::Error::custom)?;
                let Some(rt) = probe.resource_type else {
                    return Err(D::Error::custom("a resource has no resourceType"));
                };
                match &*rt {
                    $( $variant::RESOURCE_TYPE => serde_json::from_str::<$variant>(raw.get())
                        .map(|r| Resource::$variant(Box::new(r)))
                        .map_err(D::Error::custom), )*
                    _ => serde_json::from_str::<Extra>(raw.get())
                        .map(Resource::Other)
                        .map_err(D::Error::custom),
                }
            }
        }
    };
}

/// Calls the macro `$callback` with the names of the resource types izkit models (the
/// variants of [`Resource`], each also a type in `izkit::fhir::model`), comma-separated:
/// the one list the `Resource` enum, the `fhir-sdk` conversions and their tests are made from.
#[doc(hidden)]
#[macro_export]
macro_rules! for_each_resource {
    ($callback:ident) => {
        $callback! {
            Bundle,
            MessageHeader,
            Patient,
            RelatedPerson,
            Practitioner,
            PractitionerRole,
            Organization,
            Location,
            Immunization,
            ImmunizationEvaluation,
            ImmunizationRecommendation,
            Observation,
            OperationOutcome,
            Parameters
        }
    };
}

crate::for_each_resource!(resources);

/// Only the `resourceType` of an object; serde skips the rest without building it.
#[derive(Deserialize)]
struct TypeProbe<'a> {
    #[serde(rename = "resourceType", borrow, default)]
    resource_type: Option<std::borrow::Cow<'a, str>>,
}
