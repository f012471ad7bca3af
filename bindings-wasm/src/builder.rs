//! `MessageBuilder`: the core's owned, editable message ([`izkit::OwnedMessage`]).

use crate::error::{into_js_error, Origin};
use crate::message::{JsMessage, Source};
use izkit::OwnedMessage;
use wasm_bindgen::prelude::*;

fn edited(r: izkit::Result<()>) -> Result<(), JsValue> {
    r.map_err(|e| into_js_error(&e, Origin::Edit))
}

/// An editable message. Values given to `set` and `addRepetition` are escaped; `setRaw` keeps
/// delimiters as structure. Missing fields, components and the next occurrence of a segment are
/// created as needed. A refused operation throws an `EditError` (a `PathError` for an invalid
/// path). Segment indexes are 0-based; MSH is segment 0 and stays first.
#[wasm_bindgen]
pub struct MessageBuilder {
    inner: OwnedMessage,
}

impl MessageBuilder {
    pub(crate) fn from_owned(inner: OwnedMessage) -> MessageBuilder {
        MessageBuilder { inner }
    }
}

#[wasm_bindgen]
impl MessageBuilder {
    /// A builder holding `text` (parsed; a `ParseError` when it is not a message), or a new
    /// message holding only `MSH|^~\&` when no text is given.
    #[wasm_bindgen(constructor)]
    pub fn new(text: Option<String>) -> Result<MessageBuilder, JsValue> {
        let inner = match text {
            Some(t) => OwnedMessage::parse(&t).map_err(|e| into_js_error(&e, Origin::Parse))?,
            None => OwnedMessage::new(),
        };
        Ok(MessageBuilder { inner })
    }

    /// Sets the value at `path`, escaping delimiters in it.
    pub fn set(&mut self, path: &str, value: &str) -> Result<(), JsValue> {
        edited(self.inner.set(path, value))
    }

    /// Sets raw text at `path`; its delimiters are kept as structure.
    #[wasm_bindgen(js_name = setRaw)]
    pub fn set_raw(&mut self, path: &str, raw: &str) -> Result<(), JsValue> {
        edited(self.inner.set_raw(path, raw))
    }

    /// Clears the value at `path` (later parts keep their positions).
    pub fn clear(&mut self, path: &str) -> Result<(), JsValue> {
        edited(self.inner.clear(path))
    }

    /// Appends a segment given as raw text (`OBX|1|CE|...`).
    #[wasm_bindgen(js_name = addSegment)]
    pub fn add_segment(&mut self, text: &str) -> Result<(), JsValue> {
        edited(self.inner.add_segment(text))
    }

    /// Inserts a segment (raw text) at 0-based position `index` (not 0: MSH stays first).
    #[wasm_bindgen(js_name = insertSegment)]
    pub fn insert_segment(&mut self, index: usize, text: &str) -> Result<(), JsValue> {
        edited(self.inner.insert_segment(index, text))
    }

    /// Removes the segment at 0-based position `index` (MSH cannot be removed).
    #[wasm_bindgen(js_name = removeSegment)]
    pub fn remove_segment(&mut self, index: usize) -> Result<(), JsValue> {
        edited(self.inner.remove_segment(index))
    }

    /// Appends a repetition holding `value` (escaped) to the field `path` names (`PID-3`).
    #[wasm_bindgen(js_name = addRepetition)]
    pub fn add_repetition(&mut self, path: &str, value: &str) -> Result<(), JsValue> {
        edited(self.inner.add_repetition(path, value))
    }

    /// Removes the repetition `path` names (`PID-3[2]`); later repetitions move up.
    #[wasm_bindgen(js_name = removeRepetition)]
    pub fn remove_repetition(&mut self, path: &str) -> Result<(), JsValue> {
        edited(self.inner.remove_repetition(path))
    }

    /// The value at `path` (escapes decoded), or `null` when absent or empty.
    #[wasm_bindgen(unchecked_return_type = "string | null")]
    pub fn get(&self, path: &str) -> Result<JsValue, JsValue> {
        let v = self
            .inner
            .get(path)
            .map_err(|e| into_js_error(&e, Origin::Parse))?;
        Ok(crate::convert::opt_to_js(v.as_deref()))
    }

    /// The message text.
    #[wasm_bindgen(js_name = toString)]
    #[allow(clippy::inherent_to_string)] // JavaScript's toString, not Rust's Display
    pub fn to_string(&self) -> String {
        self.inner.to_string()
    }

    /// Parses the current text into a `Message` (a `ParseError` if the edits made it invalid).
    pub fn build(&self) -> Result<JsMessage, JsValue> {
        let source = Source {
            text: self.inner.to_string(),
            latin1: false,
        };
        JsMessage::one(source, false)
    }
}
