// The behaviour suite against the WASM binding in Node (the nodejs build in pkg/node).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { runCase } from './behaviour-runner.mjs';
import { loadSuites } from './cases.mjs';

const api = createRequire(import.meta.url)('../pkg/node/izkit_wasm.js');
const suites = loadSuites();

for (const suite of suites) {
  describe(`behaviour: ${suite.suite}`, () => {
    for (const c of suite.cases) {
      test(c.name, () => runCase(api, c));
    }
  });
}

test('the suite has at least 30 cases', () => {
  const count = suites.reduce((n, s) => n + s.cases.length, 0);
  assert.ok(count >= 30, `the suite has ${count} cases`);
});
