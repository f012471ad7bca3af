//! Error locations: ERL ([`Erl`]), the place in a message an acknowledgement points at, as in
//! ERR-2 (`RXA^1^5^1^1`: the first RXA, field 5, repetition 1, component 1).

use super::numeric::parse_u32;
use super::parts::{error, Level, Reader};
use crate::error::Result;
use crate::v2::delimiters::Delimiters;
use serde::Serialize;
use std::borrow::Cow;

/// An error location (ERL.1-6). The segment id is required; the positions are non-negative
/// integers.
///
/// ```
/// use izkit::datatypes::Erl;
/// use izkit::v2::Delimiters;
/// let at = Erl::parse("RXA^1^5^1^1", &Delimiters::default())?;
/// assert_eq!(at.segment_id, "RXA");
/// assert_eq!((at.segment_sequence, at.field_position, at.component_number), (Some(1), Some(5), Some(1)));
/// assert_eq!(at.subcomponent_number, None);
/// # Ok::<(), izkit::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Erl<'a> {
    /// ERL.1: the segment id (`RXA`, `PID` ...).
    pub segment_id: Cow<'a, str>,
    /// ERL.2: which occurrence of the segment in the message (1-based).
    pub segment_sequence: Option<u32>,
    /// ERL.3: the field number.
    pub field_position: Option<u32>,
    /// ERL.4: the field repetition (1-based).
    pub field_repetition: Option<u32>,
    /// ERL.5: the component number.
    pub component_number: Option<u32>,
    /// ERL.6: the subcomponent number.
    pub subcomponent_number: Option<u32>,
}

const ERL: &str = "ERL";

/// Reads an ERL position: a non-negative integer.
fn position(raw: &str, _d: &Delimiters) -> Result<u32> {
    parse_u32(raw, ERL)
}

impl<'a> Erl<'a> {
    /// Reads an ERL field repetition (parts separated by the component separator).
    pub fn parse(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_at(raw, d, Level::Field)
    }

    /// Reads an ERL used as a component (parts separated by the subcomponent separator).
    pub fn parse_component(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_at(raw, d, Level::Component)
    }

    fn parse_at(raw: &'a str, d: &Delimiters, level: Level) -> Result<Self> {
        let r = Reader::<'_, '_, 6>::new(raw, d, level);
        let segment_id = r.primitive(1, |id, _| segment_id(id))?;
        let segment_id = segment_id.ok_or_else(|| error(ERL, "segment id is missing", 0))?;
        Ok(Erl {
            segment_id: Cow::Borrowed(segment_id),
            segment_sequence: r.primitive(2, position)?,
            field_position: r.primitive(3, position)?,
            field_repetition: r.primitive(4, position)?,
            component_number: r.primitive(5, position)?,
            subcomponent_number: r.primitive(6, position)?,
        })
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> Erl<'static> {
        Erl {
            segment_id: Cow::Owned(self.segment_id.into_owned()),
            ..self
        }
    }
}

/// Checks a segment id: three characters `[A-Z][A-Z0-9]{2}`.
fn segment_id(id: &str) -> Result<&str> {
    let b = id.as_bytes();
    let ok = b.len() == 3
        && b[0].is_ascii_uppercase()
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if ok {
        Ok(id)
    } else {
        Err(error(
            ERL,
            "segment id is not three characters [A-Z][A-Z0-9]{2}",
            0,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn reason(e: crate::error::Error) -> (&'static str, usize) {
        match e.kind {
            ErrorKind::Datatype { reason, .. } => (reason, e.offset),
            other => panic!("unexpected kind {other:?}"),
        }
    }

    #[test]
    fn reads_locations() {
        let d = Delimiters::default();
        let e = Erl::parse("RXA^1^5^1^1", &d).unwrap();
        assert_eq!(e.field_repetition, Some(1));
        let e = Erl::parse("PID^1^11^2^5^1", &d).unwrap().into_owned();
        assert_eq!(
            (e.segment_id.as_ref(), e.subcomponent_number),
            ("PID", Some(1))
        );
        let e = Erl::parse("MSH^1^12", &d).unwrap();
        assert_eq!((e.field_position, e.field_repetition), (Some(12), None));
        let e = Erl::parse("ZZ1", &d).unwrap();
        assert_eq!(e.segment_sequence, None);
        let e = Erl::parse_component("RXA&2&5", &d).unwrap();
        assert_eq!(e.segment_sequence, Some(2));
    }

    #[test]
    fn rejects_malformed_locations() {
        let d = Delimiters::default();
        assert_eq!(
            reason(Erl::parse("", &d).unwrap_err()),
            ("segment id is missing", 0)
        );
        assert_eq!(
            reason(Erl::parse("^1^5", &d).unwrap_err()),
            ("segment id is missing", 0)
        );
        let bad_id = ("segment id is not three characters [A-Z][A-Z0-9]{2}", 0);
        assert_eq!(reason(Erl::parse("rxa^1", &d).unwrap_err()), bad_id);
        assert_eq!(reason(Erl::parse("RXAB^1", &d).unwrap_err()), bad_id);
        assert_eq!(reason(Erl::parse("1XA^1", &d).unwrap_err()), bad_id);
        assert_eq!(
            reason(Erl::parse("RXA^1^x5", &d).unwrap_err()),
            ("not a non-negative integer", 6)
        );
        assert_eq!(
            reason(Erl::parse("RXA^1^5^-1", &d).unwrap_err()),
            ("not a non-negative integer", 8)
        );
        assert_eq!(
            reason(Erl::parse("RXA^99999999999", &d).unwrap_err()),
            ("integer too large", 4)
        );
    }
}
