//! v2 TS/DTM/DT → FHIR `dateTime`, `date` and `instant`, keeping the precision sent.
//!
//! `2021` → `2021`, `202103` → `2021-03`, `20210304` → `2021-03-04`; a time with an offset →
//! seconds and offset (`202103041015-0500` → `2021-03-04T10:15:00-05:00`, fractions kept). A time
//! without an offset follows [`LocalTime`]: the date only, or the configured offset applied.

use super::LocalTime;
use crate::datatypes::{Precision, Timestamp};
use std::borrow::Cow;

/// The offset to write for `ts` in seconds east of UTC: its own, else the configured one;
/// `None` when neither (the time must then be dropped).
fn offset_seconds(ts: &Timestamp<'_>, local: LocalTime) -> Option<i32> {
    match (ts.offset(), local) {
        (Some(o), _) => Some(o.local_minus_utc()),
        (None, LocalTime::Offset(m)) => Some(m * 60),
        (None, LocalTime::DateOnly) => None,
    }
}

/// Appends `v` as `width` decimal digits (zero-padded; `v` fits, by the TS reader's checks).
fn digits(s: &mut String, v: u32, width: u32) {
    for i in (0..width).rev() {
        s.push(char::from(b'0' + (v / 10u32.pow(i) % 10) as u8));
    }
}

/// The date part, to the precision sent (at most the day).
pub(crate) fn date(ts: &Timestamp<'_>) -> Cow<'static, str> {
    Cow::Owned(date_text(ts))
}

/// [`date`] as a `String`, for the callers that append a time.
fn date_text(ts: &Timestamp<'_>) -> String {
    let mut s = String::with_capacity(32);
    digits(&mut s, ts.year().unsigned_abs(), 4);
    if let Some(m) = ts.month() {
        s.push('-');
        digits(&mut s, m, 2);
        if let Some(d) = ts.day() {
            s.push('-');
            digits(&mut s, d, 2);
        }
    }
    s
}

/// A FHIR `dateTime` with the precision sent; a time without an offset per `local`.
pub(crate) fn date_time(ts: &Timestamp<'_>, local: LocalTime) -> Cow<'static, str> {
    let mut s = date_text(ts);
    if ts.precision() > Precision::Day {
        if let Some(off) = offset_seconds(ts, local) {
            write_time(&mut s, ts, off);
        }
    }
    Cow::Owned(s)
}

/// A FHIR `instant` (seconds and an offset required): `None` for a value given only to the
/// day or less, or with a time but no offset under [`LocalTime::DateOnly`].
pub(crate) fn instant(ts: &Timestamp<'_>, local: LocalTime) -> Option<Cow<'static, str>> {
    if ts.precision() <= Precision::Day {
        return None;
    }
    let off = offset_seconds(ts, local)?;
    let mut s = date_text(ts);
    write_time(&mut s, ts, off);
    Some(Cow::Owned(s))
}

/// Appends `Thh:mm:ss[.f]±hh:mm`; units not sent are zero (FHIR needs seconds).
fn write_time(s: &mut String, ts: &Timestamp<'_>, offset: i32) {
    s.push('T');
    digits(s, ts.hour().unwrap_or(0), 2);
    s.push(':');
    digits(s, ts.minute().unwrap_or(0), 2);
    s.push(':');
    digits(s, ts.second().unwrap_or(0), 2);
    if let (Precision::Fraction(n), Some(nanos)) = (ts.precision(), ts.nanosecond()) {
        let n = u32::from(n.clamp(1, 4));
        s.push('.');
        digits(s, nanos / 10u32.pow(9 - n), n);
    }
    s.push(if offset < 0 { '-' } else { '+' });
    let m = offset.unsigned_abs() / 60;
    digits(s, (m / 60) % 100, 2);
    s.push(':');
    digits(s, m % 60, 2);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::v2::Delimiters;

    fn ts(s: &str) -> Timestamp<'_> {
        Timestamp::parse(s, &Delimiters::default()).unwrap()
    }

    #[test]
    fn keeps_precision() {
        let l = LocalTime::DateOnly;
        assert_eq!(date_time(&ts("2021"), l), "2021");
        assert_eq!(date_time(&ts("202103"), l), "2021-03");
        assert_eq!(date_time(&ts("20210304"), l), "2021-03-04");
        assert_eq!(date_time(&ts("20210304101500"), l), "2021-03-04");
        assert_eq!(
            date_time(&ts("202103041015-0500"), l),
            "2021-03-04T10:15:00-05:00"
        );
        assert_eq!(
            date_time(&ts("20210304101500.12+0130"), l),
            "2021-03-04T10:15:00.12+01:30"
        );
        assert_eq!(
            date_time(&ts("2021030410"), LocalTime::Offset(-300)),
            "2021-03-04T10:00:00-05:00"
        );
        assert_eq!(instant(&ts("20210304"), LocalTime::Offset(0)), None);
        assert_eq!(instant(&ts("202103041015"), l), None);
        assert_eq!(
            instant(&ts("202103041015"), LocalTime::Offset(0)).as_deref(),
            Some("2021-03-04T10:15:00+00:00")
        );
        assert_eq!(date(&ts("20210304101500-0500")), "2021-03-04");
    }
}
