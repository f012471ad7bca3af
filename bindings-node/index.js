'use strict'
// The CommonJS entry point of `izkit`: loads the native addon (built by `npm run build`),
// defines `Message` and the error classes, and exports the API (validate, ack and the FHIR mapping included); index.mjs re-exports it for
// ESM. Conversions only: every behaviour is the Rust core's (see src/lib.rs for how the
// pieces fit). Declarations: index.d.ts.

const { existsSync, readdirSync } = require('node:fs')
const { join } = require('node:path')

/** The platform part of the addon's file name, as `napi build --platform` writes it. */
function platformTriple() {
  const { platform, arch } = process
  if (platform === 'linux') {
    let musl = false
    try {
      const report = process.report && process.report.getReport()
      musl = !(report && report.header && report.header.glibcVersionRuntime)
    } catch {
      musl = false
    }
    if (arch === 'arm') return `linux-arm-${musl ? 'musleabihf' : 'gnueabihf'}`
    return `linux-${arch}-${musl ? 'musl' : 'gnu'}`
  }
  if (platform === 'win32') return `win32-${arch}-msvc`
  if (platform === 'android' && arch === 'arm') return 'android-arm-eabi'
  return `${platform}-${arch}`
}

function loadAddon() {
  const candidates = [`izkit.${platformTriple()}.node`, 'izkit.node']
  for (const name of candidates) {
    const file = join(__dirname, name)
    if (existsSync(file)) return require(file)
  }
  const found = readdirSync(__dirname).filter((f) => f.endsWith('.node'))
  throw new Error(
    `izkit: no native addon for ${process.platform}-${process.arch} in ${__dirname} ` +
      `(looked for ${candidates.join(', ')}; found ${found.join(', ') || 'none'}). ` +
      'Build it with `npm run build` in bindings-node (needs Rust and cargo).',
  )
}

const native = loadAddon()

/**
 * The root of izkit's errors: `code` (stable snake_case), `offset` (0-based byte offset into
 * the UTF-8 input), `path` (HL7 path or null) and `line` (1-based). The message never
 * contains message content.
 */
class IzkitError extends Error {
  constructor(message, props = {}) {
    super(message)
    this.code = props.code
    this.offset = props.offset
    this.path = props.path === undefined ? null : props.path
    this.line = props.line
  }
}
/** The input is not a well-formed message (or batch). */
class ParseError extends IzkitError {}
/** An invalid HL7 path (code `invalid_path`). */
class PathError extends IzkitError {}
/** A builder operation was refused. */
class EditError extends IzkitError {}

const errorClasses = { IzkitError, ParseError, PathError, EditError }
for (const [name, cls] of Object.entries(errorClasses)) {
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true })
}

const INTERNAL = Symbol('izkit.internal')
/** The native handle of a Message (set by the class's static block; private to this file). */
let handleOf
// A message is kept natively and freed once its Message object is collected.
const registry = new FinalizationRegistry((handle) => native._free(handle))

/**
 * One parsed HL7 v2 message. It owns one buffer (its UTF-8 text with the parse result, kept
 * natively); reading a field copies only that field. Paths are 1-based HL7 paths (`PID-5.1`,
 * `RXA[2]-5.1`); offsets and ranges are 0-based byte offsets into the UTF-8 text.
 */
class Message {
  #h

  static {
    handleOf = (m) => m.#h
  }

  constructor(token, handle) {
    if (token !== INTERNAL) {
      throw new TypeError('izkit: create a Message with parse(), parseMany() or MessageBuilder.build()')
    }
    this.#h = handle
    registry.register(this, handle)
  }

  get(path) {
    return native._get(this.#h, path)
  }

  getRaw(path) {
    return native._getRaw(this.#h, path)
  }

  getAll(path) {
    return native._getAll(this.#h, path)
  }

  locate(offset) {
    return native._locate(this.#h, offset)
  }

  toJSON() {
    return native._toJSON(this.#h)
  }

  toString() {
    return native._toString(this.#h)
  }

  toBuffer() {
    return native._toBuffer(this.#h)
  }

  segments() {
    return native._segments(this.#h)
  }

  get segmentCount() {
    return native._segmentCount(this.#h)
  }

  toBuilder() {
    return native._toBuilder(this.#h)
  }
}

const wrap = (handle) => new Message(INTERNAL, handle)

// The native side builds errors and messages through these, so `instanceof` works.
native._init(
  function makeError(name, message, code, offset, path, line) {
    const Cls = errorClasses[name] || IzkitError
    const err = new Cls(message, { code, offset, path, line })
    if (Error.captureStackTrace) Error.captureStackTrace(err, makeError)
    return err
  },
  wrap,
)

// Strings reach the addon as UTF-8 written by TextEncoder.encodeInto into a reused scratch
// buffer: faster than napi's own string conversion, which measures the string first. Strings
// too long for a scratch buffer worth keeping take napi's path.
const encoder = new TextEncoder()
const SCRATCH_MAX = 4 << 20
let scratch = new Uint8Array(1 << 16)

/** A string, or bytes (a Buffer or any Uint8Array). */
function checkInput(input) {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new TypeError('izkit: the input must be a string, a Buffer or a Uint8Array')
  }
}

/** Parses one message: a string as it is, a Buffer/Uint8Array as UTF-8 or ISO-8859-1 (MSH-18). */
function parse(input, opts) {
  checkInput(input)
  if (typeof input === 'string') {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    const need = input.length * 3
    if (need > scratch.length && need <= SCRATCH_MAX) scratch = new Uint8Array(need)
    if (need <= scratch.length) {
      const { written } = encoder.encodeInto(input, scratch)
      return new Message(INTERNAL, native._parseUtf8(scratch, written, opts))
    }
  }
  return new Message(INTERNAL, native._parse(input, opts))
}

/** Parses every message of an input (messages back to back, MLLP frames, batch files). */
function parseMany(input) {
  checkInput(input)
  return native._parseMany(input).map(wrap)
}

/** parseMany on the libuv thread pool. */
function parseManyAsync(input) {
  try {
    checkInput(input)
    return native._parseManyAsync(input).then((handles) => handles.map(wrap))
  } catch (err) {
    return Promise.reject(err)
  }
}

/** Throws a TypeError unless `msg` is a Message. */
function checkMessage(msg, fn) {
  if (!(msg instanceof Message)) throw new TypeError(`izkit: ${fn} needs a Message`)
}

/** `opts.today` of validate(), or null. */
function todayOf(opts) {
  const today = opts == null ? undefined : opts.today
  if (today === undefined || today === null) return null
  if (typeof today !== 'string') throw new TypeError('izkit: opts.today must be a string, YYYY-MM-DD')
  return today
}

/**
 * Validates `msg` against the CDC IG R1.5 profiles: `{profile, findings}`. `profile` forces a
 * profile id (`Z22`); `opts.today` (`YYYY-MM-DD`) fixes the date of the rules about future
 * dates. Findings are plain objects with the JSON contract's keys (snake_case `app_code`).
 */
function validateReport(msg, profile, opts) {
  checkValidateArgs(msg, profile)
  return JSON.parse(native._validate(handleOf(msg), profile ?? null, todayOf(opts)))
}

/** Throws a TypeError unless `msg` is a Message and `profile` a string or null. */
function checkValidateArgs(msg, profile) {
  checkMessage(msg, 'validate(msg, profile, opts)')
  if (profile !== undefined && profile !== null && typeof profile !== 'string') {
    throw new TypeError('izkit: the profile must be a string such as "Z22", or null')
  }
}

/** `obj[key]` when it is a string, null when absent (undefined or null), else a TypeError. */
function optText(obj, key, what) {
  const v = obj[key]
  if (v === undefined || v === null) return null
  if (typeof v !== 'string') throw new TypeError(`izkit: ${what} must be a string`)
  return v
}

/** `obj[key]` when it is a string, else a TypeError. */
function text(obj, key, what) {
  const v = optText(obj, key, what)
  if (v === null) throw new TypeError(`izkit: ${what} must be a string`)
  return v
}

/**
 * A validator with a jurisdiction's profiles (NIST profile XML, added to the built-in ones: a
 * known id is replaced) and code tables (CDC CSV text, replacing the built-in ones):
 * `new Validator({profiles: [{profile, constraints?, valueSets?}], tables: {cvx, mvx, groups?}})`.
 * Throws an `IzkitError` with code `profile_load` or `table_load` when they do not load.
 */
class Validator {
  #v

  constructor(opts) {
    const o = opts ?? {}
    if (typeof o !== 'object') throw new TypeError('izkit: new Validator(opts) takes an object {profiles?, tables?}')
    let profiles = null
    if (o.profiles !== undefined && o.profiles !== null) {
      if (!Array.isArray(o.profiles)) {
        throw new TypeError('izkit: opts.profiles must be an array of {profile, constraints?, valueSets?}')
      }
      profiles = o.profiles.map((p, i) => {
        const at = `opts.profiles[${i}]`
        if (p === null || typeof p !== 'object') throw new TypeError(`izkit: ${at} must be an object {profile, constraints?, valueSets?}`)
        return [text(p, 'profile', `${at}.profile`), optText(p, 'constraints', `${at}.constraints`), optText(p, 'valueSets', `${at}.valueSets`)]
      })
    }
    let tables = null
    if (o.tables !== undefined && o.tables !== null) {
      const t = o.tables
      if (typeof t !== 'object') throw new TypeError('izkit: opts.tables must be an object {cvx, mvx, groups?}')
      tables = [text(t, 'cvx', 'opts.tables.cvx'), text(t, 'mvx', 'opts.tables.mvx'), optText(t, 'groups', 'opts.tables.groups')]
    }
    this.#v = native._newValidator(profiles, tables)
  }

  /** `validateReport(msg, profile, opts)` with this validator's profiles and tables. */
  validateReport(msg, profile, opts) {
    checkValidateArgs(msg, profile)
    return JSON.parse(native._validateWith(this.#v, handleOf(msg), profile ?? null, todayOf(opts)))
  }

  /** `validate(msg, profile, opts)` with this validator's profiles and tables. */
  validate(msg, profile, opts) {
    return this.validateReport(msg, profile, opts).findings
  }

  /** The ids of the profiles this validator knows (`Z22`, ...). */
  profileIds() {
    return native._profileIds(this.#v)
  }
}

/** The findings of `validateReport(msg, profile, opts)`. */
function validate(msg, profile, opts) {
  return validateReport(msg, profile, opts).findings
}

/**
 * The acknowledgement of `msg` for `findings` (an array of findings, or a report): a Message.
 * `opts.controlId` and `opts.timestamp` set MSH-10 and MSH-7.
 */
function ack(msg, findings, opts) {
  checkMessage(msg, 'ack(msg, findings, opts)')
  const list = findings !== null && typeof findings === 'object' && !Array.isArray(findings) && Array.isArray(findings.findings)
    ? findings.findings
    : findings
  if (!Array.isArray(list)) throw new TypeError('izkit: ack() takes an array of findings or a report')
  const o = opts ?? {}
  for (const key of ['controlId', 'timestamp']) {
    if (o[key] !== undefined && o[key] !== null && typeof o[key] !== 'string') {
      throw new TypeError(`izkit: opts.${key} must be a string`)
    }
  }
  return wrap(native._ack(handleOf(msg), JSON.stringify(list), o.controlId ?? null, o.timestamp ?? null))
}

/** `opts.localOffset` of toFhir(): an integer number of minutes east of UTC, or null. */
function localOffsetOf(opts) {
  const v = opts == null ? undefined : opts.localOffset
  if (v === undefined || v === null) return null
  if (!Number.isInteger(v) || Math.abs(v) > 0x7fffffff) {
    throw new TypeError('izkit: opts.localOffset must be an integer number of minutes east of UTC, e.g. -300')
  }
  return v
}

/**
 * The FHIR R4 Bundle of `msg` as compact JSON text, exactly as the core writes it (decimals
 * keep their digits). `opts.localOffset`: minutes east of UTC for v2 times without an offset.
 */
function toFhirJson(msg, opts) {
  checkMessage(msg, 'toFhir(msg, opts)')
  return native._toFhir(handleOf(msg), localOffsetOf(opts))
}

/** The FHIR R4 Bundle of `msg` (a VXU, an RSP, an ACK) as a plain object. */
function toFhir(msg, opts) {
  return JSON.parse(toFhirJson(msg, opts))
}

const FROM_FHIR_OPTIONS = [
  'sendingApplication',
  'sendingFacility',
  'receivingApplication',
  'receivingFacility',
  'controlId',
  'timestamp',
  'processingId',
  'queryProfile',
]

/**
 * The HL7 v2 messages (VXU or QBP) of a FHIR R4 resource given as JSON text, bytes or an
 * object: one string, the messages back to back, each one's segments ended by CR
 * (`parseMany` splits them). `opts` sets MSH-3/4/5/6 (HD as v2 text), MSH-10, MSH-7, MSH-11
 * and the query profile (`Z34` or `Z44`) for a Patient.
 */
function fromFhir(resource, opts) {
  let json
  if (typeof resource === 'string') json = resource
  else if (resource instanceof Uint8Array) json = new TextDecoder().decode(resource)
  else if (resource !== null && typeof resource === 'object') json = JSON.stringify(resource)
  else throw new TypeError('izkit: fromFhir() takes JSON text (a string or bytes) or an object')
  const o = opts ?? {}
  if (typeof o !== 'object') throw new TypeError('izkit: fromFhir(resource, opts) takes an options object')
  const values = FROM_FHIR_OPTIONS.map((k) => optText(o, k, `opts.${k}`))
  return native._fromFhir(json, ...values).join('')
}

/** `opts.reveal` of route(): a boolean (default false). */
function revealOf(opts) {
  const o = opts ?? {}
  if (typeof o !== 'object') throw new TypeError('izkit: route(msg, policy, opts) takes an options object {reveal?}')
  if (o.reveal === undefined || o.reveal === null) return false
  if (typeof o.reveal !== 'boolean') throw new TypeError('izkit: opts.reveal must be a boolean')
  return o.reveal
}

/** Policy or jurisdictions text: a string, bytes (UTF-8) or, for a policy, an object. */
function sourceText(v, what) {
  if (v === undefined || v === null) return null
  if (typeof v === 'string') return v
  if (v instanceof Uint8Array) return new TextDecoder().decode(v)
  if (what === 'policy' && typeof v === 'object') return JSON.stringify(v)
  throw new TypeError(`izkit: the ${what} must be ${what === 'policy' ? 'JSON text, bytes or an object' : 'CSV text or bytes'}`)
}

/**
 * A Share policy and the IIS jurisdictions table it routes with, loaded, checked and compiled
 * once: `new Policy(policy?, {jurisdictions?})`. `policy` is JSON text, bytes or an object in the
 * format of docs/ROUTING.md (null: the built-in policy); `jurisdictions` is CSV text replacing
 * the built-in table. Throws an `IzkitError` with code `policy_load` (saying where in the file)
 * or `table_load`.
 */
class Policy {
  #r

  constructor(policy, opts) {
    const o = opts ?? {}
    if (typeof o !== 'object') throw new TypeError('izkit: new Policy(policy, opts) takes an options object {jurisdictions?}')
    this.#r = native._newRouter(sourceText(policy, 'policy'), sourceText(o.jurisdictions, 'jurisdictions'))
  }

  /** `routeReport(msg, this, opts)`. */
  routeReport(msg, opts) {
    checkMessage(msg, 'policy.route(msg, opts)')
    return JSON.parse(native._routeWith(this.#r, handleOf(msg), revealOf(opts)))
  }

  /** `route(msg, this, opts)`. */
  route(msg, opts) {
    return this.routeReport(msg, opts).decisions
  }
}

/**
 * The Share decisions for `msg` with the facts they came from: `{decisions, facts}`. Each
 * decision is `{destination, action, reasons, rules, hl7?}`: `action` `send` (with `hl7`, the
 * message as that destination receives it), `deny`, or `hold` (`destination` null when the whole
 * message is held). `policy` is a `Policy` (default: the built-in one); `opts.reveal` lets facts
 * show address parts.
 */
function routeReport(msg, policy, opts) {
  if (policy !== undefined && policy !== null) {
    if (!(policy instanceof Policy)) throw new TypeError('izkit: the policy must be an izkit Policy (build it once: new Policy(json))')
    return policy.routeReport(msg, opts)
  }
  checkMessage(msg, 'route(msg, policy, opts)')
  return JSON.parse(native._route(handleOf(msg), revealOf(opts)))
}

/** The decisions of `routeReport(msg, policy, opts)`. */
function route(msg, policy, opts) {
  return routeReport(msg, policy, opts).decisions
}

/** `msg` as text safe for logs: MSH, MSA, QAK and ERR kept, every other value masked. */
function redact(msg) {
  checkMessage(msg, 'redact(msg)')
  return native._redact(handleOf(msg))
}

/** The path of the part of `msg` holding byte `offset`, or null. Same as `msg.locate(offset)`. */
function locate(msg, offset) {
  if (!(msg instanceof Message)) throw new TypeError('izkit: locate(msg, offset) needs a Message')
  return msg.locate(offset)
}

module.exports = {
  parse,
  parseMany,
  parseManyAsync,
  locate,
  validate,
  validateReport,
  ack,
  toFhir,
  toFhirJson,
  fromFhir,
  route,
  routeReport,
  redact,
  Policy,
  Validator,
  Message,
  MessageBuilder: native.MessageBuilder,
  IzkitError,
  ParseError,
  PathError,
  EditError,
}
