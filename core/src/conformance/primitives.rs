//! Format checks for HL7 primitive datatypes (NM, SI, DT, DTM, TM), as the validator applies
//! them to every primitive element it meets. Dates are checked against the calendar, not
//! only against a pattern: `20230230` is not a date.
//!
//! These run on every valued element of a message, so they work on bytes and never allocate.

/// What is wrong with a primitive value, in words safe to log (no value echoed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FormatError {
    /// Not a number (`NM`).
    Number,
    /// Not a non-negative integer (`SI`).
    SequenceId,
    /// Not a date `YYYY[MM[DD]]` (`DT`), or not a real calendar date.
    Date,
    /// Not a date/time `YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]` (`DTM`).
    DateTime,
    /// Not a time `HH[MM[SS[.S[S[S[S]]]]]][+/-ZZZZ]` (`TM`).
    Time,
}

impl FormatError {
    /// A description of the expected format.
    pub(crate) fn expected(self) -> &'static str {
        match self {
            FormatError::Number => "a number",
            FormatError::SequenceId => "a non-negative integer",
            FormatError::Date => "a date YYYY[MM[DD]]",
            FormatError::DateTime => "a date/time YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]",
            FormatError::Time => "a time HH[MM[SS[.S[S[S[S]]]]]][+/-ZZZZ]",
        }
    }

    /// True for the date and time formats (CDC application error 2, invalid date).
    pub(crate) fn is_date(self) -> bool {
        matches!(
            self,
            FormatError::Date | FormatError::DateTime | FormatError::Time
        )
    }
}

/// The primitive datatypes with a format, and the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `NM`.
    Number,
    /// `SI`.
    SequenceId,
    /// `DT`.
    Date,
    /// `DTM`.
    DateTime,
    /// `TM`.
    Time,
    /// Any other datatype (ST, ID, IS, TX, FT, ...): always passes.
    Free,
}

/// The format of datatype `name` (found once per datatype of a profile).
pub(crate) fn kind(name: &str) -> Kind {
    match name {
        "NM" => Kind::Number,
        "SI" => Kind::SequenceId,
        "DT" => Kind::Date,
        "DTM" => Kind::DateTime,
        "TM" => Kind::Time,
        _ => Kind::Free,
    }
}

/// Checks `value` against the format of primitive datatype `name`; datatypes without a
/// format (ST, ID, IS, TX, FT, ...) always pass.
pub(crate) fn check(name: &str, value: &str) -> Result<(), FormatError> {
    check_kind(kind(name), value)
}

/// [`check`] for a datatype whose [`kind`] is known.
#[inline]
pub(crate) fn check_kind(kind: Kind, value: &str) -> Result<(), FormatError> {
    let b = value.as_bytes();
    match kind {
        Kind::Number => number(b).then_some(()).ok_or(FormatError::Number),
        Kind::SequenceId => (!b.is_empty() && b.iter().all(u8::is_ascii_digit))
            .then_some(())
            .ok_or(FormatError::SequenceId),
        Kind::Date => date(b).then_some(()).ok_or(FormatError::Date),
        Kind::DateTime => datetime(b).then_some(()).ok_or(FormatError::DateTime),
        Kind::Time => time(b).then_some(()).ok_or(FormatError::Time),
        Kind::Free => Ok(()),
    }
}

/// `[+-]digits[.digits]` or `[+-].digits`.
fn number(b: &[u8]) -> bool {
    let b = match b.first() {
        Some(b'+' | b'-') => &b[1..],
        _ => b,
    };
    let (int, frac) = match b.iter().position(|&c| c == b'.') {
        Some(i) => (&b[..i], Some(&b[i + 1..])),
        None => (b, None),
    };
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    match frac {
        None => !int.is_empty() && digits(int),
        Some(f) => (!int.is_empty() || !f.is_empty()) && digits(int) && digits(f),
    }
}

fn two(b: &[u8], i: usize) -> Option<u32> {
    let hi = b.get(i)?;
    let lo = b.get(i + 1)?;
    (hi.is_ascii_digit() && lo.is_ascii_digit())
        .then(|| u32::from(hi - b'0') * 10 + u32::from(lo - b'0'))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// `YYYY[MM[DD]]`, a real calendar date.
fn date(b: &[u8]) -> bool {
    if !matches!(b.len(), 4 | 6 | 8) || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let year = b[..4]
        .iter()
        .fold(0u32, |a, &c| a * 10 + u32::from(c - b'0'));
    if b.len() == 4 {
        return true;
    }
    let Some(month) = two(b, 4).filter(|m| (1..=12).contains(m)) else {
        return false;
    };
    if b.len() == 6 {
        return true;
    }
    two(b, 6).is_some_and(|d| d >= 1 && d <= days_in_month(year, month))
}

/// Splits a `+ZZZZ`/`-ZZZZ` offset off the end; `None` when an offset is malformed.
fn split_offset(b: &[u8]) -> Option<&[u8]> {
    match b.iter().position(|&c| c == b'+' || c == b'-') {
        None => Some(b),
        Some(i) => {
            let z = &b[i + 1..];
            let ok = z.len() == 4
                && two(z, 0).is_some_and(|h| h <= 14)
                && two(z, 2).is_some_and(|m| m <= 59);
            ok.then_some(&b[..i])
        }
    }
}

/// `HH[MM[SS[.S[S[S[S]]]]]]` without offset.
fn clock(b: &[u8]) -> bool {
    let (main, frac) = match b.iter().position(|&c| c == b'.') {
        Some(i) => (&b[..i], Some(&b[i + 1..])),
        None => (b, None),
    };
    if !matches!(main.len(), 2 | 4 | 6) {
        return false;
    }
    if two(main, 0).is_none_or(|h| h > 23) {
        return false;
    }
    if main.len() >= 4 && two(main, 2).is_none_or(|m| m > 59) {
        return false;
    }
    if main.len() == 6 && two(main, 4).is_none_or(|s| s > 59) {
        return false;
    }
    match frac {
        None => true,
        Some(f) => {
            main.len() == 6 && (1..=4).contains(&f.len()) && f.iter().all(u8::is_ascii_digit)
        }
    }
}

fn datetime(b: &[u8]) -> bool {
    let Some(b) = split_offset(b) else {
        return false;
    };
    if b.len() <= 8 {
        return date(b);
    }
    date(&b[..8]) && clock(&b[8..])
}

fn time(b: &[u8]) -> bool {
    split_offset(b).is_some_and(clock)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        for ok in ["0", "12", "-1.5", "+3", ".5", "5.", "999"] {
            assert!(check("NM", ok).is_ok(), "{ok}");
        }
        for bad in ["", "-", ".", "1e3", "1.2.3", "abc", "1 "] {
            assert_eq!(check("NM", bad), Err(FormatError::Number), "{bad}");
        }
        assert!(check("SI", "1").is_ok());
        assert!(check("SI", "-1").is_err());
    }

    #[test]
    fn dates() {
        for ok in ["2024", "202402", "20240229", "20000229"] {
            assert!(check("DT", ok).is_ok(), "{ok}");
        }
        for bad in [
            "19000229", "20230230", "20241301", "2024020", "20240100", "abcd",
        ] {
            assert_eq!(check("DT", bad), Err(FormatError::Date), "{bad}");
        }
    }

    #[test]
    fn datetimes() {
        for ok in [
            "2024",
            "20240102",
            "2024010212",
            "202401021230",
            "20240102123045",
            "20240102123045.1234",
            "20240102123045-0500",
            "20240102+0000",
        ] {
            assert!(check("DTM", ok).is_ok(), "{ok}");
        }
        for bad in [
            "20240102123060",
            "2024010224",
            "20240102123045.12345",
            "20240102-05",
            "20091051132511",
            "202401021",
            "20240102123045-05000",
        ] {
            assert_eq!(check("DTM", bad), Err(FormatError::DateTime), "{bad}");
        }
        assert!(check("TM", "1230").is_ok());
        assert!(check("TM", "2460").is_err());
        assert!(check("ST", "anything").is_ok());
    }
}
