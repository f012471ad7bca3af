// The behaviour suite (tests/behaviour/cases/*.json at the repository root) run against the
// WASM binding, mirroring the Rust runner core/tests/behaviour.rs check for check. Plain ES
// module with no Node imports: behaviour.test.mjs runs it in Node, browser.test.mjs inside the
// demo page in Chromium. `api` is the imported module (`parse`, `parseMany`, `locate`,
// `MessageBuilder`, `validate`, `validateReport`, `Validator`, `ack`, `toFhir`, `toFhirJson`,
// `fromFhir`); cases come with `input_file` already read into `input`, and local profile and
// table files inlined. FHIR cases run through tests/behaviour/fhir.mjs at the repository root,
// shared with the Node binding's runner (the browser test serves that folder at the same path).
import { runFhirCase } from '../../tests/behaviour/fhir.mjs';
import { runRedactCase, runRouteCase } from '../../tests/behaviour/route.mjs';

/** Raw bytes of a case's `input_hex`. */
export function hexBytes(hex) {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

class Mismatch extends Error {}

function fail(name, what) {
  throw new Mismatch(`${name}: ${what}`);
}

function show(v) {
  return v instanceof Uint8Array ? `<${v.length} bytes>` : JSON.stringify(v);
}

function same(name, what, got, want) {
  const eq =
    got instanceof Uint8Array && want instanceof Uint8Array
      ? got.length === want.length && got.every((b, i) => b === want[i])
      : JSON.stringify(got) === JSON.stringify(want);
  if (!eq) fail(name, `${what}: got ${show(got)}, want ${show(want)}`);
}

/** The error class name the binding must use for a core code, given where it was raised. */
function errorName(code, origin) {
  if (code === 'invalid_path') return 'PathError';
  if (origin === 'validate') return 'IzkitError';
  return origin === 'edit' ? 'EditError' : 'ParseError';
}

function checkError(name, e, want, c, origin) {
  if (e instanceof Mismatch) throw e;
  if (want === undefined) fail(name, `unexpected error ${e && e.code}: ${e && e.message}`);
  if (!(e instanceof Error)) fail(name, `thrown value is not an Error: ${String(e)}`);
  same(name, 'code', e.code, want.code);
  same(name, 'error name', e.name, errorName(want.code, origin));
  if ('offset' in want) same(name, 'offset', e.offset, want.offset);
  if ('path' in want) same(name, 'path', e.path, want.path);
  if (typeof e.line !== 'number' || e.line < 1) fail(name, `line is ${show(e.line)}`);
  if (typeof c.no_text_in_error === 'string' && e.message.includes(c.no_text_in_error)) {
    fail(name, 'error echoes content');
  }
}

function checkMessage(api, name, msg, input, expect) {
  if (expect.roundtrip === true) {
    if (typeof input === 'string') same(name, 'roundtrip', msg.toString(), input);
    else same(name, 'roundtrip (bytes)', msg.toBytes(), input);
  }
  if (typeof expect.segments === 'number') same(name, 'segments', msg.segmentCount, expect.segments);
  for (const [path, want] of Object.entries(expect.get ?? {})) {
    same(name, `get ${path}`, msg.get(path), want);
  }
  for (const [path, want] of Object.entries(expect.get_raw ?? {})) {
    same(name, `get_raw ${path}`, msg.getRaw(path), want);
  }
  for (const [path, want] of Object.entries(expect.get_all ?? {})) {
    same(name, `get_all ${path}`, msg.getAll(path), want);
  }
  for (const [offset, want] of expect.locate ?? []) {
    same(name, `locate ${offset}`, msg.locate(offset), want);
    same(name, `locate(msg, ${offset})`, api.locate(msg, offset), want);
  }
  for (const [path, code] of Object.entries(expect.get_error ?? {})) {
    let thrown;
    try {
      msg.get(path);
    } catch (e) {
      thrown = e;
    }
    if (thrown === undefined) fail(name, `get_error ${path}: nothing thrown`);
    same(name, `get_error ${path}`, thrown.code, code);
    same(name, `get_error ${path} name`, thrown.name, errorName(code, 'read'));
  }
  for (const path of expect.present ?? []) {
    if (msg.get(path) === null) fail(name, `${path} is empty`);
  }
}

const FINDING_KEYS = ['app_code', 'code', 'location', 'path', 'range', 'rule', 'severity', 'text'];

/** True when `finding` has every key of `pattern` with the same value. */
function matches(finding, pattern) {
  return Object.entries(pattern).every(
    ([k, v]) => k in finding && JSON.stringify(finding[k]) === JSON.stringify(v),
  );
}

function checkFindings(name, profile, findings, expect) {
  for (const f of findings) same(name, 'the keys of a finding', Object.keys(f).sort(), FINDING_KEYS);
  if ('profile' in expect) same(name, 'profile', profile, expect.profile);
  const shown = () => JSON.stringify(findings);
  for (const p of expect.findings_include ?? []) {
    if (!findings.some((f) => matches(f, p))) fail(name, `no finding matches ${show(p)}: ${shown()}`);
  }
  for (const p of expect.findings_exclude ?? []) {
    if (findings.some((f) => matches(f, p))) fail(name, `a finding matches ${show(p)}: ${shown()}`);
  }
  const sev = expect.findings_exclude_severity;
  if (typeof sev === 'string' && findings.some((f) => f.severity === sev)) {
    fail(name, `a finding has severity ${sev}: ${shown()}`);
  }
  if (typeof expect.findings_count === 'number') {
    same(name, 'findings_count', findings.length, expect.findings_count);
  }
  if (typeof expect.no_text_in_findings === 'string' && shown().includes(expect.no_text_in_findings)) {
    fail(name, 'findings echo content');
  }
}

/**
 * A `Validator` for a case with local `profiles` / `tables` (their texts inlined by the
 * loader; `replace` and `drop_cvx` applied here), else the module's functions.
 */
function validatorFor(api, v) {
  if (!('profiles' in v) && !('tables' in v)) return api;
  const opts = {};
  if ('profiles' in v) {
    opts.profiles = v.profiles.map((p) => {
      let profile = p.profile;
      for (const [from, to] of p.replace ?? []) {
        if (!profile.includes(from)) fail('replace', `${from} is not in the profile`);
        profile = profile.replace(from, to);
      }
      return { profile, constraints: p.constraints ?? null, valueSets: p.value_sets ?? null };
    });
  }
  if ('tables' in v) {
    let cvx = v.tables.cvx;
    for (const code of v.tables.drop_cvx ?? []) {
      cvx = cvx.split('\n').filter((l) => !l.startsWith(`${code},`)).join('\n');
    }
    opts.tables = { cvx, mvx: v.tables.mvx, groups: v.tables.groups ?? null };
  }
  const validator = new api.Validator(opts);
  if (!validator.profileIds().includes('Z22')) fail('Validator', 'profileIds() lacks Z22');
  return validator;
}

function runValidate(api, c) {
  const expect = c.expect;
  const profile = c.validate.profile;
  const opts = { today: c.validate.today };
  for (const [how, popts] of [
    ['lazy', undefined],
    ['indexed', { indexed: true }],
  ]) {
    const label = `${c.name} (${how})`;
    const msg = api.parse(caseInput(c), popts);
    let report, v;
    try {
      v = validatorFor(api, c.validate);
      report = v.validateReport(msg, profile, opts);
    } catch (e) {
      checkError(label, e, expect.error, c, 'validate');
      continue;
    }
    if ('error' in expect) fail(label, 'expected an error');
    checkFindings(label, report.profile, report.findings, expect);
    same(label, 'validate', v.validate(msg, profile, opts), report.findings);
  }
}

function runAck(api, c) {
  const spec = c.ack;
  const msg = api.parse(caseInput(c));
  const findings =
    spec.findings !== undefined
      ? spec.findings
      : api.validate(msg, spec.validate.profile, { today: spec.validate.today });
  const out = api.ack(msg, findings, { controlId: spec.control_id, timestamp: spec.timestamp });
  checkMessage(api, c.name, out, out.toString(), c.expect);
  if (typeof c.expect.no_text_in_ack === 'string' && out.toString().includes(c.expect.no_text_in_ack)) {
    fail(c.name, 'the ACK echoes content');
  }
}

function caseInput(c) {
  if (typeof c.input === 'string') return c.input;
  if (typeof c.input_hex === 'string') return hexBytes(c.input_hex);
  throw new Error(`${c.name}: no input (input_file must be read by the loader)`);
}

function concatBytes(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function runParse(api, c) {
  const name = c.name;
  const expect = c.expect;
  const input = caseInput(c);
  if (c.many === true) {
    let msgs;
    try {
      msgs = api.parseMany(input);
    } catch (e) {
      return checkError(name, e, expect.error, c, 'parse');
    }
    if ('error' in expect) fail(name, 'expected an error');
    if (typeof expect.count === 'number') same(name, 'count', msgs.length, expect.count);
    if (expect.roundtrip === true) {
      if (typeof input === 'string') {
        same(name, 'roundtrip', msgs.map((m) => m.toString()).join(''), input);
      } else {
        same(name, 'roundtrip (bytes)', concatBytes(msgs.map((m) => m.toBytes())), input);
      }
    }
    (expect.messages ?? []).forEach((e, i) => {
      if (i < msgs.length) checkMessage(api, name, msgs[i], msgs[i].toString(), e);
    });
    return;
  }
  for (const [how, opts] of [
    ['lazy', undefined],
    ['indexed', { indexed: true }],
  ]) {
    const label = `${name} (${how})`;
    let msg;
    try {
      msg = api.parse(input, opts);
    } catch (e) {
      checkError(label, e, expect.error, c, 'parse');
      continue;
    }
    if ('error' in expect) fail(label, 'expected an error');
    checkMessage(api, label, msg, input, expect);
  }
}

function runBuild(api, c) {
  const name = c.name;
  const expect = c.expect;
  const from = c.build.from;
  const b = typeof from === 'string' ? new api.MessageBuilder(from) : new api.MessageBuilder();
  const ops = c.build.ops;
  for (let i = 0; i < ops.length; i++) {
    const [op, a, v] = ops[i];
    try {
      switch (op) {
        case 'set': b.set(a, v); break;
        case 'set_raw': b.setRaw(a, v); break;
        case 'clear': b.clear(a); break;
        case 'add_segment': b.addSegment(a); break;
        case 'insert_segment': b.insertSegment(a, v); break;
        case 'remove_segment': b.removeSegment(a); break;
        case 'add_repetition': b.addRepetition(a, v); break;
        case 'remove_repetition': b.removeRepetition(a); break;
        default: fail(name, `unknown op ${op}`);
      }
    } catch (e) {
      if (e instanceof Mismatch) throw e;
      if (expect.op !== i) fail(name, `op ${i} failed: ${e.code}: ${e.message}`);
      return checkError(name, e, expect.error, c, 'edit');
    }
  }
  if ('error' in expect) fail(name, 'expected an error');
  if (typeof expect.text === 'string') same(name, 'text', b.toString(), expect.text);
  for (const [path, want] of Object.entries(expect.get ?? {})) {
    same(name, `get ${path}`, b.get(path), want);
  }
}

/** Runs one case; throws an Error naming the first mismatch. */
export function runCase(api, c) {
  if (c.route !== undefined) {
    runRouteCase(api, c, caseInput(c), (name, e, want, cc) => checkError(name, e, want, cc, 'validate'));
  } else if (c.redact !== undefined) runRedactCase(api, c, caseInput(c));
  else if (c.to_fhir !== undefined || c.from_fhir !== undefined) {
    const input = c.to_fhir !== undefined ? caseInput(c) : null;
    runFhirCase(api, c, input, (name, e, want, cc) => checkError(name, e, want, cc, 'validate'));
  } else if (c.build !== undefined) runBuild(api, c);
  else if (c.validate !== undefined) runValidate(api, c);
  else if (c.ack !== undefined) runAck(api, c);
  else runParse(api, c);
}

/** Runs every case of every suite; returns `{passed, failed: [{suite, name, message}]}`. */
export function runAll(api, suites) {
  const result = { passed: 0, failed: [] };
  for (const suite of suites) {
    for (const c of suite.cases) {
      try {
        runCase(api, c);
        result.passed++;
      } catch (e) {
        result.failed.push({ suite: suite.suite, name: c.name, message: String(e && e.message) });
      }
    }
  }
  return result;
}
