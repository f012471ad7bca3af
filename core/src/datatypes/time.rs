//! Dates and times: TS/DTM ([`Timestamp`]) and DT ([`Date`]).
//!
//! HL7 v2.5.1 writes a point in time as `YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]`: the
//! sender may stop at any unit, so every value keeps its [`Precision`], and the UTC offset, when
//! given, is kept apart (a value without one is in the sender's local time). Every unit is checked
//! against its range (a day against its month, leap years included; no leap second). The readers
//! keep the original text, which `Display` writes back unchanged.

use super::parts::{error, first_piece, Level};
use crate::error::Result;
use crate::v2::delimiters::Delimiters;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// How much of a date or time the sender gave; later variants are more precise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// `YYYY`.
    Year,
    /// `YYYYMM`.
    Month,
    /// `YYYYMMDD`.
    Day,
    /// `YYYYMMDDHH`.
    Hour,
    /// `YYYYMMDDHHMM`.
    Minute,
    /// `YYYYMMDDHHMMSS`.
    Second,
    /// `YYYYMMDDHHMMSS.S` to `YYYYMMDDHHMMSS.SSSS`: the number of fractional digits (1 to 4).
    Fraction(u8),
}

/// The calendar part of a date or time, already range-checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Ymd {
    year: u16,
    /// 1 when the precision is [`Precision::Year`].
    month: u8,
    /// 1 when the precision is coarser than [`Precision::Day`].
    day: u8,
    precision: Precision,
}

impl Ymd {
    fn month(&self) -> Option<u32> {
        (self.precision >= Precision::Month).then_some(u32::from(self.month))
    }

    fn day(&self) -> Option<u32> {
        (self.precision >= Precision::Day).then_some(u32::from(self.day))
    }

    fn naive_date(&self) -> Option<NaiveDate> {
        if self.precision < Precision::Day {
            return None;
        }
        NaiveDate::from_ymd_opt(
            i32::from(self.year),
            u32::from(self.month),
            u32::from(self.day),
        )
    }
}

/// The value of two ASCII digits at `at` (the caller has checked they are digits).
fn two(b: &[u8], at: usize) -> u8 {
    let d = |i: usize| b.get(i).map_or(0, |c| c.wrapping_sub(b'0'));
    d(at) * 10 + d(at + 1)
}

fn is_leap(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads `YYYY[MM[DD]]` from `b`, which holds only ASCII digits and is 4, 6 or 8 long.
fn read_ymd(b: &[u8], datatype: &'static str) -> Result<Ymd> {
    let year = u16::from(two(b, 0)) * 100 + u16::from(two(b, 2));
    let mut ymd = Ymd {
        year,
        month: 1,
        day: 1,
        precision: Precision::Year,
    };
    if b.len() >= 6 {
        let month = two(b, 4);
        if !(1..=12).contains(&month) {
            return Err(error(datatype, "month out of range", 4));
        }
        ymd.month = month;
        ymd.precision = Precision::Month;
    }
    if b.len() >= 8 {
        let day = two(b, 6);
        if day < 1 || day > days_in_month(year, ymd.month) {
            return Err(error(datatype, "day out of range", 6));
        }
        ymd.day = day;
        ymd.precision = Precision::Day;
    }
    Ok(ymd)
}

/// Checks the run of leading digits of a date or time: returns an error when it is not a whole
/// number of units between four (`YYYY`) and `max` digits.
fn check_digit_run(n: usize, max: usize, datatype: &'static str) -> Result<()> {
    if n < 4 {
        Err(error(datatype, "year must have four digits", 0))
    } else if n > max {
        Err(error(datatype, "too many digits", max))
    } else if n % 2 == 1 {
        Err(error(datatype, "incomplete date/time unit", n - 1))
    } else {
        Ok(())
    }
}

/// An HL7 date (DT): `YYYY[MM[DD]]`.
///
/// ```
/// use izkit::datatypes::{Date, Precision};
/// use izkit::v2::Delimiters;
/// let d = Date::parse("20110411", &Delimiters::default())?;
/// assert_eq!((d.year(), d.month(), d.day()), (2011, Some(4), Some(11)));
/// assert_eq!(d.precision(), Precision::Day);
/// assert_eq!(d.to_string(), "20110411");
/// assert!(Date::parse("20110231", &Delimiters::default()).is_err());
/// # Ok::<(), izkit::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Date<'a> {
    text: Cow<'a, str>,
    ymd: Ymd,
}

impl<'a> Date<'a> {
    /// Reads a DT value. The whole of `raw` must be the date: any other character (a delimiter
    /// included) is an error.
    pub fn parse(raw: &'a str, _d: &Delimiters) -> Result<Self> {
        const DT: &str = "DT";
        let b = raw.as_bytes();
        if b.is_empty() {
            return Err(error(DT, "value is empty", 0));
        }
        let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
        if n < b.len() {
            return Err(error(DT, "invalid character", n));
        }
        check_digit_run(n, 8, DT)?;
        let ymd = read_ymd(b, DT)?;
        Ok(Date {
            text: Cow::Borrowed(raw),
            ymd,
        })
    }

    /// The year.
    pub fn year(&self) -> i32 {
        i32::from(self.ymd.year)
    }

    /// The month (1-12), when given.
    pub fn month(&self) -> Option<u32> {
        self.ymd.month()
    }

    /// The day of the month (1-31), when given.
    pub fn day(&self) -> Option<u32> {
        self.ymd.day()
    }

    /// [`Precision::Year`], [`Precision::Month`] or [`Precision::Day`].
    pub fn precision(&self) -> Precision {
        self.ymd.precision
    }

    /// The date, when it is given to the day.
    pub fn naive_date(&self) -> Option<NaiveDate> {
        self.ymd.naive_date()
    }

    /// The original text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> Date<'static> {
        Date {
            text: Cow::Owned(self.text.into_owned()),
            ymd: self.ymd,
        }
    }
}

impl fmt::Display for Date<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Date<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// An HL7 point in time (TS, whose first component is a DTM):
/// `YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]`.
///
/// The second TS component (degree of precision, deprecated since v2.5) is accepted and ignored.
/// Missing units read as `None`; the chrono conversions fill missing time units with zero, so
/// check [`Timestamp::precision`] when that matters.
///
/// ```
/// use izkit::datatypes::{Precision, Timestamp};
/// use izkit::v2::Delimiters;
/// let ts = Timestamp::parse("20090604000020-0500", &Delimiters::default())?;
/// assert_eq!(ts.precision(), Precision::Second);
/// assert_eq!(ts.offset().map(|o| o.local_minus_utc()), Some(-5 * 3600));
/// assert_eq!(ts.date_time().map(|t| t.to_rfc3339()).as_deref(), Some("2009-06-04T00:00:20-05:00"));
/// assert_eq!(ts.to_string(), "20090604000020-0500");
/// # Ok::<(), izkit::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Timestamp<'a> {
    text: Cow<'a, str>,
    ymd: Ymd,
    hour: u8,
    minute: u8,
    second: u8,
    nanosecond: u32,
    precision: Precision,
    offset: Option<FixedOffset>,
}

impl<'a> Timestamp<'a> {
    /// Reads a TS field repetition: the DTM is the first component; a second component (degree
    /// of precision) is ignored.
    pub fn parse(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_dtm_as(first_piece(raw, Level::Field, d), "TS")
    }

    /// Reads a TS used as a component: the DTM is the first subcomponent.
    pub fn parse_component(raw: &'a str, d: &Delimiters) -> Result<Self> {
        Self::parse_dtm_as(first_piece(raw, Level::Component, d), "TS")
    }

    /// Reads a bare DTM value: the whole of `raw` must be the date and time.
    pub fn parse_dtm(raw: &'a str) -> Result<Self> {
        Self::parse_dtm_as(raw, "DTM")
    }

    fn parse_dtm_as(raw: &'a str, dt: &'static str) -> Result<Self> {
        let b = raw.as_bytes();
        if b.is_empty() {
            return Err(error(dt, "value is empty", 0));
        }
        let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
        if !matches!(b.get(n), None | Some(b'.' | b'+' | b'-')) {
            return Err(error(dt, "invalid character", n));
        }
        check_digit_run(n, 14, dt)?;
        let ymd = read_ymd(&b[..n.min(8)], dt)?;
        let mut ts = Timestamp {
            text: Cow::Borrowed(raw),
            ymd,
            hour: 0,
            minute: 0,
            second: 0,
            nanosecond: 0,
            precision: ymd.precision,
            offset: None,
        };
        let units: [(usize, u8, &'static str, Precision); 3] = [
            (8, 23, "hour out of range", Precision::Hour),
            (10, 59, "minute out of range", Precision::Minute),
            (12, 59, "second out of range", Precision::Second),
        ];
        for (at, max, reason, precision) in units {
            if n < at + 2 {
                break;
            }
            let value = two(b, at);
            if value > max {
                return Err(error(dt, reason, at));
            }
            match precision {
                Precision::Hour => ts.hour = value,
                Precision::Minute => ts.minute = value,
                _ => ts.second = value,
            }
            ts.precision = precision;
        }
        let mut i = n;
        if b.get(i) == Some(&b'.') {
            if n != 14 {
                return Err(error(dt, "fraction of a second without seconds", i));
            }
            let digits = &b[i + 1..];
            let m = digits.iter().take_while(|c| c.is_ascii_digit()).count();
            if m == 0 || m > 4 {
                return Err(error(dt, "fraction must have 1 to 4 digits", i + 1));
            }
            let value = digits[..m]
                .iter()
                .fold(0u32, |acc, c| acc * 10 + u32::from(c - b'0'));
            ts.nanosecond = value * 10u32.pow(9 - m as u32);
            ts.precision = Precision::Fraction(m as u8);
            i += 1 + m;
        }
        if let Some(&sign @ (b'+' | b'-')) = b.get(i) {
            ts.offset = Some(read_offset(&b[i + 1..], sign == b'-', dt).map_err(|e| e.shifted(i))?);
            i += 5;
        }
        if i < b.len() {
            return Err(error(dt, "invalid character", i));
        }
        Ok(ts)
    }

    /// The year.
    pub fn year(&self) -> i32 {
        i32::from(self.ymd.year)
    }

    /// The month (1-12), when given.
    pub fn month(&self) -> Option<u32> {
        self.ymd.month()
    }

    /// The day of the month (1-31), when given.
    pub fn day(&self) -> Option<u32> {
        self.ymd.day()
    }

    /// The hour (0-23), when given.
    pub fn hour(&self) -> Option<u32> {
        (self.precision >= Precision::Hour).then_some(u32::from(self.hour))
    }

    /// The minute (0-59), when given.
    pub fn minute(&self) -> Option<u32> {
        (self.precision >= Precision::Minute).then_some(u32::from(self.minute))
    }

    /// The second (0-59), when given.
    pub fn second(&self) -> Option<u32> {
        (self.precision >= Precision::Second).then_some(u32::from(self.second))
    }

    /// The fraction of the second in nanoseconds, when a fraction is given.
    pub fn nanosecond(&self) -> Option<u32> {
        matches!(self.precision, Precision::Fraction(_)).then_some(self.nanosecond)
    }

    /// How much of the time the sender gave.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// The UTC offset, when given (without one, the time is the sender's local time).
    pub fn offset(&self) -> Option<FixedOffset> {
        self.offset
    }

    /// The date, when the value is given at least to the day.
    pub fn naive_date(&self) -> Option<NaiveDate> {
        self.ymd.naive_date()
    }

    /// The date and time, when the value is given at least to the day; missing time units are
    /// zero. The offset, if any, is not applied.
    pub fn naive_date_time(&self) -> Option<NaiveDateTime> {
        self.naive_date()?.and_hms_nano_opt(
            u32::from(self.hour),
            u32::from(self.minute),
            u32::from(self.second),
            self.nanosecond,
        )
    }

    /// The date and time with its offset, when the value is given at least to the day and has an
    /// offset; missing time units are zero.
    pub fn date_time(&self) -> Option<DateTime<FixedOffset>> {
        self.date_time_or(self.offset?)
    }

    /// Like [`Timestamp::date_time`], but a value without an offset is read in `local` (for
    /// example the offset of the sending facility or of MSH-7).
    pub fn date_time_or(&self, local: FixedOffset) -> Option<DateTime<FixedOffset>> {
        let offset = self.offset.unwrap_or(local);
        self.naive_date_time()?.and_local_timezone(offset).single()
    }

    /// The original DTM text (without a degree-of-precision component).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> Timestamp<'static> {
        Timestamp {
            text: Cow::Owned(self.text.into_owned()),
            ..self
        }
    }
}

/// Reads the four digits `HHMM` of a UTC offset that follows its sign.
fn read_offset(z: &[u8], negative: bool, dt: &'static str) -> Result<FixedOffset> {
    if z.len() != 4 || !z.iter().all(u8::is_ascii_digit) {
        return Err(error(dt, "invalid offset", 0));
    }
    let (hours, minutes) = (i32::from(two(z, 0)), i32::from(two(z, 2)));
    if minutes > 59 {
        return Err(error(dt, "invalid offset", 0));
    }
    let total = hours * 60 + minutes;
    let max = if negative { 12 * 60 } else { 14 * 60 };
    if total > max {
        return Err(error(dt, "offset out of range", 0));
    }
    let seconds = if negative { -total * 60 } else { total * 60 };
    FixedOffset::east_opt(seconds).ok_or_else(|| error(dt, "offset out of range", 0))
}

impl fmt::Display for Timestamp<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Timestamp<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use proptest::prelude::*;

    fn ts(s: &str) -> Result<Timestamp<'_>> {
        Timestamp::parse(s, &Delimiters::default())
    }

    fn reason(e: crate::error::Error) -> (&'static str, usize) {
        match e.kind {
            ErrorKind::Datatype { reason, .. } => (reason, e.offset),
            other => panic!("unexpected kind {other:?}"),
        }
    }

    #[test]
    fn reads_cdc_examples() {
        let t = ts("20110411").unwrap();
        assert_eq!(
            (t.year(), t.month(), t.day(), t.hour()),
            (2011, Some(4), Some(11), None)
        );
        assert_eq!(t.precision(), Precision::Day);
        assert_eq!(t.naive_date(), NaiveDate::from_ymd_opt(2011, 4, 11));
        assert_eq!(t.date_time(), None);

        let t = ts("20090604000020-0500").unwrap();
        assert_eq!(
            (t.hour(), t.minute(), t.second()),
            (Some(0), Some(0), Some(20))
        );
        assert_eq!(t.offset(), FixedOffset::west_opt(5 * 3600));
        assert_eq!(t.to_string(), "20090604000020-0500");

        assert_eq!(
            reason(ts("201201130000-500").unwrap_err()),
            ("invalid offset", 12)
        );
    }

    #[test]
    fn keeps_precision_and_fraction() {
        let t = ts("20240229235959.1234+1400").unwrap();
        assert_eq!(t.precision(), Precision::Fraction(4));
        assert_eq!(t.nanosecond(), Some(123_400_000));
        assert_eq!(t.offset().map(|o| o.local_minus_utc()), Some(14 * 3600));
        let t = ts("2024").unwrap();
        assert_eq!(
            (t.precision(), t.month(), t.naive_date()),
            (Precision::Year, None, None)
        );
        let t = ts("202402").unwrap();
        assert_eq!(
            (t.precision(), t.month(), t.day()),
            (Precision::Month, Some(2), None)
        );
        let t = ts("2024022913").unwrap();
        assert_eq!(
            (t.precision(), t.hour(), t.minute()),
            (Precision::Hour, Some(13), None)
        );
        let t = ts("2024-1200").unwrap();
        assert_eq!(t.offset().map(|o| o.local_minus_utc()), Some(-12 * 3600));
        let t = ts("20240229").unwrap();
        assert_eq!(
            t.date_time_or(FixedOffset::east_opt(0).unwrap())
                .map(|t| t.to_rfc3339())
                .as_deref(),
            Some("2024-02-29T00:00:00+00:00")
        );
    }

    #[test]
    fn ignores_degree_of_precision() {
        let d = Delimiters::default();
        let t = Timestamp::parse("201104111230^M", &d).unwrap();
        assert_eq!(
            (t.precision(), t.to_string().as_str()),
            (Precision::Minute, "201104111230")
        );
        let t = Timestamp::parse_component("20110411&D", &d).unwrap();
        assert_eq!(t.as_str(), "20110411");
        assert!(Timestamp::parse_dtm("20110411^D").is_err());
    }

    #[test]
    fn rejects_out_of_range_units() {
        let cases = [
            ("", "value is empty", 0),
            ("201", "year must have four digits", 0),
            ("20111", "incomplete date/time unit", 4),
            ("201113", "month out of range", 4),
            ("201100", "month out of range", 4),
            ("20110229", "day out of range", 6),
            ("21000229", "day out of range", 6),
            ("20110431", "day out of range", 6),
            ("20110400", "day out of range", 6),
            ("2011041124", "hour out of range", 8),
            ("201104112360", "minute out of range", 10),
            ("20110411235960", "second out of range", 12),
            ("201104112359591", "too many digits", 14),
            ("201104112359.5", "fraction of a second without seconds", 12),
            ("20110411235959.", "fraction must have 1 to 4 digits", 15),
            (
                "20110411235959.12345",
                "fraction must have 1 to 4 digits",
                15,
            ),
            ("20110411+1401", "offset out of range", 8),
            ("20110411-1201", "offset out of range", 8),
            ("20110411-0560", "invalid offset", 8),
            ("20110411-05:00", "invalid offset", 8),
            ("20110411+05000", "invalid offset", 8),
            ("2011-04-11", "invalid offset", 4),
            ("20110411Z", "invalid character", 8),
            ("2011041 ", "invalid character", 7),
            ("20110411.5x", "fraction of a second without seconds", 8),
            ("20110411235959.5x", "invalid character", 16),
            ("20110411+0500x", "invalid offset", 8),
        ];
        for (text, why, at) in cases {
            assert_eq!(reason(ts(text).unwrap_err()), (why, at), "{text:?}");
        }
    }

    #[test]
    fn error_text_has_no_value() {
        let e = ts("20119999").unwrap_err();
        assert!(!e.to_string().contains("2011"), "{e}");
    }

    #[test]
    fn dates() {
        let d = Delimiters::default();
        let date = Date::parse("20000229", &d).unwrap();
        assert_eq!(date.naive_date(), NaiveDate::from_ymd_opt(2000, 2, 29));
        assert_eq!(
            Date::parse("2011", &d).unwrap().precision(),
            Precision::Year
        );
        assert_eq!(Date::parse("201104", &d).unwrap().day(), None);
        assert_eq!(
            reason(Date::parse("2011041112", &d).unwrap_err()),
            ("too many digits", 8)
        );
        assert_eq!(
            reason(Date::parse("20110411^D", &d).unwrap_err()),
            ("invalid character", 8)
        );
        assert_eq!(
            reason(Date::parse("19000229", &d).unwrap_err()),
            ("day out of range", 6)
        );
        assert_eq!(
            reason(Date::parse("", &d).unwrap_err()),
            ("value is empty", 0)
        );
        let owned = Date::parse("20110411", &d).unwrap().into_owned();
        assert_eq!(owned.to_string(), "20110411");
    }

    #[test]
    fn serializes_as_text() {
        let t = ts("20110411").unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"20110411\"");
        assert_eq!(
            serde_json::to_string(&Precision::Fraction(2)).unwrap(),
            "{\"fraction\":2}"
        );
    }

    /// A valid DTM text, built unit by unit, with the values it holds.
    fn dtm() -> impl Strategy<Value = (String, u32, u32, u32, u32, u32, u32)> {
        (
            0u16..=9999,
            1u32..=12,
            1u32..=31,
            0u32..24,
            0u32..60,
            0u32..60,
            0usize..=10,
        )
            .prop_flat_map(|(y, mo, d, h, mi, s, cut)| {
                let d = d.min(u32::from(days_in_month(y, mo as u8)));
                let frac = "[0-9]{1,4}";
                let off = prop_oneof![
                    Just(String::new()),
                    (0i32..=12 * 60).prop_map(|m| format!("-{:02}{:02}", m / 60, m % 60)),
                    (0i32..=14 * 60).prop_map(|m| format!("+{:02}{:02}", m / 60, m % 60)),
                ];
                (Just((y, mo, d, h, mi, s, cut)), frac, off)
            })
            .prop_map(|((y, mo, d, h, mi, s, cut), frac, off)| {
                let full = format!("{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}");
                let mut text = match cut {
                    0..=5 => full[..4 + 2 * cut].to_string(),
                    _ => format!("{full}.{frac}"),
                };
                text.push_str(&off);
                (text, u32::from(y), mo, d, h, mi, s)
            })
    }

    proptest! {
        #[test]
        fn valid_timestamps_round_trip((text, y, mo, d, h, mi, s) in dtm()) {
            let t = ts(&text).unwrap();
            prop_assert_eq!(t.to_string(), text.clone());
            prop_assert_eq!(t.year(), y as i32);
            let p = t.precision();
            prop_assert_eq!(t.month(), (p >= Precision::Month).then_some(mo));
            prop_assert_eq!(t.day(), (p >= Precision::Day).then_some(d));
            prop_assert_eq!(t.hour(), (p >= Precision::Hour).then_some(h));
            prop_assert_eq!(t.minute(), (p >= Precision::Minute).then_some(mi));
            prop_assert_eq!(t.second(), (p >= Precision::Second).then_some(s));
            prop_assert_eq!(t.naive_date_time().is_some(), p >= Precision::Day);
            prop_assert_eq!(t.offset().is_some(), text.contains(['+', '-']));
            if p >= Precision::Day {
                prop_assert!(t.date_time_or(FixedOffset::east_opt(0).unwrap()).is_some());
            }
        }

        #[test]
        fn valid_dates_round_trip((text, ..) in dtm()) {
            let date_part: String = text.chars().take_while(char::is_ascii_digit).take(8).collect();
            let date = Date::parse(&date_part, &Delimiters::default()).unwrap();
            prop_assert_eq!(date.to_string(), date_part);
        }

        #[test]
        fn any_text_is_read_without_panic(s in "[0-9+\\-.^&\\\\a-z]{0,24}") {
            let _ = ts(&s);
            let _ = Date::parse(&s, &Delimiters::default());
        }
    }
}
