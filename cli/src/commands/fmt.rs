//! `izkit fmt FILE...`: writes every input back out unchanged.
//!
//! Each item the reader cuts from the input (message or envelope segment, with the line breaks
//! after it) is written exactly as read, so the output is byte-identical to the input whenever
//! the input reads cleanly. Every message is also parsed, so malformed ones are reported on
//! stderr (and still written out as they are). A message larger than the size limit is
//! reported and cannot be written: the reader skips it.

use crate::args::FileArg;
use crate::input::{self, Outcome, ParseMode, Piece};
use std::io::{self, Write};

/// Runs `fmt` over `files`, writing to `out`.
pub fn run(files: &[FileArg], out: &mut impl Write) -> io::Result<Outcome> {
    input::for_each(files, ParseMode::Lazy, |_, piece| {
        let bytes = match piece {
            Piece::Envelope(item) | Piece::Message { item, .. } => item.bytes,
        };
        out.write_all(bytes)
    })
}
