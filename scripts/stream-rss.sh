#!/usr/bin/env bash
# Measures peak memory of `izkit get` streaming a ~1 GB file (the issue's target: < 64 MB RSS).
# Usage: scripts/stream-rss.sh [COPIES=80]   (80 copies of the 12.6 MB bench corpus ≈ 1.0 GB)
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-80}
corpus=target/bench-corpus/vxu_5000.hl7
big=target/bench-corpus/vxu_big.hl7
mkdir -p target/bench-corpus
[[ -f $corpus ]] || python3 benches/data/gen_vxu.py -n 5000 --seed 42 -o "$corpus"
if [[ ! -f $big ]] || (( $(stat -c %s "$big") != copies * $(stat -c %s "$corpus") )); then
    for _ in $(seq "$copies"); do cat "$corpus"; done > "$big"
fi
cargo build --release -q -p izkit-cli
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
/usr/bin/time -v target/release/izkit get PID-5.1,RXA-5.1,RXA-3 "$big" 2> target/bench-corpus/time.txt > /dev/null
echo "input: $(stat -c %s "$big") bytes"
grep -E "Maximum resident|Elapsed|User time" target/bench-corpus/time.txt
