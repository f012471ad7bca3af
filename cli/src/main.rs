//! The `izkit` command-line tool: `fmt`, `get`, `parse`, `validate`, `ack`, `fhir`, `route` and
//! `redact` over files of HL7 v2.5.1 immunization messages, and `from-fhir` over FHIR R4 JSON.
//!
//! This file dispatches the command and turns the outcome into the exit status: 0 when every
//! input was well-formed (and, for `validate`, had no error finding), 1 when some input was
//! malformed (or had an error finding; for `fhir` and `from-fhir`: could not be converted), 2
//! for a usage or I/O error. A
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
  izkit validate [--profile ID] [--json] [--today YYYY-MM-DD]
                 [--profiles DIR] [--tables DIR] FILE...
                                     check each message against the CDC IG R1.5 profiles
  izkit ack [--profile ID] [--control-id ID] [--timestamp TS] [--today YYYY-MM-DD]
            [--profiles DIR] [--tables DIR] [--lf] FILE...
                                     print the acknowledgement of each message
  izkit fhir [--local-offset +HH:MM|-HH:MM] [--pretty] FILE...
                                     print each message as a FHIR R4 Bundle (JSON Lines)
  izkit from-fhir [--sending-application HD] [--sending-facility HD]
                  [--receiving-application HD] [--receiving-facility HD]
                  [--control-id ID] [--timestamp TS] [--processing-id ID]
                  [--query-profile Z34|Z44] [--lf] FILE.json...
                                     print the VXU (or QBP) messages of FHIR resources
  izkit route [--policy FILE] [--jurisdictions FILE] [--json] [--reveal] [--hl7] [--lf]
              FILE...
                                     decide which IIS jurisdictions get each message
  izkit redact [--lf] FILE...        print each message with its content masked (for logs)
  izkit help | --help                show this text
  izkit --version                    show the version

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

validate: the profile is MSH-21's (Z22, Z23, Z31, Z32, Z33, Z34, Z42, Z44), else the one
  MSH-9 implies; --profile forces one. --today fixes the date the rules about future dates
  compare with (default: the system clock). --profiles DIR adds a jurisdiction's profiles in
  NIST's XML format (DIR/profiles/NAME_Profile.xml with DIR/constraints/NAME_Constraints.xml
  and DIR/valuesets/NAME_ValueSetLibrary.xml; a profile id already built in is replaced).
  --tables DIR replaces the CDC code tables (DIR/cvx.csv, DIR/mvx.csv and optionally
  DIR/cvx-vaccine-group.csv, CDC's columns as in core/data/tables/).
  One line per finding, then a summary per message:
    FILE: message N: SEVERITY CODE[/APP] PATH [RULE]: TEXT
    FILE: message N: PROFILE: 2 errors, 1 warning          (or: no findings)
  SEVERITY is error, warning or information; CODE the HL7 table 0357 code (101 required
  field missing, 102 data type, 103 table value, 200 message type, 203 version, ...); APP the
  CDC table 0533 code when there is one; PATH the element (PID[1]-5.1; - for the whole
  message); RULE the conformance statement (IZ-43) when there is one. PROFILE is - when none
  could be chosen. Texts name rules and elements, never message content.
  --json: JSON Lines, one per message, {\"file\":\"x.hl7\",\"message\":1,\"profile\":\"Z22\",
  \"findings\":[{\"severity\":\"error\",\"code\":101,\"app_code\":null,\"rule\":null,
  \"location\":\"PID^1^5^1\",\"path\":\"PID[1]-5\",\"text\":\"...\",\"range\":[120,120]}]}
  (location: HL7 ERL; range: byte offsets in the message, or null).

ack: validates each message as validate does, then prints its acknowledgement: a Z23 ACK
  (MSA-1 AA, AE or AR, one ERR per finding), or an RSP Z33 for a query that fails. Segments
  end with CR; each acknowledgement is followed by LF (--lf: segments end with LF and a blank
  line follows, for reading on a terminal). --control-id and --timestamp set MSH-10 and MSH-7
  (default: generated, and now).

fhir: one line of JSON per message, the FHIR R4 Bundle of docs/FHIR-MAPPING.md: VXU and RSP
  (Z32, Z42: also ImmunizationEvaluation and ImmunizationRecommendation; Z31: candidate
  Patients), ACK and RSP Z33 (an OperationOutcome), QBP (a Parameters). --pretty indents each Bundle. A v2 time
  without an offset keeps its date only (2021-03-04), unless --local-offset gives the offset to
  write (-05:00). A message the mapping cannot convert (e.g. an ADT) is reported on stderr as a
  malformed one is, and prints nothing.

from-fhir: FILE.json holds one FHIR resource, or several one after the other (what fhir
  prints): a Bundle (one VXU Z22 per Patient, its Immunizations as ORDER groups), an
  Immunization with a contained Patient, a Patient (a QBP Z44; --query-profile Z34 for a Z34)
  or a Parameters with a patient (a QBP Z44). Messages are printed as ack prints them (segments
  end with CR, LF after each; --lf for a terminal). The options set MSH-3, MSH-4, MSH-5 and
  MSH-6 (HD as v2 text, e.g. MYEHR^2.16.840.1.113883.3.72^ISO; default: a Bundle's
  MessageHeader, else empty), MSH-10 (default: derived from the content), MSH-7 (default: now)
  and MSH-11 (default P). A resource that cannot be
  converted is reported on stderr as FILE: resource N: what was wrong.

route: decides, per message, which IIS jurisdictions receive it under the Share policy
  (docs/ROUTING.md): the built-in default, or --policy FILE (JSON, extending or replacing the
  default; checked before any message is read, a mistake is reported with its place in the
  file). --jurisdictions FILE replaces the built-in table of IIS jurisdictions (CSV, the
  columns of core/data/jurisdictions/). One line per decision,
    FILE: message N: ACTION DESTINATION: REASON; REASON
  ACTION is send, deny or hold (hold: nothing is sent; DESTINATION - when the whole message
  is held). --hl7: after each send line, the message as that destination receives it (after
  its transformations, MSH-5/MSH-6 set; segments end with CR, --lf for a terminal).
  --json: JSON Lines, one per message, {\"file\":\"x.hl7\",\"message\":1,\"decisions\":
  [{\"destination\":\"MD\",\"action\":\"send\",\"reasons\":[...],\"rules\":[...],
  \"hl7\":\"MSH|...\"},{\"destination\":\"VA\",\"action\":\"deny\",\"reasons\":[...]}],
  \"facts\":{...}}. Reasons and facts never hold patient data; --reveal lets facts show
  address parts (city, county). A message whose transformation fails is reported on stderr.

redact: each message with MSH, MSA, QAK and ERR kept and every other value masked, the
  segment and delimiter skeleton left in place - safe to put in logs and error reports.
  Written as ack writes messages.

Problems go to stderr, one line each, and processing goes on:
  FILE: message N: byte OFFSET: PATH: what was wrong
OFFSET is the 0-based byte offset in the file (inside an ISO-8859-1 message, MSH-18 8859/1,
it counts the UTF-8 text the message is transcoded to); PATH is the HL7 path or -. Envelope
errors (BTS/FTS counts, BTS without BHS) give N = messages seen so far in the file. Error
lines never contain message content.

Exit status: 0 all input well-formed, 1 some input malformed (validate: or some message has an
error finding; ack: a malformed message gets no acknowledgement; fhir, from-fhir: or some
input could not be converted; route: or a transformation failed), 2 usage or I/O error (route:
or the policy or jurisdictions file is invalid).
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
        Command::Validate { json, check, files } => {
            run(|out| commands::validate::run(json, &check, &files, out))
        }
        Command::Ack {
            check,
            control_id,
            timestamp,
            lf,
            files,
        } => {
            let a = commands::ack::AckArgs {
                check: &check,
                control_id: control_id.as_deref(),
                timestamp: timestamp.as_deref(),
                lf,
            };
            run(|out| commands::ack::run(&a, &files, out))
        }
        Command::Fhir {
            local_offset,
            pretty,
            files,
        } => run(|out| commands::fhir::run(local_offset, pretty, &files, out)),
        Command::FromFhir { args, files } => {
            run(|out| commands::from_fhir::run(&args, &files, out))
        }
        Command::Route {
            router,
            json,
            reveal,
            hl7,
            lf,
            files,
        } => {
            let a = commands::route::RouteArgs {
                router: &router.router,
                json,
                reveal,
                hl7,
                lf,
            };
            run(|out| commands::route::run(&a, &files, out))
        }
        Command::Redact { lf, files } => run(|out| commands::redact::run(lf, &files, out)),
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
