//! Telecommunication addresses: XTN ([`Xtn`]), a phone number or email address such as PID-13.
//!
//! The IG writes phone numbers in parts (XTN.5-8, each an NM: country code, area code, local
//! number, extension) and emails in XTN.4; XTN.1 (the unformatted number) is deprecated.

use super::numeric::Number;
use super::parts::{own, Composite, Level, Reader};
use crate::error::Result;
use crate::v2::delimiters::Delimiters;
use serde::Serialize;
use std::borrow::Cow;

/// An extended telecommunication number (XTN.1-9).
///
/// ```
/// use izkit::datatypes::Xtn;
/// use izkit::v2::Delimiters;
/// let phone = Xtn::parse("^PRN^PH^^^111^2320112", &Delimiters::default())?;
/// assert_eq!(phone.use_code.as_deref(), Some("PRN"));
/// assert_eq!(phone.area_code.map(|n| n.to_string()).as_deref(), Some("111"));
/// assert_eq!(phone.local_number.and_then(|n| n.as_i64()), Some(2320112));
/// # Ok::<(), izkit::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Xtn<'a> {
    /// XTN.1: the number as free text (deprecated).
    pub telephone_number: Option<Cow<'a, str>>,
    /// XTN.2: the use (table 0201: `PRN` primary residence, `NET` network address ...).
    pub use_code: Option<Cow<'a, str>>,
    /// XTN.3: the equipment (table 0202: `PH` phone, `CP` cell phone, `Internet` ...).
    pub equipment_type: Option<Cow<'a, str>>,
    /// XTN.4: the email address.
    pub email_address: Option<Cow<'a, str>>,
    /// XTN.5: the country code.
    pub country_code: Option<Number<'a>>,
    /// XTN.6: the area or city code.
    pub area_code: Option<Number<'a>>,
    /// XTN.7: the local number.
    pub local_number: Option<Number<'a>>,
    /// XTN.8: the extension.
    pub extension: Option<Number<'a>>,
    /// XTN.9: any text.
    pub any_text: Option<Cow<'a, str>>,
}

impl<'a> Xtn<'a> {
    /// Reads an XTN field repetition (parts separated by the component separator). Fails when
    /// XTN.5-8 are not numbers (NM).
    pub fn parse(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_at(raw, d, Level::Field)
    }

    /// Reads an XTN used as a component (parts separated by the subcomponent separator).
    pub fn parse_component(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_at(raw, d, Level::Component)
    }

    /// True when no part has a value.
    pub fn is_empty(&self) -> bool {
        self.is_blank()
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> Xtn<'static> {
        Xtn {
            telephone_number: own(self.telephone_number),
            use_code: own(self.use_code),
            equipment_type: own(self.equipment_type),
            email_address: own(self.email_address),
            country_code: self.country_code.map(Number::into_owned),
            area_code: self.area_code.map(Number::into_owned),
            local_number: self.local_number.map(Number::into_owned),
            extension: self.extension.map(Number::into_owned),
            any_text: own(self.any_text),
        }
    }
}

impl<'a> Composite<'a> for Xtn<'a> {
    fn parse_at(raw: &'a str, d: &Delimiters, level: Level) -> Result<Self> {
        let r = Reader::<'_, '_, 9>::new(raw, d, level);
        Ok(Xtn {
            telephone_number: r.text(1),
            use_code: r.text(2),
            equipment_type: r.text(3),
            email_address: r.text(4),
            country_code: r.primitive(5, Number::parse)?,
            area_code: r.primitive(6, Number::parse)?,
            local_number: r.primitive(7, Number::parse)?,
            extension: r.primitive(8, Number::parse)?,
            any_text: r.text(9),
        })
    }

    fn is_blank(&self) -> bool {
        self.telephone_number.is_none()
            && self.use_code.is_none()
            && self.equipment_type.is_none()
            && self.email_address.is_none()
            && self.country_code.is_none()
            && self.area_code.is_none()
            && self.local_number.is_none()
            && self.extension.is_none()
            && self.any_text.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn reads_cdc_phones_and_emails() {
        let d = Delimiters::default();
        let p = Xtn::parse("^PRN^PH^^^111^2320112", &d).unwrap();
        assert_eq!(p.equipment_type.as_deref(), Some("PH"));
        assert_eq!(
            (p.telephone_number, p.email_address, p.country_code),
            (None, None, None)
        );
        assert_eq!(p.extension, None);

        let e = Xtn::parse(r"^NET^Internet^jdoe@example.org", &d).unwrap();
        assert_eq!(e.email_address.as_deref(), Some("jdoe@example.org"));

        let p = Xtn::parse("(111)232-0112^PRN^PH^^1^111^2320112^42^call after 5", &d)
            .unwrap()
            .into_owned();
        assert_eq!(p.telephone_number.as_deref(), Some("(111)232-0112"));
        assert_eq!(p.extension.map(|n| n.to_string()).as_deref(), Some("42"));
        assert_eq!(p.any_text.as_deref(), Some("call after 5"));
        assert!(Xtn::parse("", &d).unwrap().is_empty());
        assert_eq!(
            Xtn::parse_component("&PRN&PH&&&111", &d)
                .unwrap()
                .area_code
                .map(|n| n.as_f64()),
            Some(111.0)
        );
    }

    #[test]
    fn numeric_parts_are_checked() {
        let d = Delimiters::default();
        let e = Xtn::parse("^PRN^PH^^^111^232-0112", &d).unwrap_err();
        assert_eq!(
            e.kind,
            ErrorKind::Datatype {
                datatype: "NM",
                reason: "sign must come first"
            }
        );
        assert_eq!(e.offset, 14 + 3);
        assert!(!e.to_string().contains("232"));
    }
}
