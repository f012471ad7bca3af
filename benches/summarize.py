#!/usr/bin/env python3
"""Turn criterion's results (target/criterion/<group>/<bench>/new/) into one markdown table.

Usage: python3 benches/summarize.py [TARGET_DIR=target]

For each benchmark: the median time of one iteration (one pass over the whole input), and from
it msgs/s (elements/s) and MB/s (decimal megabytes, 1e6 bytes, as the peer harness counts them);
plus the best sample (the fastest per-iteration time of any sample), which is less disturbed by
other jobs on a shared machine.
"""
import glob
import json
import os
import sys

# Workloads with a target in the issues: (group/bench, metric, threshold, unit label).
TARGETS = {
    "izkit/access_get": ("msgs", 2_000_000, ">= 2,000,000 msgs/s"),
    "izkit/access_views": ("msgs", 2_000_000, ">= 2,000,000 msgs/s"),
    "izkit/parse_indexed": ("mb", 1_000, ">= 1,000 MB/s"),
    "izkit/serialize": ("mb", 3_000, ">= 3,000 MB/s"),
}


def fmt(x):
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"


def main():
    target = sys.argv[1] if len(sys.argv) > 1 else "target"
    rows = []
    for bench in sorted(glob.glob(os.path.join(target, "criterion", "*", "*", "new", "benchmark.json"))):
        d = os.path.dirname(bench)
        meta = json.load(open(bench))
        est = json.load(open(os.path.join(d, "estimates.json")))
        sample = json.load(open(os.path.join(d, "sample.json")))
        t = meta.get("throughput") or {}
        if "ElementsAndBytes" in t:
            elems, nbytes = t["ElementsAndBytes"]["elements"], t["ElementsAndBytes"]["bytes"]
        else:
            elems, nbytes = t.get("Elements"), t.get("Bytes") or t.get("BytesDecimal")
        med_ns = est["median"]["point_estimate"]
        best_ns = min(tm / it for tm, it in zip(sample["times"], sample["iters"]))
        rows.append((meta["full_id"], med_ns, best_ns, elems, nbytes))

    print("| benchmark | median time / pass | msgs/s (median) | MB/s (median) | msgs/s (best sample) | MB/s (best sample) | target |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, med, best, elems, nbytes in rows:
        per = lambda ns, n: n / (ns * 1e-9) if n else float("nan")
        msgs_med, msgs_best = per(med, elems), per(best, elems)
        mb_med = nbytes / (med * 1e-9) / 1e6 if nbytes else float("nan")
        mb_best = nbytes / (best * 1e-9) / 1e6 if nbytes else float("nan")
        goal = ""
        if name in TARGETS:
            metric, thr, label = TARGETS[name]
            val = msgs_med if metric == "msgs" else mb_med
            goal = f"{label}: {'met' if val >= thr else 'NOT met'}"
        t = f"{med / 1e6:,.3f} ms" if med >= 1e5 else f"{med / 1e3:,.1f} µs"
        print(f"| {name} | {t} | {fmt(msgs_med)} | {fmt(mb_med)} | {fmt(msgs_best)} | {fmt(mb_best)} | {goal} |")


if __name__ == "__main__":
    main()
