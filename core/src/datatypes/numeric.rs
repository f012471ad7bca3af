//! Numbers: NM ([`Number`], a decimal kept as text) and SI ([`SequenceId`], a non-negative
//! integer).
//!
//! HL7 NM is an optional sign, digits and at most one decimal point: no exponent, no spaces, no
//! thousands separators. The text is kept as sent (leading and trailing zeros may matter to a
//! receiver) and converted on demand.

use super::parts::error;
use crate::error::Result;
use crate::v2::delimiters::Delimiters;
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// An HL7 number (NM): `[+|-]digits[.digits]`, at least one digit.
///
/// ```
/// use izkit::datatypes::Number;
/// use izkit::v2::Delimiters;
/// let n = Number::parse("-0.50", &Delimiters::default())?;
/// assert_eq!((n.as_f64(), n.as_str()), (-0.5, "-0.50"));
/// assert!(Number::parse("1e3", &Delimiters::default()).is_err());
/// # Ok::<(), izkit::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Number<'a> {
    text: Cow<'a, str>,
}

impl<'a> Number<'a> {
    /// Reads an NM value; the whole of `raw` must be the number.
    pub fn parse(raw: &'a str, _d: &Delimiters) -> Result<Self> {
        const NM: &str = "NM";
        if raw.is_empty() {
            return Err(error(NM, "value is empty", 0));
        }
        let mut digits = 0usize;
        let mut point = false;
        for (i, c) in raw.bytes().enumerate() {
            match c {
                b'0'..=b'9' => digits += 1,
                b'+' | b'-' if i == 0 => {}
                b'+' | b'-' => return Err(error(NM, "sign must come first", i)),
                b'.' if point => return Err(error(NM, "more than one decimal point", i)),
                b'.' => point = true,
                b'e' | b'E' => return Err(error(NM, "exponent not allowed", i)),
                _ => return Err(error(NM, "invalid character", i)),
            }
        }
        if digits == 0 {
            return Err(error(NM, "no digits", 0));
        }
        Ok(Number {
            text: Cow::Borrowed(raw),
        })
    }

    /// The value as a float (nearest representable value).
    pub fn as_f64(&self) -> f64 {
        // The text has been checked to be a plain decimal, which Rust always parses.
        self.text.parse().unwrap_or(f64::NAN)
    }

    /// The value as an integer, when it has no decimal point and fits in an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        if self.text.contains('.') {
            return None;
        }
        self.text.parse().ok()
    }

    /// True when the value has a leading minus sign.
    pub fn is_negative(&self) -> bool {
        self.text.starts_with('-')
    }

    /// The original text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> Number<'static> {
        Number {
            text: Cow::Owned(self.text.into_owned()),
        }
    }
}

impl fmt::Display for Number<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Number<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// Reads a non-negative integer that fits in a `u32` (digits only, no sign).
pub(crate) fn parse_u32(raw: &str, datatype: &'static str) -> Result<u32> {
    if raw.is_empty() {
        return Err(error(datatype, "value is empty", 0));
    }
    raw.bytes().enumerate().try_fold(0u32, |acc, (i, c)| {
        if !c.is_ascii_digit() {
            return Err(error(datatype, "not a non-negative integer", i));
        }
        acc.checked_mul(10)
            .and_then(|v| v.checked_add(u32::from(c - b'0')))
            .ok_or_else(|| error(datatype, "integer too large", 0))
    })
}

/// An HL7 sequence id (SI): a non-negative integer such as `OBX-1` or `RXA-2`.
///
/// ```
/// use izkit::datatypes::SequenceId;
/// use izkit::v2::Delimiters;
/// assert_eq!(SequenceId::parse("12", &Delimiters::default())?.get(), 12);
/// assert!(SequenceId::parse("-1", &Delimiters::default()).is_err());
/// # Ok::<(), izkit::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct SequenceId(pub u32);

impl SequenceId {
    /// Reads an SI value; the whole of `raw` must be digits and fit in a `u32`.
    pub fn parse(raw: &str, _d: &Delimiters) -> Result<Self> {
        parse_u32(raw, "SI").map(SequenceId)
    }

    /// The value.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl fmt::Display for SequenceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use proptest::prelude::*;

    fn nm(s: &str) -> Result<Number<'_>> {
        Number::parse(s, &Delimiters::default())
    }

    fn reason(e: crate::error::Error) -> (&'static str, usize) {
        match e.kind {
            ErrorKind::Datatype { reason, .. } => (reason, e.offset),
            other => panic!("unexpected kind {other:?}"),
        }
    }

    #[test]
    fn reads_numbers() {
        assert_eq!(nm("0.5").unwrap().as_f64(), 0.5);
        assert_eq!(nm("111").unwrap().as_i64(), Some(111));
        assert_eq!(nm("2320112").unwrap().as_i64(), Some(2_320_112));
        assert_eq!(nm("+.5").unwrap().as_f64(), 0.5);
        assert_eq!(nm("5.").unwrap().as_f64(), 5.0);
        assert_eq!(nm("-0").unwrap().as_i64(), Some(0));
        assert!(nm("-0").unwrap().is_negative());
        assert_eq!(nm("1.0").unwrap().as_i64(), None);
        assert_eq!(nm("99999999999999999999").unwrap().as_i64(), None);
        assert_eq!(nm("007").unwrap().to_string(), "007");
        assert_eq!(
            serde_json::to_string(&nm("1.50").unwrap()).unwrap(),
            "\"1.50\""
        );
    }

    #[test]
    fn rejects_malformed_numbers() {
        let cases = [
            ("", "value is empty", 0),
            ("1e3", "exponent not allowed", 1),
            ("1E3", "exponent not allowed", 1),
            ("1.2.3", "more than one decimal point", 3),
            ("1-2", "sign must come first", 1),
            ("--1", "sign must come first", 1),
            ("-", "no digits", 0),
            (".", "no digits", 0),
            (" 1", "invalid character", 0),
            ("1,000", "invalid character", 1),
            ("12^3", "invalid character", 2),
            ("NaN", "invalid character", 0),
            ("inf", "invalid character", 0),
        ];
        for (text, why, at) in cases {
            assert_eq!(reason(nm(text).unwrap_err()), (why, at), "{text:?}");
        }
    }

    #[test]
    fn sequence_ids() {
        let d = Delimiters::default();
        assert_eq!(SequenceId::parse("0", &d).unwrap(), SequenceId(0));
        assert_eq!(SequenceId::parse("4294967295", &d).unwrap().get(), u32::MAX);
        assert_eq!(
            reason(SequenceId::parse("4294967296", &d).unwrap_err()).0,
            "integer too large"
        );
        assert_eq!(
            reason(SequenceId::parse("1.0", &d).unwrap_err()),
            ("not a non-negative integer", 1)
        );
        assert_eq!(
            reason(SequenceId::parse("", &d).unwrap_err()).0,
            "value is empty"
        );
        assert_eq!(SequenceId(7).to_string(), "7");
    }

    proptest! {
        #[test]
        fn numbers_round_trip(s in "[+-]?([0-9]{1,18}(\\.[0-9]{0,8})?|\\.[0-9]{1,8})") {
            let n = nm(&s).unwrap();
            prop_assert_eq!(n.to_string(), s.clone());
            prop_assert_eq!(n.as_f64(), s.parse::<f64>().unwrap());
            if !s.contains('.') {
                prop_assert_eq!(n.as_i64(), s.parse::<i64>().ok());
            }
        }

        #[test]
        fn any_text_is_read_without_panic(s in "\\PC{0,16}") {
            if let Ok(n) = nm(&s) {
                prop_assert!(!n.as_f64().is_nan());
            }
            let _ = SequenceId::parse(&s, &Delimiters::default());
        }

        #[test]
        fn sequence_ids_round_trip(v in any::<u32>()) {
            let text = v.to_string();
            prop_assert_eq!(SequenceId::parse(&text, &Delimiters::default()).unwrap().get(), v);
        }
    }
}
