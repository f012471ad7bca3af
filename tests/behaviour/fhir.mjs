// The FHIR cases (cases/fhir.json, shape in README.md) for the JavaScript runners: the Node
// binding's (bindings-node/__test__/behaviour.test.mjs) and the WASM binding's
// (bindings-wasm/tests/behaviour-runner.mjs, in Node and inside the demo page in Chromium, which
// serves this folder at /tests/behaviour/). Plain ES module without imports. Both bindings have
// the same API: `toFhir`, `toFhirJson`, `fromFhir`, `parse`, `parseMany`, `validate`.

const MISSING = Symbol('missing');

/** The value at a case's JSON path in a Bundle, or MISSING (see README.md). */
export function fhirPath(bundle, path) {
  let cur = bundle;
  const steps = path.split('.');
  for (let i = 0; i < steps.length; i++) {
    let name = steps[i];
    let index = null;
    const at = name.indexOf('[');
    if (at >= 0) {
      index = Number(name.slice(at + 1, -1));
      name = name.slice(0, at);
    }
    if (i === 0 && /^[A-Z]/.test(name)) {
      const found = (bundle.entry ?? []).map((e) => e.resource).filter((r) => r.resourceType === name);
      cur = found[index ?? 0];
      if (cur === undefined) return MISSING;
      continue;
    }
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !(name in cur)) return MISSING;
    cur = cur[name];
    if (index !== null) {
      if (!Array.isArray(cur) || index >= cur.length) return MISSING;
      cur = cur[index];
    }
  }
  return cur;
}

/** `want` with `"%ref:TYPE"` replaced by the fullUrl of the first entry of that type. */
function expected(bundle, want) {
  if (typeof want === 'string' && want.startsWith('%ref:')) {
    const e = (bundle.entry ?? []).find((x) => x.resource.resourceType === want.slice(5));
    return e ? e.fullUrl : MISSING;
  }
  return want;
}

/** JSON text with object keys sorted, for deep comparison. */
export function canonical(v) {
  if (v === MISSING) return 'MISSING';
  return JSON.stringify(v, (_, x) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]]))
      : x,
  );
}

/** Throws `new Error(...)` naming the first way `b` misses `expect` (a `to_fhir.expect`). */
export function checkBundle(name, b, expect) {
  const fail = (what) => {
    throw new Error(`${name}: ${what}`);
  };
  const types = (b.entry ?? []).map((e) => e.resource.resourceType);
  if (typeof expect.resource_count === 'number' && types.length !== expect.resource_count) {
    fail(`resource_count ${types.length}, want ${expect.resource_count}: ${types}`);
  }
  if (expect.types && canonical(types) !== canonical(expect.types)) fail(`types ${types}`);
  for (const t of expect.types_include ?? []) if (!types.includes(t)) fail(`no ${t} in ${types}`);
  for (const [t, n] of Object.entries(expect.type_counts ?? {})) {
    const got = types.filter((x) => x === t).length;
    if (got !== n) fail(`type_counts ${t}: ${got}, want ${n}: ${types}`);
  }
  for (const [path, want] of Object.entries(expect.paths ?? {})) {
    const got = fhirPath(b, path);
    const w = want === null ? MISSING : expected(b, want);
    if (canonical(got) !== canonical(w)) fail(`path ${path}: ${canonical(got)}, want ${canonical(w)}`);
  }
  for (const [path, n] of Object.entries(expect.counts ?? {})) {
    const got = fhirPath(b, path);
    const len = Array.isArray(got) ? got.length : 0;
    if (len !== n) fail(`counts ${path}: ${len}, want ${n}`);
  }
}

/** The case's `from_fhir.options` in the JavaScript API's camelCase. */
export function fromFhirOptions(opts) {
  const out = {};
  for (const [k, v] of Object.entries(opts ?? {})) out[k.replace(/_([a-z])/g, (_, c) => c.toUpperCase())] = v;
  return out;
}

/**
 * Runs one FHIR case against `api`. `input` is the case's v2 text (for `to_fhir`);
 * `checkError(label, e, want, c)` checks a thrown error (each runner knows its error classes;
 * FHIR errors are plain `IzkitError`s).
 */
export function runFhirCase(api, c, input, checkError) {
  const fail = (what) => {
    throw new Error(`${c.name}: ${what}`);
  };
  let bundle;
  if (c.to_fhir) {
    const { expect, options } = c.to_fhir;
    const opts = options.local_offset === undefined || options.local_offset === null ? undefined : { localOffset: options.local_offset };
    const made = [];
    for (const indexed of [false, true]) {
      const label = `${c.name} (to_fhir, ${indexed ? 'indexed' : 'lazy'})`;
      const msg = api.parse(input, { indexed });
      let b;
      try {
        b = api.toFhir(msg, opts);
      } catch (e) {
        checkError(label, e, expect.error, c);
        continue;
      }
      if (expect.error) fail(`${label}: expected an error`);
      if (canonical(JSON.parse(api.toFhirJson(msg, opts))) !== canonical(b)) fail(`${label}: toFhirJson differs`);
      checkBundle(label, b, expect);
      made.push(b);
    }
    if (made.length === 2 && canonical(made[0]) !== canonical(made[1])) fail('the Bundles of the two parses differ');
    bundle = made.pop();
  }
  if (!c.from_fhir) return;
  const spec = c.from_fhir;
  const label = `${c.name} (from_fhir)`;
  const expect = spec.expect;
  let inputs;
  if (spec.input_from === 'to_fhir') inputs = [bundle, JSON.stringify(bundle)];
  else if (typeof spec.input_text === 'string') inputs = [spec.input_text];
  else inputs = [spec.input, JSON.stringify(spec.input)];
  const opts = fromFhirOptions(spec.options);
  const results = [];
  for (const resource of inputs) {
    try {
      results.push(api.fromFhir(resource, opts));
    } catch (e) {
      checkError(label, e, expect.error, c);
    }
  }
  if (expect.error) {
    if (results.length) fail(`${label}: expected an error`);
    return;
  }
  if (results.some((r) => r !== results[0])) fail(`${label}: an object and its JSON text differ`);
  const text = results[0];
  if (typeof text !== 'string') fail(`${label}: not a string`);
  const msgs = api.parseMany(text);
  if (msgs.map(String).join('') !== text) fail(`${label}: the messages do not join back`);
  for (const m of msgs) if (!String(m).endsWith('\r')) fail(`${label}: segments end with CR`);
  if (typeof expect.messages === 'number' && msgs.length !== expect.messages) {
    fail(`${label}: ${msgs.length} messages, want ${expect.messages}`);
  }
  const m = msgs[0];
  if (typeof expect.segments === 'number' && m.segmentCount !== expect.segments) fail(`${label}: segments`);
  for (const [path, want] of Object.entries(expect.get ?? {})) {
    if (m.get(path) !== want) fail(`${label}: get ${path}: ${JSON.stringify(m.get(path))}, want ${JSON.stringify(want)}`);
  }
  for (const [path, want] of Object.entries(expect.get_all ?? {})) {
    if (canonical(m.getAll(path)) !== canonical(want)) fail(`${label}: get_all ${path}`);
  }
  for (const path of expect.present ?? []) if (m.get(path) === null) fail(`${label}: ${path} is empty`);
  if (expect.validate_no_errors) {
    for (const one of msgs) {
      const errors = api.validate(one, null, { today: expect.validate_no_errors.today }).filter((f) => f.severity === 'error');
      if (errors.length) fail(`${label}: validation errors ${JSON.stringify(errors)}`);
    }
  }
}
