// The Share cases (cases/route.json, cases/redact.json; shape in README.md) for the JavaScript
// runners: the Node binding's (bindings-node/__test__/behaviour.test.mjs) and the WASM
// binding's (bindings-wasm/tests/behaviour-runner.mjs, in Node and inside the demo page in
// Chromium). Plain ES module without imports. Both bindings have the same API: `route`,
// `routeReport`, `redact`, `Policy`, `parse`.

import { canonical } from './fhir.mjs';

const KEYS = new Set(['destination', 'action', 'reasons', 'rules', 'hl7']);

/** The `Policy` a route case asks for, or null for the built-in one. `jurisdictions` is inline. */
function policyOf(api, spec) {
  const policy = spec.policy ?? null;
  const table = spec.jurisdictions ?? null;
  if (policy === null && table === null) return null;
  return new api.Policy(policy, { jurisdictions: table });
}

function checkRouting(api, label, routing, expect, fail) {
  const ds = routing.decisions;
  if (!Array.isArray(ds) || ds.length === 0) fail(`${label}: at least one decision`);
  for (const d of ds) {
    for (const k of Object.keys(d)) if (!KEYS.has(k)) fail(`${label}: unexpected key ${k}`);
    if (!['send', 'deny', 'hold'].includes(d.action)) fail(`${label}: action ${d.action}`);
    if (!Array.isArray(d.reasons) || d.reasons.length === 0) fail(`${label}: every decision says why`);
    if ((typeof d.hl7 === 'string') !== (d.action === 'send')) fail(`${label}: hl7 only for send`);
  }
  if (expect.decisions) {
    const got = ds.map((d) => [d.destination, d.action]);
    if (canonical(got) !== canonical(expect.decisions)) fail(`${label}: decisions ${JSON.stringify(got)}`);
  }
  const byDest = new Map(ds.map((d) => [d.destination === null ? '-' : d.destination, d]));
  for (const [dest, rules] of Object.entries(expect.rules_include ?? {})) {
    for (const r of rules) if (!byDest.get(dest)?.rules.includes(r)) fail(`${label}: ${dest} lacks rule ${r}`);
  }
  for (const [dest, paths] of Object.entries(expect.hl7 ?? {})) {
    const sent = api.parse(byDest.get(dest).hl7);
    for (const [path, want] of Object.entries(paths)) {
      if (sent.get(path) !== want) fail(`${label}: ${dest} ${path}: ${JSON.stringify(sent.get(path))}`);
    }
  }
  for (const [key, want] of Object.entries(expect.facts ?? {})) {
    if (canonical(routing.facts[key] ?? null) !== canonical(want)) fail(`${label}: fact ${key}: ${JSON.stringify(routing.facts[key])}`);
  }
  const trace = JSON.stringify({ d: ds.map(({ hl7, ...rest }) => rest), f: routing.facts });
  for (const secret of expect.no_text_in_trace ?? []) {
    if (trace.includes(secret)) fail(`${label}: the trace shows ${secret}`);
  }
}

/**
 * Runs one route case against `api`. `input` is the case's v2 text; `checkError(label, e, want,
 * c)` checks a thrown error (a plain `IzkitError` with code `policy_load` or `transform`).
 */
export function runRouteCase(api, c, input, checkError) {
  const fail = (what) => {
    throw new Error(`${c.name}: ${what}`);
  };
  const spec = c.route;
  const expect = spec.expect;
  const opts = { reveal: spec.reveal ?? false };
  let policy;
  try {
    policy = policyOf(api, spec);
  } catch (e) {
    checkError(`${c.name} (policy)`, e, expect.error, c);
    if (expect.error_text && !e.message.includes(expect.error_text)) fail(`error does not say ${expect.error_text}: ${e.message}`);
    return;
  }
  const made = [];
  for (const indexed of [false, true]) {
    const label = `${c.name} (route, ${indexed ? 'indexed' : 'lazy'})`;
    const msg = api.parse(input, { indexed });
    let routing;
    try {
      routing = api.routeReport(msg, policy, opts);
    } catch (e) {
      checkError(label, e, expect.error, c);
      if (expect.error_text && !e.message.includes(expect.error_text)) fail(`error does not say ${expect.error_text}: ${e.message}`);
      continue;
    }
    if (expect.error) fail(`${label}: expected an error`);
    if (canonical(api.route(msg, policy, opts)) !== canonical(routing.decisions)) fail(`${label}: route differs from routeReport`);
    if (policy && canonical(policy.routeReport(msg, opts)) !== canonical(routing)) fail(`${label}: policy.routeReport differs`);
    checkRouting(api, label, routing, expect, fail);
    made.push(routing);
  }
  if (made.length === 2 && canonical(made[0]) !== canonical(made[1])) fail('the routings of the two parses differ');
}

/** Runs one redact case against `api`. */
export function runRedactCase(api, c, input) {
  const fail = (what) => {
    throw new Error(`${c.name}: ${what}`);
  };
  const expect = c.redact.expect;
  const texts = [false, true].map((indexed) => api.redact(api.parse(input, { indexed })));
  if (texts[0] !== texts[1]) fail('the texts of the two parses differ');
  const text = texts[0];
  if (typeof text !== 'string') fail('not a string');
  if (typeof expect.text === 'string' && text !== expect.text) fail(`text ${JSON.stringify(text)}`);
  for (const secret of expect.no_text ?? []) if (text.includes(secret)) fail(`redacted text shows ${secret}`);
  const m = api.parse(text);
  if (typeof expect.segments === 'number' && m.segmentCount !== expect.segments) fail(`segments ${m.segmentCount}`);
  for (const [path, want] of Object.entries(expect.get ?? {})) {
    if (m.get(path) !== want) fail(`get ${path}: ${JSON.stringify(m.get(path))}, want ${JSON.stringify(want)}`);
  }
}
