//! HL7 paths: `SEG[occurrence]-FIELD[repetition].COMPONENT.SUBCOMPONENT`, all 1-based.
//!
//! Written as `PID-5.1`, `PID-3[2].1`, `RXA[2]-5.1`, `PID-3.4.2`; a bare `PID` names the
//! segment. MSH is numbered as HL7 does: MSH-1 is the field separator, MSH-2 the encoding
//! characters.
//!
//! Paths are parsed on every `get`, so the parser is a hand-written single pass. The grammar is
//! also written with nom in the tests, and a property test holds the two to the same answers.

use crate::error::{Error, ErrorKind, Result};
use std::fmt;
use std::str::FromStr;

/// A parsed HL7 path. Parts left out are `None`: `PID-5` names field 5 (first repetition when
/// read as a value); `Some(1)` for occurrence or repetition is written explicitly only when it
/// was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Path {
    segment: [u8; 3],
    /// 1-based segment occurrence (`RXA[2]`).
    pub occurrence: Option<u32>,
    /// 1-based field number.
    pub field: Option<u32>,
    /// 1-based repetition (`PID-3[2]`).
    pub repetition: Option<u32>,
    /// 1-based component.
    pub component: Option<u32>,
    /// 1-based subcomponent.
    pub subcomponent: Option<u32>,
}

impl Path {
    /// A path naming a whole segment. `id` must be three ASCII characters; anything else is
    /// truncated or padded with spaces (use [`Path::parse`] for user input).
    pub fn new(id: &str) -> Path {
        let mut segment = [b' '; 3];
        for (slot, b) in segment.iter_mut().zip(id.bytes()) {
            *slot = b;
        }
        Path {
            segment,
            occurrence: None,
            field: None,
            repetition: None,
            component: None,
            subcomponent: None,
        }
    }

    /// Parses a path such as `RXA[2]-5.1`.
    ///
    /// ```
    /// let p = izkit::Path::parse("PID-3[2].4.1")?;
    /// assert_eq!((p.segment(), p.field, p.repetition, p.component, p.subcomponent),
    ///            ("PID", Some(3), Some(2), Some(4), Some(1)));
    /// assert_eq!(p.to_string(), "PID-3[2].4.1");
    /// assert!(izkit::Path::parse("PID-0").is_err());
    /// # Ok::<(), izkit::Error>(())
    /// ```
    pub fn parse(s: &str) -> Result<Path> {
        let invalid = |reason| Error::new(ErrorKind::InvalidPath { reason }, 0);
        let b = s.as_bytes();
        if b.len() < 3 {
            return Err(invalid("a path starts with a three-character segment id"));
        }
        let id_ok = b[0].is_ascii_uppercase()
            && b[1..3]
                .iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if !id_ok {
            return Err(invalid("segment id must be [A-Z][A-Z0-9]{2}"));
        }
        let shape =
            || invalid("expected SEG[n]-FIELD[n].COMPONENT.SUBCOMPONENT with numbers from 1");
        let mut p = Path::new(&s[..3]);
        let mut i = 3;
        p.occurrence = bracketed(b, &mut i).map_err(|()| shape())?;
        if i == b.len() {
            return Ok(p);
        }
        if b[i] != b'-' {
            return Err(shape());
        }
        i += 1;
        p.field = Some(number(b, &mut i).ok_or_else(shape)?);
        p.repetition = bracketed(b, &mut i).map_err(|()| shape())?;
        if i < b.len() && b[i] == b'.' {
            i += 1;
            p.component = Some(number(b, &mut i).ok_or_else(shape)?);
            if i < b.len() && b[i] == b'.' {
                i += 1;
                p.subcomponent = Some(number(b, &mut i).ok_or_else(shape)?);
            }
        }
        if i != b.len() {
            return Err(shape());
        }
        Ok(p)
    }

    /// The segment id.
    pub fn segment(&self) -> &str {
        std::str::from_utf8(&self.segment).unwrap_or("???")
    }

    /// Sets the occurrence.
    pub fn occurrence(mut self, n: usize) -> Path {
        self.occurrence = Some(n as u32);
        self
    }

    /// Sets the field.
    pub fn field(mut self, n: usize) -> Path {
        self.field = Some(n as u32);
        self
    }

    /// Sets the repetition.
    pub fn repetition(mut self, n: usize) -> Path {
        self.repetition = Some(n as u32);
        self
    }

    /// Sets the component.
    pub fn component(mut self, n: usize) -> Path {
        self.component = Some(n as u32);
        self
    }

    /// Sets the subcomponent.
    pub fn subcomponent(mut self, n: usize) -> Path {
        self.subcomponent = Some(n as u32);
        self
    }
}

/// A number from 1 (digits at `b[*i..]`), advancing `i`; `None` for no digits, 0 or overflow.
fn number(b: &[u8], i: &mut usize) -> Option<u32> {
    let start = *i;
    let mut n: u32 = 0;
    while *i < b.len() && b[*i].is_ascii_digit() {
        n = n.checked_mul(10)?.checked_add(u32::from(b[*i] - b'0'))?;
        *i += 1;
    }
    (*i > start && n > 0).then_some(n)
}

/// An optional `[n]` at `b[*i..]`: `Ok(None)` when absent, `Err` when malformed.
fn bracketed(b: &[u8], i: &mut usize) -> std::result::Result<Option<u32>, ()> {
    if *i >= b.len() || b[*i] != b'[' {
        return Ok(None);
    }
    *i += 1;
    let n = number(b, i).ok_or(())?;
    if *i >= b.len() || b[*i] != b']' {
        return Err(());
    }
    *i += 1;
    Ok(Some(n))
}

impl FromStr for Path {
    type Err = Error;
    fn from_str(s: &str) -> Result<Path> {
        Path::parse(s)
    }
}

impl fmt::Display for Path {
    /// Writes the canonical form: `[1]` for occurrence and repetition is left out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.segment())?;
        if let Some(o) = self.occurrence.filter(|&o| o > 1) {
            write!(f, "[{o}]")?;
        }
        if let Some(field) = self.field {
            write!(f, "-{field}")?;
            if let Some(r) = self.repetition.filter(|&r| r > 1) {
                write!(f, "[{r}]")?;
            }
            if let Some(c) = self.component {
                write!(f, ".{c}")?;
                if let Some(s) = self.subcomponent {
                    write!(f, ".{s}")?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The grammar, written with nom: the reference the fast parser is held to.
    mod grammar {
        use super::Path;
        use nom::{
            bytes::complete::{tag, take_while_m_n},
            character::complete::digit1,
            combinator::{all_consuming, map_res, opt},
            sequence::{delimited, preceded},
            IResult, Parser,
        };

        fn number(i: &str) -> IResult<&str, u32> {
            map_res(digit1, |d: &str| match d.parse::<u32>() {
                Ok(0) | Err(_) => Err(()),
                Ok(n) => Ok(n),
            })
            .parse(i)
        }

        fn bracketed(i: &str) -> IResult<&str, u32> {
            delimited(tag("["), number, tag("]")).parse(i)
        }

        fn segment_id(i: &str) -> IResult<&str, &str> {
            let (rest, _) = take_while_m_n(1, 1, |c: char| c.is_ascii_uppercase())(i)?;
            let (rest, _) =
                take_while_m_n(2, 2, |c: char| c.is_ascii_uppercase() || c.is_ascii_digit())(rest)?;
            Ok((rest, &i[..3]))
        }

        fn path(i: &str) -> IResult<&str, Path> {
            let (i, seg) = segment_id(i)?;
            let (i, occurrence) = opt(bracketed).parse(i)?;
            let (i, field) = opt((
                preceded(tag("-"), number),
                opt(bracketed),
                opt((preceded(tag("."), number), opt(preceded(tag("."), number)))),
            ))
            .parse(i)?;
            let mut p = Path::new(seg);
            p.occurrence = occurrence;
            if let Some((f, rep, comps)) = field {
                p.field = Some(f);
                p.repetition = rep;
                if let Some((c, s)) = comps {
                    p.component = Some(c);
                    p.subcomponent = s;
                }
            }
            Ok((i, p))
        }

        pub fn parse(s: &str) -> Option<Path> {
            all_consuming(path).parse(s).ok().map(|(_, p)| p)
        }
    }

    proptest! {
        #[test]
        fn fast_parser_matches_the_nom_grammar(s in "[A-Z0-9a\\[\\]\\.\\- ]{0,16}|[A-Z]{3}(\\[[0-9]{1,3}\\])?-[0-9]{1,3}(\\[[0-9]{1,2}\\])?(\\.[0-9]{1,2}){0,3}") {
            prop_assert_eq!(Path::parse(&s).ok(), grammar::parse(&s), "{}", s);
        }
    }

    #[test]
    fn parses_the_documented_forms() {
        let p = Path::parse("RXA[2]-5.1").unwrap();
        assert_eq!(
            (p.segment(), p.occurrence, p.field, p.component),
            ("RXA", Some(2), Some(5), Some(1))
        );
        assert_eq!(Path::parse("PID").unwrap().field, None);
        assert_eq!(Path::parse("MSH-9.2").unwrap().to_string(), "MSH-9.2");
        assert_eq!(Path::parse("PID[1]-3[1]").unwrap().to_string(), "PID-3");
        for bad in [
            "",
            "PI",
            "pid-5",
            "PID-",
            "PID-5.",
            "PID-5..1",
            "PID-x",
            "PID[0]-1",
            "PID-5.1.1.1",
            "PID-5 ",
        ] {
            let e = Path::parse(bad).unwrap_err();
            assert_eq!(e.code(), "invalid_path", "{bad}");
        }
    }

    proptest! {
        #[test]
        fn display_parses_back(seg in "[A-Z][A-Z0-9]{2}", occ in 2u32..50, f in 1u32..100, r in 2u32..9, c in 1u32..30, s in 1u32..9) {
            let text = format!("{seg}[{occ}]-{f}[{r}].{c}.{s}");
            let p = Path::parse(&text).unwrap();
            prop_assert_eq!(p.to_string(), text.clone());
            prop_assert_eq!(Path::parse(&p.to_string()).unwrap(), p);
        }
    }
}
