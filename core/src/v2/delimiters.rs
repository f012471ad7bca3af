//! The delimiter set of a message, read from MSH-1 and MSH-2 (or FHS/BHS-1 and -2).
//!
//! HL7 lets a sender choose any delimiter characters; izkit accepts any printable, non-alphanumeric
//! ASCII character and rejects duplicates. A fifth MSH-2 character (the v2.7 truncation character)
//! is tolerated and remembered.

use crate::error::{Error, ErrorKind, Result};

/// The delimiters of one message. All are single ASCII bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Delimiters {
    /// Field separator (MSH-1), usually `|`.
    pub field: u8,
    /// Component separator, usually `^`.
    pub component: u8,
    /// Repetition separator, usually `~`.
    pub repetition: u8,
    /// Escape character, usually `\`.
    pub escape: u8,
    /// Subcomponent separator, usually `&`.
    pub subcomponent: u8,
    /// The v2.7 truncation character (a fifth MSH-2 character), usually `#`, when present.
    pub truncation: Option<u8>,
}

impl Default for Delimiters {
    fn default() -> Self {
        Delimiters {
            field: b'|',
            component: b'^',
            repetition: b'~',
            escape: b'\\',
            subcomponent: b'&',
            truncation: None,
        }
    }
}

const NAMES: [&str; 6] = [
    "field separator",
    "component separator",
    "repetition separator",
    "escape character",
    "subcomponent separator",
    "truncation character",
];

fn legal(b: u8) -> bool {
    b.is_ascii_graphic() && !b.is_ascii_alphanumeric()
}

impl Delimiters {
    /// Reads the delimiters from the start of a header segment (`MSH`, `FHS` or `BHS`): byte 3 is
    /// the field separator, then MSH-2 runs to the next field separator, segment end or input end.
    ///
    /// Returns the delimiters and how many MSH-2 characters are delimiters (4 or 5). `seg` must start with the
    /// three-letter segment id; offsets in errors are relative to `seg`.
    pub fn from_header(seg: &[u8]) -> Result<(Delimiters, usize)> {
        if seg.len() < 4 {
            return Err(Error::new(ErrorKind::MshTooShort, seg.len()).with_path("MSH-1"));
        }
        let field = seg[3];
        if !legal(field) {
            return Err(
                Error::new(ErrorKind::InvalidDelimiter { which: NAMES[0] }, 3).with_path("MSH-1"),
            );
        }
        let rest = &seg[4..];
        let end = rest
            .iter()
            .position(|&b| b == field || b == b'\r' || b == b'\n')
            .unwrap_or(rest.len());
        let enc = &rest[..end];
        if enc.len() < 4 {
            return Err(Error::new(ErrorKind::MshTooShort, 4 + enc.len()).with_path("MSH-2"));
        }
        // A fifth character is the truncation character when it is a legal, distinct
        // delimiter; anything after the delimiters stays as MSH-2 text (seen in real messages,
        // e.g. an HTML-escaped `^~\&amp;`).
        let fifth = enc
            .get(4)
            .copied()
            .filter(|&b| legal(b) && b != field && !enc[..4].contains(&b));
        let count = 4 + usize::from(fifth.is_some());
        let mut seen = [field; 6];
        for (i, &b) in enc[..4].iter().enumerate() {
            let which = NAMES[i + 1];
            if !legal(b) {
                return Err(
                    Error::new(ErrorKind::InvalidDelimiter { which }, 4 + i).with_path("MSH-2")
                );
            }
            if seen[..=i].contains(&b) {
                return Err(
                    Error::new(ErrorKind::DuplicateDelimiter { which }, 4 + i).with_path("MSH-2")
                );
            }
            seen[i + 1] = b;
        }
        Ok((
            Delimiters {
                field,
                component: enc[0],
                repetition: enc[1],
                escape: enc[2],
                subcomponent: enc[3],
                truncation: fifth,
            },
            count,
        ))
    }

    /// True when `b` is one of the structural delimiters (field, component, repetition,
    /// subcomponent) or the escape character.
    #[inline]
    pub fn is_special(&self, b: u8) -> bool {
        b == self.field
            || b == self.component
            || b == self.repetition
            || b == self.subcomponent
            || b == self.escape
    }

    /// The MSH-2 text these delimiters would be written as (`^~\&`).
    pub fn encoding_characters(&self) -> String {
        let mut s = String::with_capacity(5);
        for b in [
            self.component,
            self.repetition,
            self.escape,
            self.subcomponent,
        ] {
            s.push(b as char);
        }
        if let Some(t) = self.truncation {
            s.push(t as char);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_standard_and_custom_delimiters() {
        let (d, n) = Delimiters::from_header(b"MSH|^~\\&|X").unwrap();
        assert_eq!(d, Delimiters::default());
        assert_eq!(n, 4);
        let (d, n) = Delimiters::from_header(b"MSH#$*@!%#X").unwrap();
        assert_eq!(
            (d.field, d.component, d.repetition, d.escape, d.subcomponent),
            (b'#', b'$', b'*', b'@', b'!')
        );
        assert_eq!((d.truncation, n), (Some(b'%'), 5));
    }

    #[test]
    fn rejects_bad_headers() {
        assert_eq!(
            Delimiters::from_header(b"MSH").unwrap_err().kind,
            ErrorKind::MshTooShort
        );
        assert_eq!(
            Delimiters::from_header(b"MSH|^~").unwrap_err().kind,
            ErrorKind::MshTooShort
        );
        let e = Delimiters::from_header(b"MSH|^~^&|").unwrap_err();
        assert_eq!((e.kind.code(), e.offset), ("duplicate_delimiter", 6));
        let e = Delimiters::from_header(b"MSHA^~\\&A").unwrap_err();
        assert_eq!((e.kind.code(), e.offset), ("invalid_delimiter", 3));
        let (d, n) = Delimiters::from_header(b"MSH|^\\~&amp;|").unwrap();
        assert_eq!(
            (d.repetition, d.escape, d.truncation, n),
            (b'\\', b'~', None, 4)
        );
    }
}
