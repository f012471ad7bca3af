//! Coded elements: CWE and CE ([`Cwe`]), such as a CVX vaccine code in RXA-5 or a UCUM unit in
//! RXA-7.
//!
//! A coded element carries a code in up to two coding systems (the identifier and its
//! alternate), each with its display text, plus the original text. CE is the first six parts of
//! CWE, so one reader serves both.

use super::parts::{own, Composite, Level, Reader};
use crate::error::Result;
use crate::v2::delimiters::Delimiters;
use serde::Serialize;
use std::borrow::Cow;

/// A coded element (CWE.1-9, or CE.1-6). Every part is optional.
///
/// ```
/// use izkit::datatypes::Cwe;
/// use izkit::v2::Delimiters;
/// let cvx = Cwe::parse("85^hep B, unspec^CVX", &Delimiters::default())?;
/// assert_eq!(cvx.identifier.as_deref(), Some("85"));
/// assert_eq!(cvx.code_in("CVX"), Some("85"));
/// # Ok::<(), izkit::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Cwe<'a> {
    /// CWE.1: the code.
    pub identifier: Option<Cow<'a, str>>,
    /// CWE.2: the display text of the code.
    pub text: Option<Cow<'a, str>>,
    /// CWE.3: the coding system of the code (`CVX`, `UCUM`, `HL70189` ...).
    pub coding_system: Option<Cow<'a, str>>,
    /// CWE.4: the code in a second coding system.
    pub alternate_identifier: Option<Cow<'a, str>>,
    /// CWE.5: the display text of the alternate code.
    pub alternate_text: Option<Cow<'a, str>>,
    /// CWE.6: the coding system of the alternate code (`NDC`, `MVX` ...).
    pub alternate_coding_system: Option<Cow<'a, str>>,
    /// CWE.7: the version of the coding system.
    pub coding_system_version_id: Option<Cow<'a, str>>,
    /// CWE.8: the version of the alternate coding system.
    pub alternate_coding_system_version_id: Option<Cow<'a, str>>,
    /// CWE.9: the original text the codes were chosen from.
    pub original_text: Option<Cow<'a, str>>,
}

/// A coded element (CE): the first six parts of [`Cwe`].
pub type Ce<'a> = Cwe<'a>;

impl<'a> Cwe<'a> {
    /// Reads a CWE or CE field repetition (parts separated by the component separator).
    pub fn parse(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_at(raw, d, Level::Field)
    }

    /// Reads a CWE or CE used as a component (parts separated by the subcomponent separator).
    pub fn parse_component(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_at(raw, d, Level::Component)
    }

    /// The code in `system` (compared ignoring ASCII case): the identifier when CWE.3 names
    /// `system`, else the alternate identifier when CWE.6 does.
    pub fn code_in(&self, system: &str) -> Option<&str> {
        let names =
            |s: &Option<Cow<'a, str>>| s.as_deref().is_some_and(|s| s.eq_ignore_ascii_case(system));
        if names(&self.coding_system) {
            self.identifier.as_deref()
        } else if names(&self.alternate_coding_system) {
            self.alternate_identifier.as_deref()
        } else {
            None
        }
    }

    /// True when no part has a value.
    pub fn is_empty(&self) -> bool {
        self.is_blank()
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> Cwe<'static> {
        Cwe {
            identifier: own(self.identifier),
            text: own(self.text),
            coding_system: own(self.coding_system),
            alternate_identifier: own(self.alternate_identifier),
            alternate_text: own(self.alternate_text),
            alternate_coding_system: own(self.alternate_coding_system),
            coding_system_version_id: own(self.coding_system_version_id),
            alternate_coding_system_version_id: own(self.alternate_coding_system_version_id),
            original_text: own(self.original_text),
        }
    }
}

impl<'a> Composite<'a> for Cwe<'a> {
    fn parse_at(raw: &'a str, d: &Delimiters, level: Level) -> Result<Self> {
        let r = Reader::<'_, '_, 9>::new(raw, d, level);
        Ok(Cwe {
            identifier: r.text(1),
            text: r.text(2),
            coding_system: r.text(3),
            alternate_identifier: r.text(4),
            alternate_text: r.text(5),
            alternate_coding_system: r.text(6),
            coding_system_version_id: r.text(7),
            alternate_coding_system_version_id: r.text(8),
            original_text: r.text(9),
        })
    }

    fn is_blank(&self) -> bool {
        [
            &self.identifier,
            &self.text,
            &self.coding_system,
            &self.alternate_identifier,
            &self.alternate_text,
            &self.alternate_coding_system,
            &self.coding_system_version_id,
            &self.alternate_coding_system_version_id,
            &self.original_text,
        ]
        .iter()
        .all(|p| p.is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cdc_examples() {
        let d = Delimiters::default();
        let c = Cwe::parse("85^hep B, unspec^CVX", &d).unwrap();
        assert_eq!(c.text.as_deref(), Some("hep B, unspec"));
        assert_eq!(c.coding_system.as_deref(), Some("CVX"));
        assert_eq!(c.alternate_identifier, None);
        assert!(matches!(c.identifier, Some(Cow::Borrowed("85"))));

        let unit = Ce::parse("mL^^UCUM", &d).unwrap();
        assert_eq!(
            (unit.identifier.as_deref(), unit.text.as_deref()),
            (Some("mL"), None)
        );
        assert_eq!(unit.code_in("ucum"), Some("mL"));

        let both = Cwe::parse("49281-0215-88^TENIVAC^NDC^35^Td^CVX^^^Td adult", &d).unwrap();
        assert_eq!(both.code_in("CVX"), Some("35"));
        assert_eq!(both.code_in("NDC"), Some("49281-0215-88"));
        assert_eq!(both.code_in("MVX"), None);
        assert_eq!(both.original_text.as_deref(), Some("Td adult"));
    }

    #[test]
    fn levels_and_escapes() {
        let d = Delimiters::default();
        let c = Cwe::parse_component("mL&&UCUM", &d).unwrap();
        assert_eq!(c.coding_system.as_deref(), Some("UCUM"));
        let c = Cwe::parse(r"A\S\B&x^T\T\U", &d).unwrap();
        assert_eq!(
            (c.identifier.as_deref(), c.text.as_deref()),
            (Some("A^B"), Some("T&U"))
        );
        let empty = Cwe::parse("^^", &d).unwrap();
        assert!(empty.is_empty());
        assert_eq!(empty, Cwe::default());
        let owned = Cwe::parse("1^a^b", &d).unwrap().into_owned();
        assert_eq!(owned.text.as_deref(), Some("a"));
    }
}
