//! Identifiers: HD ([`Hd`], an organization or system), EI ([`Ei`], an entity such as a message
//! or order) and CX ([`Cx`], a person's identifier such as a medical record number in PID-3).

use super::parts::{own, Composite, Level, Reader};
use super::time::Date;
use crate::error::Result;
use crate::v2::delimiters::Delimiters;
use serde::Serialize;
use std::borrow::Cow;

/// A hierarchic designator (HD): the name of an organization, application or facility, by a
/// local namespace id and/or a universal id (OID, ...).
///
/// ```
/// use izkit::datatypes::Hd;
/// use izkit::v2::Delimiters;
/// let hd = Hd::parse("MIIC^2.16.840.1.113883.3.87.3.1^ISO", &Delimiters::default())?;
/// assert_eq!(hd.namespace_id.as_deref(), Some("MIIC"));
/// assert_eq!(hd.universal_id_type.as_deref(), Some("ISO"));
/// # Ok::<(), izkit::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Hd<'a> {
    /// HD.1: the local name.
    pub namespace_id: Option<Cow<'a, str>>,
    /// HD.2: the universal id (an OID, a DNS name ...).
    pub universal_id: Option<Cow<'a, str>>,
    /// HD.3: the kind of universal id (`ISO`, `DNS` ...).
    pub universal_id_type: Option<Cow<'a, str>>,
}

impl<'a> Hd<'a> {
    /// Reads an HD field repetition (parts separated by the component separator).
    pub fn parse(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_at(raw, d, Level::Field)
    }

    /// Reads an HD used as a component (parts separated by the subcomponent separator).
    pub fn parse_component(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_at(raw, d, Level::Component)
    }

    /// True when no part has a value.
    pub fn is_empty(&self) -> bool {
        self.is_blank()
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> Hd<'static> {
        Hd {
            namespace_id: own(self.namespace_id),
            universal_id: own(self.universal_id),
            universal_id_type: own(self.universal_id_type),
        }
    }
}

impl<'a> Composite<'a> for Hd<'a> {
    fn parse_at(raw: &'a str, d: &Delimiters, level: Level) -> Result<Self> {
        let r = Reader::<'_, '_, 3>::new(raw, d, level);
        Ok(Hd {
            namespace_id: r.text(1),
            universal_id: r.text(2),
            universal_id_type: r.text(3),
        })
    }

    fn is_blank(&self) -> bool {
        self.namespace_id.is_none()
            && self.universal_id.is_none()
            && self.universal_id_type.is_none()
    }
}

/// An entity identifier (EI): an id unique within the namespace or universal id that issued it.
///
/// ```
/// use izkit::datatypes::Ei;
/// use izkit::v2::Delimiters;
/// let ei = Ei::parse("Z22^CDCPHINVS", &Delimiters::default())?;
/// assert_eq!(ei.entity_identifier.as_deref(), Some("Z22"));
/// assert_eq!(ei.namespace_id.as_deref(), Some("CDCPHINVS"));
/// # Ok::<(), izkit::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Ei<'a> {
    /// EI.1: the id.
    pub entity_identifier: Option<Cow<'a, str>>,
    /// EI.2: the local name of the issuer.
    pub namespace_id: Option<Cow<'a, str>>,
    /// EI.3: the universal id of the issuer.
    pub universal_id: Option<Cow<'a, str>>,
    /// EI.4: the kind of universal id.
    pub universal_id_type: Option<Cow<'a, str>>,
}

impl<'a> Ei<'a> {
    /// Reads an EI field repetition (parts separated by the component separator).
    pub fn parse(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_at(raw, d, Level::Field)
    }

    /// Reads an EI used as a component (parts separated by the subcomponent separator).
    pub fn parse_component(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_at(raw, d, Level::Component)
    }

    /// True when no part has a value.
    pub fn is_empty(&self) -> bool {
        self.is_blank()
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> Ei<'static> {
        Ei {
            entity_identifier: own(self.entity_identifier),
            namespace_id: own(self.namespace_id),
            universal_id: own(self.universal_id),
            universal_id_type: own(self.universal_id_type),
        }
    }
}

impl<'a> Composite<'a> for Ei<'a> {
    fn parse_at(raw: &'a str, d: &Delimiters, level: Level) -> Result<Self> {
        let r = Reader::<'_, '_, 4>::new(raw, d, level);
        Ok(Ei {
            entity_identifier: r.text(1),
            namespace_id: r.text(2),
            universal_id: r.text(3),
            universal_id_type: r.text(4),
        })
    }

    fn is_blank(&self) -> bool {
        self.entity_identifier.is_none()
            && self.namespace_id.is_none()
            && self.universal_id.is_none()
            && self.universal_id_type.is_none()
    }
}

/// An extended composite id with check digit (CX), such as a medical record number (PID-3) or
/// a Medicaid number.
///
/// Used as a field, its assigning authority and facility are HDs in subcomponents; used as a
/// component, only their namespace ids can be written.
///
/// ```
/// use izkit::datatypes::Cx;
/// use izkit::v2::Delimiters;
/// let cx = Cx::parse("432155^^^dcs^MR", &Delimiters::default())?;
/// assert_eq!(cx.id_number.as_deref(), Some("432155"));
/// assert_eq!(cx.assigning_authority.and_then(|a| a.namespace_id).as_deref(), Some("dcs"));
/// assert_eq!(cx.identifier_type_code.as_deref(), Some("MR"));
/// # Ok::<(), izkit::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Cx<'a> {
    /// CX.1: the id.
    pub id_number: Option<Cow<'a, str>>,
    /// CX.2: the check digit.
    pub check_digit: Option<Cow<'a, str>>,
    /// CX.3: the check digit scheme (table 0061).
    pub check_digit_scheme: Option<Cow<'a, str>>,
    /// CX.4: who issued the id.
    pub assigning_authority: Option<Hd<'a>>,
    /// CX.5: the kind of id (table 0203: `MR`, `MA`, `SS` ...).
    pub identifier_type_code: Option<Cow<'a, str>>,
    /// CX.6: the facility where the id was issued.
    pub assigning_facility: Option<Hd<'a>>,
    /// CX.7: the first day the id is valid.
    pub effective_date: Option<Date<'a>>,
    /// CX.8: the last day the id is valid.
    pub expiration_date: Option<Date<'a>>,
}

impl<'a> Cx<'a> {
    /// Reads a CX field repetition (parts separated by the component separator). Fails when
    /// CX.7 or CX.8 is not a valid date.
    pub fn parse(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_at(raw, d, Level::Field)
    }

    /// Reads a CX used as a component (parts separated by the subcomponent separator).
    pub fn parse_component(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_at(raw, d, Level::Component)
    }

    /// True when no part has a value.
    pub fn is_empty(&self) -> bool {
        self.is_blank()
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> Cx<'static> {
        Cx {
            id_number: own(self.id_number),
            check_digit: own(self.check_digit),
            check_digit_scheme: own(self.check_digit_scheme),
            assigning_authority: self.assigning_authority.map(Hd::into_owned),
            identifier_type_code: own(self.identifier_type_code),
            assigning_facility: self.assigning_facility.map(Hd::into_owned),
            effective_date: self.effective_date.map(Date::into_owned),
            expiration_date: self.expiration_date.map(Date::into_owned),
        }
    }
}

impl<'a> Composite<'a> for Cx<'a> {
    fn parse_at(raw: &'a str, d: &Delimiters, level: Level) -> Result<Self> {
        let r = Reader::<'_, '_, 8>::new(raw, d, level);
        Ok(Cx {
            id_number: r.text(1),
            check_digit: r.text(2),
            check_digit_scheme: r.text(3),
            assigning_authority: r.composite(4)?,
            identifier_type_code: r.text(5),
            assigning_facility: r.composite(6)?,
            effective_date: r.primitive(7, Date::parse)?,
            expiration_date: r.primitive(8, Date::parse)?,
        })
    }

    fn is_blank(&self) -> bool {
        self.id_number.is_none()
            && self.check_digit.is_none()
            && self.check_digit_scheme.is_none()
            && self.assigning_authority.is_none()
            && self.identifier_type_code.is_none()
            && self.assigning_facility.is_none()
            && self.effective_date.is_none()
            && self.expiration_date.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn reads_cdc_examples() {
        let d = Delimiters::default();
        let cx = Cx::parse("432155^^^dcs^MR", &d).unwrap();
        assert_eq!(cx.check_digit, None);
        assert_eq!(cx.assigning_facility, None);
        assert_eq!(cx.identifier_type_code.as_deref(), Some("MR"));

        let cx = Cx::parse("12345^^^MIIC&2.16.840.1.113883.3.87.3.1&ISO^SR^CLINIC", &d).unwrap();
        let aa = cx.assigning_authority.unwrap();
        assert_eq!(
            aa.universal_id.as_deref(),
            Some("2.16.840.1.113883.3.87.3.1")
        );
        assert_eq!(aa.universal_id_type.as_deref(), Some("ISO"));
        let facility = cx.assigning_facility.unwrap();
        assert_eq!(facility.namespace_id.as_deref(), Some("CLINIC"));

        let ei = Ei::parse("Z34^CDCPHINVS", &d).unwrap();
        assert_eq!(ei.universal_id, None);
        let hd = Hd::parse("^^^DCS_DC", &d).unwrap();
        assert!(hd.is_empty(), "only the first three parts belong to HD");
    }

    #[test]
    fn dates_are_checked_with_offsets() {
        let d = Delimiters::default();
        let cx = Cx::parse("1^^^A^MA^^20110101^20121231", &d).unwrap();
        assert_eq!(
            cx.effective_date.map(|x| x.to_string()).as_deref(),
            Some("20110101")
        );
        assert_eq!(
            cx.expiration_date
                .and_then(|x| x.naive_date())
                .map(|x| x.to_string())
                .as_deref(),
            Some("2012-12-31")
        );
        let e = Cx::parse("1^^^A^MA^^20111301", &d).unwrap_err();
        assert_eq!(
            e.kind,
            ErrorKind::Datatype {
                datatype: "DT",
                reason: "month out of range"
            }
        );
        assert_eq!(e.offset, 10 + 4);
        // Extra subcomponents of a primitive part are ignored.
        let cx = Cx::parse("1^^^^^^20110101&junk", &d).unwrap();
        assert!(cx.effective_date.is_some());
    }

    #[test]
    fn as_a_component() {
        let d = Delimiters::default();
        let cx = Cx::parse_component("432155&&&dcs&MR", &d).unwrap();
        assert_eq!(
            cx.assigning_authority
                .and_then(|a| a.namespace_id)
                .as_deref(),
            Some("dcs")
        );
        let hd = Hd::parse_component("A&B&ISO", &d).unwrap();
        assert_eq!(hd.universal_id.as_deref(), Some("B"));
        let ei = Ei::parse_component("1&NS", &d).unwrap().into_owned();
        assert_eq!(ei.namespace_id.as_deref(), Some("NS"));
        let owned = Cx::parse("1^^^A&B^MR^F^20110101", &d).unwrap().into_owned();
        assert_eq!(owned.effective_date.map(|x| x.year()), Some(2011));
    }

    #[test]
    fn blank_nested_parts_are_none() {
        let d = Delimiters::default();
        let cx = Cx::parse("1^^^&&^MR", &d).unwrap();
        assert_eq!(cx.assigning_authority, None);
        assert!(Cx::parse("", &d).unwrap().is_empty());
    }
}
