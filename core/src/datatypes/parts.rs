//! The shared machinery of the composite readers: splitting a raw value into its numbered parts,
//! decoding the text parts, reading typed parts, and building errors.
//!
//! A composite value can sit at three depths: as a field repetition (parts separated by the
//! component separator), as a component (parts separated by the subcomponent separator) or as a
//! subcomponent (no separator left: the whole text is its first part). [`Level`] names the depth.
//! A part that is a primitive (ST, ID, NM, DT ...) is read from its first piece one level deeper:
//! extra subcomponents are ignored, as HL7 asks of a receiver.

use crate::error::{Error, ErrorKind, Result};
use crate::v2::delimiters::Delimiters;
use crate::v2::escape;
use std::borrow::Cow;

/// Where a value sits in the HL7 hierarchy, which decides the separator between its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    /// One repetition of a field: parts are separated by the component separator.
    Field,
    /// One component: parts are separated by the subcomponent separator.
    Component,
    /// One subcomponent: the value cannot be split further.
    Subcomponent,
}

impl Level {
    /// The separator between the parts of a value at this level.
    pub(crate) fn separator(self, d: &Delimiters) -> Option<u8> {
        match self {
            Level::Field => Some(d.component),
            Level::Component => Some(d.subcomponent),
            Level::Subcomponent => None,
        }
    }

    /// The level of the parts of a value at this level.
    pub(crate) fn inner(self) -> Level {
        match self {
            Level::Field => Level::Component,
            Level::Component | Level::Subcomponent => Level::Subcomponent,
        }
    }
}

/// A datatype error: `reason` names the broken rule (never the value), `offset` is a byte offset
/// into the raw value that was being read.
pub(crate) fn error(datatype: &'static str, reason: &'static str, offset: usize) -> Error {
    Error::new(ErrorKind::Datatype { datatype, reason }, offset)
}

/// The text of `raw` before the first separator of `level` (all of it when there is none).
pub(crate) fn first_piece<'a>(raw: &'a str, level: Level, d: &Delimiters) -> &'a str {
    match level.separator(d) {
        Some(sep) => pieces(raw, sep).next().unwrap_or(raw),
        None => raw,
    }
}

/// The pieces of `raw` between separators `sep` (a delimiter byte, read as the character it
/// is), as `str::split` gives them. The values split here are short (a component, a code):
/// a byte loop finds an ASCII separator in fewer steps than `str::split(char)`'s searcher,
/// which starts a `memchr` on every call.
pub(crate) fn pieces(raw: &str, sep: u8) -> Pieces<'_> {
    Pieces {
        rest: Some(raw),
        sep: char::from(sep),
    }
}

/// The iterator of [`pieces`].
pub(crate) struct Pieces<'a> {
    rest: Option<&'a str>,
    sep: char,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        let at = if self.sep.is_ascii() {
            crate::v2::swar::find_byte(rest.as_bytes(), self.sep as u8)
        } else {
            rest.find(self.sep)
        };
        // `at` is where the separator character starts: both slices are on boundaries.
        match at.and_then(|i| Some((rest.get(..i)?, rest.get(i + self.sep.len_utf8()..)?))) {
            Some((piece, after)) => {
                self.rest = Some(after);
                Some(piece)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// Decodes escape sequences; empty text (before or after decoding) is `None`.
pub(crate) fn decode_text<'a>(raw: &'a str, d: &Delimiters) -> Option<Cow<'a, str>> {
    if raw.is_empty() {
        return None;
    }
    let text = escape::decode(raw, d);
    if text.is_empty() {
        None
    } else {
        Some(text)
    }
}

/// Turns a borrowed optional text into an owned one.
pub(crate) fn own(text: Option<Cow<'_, str>>) -> Option<Cow<'static, str>> {
    text.map(|t| Cow::Owned(t.into_owned()))
}

/// A composite datatype that can be read at any [`Level`].
pub(crate) trait Composite<'a>: Sized {
    /// Reads the value from `raw`, whose parts are separated by the separator of `level`.
    fn parse_at(raw: &'a str, d: &Delimiters, level: Level) -> Result<Self>;
    /// True when no part has a value.
    fn is_blank(&self) -> bool;
}

/// The first `N` parts of one raw value, with their byte offsets, ready to be read by number
/// (1-based, as in HL7: `CWE.1` is part 1). Parts past `N` are ignored.
pub(crate) struct Reader<'a, 'd, const N: usize> {
    parts: [(&'a str, usize); N],
    inner: Level,
    d: &'d Delimiters,
}

impl<'a, 'd, const N: usize> Reader<'a, 'd, N> {
    /// Splits `raw`, a value at `level`, into its parts.
    pub(crate) fn new(raw: &'a str, d: &'d Delimiters, level: Level) -> Self {
        let mut parts = [("", raw.len()); N];
        match level.separator(d) {
            Some(sep) => {
                let sep_len = char::from(sep).len_utf8();
                let mut pos = 0;
                for (slot, piece) in parts.iter_mut().zip(pieces(raw, sep)) {
                    *slot = (piece, pos);
                    pos += piece.len() + sep_len;
                }
            }
            None => {
                if let Some(first) = parts.first_mut() {
                    *first = (raw, 0);
                }
            }
        }
        Reader {
            parts,
            inner: level.inner(),
            d,
        }
    }

    /// Part `n` (1-based) and its byte offset; an absent part is empty.
    fn part(&self, n: usize) -> (&'a str, usize) {
        n.checked_sub(1)
            .and_then(|i| self.parts.get(i))
            .copied()
            .unwrap_or(("", 0))
    }

    /// Part `n` as decoded text (its first piece one level deeper); `None` when empty.
    pub(crate) fn text(&self, n: usize) -> Option<Cow<'a, str>> {
        let (raw, _) = self.part(n);
        decode_text(first_piece(raw, self.inner, self.d), self.d)
    }

    /// Part `n` read by a primitive parser (from its first piece one level deeper); `None` when
    /// empty. Error offsets are shifted to be relative to the whole value.
    pub(crate) fn primitive<T>(
        &self,
        n: usize,
        parse: impl FnOnce(&'a str, &Delimiters) -> Result<T>,
    ) -> Result<Option<T>> {
        let (raw, at) = self.part(n);
        let piece = first_piece(raw, self.inner, self.d);
        if piece.is_empty() {
            return Ok(None);
        }
        parse(piece, self.d).map(Some).map_err(|e| e.shifted(at))
    }

    /// Part `n` read as a nested composite one level deeper; `None` when it has no value.
    pub(crate) fn composite<T: Composite<'a>>(&self, n: usize) -> Result<Option<T>> {
        let (raw, at) = self.part(n);
        if raw.is_empty() {
            return Ok(None);
        }
        let value = T::parse_at(raw, self.d, self.inner).map_err(|e| e.shifted(at))?;
        Ok(if value.is_blank() { None } else { Some(value) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_by_level_with_offsets() {
        let d = Delimiters::default();
        let r = Reader::<'_, '_, 3>::new("a^b&c^^d", &d, Level::Field);
        assert_eq!(r.part(1), ("a", 0));
        assert_eq!(r.part(2), ("b&c", 2));
        assert_eq!(r.part(3), ("", 6));
        assert_eq!(r.part(4), ("", 0));
        assert_eq!(r.part(0), ("", 0));
        assert_eq!(r.text(2).as_deref(), Some("b"));
        assert_eq!(r.text(3), None);

        let r = Reader::<'_, '_, 2>::new("a^b&c", &d, Level::Component);
        assert_eq!(r.part(1), ("a^b", 0));
        assert_eq!(r.part(2), ("c", 4));

        let r = Reader::<'_, '_, 2>::new("a&b", &d, Level::Subcomponent);
        assert_eq!(r.part(1), ("a&b", 0));
        assert_eq!(r.part(2), ("", 3));
    }

    #[test]
    fn pieces_split_as_str_split_does() {
        for raw in ["", "a", "^", "a^^b^", "^é^€^", "é", "aé b^c"] {
            for sep in [b'^', 0xE9, b'~'] {
                let want: Vec<&str> = raw.split(char::from(sep)).collect();
                assert_eq!(pieces(raw, sep).collect::<Vec<_>>(), want, "{raw:?} {sep}");
            }
        }
    }

    #[test]
    fn empty_after_decoding_is_none() {
        let d = Delimiters::default();
        assert_eq!(decode_text(r"\H\", &d), None);
        assert_eq!(decode_text(r"O\T\Brien", &d).as_deref(), Some("O&Brien"));
    }

    #[test]
    fn non_ascii_separator_does_not_panic() {
        let d = Delimiters {
            component: 0xE9,
            ..Delimiters::default()
        };
        let r = Reader::<'_, '_, 3>::new("aé b^c", &d, Level::Field);
        assert_eq!(r.part(1), ("a", 0));
        assert_eq!(r.part(2), (" b^c", 3));
    }
}
