//! Text between JavaScript strings and wasm memory, faster than the generic glue for the shapes
//! izkit moves: whole messages in (one `TextEncoder.encodeInto` straight into wasm memory instead
//! of a character loop) and short values out (`js/strings.js` reads short ASCII values without a
//! `TextDecoder` call). Conversion only.

use js_sys::JsString;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/strings.js")]
extern "C" {
    #[wasm_bindgen(js_name = izkitSetMemory)]
    fn set_memory(memory: &JsValue);
    #[wasm_bindgen(js_name = izkitString)]
    fn string_at(ptr: *const u8, len: usize) -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = TextEncoder)]
    type Encoder;
    #[wasm_bindgen(constructor, js_class = TextEncoder)]
    fn new() -> Encoder;
    /// Writes UTF-8 into `dest` (a view of wasm memory), never splitting a character.
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &Encoder, source: &JsString, dest: &mut [u8]) -> EncodeResult;

    type EncodeResult;
    /// UTF-16 code units read.
    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodeResult) -> u32;
    /// Bytes written.
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeResult) -> u32;
}

thread_local! {
    static ENCODER: Encoder = Encoder::new();
}

/// Hands the module's memory to `js/strings.js` (called once, when the module starts).
#[wasm_bindgen(start)]
fn start() {
    set_memory(&wasm_bindgen::memory());
}

/// A JavaScript string holding `s`.
#[inline]
pub(crate) fn to_js(s: &str) -> JsValue {
    string_at(s.as_ptr(), s.len())
}

/// `string | null`.
#[inline]
pub(crate) fn opt_to_js(s: Option<&str>) -> JsValue {
    s.map_or(JsValue::NULL, to_js)
}

/// The UTF-8 text of a JavaScript string (lone surrogates become U+FFFD, as everywhere in JS).
pub(crate) fn from_js(s: &JsString) -> String {
    let units = s.length();
    // ASCII fills exactly one byte per UTF-16 unit: the common case takes one call.
    let mut buf = vec![0u8; units as usize];
    let (read, mut written) = ENCODER.with(|e| {
        let r = e.encode_into(s, &mut buf);
        (r.read(), r.written() as usize)
    });
    if read < units {
        // Non-ASCII text: at most three bytes for each unit left.
        let rest = s.slice(read, units);
        buf.resize(written + 3 * (units - read) as usize, 0);
        written += ENCODER.with(|e| e.encode_into(&rest, &mut buf[written..]).written()) as usize;
    }
    buf.truncate(written);
    // encodeInto writes UTF-8 only; the lossy form never copies it.
    match String::from_utf8(buf) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}
