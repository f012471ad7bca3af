// The JavaScript API of izkit-wasm (docs/BINDINGS-API.md) in Node, on the nodejs build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './cases.mjs';

const require = createRequire(import.meta.url);
const izkit = require('../pkg/node/izkit_wasm.js');
const { parse, parseMany, locate, Message, MessageBuilder, Validator, validate, validateReport, ack } = izkit;

const VXU =
  'MSH|^~\\&|EHR|CLINIC|IIS|STATE|20240102||VXU^V04^VXU_V04|1|P|2.5.1\r' +
  'PID|1||123^^^MR~456^^^SS||DOE^JANE^Q||20200101|F\r' +
  'RXA|0|1|20240102||08^HepB^CVX|0.5|mL^^UCUM\r' +
  'RXA|0|1|20240103||20^DTaP^CVX|0.5|mL^^UCUM\r';
const corpusFile = join(repoRoot, 'examples', 'messages', 'vxu-ig-example.hl7');

function throwsIzkit(fn, name, code) {
  let err;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof Error, 'an Error was thrown');
  assert.equal(err.name, name);
  assert.equal(err.code, code);
  assert.equal(typeof err.offset, 'number');
  assert.equal(typeof err.line, 'number');
  assert.ok(err.path === null || typeof err.path === 'string');
  return err;
}

test('exports the documented API', () => {
  for (const f of [parse, parseMany, locate, validate, validateReport, ack]) assert.equal(typeof f, 'function');
  assert.equal(typeof Message, 'function');
  assert.equal(typeof MessageBuilder, 'function');
  assert.equal(typeof Validator, 'function');
});

test('parse a string; get, getRaw, getAll, segmentCount', () => {
  const msg = parse(VXU);
  assert.ok(msg instanceof Message);
  assert.equal(msg.get('PID-5.1'), 'DOE');
  assert.equal(msg.get('MSH-9.2'), 'V04');
  assert.equal(msg.get('RXA[2]-5.2'), 'DTaP');
  assert.equal(msg.get('PID-3'), '123^^^MR', 'a composite reads as its raw text');
  assert.equal(msg.get('PID-4'), null, 'absent is null, not undefined or ""');
  assert.equal(msg.get('ZZZ-1'), null);
  assert.equal(msg.getRaw('PID-3[2].4'), 'SS');
  assert.deepEqual(msg.getAll('RXA-5.1'), ['08', '20']);
  assert.deepEqual(msg.getAll('PID-3.1'), ['123', '456']);
  assert.deepEqual(msg.getAll('NK1-1'), []);
  assert.equal(msg.segmentCount, 4);
});

test('escapes are decoded by get, kept by getRaw', () => {
  const msg = parse('MSH|^~\\&|A\rOBX|1|ST|X||A\\F\\B\\T\\C\r');
  assert.equal(msg.get('OBX-5'), 'A|B&C');
  assert.equal(msg.getRaw('OBX-5'), 'A\\F\\B\\T\\C');
});

test('parse options: indexed answers the same', () => {
  const lazy = parse(VXU);
  const indexed = parse(VXU, { indexed: true });
  for (const p of ['PID-5.1', 'PID-3[2].1', 'RXA[2]-7.3', 'MSH-2', 'PID-99']) {
    assert.equal(indexed.get(p), lazy.get(p), p);
  }
  assert.deepEqual(indexed.toJSON(), lazy.toJSON());
  assert.equal(parse(VXU, {}).get('PID-5.1'), 'DOE');
  assert.equal(parse(VXU, null).get('PID-5.1'), 'DOE');
});

test('parse a Uint8Array and a Buffer; toBytes gives back the exact bytes', () => {
  const bytes = readFileSync(corpusFile);
  const fromBuffer = parse(bytes);
  const fromArray = parse(new Uint8Array(bytes));
  assert.equal(fromBuffer.get('PID-5.1'), 'Patient');
  assert.equal(fromArray.toString(), bytes.toString('utf8'));
  assert.ok(Buffer.from(fromArray.toBytes()).equals(bytes));
  assert.ok(fromArray.toBytes() instanceof Uint8Array);
});

test('ISO-8859-1 bytes (MSH-18 8859/1) are transcoded; toBytes is the Latin-1 input', () => {
  const latin1 = Buffer.from('MSH|^~\\&|||||||ADT^A01|1|P|2.5.1||||||8859/1\rPID|1||||M\xfcller\r', 'latin1');
  const msg = parse(latin1);
  assert.equal(msg.get('PID-5'), 'Müller');
  assert.ok(msg.toString().includes('Müller'));
  assert.ok(Buffer.from(msg.toBytes()).equals(latin1));
});

test('toString is byte-exact, whatever the terminators and framing', () => {
  for (const text of [VXU, VXU.replaceAll('\r', '\n'), VXU.replaceAll('\r', '\r\n'), '\x0b' + VXU + '\x1c\r']) {
    assert.equal(parse(text).toString(), text);
    assert.equal(`${parse(text)}`, text);
  }
});

test('offsets are UTF-8 bytes: locate after multi-byte characters', () => {
  const text = 'MSH|^~\\&|A\rPID|1||||Zoë^Ünal\r';
  const msg = parse(text);
  const bytes = Buffer.from(text, 'utf8');
  const at = bytes.indexOf(Buffer.from('Ünal'));
  assert.notEqual(at, text.indexOf('Ünal'), 'byte and UTF-16 offsets differ here');
  assert.equal(msg.locate(at), 'PID-5.2');
  assert.equal(locate(msg, at), 'PID-5.2');
  const pid = msg.segments()[1];
  assert.deepEqual(pid.range, [bytes.indexOf(Buffer.from('PID')), bytes.length - 1]);
});

test('any Unicode string round-trips, including astral characters and lone surrogates', () => {
  const text = 'MSH|^~\\&|A\rPID|1||||李^小龙😀||19400101\rNTE|1||é' + 'x'.repeat(3000) + '€\r';
  const msg = parse(text);
  assert.equal(msg.toString(), text);
  assert.ok(Buffer.from(msg.toBytes()).equals(Buffer.from(text, 'utf8')));
  assert.equal(msg.get('PID-5.2'), '小龙😀');
  assert.equal(msg.get('NTE-3').length, 3002);
  // A lone surrogate has no UTF-8 form: it reads as U+FFFD, as TextEncoder does.
  assert.equal(parse('MSH|^~\\&|A\ud800B\r').get('MSH-3'), 'A\ufffdB');
});

test('locate: function and method, null outside the message', () => {
  const msg = parse(VXU);
  const at = VXU.indexOf('JANE');
  assert.equal(locate(msg, at), 'PID-5.2');
  assert.equal(msg.locate(at), 'PID-5.2');
  assert.equal(msg.locate(0), 'MSH');
  assert.equal(msg.locate(VXU.indexOf('20^DTaP')), 'RXA[2]-5.1');
  assert.equal(msg.locate(10_000), null);
  assert.equal(msg.locate(-1), null);
  assert.equal(msg.locate(Number.NaN), null);
});

test('toJSON: plain nested arrays; JSON.stringify uses it', () => {
  const msg = parse(VXU);
  const tree = msg.toJSON();
  assert.equal(Object.getPrototypeOf(tree), Object.prototype);
  assert.equal(tree.segments.length, 4);
  assert.equal(tree.segments[1].id, 'PID');
  assert.deepEqual(tree.segments[0].fields[0], [[['|']]]);
  assert.deepEqual(tree.segments[0].fields[1], [[['^~\\&']]]);
  assert.deepEqual(tree.segments[1].fields[2], [[['123'], [''], [''], ['MR']], [['456'], [''], [''], ['SS']]]);
  assert.deepEqual(JSON.parse(JSON.stringify(msg)), tree);
});

test('segments(): plain objects with ids, occurrences, raw text, byte ranges and fields', () => {
  const msg = parse(VXU);
  const segs = msg.segments();
  assert.ok(Array.isArray(segs));
  assert.deepEqual(
    segs.map((s) => [s.id, s.index, s.occurrence]),
    [['MSH', 0, 1], ['PID', 1, 1], ['RXA', 2, 1], ['RXA', 3, 2]],
  );
  const rxa2 = segs[3];
  assert.equal(rxa2.raw, 'RXA|0|1|20240103||20^DTaP^CVX|0.5|mL^^UCUM');
  assert.equal(VXU.slice(...rxa2.range), rxa2.raw);
  const f5 = rxa2.fields[4];
  assert.deepEqual(Object.keys(f5).sort(), ['path', 'range', 'raw', 'value']);
  assert.equal(f5.path, 'RXA[2]-5');
  assert.equal(f5.raw, '20^DTaP^CVX');
  assert.equal(VXU.slice(...f5.range), f5.raw);
  assert.equal(rxa2.fields[3].value, null, 'an empty field has value null');
  assert.equal(rxa2.fields[3].raw, '');
  assert.deepEqual(segs[0].fields.slice(0, 2).map((f) => [f.path, f.value]), [['MSH-1', '|'], ['MSH-2', '^~\\&']]);
  for (const s of segs) for (const f of s.fields) assert.equal(VXU.slice(...f.range), f.raw);
});

test('parseMany: several messages, MLLP frames, batches; strings and bytes', () => {
  const two = VXU + VXU.replace('DOE', 'ROE');
  const msgs = parseMany(two);
  assert.ok(Array.isArray(msgs));
  assert.equal(msgs.length, 2);
  assert.ok(msgs[1] instanceof Message);
  assert.deepEqual(msgs.map((m) => m.get('PID-5.1')), ['DOE', 'ROE']);
  assert.equal(msgs.map(String).join(''), two);
  const framed = `\x0b${VXU}\x1c\r\x0b${VXU}\x1c\r`;
  assert.equal(parseMany(Buffer.from(framed)).length, 2);
  const batch = readFileSync(join(repoRoot, 'examples', 'messages', 'batch.hl7'));
  const fromBatch = parseMany(batch);
  assert.ok(fromBatch.length >= 2);
  assert.ok(Buffer.from(fromBatch.map((m) => Buffer.from(m.toBytes())).reduce((a, b) => Buffer.concat([a, b]))).length > 0);
  // A message outlives the array (and the others) it came with.
  const [first] = parseMany(two);
  assert.equal(first.get('PID-5.1'), 'DOE');
});

test('parse errors: ParseError with code, offset, path, line; never field content', () => {
  let e = throwsIzkit(() => parse('PID|1\r'), 'ParseError', 'not_msh');
  assert.equal(e.offset, 0);
  e = throwsIzkit(() => parse(''), 'ParseError', 'empty');
  const bad = VXU.replace('DOE', 'DO\x01E');
  e = throwsIzkit(() => parse(bad), 'ParseError', 'control_character');
  assert.equal(e.offset, bad.indexOf('\x01'));
  assert.equal(e.path, 'PID-5.1');
  assert.equal(e.line, 2);
  assert.ok(!e.message.includes('DO'), e.message);
  e = throwsIzkit(() => parse(VXU.replace('RXA|0|1|20240103', 'rxa|0|1|20240103')), 'ParseError', 'invalid_segment_id');
  assert.equal(e.line, 4);
  e = throwsIzkit(() => parse(new Uint8Array([0x4d, 0x53, 0x48, 0x7c, 0xff])), 'ParseError', 'invalid_utf8');
  assert.equal(e.offset, 4);
  e = throwsIzkit(() => parseMany(VXU + VXU.replace('DOE', 'D\x02OE')), 'ParseError', 'control_character');
  assert.equal(e.offset, VXU.length + VXU.indexOf('DOE') + 1);
});

test('a wrong input type is a TypeError', () => {
  for (const bad of [42, undefined, null, {}, [1, 2]]) {
    assert.throws(() => parse(bad), TypeError);
    assert.throws(() => parseMany(bad), TypeError);
  }
});

test('path errors: PathError from get, getRaw, getAll and the builder', () => {
  const msg = parse(VXU);
  for (const p of ['pid-5', 'PID-0', 'PID-5.', '', 'PID-5.1.1.1']) {
    throwsIzkit(() => msg.get(p), 'PathError', 'invalid_path');
  }
  throwsIzkit(() => msg.getRaw('PID-'), 'PathError', 'invalid_path');
  throwsIzkit(() => msg.getAll('x'), 'PathError', 'invalid_path');
  throwsIzkit(() => new MessageBuilder().set('PID-x', 'v'), 'PathError', 'invalid_path');
});

test('MessageBuilder: new message, set/setRaw/addRepetition, build', () => {
  const b = new MessageBuilder();
  assert.equal(b.toString(), 'MSH|^~\\&\r');
  b.setRaw('MSH-9', 'VXU^V04^VXU_V04');
  b.set('MSH-12', '2.5.1');
  b.set('PID-5.1', "O'Brien & Sons");
  b.set('PID-3.1', 'X1');
  b.addRepetition('PID-3', 'X2');
  assert.equal(b.toString(), "MSH|^~\\&|||||||VXU^V04^VXU_V04|||2.5.1\rPID|||X1~X2||O'Brien \\T\\ Sons\r");
  assert.equal(b.get('PID-5.1'), "O'Brien & Sons");
  assert.equal(b.get('PID-9'), null);
  const msg = b.build();
  assert.ok(msg instanceof Message);
  assert.equal(msg.get('MSH-9.2'), 'V04');
  assert.deepEqual(msg.getAll('PID-3'), ['X1', 'X2']);
  b.removeRepetition('PID-3[1]');
  assert.equal(b.get('PID-3'), 'X2');
  b.clear('PID-5');
  assert.equal(b.get('PID-5.1'), null);
});

test('MessageBuilder from text and msg.toBuilder(); segment operations', () => {
  const b = parse(VXU).toBuilder();
  assert.ok(b instanceof MessageBuilder);
  assert.equal(b.toString(), VXU);
  b.insertSegment(2, 'PD1|||||||||||02');
  b.addSegment('OBX|1|CE|64994-7^Eligibility^LN');
  b.removeSegment(4);
  const msg = b.build();
  assert.deepEqual(msg.segments().map((s) => s.id), ['MSH', 'PID', 'PD1', 'RXA', 'OBX']);
  assert.equal(new MessageBuilder(VXU).toString(), VXU);
  throwsIzkit(() => new MessageBuilder('not a message'), 'ParseError', 'not_msh');
});

test('builder errors: EditError with code and offset', () => {
  const b = new MessageBuilder(VXU);
  throwsIzkit(() => b.removeSegment(0), 'EditError', 'edit');
  throwsIzkit(() => b.removeSegment(99), 'EditError', 'edit');
  throwsIzkit(() => b.insertSegment(0, 'ZZZ|1'), 'EditError', 'edit');
  throwsIzkit(() => b.set('MSH-2', 'x'), 'EditError', 'edit');
  throwsIzkit(() => b.setRaw('PID-5', 'a|b'), 'EditError', 'edit');
  throwsIzkit(() => b.addSegment('pid|1'), 'EditError', 'invalid_segment_id');
  throwsIzkit(() => b.addSegment('ZZZ|a\x01b'), 'EditError', 'control_character');
  throwsIzkit(() => b.removeRepetition('PID-3'), 'EditError', 'edit');
  assert.equal(b.toString(), VXU, 'a refused operation changes nothing');
});

test('objects can be freed explicitly', () => {
  const msg = parse(VXU);
  assert.equal(typeof msg.free, 'function');
  msg.free();
  assert.throws(() => msg.get('PID-5.1'));
});

// ---- validate and ack ----------------------------------------------------------------------

// A VXU that meets Z22 (the NIST test tool's, trimmed to one historical dose).
const GOOD_VXU =
  'MSH|^~\\&|NISTEHRAPP|NISTEHRFAC|NISTIISAPP|NISTIISFAC|20150624073733.994-0500||VXU^V04^VXU_V04|NIST-1|P|2.5.1|||ER|AL|||||Z22^CDCPHINVS|NISTEHRFAC|NISTIISFAC\r' +
  'PID|1||3123^^^NIST-MPI-1^MR||SECRETNAME^Russell^Clint^^^^L|Billington^^^^^^M|20150415|M||1002-5^American Indian or Alaska Native^CDCREC|543 Blount Drive^^Bozeman^MT^59715^USA^P||^PRN^PH^^^406^5557690|||||||||2186-5^Not Hispanic or Latino^CDCREC||N|1|||||N\r' +
  'PD1|||||||||||02^Reminder/recall - any method^HL70215|N|20150624|||A|20150415|20150624\r' +
  'ORC|RE||31528^NIST-AA-IZ-2|||||||7824^Jackson^Lily^Suzanne^^^^^NIST-PI-1^L^^^PRN|||||||NISTEHRFAC^NISTEHRFacility^HL70362\r' +
  'RXA|0|1|20150416||45^Hep B, unspecified formulation^CVX|999|||01^Historical Administration^NIP001|||||||||||CP|A\r';
const NO_NAME = GOOD_VXU.replace('SECRETNAME^Russell^Clint^^^^L', '');
const TODAY = { today: '2026-11-25' };
const KEYS = ['severity', 'code', 'app_code', 'rule', 'location', 'path', 'text', 'range'];

function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail('expected an error');
}

test('validate: plain finding objects with the JSON contract keys', () => {
  const msg = parse(NO_NAME);
  const findings = validate(msg, null, TODAY);
  assert.ok(Array.isArray(findings) && findings.length > 0);
  const f = findings.find((x) => x.code === 101 && x.location === 'PID^1^5^1');
  assert.ok(f, JSON.stringify(findings));
  assert.deepEqual(Object.keys(f), KEYS);
  assert.equal(Object.getPrototypeOf(f), Object.prototype);
  assert.equal(f.severity, 'error');
  assert.equal(f.path, 'PID[1]-5');
  assert.ok(f.range === null || (Array.isArray(f.range) && f.range.length === 2));
  assert.deepEqual(JSON.parse(JSON.stringify(findings)), findings);
  const report = validateReport(msg, undefined, TODAY);
  assert.equal(report.profile, 'Z22');
  assert.deepEqual(report.findings, findings);
});

test('validate: without opts.today the host clock gives today', () => {
  const msg = parse(GOOD_VXU);
  const findings = validate(msg, 'Z22', TODAY);
  assert.deepEqual(findings.filter((f) => f.severity === 'error'), []);
  assert.deepEqual(validate(msg), findings);
  assert.deepEqual(validate(msg, 'Z22'), findings);
});

test('validate: errors', () => {
  const msg = parse(GOOD_VXU);
  const e = thrown(() => validate(msg, 'Z99'));
  assert.equal(e.name, 'IzkitError');
  assert.equal(e.code, 'unknown_profile');
  assert.equal(typeof e.offset, 'number');
  const bad = thrown(() => validate(msg, null, { today: '25/11/2026' }));
  assert.ok(bad instanceof TypeError);
  assert.match(bad.message, /YYYY-MM-DD/);
  assert.throws(() => validate(msg, null, { today: 20261125 }), TypeError);
  assert.throws(() => validate(msg, 22), TypeError);
});

test('Validator: a local profile is added to the built-in ones (same id replaces)', () => {
  const nist = join(repoRoot, 'core', 'data', 'profiles', 'nist-iz-r1.5');
  const read = (...p) => readFileSync(join(nist, ...p), 'utf8');
  const xml = read('profiles', 'VXU-Z22_Profile.xml');
  const marker = '<Field Name="Ethnic Group" Usage="RE"';
  assert.ok(xml.includes(marker));
  const local = new Validator({
    profiles: [
      {
        profile: xml.replace(marker, '<Field Name="Ethnic Group" Usage="R"'),
        constraints: read('constraints', 'VXU-Z22_Constraints.xml'),
        valueSets: read('valuesets', 'VXU-Z22_ValueSetLibrary.xml'),
      },
    ],
  });
  assert.deepEqual([...local.profileIds()].sort(), [...new Validator().profileIds()].sort());
  assert.ok(local.profileIds().includes('Z22'));
  const b = parse(GOOD_VXU).toBuilder();
  b.set('PID-22', '');
  const msg = b.build();
  const at22 = (fs) => fs.filter((f) => f.code === 101 && f.location === 'PID^1^22^1');
  assert.deepEqual(at22(validate(msg, null, TODAY)), []);
  assert.deepEqual(at22(new Validator().validate(msg, null, TODAY)), []);
  assert.deepEqual(at22(new Validator({}).validate(msg, null, TODAY)), []);
  const found = at22(local.validate(msg, null, TODAY));
  assert.equal(found.length, 1);
  assert.equal(found[0].severity, 'error');
  const report = local.validateReport(msg, 'Z22', TODAY);
  assert.equal(report.profile, 'Z22');
  assert.deepEqual(report.findings, local.validate(msg, 'Z22', TODAY));
  local.free();
});

test('Validator: local code tables replace the built-in ones', () => {
  const tables = join(repoRoot, 'core', 'data', 'tables');
  const cvx = readFileSync(join(tables, 'cvx.csv'), 'utf8');
  const mvx = readFileSync(join(tables, 'mvx.csv'), 'utf8');
  const without45 = cvx.split('\n').filter((l) => !l.startsWith('45,')).join('\n');
  const rules = (fs) => fs.map((f) => f.rule);
  const msg = parse(GOOD_VXU);
  assert.ok(!rules(new Validator({ tables: { cvx, mvx } }).validate(msg, null, TODAY)).includes('izkit:rxa-5-cvx-unknown'));
  assert.ok(rules(new Validator({ tables: { cvx: without45, mvx, groups: null } }).validate(msg, null, TODAY)).includes('izkit:rxa-5-cvx-unknown'));
});

test('Validator: errors', () => {
  for (const [opts, code] of [
    [{ profiles: [{ profile: '<ConformanceProfile' }] }, 'profile_load'],
    [{ tables: { cvx: 'not a table\n', mvx: 'mvx\n' } }, 'table_load'],
  ]) {
    const e = thrown(() => new Validator(opts));
    assert.equal(e.name, 'IzkitError');
    assert.equal(e.code, code);
  }
  assert.throws(() => new Validator({ profiles: {} }), TypeError);
  assert.throws(() => new Validator({ profiles: [{}] }), TypeError);
  assert.throws(() => new Validator({ profiles: [{ profile: 'x', valueSets: 1 }] }), TypeError);
  assert.throws(() => new Validator({ tables: { cvx: 'a' } }), TypeError);
  assert.throws(() => new Validator(42), TypeError);
  const v = new Validator();
  assert.equal(thrown(() => v.validate(parse(GOOD_VXU), 'Z99')).code, 'unknown_profile');
  assert.throws(() => v.validate(parse(GOOD_VXU), null, { today: '25/11/2026' }), TypeError);
});

test('findings never hold patient data', () => {
  const bad = GOOD_VXU.replace('20150415|M', 'SECRETDATE|SECRETSEX');
  const findings = validate(parse(bad), null, TODAY);
  assert.ok(findings.length > 0);
  assert.ok(!JSON.stringify(findings).includes('SECRET'));
});

test('ack: from the findings or the report; MSH-7 from the host clock by default', () => {
  const msg = parse(NO_NAME);
  const report = validateReport(msg, null, TODAY);
  const opts = { controlId: 'ACK-1', timestamp: '20260101120000+0000' };
  const a1 = ack(msg, report.findings, opts);
  const a2 = ack(msg, report, opts);
  assert.ok(a1 instanceof Message);
  assert.equal(a1.toString(), a2.toString());
  assert.equal(a1.get('MSA-1'), 'AE');
  assert.equal(a1.get('MSA-2'), 'NIST-1');
  assert.equal(a1.get('MSH-10'), 'ACK-1');
  assert.equal(a1.get('MSH-7'), '20260101120000+0000');
  assert.ok(!a1.toString().includes('SECRETNAME'));
  const before = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 8);
  const ok = ack(parse(GOOD_VXU), []);
  assert.equal(ok.get('MSA-1'), 'AA');
  assert.match(ok.get('MSH-7'), /^\d{14}\+0000$/);
  assert.ok(ok.get('MSH-7') >= before);
  assert.notEqual(ok.get('MSH-10'), null);
});

test('ack refuses what is not a finding, without quoting it', () => {
  const msg = parse(GOOD_VXU);
  const good = { severity: 'error', code: 101, text: 'x', location: 'PID^1^5^1' };
  ack(msg, [good]);
  for (const bad of [
    { severity: 'fatal', code: 101, text: 'SECRETNAME' },
    { severity: 'error', code: 'SECRETNAME', text: 'x' },
    { severity: 'error', code: 101, text: 'x', location: 'SECRETNAME' },
    { code: 101 },
    42,
  ]) {
    const e = thrown(() => ack(msg, [good, bad]));
    assert.ok(e instanceof TypeError, String(e));
    assert.match(e.message, /findings\[1\]/);
    assert.ok(!e.message.includes('SECRETNAME'));
  }
  assert.throws(() => ack(msg, 'findings'), TypeError);
  assert.throws(() => ack(msg, [], { controlId: 7 }), TypeError);
});
