// Runs every JavaScript code block of bindings-node/README.md (```js as ESM, ```cjs as
// CommonJS) in a fresh Node process from the package directory, so `izkit` resolves to this
// package by name. A block passes when it exits 0; the blocks check themselves with assert.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const readme = readFileSync(join(pkgDir, 'README.md'), 'utf8')
// The repository's README.md shows a short Node example too; it runs here with the package's.
const rootReadme = readFileSync(join(pkgDir, '..', 'README.md'), 'utf8')
const blockIn = (text) => [...text.matchAll(/^```(js|cjs)\n([\s\S]*?)^```/gm)].map((m) => ({ lang: m[1], code: m[2] }))
const blocks = [...blockIn(readme), ...blockIn(rootReadme)]

test('the README has JavaScript examples', () => {
  assert.ok(blockIn(readme).length >= 3, `found ${blockIn(readme).length} blocks`)
  assert.ok(blockIn(rootReadme).length >= 1, 'the repository README has a Node example')
})

for (const [i, { lang, code }] of blocks.entries()) {
  const firstLine = code.split('\n').find((l) => l.trim()) ?? ''
  test(`README block ${i + 1} (${lang}): ${firstLine.slice(0, 60)}`, () => {
    const inputType = lang === 'cjs' ? 'commonjs' : 'module'
    const out = execFileSync(process.execPath, [`--input-type=${inputType}`, '-e', code], {
      cwd: pkgDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    // Where a block shows its output in `// ...` comments after console.log, check it.
    const shown = [...code.matchAll(/console\.log\(.*\) \/\/ (.*)$/gm)].map((m) => m[1])
    assert.deepEqual(out.trim().split('\n').filter(Boolean), shown)
  })
}
