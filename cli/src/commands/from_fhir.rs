//! `izkit from-fhir [--sending-application HD] [--sending-facility HD]
//! [--receiving-application HD] [--receiving-facility HD] [--control-id ID] [--timestamp TS]
//! [--processing-id P|T|D] [--query-profile Z34|Z44] [--lf] FILE.json...`: FHIR R4 resources
//! back to HL7 v2, by [`izkit::fhir::from_fhir_json`] (see `docs/FHIR-MAPPING.md`).
//!
//! A file holds one JSON resource — a Bundle (one VXU per Patient, with its Immunizations), an
//! Immunization (with a contained Patient), a Patient (a QBP Z44, or Z34 with
//! `--query-profile`) or a Parameters (a QBP Z44) — or several, one after the other (the JSON
//! Lines `izkit fhir` prints), each converted on its own. `-` reads standard input. Files are
//! read whole (a JSON document cannot be streamed into the mapping).
//!
//! Output as `izkit ack`'s: every message as the core builds it, segments ended by CR, followed
//! by one LF; `--lf` ends the segments with LF and leaves a blank line after each message, for
//! reading on a terminal. The options set MSH-3/4/5/6 (raw HD values such as
//! `MYEHR^2.16.840.1.113883.3.72^ISO`), MSH-10, MSH-7 (default: now) and MSH-11 of every
//! message.
//!
//! A resource that cannot be read or mapped is reported on stderr as `FILE: resource N: what
//! was wrong` (N counts the JSON values of the file from 1; the text names elements and
//! positions, never values) and the next one is converted; the exit status is then 1. A file
//! that cannot be opened or read is reported as `izkit: FILE: ...`, exit status 2.

use crate::args::FileArg;
use crate::input::Outcome;
use crate::output;
use izkit::fhir::FromFhirOptions;
use serde_json::value::RawValue;
use std::io::{self, Read, Write};

/// What `from-fhir` was asked for besides the inputs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FromFhirArgs {
    /// The MSH values of the messages built (MSH-3 to MSH-7, MSH-10, MSH-11) and the query
    /// profile, as the core takes them.
    pub opts: FromFhirOptions,
    /// Segments ended by LF instead of CR.
    pub lf: bool,
}

/// A file's whole text, or the reason it could not be read (reported by the caller).
fn read_all(file: &FileArg) -> io::Result<String> {
    let mut text = String::new();
    if file.is_stdin() {
        io::stdin().lock().read_to_string(&mut text)?;
    } else {
        std::fs::File::open(&file.os)?.read_to_string(&mut text)?;
    }
    Ok(text)
}

fn report(file: &FileArg, number: usize, e: &izkit::Error) {
    let _ = writeln!(
        io::stderr().lock(),
        "{}: resource {number}: {}",
        file.label,
        e.kind
    );
}

/// Runs `from-fhir` over `files`, writing to `out`.
pub fn run(a: &FromFhirArgs, files: &[FileArg], out: &mut impl Write) -> io::Result<Outcome> {
    let opts = &a.opts;
    let mut outcome = Outcome::default();
    for file in files {
        let text = match read_all(file) {
            Ok(t) => t,
            Err(e) => {
                let _ = writeln!(io::stderr().lock(), "izkit: {}: {e}", file.label);
                outcome.io_error = true;
                continue;
            }
        };
        // The JSON values of the file, one after the other; each goes to the core whole.
        let mut values = serde_json::Deserializer::from_str(&text).into_iter::<&RawValue>();
        let mut number = 0;
        loop {
            let start = values.byte_offset();
            let (json, last) = match values.next() {
                None => break,
                Some(Ok(raw)) => (raw.get(), false),
                // Not JSON from here on: the core reads the rest and says what is wrong (with
                // a position, never the text). Nothing after it can be split reliably.
                Some(Err(_)) => (&text[start..], true),
            };
            number += 1;
            match izkit::fhir::from_fhir_json(json, opts) {
                Ok(messages) => {
                    for m in &messages {
                        output::write_message(out, m, a.lf)?;
                    }
                }
                Err(e) => {
                    report(file, number, &e);
                    outcome.invalid = true;
                }
            }
            if last {
                break;
            }
        }
        if number == 0 {
            // An empty file: the core's error for empty input.
            if let Err(e) = izkit::fhir::from_fhir_json(&text, opts) {
                report(file, 1, &e);
                outcome.invalid = true;
            }
        }
    }
    Ok(outcome)
}
