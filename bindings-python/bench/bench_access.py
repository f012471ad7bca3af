#!/usr/bin/env python3
"""Parse + read PID-5.1, RXA-5.1 and RXA-3, per message, with izkit's Python bindings.

The workload of the issue's targets and of the peer harness (../shared/bench/peers/py_bench.py):
the corpus file is read and split on '\\n' into message strings outside the timed region; a run
parses every message and reads the three fields; throughput is messages per second of CPU time
(time.process_time), the median of --runs runs (after one warm-up run).

Corpus: target/bench-corpus/vxu_5000.hl7 at the repository root, generated when missing with
benches/data/gen_vxu.py (or ../shared/bench/peers/gen_vxu.py) -n 5000 --seed 42.

    python bindings-python/bench/bench_access.py [--runs 5] [--corpus FILE] [--indexed] [--json]

Prints one line per workload; python-hl7 does 781 msgs/s on this workload on this machine type
(issue 3), and the target for izkit is 250,000 msgs/s.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import izkit

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_CORPUS = os.path.join(ROOT, "target", "bench-corpus", "vxu_5000.hl7")
PYTHON_HL7 = 781  # msgs/s, issue 3
TARGET = 250_000  # msgs/s, issue 3


def generator():
    for cand in (
        os.path.join(ROOT, "benches", "data", "gen_vxu.py"),
        os.path.join(ROOT, "..", "shared", "bench", "peers", "gen_vxu.py"),
    ):
        if os.path.exists(cand):
            return cand
    sys.exit("no gen_vxu.py found (benches/data/ or ../shared/bench/peers/)")


def load(path):
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        subprocess.run(
            [sys.executable, generator(), "-n", "5000", "--seed", "42", "-o", path], check=True
        )
    with open(path, "r", encoding="utf-8", newline="") as f:  # newline='' keeps '\r'
        return [m for m in f.read().split("\n") if m]


def access(msgs, indexed):
    parse = izkit.parse
    out = None
    if indexed:
        for m in msgs:
            msg = parse(m, indexed=True)
            out = (msg.get("PID-5.1"), msg.get("RXA-5.1"), msg.get("RXA-3"))
    else:
        for m in msgs:
            msg = parse(m)
            out = (msg.get("PID-5.1"), msg.get("RXA-5.1"), msg.get("RXA-3"))
    return out


def parse_only(msgs, indexed):
    parse = izkit.parse
    return [parse(m, indexed=indexed) for m in msgs]


def parse_many(text, _indexed):
    return izkit.parse_many(text)


def measure(fn, data, indexed, runs):
    fn(data, indexed)  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.process_time()
        fn(data, indexed)
        times.append(time.process_time() - t0)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--indexed", action="store_true", help="parse with indexed=True")
    ap.add_argument("--json", action="store_true", help="JSON Lines output")
    args = ap.parse_args()

    msgs = load(args.corpus)
    n = len(msgs)
    nbytes = sum(len(m.encode("utf-8")) for m in msgs)
    # Sanity: the values read are the generator's (raw values decode to these for this corpus).
    first = izkit.parse(msgs[0])
    assert first.get("PID-5.1") and first.get("RXA-5.1") and first.get("RXA-3")

    rows = []
    for name, fn, data in (
        ("access", access, msgs),
        ("parse", parse_only, msgs),
        ("parse_many", parse_many, "\n".join(msgs) + "\n"),
    ):
        t = measure(fn, data, args.indexed, args.runs)
        rows.append(
            {
                "lib": "izkit (python)",
                "workload": name,
                "indexed": args.indexed,
                "messages": n,
                "msgs_per_s": round(n / t),
                "mb_per_s": round(nbytes / t / 1e6, 1),
                "runs": args.runs,
            }
        )
    for r in rows:
        if args.json:
            print(json.dumps(r))
        else:
            extra = ""
            if r["workload"] == "access":
                extra = "  (python-hl7: %d msgs/s, %dx; target %d)" % (
                    PYTHON_HL7,
                    r["msgs_per_s"] // PYTHON_HL7,
                    TARGET,
                )
            print(
                "%-10s %-7s %9d msgs/s  %7.1f MB/s%s"
                % (
                    r["workload"],
                    "indexed" if r["indexed"] else "lazy",
                    r["msgs_per_s"],
                    r["mb_per_s"],
                    extra,
                )
            )


if __name__ == "__main__":
    main()
