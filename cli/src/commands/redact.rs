//! `izkit redact [--lf] FILE...`: every message with its content masked for logs and error
//! reports, by [`izkit::redact()`]: MSH, MSA, QAK, ERR (and batch envelopes) are kept, every
//! other segment keeps its id and delimiters with each value replaced by a fixed mask.
//!
//! Output is written as `ack` writes messages (segments ended by CR, LF after each message;
//! `--lf` for a terminal). A malformed message is reported on stderr (without content) and
//! sets exit status 1.

use crate::args::FileArg;
use crate::input::{self, Outcome, ParseMode, Piece};
use crate::output;
use std::io::{self, Write};

/// Runs `redact` over `files`, writing to `out`.
pub fn run(lf: bool, files: &[FileArg], out: &mut impl Write) -> io::Result<Outcome> {
    input::for_each(files, ParseMode::Indexed, |_, piece| {
        let Piece::Message {
            message: Some(msg), ..
        } = piece
        else {
            return Ok(());
        };
        output::write_message(out, &izkit::redact(msg), lf)
    })
}
