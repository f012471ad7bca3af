//! `route` and `redact`: the core's Share routing (`izkit::route`) and safe logging
//! (`izkit::redact`) for JavaScript.
//!
//! A routing crosses as JSON text in the shape `izkit route --json` prints (the serde form of
//! `izkit::route::Routing`); `index.js` hands the parsed objects out as they are. A `Policy`
//! holds a compiled core `Router` as an `External`. Conversion only.

use crate::error::{to_js, Context};
use crate::store;
use izkit::route::{RouteOptions, Router};
use napi::bindgen_prelude::External;
use napi::Env;
use napi_derive::napi;

/// The router of message `h` routed by `router`, as JSON text.
fn routing_json(env: &Env, router: &Router, h: u32, reveal: bool) -> napi::Result<String> {
    let opts = RouteOptions {
        reveal,
        ..RouteOptions::default()
    };
    let routing = store::with(h, |m| router.route(m.core(), &opts))?
        .map_err(|e| to_js(env, &e, Context::Conformance))?;
    serde_json::to_string(&routing).map_err(|e| napi::Error::from_reason(e.to_string()))
}

/// `routeReport(msg, null, {reveal})`: the routing under the built-in policy and
/// jurisdictions ([`Router::builtin`], compiled once per process), as JSON text.
#[napi(js_name = "_route", skip_typescript)]
pub fn route(env: &Env, h: u32, reveal: bool) -> napi::Result<String> {
    routing_json(env, Router::builtin(), h, reveal)
}

/// `new Policy(policyJson, {jurisdictions})`: a compiled router held by the JavaScript object.
/// Throws an `IzkitError` with code `policy_load` or `table_load`.
#[napi(js_name = "_newRouter", skip_typescript)]
pub fn new_router(
    env: &Env,
    policy: Option<String>,
    jurisdictions: Option<String>,
) -> napi::Result<External<Router>> {
    let built = Router::from_texts(policy.as_deref(), jurisdictions.as_deref());
    built
        .map(External::new)
        .map_err(|e| to_js(env, &e, Context::Conformance))
}

/// `policy.routeReport(msg, {reveal})`: the routing as JSON text.
#[napi(js_name = "_routeWith", skip_typescript)]
pub fn route_with(
    env: &Env,
    router: &External<Router>,
    h: u32,
    reveal: bool,
) -> napi::Result<String> {
    routing_json(env, router, h, reveal)
}

/// `redact(msg)`: the message with every value outside MSH, MSA, QAK and ERR masked.
#[napi(js_name = "_redact", skip_typescript)]
pub fn redact(h: u32) -> napi::Result<String> {
    store::with(h, |m| izkit::redact(m.core()))
}
