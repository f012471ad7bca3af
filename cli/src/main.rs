//! The `izkit` command-line tool: `fmt`, `get` and `parse` over files of HL7 v2.5.1
//! immunization messages.
//!
//! This file dispatches the command and turns the outcome into the exit status: 0 when every
//! input was well-formed, 1 when some input was malformed, 2 for a usage or I/O error. A
//! broken pipe on stdout (`izkit get ... | head`) ends the program quietly with status 0.
//! All HL7 work is done by the `izkit` library; see [`input`] for how inputs are streamed and
//! problems reported.

mod args;
mod commands;
mod input;
mod output;

use args::{Command, UsageError};
use input::Outcome;
use std::io::{self, Write};
use std::process::ExitCode;

/// The usage text (`izkit --help`).
const USAGE: &str = "\
izkit - US immunization HL7 v2.5.1 messages

Usage:
  izkit fmt FILE...                  write each input back out unchanged, checking every message
  izkit get [--json] PATHS FILE...   print the values at PATHS (comma-separated)
  izkit parse [--json] FILE...       print each message as a tree
  izkit help | --help                show this text
  izkit --version                    show the version
  (validate, ack, fhir and route come later)

FILE is a file or - for standard input. A file may hold one message or many: segments ended
by CR, LF or CRLF, MLLP frames, batch files (FHS/BHS ... BTS/FTS, counts checked), with or
without a UTF-8 BOM. Files are streamed, never read whole.

Paths: SEG[occurrence]-FIELD[repetition].COMPONENT.SUBCOMPONENT, numbered from 1,
e.g. PID-5.1, PID-3[2].1, RXA[2]-5.1, MSH-9.2. MSH-1 is the field separator.

get: one line per message and path: FILE<TAB>MESSAGE<TAB>PATH<TAB>VALUE. Messages are
  numbered from 1 within each file (FHS/BHS/BTS/FTS not counted). VALUE has escapes decoded
  (\\F\\ is |); a composite such as PID-5 gives its raw text; absent gives an empty VALUE.
  In FILE and VALUE, tab, LF and CR are written as \\t, \\n and \\r (backslash as is).
  --json: JSON Lines, {\"file\":\"x.hl7\",\"message\":1,\"path\":\"PID-5.1\",\"value\":\"DOE\"},
  value null when absent. A malformed message prints nothing.

parse: a line FILE: message N, then per segment a line \"  SEG[n]\", then per non-empty
  leaf a line \"    PATH<TAB>VALUE\" (PATH as deep as the message structures it: PID-7,
  PID-5.1, PID-3[2].4.1; VALUE decoded and escaped as for get).
  --json: JSON Lines, {\"file\":...,\"message\":1,\"segments\":[{\"id\":\"PID\",\"fields\":[...]}]}
  where a field is a list of repetitions, a repetition a list of components, a component a
  list of decoded subcomponent strings (\"\" when empty); MSH-1 and MSH-2 are single leaves.

Problems go to stderr, one line each, and processing goes on:
  FILE: message N: byte OFFSET: PATH: what was wrong
OFFSET is the 0-based byte offset in the file (inside an ISO-8859-1 message, MSH-18 8859/1,
it counts the UTF-8 text the message is transcoded to); PATH is the HL7 path or -. Envelope
errors (BTS/FTS counts, BTS without BHS) give N = messages seen so far in the file. Error
lines never contain message content.

Exit status: 0 all input well-formed, 1 some input malformed, 2 usage or I/O error.
";

fn main() -> ExitCode {
    let command = match args::parse(std::env::args_os().skip(1)) {
        Ok(c) => c,
        Err(UsageError(msg)) => {
            let _ = write!(io::stderr().lock(), "izkit: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match command {
        Command::Help => run(|out| out.write_all(USAGE.as_bytes()).map(|_| Outcome::default())),
        Command::Version => run(|out| {
            writeln!(out, "izkit {}", env!("CARGO_PKG_VERSION")).map(|_| Outcome::default())
        }),
        Command::Fmt { files } => run(|out| commands::fmt::run(&files, out)),
        Command::Get { json, paths, files } => {
            run(|out| commands::get::run(json, &paths, &files, out))
        }
        Command::Parse { json, files } => run(|out| commands::parse::run(json, &files, out)),
    }
}

/// Runs a command against buffered stdout and maps the result to the exit status.
fn run(f: impl FnOnce(&mut output::Out) -> io::Result<Outcome>) -> ExitCode {
    let mut out = output::stdout();
    let result = f(&mut out).and_then(|outcome| out.flush().map(|_| outcome));
    match result {
        Ok(outcome) => outcome.exit_code(),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr().lock(), "izkit: cannot write output: {e}");
            ExitCode::from(2)
        }
    }
}
