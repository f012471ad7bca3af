#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for SECONDS each (default 60).
#
#   bash fuzz/run.sh [SECONDS] [TARGET...]
#
# Needs the nightly toolchain (`cargo +nightly`) and cargo-fuzz 0.13.2 (installed here when
# missing). The working corpus of each target is fuzz/corpus/<target> (git-ignored, created
# here); fuzz/seeds/<target> is passed as a second, read-only corpus directory. Crashes land in
# fuzz/artifacts/<target>/. Exits non-zero when any target failed.
set -uo pipefail
cd "$(dirname "$0")"
FUZZ_DIR=$(pwd)
SECS=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(parse path builder stream validate profile_xml ack to_fhir from_fhir redact route)

case "$SECS" in
  ''|*[!0-9]*) echo "run.sh: SECONDS must be a whole number, got '$SECS'" >&2; exit 2 ;;
esac
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "run.sh: the nightly toolchain is needed (cargo +nightly); install it with rustup" >&2
  exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "run.sh: installing cargo-fuzz 0.13.2" >&2
  cargo install cargo-fuzz --version 0.13.2 --locked || exit 2
fi

# izkit forbids unsafe code, so AddressSanitizer finds little there and costs 3-5x in speed;
# overflow checks and debug assertions (-a) find more. Override with FUZZ_FLAGS="".
FLAGS=${FUZZ_FLAGS--s none -a}
cargo +nightly fuzz build $FLAGS || exit 1

failed=()
for t in "${TARGETS[@]}"; do
  mkdir -p "corpus/$t"
  # A target with its own dictionary (<target>.dict) uses it; the others use hl7.dict.
  dict="$FUZZ_DIR/hl7.dict"
  [ -f "$FUZZ_DIR/$t.dict" ] && dict="$FUZZ_DIR/$t.dict"
  echo "=== fuzz target $t: ${SECS}s" >&2
  if ! cargo +nightly fuzz run $FLAGS "$t" "corpus/$t" "seeds/$t" -- \
      -max_total_time="$SECS" -dict="$dict" -timeout=10 -print_final_stats=1; then
    failed+=("$t")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "run.sh: FAILED: ${failed[*]} (inputs in fuzz/artifacts/<target>/)" >&2
  exit 1
fi
echo "run.sh: ${#TARGETS[@]} fuzz targets ran ${SECS}s each without a crash" >&2
