//! Writing v2 segments straight into one `String`, without the path-based builder (which
//! would look every field up again): [`Seg`] writes a value at a field / repetition /
//! component / subcomponent and emits the separators before it only when a value follows, so
//! no trailing empty field, component or repetition is ever written. Also the deterministic
//! ids (FNV-1a) and the current time for `MSH-7`.

use crate::conformance::{push_escaped, push_num, push_raw, Esc};
use crate::Delimiters;
use std::sync::OnceLock;

/// The escaping table for the delimiters every message izkit writes from FHIR uses
/// (`|^~\&`), built once.
fn esc() -> &'static Esc {
    static ESC: OnceLock<Esc> = OnceLock::new();
    ESC.get_or_init(|| Esc::new(Delimiters::default()))
}

/// One segment being written. Positions are HL7's: field `n` (1-based), repetition (0-based
/// here), component and subcomponent (1-based). Values must be written in order; a value
/// written "before" the current position is simply appended there.
pub(super) struct Seg<'o> {
    out: &'o mut String,
    /// Where the text written so far ends.
    at: Pos,
    /// Where the next value goes.
    to: Pos,
    /// Something was written in the target repetition (so [`Seg::next_rep`] moves on).
    wrote_rep: bool,
}

#[derive(Clone, Copy)]
struct Pos {
    field: u16,
    rep: u16,
    comp: u16,
    sub: u16,
}

impl Pos {
    const START: Pos = Pos {
        field: 0,
        rep: 0,
        comp: 1,
        sub: 1,
    };
}

impl<'o> Seg<'o> {
    /// Starts segment `id` (not MSH).
    pub(super) fn new(out: &'o mut String, id: &str) -> Seg<'o> {
        out.push_str(id);
        Seg {
            out,
            at: Pos::START,
            to: Pos::START,
            wrote_rep: false,
        }
    }

    /// Starts an MSH: `MSH|^~\&`, positioned after MSH-2.
    pub(super) fn msh(out: &'o mut String) -> Seg<'o> {
        out.push_str("MSH|^~\\&");
        let at = Pos {
            field: 2,
            ..Pos::START
        };
        Seg {
            out,
            at,
            to: at,
            wrote_rep: false,
        }
    }

    /// The next values go to field `n`, first repetition, component 1.
    pub(super) fn field(&mut self, n: u16) -> &mut Self {
        self.to = Pos {
            field: n,
            ..Pos::START
        };
        self.wrote_rep = false;
        self
    }

    /// The next values go to the next repetition of the field, if anything was written in the
    /// current one (so repetitions with nothing in them are not written).
    pub(super) fn next_rep(&mut self) -> &mut Self {
        if self.wrote_rep {
            self.to.rep += 1;
            self.to.comp = 1;
            self.to.sub = 1;
            self.wrote_rep = false;
        }
        self
    }

    /// The next values go to component `n` (subcomponent 1).
    pub(super) fn comp(&mut self, n: u16) -> &mut Self {
        self.to.comp = n;
        self.to.sub = 1;
        self
    }

    /// The next values go to subcomponent `n` of the current component.
    pub(super) fn sub(&mut self, n: u16) -> &mut Self {
        self.to.sub = n;
        self
    }

    /// Writes the separators between the written text and the target position.
    fn sync(&mut self) {
        let (at, to) = (&mut self.at, self.to);
        if to.field > at.field {
            push_n(self.out, '|', to.field - at.field);
            *at = Pos {
                field: to.field,
                ..Pos::START
            };
        }
        if to.field == at.field {
            if to.rep > at.rep {
                push_n(self.out, '~', to.rep - at.rep);
                at.rep = to.rep;
                at.comp = 1;
                at.sub = 1;
            }
            if to.rep == at.rep {
                if to.comp > at.comp {
                    push_n(self.out, '^', to.comp - at.comp);
                    at.comp = to.comp;
                    at.sub = 1;
                }
                if to.comp == at.comp && to.sub > at.sub {
                    push_n(self.out, '&', to.sub - at.sub);
                    at.sub = to.sub;
                }
            }
        }
        self.wrote_rep = true;
    }

    /// Writes text (escaped) at the target position; nothing when empty.
    pub(super) fn text(&mut self, v: &str) -> &mut Self {
        if !v.is_empty() {
            self.sync();
            push_escaped(self.out, v, esc());
        }
        self
    }

    /// Writes a number at the target position.
    pub(super) fn num(&mut self, n: u32) -> &mut Self {
        self.sync();
        push_num(self.out, n);
        self
    }

    /// [`Seg::text`] of an optional value.
    pub(super) fn opt(&mut self, v: Option<&str>) -> &mut Self {
        if let Some(v) = v {
            self.text(v);
        }
        self
    }

    /// Writes text that is already escaped or needs no escaping (codes izkit makes).
    pub(super) fn lit(&mut self, v: &str) -> &mut Self {
        if !v.is_empty() {
            self.sync();
            self.out.push_str(v);
        }
        self
    }

    /// Writes raw HL7 text (an HD or TS from the options): its components stay components;
    /// only a field separator or a control character, which would break the segment, is
    /// escaped.
    pub(super) fn raw(&mut self, v: &str) -> &mut Self {
        if !v.is_empty() {
            self.sync();
            push_raw(self.out, v, esc());
        }
        self
    }

    /// Ends the segment (CR).
    pub(super) fn end(self) {
        self.out.push('\r');
    }
}

fn push_n(out: &mut String, c: char, n: u16) {
    for _ in 0..n {
        out.push(c);
    }
}

/// FNV-1a, 64 bits: the deterministic ids (`MSH-10`, `ORC-3`, `QPD-2`) hash what they
/// identify, so the same input always gives the same message.
#[derive(Clone, Copy)]
pub(super) struct Fnv(u64);

impl Fnv {
    pub(super) fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    pub(super) fn bytes(mut self, bytes: &[u8]) -> Fnv {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self
    }

    /// The hash as 16 upper-case hex digits.
    pub(super) fn hex(self) -> [u8; 16] {
        let mut out = [b'0'; 16];
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = b"0123456789ABCDEF"[((self.0 >> (60 - 4 * i)) & 15) as usize];
        }
        out
    }
}

/// The hex digits of [`Fnv::hex`] as text.
pub(super) fn hex_str(h: &[u8; 16]) -> &str {
    // Only ASCII hex digits are ever written into the array.
    std::str::from_utf8(h).unwrap_or("0000000000000000")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_only_before_values() {
        let mut s = String::new();
        let mut w = Seg::new(&mut s, "PID");
        w.field(1).lit("1");
        w.field(3)
            .text("12|3")
            .comp(4)
            .sub(1)
            .text("A")
            .sub(2)
            .text("1.2")
            .sub(3)
            .lit("ISO");
        w.comp(5).text("MR");
        w.next_rep().text("");
        w.next_rep().text("9");
        w.field(5).text("").comp(3).text("");
        w.field(7).comp(2).text("x").comp(9).text("");
        w.end();
        assert_eq!(s, "PID|1||12\\F\\3^^^A&1.2&ISO^MR~9||||^x\r");
    }

    #[test]
    fn raw_keeps_components() {
        let mut s = String::new();
        let mut w = Seg::msh(&mut s);
        w.field(3).raw("A^1.2^ISO").field(4).raw("B|C\n");
        w.end();
        assert_eq!(s, "MSH|^~\\&|A^1.2^ISO|B\\F\\C\\X0A\\\r");
    }

    #[test]
    fn fnv_is_stable() {
        assert_eq!(hex_str(&Fnv::new().bytes(b"a").hex()), "AF63DC4C8601EC8C");
    }
}
