//! The `MessageBuilder` class: the core's owned, editable message (`izkit::OwnedMessage`).

use crate::error::{message_object, to_js, Context};
use crate::message::{Stored, Text};
use crate::store;
use napi::bindgen_prelude::Unknown;
use napi::Env;
use napi_derive::napi;

/// An editable message. `new MessageBuilder()` starts from `MSH|^~\&`; `new
/// MessageBuilder(text)` or `msg.toBuilder()` from an existing message. Values given to `set`
/// are escaped; missing fields, repetitions, components and segments are created as needed.
/// Operations throw `EditError` when refused and `PathError` for an invalid path.
#[napi]
pub struct MessageBuilder {
    inner: izkit::OwnedMessage,
}

impl MessageBuilder {
    pub(crate) fn from_owned(inner: izkit::OwnedMessage) -> MessageBuilder {
        MessageBuilder { inner }
    }
}

/// The result of a builder operation, its error thrown as `EditError` (or `PathError`).
fn edited(env: &Env, r: izkit::Result<()>) -> napi::Result<()> {
    r.map_err(|e| to_js(env, &e, Context::Edit))
}

#[napi]
impl MessageBuilder {
    /// A new message (`MSH|^~\&`), or the given message text made editable (throws
    /// `ParseError` when it does not parse).
    #[napi(constructor)]
    pub fn new(env: &Env, text: Option<String>) -> napi::Result<Self> {
        let inner = match text {
            None => izkit::OwnedMessage::new(),
            Some(t) => {
                izkit::OwnedMessage::parse(&t).map_err(|e| to_js(env, &e, Context::Parse))?
            }
        };
        Ok(MessageBuilder { inner })
    }

    /// Sets the value at `path`, escaping delimiters in it.
    #[napi]
    pub fn set(&mut self, env: &Env, path: String, value: String) -> napi::Result<()> {
        edited(env, self.inner.set(&path, &value))
    }

    /// Sets raw text at `path`: delimiters in `raw` are kept as structure.
    #[napi]
    pub fn set_raw(&mut self, env: &Env, path: String, raw: String) -> napi::Result<()> {
        edited(env, self.inner.set_raw(&path, &raw))
    }

    /// Clears the value at `path`.
    #[napi]
    pub fn clear(&mut self, env: &Env, path: String) -> napi::Result<()> {
        edited(env, self.inner.clear(&path))
    }

    /// Appends a segment given as raw text, e.g. `OBX|1|CE|...`.
    #[napi]
    pub fn add_segment(&mut self, env: &Env, text: String) -> napi::Result<()> {
        edited(env, self.inner.add_segment(&text))
    }

    /// Inserts a segment (raw text) at position `index` (0-based; MSH stays first).
    #[napi]
    pub fn insert_segment(&mut self, env: &Env, index: u32, text: String) -> napi::Result<()> {
        edited(env, self.inner.insert_segment(index as usize, &text))
    }

    /// Removes segment `index` (0-based). MSH cannot be removed.
    #[napi]
    pub fn remove_segment(&mut self, env: &Env, index: u32) -> napi::Result<()> {
        edited(env, self.inner.remove_segment(index as usize))
    }

    /// Appends a repetition holding `value` (escaped) to the field `path` names, e.g. `PID-3`.
    #[napi]
    pub fn add_repetition(&mut self, env: &Env, path: String, value: String) -> napi::Result<()> {
        edited(env, self.inner.add_repetition(&path, &value))
    }

    /// Removes the repetition `path` names, e.g. `PID-3[2]`; later repetitions move up.
    #[napi]
    pub fn remove_repetition(&mut self, env: &Env, path: String) -> napi::Result<()> {
        edited(env, self.inner.remove_repetition(&path))
    }

    /// Reads a value back (escapes decoded), or null when absent or empty.
    #[napi]
    pub fn get(&self, env: &Env, path: String) -> napi::Result<Option<String>> {
        self.inner
            .get(&path)
            .map_err(|e| to_js(env, &e, Context::Parse))
    }

    /// The message text.
    #[napi(js_name = "toString")]
    pub fn to_js_string(&self) -> String {
        self.inner.to_string()
    }

    /// Parses the current text into a `Message` (throws `ParseError` when it does not parse).
    #[napi(ts_return_type = "Message")]
    pub fn build<'e>(&self, env: &'e Env) -> napi::Result<Unknown<'e>> {
        let text = Text::from_string(self.inner.to_string());
        let m = Stored::parse(text, false).map_err(|e| to_js(env, &e, Context::Parse))?;
        let h = store::insert(env, m);
        message_object(env, h).inspect_err(|_| store::free(env, h))
    }
}
