//! Reading an element's value borrowing the JSON text: [`Field`] is what `fhir_type!`'s
//! readers call for every typed element, so that a string without escapes becomes a
//! `Cow::Borrowed` slice of the input instead of a new `String` (serde's own `Cow` impl always
//! copies). The public `Deserialize` impls read this way and then take ownership
//! ([`super::ToStatic`]); `from_fhir_json` keeps the borrowed values.

use serde::de::{DeserializeSeed, Deserializer, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use super::Decimal;

/// An element value read from a deserializer whose input lives for `'de`.
#[doc(hidden)]
pub trait Field<'de>: Sized {
    /// Reads the value.
    fn read<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

/// [`Field::read`] as a seed, for `next_value_seed` / `next_element_seed`.
pub(crate) struct Seed<T>(PhantomData<T>);

impl<T> Seed<T> {
    pub(crate) fn new() -> Self {
        Seed(PhantomData)
    }
}

impl<'de, T: Field<'de>> DeserializeSeed<'de> for Seed<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::read(d)
    }
}

struct StrVisit;

impl<'de> Visitor<'de> for StrVisit {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

impl<'de> Field<'de> for Cow<'de, str> {
    fn read<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisit)
    }
}

struct OptionVisit<T>(PhantomData<T>);

impl<'de, T: Field<'de>> Visitor<'de> for OptionVisit<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("option")
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        T::read(d).map(Some)
    }
}

impl<'de, T: Field<'de>> Field<'de> for Option<T> {
    fn read<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_option(OptionVisit(PhantomData))
    }
}

struct SeqVisit<T>(PhantomData<T>);

impl<'de, T: Field<'de>> Visitor<'de> for SeqVisit<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(a.size_hint().unwrap_or(0).min(64));
        while let Some(v) = a.next_element_seed(Seed::<T>::new())? {
            out.push(v);
        }
        Ok(out)
    }
}

impl<'de, T: Field<'de>> Field<'de> for Vec<T> {
    fn read<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(SeqVisit(PhantomData))
    }
}

impl<'de, T: Field<'de>> Field<'de> for Box<T> {
    fn read<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::read(d).map(Box::new)
    }
}

/// Types that own their value: read with their `Deserialize` impl.
macro_rules! owned_field {
    ($($t:ty),*) => {
        $(
            impl<'de> Field<'de> for $t {
                fn read<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    serde::Deserialize::deserialize(d)
                }
            }
        )*
    };
}
owned_field!(bool, u32, i64, Decimal);
