//! `izkit parse [--json] FILE...`: every message as a tree.
//!
//! With `--json`, JSON Lines, one message per line:
//!
//! ```text
//! {"file":"x.hl7","message":1,"segments":[{"id":"PID","fields":[[[["1"]]],[[[""]]],...]}]}
//! ```
//!
//! Each field is a list of repetitions, each repetition a list of components, each component a
//! list of subcomponent strings (escapes decoded, `""` when empty). MSH-1 and MSH-2 are single
//! leaves: `[[["|"]]]` and `[[["^~\\&"]]]`. Field lists start at field 1 (MSH-1 for MSH).
//!
//! Without `--json`, an indented text tree: a line `FILE: message N`, then for each segment a
//! line with its path (`  PID`, `  RXA[2]`), then one line per non-empty leaf,
//! `    PATH<TAB>VALUE`, where PATH is the canonical path of the leaf as
//! [`izkit::Message::locate`] names it (as deep as the message structures it: `PID-7` for a
//! plain field, `PID-5.1` in a composite, `PID-3[2].4.1` for a subcomponent of a second
//! repetition) and VALUE is decoded and TSV-escaped (see [`crate::output`]). Empty leaves are
//! left out. A malformed message is reported on stderr and prints nothing.

use crate::args::FileArg;
use crate::input::{self, Outcome, ParseMode, Piece};
use crate::output::{self, write_json_str};
use izkit::{Message, Path, Segment};
use std::io::{self, Write};

/// Runs `parse` over `files`, writing to `out`.
pub fn run(json: bool, files: &[FileArg], out: &mut impl Write) -> io::Result<Outcome> {
    input::for_each(files, ParseMode::Indexed, |file, piece| {
        let Piece::Message {
            number,
            message: Some(msg),
            ..
        } = piece
        else {
            return Ok(());
        };
        if json {
            write_json(out, &file.label, number, msg)
        } else {
            write_text(out, &file.label, number, msg)
        }
    })
}

/// Writes one segment as `{"id":…,"fields":[…]}`, streaming (no tree is built in memory).
fn write_segment_json(out: &mut impl Write, seg: &Segment<'_>) -> io::Result<()> {
    out.write_all(b"{\"id\":")?;
    write_json_str(out, seg.id())?;
    out.write_all(b",\"fields\":[")?;
    for (fi, field) in seg.fields().enumerate() {
        if fi > 0 {
            out.write_all(b",")?;
        }
        out.write_all(b"[")?;
        for (ri, rep) in field.repetitions().enumerate() {
            if ri > 0 {
                out.write_all(b",")?;
            }
            out.write_all(b"[")?;
            for (ci, comp) in rep.components().enumerate() {
                if ci > 0 {
                    out.write_all(b",")?;
                }
                out.write_all(b"[")?;
                for (si, sub) in comp.subcomponents().enumerate() {
                    if si > 0 {
                        out.write_all(b",")?;
                    }
                    write_json_str(out, sub.value().as_deref().unwrap_or(""))?;
                }
                out.write_all(b"]")?;
            }
            out.write_all(b"]")?;
        }
        out.write_all(b"]")?;
    }
    out.write_all(b"]}")
}

fn write_json(
    out: &mut impl Write,
    file: &str,
    number: usize,
    msg: &Message<'_>,
) -> io::Result<()> {
    out.write_all(b"{\"file\":")?;
    write_json_str(out, file)?;
    write!(out, ",\"message\":{number},\"segments\":[")?;
    for (i, seg) in msg.segments().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        write_segment_json(out, &seg)?;
    }
    out.write_all(b"]}\n")
}

fn write_text(
    out: &mut impl Write,
    file: &str,
    number: usize,
    msg: &Message<'_>,
) -> io::Result<()> {
    output::write_tsv(out, file)?;
    writeln!(out, ": message {number}")?;
    for seg in msg.segments() {
        writeln!(
            out,
            "  {}",
            Path::new(seg.id()).occurrence(seg.occurrence())
        )?;
        for field in seg.fields() {
            for (path, sub) in field.leaves() {
                let Some(value) = sub.value() else { continue };
                write!(out, "    {path}\t")?;
                output::write_tsv(out, &value)?;
                out.write_all(b"\n")?;
            }
        }
    }
    Ok(())
}
