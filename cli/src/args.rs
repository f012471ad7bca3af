//! Command-line argument parsing, by hand (no argument-parsing crate, to keep the build small).
//!
//! Grammar:
//!
//! ```text
//! izkit fmt FILE...
//! izkit get [--json] PATHS FILE...
//! izkit parse [--json] FILE...
//! izkit help | --help | -h
//! izkit --version | -V
//! ```
//!
//! Options may appear anywhere after the command; `--` ends the options, so a file named
//! `--json` can still be read (`izkit parse -- --json`). A lone `-` is a file: standard input.
//! Arguments are taken as `OsString`s so file names that are not UTF-8 still open; they are
//! shown (in output and error lines) converted lossily.

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
}

/// A usage error: the message to print before the usage text (exit status 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

/// The arguments after the command, split into options and positionals.
struct Split {
    json: bool,
    help: bool,
    positional: Vec<OsString>,
}

fn split(
    cmd: &str,
    rest: impl Iterator<Item = OsString>,
    allows_json: bool,
) -> Result<Split, UsageError> {
    let mut out = Split {
        json: false,
        help: false,
        positional: Vec::new(),
    };
    let mut options_done = false;
    for arg in rest {
        if options_done {
            out.positional.push(arg);
            continue;
        }
        match arg.to_str() {
            Some("--") => options_done = true,
            Some("--json") if allows_json => out.json = true,
            Some("--help" | "-h") => out.help = true,
            Some(s) if s.starts_with('-') && s != "-" => {
                return Err(UsageError(format!("{cmd}: unknown option '{s}'")));
            }
            _ => out.positional.push(arg),
        }
    }
    Ok(out)
}

fn files(cmd: &str, args: Vec<OsString>) -> Result<Vec<FileArg>, UsageError> {
    if args.is_empty() {
        return Err(UsageError(format!(
            "{cmd}: missing FILE (use - for standard input)"
        )));
    }
    Ok(args.into_iter().map(FileArg::new).collect())
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
            let s = split(cmd, args, false)?;
            if s.help {
                return Ok(Command::Help);
            }
            Ok(Command::Fmt {
                files: files(cmd, s.positional)?,
            })
        }
        "get" => {
            let s = split(cmd, args, true)?;
            if s.help {
                return Ok(Command::Help);
            }
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
                json: s.json,
                paths,
                files: files(cmd, pos.collect())?,
            })
        }
        "parse" => {
            let s = split(cmd, args, true)?;
            if s.help {
                return Ok(Command::Help);
            }
            Ok(Command::Parse {
                json: s.json,
                files: files(cmd, s.positional)?,
            })
        }
        "validate" | "ack" | "fhir" | "route" => Err(UsageError(format!(
            "'{cmd}' is not available yet in this version"
        ))),
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
    fn usage_errors() {
        assert!(run(&[]).is_err());
        assert!(run(&["frobnicate"]).is_err());
        assert!(run(&["fmt"]).is_err());
        assert!(run(&["fmt", "--json", "a"]).is_err());
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
