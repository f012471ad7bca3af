// izkit-wasm in headless Chromium: the same workloads as bench.mjs, run inside a page that
// imports the web build (pkg/web). Each rep runs in the page for >= minSec; it is timed by the
// renderer main thread's CPU time (DevTools Performance.getMetrics ThreadTime), as the Node
// harness uses process CPU time, so other load on the machine does not count; wall-clock
// msgs/s are reported beside it.
//   node bench/bench-browser.mjs [reps=5] [minSec=1.0] [only]
import { dirname } from 'node:path';
import { launch } from '../tests/browser.mjs';
import { serve, bindingRoot } from '../tests/serve.mjs';
import { ensureCorpus } from './bench.mjs';

const reps = Number(process.argv[2] || 5);
const minSec = Number(process.argv[3] || 1.0);
const only = process.argv[4] || null;

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
};

const corpus = ensureCorpus();
const server = await serve(bindingRoot, { mounts: { '/corpus/': dirname(corpus) } });
const browser = await launch();
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.goto(`${server.url}/bench/bench.html`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const threadTime = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'ThreadTime').value;
  };
  const { ua, verify, names } = await page.evaluate(async () => {
    const api = await import('/pkg/web/izkit_wasm.js');
    await api.default();
    const w = await import('/bench/workload.mjs');
    const [text, tsv] = await Promise.all(
      ['/corpus/vxu_5000.hl7', '/corpus/vxu_5000.hl7.expected.tsv'].map((u) => fetch(u).then((r) => r.text())),
    );
    const data = w.prepare(text, tsv);
    const fns = w.workloads(api);
    let pos = 0;
    window.benchRep = (name, sec) => {
      const t0 = performance.now();
      const r = w.runFor(fns[name], data, sec, pos, () => performance.now() / 1000);
      pos = r.pos;
      return { ...r, wall: (performance.now() - t0) / 1000 };
    };
    return { ua: navigator.userAgent, verify: w.verify(api, data.msgs, data.expected), names: Object.keys(fns) };
  });
  if (verify.ok !== verify.n) {
    console.error('verification failed', verify);
    process.exitCode = 1;
  }
  const runtime = `chromium ${browser.version()} (headless)`;
  for (const name of names) {
    if (only && !name.includes(only)) continue;
    await page.evaluate(([n, s]) => window.benchRep(n, s), [name, Math.min(minSec, 0.5)]); // warm-up
    const cpuRates = [];
    const wallRates = [];
    const mbRates = [];
    for (let r = 0; r < reps; r++) {
      const t0 = await threadTime();
      const res = await page.evaluate(([n, s]) => window.benchRep(n, s), [name, minSec]);
      const cpu = (await threadTime()) - t0;
      cpuRates.push(res.count / cpu);
      wallRates.push(res.count / res.wall);
      mbRates.push(res.bytes / cpu / 1e6);
    }
    console.log(
      JSON.stringify({
        lang: 'wasm',
        runtime,
        lib: 'izkit-wasm',
        workload: name,
        msgs_s: Math.round(median(cpuRates)),
        MB_s: Math.round(median(mbRates) * 10) / 10,
        min_msgs_s: Math.round(Math.min(...cpuRates)),
        max_msgs_s: Math.round(Math.max(...cpuRates)),
        median_wall_msgs_s: Math.round(median(wallRates)),
        reps,
        clock: 'renderer main-thread CPU time',
        verified: `${verify.ok}/${verify.n}`,
      }),
    );
  }
} finally {
  await browser.close();
  await server.close();
}
