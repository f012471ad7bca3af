//! # izkit-wasm
//!
//! izkit for the browser and every other WebAssembly host, built with wasm-bindgen: the npm
//! package `izkit-wasm`. The API is the one in `docs/BINDINGS-API.md` (the same as the Node
//! package, with `msg.toBytes()`): `parse`, `parseMany`, `locate`, `Message`, `MessageBuilder`,
//! `validate`, `validateReport`, `Validator`, `ack`, `toFhir`, `toFhirJson` and `fromFhir`.
//! Results are plain JavaScript objects; errors are thrown `Error` objects named `ParseError`,
//! `PathError`, `EditError` or `IzkitError` with `code`, `offset`, `path` and `line`.
//!
//! ```js
//! import init, { parse } from 'izkit-wasm';
//! await init();
//! const msg = parse('MSH|^~\\&|EHR|CLINIC|IIS||20240102||VXU^V04^VXU_V04|1|P|2.5.1\rPID|1||123^^^MR||DOE^JANE\r');
//! msg.get('PID-5.1'); // 'DOE'
//! ```
//!
//! This crate converts inputs, outputs and errors and nothing more: every behaviour is the
//! core's (`izkit`). Offsets count bytes of UTF-8 text, as in every izkit binding.

mod builder;
mod conformance;
mod convert;
mod error;
mod fhir;
mod message;
mod route;

pub use builder::MessageBuilder;
pub use conformance::{ack, validate, validate_report, JsValidator};
pub use fhir::{from_fhir, to_fhir, to_fhir_json};
pub use message::JsMessage;

use error::{into_js_error, type_error, Origin};
use message::Source;
use std::borrow::Cow;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Options of {@link parse}. */
export interface ParseOptions {
  /** Build the full index of every field up front (faster for whole-message work). Default false. */
  indexed?: boolean;
}

/** One field of a segment, as returned by `Message.segments()`. */
export interface FieldInfo {
  /** HL7 path of the field, e.g. `PID-5` or `RXA[2]-5`. */
  path: string;
  /** Raw text, escapes not decoded (`""` when empty). */
  raw: string;
  /** Decoded value (raw text for a composite), or `null` when empty. */
  value: string | null;
  /** Byte range `[start, end)` in the UTF-8 text of the message. */
  range: [number, number];
}

/** One segment, as returned by `Message.segments()`. */
export interface SegmentInfo {
  /** Three-character segment id (`PID`). */
  id: string;
  /** 0-based position in the message. */
  index: number;
  /** 1-based occurrence among segments with the same id. */
  occurrence: number;
  /** Raw segment text, terminator excluded. */
  raw: string;
  /** Byte range `[start, end)` in the UTF-8 text of the message. */
  range: [number, number];
  /** Fields 1..n (for MSH, MSH-1 is the field separator). */
  fields: FieldInfo[];
}

/** `Message.toJSON()`: fields → repetitions → components → decoded subcomponents. */
export interface MessageTree {
  segments: { id: string; fields: string[][][][] }[];
}

/**
 * One problem (or note) found by `validate`: plain data with the keys of the JSON contract
 * (`izkit validate --json`), snake_case as there (`app_code`).
 */
export interface Finding {
  /** How bad: `error`, `warning` or `information`. */
  severity: 'error' | 'warning' | 'information';
  /** HL7 table 0357 code: 100 segment sequence, 101 required field missing, 102 data type, 103 table value not found, 200 message type, 201 event, 202 processing id, 203 version, ... */
  code: number;
  /** CDC table 0533 application error code, or `null`. */
  app_code: number | null;
  /** The conformance statement or predicate id (`IZ-43`), or `null`. */
  rule: string | null;
  /** Where, as an HL7 ERL (`PID^1^5^1`), or `null` for the whole message. */
  location: string | null;
  /** Where, as an izkit path (`PID[1]-5`), or `null`. */
  path: string | null;
  /** What is wrong, built from the rule and element names: never message content. */
  text: string;
  /** Byte range `[start, end)` of the element at fault in the UTF-8 text, or `null`. */
  range: [number, number] | null;
}

/** A finding given to `ack`: `severity`, `code` and `text` at least; `path` is not read. */
export type FindingInput = Pick<Finding, 'severity' | 'code' | 'text'> & Partial<Finding>;

/** What `validateReport` returns. */
export interface Report {
  /** The profile validated against (`Z22`); `''` when none could be chosen. */
  profile: string;
  /** Every finding, in message order. */
  findings: Finding[];
}

/** Options of `validate` and `validateReport`. */
export interface ValidateOptions {
  /** "Today" as `YYYY-MM-DD` for the rules about future dates (default: today in UTC, from `Date`). */
  today?: string | null;
}

/** A profile of a jurisdiction, as NIST publishes them: XML text. */
export interface ProfileSource {
  /** The profile XML (`*_Profile.xml`). */
  profile: string;
  /** The conformance statements and predicates (`*_Constraints.xml`), if any. */
  constraints?: string | null;
  /** The value sets (`*_ValueSetLibrary.xml`), if any. */
  valueSets?: string | null;
}

/** The CDC code tables as CSV text (the columns of `core/data/tables/`). */
export interface TableSource {
  /** The CVX table (`cvx.csv`). */
  cvx: string;
  /** The MVX table (`mvx.csv`). */
  mvx: string;
  /** The CVX vaccine groups (`cvx-vaccine-group.csv`), if any. */
  groups?: string | null;
}

/** Options of `new Validator`. */
export interface ValidatorOptions {
  /** Profiles added to the built-in CDC ones; a profile whose id is known replaces it. */
  profiles?: readonly ProfileSource[] | null;
  /** Code tables replacing the built-in ones. */
  tables?: TableSource | null;
}

/** Options of `ack`. */
export interface AckOptions {
  /** MSH-10 of the acknowledgement (default: generated). */
  controlId?: string | null;
  /** MSH-7 of the acknowledgement, `YYYYMMDDHHMMSS+0000` (default: now in UTC, from `Date`). */
  timestamp?: string | null;
}

/** The `name` of an error thrown by izkit. */
export type IzkitErrorName = 'IzkitError' | 'ParseError' | 'PathError' | 'EditError';

/**
 * What izkit throws: an `Error` with the core's code and position (never field content). Named
 * `IzkitError` for an unknown forced profile (`validate`, code `unknown_profile`) and for the
 * FHIR mapping (`toFhir`, `fromFhir`: codes `to_fhir`, `fhir_json`, `from_fhir`).
 */
export interface IzkitError extends Error {
  name: IzkitErrorName;
  /** Stable snake_case code (`not_msh`, `invalid_path`, `edit`, ...). */
  code: string;
  /** 0-based byte offset into the UTF-8 text of the input. */
  offset: number;
  /** HL7 path of the problem, such as `RXA[2]-5.1`, or `null`. */
  path: string | null;
  /** 1-based line (segment) number. */
  line: number;
}
"#;

/// The text of a parse input: a string as it is, or bytes through the core's charset handling
/// (UTF-8, or ISO-8859-1 when MSH-18 declares it).
fn source_of(input: &JsValue) -> Result<Source, JsValue> {
    if let Some(text) = input.dyn_ref::<js_sys::JsString>() {
        return Ok(Source {
            text: convert::from_js(text),
            latin1: false,
        });
    }
    if let Some(array) = input.dyn_ref::<js_sys::Uint8Array>() {
        let bytes = array.to_vec();
        let text = izkit::v2::decode_bytes(&bytes).map_err(|e| into_js_error(&e, Origin::Parse))?;
        let latin1 = matches!(text, Cow::Owned(_));
        return Ok(Source {
            text: text.into_owned(),
            latin1,
        });
    }
    Err(type_error("izkit: input must be a string or a Uint8Array"))
}

/// `opts.indexed` (truthy), false when not given.
fn indexed(opts: &js_sys::Object) -> bool {
    js_sys::Reflect::get(opts, &JsValue::from_str("indexed")).is_ok_and(|v| v.is_truthy())
}

/// Parses one message from a string, or from bytes (`Uint8Array`, including Node's `Buffer`)
/// read as UTF-8 or, when MSH-18 says `8859/1`, as ISO-8859-1. `opts.indexed` builds the full
/// index up front. Throws a `ParseError` with `code`, `offset` (bytes of UTF-8 text), `path`
/// and `line` when the input is not a valid message.
#[wasm_bindgen]
pub fn parse(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ParseOptions")] opts: Option<js_sys::Object>,
) -> Result<JsMessage, JsValue> {
    let source = source_of(&input)?;
    let indexed = opts.as_ref().is_some_and(indexed);
    JsMessage::one(source, indexed)
}

/// Parses every message of an input holding several messages, MLLP frames or a batch file
/// (FHS/BHS … BTS/FTS, counts checked). Stops at the first error, thrown as a `ParseError`
/// with its offset into the whole input.
#[wasm_bindgen(js_name = parseMany, unchecked_return_type = "Message[]")]
pub fn parse_many(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
) -> Result<js_sys::Array, JsValue> {
    let source = source_of(&input)?;
    Ok(JsMessage::many(source)?
        .into_iter()
        .map(JsValue::from)
        .collect())
}

/// The path of the deepest part of `msg` holding byte `offset` (0-based, in bytes of UTF-8
/// text), or `null` when the offset lies outside every segment. Same as `msg.locate(offset)`.
#[wasm_bindgen(unchecked_return_type = "string | null")]
pub fn locate(msg: &JsMessage, offset: f64) -> JsValue {
    msg.locate_offset(offset)
}
