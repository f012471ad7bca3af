// The demo page (www/) and the web build (pkg/web) in headless Chromium: the page loads,
// parses a pasted corpus message, shows the tree and a part's details, shows an error at its
// byte offset, validates a bundled sample with a known problem and shows the findings on the
// tree, in the list and in the ACK; the whole behaviour suite runs inside the page. Saves
// screenshots to target/screenshots/ (demo.png: the validated sample with its findings on the
// tree; demo-parse.png: a parsed message and a selected part; demo-error.png: a parse error;
// demo-ack.png: the acknowledgement).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from './browser.mjs';
import { serve, bindingRoot } from './serve.mjs';
import { loadSuites, repoRoot } from './cases.mjs';

const shots = join(process.env.CARGO_TARGET_DIR ?? join(repoRoot, 'target'), 'screenshots');
const corpusMessage = readFileSync(
  join(repoRoot, 'core/tests/corpus/messages/cdc-ig-r1.5-appendix-a/001_VXU_Z22_2-Message-Example.hl7'),
  'utf8',
);
// The textarea keeps line breaks as LF; offsets below are into that text (same byte length).
const pasted = corpusMessage.replace(/\r\n?/g, '\n');
const byteOf = (s, i) => Buffer.byteLength(s.slice(0, i), 'utf8');

let server;
let browser;
let page;
const problems = [];

before(async () => {
  // The FHIR cases' shared runner (tests/behaviour/fhir.mjs) is imported by the page's
  // behaviour runner as ../../tests/behaviour/fhir.mjs, which the browser resolves here.
  server = await serve(bindingRoot, { mounts: { '/tests/behaviour/': join(repoRoot, 'tests/behaviour') } });
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1440, height: 940 } });
  page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(`${server.url}/www/`);
  await page.waitForSelector('html[data-ready=true]', { timeout: 15000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Pastes `text` into the message box as a user would (clipboard event, then the input event). */
async function paste(text) {
  const box = page.locator('#input');
  await box.fill('');
  await box.focus();
  await page.evaluate((t) => {
    const el = document.getElementById('input');
    const data = new DataTransfer();
    data.setData('text/plain', t);
    const ev = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
    if (el.dispatchEvent(ev)) document.execCommand('insertText', false, t); // what the browser does on paste
  }, text);
}

test('the page loads with its tabs and no errors', async () => {
  assert.equal(await page.title(), 'izkit · HL7 v2 message explorer');
  const tabs = await page.locator('[role=tab]').allTextContents();
  assert.deepEqual(tabs, ['Tree', 'JSON', 'Findings', 'ACK', 'FHIR', 'Share']);
  assert.match(await page.locator('#status').textContent(), /Ready/);
});

test('a pasted corpus message shows as a tree with paths and values', async () => {
  await paste(corpusMessage);
  assert.equal(await page.inputValue('#input'), pasted);
  await page.waitForFunction(() => document.getElementById('status').classList.contains('ok'));
  assert.match(await page.locator('#status').textContent(), /Parsed VXU\^V04\^VXU_V04: 17 segments/);
  assert.equal(await page.locator('#tree > [role=treeitem]').count(), 17);
  // Segments open on load; a field shows its decoded value.
  const pid7 = page.locator('[role=treeitem][data-path="PID-7"] > .row');
  assert.match(await pid7.textContent(), /PID-7\s*20110411/);
  await page.click('#expand-all');
  const pid51 = page.locator('[role=treeitem][data-path="PID-5.1"] > .row');
  assert.equal(await pid51.locator('.path').textContent(), 'PID-5.1');
  assert.equal(await pid51.locator('.val').textContent(), 'Patient');
  // Repetitions and subcomponents have their own nodes and paths.
  assert.equal(await page.locator('[role=treeitem][data-path="RXA[2]-5.1"] .val').first().textContent(), '110');
  assert.equal(await page.locator('[role=treeitem][data-path="MSH-21.1"] > .row .val').textContent(), 'Z22');
});

test('clicking a node shows its raw and decoded value and byte range', async () => {
  const at = pasted.indexOf('Patient^Johnny');
  await page.click('[role=treeitem][data-path="PID-5.1"] > .row');
  assert.equal(await page.locator('#d-path').textContent(), 'PID-5.1');
  assert.equal(await page.locator('#d-kind').textContent(), 'Component');
  assert.equal(await page.locator('#d-value').textContent(), 'Patient');
  assert.equal(await page.locator('#d-raw').textContent(), 'Patient');
  const start = byteOf(pasted, at);
  assert.equal(await page.locator('#d-range').textContent(), `[${start}, ${start + 7}) · 7 bytes`);
  assert.equal(await page.locator('[role=treeitem][aria-selected=true]').getAttribute('data-path'), 'PID-5.1');
  // The part is marked in the text.
  assert.equal(await page.locator('#highlights mark.sel').textContent(), 'Patient');
  mkdirSync(shots, { recursive: true });
  const file = join(shots, 'demo-parse.png');
  await page.screenshot({ path: file });
  console.log(`screenshot: ${file}`);
});

test('moving the cursor in the text selects the part under it (locate)', async () => {
  const at = pasted.indexOf('Johnny');
  await page.focus('#input');
  await page.evaluate((i) => document.getElementById('input').setSelectionRange(i, i), at);
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.getElementById('d-path').textContent === 'PID-5.2');
  assert.equal(await page.locator('#d-value').textContent(), 'Johnny');
});

test('find by path, escapes decoded', async () => {
  await page.fill('#path-input', 'RXA[2]-5.1');
  await page.click('#path-form button[type=submit]');
  assert.equal(await page.locator('#path-result').textContent(), '"110"');
  assert.equal(await page.locator('#d-path').textContent(), 'RXA[2]-5.1');
  await page.fill('#path-input', 'pid-5');
  await page.click('#path-form button[type=submit]');
  assert.match(await page.locator('#path-result').textContent(), /^PathError: /);
});

test('the JSON tab shows toJSON()', async () => {
  await page.click('#tab-json');
  const json = JSON.parse(await page.locator('#json').textContent());
  assert.equal(json.segments.length, 17);
  assert.equal(json.segments[1].id, 'PID');
  assert.deepEqual(json.segments[1].fields[4][0][0], ['Patient']);
  await page.keyboard.press('ArrowLeft'); // tabs follow the keyboard
  assert.equal(await page.locator('#tab-tree').getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator('#panel-tree').isVisible(), true);
});

test('a malformed message shows the error and marks its byte offset', async () => {
  const bad = pasted.replace('Patient^Johnny', 'Patient^Joh\u0001nny');
  await paste(bad);
  await page.waitForSelector('#error:not([hidden])');
  const offset = byteOf(bad, bad.indexOf('\u0001'));
  assert.equal(await page.locator('#error-name').textContent(), 'ParseError');
  assert.equal(await page.locator('#error-code').textContent(), 'control_character');
  assert.match(await page.locator('#error-message').textContent(), /control character 0x01/);
  assert.equal(await page.locator('#error-offset').textContent(), String(offset));
  assert.equal(await page.locator('#error-line').textContent(), '2');
  assert.equal(await page.locator('#error-path').textContent(), 'PID-5.2');
  assert.equal(await page.locator('#error-excerpt mark').textContent(), '\u2401');
  // The mark in the text sits exactly at the offending character.
  const before = await page.evaluate(() => {
    const mark = document.querySelector('#highlights mark.err');
    return mark && mark.previousSibling ? mark.previousSibling.textContent : null;
  });
  assert.equal(before, bad.slice(0, bad.indexOf('\u0001')));
  assert.match(await page.locator('#status').textContent(), new RegExp(`control_character at byte ${offset}`));
  assert.equal(await page.locator('#tree > [role=treeitem]').count(), 0);
  const file = join(shots, 'demo-error.png');
  await page.screenshot({ path: file });
  console.log(`screenshot: ${file}`);
  // Not a message at all.
  await paste('hello');
  await page.waitForFunction(() => document.getElementById('error-code').textContent === 'not_msh');
  assert.equal(await page.locator('#error-offset').textContent(), '0');
});

test('the sample button loads the bundled message', async () => {
  await page.click('#load-sample');
  await page.waitForFunction(() => document.getElementById('status').classList.contains('ok'));
  assert.match(await page.locator('#status').textContent(), /17 segments/);
  assert.ok(!(await page.isVisible('#error')));
});

test('validating the bundled IG example marks its known problem on the tree', async () => {
  // The IG's example VXU has MSH-7 with a three-digit offset (201201130000-500): one finding
  // there (IZ-TS_Z; the date check's own finding on the same bytes is folded into it).
  await page.selectOption('#sample', 'samples/vxu-ig-example.hl7');
  await page.click('#load-sample');
  await page.waitForFunction(() => document.getElementById('status').classList.contains('ok'));
  assert.match(await page.locator('#validation-summary').textContent(), /Not validated/);
  await page.click('#validate');
  await page.waitForFunction(() => /Validated against/.test(document.getElementById('validation-summary').textContent));
  assert.match(await page.locator('#validation-summary').textContent(), /^Validated against Z22: 1 error \(/);
  assert.equal(await page.locator('#validate').getAttribute('aria-pressed'), 'true');
  // The field is marked with the error colour and a badge whose hover text is the findings' text.
  const msh7 = page.locator('[role=treeitem][data-path="MSH-7"]');
  assert.match(await msh7.getAttribute('class'), /\bsev-error\b/);
  const badge = msh7.locator(':scope > .row .badge');
  assert.equal(await badge.textContent(), '✖ 102'); // one finding: the badge shows its code
  const hover = await badge.getAttribute('title');
  assert.match(hover, /^error 102\/2/);
  assert.match(hover, /IZ-TS_Z/);
  assert.ok(!hover.includes('201201130000'), 'findings never quote the message');
  // Its segment says something below it has an error; a clean segment has no mark.
  assert.equal(await page.locator('[role=treeitem][data-path="MSH"]').getAttribute('data-below'), 'error');
  assert.equal(await page.locator('[role=treeitem][data-path="PID"]').getAttribute('data-below'), null);
  assert.equal(await page.locator('#tree .badge').count(), 1);
  // Selecting the field lists its findings in the details.
  await page.click('[role=treeitem][data-path="MSH-7"] > .row');
  assert.equal(await page.locator('#d-findings').isVisible(), true);
  assert.equal(await page.locator('#d-findings-list li').count(), 1);
  assert.match(await page.locator('#d-findings-list').textContent(), /IZ-TS_Z/);
  mkdirSync(shots, { recursive: true });
  const file = join(shots, 'demo.png');
  await page.screenshot({ path: file });
  console.log(`screenshot: ${file}`);

  // The findings list: each finding with severity, code, path and rule; one click shows it.
  await page.click('#tab-findings');
  const items = page.locator('#findings > li');
  assert.equal(await items.count(), 1);
  assert.match(await items.nth(0).textContent(), /error.*102\/2.*MSH\[1\]-7.*IZ-TS_Z/s);
  await items.nth(0).click();
  assert.equal(await page.locator('#tab-tree').getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator('#d-path').textContent(), 'MSH-7');
  assert.equal(await page.locator('#highlights mark.err').textContent(), '201201130000-500');

  // The acknowledgement: AE, MSA-2 the message's MSH-10, one ERR per finding.
  await page.click('#tab-ack');
  assert.match(await page.locator('#ack-summary').textContent(), /^ACK\^V04\^ACK, MSA-1 AE/);
  const ackText = await page.locator('#ack').textContent();
  assert.match(ackText, /^MSH\|\^~\\&\|MYIIS\|\|MYEHR\|DCS\|\d{14}\+0000\|\|ACK\^V04\^ACK\|/);
  assert.match(ackText, /\nMSA\|AE\|45646ug\n/);
  assert.equal((ackText.match(/\nERR\|/g) ?? []).length, 1);
  const ackShot = join(shots, 'demo-ack.png');
  await page.screenshot({ path: ackShot });
  console.log(`screenshot: ${ackShot}`);

  // A valid sample: no findings, and the marks go; the ACK says AA.
  await page.selectOption('#sample', 'samples/vxu-nist-multiple-doses.hl7');
  await page.click('#load-sample');
  await page.waitForFunction(() => /no findings/.test(document.getElementById('validation-summary').textContent));
  assert.match(await page.locator('#ack-summary').textContent(), /MSA-1 AA/);
  await page.click('#tab-tree');
  assert.equal(await page.locator('#tree .badge').count(), 0);
  // A forced profile that does not fit gives findings of its own.
  await page.selectOption('#profile', 'Z23');
  await page.waitForFunction(() => /Validated against Z23: \d+ error/.test(document.getElementById('validation-summary').textContent));
  assert.ok((await page.locator('#tree .badge').count()) > 0);
  await page.selectOption('#profile', '');
});

test('opening a file reads its bytes (ISO-8859-1 per MSH-18)', async () => {
  const latin1 = Buffer.from('MSH|^~\\&|||||||ADT^A01|1|P|2.5.1||||||8859/1\rPID|1||||M\xfcller^J\xf6rg\r', 'latin1');
  await page.setInputFiles('#file-input', { name: 'latin1.hl7', mimeType: 'text/plain', buffer: latin1 });
  await page.waitForFunction(() => document.getElementById('status').textContent.includes('ADT^A01'));
  assert.match(await page.locator('#status').textContent(), /2 segments/);
  assert.equal(await page.locator('[role=treeitem][data-path="PID-5"] > .row .val').textContent(), 'Müller^Jörg');
});

test('dropping a file on the text opens it', async () => {
  const text = corpusMessage.replace('Patient^Johnny', 'Dropped^Johnny');
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.items.add(new File([t], 'dropped.hl7', { type: 'text/plain' }));
    const editor = document.getElementById('editor');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      editor.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    }
  }, text);
  await page.waitForFunction(() => document.getElementById('input').value.includes('Dropped^Johnny'));
  await page.click('#expand-all');
  assert.equal(await page.locator('[role=treeitem][data-path="PID-5.1"] > .row .val').textContent(), 'Dropped');
});

test('the FHIR tab shows the Bundle per entry and converts FHIR back to v2', async () => {
  await paste(corpusMessage);
  await page.waitForFunction(() => document.getElementById('status').classList.contains('ok'));
  await page.click('#tab-fhir');
  await page.waitForFunction(() => /^Bundle \(message\)/.test(document.getElementById('fhir-summary').textContent));
  const summary = await page.locator('#fhir-summary').textContent();
  assert.match(summary, /^Bundle \(message\): \d+ entries — MessageHeader, .*\bPatient\b/);
  assert.equal((summary.match(/Immunization\b/g) ?? []).length, 3, summary);
  // One foldable block for the Bundle itself, then one per entry; each holds its JSON.
  const blocks = page.locator('#fhir-entries > details');
  const types = await page.evaluate(() => window.izkitDemo.fhirBundle().entry.map((e) => e.resource.resourceType));
  assert.equal(await blocks.count(), types.length + 1);
  assert.match(await blocks.nth(0).locator('summary').textContent(), /^Bundle$/);
  const at = types.indexOf('Patient') + 1;
  assert.equal(await blocks.nth(at).locator('summary').textContent(), `entry[${at - 1}] Patient`);
  const patient = JSON.parse(await blocks.nth(at).locator('pre').textContent());
  assert.equal(patient.resource.birthDate, '2011-04-11');
  const imm = blocks.nth(types.indexOf('Immunization') + 1);
  assert.match(await imm.locator('summary').textContent(), /Immunization · completed 85$/);
  await blocks.nth(at).locator('summary').click();
  assert.equal(await blocks.nth(at).evaluate((d) => d.open), false);
  await page.click('#fhir-collapse');
  assert.equal(await page.locator('#fhir-entries > details[open]').count(), 0);
  await page.click('#fhir-expand');
  assert.equal(await page.locator('#fhir-entries > details[open]').count(), types.length + 1);
  // A time without an offset: date only by default, the chosen offset otherwise.
  await page.selectOption('#fhir-offset', '-300');
  await page.waitForFunction(() => document.getElementById('fhir-summary').textContent.startsWith('Bundle'));
  await page.selectOption('#fhir-offset', '');
  const shot = join(shots, 'demo-fhir.png');
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: shot });
  console.log(`screenshot: ${shot}`);

  // FHIR → v2: the Bundle shown, back to a VXU; then opened as the message.
  await page.click('#fhir-use');
  assert.match(await page.inputValue('#fhir-input'), /"resourceType": "Bundle"/);
  await page.click('#fhir-convert');
  assert.match(await page.locator('#fhir-back-status').textContent(), /^One message: VXU\^V04/);
  const back = await page.locator('#fhir-back').textContent();
  assert.match(back, /^MSH\|/);
  assert.match(back, /\nPID\|/);
  assert.equal((back.match(/\nRXA\|/g) ?? []).length, 3);
  // Not JSON: the error, with its code.
  await page.fill('#fhir-input', '{"resourceType": "Patient", ');
  await page.click('#fhir-convert');
  assert.match(await page.locator('#fhir-back-status').textContent(), /IzkitError fhir_json/);
  assert.equal(await page.locator('#fhir-back').textContent(), '');
  assert.equal(await page.locator('#fhir-open').isDisabled(), true);
  await page.click('#fhir-use');
  await page.click('#fhir-convert');
  await page.click('#fhir-open');
  await page.waitForFunction(() => /Parsed VXU\^V04/.test(document.getElementById('status').textContent));
  assert.equal(await page.locator('#tab-tree').getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator('#tree > [role=treeitem][data-path="RXA[3]"]').count(), 1);
});

test('the Share tab shows the routing decisions, a pasted policy, and the redacted text', async () => {
  await paste(corpusMessage);
  await page.waitForFunction(() => document.getElementById('status').classList.contains('ok'));
  await page.click('#tab-share');
  // The built-in policy: the doses name no state and there is no sender home — held.
  await page.waitForFunction(() => document.getElementById('share-summary').textContent !== '');
  assert.match(await page.locator('#share-summary').textContent(), /^Held: nothing is sent/);
  assert.match(await page.locator('#share-decisions > details').first().locator('summary').textContent(), /^hold \(whole message\)$/);
  const redacted = await page.locator('#share-redacted').textContent();
  assert.match(redacted, /^MSH\|/);
  assert.match(redacted, /\nPID\|\*\*\*\|/);
  assert.ok(!redacted.includes('Johnny'), 'the redacted text shows no name');
  // A policy with the sender's home: sent to MD (where given) and WI (the patient's home).
  await page.selectOption('#share-policy-mode', 'custom');
  await page.fill('#share-policy', '{"extends": "default", "sender": {"home": "MD"}}');
  await page.dispatchEvent('#share-policy', 'change');
  await page.waitForFunction(() => document.getElementById('share-summary').textContent.startsWith('Sent to'));
  assert.equal(await page.locator('#share-summary').textContent(), 'Sent to MD, WI.');
  const md = page.locator('#share-decisions > details').first();
  assert.match(await md.locator('pre').textContent(), /^MSH\|\^~\\&\|MYEHR\|DCS\|ImmuNet\|MD\|/);
  // A policy with a mistake: the error names the place in the policy.
  await page.fill('#share-policy', '{"rules": [{"id": "a", "action": "send", "to": "ZZ"}]}');
  await page.dispatchEvent('#share-policy', 'change');
  await page.waitForFunction(() => /policy_load/.test(document.getElementById('share-summary').textContent));
  assert.match(await page.locator('#share-summary').textContent(), /\/rules\/0\/to/);
  await page.selectOption('#share-policy-mode', 'default');
});

test('the behaviour suite passes in the page (web build)', async () => {
  const suites = loadSuites();
  const total = suites.reduce((n, s) => n + s.cases.length, 0);
  const result = await page.evaluate(async (suites) => {
    const api = await import('/pkg/web/izkit_wasm.js');
    await api.default();
    const { runAll } = await import('/tests/behaviour-runner.mjs');
    return runAll(api, suites);
  }, suites);
  assert.deepEqual(result.failed, []);
  assert.equal(result.passed, total);
  console.log(`behaviour suite in Chromium: ${result.passed}/${total} cases passed`);
});

test('no page errors, console errors or failed requests', () => {
  assert.deepEqual(problems, []);
});
