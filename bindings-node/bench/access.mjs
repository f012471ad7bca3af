#!/usr/bin/env node
// The access workload of the peer harness (../shared/bench/peers/node-peers/bench.js), for izkit:
// parse a message, then read PID-5.1, RXA-5.1 and RXA-3. Same protocol as the peers: the corpus
// is split on '\n' outside the timed region; a repetition cycles through the messages until it
// has used MIN_SEC of CPU time (user + system of the whole process, so GC threads count); one
// warm-up repetition, then REPS timed ones; the median is reported.
//
// The peers' protocol runs each repetition as one synchronous loop. Node frees native memory
// (izkit's messages, like any napi object) only when the event loop turns, so this harness
// yields between repetitions, and also reports `access, yielding every 1000 messages`: the
// same work with a turn of the event loop every 1000 messages, as a server would have.
//
// Usage: node bench/access.mjs [corpus] [reps=5] [minSec=1.0]
// Without a corpus argument it uses <repo>/target/bench-corpus/vxu_5000.hl7, generating it
// first with benches/data/gen_vxu.py (or ../shared/bench/peers/gen_vxu.py) when missing.
// Needs the addon built (`npm run build`). Prints one JSON line per workload.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from '../index.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const repo = join(here, '..', '..')

function corpusPath() {
  if (process.argv[2]) return process.argv[2]
  const file = join(repo, 'target', 'bench-corpus', 'vxu_5000.hl7')
  if (!existsSync(file) || !existsSync(file + '.expected.tsv')) {
    const gens = [join(repo, 'benches', 'data', 'gen_vxu.py'), join(repo, '..', 'shared', 'bench', 'peers', 'gen_vxu.py')]
    const gen = gens.find((g) => existsSync(g))
    if (!gen) throw new Error(`no corpus generator (looked for ${gens.join(', ')})`)
    mkdirSync(dirname(file), { recursive: true })
    execFileSync('python3', [gen, '-n', '5000', '--seed', '42', '-o', file], { stdio: 'inherit' })
  }
  return file
}

const corpus = corpusPath()
const REPS = Number(process.argv[3] || 5)
const MIN_SEC = Number(process.argv[4] || 1.0)

const msgs = readFileSync(corpus, 'utf8').split('\n').filter((m) => m.length > 0)
const sizes = msgs.map((m) => Buffer.byteLength(m, 'utf8'))
const expected = readFileSync(corpus + '.expected.tsv', 'utf8').split('\n').filter((l) => l).map((l) => l.split('\t'))
const unescape = (s) => s.replace(/\\F\\/g, '|').replace(/\\S\\/g, '^').replace(/\\T\\/g, '&').replace(/\\R\\/g, '~').replace(/\\E\\/g, '\\')

const workloads = {
  // The peers' workload: values with escapes decoded.
  access: (m) => {
    const x = parse(m)
    return [x.get('PID-5.1'), x.get('RXA-5.1'), x.get('RXA-3')]
  },
  'access (indexed)': (m) => {
    const x = parse(m, { indexed: true })
    return [x.get('PID-5.1'), x.get('RXA-5.1'), x.get('RXA-3')]
  },
  parse: (m) => parse(m),
}

// Untimed check that the workload reads the right values.
let bad = 0
for (let k = 0; k < Math.min(msgs.length, expected.length); k++) {
  const got = workloads.access(msgs[k])
  const want = expected[k].slice(0, 3).map(unescape)
  if (got.some((v, i) => v !== want[i])) bad++
}
if (bad) throw new Error(`${bad} messages read wrong values`)

const cpuNow = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}
let sink = null
let pos = 0
const turn = () => new Promise((resolve) => setImmediate(resolve))
async function oneRep(fn, yieldEvery = 0) {
  const n = msgs.length
  let i = pos
  let count = 0
  let nbytes = 0
  let stride = 1
  let nextCheck = 1
  const w0 = process.hrtime.bigint()
  const c0 = cpuNow()
  let last = c0
  for (;;) {
    sink = fn(msgs[i])
    nbytes += sizes[i]
    count++
    i++
    if (i === n) i = 0
    if (yieldEvery && count % yieldEvery === 0) await turn()
    if (count >= nextCheck) {
      const now = cpuNow()
      if (now - c0 >= MIN_SEC) break
      if (now - last < 0.001 && stride < 65536) stride *= 2
      last = now
      nextCheck = count + stride
    }
  }
  const cpu = cpuNow() - c0
  const wall = Number(process.hrtime.bigint() - w0) / 1e9
  pos = i
  return { msgs_per_s: count / cpu, mb_per_s: nbytes / cpu / 1e6, wall_msgs_per_s: count / wall }
}
const median = (a) => {
  const s = [...a].sort((x, y) => x - y)
  const k = s.length >> 1
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2
}

const runs = [
  ['access', workloads.access, 0],
  ['access, yielding every 1000 messages', workloads.access, 1000],
  ['access (indexed)', workloads['access (indexed)'], 0],
  ['parse', workloads.parse, 0],
]
for (const [name, fn, yieldEvery] of runs) {
  pos = 0
  await oneRep(fn, yieldEvery) // warm-up
  await turn()
  const reps = []
  let rss = 0
  for (let r = 0; r < REPS; r++) {
    reps.push(await oneRep(fn, yieldEvery))
    rss = Math.max(rss, process.memoryUsage().rss)
    sink = null
    await turn() // let V8 collect and the finalizers free the native messages
  }
  console.log(
    JSON.stringify({
      lang: 'node',
      lib: 'izkit',
      workload: name,
      msgs_per_s: Math.round(median(reps.map((r) => r.msgs_per_s))),
      mb_per_s: Math.round(median(reps.map((r) => r.mb_per_s)) * 10) / 10,
      wall_msgs_per_s: Math.round(median(reps.map((r) => r.wall_msgs_per_s))),
      peak_rss_mb: Math.round(rss / 1e6),
      reps: REPS,
      min_sec: MIN_SEC,
      messages: msgs.length,
      node: process.version,
    }),
  )
}
if (sink === undefined) console.log('')
