//! Quantities: CQ ([`Cq`]), a number with its units (a CE), such as a dose amount.

use super::coded::Cwe;
use super::numeric::Number;
use super::parts::{Composite, Level, Reader};
use crate::error::Result;
use crate::v2::delimiters::Delimiters;
use serde::Serialize;

/// A composite quantity with units (CQ): CQ.1 the quantity (NM), CQ.2 the units (a CE, whose
/// parts are subcomponents).
///
/// ```
/// use izkit::datatypes::Cq;
/// use izkit::v2::Delimiters;
/// let dose = Cq::parse("0.5^mL&&UCUM", &Delimiters::default())?;
/// assert_eq!(dose.quantity.map(|q| q.as_f64()), Some(0.5));
/// assert_eq!(dose.units.and_then(|u| u.identifier).as_deref(), Some("mL"));
/// # Ok::<(), izkit::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Cq<'a> {
    /// CQ.1: the quantity.
    pub quantity: Option<Number<'a>>,
    /// CQ.2: the units.
    pub units: Option<Cwe<'a>>,
}

impl<'a> Cq<'a> {
    /// Reads a CQ field repetition (parts separated by the component separator). Fails when
    /// CQ.1 is not a number (NM).
    pub fn parse(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_at(raw, d, Level::Field)
    }

    /// Reads a CQ used as a component (parts separated by the subcomponent separator; the units
    /// can then only hold their identifier).
    pub fn parse_component(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_at(raw, d, Level::Component)
    }

    /// True when no part has a value.
    pub fn is_empty(&self) -> bool {
        self.is_blank()
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> Cq<'static> {
        Cq {
            quantity: self.quantity.map(Number::into_owned),
            units: self.units.map(Cwe::into_owned),
        }
    }
}

impl<'a> Composite<'a> for Cq<'a> {
    fn parse_at(raw: &'a str, d: &Delimiters, level: Level) -> Result<Self> {
        let r = Reader::<'_, '_, 2>::new(raw, d, level);
        Ok(Cq {
            quantity: r.primitive(1, Number::parse)?,
            units: r.composite(2)?,
        })
    }

    fn is_blank(&self) -> bool {
        self.quantity.is_none() && self.units.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn reads_quantities() {
        let d = Delimiters::default();
        let q = Cq::parse("0.5^mL&&UCUM", &d).unwrap();
        let units = q.units.unwrap();
        assert_eq!(units.coding_system.as_deref(), Some("UCUM"));
        assert_eq!(units.text, None);

        let q = Cq::parse("10", &d).unwrap().into_owned();
        assert_eq!(
            (q.quantity.map(|n| n.to_string()), q.units),
            (Some("10".into()), None)
        );

        let q = Cq::parse_component("2&d", &d).unwrap();
        assert_eq!(q.units.and_then(|u| u.identifier).as_deref(), Some("d"));
        assert!(Cq::parse("^", &d).unwrap().is_empty());
    }

    #[test]
    fn rejects_bad_quantity() {
        let e = Cq::parse("half^mL", &Delimiters::default()).unwrap_err();
        assert_eq!(
            e.kind,
            ErrorKind::Datatype {
                datatype: "NM",
                reason: "invalid character"
            }
        );
        assert_eq!(e.offset, 0);
    }
}
