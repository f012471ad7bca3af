// The benchmark workloads and timing loop, shared by bench.mjs (Node) and bench-browser.mjs
// (headless Chromium). Same protocol as the peer harness (shared/bench/peers/node-peers):
// messages split outside the timed region; one rep cycles through the messages until at least
// `minSec` has elapsed; one warm-up rep, then `reps` timed reps; the median is reported.
// `access` = parse, then read PID-5.1, RXA-5.1 and RXA-3 (first PID / RXA).
// Each message is freed explicitly (as a hot loop should; see README), so wasm memory stays flat.

export const PATHS = ['PID-5.1', 'RXA-5.1', 'RXA-3'];

export function workloads(api) {
  const { parse } = api;
  const indexed = { indexed: true };
  return {
    'parse (string)': (m) => parse(m).free(),
    'access (string)': (m) => {
      const x = parse(m);
      const r = [x.get('PID-5.1'), x.get('RXA-5.1'), x.get('RXA-3')];
      x.free();
      return r;
    },
    'access (Uint8Array)': (m, b) => {
      const x = parse(b);
      const r = [x.get('PID-5.1'), x.get('RXA-5.1'), x.get('RXA-3')];
      x.free();
      return r;
    },
    'access (string, indexed)': (m) => {
      const x = parse(m, indexed);
      const r = [x.get('PID-5.1'), x.get('RXA-5.1'), x.get('RXA-3')];
      x.free();
      return r;
    },
  };
}

const unescape = (s) =>
  s.replace(/\\F\\/g, '|').replace(/\\S\\/g, '^').replace(/\\T\\/g, '&').replace(/\\R\\/g, '~').replace(/\\E\\/g, '\\');

/** Checks every message's three values against expected.tsv (raw values, so compare decoded). */
export function verify(api, msgs, expected) {
  let ok = 0;
  let firstMismatch = null;
  for (let k = 0; k < msgs.length; k++) {
    const x = api.parse(msgs[k]);
    const got = PATHS.map((p) => x.get(p));
    const raw = PATHS.map((p) => x.getRaw(p));
    x.free();
    const want = expected[k];
    if (got.every((g, i) => g === unescape(want[i])) && raw.every((r, i) => r === want[i])) ok++;
    else firstMismatch ??= { k, got, raw, want };
  }
  return { n: msgs.length, ok, firstMismatch };
}

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
};

/**
 * Times `fn(msgs[i], bytes[i])`; `clock()` returns seconds (CPU time in Node, wall time in the
 * browser). Returns msgs/s and MB/s (median over reps).
 */
export function time(fn, msgs, bytes, sizes, { reps = 5, minSec = 1.0, clock }) {
  let pos = 0;
  let sink = null;
  const oneRep = (sec) => {
    const n = msgs.length;
    let i = pos;
    let count = 0;
    let nbytes = 0;
    let stride = 1;
    let nextCheck = 1;
    const c0 = clock();
    let last = c0;
    for (;;) {
      sink = fn(msgs[i], bytes[i]);
      nbytes += sizes[i];
      count++;
      i++;
      if (i === n) i = 0;
      if (count >= nextCheck) {
        const now = clock();
        if (now - c0 >= sec) break;
        if (now - last < 0.001 && stride < 65536) stride *= 2;
        last = now;
        nextCheck = count + stride;
      }
    }
    const t = clock() - c0;
    pos = i;
    return [count / t, nbytes / t / 1e6];
  };
  oneRep(Math.min(minSec, 0.5));
  const res = [];
  for (let r = 0; r < reps; r++) res.push(oneRep(minSec));
  void sink;
  return {
    msgs_s: Math.round(median(res.map((r) => r[0]))),
    MB_s: Math.round(median(res.map((r) => r[1])) * 10) / 10,
    min_msgs_s: Math.round(Math.min(...res.map((r) => r[0]))),
    max_msgs_s: Math.round(Math.max(...res.map((r) => r[0]))),
    reps,
  };
}

/**
 * One rep of `fn` for at least `sec` seconds of `clock()` time, starting at message `pos`:
 * `{ count, bytes, pos }`. The browser harness times reps from outside (main-thread CPU time).
 */
export function runFor(fn, data, sec, pos, clock) {
  const { msgs, bytes, sizes } = data;
  const n = msgs.length;
  let i = pos;
  let count = 0;
  let nbytes = 0;
  let sink = null;
  const c0 = clock();
  for (;;) {
    for (let k = 0; k < 256; k++) {
      sink = fn(msgs[i], bytes[i]);
      nbytes += sizes[i];
      count++;
      i++;
      if (i === n) i = 0;
    }
    if (clock() - c0 >= sec) break;
  }
  void sink;
  return { count, bytes: nbytes, pos: i };
}

/** Splits the corpus (one message per line) and prepares the per-message inputs. */
export function prepare(corpusText, expectedText) {
  const msgs = corpusText.split('\n').filter((m) => m.length > 0);
  const enc = new TextEncoder();
  const bytes = msgs.map((m) => enc.encode(m));
  const sizes = bytes.map((b) => b.length);
  const expected = expectedText
    .split('\n')
    .filter((l) => l)
    .map((l) => l.split('\t'));
  return { msgs, bytes, sizes, expected };
}

/** Runs verification and every workload; returns JSON-ready results. */
export function runBench(api, data, opts) {
  const v = verify(api, data.msgs, data.expected);
  const results = [];
  for (const [name, fn] of Object.entries(workloads(api))) {
    if (opts.only && !name.includes(opts.only)) continue;
    results.push({ workload: name, ...time(fn, data.msgs, data.bytes, data.sizes, opts) });
  }
  return { verify: v, results };
}
