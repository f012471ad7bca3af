// The CommonJS entry point: require() gives the same API as the ESM one.
'use strict'
const assert = require('node:assert/strict')
const { test } = require('node:test')
const path = require('node:path')

test('require works and exposes the whole API', () => {
  const izkit = require('..')
  for (const name of ['parse', 'parseMany', 'parseManyAsync', 'locate', 'validate', 'validateReport', 'ack']) {
    assert.equal(typeof izkit[name], 'function', name)
  }
  for (const name of ['Message', 'MessageBuilder', 'Validator', 'IzkitError', 'ParseError', 'PathError', 'EditError']) {
    assert.equal(typeof izkit[name], 'function', name)
  }
  assert.equal(izkit._parse, undefined, 'internal functions are not exported')
  const msg = izkit.parse('MSH|^~\\&|A\rPID|1||||DOE^JO\r')
  assert.ok(msg instanceof izkit.Message)
  assert.equal(msg.get('PID-5.2'), 'JO')
  assert.throws(() => msg.get('x'), izkit.PathError)
  assert.throws(() => izkit.parse('nope'), izkit.ParseError)
})

test('the package resolves by name through its exports map', () => {
  const pkg = require('../package.json')
  assert.equal(pkg.name, 'izkit')
  assert.equal(pkg.exports['.'].require, './index.js')
  assert.equal(pkg.exports['.'].import, './index.mjs')
  assert.equal(require.resolve('..'), path.join(__dirname, '..', 'index.js'))
})

test('ESM and CommonJS share one module instance', async () => {
  const esm = await import('../index.mjs')
  const cjs = require('..')
  assert.equal(esm.parse, cjs.parse)
  assert.equal(esm.ParseError, cjs.ParseError)
  assert.equal(esm.default, cjs)
})
