//! Command-line argument parsing, by hand (no argument-parsing crate, to keep the build small).
//!
//! Grammar:
//!
//! ```text
//! izkit fmt FILE...
//! izkit get [--json] PATHS FILE...
//! izkit parse [--json] FILE...
//! izkit validate [--profile ID] [--json] [--today YYYY-MM-DD] [--profiles DIR] [--tables DIR] FILE...
//! izkit ack [--profile ID] [--control-id ID] [--timestamp TS] [--today YYYY-MM-DD] [--profiles DIR] [--tables DIR] [--lf] FILE...
//! izkit fhir [--local-offset +HH:MM|-HH:MM] [--pretty] FILE...
//! izkit from-fhir [--sending-application HD] [--sending-facility HD] [--receiving-application HD]
//!                 [--receiving-facility HD] [--control-id ID] [--timestamp TS] [--processing-id ID]
//!                 [--query-profile Z34|Z44] [--lf] FILE.json...
//! izkit route [--policy FILE] [--jurisdictions FILE] [--json] [--reveal] [--hl7] [--lf] FILE...
//! izkit redact [--lf] FILE...
//! izkit help | --help | -h
//! izkit --version | -V
//! ```
//!
//! Options may appear anywhere after the command; `--` ends the options, so a file named
//! `--json` can still be read (`izkit parse -- --json`). An option with a value takes it as the
//! next argument or after `=` (`--profile Z22`, `--profile=Z22`). A lone `-` is a file: standard input.
//! Arguments are taken as `OsString`s so file names that are not UTF-8 still open; they are
//! shown (in output and error lines) converted lossily.

use crate::commands::from_fhir::FromFhirArgs;
use chrono::NaiveDate;
use izkit::Path;
use std::ffi::OsString;

/// One FILE argument: what to open and how to name it in output and error lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileArg {
    /// The argument as given, used to open the file.
    pub os: OsString,
    /// The argument as text (lossy for non-UTF-8 names); `-` means standard input.
    pub label: String,
}

impl FileArg {
    fn new(os: OsString) -> Self {
        let label = os.to_string_lossy().into_owned();
        FileArg { os, label }
    }

    /// True when this argument is `-` (standard input).
    pub fn is_stdin(&self) -> bool {
        self.os == "-"
    }
}

/// One path asked for by `get`: the text as the user wrote it and its parsed form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathArg {
    /// The path as given (echoed in the output).
    pub text: String,
    /// The parsed path.
    pub path: Path,
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Print the usage text on stdout.
    Help,
    /// Print the version on stdout.
    Version,
    /// `izkit fmt FILE...`
    Fmt {
        /// Inputs.
        files: Vec<FileArg>,
    },
    /// `izkit get [--json] PATHS FILE...`
    Get {
        /// JSON Lines instead of TSV.
        json: bool,
        /// The paths, in the order given.
        paths: Vec<PathArg>,
        /// Inputs.
        files: Vec<FileArg>,
    },
    /// `izkit parse [--json] FILE...`
    Parse {
        /// JSON Lines instead of the text tree.
        json: bool,
        /// Inputs.
        files: Vec<FileArg>,
    },
    /// `izkit validate [--profile ID] [--json] [--today YYYY-MM-DD] FILE...`
    Validate {
        /// JSON Lines instead of text.
        json: bool,
        /// How to validate.
        check: CheckArgs,
        /// Inputs.
        files: Vec<FileArg>,
    },
    /// `izkit ack [--profile ID] [--control-id ID] [--timestamp TS] [--today D] [--lf] FILE...`
    Ack {
        /// How to validate before acknowledging.
        check: CheckArgs,
        /// MSH-10 of every ACK (default: the ACK builder's).
        control_id: Option<String>,
        /// MSH-7 of every ACK (default: now).
        timestamp: Option<String>,
        /// End segments with LF instead of CR (for reading on a terminal).
        lf: bool,
        /// Inputs.
        files: Vec<FileArg>,
    },
    /// `izkit fhir [--local-offset +HH:MM] [--pretty] FILE...`
    Fhir {
        /// Offset given to v2 times without one, in minutes east of UTC; `None`: date only.
        local_offset: Option<i32>,
        /// Indented JSON instead of one line per Bundle.
        pretty: bool,
        /// Inputs.
        files: Vec<FileArg>,
    },
    /// `izkit from-fhir [--sending-application HD] ... [--lf] FILE.json...`
    FromFhir {
        /// MSH values and output form.
        args: FromFhirArgs,
        /// Inputs (JSON).
        files: Vec<FileArg>,
    },
    /// `izkit route [--policy FILE] [--jurisdictions FILE] [--json] [--reveal] [--hl7] [--lf] FILE...`
    Route {
        /// The policy and jurisdictions, loaded and compiled.
        router: LoadedRouter,
        /// JSON Lines instead of text.
        json: bool,
        /// Let traces show address parts.
        reveal: bool,
        /// Text output: each message as sent after its send line.
        hl7: bool,
        /// Segments ended by LF in the text output.
        lf: bool,
        /// Inputs.
        files: Vec<FileArg>,
    },
    /// `izkit redact [--lf] FILE...`
    Redact {
        /// Segments ended by LF.
        lf: bool,
        /// Inputs.
        files: Vec<FileArg>,
    },
}

/// The router `route` uses, loaded from `--policy` and `--jurisdictions` (or the built-ins)
/// before any message is read; compared by the files it came from.
#[derive(Debug, Clone)]
pub struct LoadedRouter {
    /// `--policy` and `--jurisdictions` as given.
    pub files: (Option<String>, Option<String>),
    /// The compiled router.
    pub router: izkit::route::Router,
}

impl PartialEq for LoadedRouter {
    fn eq(&self, other: &Self) -> bool {
        self.files == other.files
    }
}

impl Eq for LoadedRouter {}

/// The options `validate` and `ack` share: which profile, which day is today, and profiles or
/// code tables loaded from folders instead of (or beside) the built-ins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckArgs {
    /// A forced profile id (`Z22`); `None` picks it from MSH-21, else MSH-9.
    pub profile: Option<String>,
    /// "Today" for the date rules; `None` reads the system clock.
    pub today: Option<NaiveDate>,
    /// What `--profiles DIR` and `--tables DIR` loaded, when given.
    pub loaded: Option<Loaded>,
}

/// Profiles and code tables read from folders (`--profiles`, `--tables`), checked before any
/// message is read.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The folders, as given (what two `Loaded` are compared by).
    pub dirs: (Option<std::path::PathBuf>, Option<std::path::PathBuf>),
    /// The built-in profiles plus the folder's (same ids replaced), or the built-ins.
    pub profiles: izkit::conformance::ProfileSet,
    /// The folder's tables, or the built-ins.
    pub tables: izkit::conformance::CodeTables,
}

impl PartialEq for Loaded {
    fn eq(&self, other: &Self) -> bool {
        self.dirs == other.dirs
    }
}

impl Eq for Loaded {}

/// Reads `--profiles DIR` (NIST layout: `profiles/`, `constraints/`, `valuesets/`) and
/// `--tables DIR` (`cvx.csv`, `mvx.csv`, optional `cvx-vaccine-group.csv`, as in
/// `core/data/tables/`).
fn load_dirs(
    cmd: &str,
    profiles: Option<String>,
    tables: Option<String>,
) -> Result<Option<Loaded>, UsageError> {
    use izkit::conformance::{CodeTables, ProfileSet};
    if profiles.is_none() && tables.is_none() {
        return Ok(None);
    }
    let mut set = ProfileSet::builtin().clone();
    if let Some(dir) = &profiles {
        let n = set
            .add_dir(std::path::Path::new(dir))
            .map_err(|e| UsageError(format!("{cmd}: --profiles {dir}: {}", e.kind)))?;
        if n == 0 {
            return Err(UsageError(format!(
                "{cmd}: --profiles {dir}: no profiles/*_Profile.xml found"
            )));
        }
    }
    let codes = match &tables {
        None => CodeTables::builtin().clone(),
        Some(dir) => {
            let read = |name: &str| std::fs::read_to_string(std::path::Path::new(dir).join(name));
            let cvx = read("cvx.csv")
                .map_err(|e| UsageError(format!("{cmd}: --tables {dir}: cvx.csv: {e}")))?;
            let mvx = read("mvx.csv")
                .map_err(|e| UsageError(format!("{cmd}: --tables {dir}: mvx.csv: {e}")))?;
            let groups = read("cvx-vaccine-group.csv").ok();
            CodeTables::from_csv(&cvx, &mvx, groups.as_deref())
                .map_err(|e| UsageError(format!("{cmd}: --tables {dir}: {}", e.kind)))?
        }
    };
    Ok(Some(Loaded {
        dirs: (profiles.map(Into::into), tables.map(Into::into)),
        profiles: set,
        tables: codes,
    }))
}

/// A usage error: the message to print before the usage text (exit status 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

/// The arguments after the command, split into options and positionals.
struct Split {
    /// Flags seen (`--json`, `--lf`).
    flags: Vec<&'static str>,
    /// Options with a value seen, in order (`("--profile", "Z22")`).
    values: Vec<(&'static str, String)>,
    help: bool,
    positional: Vec<OsString>,
}

impl Split {
    fn flag(&self, name: &str) -> bool {
        self.flags.contains(&name)
    }

    /// The last value given for option `name`.
    fn value(&self, name: &str) -> Option<String> {
        self.values
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    }
}

/// Splits the arguments of `cmd`, which accepts the flags `flags` and the options with a value
/// `valued`.
fn split(
    cmd: &str,
    rest: impl Iterator<Item = OsString>,
    flags: &[&'static str],
    valued: &[&'static str],
) -> Result<Split, UsageError> {
    let mut out = Split {
        flags: Vec::new(),
        values: Vec::new(),
        help: false,
        positional: Vec::new(),
    };
    let mut options_done = false;
    let mut rest = rest;
    while let Some(arg) = rest.next() {
        if options_done {
            out.positional.push(arg);
            continue;
        }
        let Some(s) = arg.to_str() else {
            out.positional.push(arg);
            continue;
        };
        if s == "--" {
            options_done = true;
        } else if s == "--help" || s == "-h" {
            out.help = true;
        } else if let Some(&f) = flags.iter().find(|&&f| f == s) {
            out.flags.push(f);
        } else if let Some((&name, inline)) = valued.iter().find_map(|n| {
            if s == *n {
                Some((n, None))
            } else {
                s.strip_prefix(n)
                    .and_then(|r| r.strip_prefix('='))
                    .map(|v| (n, Some(v.to_string())))
            }
        }) {
            let value = match inline {
                Some(v) => v,
                None => match rest.next().map(|v| v.into_string()) {
                    Some(Ok(v)) => v,
                    Some(Err(_)) => {
                        return Err(UsageError(format!("{cmd}: {name} needs a text value")))
                    }
                    None => return Err(UsageError(format!("{cmd}: {name} needs a value"))),
                },
            };
            out.values.push((name, value));
        } else if s.starts_with('-') && s != "-" {
            return Err(UsageError(format!("{cmd}: unknown option '{s}'")));
        } else {
            out.positional.push(arg);
        }
    }
    Ok(out)
}

/// `--profile` and `--today`, checked.
fn check_args(cmd: &str, s: &Split) -> Result<CheckArgs, UsageError> {
    let profile = s.value("--profile");
    let loaded = load_dirs(cmd, s.value("--profiles"), s.value("--tables"))?;
    if let Some(id) = &profile {
        // Checked before any file is read, like get's paths.
        let known = loaded
            .as_ref()
            .map_or(izkit::conformance::ProfileSet::builtin(), |l| &l.profiles);
        if known.get(id).is_none() {
            let ids: Vec<&str> = known.ids().collect();
            return Err(UsageError(format!(
                "{cmd}: unknown profile '{id}' (known: {})",
                ids.join(", ")
            )));
        }
    }
    let today = match s.value("--today") {
        None => None,
        Some(d) => Some(
            NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .map_err(|_| UsageError(format!("{cmd}: --today takes a date as YYYY-MM-DD")))?,
        ),
    };
    Ok(CheckArgs {
        profile,
        today,
        loaded,
    })
}

fn files(cmd: &str, args: Vec<OsString>) -> Result<Vec<FileArg>, UsageError> {
    if args.is_empty() {
        return Err(UsageError(format!(
            "{cmd}: missing FILE (use - for standard input)"
        )));
    }
    Ok(args.into_iter().map(FileArg::new).collect())
}

/// `--local-offset`: `+HH:MM`, `-HH:MM` (or without the colon) as minutes east of UTC, from
/// -14:00 to +14:00 as FHIR allows.
pub fn parse_offset(text: &str) -> Result<i32, UsageError> {
    let bad = || {
        UsageError(format!(
            "fhir: --local-offset takes +HH:MM or -HH:MM (e.g. -05:00), not '{text}'"
        ))
    };
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'+') => (1, &text[1..]),
        Some(b'-') => (-1, &text[1..]),
        _ => return Err(bad()),
    };
    let digits: String = match rest.len() {
        5 if rest.as_bytes()[2] == b':' => rest.replacen(':', "", 1),
        4 => rest.to_string(),
        _ => return Err(bad()),
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let (h, m): (i32, i32) = (
        digits[..2].parse().map_err(|_| bad())?,
        digits[2..].parse().map_err(|_| bad())?,
    );
    if m > 59 || h * 60 + m > 14 * 60 {
        return Err(bad());
    }
    Ok(sign * (h * 60 + m))
}

/// Parses `PATHS` (comma-separated). Every path is checked here, before any file is read.
pub fn parse_paths(list: &str) -> Result<Vec<PathArg>, UsageError> {
    list.split(',')
        .map(|text| match Path::parse(text) {
            Ok(path) => Ok(PathArg {
                text: text.to_string(),
                path,
            }),
            Err(e) => Err(UsageError(format!(
                "get: invalid path '{text}': {}",
                e.kind
            ))),
        })
        .collect()
}

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, UsageError> {
    let mut args = args.into_iter();
    let Some(cmd) = args.next() else {
        return Err(UsageError("missing command".to_string()));
    };
    let Some(cmd) = cmd.to_str() else {
        return Err(UsageError(format!(
            "unknown command '{}'",
            cmd.to_string_lossy()
        )));
    };
    match cmd {
        "help" | "--help" | "-h" => Ok(Command::Help),
        "--version" | "-V" | "version" => Ok(Command::Version),
        "fmt" => {
            let s = split(cmd, args, &[], &[])?;
            if s.help {
                return Ok(Command::Help);
            }
            Ok(Command::Fmt {
                files: files(cmd, s.positional)?,
            })
        }
        "get" => {
            let s = split(cmd, args, &["--json"], &[])?;
            if s.help {
                return Ok(Command::Help);
            }
            let json = s.flag("--json");
            let mut pos = s.positional.into_iter();
            let Some(list) = pos.next() else {
                return Err(UsageError(
                    "get: missing PATHS (e.g. PID-5.1,RXA-5.1)".to_string(),
                ));
            };
            let Some(list) = list.to_str() else {
                return Err(UsageError("get: PATHS is not valid text".to_string()));
            };
            let paths = parse_paths(list)?;
            Ok(Command::Get {
                json,
                paths,
                files: files(cmd, pos.collect())?,
            })
        }
        "parse" => {
            let s = split(cmd, args, &["--json"], &[])?;
            if s.help {
                return Ok(Command::Help);
            }
            Ok(Command::Parse {
                json: s.flag("--json"),
                files: files(cmd, s.positional)?,
            })
        }
        "validate" => {
            let s = split(
                cmd,
                args,
                &["--json"],
                &["--profile", "--today", "--profiles", "--tables"],
            )?;
            if s.help {
                return Ok(Command::Help);
            }
            Ok(Command::Validate {
                json: s.flag("--json"),
                check: check_args(cmd, &s)?,
                files: files(cmd, s.positional)?,
            })
        }
        "ack" => {
            let s = split(
                cmd,
                args,
                &["--lf"],
                &[
                    "--profile",
                    "--today",
                    "--profiles",
                    "--tables",
                    "--control-id",
                    "--timestamp",
                ],
            )?;
            if s.help {
                return Ok(Command::Help);
            }
            Ok(Command::Ack {
                check: check_args(cmd, &s)?,
                control_id: s.value("--control-id"),
                timestamp: s.value("--timestamp"),
                lf: s.flag("--lf"),
                files: files(cmd, s.positional)?,
            })
        }
        "fhir" => {
            let s = split(cmd, args, &["--pretty"], &["--local-offset"])?;
            if s.help {
                return Ok(Command::Help);
            }
            Ok(Command::Fhir {
                local_offset: s
                    .value("--local-offset")
                    .map(|o| parse_offset(&o))
                    .transpose()?,
                pretty: s.flag("--pretty"),
                files: files(cmd, s.positional)?,
            })
        }
        "from-fhir" => {
            let s = split(
                cmd,
                args,
                &["--lf"],
                &[
                    "--sending-application",
                    "--sending-facility",
                    "--receiving-application",
                    "--receiving-facility",
                    "--control-id",
                    "--timestamp",
                    "--processing-id",
                    "--query-profile",
                ],
            )?;
            if s.help {
                return Ok(Command::Help);
            }
            let query_profile = s.value("--query-profile");
            if let Some(q) = &query_profile {
                if q != "Z34" && q != "Z44" {
                    return Err(UsageError(format!(
                        "from-fhir: --query-profile is Z34 or Z44, not '{q}'"
                    )));
                }
            }
            Ok(Command::FromFhir {
                args: FromFhirArgs {
                    opts: izkit::fhir::FromFhirOptions {
                        sending_application: s.value("--sending-application"),
                        sending_facility: s.value("--sending-facility"),
                        receiving_application: s.value("--receiving-application"),
                        receiving_facility: s.value("--receiving-facility"),
                        control_id: s.value("--control-id"),
                        timestamp: s.value("--timestamp"),
                        processing_id: s.value("--processing-id"),
                        query_profile,
                    },
                    lf: s.flag("--lf"),
                },
                files: files(cmd, s.positional)?,
            })
        }
        "route" => {
            let s = split(
                cmd,
                args,
                &["--json", "--reveal", "--hl7", "--lf"],
                &["--policy", "--jurisdictions"],
            )?;
            if s.help {
                return Ok(Command::Help);
            }
            let (policy, jurisdictions) = (s.value("--policy"), s.value("--jurisdictions"));
            let router =
                crate::commands::route::router(policy.as_deref(), jurisdictions.as_deref())
                    .map_err(UsageError)?;
            Ok(Command::Route {
                router: LoadedRouter {
                    files: (policy, jurisdictions),
                    router,
                },
                json: s.flag("--json"),
                reveal: s.flag("--reveal"),
                hl7: s.flag("--hl7"),
                lf: s.flag("--lf"),
                files: files(cmd, s.positional)?,
            })
        }
        "redact" => {
            let s = split(cmd, args, &["--lf"], &[])?;
            if s.help {
                return Ok(Command::Help);
            }
            Ok(Command::Redact {
                lf: s.flag("--lf"),
                files: files(cmd, s.positional)?,
            })
        }
        other => Err(UsageError(format!("unknown command '{other}'"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Command, UsageError> {
        parse(args.iter().map(OsString::from))
    }

    #[test]
    fn json_flag_anywhere_before_double_dash() {
        let Ok(Command::Get { json, paths, files }) = run(&["get", "PID-5.1", "--json", "a"])
        else {
            panic!("expected get");
        };
        assert!(json);
        assert_eq!(paths[0].text, "PID-5.1");
        assert_eq!(files[0].label, "a");
        let Ok(Command::Parse { json, files }) = run(&["parse", "--", "--json"]) else {
            panic!("expected parse");
        };
        assert!(!json);
        assert_eq!(files[0].label, "--json");
    }

    #[test]
    fn options_with_values() {
        let Ok(Command::Validate { json, check, files }) = run(&[
            "validate",
            "--profile",
            "Z22",
            "a",
            "--today=2026-11-25",
            "--json",
        ]) else {
            panic!("expected validate");
        };
        assert!(json);
        assert_eq!(check.profile.as_deref(), Some("Z22"));
        assert_eq!(check.today, NaiveDate::from_ymd_opt(2026, 11, 25));
        assert_eq!(files.len(), 1);
        let Ok(Command::Ack {
            check,
            control_id,
            timestamp,
            lf,
            files,
        }) = run(&[
            "ack",
            "--control-id=X1",
            "--timestamp",
            "20260101120000+0000",
            "--lf",
            "--",
            "--profile",
        ])
        else {
            panic!("expected ack");
        };
        assert_eq!(check, CheckArgs::default());
        assert_eq!(control_id.as_deref(), Some("X1"));
        assert_eq!(timestamp.as_deref(), Some("20260101120000+0000"));
        assert!(lf);
        assert_eq!(files[0].label, "--profile");
    }

    #[test]
    fn fhir_options() {
        let Ok(Command::Fhir {
            local_offset,
            pretty,
            files,
        }) = run(&["fhir", "--local-offset=-05:00", "--pretty", "a", "-"])
        else {
            panic!("expected fhir");
        };
        assert_eq!(local_offset, Some(-300));
        assert!(pretty);
        assert_eq!(files.len(), 2);
        assert_eq!(parse_offset("+0530").unwrap(), 330);
        assert_eq!(parse_offset("+14:00").unwrap(), 840);
        assert_eq!(parse_offset("-00:00").unwrap(), 0);
        let Ok(Command::FromFhir { args, files }) = run(&[
            "from-fhir",
            "--sending-application",
            "MYEHR^2.16.840.1.113883.3.72^ISO",
            "--query-profile=Z34",
            "--control-id",
            "C1",
            "--lf",
            "b.json",
        ]) else {
            panic!("expected from-fhir");
        };
        assert_eq!(
            args.opts.sending_application.as_deref(),
            Some("MYEHR^2.16.840.1.113883.3.72^ISO")
        );
        assert_eq!(args.opts.query_profile.as_deref(), Some("Z34"));
        assert_eq!(args.opts.control_id.as_deref(), Some("C1"));
        assert!(args.lf);
        assert_eq!(args.opts.timestamp, None);
        assert_eq!(files[0].label, "b.json");
    }

    #[test]
    fn route_and_redact_options() {
        let Ok(Command::Route {
            router,
            json,
            reveal,
            hl7,
            lf,
            files,
        }) = run(&["route", "--json", "a.hl7", "--reveal"])
        else {
            panic!("expected route");
        };
        assert_eq!(router.files, (None, None));
        assert!(json && reveal && !hl7 && !lf);
        assert_eq!(files[0].label, "a.hl7");
        let Ok(Command::Redact { lf, files }) = run(&["redact", "--lf", "-"]) else {
            panic!("expected redact");
        };
        assert!(lf);
        assert!(files[0].is_stdin());
    }

    #[test]
    fn usage_errors() {
        assert!(run(&[]).is_err());
        assert!(run(&["frobnicate"]).is_err());
        assert!(run(&["fmt"]).is_err());
        assert!(run(&["fmt", "--json", "a"]).is_err());
        assert!(run(&["validate", "--profile"]).is_err());
        assert!(run(&["validate", "--profile=", "a"]).is_err());
        assert!(run(&["validate", "--profile", "Z99", "a"]).is_err());
        assert!(run(&["validate", "--today", "2026-13-01", "a"]).is_err());
        assert!(run(&["validate", "--lf", "a"]).is_err());
        assert!(run(&["ack", "--json", "a"]).is_err());
        assert!(run(&["route"]).is_err());
        assert!(run(&["route", "--policy", "/nonexistent/policy.json", "a"]).is_err());
        assert!(run(&["route", "--profile", "Z22", "a"]).is_err());
        assert!(run(&["redact", "--json", "a"]).is_err());
        assert!(run(&["fhir"]).is_err());
        assert!(run(&["fhir", "--json", "a"]).is_err());
        assert!(run(&["fhir", "--local-offset", "5", "a"]).is_err());
        assert!(run(&["fhir", "--local-offset", "+15:00", "a"]).is_err());
        assert!(run(&["fhir", "--local-offset", "-05:60", "a"]).is_err());
        assert!(run(&["from-fhir", "--query-profile", "Z22", "a"]).is_err());
        assert!(run(&["from-fhir", "--pretty", "a"]).is_err());
        assert!(run(&["from-fhir"]).is_err());
        assert!(run(&["get", "PID-5.1"]).is_err());
        assert!(run(&["get", "PID-5.1,pid-5", "a"]).is_err());
        assert!(run(&["get", "PID-5.1,", "a"]).is_err());
        assert_eq!(
            run(&["fmt", "-"]).unwrap(),
            Command::Fmt {
                files: vec![FileArg::new("-".into())]
            }
        );
    }
}
