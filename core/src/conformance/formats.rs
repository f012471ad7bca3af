//! Native matchers for the `Format` patterns the CDC profiles use over and over (the
//! timestamp and date patterns of `IZ-TS_NZ`, `IZ-TS_Z`, `IZ-DT_D` ..., and the OID
//! pattern): recognized by their exact text when a profile is compiled, and then checked by
//! a few byte tests instead of a regex search. Any other pattern runs as a regex.
//!
//! Each matcher accepts exactly what `^(?:PATTERN)$` accepts (the unit tests compare them
//! with the regex over many values).

/// `YYYYMMDD[HH[MM[SS[.FFFF]]]]` (the `IZ-TS_NZ` pattern).
const TS_NZ: &str = "((([0-9]{4})((0[1-9])|(1[0-2]))((0[1-9])|([1-2][0-9])|(3[0-1])))|(([0-9]{4})((0[1-9])|(1[0-2]))((0[1-9])|([1-2][0-9])|(3[0-1]))(([0-1][0-9])|(2[0-3])))|(([0-9]{4})((0[1-9])|(1[0-2]))((0[1-9])|([1-2][0-9])|(3[0-1]))(([0-1][0-9])|(2[0-3]))([0-5][0-9]))|(([0-9]{4})((0[1-9])|(1[0-2]))((0[1-9])|([1-2][0-9])|(3[0-1]))(([0-1][0-9])|(2[0-3]))([0-5][0-9])([0-5][0-9]))|(([0-9]{4})((0[1-9])|(1[0-2]))((0[1-9])|([1-2][0-9])|(3[0-1]))(([0-1][0-9])|(2[0-3]))([0-5][0-9])([0-5][0-9])\\.[0-9][0-9][0-9][0-9]))";

/// `YYYYMM[DD[HH[MM[SS[.FFFF]]]]]`.
const TS_MONTH: &str = "((([0-9]{4})((0[1-9])|(1[0-2])))|(([0-9]{4})((0[1-9])|(1[0-2]))((0[1-9])|([1-2][0-9])|(3[0-1])))|(([0-9]{4})((0[1-9])|(1[0-2]))((0[1-9])|([1-2][0-9])|(3[0-1]))(([0-1][0-9])|(2[0-3])))|(([0-9]{4})((0[1-9])|(1[0-2]))((0[1-9])|([1-2][0-9])|(3[0-1]))(([0-1][0-9])|(2[0-3]))([0-5][0-9]))|(([0-9]{4})((0[1-9])|(1[0-2]))((0[1-9])|([1-2][0-9])|(3[0-1]))(([0-1][0-9])|(2[0-3]))([0-5][0-9])([0-5][0-9]))|(([0-9]{4})((0[1-9])|(1[0-2]))((0[1-9])|([1-2][0-9])|(3[0-1]))(([0-1][0-9])|(2[0-3]))([0-5][0-9])([0-5][0-9])\\.[0-9][0-9][0-9][0-9]))";

/// `YYYYMMDDHHMMSS`, anything, then an offset `+HHMM` or `-HHMM` (the `IZ-TS_Z` pattern).
const TS_Z: &str = "([0-9]{4})((0[1-9])|(1[0-2]))((0[1-9])|([1-2][0-9])|(3[0-1]))(([0-1][0-9])|(2[0-3]))([0-5][0-9])([0-5][0-9]).*((\\+|\\-)[0-9]{4})";

/// An OID: `[0-2](\.(0|[1-9][0-9]*))*`.
const OID: &str = "[0-2](\\.(0|[1-9][0-9]*))*";

/// A `Format` pattern checked natively.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NativeFormat {
    /// [`TS_NZ`].
    TimestampFromDay,
    /// [`TS_MONTH`].
    TimestampFromMonth,
    /// [`TS_Z`].
    TimestampWithOffset,
    /// [`OID`].
    Oid,
}

impl NativeFormat {
    /// The native matcher for `pattern`, when there is one.
    pub(crate) fn recognize(pattern: &str) -> Option<NativeFormat> {
        Some(match pattern {
            TS_NZ => NativeFormat::TimestampFromDay,
            TS_MONTH => NativeFormat::TimestampFromMonth,
            TS_Z => NativeFormat::TimestampWithOffset,
            OID => NativeFormat::Oid,
            _ => return None,
        })
    }

    /// Whether the whole of `v` matches the pattern.
    pub(crate) fn matches(self, v: &str) -> bool {
        let b = v.as_bytes();
        match self {
            NativeFormat::TimestampFromDay => timestamp(b, 8),
            NativeFormat::TimestampFromMonth => timestamp(b, 6),
            NativeFormat::TimestampWithOffset => {
                let n = b.len();
                n >= 19
                    && stamp(&b[..14])
                    // `.` matches anything but a line feed.
                    && !b[14..n - 5].contains(&b'\n')
                    && matches!(b[n - 5], b'+' | b'-')
                    && b[n - 4..].iter().all(u8::is_ascii_digit)
            }
            NativeFormat::Oid => oid(b),
        }
    }
}

/// A timestamp of at least `min` digits: `YYYYMM`, `DD`, `HH`, `MM`, `SS` in turn (each pair
/// optional from `min` on), then `.FFFF` only after the seconds.
fn timestamp(b: &[u8], min: usize) -> bool {
    match b.len() {
        n @ (6 | 8 | 10 | 12 | 14) => n >= min && stamp(b),
        19 => stamp(&b[..14]) && b[14] == b'.' && b[15..].iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

/// `YYYYMM[DD[HH[MM[SS]]]]` with each part in its range (month 01-12, day 01-31, hour
/// 00-23, minute and second 00-59); `b` is 6, 8, 10, 12 or 14 bytes.
fn stamp(b: &[u8]) -> bool {
    if !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let two = |i: usize| (b[i] - b'0') * 10 + (b[i + 1] - b'0');
    let in_range = |i: usize, lo: u8, hi: u8| b.len() <= i || (lo..=hi).contains(&two(i));
    in_range(4, 1, 12)
        && in_range(6, 1, 31)
        && in_range(8, 0, 23)
        && in_range(10, 0, 59)
        && in_range(12, 0, 59)
}

/// `[0-2](\.(0|[1-9][0-9]*))*`.
fn oid(b: &[u8]) -> bool {
    let Some((first, mut rest)) = b.split_first() else {
        return false;
    };
    if !matches!(first, b'0'..=b'2') {
        return false;
    }
    while let Some((dot, arc)) = rest.split_first() {
        if *dot != b'.' {
            return false;
        }
        let len = arc.iter().take_while(|c| c.is_ascii_digit()).count();
        // `0` alone, or digits without a leading zero.
        if len == 0 || (arc[0] == b'0' && len > 1) {
            return false;
        }
        rest = &arc[len..];
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn values() -> Vec<String> {
        let mut out: Vec<String> = [
            "",
            "2024",
            "202401",
            "202400",
            "202413",
            "20240101",
            "20240100",
            "20240131",
            "20240132",
            "20240229",
            "2024010123",
            "2024010124",
            "202401012359",
            "202401012360",
            "20240101235959",
            "20240101235960",
            "20240101235959.1234",
            "20240101235959.123",
            "20240101235959.12345",
            "20240101235959,1234",
            "20240101235959-0500",
            "20240101235959+0500",
            "20240101235959.1234-0500",
            "20240101235959X-0500",
            "20240101235959\n-0500",
            "20240101235959-050",
            "20240101235959-05000",
            "2024010123595-0500",
            "2024010123-0500",
            "20240101-0500",
            "2024010a",
            " 20240101",
            "20240101 ",
            "１２３４0101",
            "0",
            "1",
            "2",
            "3",
            "1.2",
            "1.02",
            "1.0",
            "1.0.0",
            "2.16.840.1.113883.19.3.2.1",
            "2.16.840.1.113883.3.72.5.20",
            "1.",
            ".1",
            "1..2",
            "12",
            "1.2a",
            "1.-2",
            "0.00",
            "2.10",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every digit at every position of a full timestamp with an offset.
        let base = "20241231235959.9999-0500";
        for i in 0..base.len() {
            for c in ["0", "1", "2", "3", "4", "5", "6", "9", "+", ".", "a"] {
                let mut s = base.to_string();
                s.replace_range(i..i + 1, c);
                for len in [6, 8, 10, 12, 14, 19, 24] {
                    out.push(s[..len.min(s.len())].to_string());
                }
                out.push(s);
            }
        }
        out
    }

    #[test]
    fn native_formats_match_as_the_regexes_do() {
        for pattern in [TS_NZ, TS_MONTH, TS_Z, OID] {
            let native = NativeFormat::recognize(pattern).expect("recognized");
            let re = Regex::new(&format!("^(?:{pattern})$")).expect("valid");
            for v in values() {
                assert_eq!(native.matches(&v), re.is_match(&v), "{native:?} {v:?}");
            }
        }
    }

    #[test]
    fn the_builtin_profiles_need_no_regex() {
        use crate::conformance::profile_set::Format;
        for p in &crate::conformance::ProfileSet::builtin().profiles {
            assert!(!p.formats.is_empty());
            assert!(p.formats.values().all(|f| matches!(f, Format::Native(_))));
        }
    }
}
