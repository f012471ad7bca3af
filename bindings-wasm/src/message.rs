//! `Message`: one parsed message that owns its text, and the conversions of its results to plain
//! JavaScript values.

use crate::builder::MessageBuilder;
use crate::convert::{opt_to_js, to_js};
use crate::error::{into_js_error, Origin};
use serde::Serialize;
use std::borrow::Cow;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The text a message was parsed from.
pub(crate) struct Source {
    /// UTF-8 text: the string given, or the bytes given after the core's charset handling.
    pub(crate) text: String,
    /// True when the core transcoded the bytes given from ISO-8859-1: `toBytes()` then writes
    /// each character back as the one byte it was read from.
    pub(crate) latin1: bool,
}

self_cell::self_cell!(
    /// One message and the text it borrows.
    pub(crate) struct One {
        owner: Source,
        #[covariant]
        dependent: Message,
    }
);

/// Borrowed messages of one `parseMany` input.
pub(crate) type Messages<'a> = Vec<izkit::Message<'a>>;
type Message<'a> = izkit::Message<'a>;

self_cell::self_cell!(
    /// Every message of one `parseMany` input and the text they borrow.
    pub(crate) struct Many {
        owner: Source,
        #[covariant]
        dependent: Messages,
    }
);

enum Inner {
    One(One),
    /// Messages of one input share it; each JS object names its message by index.
    Many(Rc<Many>, usize),
}

/// One parsed HL7 v2 message. It keeps its input text, so reading a field copies only that
/// field. Paths are HL7's, 1-based (`PID-5.1`, `RXA[2]-5.1`, `PID-3[2].4`); byte offsets and
/// ranges are 0-based and count bytes of UTF-8 text (JavaScript string indices count UTF-16 units).
#[wasm_bindgen(js_name = Message)]
pub struct JsMessage {
    inner: Inner,
}

impl JsMessage {
    pub(crate) fn one(source: Source, indexed: bool) -> Result<JsMessage, JsValue> {
        let one = One::try_new(source, |s| {
            if indexed {
                izkit::Message::parse_indexed(&s.text)
            } else {
                izkit::Message::parse(&s.text)
            }
        })
        .map_err(|e| into_js_error(&e, Origin::Parse))?;
        Ok(JsMessage {
            inner: Inner::One(one),
        })
    }

    pub(crate) fn many(source: Source) -> Result<Vec<JsMessage>, JsValue> {
        let many = Many::try_new(source, |s| izkit::parse_many(&s.text))
            .map_err(|e| into_js_error(&e, Origin::Parse))?;
        let many = Rc::new(many);
        let count = many.borrow_dependent().len();
        Ok((0..count)
            .map(|i| JsMessage {
                inner: Inner::Many(Rc::clone(&many), i),
            })
            .collect())
    }

    pub(crate) fn msg(&self) -> &izkit::Message<'_> {
        match &self.inner {
            Inner::One(one) => one.borrow_dependent(),
            Inner::Many(many, i) => &many.borrow_dependent()[*i],
        }
    }

    fn source(&self) -> &Source {
        match &self.inner {
            Inner::One(one) => one.borrow_owner(),
            Inner::Many(many, _) => many.borrow_owner(),
        }
    }

    pub(crate) fn locate_offset(&self, offset: f64) -> JsValue {
        // Negative, NaN and non-finite offsets lie outside every message.
        if !(offset >= 0.0 && offset.is_finite()) {
            return JsValue::NULL;
        }
        self.msg()
            .locate(offset as usize)
            .map_or(JsValue::NULL, |p| to_js(&p.to_string()))
    }
}

/// The JSON-compatible serializer: plain objects (not `Map`s), `null` for absent values.
pub(crate) fn to_plain<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(JsValue::from)
}

#[derive(Serialize)]
struct FieldInfo<'a> {
    path: String,
    raw: &'a str,
    value: Option<Cow<'a, str>>,
    range: (usize, usize),
}

#[derive(Serialize)]
struct SegmentInfo<'a> {
    id: &'a str,
    index: usize,
    occurrence: usize,
    raw: &'a str,
    range: (usize, usize),
    fields: Vec<FieldInfo<'a>>,
}

#[wasm_bindgen(js_class = Message)]
impl JsMessage {
    /// The value at `path` with escapes decoded (the raw text for a composite such as `PID-5`),
    /// or `null` when the message does not have it or it is empty. Throws a `PathError` for an
    /// invalid path.
    #[wasm_bindgen(unchecked_return_type = "string | null")]
    pub fn get(&self, path: &str) -> Result<JsValue, JsValue> {
        let v = self
            .msg()
            .get(path)
            .map_err(|e| into_js_error(&e, Origin::Read))?;
        Ok(opt_to_js(v.as_deref()))
    }

    /// The raw text at `path`, escapes not decoded, or `null` when absent or empty.
    #[wasm_bindgen(js_name = getRaw, unchecked_return_type = "string | null")]
    pub fn get_raw(&self, path: &str) -> Result<JsValue, JsValue> {
        let v = self
            .msg()
            .get_raw(path)
            .map_err(|e| into_js_error(&e, Origin::Read))?;
        Ok(opt_to_js(v))
    }

    /// Every value at `path`: all occurrences of the segment unless the path names one, and all
    /// repetitions of the field unless the path names one. Empty values are left out.
    #[wasm_bindgen(js_name = getAll, unchecked_return_type = "string[]")]
    pub fn get_all(&self, path: &str) -> Result<js_sys::Array, JsValue> {
        let values = self
            .msg()
            .get_all(path)
            .map_err(|e| into_js_error(&e, Origin::Read))?;
        Ok(values.iter().map(|v| to_js(v)).collect())
    }

    /// The path of the deepest part holding byte `offset` (0-based, in bytes of UTF-8 text), or
    /// `null` when the offset lies outside every segment.
    #[wasm_bindgen(unchecked_return_type = "string | null")]
    pub fn locate(&self, offset: f64) -> JsValue {
        self.locate_offset(offset)
    }

    /// The message as plain nested data: `{segments: [{id, fields}]}` where a field is a list of
    /// repetitions, a repetition a list of components, a component a list of decoded
    /// subcomponent strings (`""` when empty). `JSON.stringify(msg)` uses it.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "MessageTree")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        to_plain(&self.msg().to_tree())
    }

    /// The message text, exactly as given (for bytes input: the UTF-8 text after transcoding).
    #[wasm_bindgen(js_name = toString)]
    #[allow(clippy::inherent_to_string)] // JavaScript's toString, not Rust's Display
    pub fn to_string(&self) -> String {
        self.msg().as_str().to_owned()
    }

    /// The exact input bytes: the UTF-8 encoding of a string input, or the bytes given.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        let text = self.msg().as_str();
        if self.source().latin1 {
            // The core read each byte as the character of the same number; write it back.
            text.chars().map(|c| c as u8).collect()
        } else {
            text.as_bytes().to_vec()
        }
    }

    /// Every segment in order, with its fields, as plain objects:
    /// `{id, index, occurrence, raw, range: [start, end], fields: [{path, raw, value, range}]}`.
    /// `index` is 0-based, `occurrence` 1-based; ranges are byte offsets `[start, end)`.
    #[wasm_bindgen(unchecked_return_type = "SegmentInfo[]")]
    pub fn segments(&self) -> Result<JsValue, JsValue> {
        let segs: Vec<SegmentInfo<'_>> = self
            .msg()
            .segments()
            .map(|seg| SegmentInfo {
                id: seg.id(),
                index: seg.index(),
                occurrence: seg.occurrence(),
                raw: seg.as_str(),
                range: (seg.range().start, seg.range().end),
                fields: seg
                    .fields()
                    .map(|f| FieldInfo {
                        path: f.path().to_string(),
                        raw: f.as_str(),
                        value: f.value(),
                        range: (f.range().start, f.range().end),
                    })
                    .collect(),
            })
            .collect();
        to_plain(&segs)
    }

    /// Number of segments.
    #[wasm_bindgen(getter = segmentCount)]
    pub fn segment_count(&self) -> usize {
        self.msg().segment_count()
    }

    /// An editable copy of this message (see `MessageBuilder`).
    #[wasm_bindgen(js_name = toBuilder)]
    pub fn to_builder(&self) -> MessageBuilder {
        MessageBuilder::from_owned(self.msg().to_owned_message())
    }
}
