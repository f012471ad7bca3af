//! The ACK writer: [`build_ack`] / [`write_ack`] write the text straight into one `String`
//! (the fast path), [`model`] gives the same answer as an [`Acknowledgement`]. Both take
//! their decisions from the same helpers here, and the tests check that reading what the
//! first writes gives the second.

use super::text::{
    into_owned, push_erl, push_escaped, push_msh_start, push_num, push_qpd, push_raw, qpd_text,
    sanitized, trim_trailing, usable, Esc,
};
use super::{
    AckCode, AckError, Acknowledgement, MessageType, QueryAck, QueryStatus, HL70357, HL70533,
};
use crate::conformance::{app_error, hl7_error, Finding, Severity};
use crate::v2::{escape, Delimiters, Message, OwnedMessage};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

/// How [`build_ack`] fills the parts of the ACK that do not follow from the message.
///
/// Every field is optional; `AckOptions::default()` gives a conforming ACK with a new control
/// id and the current time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AckOptions {
    /// `MSH-10` of the ACK (text; escaped when written). Default: a new id of 20 digits, the
    /// ACK's `MSH-7` to the second (`YYYYMMDDHHMMSS`) and a 6-digit process-wide counter that
    /// starts at a random value, never equal to the acknowledged message's `MSH-10`. Give one
    /// for deterministic output.
    pub control_id: Option<String>,
    /// `MSH-7` of the ACK (raw TS; the IG's TS_Z needs seconds and an offset:
    /// `20240102120000-0500`). Default: the current UTC time, `YYYYMMDDHHMMSS+0000`. On
    /// `wasm32-unknown-unknown`, where the standard library has no clock, the default is the
    /// acknowledged message's `MSH-7`: the WASM binding passes the JavaScript time here.
    pub timestamp: Option<String>,
    /// `MSH-3` of the ACK (raw HD). Default: the message's `MSH-5`.
    pub sending_application: Option<String>,
    /// `MSH-4` of the ACK (raw HD). Default: the message's `MSH-6`.
    pub sending_facility: Option<String>,
    /// With no findings at all, write one `ERR|||0^Message accepted^HL70357|I` (as some IIS
    /// do; App. A §5 shows it). Default: no ERR.
    pub accepted_err: bool,
    /// At most this many ERR segments (the most severe are kept: ERRs are written errors
    /// first, then warnings, then information). Default: no limit (the RSP Z33 always has at
    /// most one).
    pub max_errors: Option<usize>,
}

/// Builds the acknowledgement of `msg` for its validation `findings`, as the CDC IG asks:
///
/// - **`MSA-1`** ([`AckCode::from_findings`]): `AR` when an error has HL7 code 200-203
///   (unsupported message type, event, processing id or version), else `AE` when there is any
///   error, else `AA`. `MSA-2` echoes `MSH-10`.
/// - **One ERR per finding**, errors first, then warnings, then information (each in the
///   order given), up to [`AckOptions::max_errors`]: `ERR-2` the location as ERL (`RXA^1^5^1^1`:
///   a field location names its repetition; empty when the finding has none), `ERR-3`
///   `code^text^HL70357` (the text from [`hl7_error::text`]), `ERR-4` `E`/`W`/`I`, `ERR-5`
///   `code^text^HL70533` when the finding has an application code, `ERR-7` the finding's rule
///   id (`IZ-43`, `izkit:rxa-3-future`; the Z23 profile allows this optional field, and it
///   lets a help desk find the rule that fired), `ERR-8` the finding's text. With no
///   findings, no ERR (or the "accepted" one, see [`AckOptions::accepted_err`]).
/// - **MSH**: `MSH-3`/`MSH-4` = the message's `MSH-5`/`MSH-6` and the reverse (raw, as
///   sent), `MSH-22`/`MSH-23` swapped the same way when present; `MSH-7` and `MSH-10` from
///   [`AckOptions`]; `MSH-9` = `ACK^V04^ACK` for a VXU, `ACK^Q11^ACK` for a QBP,
///   `ACK^<MSH-9.2>^ACK` for anything else; `MSH-11` = the message's when it is `P`, `D` or `T` (else `P`); `MSH-12` =
///   `2.5.1`; `MSH-15`/`MSH-16` = `NE`; `MSH-21` = `Z23^CDCPHINVS`.
/// - **A QBP answered `AE`** gets the RSP Z33 instead: `RSP^K11^RSP_K11`, `Z33^CDCPHINVS`,
///   `MSA-1` `AE`, one ERR (the first error: ERR is `[0..1]` in the RSP profiles), `QAK` =
///   `QPD-2^AE^QPD-1` (raw), and the message's QPD unchanged (none when it has none). A QBP
///   answered `AR` (first-level check failed) or `AA` gets `ACK^Q11^ACK`: izkit does not run
///   queries, so for a good query the caller builds the RSP.
///
/// The ACK uses the message's delimiters. Everything written is escaped (raw HL7 such as an
/// HD only where a field separator or control character would break the segment), so the
/// ACK always parses, and reading it with [`Acknowledgement::read`] gives
/// [`Acknowledgement::from_findings`] for the same options (when they fix the control id and
/// time).
pub fn build_ack(msg: &Message<'_>, findings: &[Finding], opts: &AckOptions) -> OwnedMessage {
    let mut s = String::new();
    let d = write(msg, findings, opts, &mut s);
    into_owned(&s, d)
}

/// [`build_ack`], appending the text (segments ending in CR) to `out`: the fastest way to an
/// ACK's bytes.
pub fn write_ack(msg: &Message<'_>, findings: &[Finding], opts: &AckOptions, out: &mut String) {
    write(msg, findings, opts, out);
}

/// [`write_ack`], returning the delimiters it wrote with.
fn write(
    msg: &Message<'_>,
    findings: &[Finding],
    opts: &AckOptions,
    out: &mut String,
) -> Delimiters {
    let inc = Incoming::read(msg);
    let d = inc.d;
    let e = Esc::new(d);
    let plan = Plan::new(&inc, findings, opts);
    let (fs, cs) = (d.field as char, d.component as char);

    let selected = plan.selected(findings);
    let estimate = 160
        + inc.msh_len
        + inc.qpd.map_or(0, str::len)
        + selected
            .clone()
            .map(|f| 72 + f.text.len() + f.rule.as_ref().map_or(0, String::len))
            .sum::<usize>();
    out.reserve(estimate);

    // MSH
    let start = out.len();
    push_msh_start(out, &d);
    for hd in [
        opts.sending_application
            .as_deref()
            .unwrap_or(inc.receiving_application),
        opts.sending_facility
            .as_deref()
            .unwrap_or(inc.receiving_facility),
        inc.sending_application,
        inc.sending_facility,
    ] {
        out.push(fs);
        push_raw(out, hd, &e);
    }
    out.push(fs);
    let ts_at = out.len();
    push_timestamp(out, &inc, opts, &e);
    let digits = ts_digits(&out[ts_at..]);
    out.push(fs); // MSH-8
    out.push(fs);
    if plan.rsp {
        out.push_str("RSP");
        out.push(cs);
        out.push_str("K11");
        out.push(cs);
        // `_` (and `.` in 2.5.1 below) may be a delimiter of this message.
        push_escaped(out, "RSP_K11", &e);
    } else {
        out.push_str("ACK");
        out.push(cs);
        out.push_str(plan.event);
        out.push(cs);
        out.push_str("ACK");
    }
    out.push(fs);
    match opts.control_id.as_deref() {
        Some(id) => push_escaped(out, id, &e),
        None => {
            for b in new_control_id(digits, inc.control_id) {
                out.push(b as char);
            }
        }
    }
    out.push(fs);
    push_raw(out, inc.processing_id(), &e);
    out.push(fs);
    push_escaped(out, "2.5.1", &e);
    for p in ["", "", "NE", "NE", "", "", "", ""] {
        out.push(fs);
        out.push_str(p);
    }
    out.push(fs);
    out.push_str(plan.profile());
    out.push(cs);
    out.push_str("CDCPHINVS");
    for org in [inc.receiving_organization, inc.sending_organization] {
        out.push(fs);
        push_raw(out, org, &e);
    }
    trim_trailing(out, start + 3, d.field);
    out.push('\r');

    // MSA
    out.push_str("MSA");
    out.push(fs);
    out.push_str(plan.code.as_str());
    out.push(fs);
    push_raw(out, inc.control_id, &e);
    out.push('\r');

    // ERR
    for f in selected {
        push_finding(out, f, &e);
        out.push('\r');
    }
    if plan.accepted_err {
        out.push_str("ERR");
        out.push(fs);
        out.push(fs);
        out.push(fs);
        out.push('0');
        out.push(cs);
        out.push_str(hl7_error::text(hl7_error::ACCEPTED));
        out.push(cs);
        out.push_str(HL70357);
        out.push(fs);
        out.push('I');
        out.push('\r');
    }

    // QAK, QPD
    if plan.rsp {
        let start = out.len();
        out.push_str("QAK");
        out.push(fs);
        push_raw(out, inc.qpd_field(2), &e);
        out.push(fs);
        out.push_str(QueryStatus::Error.as_str());
        out.push(fs);
        push_raw(out, inc.qpd_field(1), &e);
        trim_trailing(out, start + 3, d.field);
        out.push('\r');
        if let Some(qpd) = inc.qpd {
            push_qpd(out, qpd, &d);
            out.push('\r');
        }
    }
    d
}

/// The ERR for one finding (see [`build_ack`]), without terminator; the same text as
/// [`AckError::from_finding`] written out, without allocating.
fn push_finding(out: &mut String, f: &Finding, e: &Esc) {
    let d = &e.d;
    let (fs, cs) = (d.field as char, d.component as char);
    let start = out.len();
    out.push_str("ERR");
    out.push(fs);
    out.push(fs);
    if let Some(loc) = &f.location {
        push_erl(out, loc, d, true);
    }
    out.push(fs);
    push_num(out, f.code);
    out.push(cs);
    // The tables' texts are letters and spaces, which no delimiter can be: no escaping.
    out.push_str(hl7_error::text(f.code));
    out.push(cs);
    out.push_str(HL70357);
    out.push(fs);
    out.push_str(f.severity.hl7_code());
    out.push(fs);
    if let Some(a) = f.app_code {
        push_num(out, a);
        out.push(cs);
        out.push_str(app_error::text(a));
        out.push(cs);
        out.push_str(HL70533);
    }
    out.push(fs); // ERR-6
    out.push(fs);
    if let Some(rule) = &f.rule {
        push_escaped(out, rule, e);
    }
    out.push(fs);
    push_escaped(out, &f.text, e);
    trim_trailing(out, start + 3, d.field);
}

/// [`build_ack`] as a model (see [`Acknowledgement::from_findings`]).
pub(super) fn model(msg: &Message<'_>, findings: &[Finding], opts: &AckOptions) -> Acknowledgement {
    let inc = Incoming::read(msg);
    let d = inc.d;
    let plan = Plan::new(&inc, findings, opts);
    let raw = |s: &str| (!s.is_empty()).then(|| sanitized(s, &d).into_owned());
    let decoded = |s: &str| escape::decode(&sanitized(s, &d), &d).into_owned();

    let mut timestamp = String::new();
    push_timestamp(&mut timestamp, &inc, opts, &Esc::new(d));
    let own_control_id = match &opts.control_id {
        Some(id) => id.clone(),
        None => new_control_id(ts_digits(&timestamp), inc.control_id)
            .iter()
            .map(|&b| b as char)
            .collect(),
    };
    let message_type = if plan.rsp {
        MessageType {
            code: "RSP".into(),
            event: Some("K11".into()),
            structure: Some("RSP_K11".into()),
        }
    } else {
        let event = escape::decode(plan.event, &d);
        MessageType {
            code: "ACK".into(),
            event: Some(event.trim().to_string()).filter(|e| !e.is_empty()),
            structure: Some("ACK".into()),
        }
    };
    let mut errors: Vec<AckError> = plan
        .selected(findings)
        .map(AckError::from_finding)
        .collect();
    if plan.accepted_err {
        errors.push(AckError {
            code: Some(hl7_error::ACCEPTED),
            code_text: Some(hl7_error::text(hl7_error::ACCEPTED).to_string()),
            code_system: Some(HL70357.to_string()),
            severity: Some(Severity::Information),
            ..AckError::default()
        });
    }
    let query = plan.rsp.then(|| QueryAck {
        tag: Some(decoded(inc.qpd_field(2))).filter(|t| !t.is_empty()),
        status: Some(QueryStatus::Error),
        query_name: raw(inc.qpd_field(1)),
        qpd: inc.qpd.map(|q| qpd_text(q, &d)),
    });
    Acknowledgement {
        code: plan.code,
        control_id: decoded(inc.control_id),
        text: None,
        message_type,
        profile: Some(plan.profile().to_string()),
        profile_namespace: Some("CDCPHINVS".into()),
        version: Some("2.5.1".into()),
        processing_id: raw(inc.processing_id()),
        sending_application: raw(opts
            .sending_application
            .as_deref()
            .unwrap_or(inc.receiving_application)),
        sending_facility: raw(opts
            .sending_facility
            .as_deref()
            .unwrap_or(inc.receiving_facility)),
        receiving_application: raw(inc.sending_application),
        receiving_facility: raw(inc.sending_facility),
        sending_organization: raw(inc.receiving_organization),
        receiving_organization: raw(inc.sending_organization),
        own_control_id,
        timestamp: raw(&timestamp),
        query,
        errors,
        delimiters: d,
    }
}

/// The parts of the acknowledged message the ACK copies, raw.
struct Incoming<'m> {
    d: Delimiters,
    msh_len: usize,
    sending_application: &'m str,
    sending_facility: &'m str,
    receiving_application: &'m str,
    receiving_facility: &'m str,
    timestamp: &'m str,
    /// `MSH-9.1` (decoded, trimmed) is `QBP`.
    is_qbp: bool,
    /// `MSH-9.1` is `VXU`.
    is_vxu: bool,
    /// `MSH-9.2`, trimmed.
    event: &'m str,
    control_id: &'m str,
    processing_id: &'m str,
    sending_organization: &'m str,
    receiving_organization: &'m str,
    /// The first QPD segment (read only for a QBP).
    qpd: Option<&'m str>,
}

impl<'m> Incoming<'m> {
    fn delimiters(msg: &Message<'_>) -> Delimiters {
        usable(msg.delimiters())
    }

    fn read(msg: &'m Message<'_>) -> Incoming<'m> {
        let d = Self::delimiters(msg);
        // Message::parse only accepts a message that starts with MSH.
        let msh = msg.segment_by_id("MSH", 1).map_or("MSH", |s| s.as_str());
        // MSH-n is piece n - 1 (MSH-1 is the separator itself).
        // One pass over the bytes: str::split (and memchr) cost a search call per field, and
        // an MSH has a field every few bytes.
        let mut f = [""; 23];
        let (mut k, mut from) = (0, 0);
        for (i, &b) in msh.as_bytes().iter().enumerate() {
            if b == d.field {
                // The field separator is ASCII: `i` is a character boundary.
                f[k] = &msh[from..i];
                k += 1;
                from = i + 1;
                if k == f.len() {
                    break;
                }
            }
        }
        if let Some(last) = f.get_mut(k) {
            *last = &msh[from..];
        }
        let mt = f[8].split(d.repetition as char).next().unwrap_or("");
        let mut mt = mt.split(d.component as char);
        // Decoded, as a reader would see it (`Q\H\BP` is `QBP`).
        let message_code = escape::decode(mt.next().unwrap_or(""), &d);
        let message_code = message_code.trim();
        let event = mt.next().unwrap_or("").trim();
        let qpd = message_code
            .eq_ignore_ascii_case("QBP")
            .then(|| msg.segment_by_id("QPD", 1).map(|s| s.as_str()))
            .flatten();
        Incoming {
            d,
            msh_len: msh.len(),
            sending_application: f[2],
            sending_facility: f[3],
            receiving_application: f[4],
            receiving_facility: f[5],
            timestamp: f[6],
            is_qbp: message_code.eq_ignore_ascii_case("QBP"),
            is_vxu: message_code.eq_ignore_ascii_case("VXU"),
            event,
            control_id: f[9],
            processing_id: f[10],
            sending_organization: f[21],
            receiving_organization: f[22],
            qpd,
        }
    }

    /// `MSH-11` when its processing id is one the IG allows (`P`, `D`, `T`, HL70103_IZ),
    /// else `P`: an ACK that rejects an unsupported processing id must not repeat it.
    fn processing_id(&self) -> &'m str {
        let id = self
            .processing_id
            .split(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or("");
        if matches!(id, "P" | "D" | "T") {
            self.processing_id
        } else {
            "P"
        }
    }

    /// Raw field `n` of the QPD; empty when there is none.
    fn qpd_field(&self, n: usize) -> &'m str {
        self.qpd
            .and_then(|q| q.split(self.d.field as char).nth(n))
            .unwrap_or("")
    }
}

/// What to answer, decided once for both writers.
struct Plan<'m> {
    code: AckCode,
    /// The RSP Z33 instead of the ACK.
    rsp: bool,
    /// `MSH-9.2` of the ACK (raw).
    event: &'m str,
    /// How many ERRs for findings.
    limit: usize,
    /// Write the "message accepted" ERR.
    accepted_err: bool,
}

impl<'m> Plan<'m> {
    fn new(inc: &Incoming<'m>, findings: &[Finding], opts: &AckOptions) -> Plan<'m> {
        let code = AckCode::from_findings(findings);
        let rsp = inc.is_qbp && code == AckCode::AE;
        let event = if inc.is_vxu {
            "V04"
        } else if inc.is_qbp {
            "Q11"
        } else {
            inc.event
        };
        let cap = opts.max_errors.unwrap_or(usize::MAX);
        Plan {
            code,
            rsp,
            event,
            limit: if rsp { cap.min(1) } else { cap },
            accepted_err: opts.accepted_err && findings.is_empty() && cap > 0,
        }
    }

    fn profile(&self) -> &'static str {
        if self.rsp {
            "Z33"
        } else {
            "Z23"
        }
    }

    /// The findings that get an ERR: errors, then warnings, then information (each in the
    /// order given), up to the limit. For the RSP (limit 1) that is the first error.
    fn selected<'f>(
        &self,
        findings: &'f [Finding],
    ) -> impl Iterator<Item = &'f Finding> + Clone + 'f {
        [Severity::Error, Severity::Warning, Severity::Information]
            .into_iter()
            .flat_map(move |s| findings.iter().filter(move |f| f.severity == s))
            .take(self.limit)
    }
}

/// Writes `MSH-7` of the ACK: the option, else the current UTC time, else (no clock) the
/// message's own `MSH-7`.
fn push_timestamp(out: &mut String, inc: &Incoming<'_>, opts: &AckOptions, e: &Esc) {
    match opts.timestamp.as_deref().filter(|t| !t.is_empty()) {
        Some(ts) => push_raw(out, ts, e),
        None => {
            let at = out.len();
            if !push_now(out) {
                push_raw(out, inc.timestamp, e);
            } else if !e.is_plain(&out[at..]) {
                // `+` is a legal delimiter; the time is text, so escape it then.
                let now = out.split_off(at);
                push_escaped(out, &now, e);
            }
        }
    }
}

/// Appends the current UTC time as a TS_Z (`YYYYMMDDHHMMSS+0000`); false when there is no
/// clock.
#[cfg(not(all(target_arch = "wasm32", not(target_os = "wasi"))))]
pub(crate) fn push_now(out: &mut String) -> bool {
    use chrono::{Datelike, Timelike};
    let Ok(since) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) else {
        return false;
    };
    let Some(t) = i64::try_from(since.as_secs())
        .ok()
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
    else {
        return false;
    };
    // By hand: the formatting machinery costs more than the rest of a small ACK.
    let year = u32::try_from(t.year()).unwrap_or(0);
    for (n, width) in [
        (year, 4),
        (t.month(), 2),
        (t.day(), 2),
        (t.hour(), 2),
        (t.minute(), 2),
        (t.second(), 2),
    ] {
        for p in (0..width).rev() {
            out.push(char::from(b'0' + (n / 10u32.pow(p) % 10) as u8));
        }
    }
    out.push_str("+0000");
    true
}

/// `wasm32-unknown-unknown` has no clock in the standard library (`SystemTime::now` panics).
#[cfg(all(target_arch = "wasm32", not(target_os = "wasi")))]
pub(crate) fn push_now(_out: &mut String) -> bool {
    false
}

/// The first 14 digits of a timestamp (`YYYYMMDDHHMMSS`), padded with `0`.
fn ts_digits(ts: &str) -> [u8; 14] {
    let mut out = [b'0'; 14];
    for (slot, b) in out
        .iter_mut()
        .zip(ts.bytes().filter(|b| b.is_ascii_digit()))
    {
        *slot = b;
    }
    out
}

/// Counter behind generated control ids; [`seed`] offsets it per process.
static NEXT_ID: AtomicU32 = AtomicU32::new(0);

/// A random start for the counter, so two processes started in the same second are unlikely
/// to hand out the same ids.
fn seed() -> u32 {
    static SEED: OnceLock<u32> = OnceLock::new();
    *SEED.get_or_init(|| {
        use std::hash::BuildHasher;
        // RandomState's keys are random per process (fixed where there is no randomness).
        std::collections::hash_map::RandomState::new().hash_one(0x5A23u32) as u32
    })
}

/// A new control id: the ACK's time to the second and 6 counter digits (20 characters, the
/// HL7 2.5.1 length of `MSH-10`), never the acknowledged message's own id.
fn new_control_id(ts: [u8; 14], incoming: &str) -> [u8; 20] {
    let mut id = [b'0'; 20];
    id[..14].copy_from_slice(&ts);
    loop {
        let mut n = seed().wrapping_add(NEXT_ID.fetch_add(1, Ordering::Relaxed)) % 1_000_000;
        for slot in id[14..].iter_mut().rev() {
            *slot = b'0' + (n % 10) as u8;
            n /= 10;
        }
        if id[..] != *incoming.as_bytes() {
            return id;
        }
    }
}

/// Private helpers exposed to the unit tests.
#[cfg(test)]
pub(super) mod tests_support {
    /// [`super::new_control_id`].
    pub fn new_control_id_for(ts: [u8; 14], incoming: &str) -> [u8; 20] {
        super::new_control_id(ts, incoming)
    }

    /// [`super::push_now`] as a string.
    pub fn now() -> String {
        let mut s = String::new();
        assert!(super::push_now(&mut s));
        s
    }
}
