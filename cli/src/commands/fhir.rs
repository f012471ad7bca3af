//! `izkit fhir [--local-offset +HH:MM|-HH:MM] [--pretty] FILE...`: every message as a FHIR R4
//! Bundle, mapped by [`izkit::fhir::to_fhir`] (see `docs/FHIR-MAPPING.md`).
//!
//! JSON Lines: one Bundle per message, as one line of compact JSON, in input order. `--pretty`
//! writes each Bundle indented over several lines instead (still one JSON document after the
//! other, as `jq` reads them). `--local-offset` is the core's [`izkit::fhir::LocalTime`]: a v2
//! time without an offset is written with this offset (`-05:00`); without the option such a
//! time keeps its date only, never a guessed offset.
//!
//! A message that is malformed, or that the mapping refuses (an ADT, a VXU without PID), is
//! reported on stderr like every problem (`FILE: message N: byte OFFSET: PATH: what was
//! wrong`, no message content), prints nothing, and makes the exit status 1; the other
//! messages are still converted.

use crate::args::FileArg;
use crate::input::{self, Outcome, ParseMode, Piece};
use izkit::fhir::{LocalTime, ToFhirOptions};
use std::io::{self, Write};

/// Runs `fhir` over `files`, writing to `out`. `local_offset` is in minutes east of UTC.
pub fn run(
    local_offset: Option<i32>,
    pretty: bool,
    files: &[FileArg],
    out: &mut impl Write,
) -> io::Result<Outcome> {
    let opts = ToFhirOptions {
        local_time: local_offset.map_or(LocalTime::DateOnly, LocalTime::Offset),
    };
    let mut refused = false;
    let mut outcome = input::for_each(files, ParseMode::Indexed, |file, piece| {
        let Piece::Message {
            number,
            item,
            message: Some(msg),
        } = piece
        else {
            return Ok(());
        };
        let written = if pretty {
            izkit::fhir::to_fhir(msg, &opts).map(|bundle| {
                serde_json::to_writer_pretty(&mut *out, &bundle).map_err(io::Error::from)
            })
        } else {
            izkit::fhir::to_fhir_json(msg, &opts).map(|json| out.write_all(json.as_bytes()))
        };
        match written {
            Ok(w) => {
                w?;
                out.write_all(b"\n")
            }
            Err(e) => {
                input::report(file, number, item.offset + e.offset, &e);
                refused = true;
                Ok(())
            }
        }
    })?;
    outcome.invalid |= refused;
    Ok(outcome)
}
