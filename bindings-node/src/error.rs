//! Every izkit error becomes a JavaScript `Error` here, and nowhere else; and the hooks
//! `index.js` registers at load time.
//!
//! `index.js` defines the classes `IzkitError`, `ParseError`, `PathError`, `EditError` and
//! `Message`, and hands this module one factory for each kind of object ([`init`]). Errors are
//! then created by the error factory, so `instanceof` works; without it (the `.node` file
//! loaded directly) they are plain `Error` objects with the same `name` and properties. Either
//! way an error carries `code`, `offset`, `path` and `line`, and its message is the core's
//! text, which never holds message content.

use napi::bindgen_prelude::{FnArgs, Function, FunctionRef, JsObjectValue, Null, Object, Unknown};
use napi::{Env, JsValue};
use napi_derive::napi;

/// Which JavaScript class an error becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// Parsing and reading: `ParseError` (`PathError` for an invalid path).
    Parse,
    /// A builder operation: `EditError` (`PathError` for an invalid path).
    Edit,
    /// Validation (an unknown profile) and the FHIR mapping (`to_fhir`, `fhir_json`,
    /// `from_fhir`): a plain `IzkitError`.
    Conformance,
}

/// Arguments of the error factory: name, message, code, offset, path, line.
type ErrorArgs = FnArgs<(&'static str, String, &'static str, f64, Option<String>, f64)>;
/// Arguments of the message factory: a handle (see `store`).
type MessageArgs = FnArgs<(u32,)>;

/// The factories registered by `index.js`, kept per Node environment (main thread, workers).
struct Hooks {
    error: FunctionRef<ErrorArgs, Unknown<'static>>,
    message: FunctionRef<MessageArgs, Unknown<'static>>,
}

/// The class name for an error raised in `context`: an invalid path is always a `PathError`.
fn class_name(e: &izkit::Error, context: Context) -> &'static str {
    if e.code() == "invalid_path" {
        "PathError"
    } else if context == Context::Conformance {
        "IzkitError"
    } else if context == Context::Edit {
        "EditError"
    } else {
        "ParseError"
    }
}

/// Registers the functions that build error objects and `Message` objects (called once by
/// `index.js` when it loads the addon).
#[napi(js_name = "_init", skip_typescript)]
pub fn init(
    env: &Env,
    make_error: Function<ErrorArgs, Unknown<'static>>,
    make_message: Function<MessageArgs, Unknown<'static>>,
) -> napi::Result<()> {
    let hooks = Hooks {
        error: make_error.create_ref()?,
        message: make_message.create_ref()?,
    };
    env.set_instance_data(hooks, (), |_| {})
}

/// The JavaScript `Message` object for a stored message handle.
pub(crate) fn message_object<'e>(env: &'e Env, h: u32) -> napi::Result<Unknown<'e>> {
    match env.get_instance_data::<Hooks>()? {
        Some(hooks) => hooks.message.borrow_back(env)?.call((h,).into()),
        None => Err(napi::Error::from_reason(
            "izkit: load the addon through index.js",
        )),
    }
}

fn build<'e>(env: &'e Env, e: &izkit::Error, context: Context) -> napi::Result<Unknown<'e>> {
    let name = class_name(e, context);
    let (offset, line) = (e.offset as f64, e.line as f64);
    if let Some(hooks) = env.get_instance_data::<Hooks>()? {
        let f = hooks.error.borrow_back(env)?;
        let args = (name, e.to_string(), e.code(), offset, e.path.clone(), line);
        return f.call(args.into());
    }
    let mut obj: Object<'e> = env.create_error(napi::Error::from_reason(e.to_string()))?;
    obj.set_named_property("name", name)?;
    obj.set_named_property("code", e.code())?;
    obj.set_named_property("offset", offset)?;
    match &e.path {
        Some(p) => obj.set_named_property("path", p.as_str())?,
        None => obj.set_named_property("path", Null)?,
    }
    obj.set_named_property("line", line)?;
    Ok(obj.to_unknown())
}

/// The JavaScript error for `e`, ready to be returned as the `Err` of a napi function.
pub(crate) fn to_js(env: &Env, e: &izkit::Error, context: Context) -> napi::Error {
    match build(env, e, context) {
        Ok(value) => napi::Error::from(value),
        Err(err) => err,
    }
}
