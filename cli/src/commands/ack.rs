//! `izkit ack [--profile ID] [--control-id ID] [--timestamp TS] [--today YYYY-MM-DD] [--lf]
//! FILE...`: the acknowledgement of every message — a Z23 ACK, or for a query the core answers
//! with one, an RSP Z33 — built by [`izkit::conformance::build_ack`] from the findings of
//! `validate` (same `--profile` and `--today`).
//!
//! Each acknowledgement is written as the core builds it, segments ended by CR (HL7's segment
//! terminator), followed by one LF, so a file of many messages gives one acknowledgement per
//! input message, in order, and the output reads back with `izkit parse -`. `--lf` ends the
//! segments with LF instead and leaves a blank line after each acknowledgement, for reading on a
//! terminal. `--control-id` and `--timestamp` set
//! MSH-10 and MSH-7 of every acknowledgement (default: the builder's own control id, and now).
//!
//! A malformed message is reported on stderr and gets no acknowledgement; the exit status is
//! then 1. A message that fails validation still gets its (AE or AR) acknowledgement and
//! does not change the exit status: `ack` succeeds when every message was acknowledged.

use crate::args::{CheckArgs, FileArg};
use crate::commands::validate;
use crate::input::{self, Outcome, ParseMode, Piece};
use crate::output;
use izkit::conformance::{build_ack, AckOptions};
use std::io::{self, Write};

/// What `ack` was asked for besides the inputs.
pub struct AckArgs<'a> {
    /// Profile and today.
    pub check: &'a CheckArgs,
    /// MSH-10 of the acknowledgements.
    pub control_id: Option<&'a str>,
    /// MSH-7 of the acknowledgements.
    pub timestamp: Option<&'a str>,
    /// Segments ended by LF instead of CR.
    pub lf: bool,
}

/// Runs `ack` over `files`, writing to `out`.
pub fn run(a: &AckArgs<'_>, files: &[FileArg], out: &mut impl Write) -> io::Result<Outcome> {
    let v = validate::validator(a.check);
    let opts = AckOptions {
        control_id: a.control_id.map(str::to_string),
        timestamp: a.timestamp.map(str::to_string),
        ..AckOptions::default()
    };
    input::for_each(files, ParseMode::Lazy, |_, piece| {
        let Piece::Message {
            message: Some(msg), ..
        } = piece
        else {
            return Ok(());
        };
        let report = validate::report(&v, a.check, msg);
        let ack = build_ack(msg, &report.findings, &opts).to_string();
        output::write_message(out, &ack, a.lf)
    })
}
