//! Writing output: the buffered stdout handle, TSV escaping and JSON strings.
//!
//! TSV values (and file names) are written with three escapes so every record stays on one line
//! and splits cleanly at tabs: tab as `\t`, line feed as `\n` and carriage return as `\r`.
//! Backslashes are written as they are: HL7 text is full of them (`^~\&`), and readers of
//! `cut -f4` should see MSH-2 as sent. JSON strings are escaped by `serde_json`.
//!
//! Every write returns `io::Result`; a broken pipe (`izkit get ... | head`) surfaces as
//! `ErrorKind::BrokenPipe`, which `main` turns into a quiet exit.

use std::io::{self, BufWriter, Write};

/// The output sink of every command.
pub type Out = BufWriter<io::StdoutLock<'static>>;

/// Buffered standard output.
pub fn stdout() -> Out {
    BufWriter::with_capacity(64 << 10, io::stdout().lock())
}

/// Writes `s` with TSV escapes (`\t`, `\n`, `\r`).
pub fn write_tsv(w: &mut impl Write, s: &str) -> io::Result<()> {
    let bytes = s.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &[u8] = match b {
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            _ => continue,
        };
        w.write_all(&bytes[from..i])?;
        w.write_all(esc)?;
        from = i + 1;
    }
    w.write_all(&bytes[from..])
}

/// Writes `s` as a JSON string (quoted and escaped).
pub fn write_json_str(w: &mut impl Write, s: &str) -> io::Result<()> {
    serde_json::to_writer(w, s).map_err(io::Error::from)
}

/// Writes one HL7 message as the core built it (segments ended by CR) followed by one LF, so
/// many messages read back with `izkit parse -`; with `lf`, segments end with LF and a blank
/// line follows, for reading on a terminal. Used by `ack` and `from-fhir`.
pub fn write_message(w: &mut impl Write, text: &str, lf: bool) -> io::Result<()> {
    if lf {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        w.write_all(text.as_bytes())?;
        // A blank line between messages.
        w.write_all(if text.ends_with('\n') { b"\n" } else { b"\n\n" })
    } else {
        w.write_all(text.as_bytes())?;
        w.write_all(b"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_escapes() {
        let mut v = Vec::new();
        write_tsv(&mut v, "a\tb\nc\rd\\e").unwrap();
        assert_eq!(v, b"a\\tb\\nc\\rd\\e");
        let mut v = Vec::new();
        write_json_str(&mut v, "a\"b\n").unwrap();
        assert_eq!(v, b"\"a\\\"b\\n\"");
    }

    #[test]
    fn messages_end_with_lf() {
        let mut v = Vec::new();
        write_message(&mut v, "MSH|^~\\&\rPID|1\r", false).unwrap();
        write_message(&mut v, "MSH|^~\\&\rPID|2\r", true).unwrap();
        assert_eq!(v, b"MSH|^~\\&\rPID|1\r\nMSH|^~\\&\nPID|2\n\n");
    }
}
