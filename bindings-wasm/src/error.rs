//! The one place where a core [`izkit::Error`] becomes a JavaScript `Error`.

use wasm_bindgen::prelude::*;

/// Which binding call failed; decides the error's `name` together with the core's code.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Origin {
    /// Parsing input (`parse`, `parseMany`, `new MessageBuilder(text)`, `build`).
    Parse,
    /// A builder operation (`set`, `addSegment`, ...).
    Edit,
    /// Reading a parsed message (only an invalid path can fail there).
    Read,
    /// Validation (an unknown forced profile) and the FHIR mapping (`to_fhir`, `fhir_json`,
    /// `from_fhir`): a plain `IzkitError`.
    Conformance,
}

/// Converts a core error into a thrown `Error` with `name` `ParseError`, `PathError`,
/// `EditError` (or `IzkitError`) and the properties `code`, `offset`, `path` and `line`.
///
/// The message is the core's text, which names the rule broken and the position, never content.
pub(crate) fn into_js_error(e: &izkit::Error, origin: Origin) -> JsValue {
    let name = match (e.code(), origin) {
        ("invalid_path", _) => "PathError",
        (_, Origin::Edit) => "EditError",
        (_, Origin::Parse) => "ParseError",
        (_, Origin::Read | Origin::Conformance) => "IzkitError",
    };
    let err = js_sys::Error::new(&e.to_string());
    err.set_name(name);
    let path = e.path.as_deref().map_or(JsValue::NULL, JsValue::from_str);
    let props: [(&str, JsValue); 4] = [
        ("code", JsValue::from_str(e.code())),
        ("offset", JsValue::from_f64(e.offset as f64)),
        ("path", path),
        ("line", JsValue::from_f64(e.line as f64)),
    ];
    for (key, value) in props {
        // Setting a property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(&err, &JsValue::from_str(key), &value);
    }
    err.into()
}

/// A `TypeError` for an argument of the wrong JavaScript type.
pub(crate) fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}
