//! izkit in the format of the shared peer benchmark harness (`rust-peers`), so its figures can
//! be put beside the peers' in one table by the harness's `summarize.py`.
//!
//! Same protocol as `rust-peers/src/main.rs`: the file is split on `\n` outside the timed
//! region; a rep cycles through the messages until at least MIN_SEC has elapsed (the clock is
//! read at a stride that doubles while reads come less than 1 ms apart, at most every 65,536
//! messages); 1 warm-up rep (at most 0.5 s) + REPS timed reps; medians. Workloads: `parse`
//! (parse, black-box the result) and `access` (parse, then read PID-5.1, RXA-5.1, RXA-3).
//! Untimed verify pass against `FILE.expected.tsv`, reported in the same `verify` record.
//!
//! The clock: the harness reads the thread's CPU time with `clock_gettime(CLOCK_THREAD_CPUTIME_ID)`
//! through libc; this binary uses only the standard library, so it reads the same quantity (the
//! thread's time on a CPU, in ns) from `/proc/thread-self/schedstat`, which Linux updates at
//! every scheduler tick (about 4 ms here: under 0.5% of a 1 s rep). Where that file cannot be
//! read (not Linux, or `IZKIT_PEER_CLOCK=wall`), it falls back to `std::time::Instant`, the
//! monotonic wall clock, which reads lower on a loaded machine. Each line names its clock in the
//! `clock` field (`"thread_cpu_time_schedstat"` or `"wall_monotonic"`); `median_wall_msgs_s` is
//! always from `Instant`, as in the harness.
//!
//! Usage: izkit-peer CORPUS.hl7 `[reps=5] [min_sec=1.0] [only]`
//! (prints JSON Lines on stdout, one per library row and workload).

use izkit_benches::{load_corpus_from, peer, unescape};
use std::hint::black_box;
use std::time::Instant;

/// The thread's CPU time in seconds from `/proc/thread-self/schedstat` (first field: ns spent
/// on a CPU), or `None` when unavailable.
fn schedstat_cpu() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns as f64 * 1e-9)
}

/// The clock used for timing: thread CPU time when readable, else the wall clock.
struct Clock {
    start: Instant,
    cpu: bool,
}

impl Clock {
    fn new() -> Clock {
        let wall = std::env::var("IZKIT_PEER_CLOCK").is_ok_and(|v| v == "wall");
        Clock {
            start: Instant::now(),
            cpu: !wall && schedstat_cpu().is_some(),
        }
    }
    fn now(&self) -> f64 {
        if self.cpu {
            if let Some(t) = schedstat_cpu() {
                return t;
            }
        }
        self.start.elapsed().as_secs_f64()
    }
    fn name(&self) -> &'static str {
        if self.cpu {
            "thread_cpu_time_schedstat"
        } else {
            "wall_monotonic"
        }
    }
}

type Access = fn(&str) -> Option<[String; 3]>;
type Parse = fn(&str) -> usize;

struct Lib {
    name: &'static str,
    version: String,
    parse: Parse,
    access: Access,
}

fn libs() -> Vec<Lib> {
    let v = |what: &str| format!("izkit {} ({what})", env!("CARGO_PKG_VERSION"));
    vec![
        Lib {
            name: "izkit",
            version: v("parse = parse_indexed; access = lazy parse + get, decoded"),
            parse: peer::parse_indexed,
            access: peer::access_get,
        },
        Lib {
            name: "izkit (lazy parse, get_raw)",
            version: v("parse = lazy parse; access = lazy parse + get_raw, escapes kept"),
            parse: peer::parse_lazy,
            access: peer::access_get_raw,
        },
        Lib {
            name: "izkit (lazy parse, views)",
            version: v("parse = lazy parse; access = lazy parse + segment_by_id/field/component"),
            parse: peer::parse_lazy,
            access: peer::access_views,
        },
    ]
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn json_str(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\r' => o.push_str("\\r"),
            '\n' => o.push_str("\\n"),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let corpus_path = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "../corpus/vxu_5000.hl7".into());
    let reps: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5).max(1);
    let min_sec: f64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1.0);
    let only = args.get(4).cloned();

    let corpus = load_corpus_from(std::path::Path::new(&corpus_path));
    let msgs = corpus.messages();
    let exp = &corpus.expected;
    let total_msg_bytes: usize = msgs.iter().map(|m| m.len()).sum();
    let clock = Clock::new();
    let now = || clock.now();

    for lib in libs() {
        if let Some(o) = &only {
            if !lib.name.contains(o.as_str()) {
                continue;
            }
        }
        // verify (untimed), catching panics
        let (mut raw_ok, mut dec_ok, mut errs) = (0usize, 0usize, 0usize);
        let mut first_mismatch = String::new();
        for (m, e) in msgs.iter().zip(exp.iter()) {
            match std::panic::catch_unwind(|| (lib.access)(m)) {
                Ok(Some(got)) => {
                    if got[0] == e[0] && got[1] == e[1] && got[2] == e[2] {
                        raw_ok += 1;
                    } else if first_mismatch.is_empty() {
                        first_mismatch = format!("got {:?} expected {:?}", got, e);
                    }
                    if got[0] == unescape(&e[0])
                        && got[1] == unescape(&e[1])
                        && got[2] == unescape(&e[2])
                    {
                        dec_ok += 1;
                    }
                }
                _ => errs += 1,
            }
        }
        let verify = format!(
            "{{\"n\":{},\"match_raw\":{},\"match_unescaped\":{},\"errors\":{},\"first_mismatch\":{}}}",
            msgs.len(),
            raw_ok,
            dec_ok,
            errs,
            json_str(&first_mismatch)
        );
        for (wl, is_parse) in [("parse", true), ("access", false)] {
            let mut pos = 0usize;
            let mut mps = Vec::new();
            let mut mbs = Vec::new();
            let mut counts = Vec::new();
            let mut walls: Vec<f64> = Vec::new();
            let ok = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                for r in 0..=reps {
                    let target = if r == 0 { min_sec.min(0.5) } else { min_sec };
                    let w0 = Instant::now();
                    let c0 = now();
                    let mut last = c0;
                    let (mut stride, mut next_check) = (1usize, 1usize);
                    let (mut count, mut nbytes) = (0usize, 0usize);
                    loop {
                        let m = msgs[pos];
                        if is_parse {
                            black_box((lib.parse)(black_box(m)));
                        } else {
                            black_box((lib.access)(black_box(m)));
                        }
                        nbytes += m.len();
                        count += 1;
                        pos += 1;
                        if pos == msgs.len() {
                            pos = 0;
                        }
                        if count >= next_check {
                            let t = now();
                            if t - c0 >= target {
                                break;
                            }
                            if t - last < 0.001 && stride < 65536 {
                                stride *= 2;
                            }
                            last = t;
                            next_check = count + stride;
                        }
                    }
                    let el = now() - c0;
                    let wall = w0.elapsed().as_secs_f64();
                    if r > 0 {
                        walls.push(count as f64 / wall);
                        mps.push(count as f64 / el);
                        mbs.push(nbytes as f64 / el / 1e6);
                        counts.push(count);
                    }
                }
            }));
            if ok.is_err() {
                println!(
                    "{{\"lang\":\"rust\",\"lib\":{},\"version\":{},\"workload\":\"{}\",\"error\":\"panicked\",\"verify\":{}}}",
                    json_str(lib.name),
                    json_str(&lib.version),
                    wl,
                    verify
                );
                continue;
            }
            let (mn, mx) = (
                mps.iter().cloned().fold(f64::MAX, f64::min),
                mps.iter().cloned().fold(0.0, f64::max),
            );
            let med = median(&mut mps);
            println!(
                "{{\"lang\":\"rust\",\"lib\":{},\"version\":{},\"workload\":\"{}\",\"median_msgs_s\":{},\"median_MB_s\":{},\"min_msgs_s\":{},\"max_msgs_s\":{},\"reps\":{},\"msgs_per_rep\":{:?},\"median_wall_msgs_s\":{},\"clock\":\"{}\",\"verify\":{}}}",
                json_str(lib.name),
                json_str(&lib.version),
                wl,
                med,
                median(&mut mbs),
                mn,
                mx,
                reps,
                counts,
                median(&mut walls),
                clock.name(),
                verify
            );
        }
    }
    eprintln!(
        "corpus: {} messages, {} message bytes",
        msgs.len(),
        total_msg_bytes
    );
}
