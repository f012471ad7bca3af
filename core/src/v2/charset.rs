//! Character sets: UTF-8 and ASCII are read as they are; ISO-8859-1 (MSH-18 `8859/1`) is
//! transcoded to UTF-8 through the bytes entry point.
//!
//! Offsets of a transcoded message refer to the UTF-8 text izkit returns, in which every
//! non-ASCII Latin-1 character takes two bytes.

use crate::error::{Error, ErrorKind, Result};
use std::borrow::Cow;

/// The character set a message declares in MSH-18 (first repetition).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Charset {
    /// MSH-18 empty, `ASCII`, `UNICODE UTF-8` or another UTF-8 name.
    Utf8,
    /// MSH-18 `8859/1` (ISO-8859-1, Latin-1).
    Latin1,
}

/// Reads MSH-18 from the raw bytes of a message (after an optional BOM or MLLP start block).
pub fn declared_charset(bytes: &[u8]) -> Result<Charset> {
    let mut b = bytes;
    let mut prefix = 0;
    if b.starts_with(b"\xEF\xBB\xBF") {
        b = &b[3..];
        prefix = 3;
    }
    if b.first() == Some(&0x0B) {
        b = &b[1..];
        prefix += 1;
    }
    if b.len() < 4 || !b.starts_with(b"MSH") {
        return Ok(Charset::Utf8);
    }
    let sep = b[3];
    let line = &b[..memchr::memchr2(b'\r', b'\n', b).unwrap_or(b.len())];
    // Pieces: MSH, MSH-2, MSH-3, ... so MSH-18 is piece 17.
    let Some(f18) = line.split(|&c| c == sep).nth(17) else {
        return Ok(Charset::Utf8);
    };
    let rep_sep = b.get(5).copied().unwrap_or(b'~');
    let first = f18.split(|&c| c == rep_sep).next().unwrap_or(b"");
    let name: String = first
        .iter()
        .map(|&c| c as char)
        .collect::<String>()
        .to_ascii_uppercase();
    match name.trim() {
        "" | "ASCII" | "UNICODE UTF-8" | "UNICODE" | "UTF-8" | "UTF8" => Ok(Charset::Utf8),
        "8859/1" | "ISO-8859-1" | "ISO IR100" | "LATIN1" => Ok(Charset::Latin1),
        _ => {
            // Offset of MSH-18: after the 17th field separator of the line.
            let at = line
                .iter()
                .enumerate()
                .filter(|&(_, &c)| c == sep)
                .nth(16)
                .map_or(0, |(i, _)| i + 1);
            Err(Error::new(ErrorKind::UnsupportedCharset, prefix + at).with_path("MSH-18"))
        }
    }
}

/// Turns the raw bytes of a message into text: borrowed when it is UTF-8 (or ASCII), owned
/// when transcoded from ISO-8859-1.
///
/// ```
/// let latin1 = b"MSH|^~\\&|||||||ADT^A01|1|P|2.5.1||||||8859/1\rPID|1||||M\xFCller\r";
/// let text = izkit::v2::decode_bytes(latin1)?;
/// assert!(text.contains("Müller"));
/// # Ok::<(), izkit::Error>(())
/// ```
pub fn decode_bytes(bytes: &[u8]) -> Result<Cow<'_, str>> {
    match declared_charset(bytes)? {
        Charset::Latin1 => Ok(match std::str::from_utf8(bytes) {
            Ok(s) if s.is_ascii() => Cow::Borrowed(s),
            _ => Cow::Owned(bytes.iter().map(|&b| b as char).collect()),
        }),
        Charset::Utf8 => std::str::from_utf8(bytes)
            .map(Cow::Borrowed)
            .map_err(|e| Error::new(ErrorKind::InvalidUtf8, e.valid_up_to())),
    }
}
