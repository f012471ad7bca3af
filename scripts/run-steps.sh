#!/usr/bin/env bash
# The body of `make test`: runs each make target named on the command line, in order, and ends
# with a summary of the steps and of the tests the runners reported.
#
# Usage: scripts/run-steps.sh STEP...        (each STEP is a target of the Makefile)
#
# Like `set -e`, the first failing step stops the run (the steps after it are listed as not
# run) and the exit status is non-zero. KEEP_GOING=1 runs every step anyway and still fails at
# the end if any step failed.
#
# Each step's output is shown as it runs and also kept in $LOG_DIR/STEP.log. The closing line
# adds up what the test runners printed in those logs:
#   cargo test   "test result: ok. 12 passed; 0 failed; 1 ignored; ..."
#   pytest       "==== 12 passed, 1 skipped in 0.50s ===="          (issue 3: Python binding)
#   node --test  "# pass 12" / "# fail 0" / "# skipped 0" (TAP), or "ℹ pass 12" (spec reporter)
set -uo pipefail

make_cmd=${MAKE:-make}
log_dir=${LOG_DIR:-target/check-logs}
keep_going=${KEEP_GOING:-0}
mkdir -p "$log_dir"

steps=("$@")
declare -A result seconds
failed=0
stop=0
run_start=$SECONDS

for step in "${steps[@]}"; do
    if ((stop)); then
        result[$step]="not run"
        continue
    fi
    printf '\n==> make %s\n' "$step"
    start=$SECONDS
    "$make_cmd" --no-print-directory "$step" 2>&1 | tee "$log_dir/$step.log"
    rc=${PIPESTATUS[0]}
    seconds[$step]=$((SECONDS - start))
    if ((rc == 0)); then
        result[$step]="ok"
    else
        result[$step]="FAILED (exit $rc)"
        failed=$((failed + 1))
        [[ $keep_going == 1 ]] || stop=1
    fi
done

# Test counts from the logs of the steps that ran.
counts=$(
    for step in "${steps[@]}"; do
        [[ -f $log_dir/$step.log && ${result[$step]} != "not run" ]] && cat "$log_dir/$step.log"
    done | awk '
        /^test result: / {
            for (i = 1; i <= NF; i++) {
                w = $(i + 1); sub(/[;,]$/, "", w)
                if (w == "passed") p += $i
                else if (w == "failed") f += $i
                else if (w == "ignored") s += $i
            }
            next
        }
        /^=+ .* in [0-9.]+s.* =+$/ || /^[0-9]+ (passed|failed|skipped|error).* in [0-9.]+s/ {
            for (i = 1; i <= NF; i++) {
                w = $(i + 1); sub(/[;,]$/, "", w)
                if ($i ~ /^[0-9]+$/) {
                    if (w == "passed") p += $i
                    else if (w == "failed" || w == "error" || w == "errors") f += $i
                    else if (w == "skipped" || w == "xfailed") s += $i
                }
            }
            next
        }
        /^(# |ℹ )(pass|fail|skipped|todo) [0-9]+$/ {
            if ($2 == "pass") p += $3
            else if ($2 == "fail") f += $3
            else s += $3
        }
        END { printf "%d %d %d\n", p, f, s }
    '
)
read -r passed tfailed skipped <<<"$counts"

printf '\n==> summary (logs in %s)\n' "$log_dir"
for step in "${steps[@]}"; do
    if [[ ${result[$step]} == "not run" ]]; then
        printf '  %-14s %s\n' "$step" "not run"
    else
        printf '  %-14s %-18s %5ss\n' "$step" "${result[$step]}" "${seconds[$step]}"
    fi
done
printf '  %-14s %s of %s steps failed, %ss in all\n' "" "$failed" "${#steps[@]}" "$((SECONDS - run_start))"
if ((failed)); then
    echo "make test: FAILED"
else
    echo "make test: all steps passed"
fi
echo "tests: $passed passed, $tfailed failed, $skipped skipped"
((failed == 0))
