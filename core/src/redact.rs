//! Safe logging: [`redact`] keeps a message's control segments and its shape, and masks every
//! other value, so a message can go into a log or an error report without patient data.
//!
//! This is the allow-list approach of IZ Gateway's logging: MSH, MSA, QAK and ERR (and the
//! BHS/BTS/FHS/FTS batch envelopes) stay whole — they say who sent what and what went wrong,
//! not who the patient is. Every other segment keeps its id and every separator (field,
//! repetition, component, subcomponent) in place; each non-empty value between separators
//! becomes the fixed mask [`MASK`], whatever its length, so value lengths do not leak either.
//! Escape sequences are part of the value they sit in and are masked with it. Segment
//! terminators, a BOM and MLLP framing are kept, so the output parses as a message of the
//! same shape.

use crate::v2::{Delimiters, Message};

/// What every masked value becomes.
pub const MASK: &str = "***";

/// The mask for a message whose delimiters include `*` (legal, if rare): letters are never
/// delimiters, so this one cannot change the message's structure.
pub const MASK_ALT: &str = "XXX";

/// The mask used with delimiters `d`: [`MASK`], or [`MASK_ALT`] when `*` is one of them.
pub fn mask(d: &Delimiters) -> &'static str {
    let star = b'*';
    let used = [d.field, d.component, d.repetition, d.escape, d.subcomponent];
    if used.contains(&star) || d.truncation == Some(star) {
        MASK_ALT
    } else {
        MASK
    }
}

/// Segments kept whole.
const KEEP: &[&str] = &["MSH", "MSA", "QAK", "ERR", "BHS", "BTS", "FHS", "FTS"];

/// The message with every value masked, except in MSH, MSA, QAK, ERR and the batch envelopes
/// (see the module documentation).
///
/// ```
/// let msg = izkit::Message::parse("MSH|^~\\&|EHR|CLINIC\rPID|1||123^^^MR~456||DOE^JANE||20200101\r")?;
/// assert_eq!(izkit::redact(&msg), "MSH|^~\\&|EHR|CLINIC\rPID|***||***^^^***~***||***^***||***\r");
/// # Ok::<(), izkit::Error>(())
/// ```
pub fn redact(msg: &Message<'_>) -> String {
    let src = msg.as_str();
    let d = *msg.delimiters();
    let seps = [d.field, d.repetition, d.component, d.subcomponent];
    let masked = mask(&d);
    let mut out = String::with_capacity(src.len());
    let mut pos = 0;
    for seg in msg.segments() {
        let r = seg.range();
        // What lies between segments (terminators, a BOM, an MLLP start block) is kept.
        out.push_str(&src[pos..r.start]);
        pos = r.end;
        let text = seg.as_str();
        if KEEP.contains(&seg.id()) {
            out.push_str(text);
            continue;
        }
        out.push_str(&text[..3]);
        let mut in_value = false;
        for b in text[3..].bytes() {
            if seps.contains(&b) {
                out.push(b as char);
                in_value = false;
            } else if !in_value {
                out.push_str(masked);
                in_value = true;
            }
        }
    }
    out.push_str(&src[pos..]);
    out
}
