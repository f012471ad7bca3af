//! Parsed messages and the native half of the JavaScript `Message` class.
//!
//! A message keeps exactly one buffer: its UTF-8 text, owned together with the core's parse
//! result (segment boundaries, or the full index) in a self-referential cell (`self_cell`).
//! Reading a field walks that buffer and copies only the value returned; nothing re-parses and
//! nothing copies the whole message. Messages from `parseMany` share their input's one buffer.
//!
//! The functions here take a message handle (see [`crate::store`]); `index.js` wraps them as
//! the methods of `Message`. They are internal (left out of `index.d.ts`); the public
//! declarations are in `dts-header.d.ts`.

use crate::builder::MessageBuilder;
use crate::error::{to_js, Context};
use crate::store;
use napi::bindgen_prelude::{Buffer, Either, Null};
use napi::{Env, JsString};
use napi_derive::napi;
use std::borrow::Cow;
use std::sync::Arc;

type Parsed<'a> = izkit::Message<'a>;
type Batch<'a> = Vec<izkit::Message<'a>>;

self_cell::self_cell!(
    /// One message: its text and the core's parse of it.
    pub(crate) struct OneCell {
        owner: String,
        #[covariant]
        dependent: Parsed,
    }
);

self_cell::self_cell!(
    /// Many messages from one input: the input and the core's parse of each message in it.
    pub(crate) struct ManyCell {
        owner: String,
        #[covariant]
        dependent: Batch,
    }
);

/// Text as a JavaScript caller gave it, and whether it was transcoded from ISO-8859-1.
pub(crate) struct Text {
    pub(crate) text: String,
    /// True when `text` was decoded from ISO-8859-1 bytes: `toBuffer()` encodes it back.
    pub(crate) latin1: bool,
}

impl Text {
    /// A JavaScript string, taken as it is.
    pub(crate) fn from_string(text: String) -> Text {
        Text {
            text,
            latin1: false,
        }
    }

    /// Bytes, through the core's entry point that transcodes ISO-8859-1 (MSH-18 `8859/1`).
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Text, izkit::Error> {
        let decoded = izkit::v2::decode_bytes(bytes)?;
        let latin1 = matches!(decoded, std::borrow::Cow::Owned(_));
        Ok(Text {
            text: decoded.into_owned(),
            latin1,
        })
    }
}

enum Cell {
    One(OneCell),
    Many(Arc<ManyCell>, usize),
}

/// A parsed message as the store keeps it.
pub struct Stored {
    cell: Cell,
    latin1: bool,
}

impl Stored {
    /// Parses one message, taking ownership of its text.
    pub(crate) fn parse(t: Text, indexed: bool) -> Result<Stored, izkit::Error> {
        let cell = OneCell::try_new(t.text, |s| {
            if indexed {
                izkit::Message::parse_indexed(s)
            } else {
                izkit::Message::parse(s)
            }
        })?;
        Ok(Stored {
            cell: Cell::One(cell),
            latin1: t.latin1,
        })
    }

    /// Parses every message of an input; the messages share its one buffer.
    pub(crate) fn parse_many(t: Text) -> Result<Vec<Stored>, izkit::Error> {
        let cell = Arc::new(ManyCell::try_new(t.text, |s| izkit::parse_many(s))?);
        let n = cell.borrow_dependent().len();
        Ok((0..n)
            .map(|i| Stored {
                cell: Cell::Many(Arc::clone(&cell), i),
                latin1: t.latin1,
            })
            .collect())
    }

    /// The core's message.
    #[inline]
    pub(crate) fn core(&self) -> &izkit::Message<'_> {
        match &self.cell {
            Cell::One(cell) => cell.borrow_dependent(),
            Cell::Many(cell, i) => &cell.borrow_dependent()[*i],
        }
    }

    /// Native bytes this message holds alone (a batch's shared text counts once per message
    /// share, which is close enough for a garbage-collector hint).
    pub(crate) fn footprint(&self) -> usize {
        let m = self.core();
        m.as_str().len() + m.segment_count() * 16 + 128
    }
}

/// One field of a segment, as returned by `Message.segments()`.
#[napi(object)]
pub struct FieldInfo {
    /// HL7 path of the field, e.g. `PID-5` or `RXA[2]-5`.
    pub path: String,
    /// Raw text, escapes not decoded (may be empty).
    pub raw: String,
    /// Value with escapes decoded (raw text for a composite), or null when empty.
    pub value: Either<String, Null>,
    /// Byte range `[start, end)` of the field in the message's UTF-8 text.
    pub range: (u32, u32),
}

/// One segment, as returned by `Message.segments()`.
#[napi(object)]
pub struct SegmentInfo {
    /// The three-character segment id, e.g. `PID`.
    pub id: String,
    /// 0-based position of the segment in the message.
    pub index: u32,
    /// 1-based occurrence among segments with the same id.
    pub occurrence: u32,
    /// Raw segment text, id included, terminator excluded.
    pub raw: String,
    /// Byte range `[start, end)` of the segment in the message's UTF-8 text.
    pub range: (u32, u32),
    /// Fields 1..n (MSH-1 first for MSH).
    pub fields: Vec<FieldInfo>,
}

/// One segment of `Message.toJSON()`: id and fields as nested lists of decoded strings
/// (field → repetitions → components → subcomponents; `""` when empty).
#[napi(object)]
pub struct SegmentTree {
    /// The segment id.
    pub id: String,
    /// Fields 1..n; each a list of repetitions of components of subcomponents.
    pub fields: Vec<Vec<Vec<Vec<String>>>>,
}

/// `Message.toJSON()`: the message as plain data, the shape of `izkit parse --json`.
#[napi(object)]
pub struct MessageTree {
    /// The segments, in order.
    pub segments: Vec<SegmentTree>,
}

fn range(r: std::ops::Range<usize>) -> (u32, u32) {
    (r.start as u32, r.end as u32)
}

fn or_null(v: Option<String>) -> Either<String, Null> {
    match v {
        Some(s) => Either::A(s),
        None => Either::B(Null),
    }
}

/// A reading that may fail with a core error, thrown as `PathError` (the only error a read
/// can raise). The store is released before the error object is built.
fn read<R>(
    env: &Env,
    h: u32,
    f: impl FnOnce(&izkit::Message<'_>) -> izkit::Result<R>,
) -> napi::Result<R> {
    store::with(h, |m| f(m.core()))?.map_err(|e| to_js(env, &e, Context::Parse))
}

/// A string value read under the store's borrow, made a JavaScript string right there (no
/// intermediate Rust `String`); a core error becomes a `PathError` after the borrow ends.
fn read_str<'e>(
    env: &'e Env,
    h: u32,
    f: impl for<'m> FnOnce(&'m izkit::Message<'m>) -> izkit::Result<Option<Cow<'m, str>>>,
) -> napi::Result<Option<JsString<'e>>> {
    let r = store::with(h, |m| match f(m.core()) {
        Ok(Some(v)) => Ok(Some(env.create_string(&*v))),
        Ok(None) => Ok(None),
        Err(e) => Err(e),
    })?;
    match r {
        Ok(v) => v.transpose(),
        Err(e) => Err(to_js(env, &e, Context::Parse)),
    }
}

/// `msg.get(path)`.
#[napi(js_name = "_get", skip_typescript)]
pub fn get<'e>(env: &'e Env, h: u32, path: String) -> napi::Result<Option<JsString<'e>>> {
    read_str(env, h, |m| m.get(&path))
}

/// `msg.getRaw(path)`.
#[napi(js_name = "_getRaw", skip_typescript)]
pub fn get_raw<'e>(env: &'e Env, h: u32, path: String) -> napi::Result<Option<JsString<'e>>> {
    read_str(env, h, |m| Ok(m.get_raw(&path)?.map(Cow::Borrowed)))
}

/// `msg.getAll(path)`.
#[napi(js_name = "_getAll", skip_typescript)]
pub fn get_all(env: &Env, h: u32, path: String) -> napi::Result<Vec<String>> {
    read(env, h, |m| {
        Ok(m.get_all(&path)?
            .into_iter()
            .map(|v| v.into_owned())
            .collect())
    })
}

/// `msg.locate(offset)`: a negative offset lies outside every segment.
#[napi(js_name = "_locate", skip_typescript)]
pub fn locate(h: u32, offset: i64) -> napi::Result<Option<String>> {
    store::with(h, |m| {
        let offset = usize::try_from(offset).ok()?;
        m.core().locate(offset).map(|p| p.to_string())
    })
}

/// `msg.toJSON()`.
#[napi(js_name = "_toJSON", skip_typescript)]
pub fn to_json(h: u32) -> napi::Result<MessageTree> {
    store::with(h, |m| {
        let tree = m.core().to_tree();
        MessageTree {
            segments: tree
                .segments
                .into_iter()
                .map(|s| SegmentTree {
                    id: s.id,
                    fields: s.fields,
                })
                .collect(),
        }
    })
}

/// `msg.toString()`.
#[napi(js_name = "_toString", skip_typescript)]
pub fn to_string(h: u32) -> napi::Result<String> {
    store::with(h, |m| m.core().as_str().to_owned())
}

/// `msg.toBuffer()`: the bytes as given, so for ISO-8859-1 input the original bytes.
#[napi(js_name = "_toBuffer", skip_typescript)]
pub fn to_buffer(h: u32) -> napi::Result<Buffer> {
    store::with(h, |m| {
        let text = m.core().as_str();
        let bytes: Vec<u8> = if m.latin1 {
            // The text was decoded byte by byte from ISO-8859-1, so every character is below
            // U+0100 and encodes back to exactly the byte it came from.
            text.chars().map(|c| c as u32 as u8).collect()
        } else {
            text.as_bytes().to_vec()
        };
        Buffer::from(bytes)
    })
}

/// `msg.segments()`.
#[napi(js_name = "_segments", skip_typescript)]
pub fn segments(h: u32) -> napi::Result<Vec<SegmentInfo>> {
    store::with(h, |m| {
        m.core()
            .segments()
            .map(|seg| SegmentInfo {
                id: seg.id().to_owned(),
                index: seg.index() as u32,
                occurrence: seg.occurrence() as u32,
                raw: seg.as_str().to_owned(),
                range: range(seg.range()),
                fields: seg
                    .fields()
                    .map(|f| FieldInfo {
                        path: f.path().to_string(),
                        raw: f.as_str().to_owned(),
                        value: or_null(f.value().map(|v| v.into_owned())),
                        range: range(f.range()),
                    })
                    .collect(),
            })
            .collect()
    })
}

/// `msg.segmentCount`.
#[napi(js_name = "_segmentCount", skip_typescript)]
pub fn segment_count(h: u32) -> napi::Result<u32> {
    store::with(h, |m| m.core().segment_count() as u32)
}

/// `msg.toBuilder()`.
#[napi(js_name = "_toBuilder", skip_typescript)]
pub fn to_builder(h: u32) -> napi::Result<MessageBuilder> {
    let owned = store::with(h, |m| m.core().to_owned_message())?;
    Ok(MessageBuilder::from_owned(owned))
}

/// Frees a message (called by the `FinalizationRegistry` of `index.js`).
#[napi(js_name = "_free", skip_typescript)]
pub fn free(env: &Env, h: u32) {
    store::free(env, h);
}
