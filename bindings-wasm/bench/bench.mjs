// izkit-wasm in Node: parse + read PID-5.1, RXA-5.1, RXA-3 over the benchmark corpus.
//   node bench/bench.mjs [corpus] [reps=5] [minSec=1.0] [only]
// The corpus is made by benches/data/gen_vxu.py (5,000 VXU messages, seed 42) when missing.
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBench, prepare } from './workload.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

export function ensureCorpus(file = join(root, 'target', 'bench-corpus', 'vxu_5000.hl7')) {
  if (!existsSync(file) || !existsSync(`${file}.expected.tsv`)) {
    const gen = [join(root, 'benches', 'data', 'gen_vxu.py'), join(root, '..', 'shared', 'bench', 'peers', 'gen_vxu.py')].find(existsSync);
    if (!gen) throw new Error('no gen_vxu.py to make the corpus with');
    mkdirSync(dirname(file), { recursive: true });
    execFileSync('python3', [gen, '-n', '5000', '--seed', '42', '-o', file], { stdio: 'inherit' });
  }
  return file;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const corpus = process.argv[2] || ensureCorpus();
  const reps = Number(process.argv[3] || 5);
  const minSec = Number(process.argv[4] || 1.0);
  const only = process.argv[5] || null;
  const api = createRequire(import.meta.url)('../pkg/node/izkit_wasm.js');
  const data = prepare(readFileSync(corpus, 'utf8'), readFileSync(`${corpus}.expected.tsv`, 'utf8'));
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const { verify, results } = runBench(api, data, { reps, minSec, only, clock: cpu });
  if (verify.ok !== verify.n) {
    console.error('verification failed', verify);
    process.exit(1);
  }
  for (const r of results) {
    console.log(JSON.stringify({ lang: 'node', runtime: `node ${process.version}`, lib: 'izkit-wasm', clock: 'process_cpu_time', verified: `${verify.ok}/${verify.n}`, ...r }));
  }
}
