//! `izkit validate [--profile ID] [--json] [--today YYYY-MM-DD] FILE...`: conformance findings
//! for every message, against the CDC IG R1.5 profiles (see [`izkit::conformance`]).
//!
//! Text (default): one line per finding, then a summary line per message:
//!
//! ```text
//! vxu.hl7: message 1: error 101 PID[1]-5: required field PID-5 (Patient Name) is missing
//! vxu.hl7: message 1: error 102/2 MSH[1]-7 [IZ-TS_Z]: IZ-TS_Z: The value of MSH-7.1 (Time) SHALL be formatted with YYYYMMDDHHMMSS+-ZZZZ.
//! vxu.hl7: message 1: Z22: 2 errors
//! ```
//!
//! A finding line is `FILE: message N: SEVERITY CODE[/APP] PATH [RULE]: TEXT`: the HL7 table
//! 0357 code, `/` and the CDC table 0533 application code when there is one, the izkit path
//! of the element (`-` for the message as a whole), the rule id in brackets when there is one,
//! and the text (built from the rule and the profile's element names, never from the message's
//! values). The summary names the profile (`-` when none could be chosen) and counts the
//! findings by severity, or says `no findings`.
//!
//! With `--json`, JSON Lines, one line per message:
//! `{"file","message","profile","findings":[{"severity","code","app_code","rule","location",
//! "path","text","range"}]}`, each finding as [`izkit::conformance::Finding`] serializes it.
//!
//! A malformed message is reported on stderr as by every command and prints nothing here.
//! The exit status is 1 when a message is malformed or has an error-severity finding.

use crate::args::{CheckArgs, FileArg};
use crate::input::{self, Outcome, ParseMode, Piece};
use crate::output;
use izkit::conformance::{Finding, Report, Severity, Validator};
use serde::Serialize;
use std::io::{self, Write};

/// The validator `--profile`, `--today`, `--profiles` and `--tables` ask for (all checked by
/// `args`).
pub fn validator(check: &CheckArgs) -> Validator {
    let v = match &check.loaded {
        Some(l) => Validator::new()
            .with_profiles(l.profiles.clone())
            .with_tables(l.tables.clone()),
        None => Validator::new(),
    };
    match check.today {
        Some(day) => v.with_today(day),
        None => v,
    }
}

/// Validates one message. The forced profile exists (checked by `args`), so the core cannot
/// refuse; should it, the refusal is reported as a finding-less empty report.
pub fn report(v: &Validator, check: &CheckArgs, msg: &izkit::Message<'_>) -> Report {
    v.validate(msg, check.profile.as_deref())
        .unwrap_or_else(|_| Report {
            profile: String::new(),
            findings: Vec::new(),
        })
}

/// One JSON line.
#[derive(Serialize)]
struct Line<'a> {
    file: &'a str,
    message: usize,
    profile: &'a str,
    findings: &'a [Finding],
}

/// `1 error, 2 warnings`, or `no findings`.
fn summary(findings: &[Finding]) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let parts: Vec<String> = [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Information, "information", "information"),
    ]
    .into_iter()
    .filter_map(|(s, one, many)| match count(s) {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {many}")),
    })
    .collect();
    if parts.is_empty() {
        "no findings".to_string()
    } else {
        parts.join(", ")
    }
}

fn write_text(out: &mut impl Write, file: &str, number: usize, r: &Report) -> io::Result<()> {
    for f in &r.findings {
        output::write_tsv(out, file)?;
        write!(
            out,
            ": message {number}: {} {}",
            f.severity.as_str(),
            f.code
        )?;
        if let Some(app) = f.app_code {
            write!(out, "/{app}")?;
        }
        let path = f.path();
        write!(out, " {}", if path.is_empty() { "-" } else { &path })?;
        if let Some(rule) = &f.rule {
            out.write_all(b" [")?;
            output::write_tsv(out, rule)?;
            out.write_all(b"]")?;
        }
        out.write_all(b": ")?;
        output::write_tsv(out, &f.text)?;
        out.write_all(b"\n")?;
    }
    output::write_tsv(out, file)?;
    let profile = if r.profile.is_empty() {
        "-"
    } else {
        &r.profile
    };
    writeln!(
        out,
        ": message {number}: {profile}: {}",
        summary(&r.findings)
    )
}

/// Runs `validate` over `files`, writing to `out`.
pub fn run(
    json: bool,
    check: &CheckArgs,
    files: &[FileArg],
    out: &mut impl Write,
) -> io::Result<Outcome> {
    let v = validator(check);
    let mut errors = false;
    let mut outcome = input::for_each(files, ParseMode::Lazy, |file, piece| {
        let Piece::Message {
            number,
            message: Some(msg),
            ..
        } = piece
        else {
            return Ok(());
        };
        let r = report(&v, check, msg);
        errors |= r.has_errors();
        if json {
            let line = Line {
                file: &file.label,
                message: number,
                profile: &r.profile,
                findings: &r.findings,
            };
            serde_json::to_writer(&mut *out, &line).map_err(io::Error::from)?;
            out.write_all(b"\n")
        } else {
            write_text(out, &file.label, number, &r)
        }
    })?;
    outcome.invalid |= errors;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use izkit::conformance::Location;

    #[test]
    fn summaries() {
        let f = |s| Finding::new(s, 101, None, String::new());
        assert_eq!(summary(&[]), "no findings");
        assert_eq!(
            summary(&[
                f(Severity::Error),
                f(Severity::Warning),
                f(Severity::Warning)
            ]),
            "1 error, 2 warnings"
        );
        assert_eq!(
            summary(&[f(Severity::Information), f(Severity::Information)]),
            "2 information"
        );
    }

    #[test]
    fn text_lines() {
        let r = Report {
            profile: "Z22".into(),
            findings: vec![
                Finding::new(
                    Severity::Error,
                    103,
                    Some(Location {
                        field: Some(8),
                        ..Location::segment("PID", 1)
                    }),
                    "Administrative Sex: code not in value set".into(),
                )
                .with_app_code(5)
                .with_rule("IZ-1"),
                Finding::new(Severity::Warning, 207, None, "whole message".into()),
            ],
        };
        let mut v = Vec::new();
        write_text(&mut v, "a\tb.hl7", 2, &r).unwrap();
        assert_eq!(
            String::from_utf8(v).unwrap(),
            "a\\tb.hl7: message 2: error 103/5 PID[1]-8 [IZ-1]: Administrative Sex: code not in value set\n\
             a\\tb.hl7: message 2: warning 207 -: whole message\n\
             a\\tb.hl7: message 2: Z22: 1 error, 1 warning\n"
        );
    }
}
