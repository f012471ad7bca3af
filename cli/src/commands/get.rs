//! `izkit get [--json] PATHS FILE...`: the values at some paths, one line per message and path.
//!
//! TSV (default): `FILE<TAB>MESSAGE<TAB>PATH<TAB>VALUE`, with the value decoded (escapes
//! resolved, raw text for a composite such as `PID-5`) and empty when absent; the value and the
//! file name are TSV-escaped (see [`crate::output`]). With `--json`, JSON Lines:
//! `{"file":"x.hl7","message":1,"path":"PID-5.1","value":"DOE"}`, value `null` when absent.
//! PATH is echoed as the user wrote it. A malformed message prints no lines (it is reported
//! on stderr).

use crate::args::{FileArg, PathArg};
use crate::input::{self, Outcome, ParseMode, Piece};
use crate::output;
use serde::Serialize;
use std::io::{self, Write};

/// One JSON line.
#[derive(Serialize)]
struct Line<'a> {
    file: &'a str,
    message: usize,
    path: &'a str,
    value: Option<&'a str>,
}

/// Runs `get` over `files`, writing to `out`.
pub fn run(
    json: bool,
    paths: &[PathArg],
    files: &[FileArg],
    out: &mut impl Write,
) -> io::Result<Outcome> {
    input::for_each(files, ParseMode::Lazy, |file, piece| {
        let Piece::Message {
            number,
            message: Some(msg),
            ..
        } = piece
        else {
            return Ok(());
        };
        for p in paths {
            let value = msg.query(&p.path).and_then(|n| n.value());
            if json {
                let line = Line {
                    file: &file.label,
                    message: number,
                    path: &p.text,
                    value: value.as_deref(),
                };
                serde_json::to_writer(&mut *out, &line).map_err(io::Error::from)?;
                out.write_all(b"\n")?;
            } else {
                output::write_tsv(out, &file.label)?;
                write!(out, "\t{number}\t")?;
                output::write_tsv(out, &p.text)?;
                out.write_all(b"\t")?;
                output::write_tsv(out, value.as_deref().unwrap_or(""))?;
                out.write_all(b"\n")?;
            }
        }
        Ok(())
    })
}
