// Runs the Node example of bindings-wasm/README.md (the ```js block starting `// example: node`)
// as an ES module importing the package by name, and checks that each console.log prints what
// the comment beside it says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { bindingRoot } from './serve.mjs';
import { join } from 'node:path';

test('README: the Node example prints what its comments say', () => {
  const readme = readFileSync(join(bindingRoot, 'README.md'), 'utf8');
  const block = readme.match(/```js\n(\/\/ example: node\n[\s\S]*?)```/);
  assert.ok(block, 'the README has a Node example');
  const code = block[1];
  // The expected output of a console.log is the comment at the end of its line, or the comment
  // line right after it.
  const src = code.split('\n');
  const expected = [];
  src.forEach((l, i) => {
    if (!l.includes('console.log(')) return;
    const at = l.lastIndexOf('// ');
    if (at > l.indexOf('console.log(')) expected.push(l.slice(at + 3).trim());
    else if (/^\s*\/\/ /.test(src[i + 1] ?? '')) expected.push(src[i + 1].trim().slice(3));
  });
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: bindingRoot, // so `import 'izkit-wasm'` resolves to this package (self-reference)
    encoding: 'utf8',
  });
  const lines = out.trim().split('\n').map((l) => l.trim());
  assert.equal(expected.length, 8);
  assert.deepEqual(lines, expected);
});
