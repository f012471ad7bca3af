//! People: XPN ([`Xpn`], a person's name such as PID-5 or NK1-2) and XCN ([`Xcn`], a person
//! with an id, such as the ordering or administering provider in ORC-12 and RXA-10).
//!
//! The family name is an FN whose first subcomponent is the surname; the other FN parts (own
//! surname prefix, partner's surname ...) are not used by the IG and are ignored.

use super::identifier::Hd;
use super::parts::{own, Composite, Level, Reader};
use crate::error::Result;
use crate::v2::delimiters::Delimiters;
use serde::Serialize;
use std::borrow::Cow;

/// An extended person name (XPN.1-7).
///
/// ```
/// use izkit::datatypes::Xpn;
/// use izkit::v2::Delimiters;
/// let name = Xpn::parse("Patient^Johnny^New^^^^L", &Delimiters::default())?;
/// assert_eq!(name.family_name.as_deref(), Some("Patient"));
/// assert_eq!(name.given_name.as_deref(), Some("Johnny"));
/// assert_eq!(name.name_type_code.as_deref(), Some("L"));
/// # Ok::<(), izkit::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Xpn<'a> {
    /// XPN.1.1: the surname.
    pub family_name: Option<Cow<'a, str>>,
    /// XPN.2: the given (first) name.
    pub given_name: Option<Cow<'a, str>>,
    /// XPN.3: second and further given names or their initials (middle name).
    pub second_given_names: Option<Cow<'a, str>>,
    /// XPN.4: the suffix (`JR`, `III` ...).
    pub suffix: Option<Cow<'a, str>>,
    /// XPN.5: the prefix (`DR` ...).
    pub prefix: Option<Cow<'a, str>>,
    /// XPN.6: the degree (deprecated; `MD` ...).
    pub degree: Option<Cow<'a, str>>,
    /// XPN.7: the kind of name (table 0200: `L` legal, `M` maiden, `A` alias ...).
    pub name_type_code: Option<Cow<'a, str>>,
}

impl<'a> Xpn<'a> {
    /// Reads an XPN field repetition (parts separated by the component separator).
    pub fn parse(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_at(raw, d, Level::Field)
    }

    /// Reads an XPN used as a component (parts separated by the subcomponent separator).
    pub fn parse_component(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_at(raw, d, Level::Component)
    }

    /// True when no part has a value.
    pub fn is_empty(&self) -> bool {
        self.is_blank()
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> Xpn<'static> {
        Xpn {
            family_name: own(self.family_name),
            given_name: own(self.given_name),
            second_given_names: own(self.second_given_names),
            suffix: own(self.suffix),
            prefix: own(self.prefix),
            degree: own(self.degree),
            name_type_code: own(self.name_type_code),
        }
    }
}

impl<'a> Composite<'a> for Xpn<'a> {
    fn parse_at(raw: &'a str, d: &Delimiters, level: Level) -> Result<Self> {
        let r = Reader::<'_, '_, 7>::new(raw, d, level);
        Ok(Xpn {
            family_name: r.text(1),
            given_name: r.text(2),
            second_given_names: r.text(3),
            suffix: r.text(4),
            prefix: r.text(5),
            degree: r.text(6),
            name_type_code: r.text(7),
        })
    }

    fn is_blank(&self) -> bool {
        [
            &self.family_name,
            &self.given_name,
            &self.second_given_names,
            &self.suffix,
            &self.prefix,
            &self.degree,
            &self.name_type_code,
        ]
        .iter()
        .all(|p| p.is_none())
    }
}

/// An extended composite id number and name for persons (XCN): the parts the IG uses, XCN.1-10,
/// XCN.13 and XCN.21.
///
/// ```
/// use izkit::datatypes::Xcn;
/// use izkit::v2::Delimiters;
/// let nurse = Xcn::parse("I-23432^Burden^Donna^A^^^^^NIST-AA-1^^^^PRN", &Delimiters::default())?;
/// assert_eq!(nurse.id_number.as_deref(), Some("I-23432"));
/// assert_eq!(nurse.family_name.as_deref(), Some("Burden"));
/// assert_eq!(nurse.assigning_authority.and_then(|a| a.namespace_id).as_deref(), Some("NIST-AA-1"));
/// assert_eq!(nurse.identifier_type_code.as_deref(), Some("PRN"));
/// # Ok::<(), izkit::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Xcn<'a> {
    /// XCN.1: the person's id.
    pub id_number: Option<Cow<'a, str>>,
    /// XCN.2.1: the surname.
    pub family_name: Option<Cow<'a, str>>,
    /// XCN.3: the given (first) name.
    pub given_name: Option<Cow<'a, str>>,
    /// XCN.4: second and further given names or their initials.
    pub second_given_names: Option<Cow<'a, str>>,
    /// XCN.5: the suffix.
    pub suffix: Option<Cow<'a, str>>,
    /// XCN.6: the prefix.
    pub prefix: Option<Cow<'a, str>>,
    /// XCN.7: the degree (deprecated).
    pub degree: Option<Cow<'a, str>>,
    /// XCN.8: the source table of the id.
    pub source_table: Option<Cow<'a, str>>,
    /// XCN.9: who issued the id.
    pub assigning_authority: Option<Hd<'a>>,
    /// XCN.10: the kind of name (table 0200).
    pub name_type_code: Option<Cow<'a, str>>,
    /// XCN.13: the kind of id (table 0203: `NPI`, `PRN` ...).
    pub identifier_type_code: Option<Cow<'a, str>>,
    /// XCN.21: the professional suffix (`MD`, `RN` ...).
    pub professional_suffix: Option<Cow<'a, str>>,
}

impl<'a> Xcn<'a> {
    /// Reads an XCN field repetition (parts separated by the component separator).
    pub fn parse(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_at(raw, d, Level::Field)
    }

    /// Reads an XCN used as a component (parts separated by the subcomponent separator).
    pub fn parse_component(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_at(raw, d, Level::Component)
    }

    /// True when no part has a value.
    pub fn is_empty(&self) -> bool {
        self.is_blank()
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> Xcn<'static> {
        Xcn {
            id_number: own(self.id_number),
            family_name: own(self.family_name),
            given_name: own(self.given_name),
            second_given_names: own(self.second_given_names),
            suffix: own(self.suffix),
            prefix: own(self.prefix),
            degree: own(self.degree),
            source_table: own(self.source_table),
            assigning_authority: self.assigning_authority.map(Hd::into_owned),
            name_type_code: own(self.name_type_code),
            identifier_type_code: own(self.identifier_type_code),
            professional_suffix: own(self.professional_suffix),
        }
    }
}

impl<'a> Composite<'a> for Xcn<'a> {
    fn parse_at(raw: &'a str, d: &Delimiters, level: Level) -> Result<Self> {
        let r = Reader::<'_, '_, 21>::new(raw, d, level);
        Ok(Xcn {
            id_number: r.text(1),
            family_name: r.text(2),
            given_name: r.text(3),
            second_given_names: r.text(4),
            suffix: r.text(5),
            prefix: r.text(6),
            degree: r.text(7),
            source_table: r.text(8),
            assigning_authority: r.composite(9)?,
            name_type_code: r.text(10),
            identifier_type_code: r.text(13),
            professional_suffix: r.text(21),
        })
    }

    fn is_blank(&self) -> bool {
        self.assigning_authority.is_none()
            && [
                &self.id_number,
                &self.family_name,
                &self.given_name,
                &self.second_given_names,
                &self.suffix,
                &self.prefix,
                &self.degree,
                &self.source_table,
                &self.name_type_code,
                &self.identifier_type_code,
                &self.professional_suffix,
            ]
            .iter()
            .all(|p| p.is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::v2::escape;
    use proptest::prelude::*;

    #[test]
    fn reads_cdc_names() {
        let d = Delimiters::default();
        let n = Xpn::parse("Patient^Johnny^New^^^^L", &d).unwrap();
        assert_eq!(n.second_given_names.as_deref(), Some("New"));
        assert_eq!(
            (n.suffix.as_ref(), n.prefix.as_ref(), n.degree.as_ref()),
            (None, None, None)
        );

        let n = Xpn::parse(r"O\T\Brien^Mary", &d).unwrap();
        assert_eq!(n.family_name.as_deref(), Some("O&Brien"));
        assert!(matches!(n.given_name, Some(Cow::Borrowed("Mary"))));

        // FN: only the surname (first subcomponent) is kept.
        let n = Xpn::parse("van Gogh&van&Gogh^Vincent^^^^^L", &d).unwrap();
        assert_eq!(n.family_name.as_deref(), Some("van Gogh"));

        let maiden = Xpn::parse("Doe^Jane^^^^^M", &d).unwrap().into_owned();
        assert_eq!(maiden.name_type_code.as_deref(), Some("M"));
        assert!(Xpn::parse("", &d).unwrap().is_empty());
        assert_eq!(
            Xpn::parse_component("Doe&Jane", &d)
                .unwrap()
                .given_name
                .as_deref(),
            Some("Jane")
        );
    }

    #[test]
    fn reads_providers() {
        let d = Delimiters::default();
        let x = Xcn::parse(
            "1234567890^Smith^Jan^^^^^^NPI&2.16.840.1.113883.4.6&ISO^L^^^NPI^^^^^^^^MD",
            &d,
        )
        .unwrap();
        assert_eq!(x.given_name.as_deref(), Some("Jan"));
        assert_eq!(
            x.assigning_authority
                .as_ref()
                .and_then(|a| a.universal_id_type.as_deref()),
            Some("ISO")
        );
        assert_eq!(x.name_type_code.as_deref(), Some("L"));
        assert_eq!(x.identifier_type_code.as_deref(), Some("NPI"));
        assert_eq!(x.professional_suffix.as_deref(), Some("MD"));
        let x = x.into_owned();
        assert_eq!(x.id_number.as_deref(), Some("1234567890"));

        let x = Xcn::parse("^Nurse^Sticker", &d).unwrap();
        assert_eq!(
            (x.id_number, x.family_name.as_deref()),
            (None, Some("Nurse"))
        );
        assert!(Xcn::parse("^^^^", &d).unwrap().is_empty());
        let x = Xcn::parse_component("7&Doe&John", &d).unwrap();
        assert_eq!(x.given_name.as_deref(), Some("John"));
    }

    proptest! {
        #[test]
        fn names_decode_what_encode_wrote(parts in proptest::collection::vec("\\PC{0,12}", 7)) {
            let d = Delimiters::default();
            let raw = parts.iter().map(|p| escape::encode(p, &d)).collect::<Vec<_>>().join("^");
            let n = Xpn::parse(&raw, &d).unwrap();
            let got = [&n.family_name, &n.given_name, &n.second_given_names, &n.suffix, &n.prefix, &n.degree, &n.name_type_code];
            for (want, got) in parts.iter().zip(got) {
                prop_assert_eq!(got.as_deref(), (!want.is_empty()).then_some(want.as_str()));
            }
        }
    }
}
