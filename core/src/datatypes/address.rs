//! Places: XAD ([`Xad`], a postal address such as PID-11) and LA2 ([`La2`], the location where
//! a vaccine was given, RXA-11).
//!
//! The XAD street is an SAD whose first subcomponent is the street or mailing address; the other
//! SAD parts (street name, dwelling number) are not used by the IG and are ignored.

use super::identifier::Hd;
use super::parts::{own, Composite, Level, Reader};
use crate::error::Result;
use crate::v2::delimiters::Delimiters;
use serde::Serialize;
use std::borrow::Cow;

/// An extended address (XAD.1-10).
///
/// ```
/// use izkit::datatypes::Xad;
/// use izkit::v2::Delimiters;
/// let home = Xad::parse("123 Any St^^Somewhere^WI^54000^^L", &Delimiters::default())?;
/// assert_eq!(home.street_address.as_deref(), Some("123 Any St"));
/// assert_eq!(home.city.as_deref(), Some("Somewhere"));
/// assert_eq!(home.zip.as_deref(), Some("54000"));
/// # Ok::<(), izkit::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Xad<'a> {
    /// XAD.1.1: the street or mailing address.
    pub street_address: Option<Cow<'a, str>>,
    /// XAD.2: other designation (apartment, suite ...).
    pub other_designation: Option<Cow<'a, str>>,
    /// XAD.3: the city.
    pub city: Option<Cow<'a, str>>,
    /// XAD.4: the state or province.
    pub state: Option<Cow<'a, str>>,
    /// XAD.5: the zip or postal code.
    pub zip: Option<Cow<'a, str>>,
    /// XAD.6: the country (ISO 3166).
    pub country: Option<Cow<'a, str>>,
    /// XAD.7: the kind of address (table 0190: `L` legal, `M` mailing, `H` home ...).
    pub address_type: Option<Cow<'a, str>>,
    /// XAD.8: other geographic designation.
    pub other_geographic_designation: Option<Cow<'a, str>>,
    /// XAD.9: the county or parish code (FIPS).
    pub county_code: Option<Cow<'a, str>>,
    /// XAD.10: the census tract.
    pub census_tract: Option<Cow<'a, str>>,
}

impl<'a> Xad<'a> {
    /// Reads an XAD field repetition (parts separated by the component separator).
    pub fn parse(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_at(raw, d, Level::Field)
    }

    /// Reads an XAD used as a component (parts separated by the subcomponent separator).
    pub fn parse_component(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_at(raw, d, Level::Component)
    }

    /// True when no part has a value.
    pub fn is_empty(&self) -> bool {
        self.is_blank()
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> Xad<'static> {
        Xad {
            street_address: own(self.street_address),
            other_designation: own(self.other_designation),
            city: own(self.city),
            state: own(self.state),
            zip: own(self.zip),
            country: own(self.country),
            address_type: own(self.address_type),
            other_geographic_designation: own(self.other_geographic_designation),
            county_code: own(self.county_code),
            census_tract: own(self.census_tract),
        }
    }
}

impl<'a> Composite<'a> for Xad<'a> {
    fn parse_at(raw: &'a str, d: &Delimiters, level: Level) -> Result<Self> {
        let r = Reader::<'_, '_, 10>::new(raw, d, level);
        Ok(Xad {
            street_address: r.text(1),
            other_designation: r.text(2),
            city: r.text(3),
            state: r.text(4),
            zip: r.text(5),
            country: r.text(6),
            address_type: r.text(7),
            other_geographic_designation: r.text(8),
            county_code: r.text(9),
            census_tract: r.text(10),
        })
    }

    fn is_blank(&self) -> bool {
        [
            &self.street_address,
            &self.other_designation,
            &self.city,
            &self.state,
            &self.zip,
            &self.country,
            &self.address_type,
            &self.other_geographic_designation,
            &self.county_code,
            &self.census_tract,
        ]
        .iter()
        .all(|p| p.is_none())
    }
}

/// A location with address (LA2.1-16), as in RXA-11 (administered-at location).
///
/// ```
/// use izkit::datatypes::La2;
/// use izkit::v2::Delimiters;
/// let place = La2::parse("^^^DCS_DC", &Delimiters::default())?;
/// assert_eq!(place.facility.and_then(|f| f.namespace_id).as_deref(), Some("DCS_DC"));
/// # Ok::<(), izkit::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct La2<'a> {
    /// LA2.1: the point of care.
    pub point_of_care: Option<Cow<'a, str>>,
    /// LA2.2: the room.
    pub room: Option<Cow<'a, str>>,
    /// LA2.3: the bed.
    pub bed: Option<Cow<'a, str>>,
    /// LA2.4: the facility.
    pub facility: Option<Hd<'a>>,
    /// LA2.5: the location status.
    pub location_status: Option<Cow<'a, str>>,
    /// LA2.6: the patient location type.
    pub patient_location_type: Option<Cow<'a, str>>,
    /// LA2.7: the building.
    pub building: Option<Cow<'a, str>>,
    /// LA2.8: the floor.
    pub floor: Option<Cow<'a, str>>,
    /// LA2.9: the street address.
    pub street_address: Option<Cow<'a, str>>,
    /// LA2.10: other designation.
    pub other_designation: Option<Cow<'a, str>>,
    /// LA2.11: the city.
    pub city: Option<Cow<'a, str>>,
    /// LA2.12: the state or province.
    pub state: Option<Cow<'a, str>>,
    /// LA2.13: the zip or postal code.
    pub zip: Option<Cow<'a, str>>,
    /// LA2.14: the country.
    pub country: Option<Cow<'a, str>>,
    /// LA2.15: the kind of address.
    pub address_type: Option<Cow<'a, str>>,
    /// LA2.16: other geographic designation.
    pub other_geographic_designation: Option<Cow<'a, str>>,
}

impl<'a> La2<'a> {
    /// Reads an LA2 field repetition (parts separated by the component separator).
    pub fn parse(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_at(raw, d, Level::Field)
    }

    /// Reads an LA2 used as a component (parts separated by the subcomponent separator).
    pub fn parse_component(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_at(raw, d, Level::Component)
    }

    /// True when no part has a value.
    pub fn is_empty(&self) -> bool {
        self.is_blank()
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> La2<'static> {
        La2 {
            point_of_care: own(self.point_of_care),
            room: own(self.room),
            bed: own(self.bed),
            facility: self.facility.map(Hd::into_owned),
            location_status: own(self.location_status),
            patient_location_type: own(self.patient_location_type),
            building: own(self.building),
            floor: own(self.floor),
            street_address: own(self.street_address),
            other_designation: own(self.other_designation),
            city: own(self.city),
            state: own(self.state),
            zip: own(self.zip),
            country: own(self.country),
            address_type: own(self.address_type),
            other_geographic_designation: own(self.other_geographic_designation),
        }
    }
}

impl<'a> Composite<'a> for La2<'a> {
    fn parse_at(raw: &'a str, d: &Delimiters, level: Level) -> Result<Self> {
        let r = Reader::<'_, '_, 16>::new(raw, d, level);
        Ok(La2 {
            point_of_care: r.text(1),
            room: r.text(2),
            bed: r.text(3),
            facility: r.composite(4)?,
            location_status: r.text(5),
            patient_location_type: r.text(6),
            building: r.text(7),
            floor: r.text(8),
            street_address: r.text(9),
            other_designation: r.text(10),
            city: r.text(11),
            state: r.text(12),
            zip: r.text(13),
            country: r.text(14),
            address_type: r.text(15),
            other_geographic_designation: r.text(16),
        })
    }

    fn is_blank(&self) -> bool {
        self.facility.is_none()
            && [
                &self.point_of_care,
                &self.room,
                &self.bed,
                &self.location_status,
                &self.patient_location_type,
                &self.building,
                &self.floor,
                &self.street_address,
                &self.other_designation,
                &self.city,
                &self.state,
                &self.zip,
                &self.country,
                &self.address_type,
                &self.other_geographic_designation,
            ]
            .iter()
            .all(|p| p.is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cdc_addresses() {
        let d = Delimiters::default();
        let a = Xad::parse("123 Any St^^Somewhere^WI^54000^^L", &d).unwrap();
        assert_eq!(a.other_designation, None);
        assert_eq!(a.state.as_deref(), Some("WI"));
        assert_eq!(a.country, None);
        assert_eq!(a.address_type.as_deref(), Some("L"));

        let a = Xad::parse(
            "123 Main St&Main St&123^Apt 2^Madison^WI^53703^USA^M^^55025^0001",
            &d,
        )
        .unwrap();
        assert_eq!(a.street_address.as_deref(), Some("123 Main St"));
        assert_eq!(a.county_code.as_deref(), Some("55025"));
        assert_eq!(a.census_tract.as_deref(), Some("0001"));
        let a = a.into_owned();
        assert_eq!(a.country.as_deref(), Some("USA"));

        assert!(Xad::parse("^^^", &d).unwrap().is_empty());
        let a = Xad::parse_component("1 Elm&&Town", &d).unwrap();
        assert_eq!(a.city.as_deref(), Some("Town"));
    }

    #[test]
    fn reads_locations() {
        let d = Delimiters::default();
        let l = La2::parse("^^^DCS_DC", &d).unwrap();
        assert_eq!(l.point_of_care, None);
        let l = La2::parse(
            "ER^1^A^Clinic&1.2.3&ISO^^^B^2^1 Elm^Ste 3^Town^WI^53703^USA^B^Ward",
            &d,
        )
        .unwrap();
        assert_eq!(
            l.facility.as_ref().and_then(|f| f.universal_id.as_deref()),
            Some("1.2.3")
        );
        assert_eq!(l.building.as_deref(), Some("B"));
        assert_eq!(l.zip.as_deref(), Some("53703"));
        assert_eq!(l.other_geographic_designation.as_deref(), Some("Ward"));
        let l = l.into_owned();
        assert_eq!(l.city.as_deref(), Some("Town"));
        assert!(La2::parse("", &d).unwrap().is_empty());
        let l = La2::parse_component("ER&&&Clinic", &d).unwrap();
        assert_eq!(
            l.facility.and_then(|f| f.namespace_id).as_deref(),
            Some("Clinic")
        );
    }
}
