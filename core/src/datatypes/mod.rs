//! Typed readers for the HL7 v2.5.1 datatypes the CDC IIS Implementation Guide R1.5 uses.
//!
//! Each reader borrows the raw text of one value and decodes its parts on the spot: text parts
//! are [`Cow<str>`](std::borrow::Cow) (borrowed unless an escape sequence had to be decoded) and
//! absent parts are `None` (an empty part is never `Some("")`). Every reader has
//! `parse(raw, &Delimiters)`, where `raw` is one repetition of a field; composite readers also
//! have `parse_component(raw, &Delimiters)` for a value used as a component, whose parts are
//! then separated by the subcomponent separator.
//!
//! | HL7 | reader | | HL7 | reader |
//! | --- | --- | --- | --- | --- |
//! | TS, DTM | [`Timestamp`] | | CX | [`Cx`] |
//! | DT | [`Date`] | | XPN | [`Xpn`] |
//! | NM | [`Number`] | | XCN | [`Xcn`] |
//! | SI | [`SequenceId`] | | XAD | [`Xad`] |
//! | ID, IS | [`Code`] | | XTN | [`Xtn`] |
//! | ST, TX, FT | [`Text`] | | LA2 | [`La2`] |
//! | CWE, CE | [`Cwe`] | | CQ | [`Cq`] |
//! | HD | [`Hd`] | | ERL | [`Erl`] |
//! | EI | [`Ei`] | | | |
//!
//! Rules shared by all readers:
//!
//! - Parts past those a type defines, and subcomponents of a part that is a primitive, are
//!   ignored, as HL7 asks of a receiver.
//! - Malformed content (a date out of range, a number with an exponent ...) is an
//!   [`Error`](crate::error::Error) of kind [`ErrorKind::Datatype`](crate::error::ErrorKind),
//!   whose reason names the rule broken and never the value. Its offset is a byte offset into
//!   `raw`; shift it with [`Error::shifted`](crate::error::Error::shifted) to place it in a
//!   message.
//! - The HL7 null `""` is not special here: check [`is_null`] first when it matters.
//!
//! ```
//! use izkit::datatypes::{Cwe, Precision, Timestamp, Xpn};
//! use izkit::v2::Delimiters;
//!
//! let d = Delimiters::default();
//! let name = Xpn::parse(r"O\T\Brien^Mary^^^^^L", &d)?;
//! assert_eq!(name.family_name.as_deref(), Some("O&Brien"));
//! assert_eq!(name.second_given_names, None);
//!
//! let vaccine = Cwe::parse("85^hep B, unspec^CVX", &d)?;
//! assert_eq!(vaccine.code_in("CVX"), Some("85"));
//!
//! let given = Timestamp::parse("20110411", &d)?;
//! assert_eq!(given.precision(), Precision::Day);
//! assert_eq!(given.naive_date().map(|x| x.to_string()).as_deref(), Some("2011-04-11"));
//!
//! let err = Timestamp::parse("201201130000-500", &d).unwrap_err();
//! assert_eq!(err.to_string(), "byte 12: malformed TS value: invalid offset");
//! # Ok::<(), izkit::Error>(())
//! ```

mod address;
mod coded;
mod erl;
mod identifier;
mod numeric;
mod parts;
pub(crate) use parts::pieces;
mod person;
mod quantity;
mod telecom;
mod text;
mod time;

pub use address::{La2, Xad};
pub use coded::{Ce, Cwe};
pub use erl::Erl;
pub use identifier::{Cx, Ei, Hd};
pub use numeric::{Number, SequenceId};
pub use person::{Xcn, Xpn};
pub use quantity::Cq;
pub use telecom::Xtn;
pub use text::{Code, Text};
pub use time::{Date, Precision, Timestamp};

/// Splits `raw` on the separator byte `sep`, without decoding: `components("a^b^", b'^')` yields
/// `a`, `b` and an empty last part. An empty `raw` yields one empty part.
///
/// ```
/// let parts: Vec<&str> = izkit::datatypes::components("mL^^UCUM", b'^').collect();
/// assert_eq!(parts, ["mL", "", "UCUM"]);
/// ```
pub fn components(raw: &str, sep: u8) -> impl Iterator<Item = &str> {
    raw.split(char::from(sep))
}

/// True when `raw` is the HL7 null `""`: the sender asks the receiver to delete the value, which
/// is not the same as leaving it empty.
///
/// ```
/// assert!(izkit::datatypes::is_null("\"\""));
/// assert!(!izkit::datatypes::is_null(""));
/// ```
pub fn is_null(raw: &str) -> bool {
    raw == "\"\""
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::v2::delimiters::Delimiters;
    use proptest::prelude::*;

    #[test]
    fn splits_without_decoding() {
        assert_eq!(
            components(r"a\S\b^c", b'^').collect::<Vec<_>>(),
            [r"a\S\b", "c"]
        );
        assert_eq!(components("", b'^').collect::<Vec<_>>(), [""]);
        assert_eq!(components("x&y", b'&').count(), 2);
    }

    #[test]
    fn custom_delimiters() {
        let (d, _) = Delimiters::from_header(b"MSH#$*@!%#").unwrap();
        let name = Xpn::parse("O@T@Brien$Mary", &d).unwrap();
        assert_eq!(name.family_name.as_deref(), Some("O!Brien"));
        let cx = Cx::parse("1$$$A!B$MR", &d).unwrap();
        assert_eq!(
            cx.assigning_authority
                .and_then(|a| a.universal_id)
                .as_deref(),
            Some("B")
        );
        let t = Timestamp::parse("20110411$D", &d).unwrap();
        assert_eq!(t.to_string(), "20110411");
    }

    proptest! {
        /// No reader panics, whatever the text, and every error names a datatype rule.
        #[test]
        fn readers_never_panic(s in "[\\PC^&~|\\\\0-9.+\\-]{0,40}") {
            let d = Delimiters::default();
            let results = [
                Timestamp::parse(&s, &d).err(),
                Timestamp::parse_component(&s, &d).err(),
                Date::parse(&s, &d).err(),
                Number::parse(&s, &d).err(),
                SequenceId::parse(&s, &d).err(),
                Code::parse(&s, &d).err(),
                Text::parse(&s, &d).err(),
                Cwe::parse(&s, &d).err(),
                Hd::parse(&s, &d).err(),
                Ei::parse(&s, &d).err(),
                Cx::parse(&s, &d).err(),
                Cx::parse_component(&s, &d).err(),
                Xpn::parse(&s, &d).err(),
                Xcn::parse(&s, &d).err(),
                Xad::parse(&s, &d).err(),
                Xtn::parse(&s, &d).err(),
                Xtn::parse_component(&s, &d).err(),
                La2::parse(&s, &d).err(),
                Cq::parse(&s, &d).err(),
                Erl::parse(&s, &d).err(),
            ];
            for e in results.into_iter().flatten() {
                prop_assert_eq!(e.code(), "datatype");
                prop_assert!(e.offset <= s.len());
            }
        }
    }
}

/// A datatype reader, so views can read any of them: `rxa.field(3)?.read::<Timestamp>()`.
///
/// `parse` reads a value whose parts are components (a field repetition); `parse_component`
/// reads one used as a component, whose parts are subcomponents. Primitive types read both the
/// same way.
pub trait Datatype<'a>: Sized {
    /// The HL7 name of the type (`TS`, `CWE`, ...).
    const NAME: &'static str;
    /// Reads a value whose parts are separated by the component separator.
    fn parse(raw: &'a str, d: &crate::v2::Delimiters) -> crate::Result<Self>;
    /// Reads a value used as a component (parts separated by the subcomponent separator).
    fn parse_component(raw: &'a str, d: &crate::v2::Delimiters) -> crate::Result<Self> {
        Self::parse(raw, d)
    }
}

macro_rules! composite_datatypes {
    ($($ty:ident => $name:literal),* $(,)?) => {$(
        impl<'a> Datatype<'a> for $ty<'a> {
            const NAME: &'static str = $name;
            fn parse(raw: &'a str, d: &crate::v2::Delimiters) -> crate::Result<Self> {
                $ty::parse(raw, d)
            }
            fn parse_component(raw: &'a str, d: &crate::v2::Delimiters) -> crate::Result<Self> {
                $ty::parse_component(raw, d)
            }
        }
    )*};
}

macro_rules! primitive_datatypes {
    ($($ty:ty => $name:literal),* $(,)?) => {$(
        impl<'a> Datatype<'a> for $ty {
            const NAME: &'static str = $name;
            fn parse(raw: &'a str, d: &crate::v2::Delimiters) -> crate::Result<Self> {
                <$ty>::parse(raw, d)
            }
        }
    )*};
}

composite_datatypes!(
    Timestamp => "TS", Cwe => "CWE", Hd => "HD", Ei => "EI", Cx => "CX", Xpn => "XPN",
    Xcn => "XCN", Xad => "XAD", Xtn => "XTN", La2 => "LA2", Cq => "CQ", Erl => "ERL",
);
primitive_datatypes!(
    Date<'a> => "DT", Number<'a> => "NM", SequenceId => "SI", Code<'a> => "ID", Text<'a> => "ST",
);
