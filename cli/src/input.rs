//! Reading inputs: opening files and standard input, streaming them through
//! [`izkit::MessageReader`], numbering messages, checking the batch envelope with
//! [`BatchTracker`], parsing each message and reporting every problem on stderr.
//!
//! Every command goes through [`for_each`], so numbering and error reporting are the same
//! everywhere:
//!
//! - Messages are numbered from 1 within each file; envelope segments (FHS, BHS, BTS, FTS) are
//!   not counted. A message too large to read (see [`izkit::ParseOptions::max_message_size`])
//!   still takes a number, so later messages keep the number of their place in the file.
//! - Each problem is one stderr line: `FILE: message N: byte OFFSET: PATH: what was wrong`.
//!   OFFSET is 0-based in the file (for a message transcoded from ISO-8859-1, offsets inside it
//!   count the UTF-8 text), PATH is the error's HL7 path or `-`, and the last part is the error
//!   kind's text, which never holds message content. Envelope errors use N = the number of
//!   messages seen so far in the file (0 before any).
//! - After a problem, reading goes on with the next message and the next file.
//!
//! Memory is bounded by the largest message plus the reader's buffer: a file is never read
//! whole.

use crate::args::FileArg;
use izkit::v2::{decode_bytes, BatchTracker, ItemKind};
use izkit::{Error, ErrorKind, Item, Message, MessageReader};
use std::fs::File;
use std::io::{self, Read, Write};
use std::process::ExitCode;

/// What happened to the inputs as a whole.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Some message or envelope was malformed (exit status 1).
    pub malformed: bool,
    /// Some input could not be opened or read (exit status 2).
    pub io_error: bool,
    /// Some message has an error-severity conformance finding (`validate`; exit status 1).
    pub invalid: bool,
}

impl Outcome {
    /// The exit status: 2 for an I/O error, else 1 for malformed input or an error finding,
    /// else 0.
    pub fn exit_code(self) -> ExitCode {
        if self.io_error {
            ExitCode::from(2)
        } else if self.malformed || self.invalid {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// How messages are parsed: lazily (fast, for reading a few fields) or with the full index
/// (for walking every part).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseMode {
    /// [`Message::parse`].
    Lazy,
    /// [`Message::parse_indexed`].
    Indexed,
}

/// One piece of an input handed to a command.
#[derive(Debug)]
pub enum Piece<'a> {
    /// An envelope segment (FHS, BHS, BTS, FTS), exactly as in the input.
    Envelope(Item<'a>),
    /// A message, exactly as in the input, with its number and, when well-formed, the parse.
    Message {
        /// 1-based number of the message in its file.
        number: usize,
        /// The message bytes, as in the input.
        item: Item<'a>,
        /// The parsed message; `None` when malformed (already reported on stderr).
        message: Option<&'a Message<'a>>,
    },
}

/// Writes one problem line on stderr. Failing to write to stderr is ignored: there is nowhere
/// left to report it. Commands use it for problems of their own with a message (`fhir`).
pub fn report(file: &FileArg, number: usize, offset: usize, e: &Error) {
    let path = e.path.as_deref().unwrap_or("-");
    let _ = writeln!(
        io::stderr().lock(),
        "{}: message {number}: byte {offset}: {path}: {}",
        file.label,
        e.kind
    );
}

/// Reports an input that cannot be opened or read.
fn report_io(file: &FileArg, what: &dyn std::fmt::Display) {
    let _ = writeln!(io::stderr().lock(), "izkit: {}: {what}", file.label);
}

fn open(file: &FileArg) -> io::Result<Box<dyn Read>> {
    if file.is_stdin() {
        Ok(Box::new(io::stdin().lock()))
    } else {
        Ok(Box::new(File::open(&file.os)?))
    }
}

/// Streams every file in order, calling `each` for every piece. Problems in the input are
/// reported on stderr and recorded in the returned [`Outcome`]; an error returned by `each`
/// (writing output failed) stops everything and is returned.
pub fn for_each<F>(files: &[FileArg], mode: ParseMode, mut each: F) -> io::Result<Outcome>
where
    F: FnMut(&FileArg, Piece<'_>) -> io::Result<()>,
{
    let mut outcome = Outcome::default();
    for file in files {
        one_file(file, mode, &mut each, &mut outcome)?;
    }
    Ok(outcome)
}

fn one_file<F>(
    file: &FileArg,
    mode: ParseMode,
    each: &mut F,
    outcome: &mut Outcome,
) -> io::Result<()>
where
    F: FnMut(&FileArg, Piece<'_>) -> io::Result<()>,
{
    let input = match open(file) {
        Ok(r) => r,
        Err(e) => {
            report_io(file, &e);
            outcome.io_error = true;
            return Ok(());
        }
    };
    let mut reader = MessageReader::new(input);
    let mut tracker = BatchTracker::default();
    let mut count = 0usize;
    let mut end = 0usize;
    let mut bad = |number: usize, offset: usize, e: &Error| {
        report(file, number, offset, e);
        outcome.malformed = true;
    };
    while let Some(next) = reader.next_item() {
        let item = match next {
            Ok(item) => item,
            Err(e) if matches!(e.kind, ErrorKind::Io { .. }) => {
                report_io(file, &e.kind);
                outcome.io_error = true;
                return Ok(());
            }
            Err(e) => {
                // Too large to read: the reader skips it. It still counts as a message, for
                // the numbering and for the envelope's counts.
                count += 1;
                bad(count, e.offset, &e);
                let skipped = Item {
                    kind: ItemKind::Message,
                    bytes: &[],
                    offset: e.offset,
                };
                let _ = tracker.feed(&skipped);
                continue;
            }
        };
        end = item.offset + item.bytes.len();
        if let Err(e) = tracker.feed(&item) {
            bad(count, e.offset, &e);
        }
        if item.kind != ItemKind::Message {
            each(file, Piece::Envelope(item))?;
            continue;
        }
        count += 1;
        let text = match decode_bytes(item.bytes) {
            Ok(text) => text,
            Err(e) => {
                bad(count, item.offset + e.offset, &e);
                each(
                    file,
                    Piece::Message {
                        number: count,
                        item,
                        message: None,
                    },
                )?;
                continue;
            }
        };
        let parsed = match mode {
            ParseMode::Lazy => Message::parse(&text),
            ParseMode::Indexed => Message::parse_indexed(&text),
        };
        match parsed {
            Ok(message) => {
                each(
                    file,
                    Piece::Message {
                        number: count,
                        item,
                        message: Some(&message),
                    },
                )?;
            }
            Err(e) => {
                bad(count, item.offset + e.offset, &e);
                each(
                    file,
                    Piece::Message {
                        number: count,
                        item,
                        message: None,
                    },
                )?;
            }
        }
    }
    if let Err(e) = tracker.finish(end) {
        bad(count, e.offset, &e);
    }
    Ok(())
}
