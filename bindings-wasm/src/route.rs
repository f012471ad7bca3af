//! `route`, `routeReport`, `Policy` and `redact`: the core's Share routing (`izkit::route`)
//! and safe logging (`izkit::redact`) for JavaScript.
//!
//! A routing crosses as a plain object in the shape `izkit route --json` prints (the serde form
//! of `izkit::route::Routing`), written by `serde-wasm-bindgen`'s JSON-compatible serializer. A
//! policy given as an object is written by the host's `JSON.stringify` for the core to read.
//! Conversion only.

use crate::error::{into_js_error, type_error, Origin};
use crate::message::{to_plain, JsMessage};
use izkit::route::{RouteOptions, Router, Routing};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TS_ROUTE: &'static str = r#"
/** What happens to a message for one destination (the JSON contract of `izkit route --json`). */
export interface Decision {
  /** A jurisdiction id (`MD`, `NYC`), or null when the whole message is held. */
  destination: string | null;
  /** `send`, `deny` or `hold`. */
  action: 'send' | 'deny' | 'hold';
  /** Why, in words: rule ids and facts, never patient data. */
  reasons: string[];
  /** The ids of the policy rules that produced the decision. */
  rules: string[];
  /** For `send`: the message as this destination receives it (after its transformations). */
  hl7?: string;
}

/** What `routeReport` returns. */
export interface Routing {
  /** At least one decision: a send, or a hold. */
  decisions: Decision[];
  /** The derived facts the decisions were made from (no patient data unless `reveal`). */
  facts: Record<string, unknown>;
}

/** Options of `route` and `routeReport`. */
export interface RouteOptions {
  /** Let facts show address parts (city, county); names, dates and ids never appear. */
  reveal?: boolean | null;
}

/** Options of `new Policy`. */
export interface PolicyOptions {
  /** CSV text replacing the built-in IIS jurisdictions table. */
  jurisdictions?: string | Uint8Array | null;
}
"#;

/// `opts.reveal`: a boolean, default false.
fn reveal_of(opts: &JsValue) -> Result<bool, JsValue> {
    if opts.is_undefined() || opts.is_null() {
        return Ok(false);
    }
    if !opts.is_object() {
        return Err(type_error(
            "izkit: route(msg, policy, opts) takes an options object {reveal?}",
        ));
    }
    let v = js_sys::Reflect::get(opts, &JsValue::from_str("reveal")).unwrap_or_default();
    if v.is_undefined() || v.is_null() {
        return Ok(false);
    }
    v.as_bool()
        .ok_or_else(|| type_error("izkit: opts.reveal must be a boolean"))
}

/// Policy or jurisdictions text: a string, UTF-8 bytes or (a policy only) an object.
fn source_text(v: &JsValue, policy: bool) -> Result<Option<String>, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    if let Some(s) = v.as_string() {
        return Ok(Some(s));
    }
    if let Some(bytes) = v.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(Some(String::from_utf8_lossy(&bytes.to_vec()).into_owned()));
    }
    if policy && v.is_object() {
        return js_sys::JSON::stringify(v)
            .map(String::from)
            .map(Some)
            .map_err(|_| type_error("izkit: the policy object cannot be written as JSON"));
    }
    Err(type_error(if policy {
        "izkit: the policy must be JSON text, bytes or an object"
    } else {
        "izkit: the jurisdictions must be CSV text or bytes"
    }))
}

fn routing(router: &Router, msg: &JsMessage, opts: &JsValue) -> Result<Routing, JsValue> {
    // wasm32 has no clock: "today" for the transformations' date preconditions is the host's.
    let options = RouteOptions {
        reveal: reveal_of(opts)?,
        today: crate::conformance::host_today(),
        ..RouteOptions::default()
    };
    router
        .route(msg.msg(), &options)
        .map_err(|e| into_js_error(&e, Origin::Conformance))
}

thread_local! {
    /// The routers of the live `Policy` objects by id, so that `route(msg, policy)` can find the
    /// one a `Policy` holds (wasm-bindgen 0.2 cannot take `Option<&Policy>` as an argument).
    /// A wasm32 module runs on one thread.
    static POLICIES: RefCell<HashMap<u32, Rc<Router>>> = RefCell::new(HashMap::new());
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

/// A Share policy and the IIS jurisdictions table it routes with, loaded, checked and compiled
/// once: `new Policy(policy?, {jurisdictions?})`. `policy` is JSON text, bytes or an object in
/// the format of docs/ROUTING.md (null: the built-in policy); `jurisdictions` CSV text replacing
/// the built-in table. Throws an `IzkitError` with code `policy_load` (saying where in the
/// file) or `table_load`. Call `.free()` when done with it.
#[wasm_bindgen(js_name = Policy)]
pub struct JsPolicy {
    id: u32,
    inner: Rc<Router>,
}

impl Drop for JsPolicy {
    fn drop(&mut self) {
        POLICIES.with(|p| p.borrow_mut().remove(&self.id));
    }
}

#[wasm_bindgen(js_class = Policy)]
impl JsPolicy {
    /// Loads and compiles the policy, as the class comment says.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "string | Uint8Array | object | null")]
        policy: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PolicyOptions")] opts: JsValue,
    ) -> Result<JsPolicy, JsValue> {
        if !(opts.is_undefined() || opts.is_null() || opts.is_object()) {
            return Err(type_error(
                "izkit: new Policy(policy, opts) takes an options object {jurisdictions?}",
            ));
        }
        let table_src = if opts.is_object() {
            js_sys::Reflect::get(&opts, &JsValue::from_str("jurisdictions")).unwrap_or_default()
        } else {
            JsValue::UNDEFINED
        };
        let policy = source_text(&policy, true)?;
        let table_src = source_text(&table_src, false)?;
        let built = Router::from_texts(policy.as_deref(), table_src.as_deref());
        let inner = Rc::new(built.map_err(|e| into_js_error(&e, Origin::Conformance))?);
        let id = NEXT_ID.with(|n| {
            let id = n.get();
            n.set(id.wrapping_add(1).max(1));
            id
        });
        POLICIES.with(|p| p.borrow_mut().insert(id, Rc::clone(&inner)));
        Ok(JsPolicy { id, inner })
    }

    /// The key `route(msg, policy)` finds this policy's router by (internal).
    #[wasm_bindgen(getter, js_name = _izkitPolicyId, skip_typescript)]
    pub fn policy_id(&self) -> u32 {
        self.id
    }

    /// `routeReport(msg, this, opts)`.
    #[wasm_bindgen(js_name = routeReport, unchecked_return_type = "Routing")]
    pub fn route_report(
        &self,
        msg: &JsMessage,
        #[wasm_bindgen(unchecked_optional_param_type = "RouteOptions")] opts: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_plain(&routing(&self.inner, msg, &opts)?)
    }

    /// `route(msg, this, opts)`.
    #[wasm_bindgen(unchecked_return_type = "Decision[]")]
    pub fn route(
        &self,
        msg: &JsMessage,
        #[wasm_bindgen(unchecked_optional_param_type = "RouteOptions")] opts: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_plain(&routing(&self.inner, msg, &opts)?.decisions)
    }
}

/// The routing of `msg` under `policy`: a `Policy`, or `undefined`/`null` for the built-in one.
fn routing_with(msg: &JsMessage, policy: &JsValue, opts: &JsValue) -> Result<Routing, JsValue> {
    if policy.is_undefined() || policy.is_null() {
        return routing(Router::builtin(), msg, opts);
    }
    let not_policy = || {
        type_error(
            "izkit: the policy must be an izkit Policy (build it once: new Policy(json)), or null",
        )
    };
    if !policy.is_object() {
        return Err(not_policy());
    }
    let id = js_sys::Reflect::get(policy, &JsValue::from_str("_izkitPolicyId"))
        .ok()
        .and_then(|v| v.as_f64())
        .ok_or_else(not_policy)?;
    let router = POLICIES
        .with(|p| p.borrow().get(&(id as u32)).cloned())
        .ok_or_else(|| type_error("izkit: this Policy has been freed"))?;
    routing(&router, msg, opts)
}

/// The Share decisions for `msg` with the facts they came from: `{decisions, facts}`. Each
/// decision is `{destination, action, reasons, rules, hl7?}`: `action` `send` (with `hl7`, the
/// message as that destination receives it), `deny`, or `hold` (`destination` null when the
/// whole message is held). `policy` is a `Policy` (default: the built-in one); `opts.reveal`
/// lets facts show address parts. Throws an `IzkitError` with code `transform` when a
/// destination's transformation fails.
#[wasm_bindgen(js_name = routeReport, unchecked_return_type = "Routing")]
pub fn route_report(
    msg: &JsMessage,
    #[wasm_bindgen(unchecked_optional_param_type = "Policy | null")] policy: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RouteOptions")] opts: JsValue,
) -> Result<JsValue, JsValue> {
    to_plain(&routing_with(msg, &policy, &opts)?)
}

/// The decisions of `routeReport(msg, policy, opts)`.
#[wasm_bindgen(unchecked_return_type = "Decision[]")]
pub fn route(
    msg: &JsMessage,
    #[wasm_bindgen(unchecked_optional_param_type = "Policy | null")] policy: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RouteOptions")] opts: JsValue,
) -> Result<JsValue, JsValue> {
    to_plain(&routing_with(msg, &policy, &opts)?.decisions)
}

/// `msg` as text safe for logs: MSH, MSA, QAK and ERR kept, every other value masked, the
/// segment and delimiter skeleton left in place.
#[wasm_bindgen]
pub fn redact(msg: &JsMessage) -> String {
    izkit::redact(msg.msg())
}
