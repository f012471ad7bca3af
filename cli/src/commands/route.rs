//! `izkit route [--policy FILE] [--jurisdictions FILE] [--json] [--reveal] [--hl7] [--lf] FILE...`: the
//! Share decisions of every message — which IIS jurisdictions get it, which are denied, or why
//! it is held — made by [`izkit::route::Router`] (see `docs/ROUTING.md`).
//!
//! The policy (`--policy`, JSON; default: the built-in Share policy) and the jurisdictions table
//! (`--jurisdictions`, CSV; default: the built-in one) are loaded and checked once, before any
//! message is read; a policy that does not load is a usage error (exit 2) naming the place in
//! the file.
//!
//! `--json`: JSON Lines, one per message, `{"file","message","decisions":[{"destination",
//! "action","reasons","rules","hl7"}],"facts":{...}}` — `hl7` is the message as that destination
//! receives it (after its transformations), only for `send`; a held message has one decision
//! with `"destination": null`. Without `--json`: one line per decision,
//! `FILE: message N: ACTION DESTINATION: REASON; REASON`; with `--hl7`, each send line is
//! followed by the message as sent (segments ended by CR, as `ack` writes; `--lf` for a
//! terminal).
//!
//! Traces never hold patient data unless `--reveal` is given (then derived facts may show
//! address parts such as the city; names, dates and identifiers never). A malformed message, or
//! one whose transformation fails, is reported on stderr and sets exit status 1.

use crate::args::FileArg;
use crate::input::{self, Outcome, ParseMode, Piece};
use crate::output;
use izkit::route::{Action, RouteOptions, Router, Routing};
use serde::Serialize;
use std::io::{self, Write};

/// One JSON line: where the message came from, then the routing.
#[derive(Serialize)]
struct Line<'a> {
    file: &'a str,
    message: usize,
    #[serde(flatten)]
    routing: &'a Routing,
}

/// What `route` was asked for besides the inputs.
pub struct RouteArgs<'a> {
    /// The compiled policy and jurisdictions.
    pub router: &'a Router,
    /// JSON Lines.
    pub json: bool,
    /// Let traces show address parts.
    pub reveal: bool,
    /// Text output: print each message as sent after its send line.
    pub hl7: bool,
    /// Segments ended by LF (text output).
    pub lf: bool,
}

/// Runs `route` over `files`, writing to `out`.
pub fn run(a: &RouteArgs<'_>, files: &[FileArg], out: &mut impl Write) -> io::Result<Outcome> {
    let opts = RouteOptions {
        reveal: a.reveal,
        ..RouteOptions::default()
    };
    let mut failed = false;
    let mut outcome = input::for_each(files, ParseMode::Indexed, |file, piece| {
        let Piece::Message {
            number,
            item,
            message: Some(msg),
        } = piece
        else {
            return Ok(());
        };
        let routing = match a.router.route(msg, &opts) {
            Ok(r) => r,
            Err(e) => {
                input::report(file, number, item.offset + e.offset, &e);
                failed = true;
                return Ok(());
            }
        };
        if a.json {
            let line = Line {
                file: &file.label,
                message: number,
                routing: &routing,
            };
            serde_json::to_writer(&mut *out, &line).map_err(io::Error::from)?;
            return out.write_all(b"\n");
        }
        for d in &routing.decisions {
            let action = match d.action {
                Action::Send => "send",
                Action::Deny => "deny",
                Action::Hold => "hold",
            };
            writeln!(
                out,
                "{}: message {number}: {action} {}: {}",
                file.label,
                d.destination.as_deref().unwrap_or("-"),
                d.reasons.join("; ")
            )?;
            if let (true, Some(hl7)) = (a.hl7, &d.hl7) {
                output::write_message(out, hl7, a.lf)?;
            }
        }
        Ok(())
    })?;
    outcome.invalid |= failed;
    Ok(outcome)
}

/// Loads `--policy` and `--jurisdictions` into a router, or says what is wrong (usage error).
pub fn router(policy: Option<&str>, jurisdictions: Option<&str>) -> Result<Router, String> {
    let read = |opt: &str, path: &str| {
        std::fs::read_to_string(path).map_err(|e| format!("route: {opt} {path}: {e}"))
    };
    let policy_text = policy.map(|p| read("--policy", p)).transpose()?;
    let table_text = jurisdictions
        .map(|p| read("--jurisdictions", p))
        .transpose()?;
    Router::from_texts(policy_text.as_deref(), table_text.as_deref()).map_err(|e| {
        // Name the file at fault: a table error is the jurisdictions file's, the rest the policy's.
        let file = match (&e.kind, jurisdictions, policy) {
            (izkit::ErrorKind::TableLoad { .. }, Some(path), _) => {
                format!("--jurisdictions {path}")
            }
            (_, _, Some(path)) => format!("--policy {path}"),
            _ => "the built-in policy".to_string(),
        };
        format!("route: {file}: {}", e.kind)
    })
}
