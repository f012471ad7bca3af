// Runs the language-neutral behaviour suite (tests/behaviour/cases/*.json at the repository
// root) against the Node binding, case for case as core/tests/behaviour.rs runs it against the
// Rust core. Hex inputs go in as Buffers (the bytes entry point, which transcodes ISO-8859-1).
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import {
  EditError,
  IzkitError,
  Message,
  MessageBuilder,
  ParseError,
  PathError,
  Validator,
  ack,
  fromFhir,
  locate,
  parse,
  parseMany,
  parseManyAsync,
  Policy,
  redact,
  route,
  routeReport,
  toFhir,
  toFhirJson,
  validate,
  validateReport,
} from '../index.mjs'
import { runFhirCase } from '../../tests/behaviour/fhir.mjs'
import { runRedactCase, runRouteCase } from '../../tests/behaviour/route.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const casesDir = join(root, 'tests', 'behaviour', 'cases')

/** The case's input: a string (text or file) or a Buffer (hex). */
function input(c) {
  if (typeof c.input === 'string') return c.input
  if (typeof c.input_file === 'string') return readFileSync(join(root, c.input_file), 'utf8')
  assert.equal(typeof c.input_hex, 'string', 'a case has an input')
  return Buffer.from(c.input_hex, 'hex')
}

const bytesOf = (x) => (typeof x === 'string' ? Buffer.from(x, 'utf8') : x)

/** Calls fn, which must throw an izkit error, and returns it. */
function thrown(fn, what) {
  try {
    fn()
  } catch (e) {
    return e
  }
  assert.fail(`${what}: expected an error`)
}

function checkError(name, e, want, c, cls) {
  assert.ok(e instanceof IzkitError, `${name}: an IzkitError (${e})`)
  assert.ok(e instanceof cls, `${name}: a ${cls.name} (${e.name})`)
  assert.equal(e.name, cls.name, `${name}: name`)
  assert.equal(e.code, want.code, `${name}: code (${e.message})`)
  if ('offset' in want) assert.equal(e.offset, want.offset, `${name}: offset`)
  if ('path' in want) assert.equal(e.path, want.path, `${name}: path`)
  assert.equal(typeof e.line, 'number', `${name}: line`)
  if (typeof c.no_text_in_error === 'string') {
    assert.ok(!e.message.includes(c.no_text_in_error), `${name}: error echoes content`)
    assert.ok(!String(e.stack).includes(c.no_text_in_error), `${name}: stack echoes content`)
  }
}

function checkMessage(name, msg, original, expect) {
  if (expect.roundtrip === true) {
    if (typeof original === 'string') assert.equal(msg.toString(), original, `${name}: roundtrip`)
    assert.ok(msg.toBuffer().equals(bytesOf(original)), `${name}: roundtrip bytes`)
  }
  if (typeof expect.segments === 'number') assert.equal(msg.segmentCount, expect.segments, `${name}: segments`)
  for (const [path, want] of Object.entries(expect.get ?? {})) {
    assert.equal(msg.get(path), want, `${name}: get ${path}`)
  }
  for (const [path, want] of Object.entries(expect.get_raw ?? {})) {
    assert.equal(msg.getRaw(path), want, `${name}: get_raw ${path}`)
  }
  for (const [path, want] of Object.entries(expect.get_all ?? {})) {
    assert.deepEqual(msg.getAll(path), want, `${name}: get_all ${path}`)
  }
  for (const [offset, want] of expect.locate ?? []) {
    assert.equal(msg.locate(offset), want, `${name}: locate ${offset}`)
    assert.equal(locate(msg, offset), want, `${name}: locate(msg, ${offset})`)
  }
  for (const [path, code] of Object.entries(expect.get_error ?? {})) {
    const e = thrown(() => msg.get(path), `${name}: get_error ${path}`)
    checkError(`${name}: get_error ${path}`, e, { code }, {}, code === 'invalid_path' ? PathError : ParseError)
  }
  for (const path of expect.present ?? []) {
    assert.notEqual(msg.get(path), null, `${name}: ${path} is empty`)
  }
}

const FINDING_KEYS = ['app_code', 'code', 'location', 'path', 'range', 'rule', 'severity', 'text']

/** True when `finding` has every key of `pattern` with the same value. */
const matches = (finding, pattern) =>
  Object.entries(pattern).every(([k, v]) => k in finding && JSON.stringify(finding[k]) === JSON.stringify(v))

function checkFindings(name, profile, findings, expect) {
  for (const f of findings) assert.deepEqual(Object.keys(f).sort(), FINDING_KEYS, `${name}: the keys of a finding`)
  if ('profile' in expect) assert.equal(profile, expect.profile, `${name}: profile`)
  const shown = JSON.stringify(findings, null, 1)
  for (const p of expect.findings_include ?? []) {
    assert.ok(findings.some((f) => matches(f, p)), `${name}: no finding matches ${JSON.stringify(p)}: ${shown}`)
  }
  for (const p of expect.findings_exclude ?? []) {
    assert.ok(!findings.some((f) => matches(f, p)), `${name}: a finding matches ${JSON.stringify(p)}: ${shown}`)
  }
  if (typeof expect.findings_exclude_severity === 'string') {
    const sev = expect.findings_exclude_severity
    assert.ok(findings.every((f) => f.severity !== sev), `${name}: a finding has severity ${sev}: ${shown}`)
  }
  if (typeof expect.findings_count === 'number') assert.equal(findings.length, expect.findings_count, `${name}: findings_count: ${shown}`)
  if (typeof expect.no_text_in_findings === 'string') {
    assert.ok(!JSON.stringify(findings).includes(expect.no_text_in_findings), `${name}: findings echo content`)
  }
}

/** `spec[key]`, or the text of the file `spec[key + '_file']` names; null when neither. */
function source(spec, key) {
  if (typeof spec[key] === 'string') return spec[key]
  if (typeof spec[`${key}_file`] === 'string') return readFileSync(join(root, spec[`${key}_file`]), 'utf8')
  return null
}

/** A `Validator` for a case with local `profiles` / `tables`, else the module functions. */
function validatorFor(v) {
  if (!('profiles' in v) && !('tables' in v)) return { validate, validateReport }
  const opts = {}
  if ('profiles' in v) {
    opts.profiles = v.profiles.map((p) => {
      let profile = source(p, 'profile')
      for (const [from, to] of p.replace ?? []) {
        assert.ok(profile.includes(from), `replace: ${from} is not in the profile`)
        profile = profile.replace(from, to)
      }
      return { profile, constraints: source(p, 'constraints'), valueSets: source(p, 'value_sets') }
    })
  }
  if ('tables' in v) {
    let cvx = source(v.tables, 'cvx')
    for (const code of v.tables.drop_cvx ?? []) {
      cvx = cvx.split('\n').filter((l) => !l.startsWith(`${code},`)).join('\n')
    }
    opts.tables = { cvx, mvx: source(v.tables, 'mvx'), groups: source(v.tables, 'groups') }
  }
  const validator = new Validator(opts)
  assert.ok(validator.profileIds().includes('Z22'))
  return validator
}

function runValidate(c) {
  const { name, expect } = c
  const opts = { today: c.validate.today }
  const profile = c.validate.profile
  for (const indexed of [false, true]) {
    const how = `${name} (${indexed ? 'indexed' : 'lazy'})`
    const msg = parse(input(c), { indexed })
    let report, v
    try {
      v = validatorFor(c.validate)
      report = v.validateReport(msg, profile, opts)
    } catch (e) {
      checkError(how, e, expect.error ?? { code: '(no error expected)' }, c, IzkitError)
      continue
    }
    assert.ok(!('error' in expect), `${how}: expected an error`)
    checkFindings(how, report.profile, report.findings, expect)
    assert.deepEqual(v.validate(msg, profile, opts), report.findings, `${how}: validate`)
  }
}

function runAck(c) {
  const { name, expect } = c
  const spec = c.ack
  const msg = parse(input(c))
  const findings = 'findings' in spec ? spec.findings : validate(msg, spec.validate.profile, { today: spec.validate.today })
  const out = ack(msg, findings, { controlId: spec.control_id, timestamp: spec.timestamp })
  assert.ok(out instanceof Message, `${name}: a Message`)
  checkMessage(name, out, out.toString(), expect)
  if (typeof expect.no_text_in_ack === 'string') {
    assert.ok(!out.toString().includes(expect.no_text_in_ack), `${name}: the ACK echoes content`)
  }
}

function checkMany(name, msgs, original, expect) {
  assert.ok(!('error' in expect), `${name}: expected an error`)
  if (typeof expect.count === 'number') assert.equal(msgs.length, expect.count, `${name}: count`)
  if (expect.roundtrip === true) {
    if (typeof original === 'string') assert.equal(msgs.map(String).join(''), original, `${name}: roundtrip`)
    assert.ok(Buffer.concat(msgs.map((m) => m.toBuffer())).equals(bytesOf(original)), `${name}: roundtrip bytes`)
  }
  const per = expect.messages ?? []
  for (let i = 0; i < Math.min(per.length, msgs.length); i++) {
    checkMessage(`${name} [${i}]`, msgs[i], msgs[i].toString(), per[i])
  }
}

async function runParse(c) {
  const { name, expect } = c
  const data = input(c)
  if (c.many === true) {
    let msgs
    try {
      msgs = parseMany(data)
    } catch (e) {
      checkError(name, e, expect.error ?? { code: '(no error expected)' }, c, ParseError)
    }
    if (msgs) checkMany(name, msgs, data, expect)
    // The Promise API answers the same.
    let asyncMsgs
    try {
      asyncMsgs = await parseManyAsync(data)
    } catch (e) {
      checkError(`${name} (async)`, e, expect.error ?? { code: '(no error expected)' }, c, ParseError)
    }
    if (asyncMsgs) checkMany(`${name} (async)`, asyncMsgs, data, expect)
    return
  }
  for (const indexed of [false, true]) {
    const how = `${name} (${indexed ? 'indexed' : 'lazy'})`
    let msg
    try {
      msg = parse(data, { indexed })
    } catch (e) {
      checkError(how, e, expect.error ?? { code: '(no error expected)' }, c, ParseError)
      continue
    }
    assert.ok(!('error' in expect), `${how}: expected an error`)
    checkMessage(how, msg, data, expect)
  }
}

function runBuild(c) {
  const { name, expect } = c
  const from = c.build.from
  const b = from === null ? new MessageBuilder() : new MessageBuilder(from)
  const ops = {
    set: (p, v) => b.set(p, v),
    set_raw: (p, v) => b.setRaw(p, v),
    clear: (p) => b.clear(p),
    add_segment: (t) => b.addSegment(t),
    insert_segment: (i, t) => b.insertSegment(i, t),
    remove_segment: (i) => b.removeSegment(i),
    add_repetition: (p, v) => b.addRepetition(p, v),
    remove_repetition: (p) => b.removeRepetition(p),
  }
  for (const [i, [op, ...args]] of c.build.ops.entries()) {
    assert.ok(op in ops, `${name}: unknown op ${op}`)
    try {
      ops[op](...args)
    } catch (e) {
      assert.equal(expect.op, i, `${name}: op ${i} failed: ${e}`)
      return checkError(name, e, expect.error, c, expect.error.code === 'invalid_path' ? PathError : EditError)
    }
  }
  assert.ok(!('error' in expect), `${name}: expected an error`)
  if (typeof expect.text === 'string') assert.equal(b.toString(), expect.text, `${name}: text`)
  for (const [path, want] of Object.entries(expect.get ?? {})) {
    assert.equal(b.get(path), want, `${name}: get ${path}`)
  }
}

/** A FHIR case (shared with the WASM runner: tests/behaviour/fhir.mjs). */
function runFhir(c) {
  const api = { parse, parseMany, validate, toFhir, toFhirJson, fromFhir }
  const data = 'to_fhir' in c ? input(c) : null
  runFhirCase(api, c, data, (name, e, want, cc) =>
    checkError(name, e, want ?? { code: '(no error expected)' }, cc, IzkitError),
  )
}

/** A route case (shared with the WASM runner: tests/behaviour/route.mjs). */
function runRoute(c) {
  const spec = c.route
  if (typeof spec.jurisdictions_file === 'string') {
    spec.jurisdictions = readFileSync(join(root, spec.jurisdictions_file), 'utf8')
  }
  runRouteCase({ parse, route, routeReport, Policy }, c, input(c), (name, e, want, cc) =>
    checkError(name, e, want ?? { code: '(no error expected)' }, cc, IzkitError),
  )
}

/** A redact case (shared with the WASM runner). */
function runRedact(c) {
  runRedactCase({ parse, redact }, c, input(c))
}

const files = readdirSync(casesDir).filter((f) => f.endsWith('.json')).sort()
let count = 0
for (const f of files) {
  const suite = JSON.parse(readFileSync(join(casesDir, f), 'utf8'))
  for (const c of suite.cases) {
    count++
    const run =
      'route' in c
        ? runRoute
        : 'redact' in c
          ? runRedact
          : 'to_fhir' in c || 'from_fhir' in c
        ? runFhir
        : 'build' in c
          ? runBuild
          : 'validate' in c
            ? runValidate
            : 'ack' in c
              ? runAck
              : runParse
    test(`${suite.suite}: ${c.name}`, () => run(c))
  }
}

test('the suite is all there', () => {
  assert.ok(count >= 30, `the suite has ${count} cases`)
})
