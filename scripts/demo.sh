#!/usr/bin/env bash
# The body of `make demo`: runs the izkit CLI on the bundled sample messages and prints the key
# fields of each message (type, patient, vaccines with their dates), then checks that
# `izkit fmt` writes every file back byte for byte, validates every message against its CDC
# profile, prints the acknowledgement for the first file, shows a VXU as a FHIR R4 Bundle
# and rebuilt from it, routes the messages to IIS jurisdictions and redacts one for logs.
#
# Usage: scripts/demo.sh IZKIT_BINARY FILE...
#
# Everything shown comes from one `izkit get PATHS FILE...` call, whose output is the CLI's TSV
# contract: file<TAB>message<TAB>path<TAB>value. This script only regroups those lines.
set -euo pipefail

if (($# < 2)); then
    echo "usage: $0 IZKIT_BINARY FILE..." >&2
    exit 2
fi
izkit=$1
shift

# Vaccines: RXA-3 (date administered) and RXA-5 (code, name, coding system) of the first
# MAX_RXA administrations; one more occurrence is asked for only to say "and more".
MAX_RXA=${MAX_RXA:-8}
paths="MSH-9.1,MSH-9.2,PID-5.1,PID-5.2,PID-7,QPD-4.1,QPD-4.2,QPD-6"
for ((n = 1; n <= MAX_RXA + 1; n++)); do
    seg=RXA
    ((n > 1)) && seg="RXA[$n]"
    paths+=",$seg-3,$seg-5.1,$seg-5.2,$seg-5.3"
done

tsv=$(mktemp)
trap 'rm -f "$tsv"' EXIT

echo "\$ izkit get MSH-9.1,MSH-9.2,PID-5.1,PID-5.2,PID-7,RXA-3,RXA-5.1,RXA-5.2,... ($# files)"
echo
status=0
"$izkit" get "$paths" "$@" >"$tsv" || status=$?
if ((status != 0)); then
    echo "izkit get exited with status $status (1 = malformed input, 2 = usage or I/O error)" >&2
    exit "$status"
fi
if [[ ! -s $tsv ]]; then
    echo "izkit get printed nothing for $# files" >&2
    exit 1
fi

awk -F'\t' -v max_rxa="$MAX_RXA" '
    function val(k, p) { return ((k, p) in v) ? v[k, p] : "" }
    function name(family, given) {
        if (family == "" && given == "") return "(no name)"
        if (given == "") return family
        return family ", " given
    }
    {
        # A value of "null" cannot be told from the text "null" in TSV; izkit prints an
        # absent value as an empty column, so only empty means absent here.
        key = $1 SUBSEP $2
        if (!(key in seen)) { seen[key] = 1; order[++n] = key; file[n] = $1; msg[n] = $2 }
        path = $3
        sub(/^RXA\[1\]-/, "RXA-", path)
        v[key, path] = $4
    }
    END {
        for (i = 1; i <= n; i++) {
            k = order[i]
            type = val(k, "MSH-9.1")
            if (val(k, "MSH-9.2") != "") type = type "^" val(k, "MSH-9.2")
            printf "%s  (message %s)  %s\n", file[i], msg[i], type
            if (val(k, "PID-5.1") != "" || val(k, "PID-5.2") != "" || val(k, "PID-7") != "") {
                dob = val(k, "PID-7")
                printf "  %-9s %s%s\n", "patient", name(val(k, "PID-5.1"), val(k, "PID-5.2")), (dob != "" ? "  born " dob : "")
            }
            if (val(k, "QPD-4.1") != "" || val(k, "QPD-4.2") != "") {
                dob = val(k, "QPD-6")
                printf "  %-9s %s%s\n", "query for", name(val(k, "QPD-4.1"), val(k, "QPD-4.2")), (dob != "" ? "  born " dob : "")
            }
            shown = 0
            for (r = 1; r <= max_rxa; r++) {
                seg = (r == 1) ? "RXA" : "RXA[" r "]"
                date = val(k, seg "-3"); code = val(k, seg "-5.1")
                if (date == "" && code == "") continue
                label = val(k, seg "-5.2"); sys = val(k, seg "-5.3")
                text = code
                if (label != "") text = text " " label
                if (sys != "") text = text " (" sys ")"
                printf "  %-9s %-14s %s\n", (shown ? "" : "vaccines"), date, text
                shown++
            }
            over = (max_rxa + 1 == 1) ? "RXA" : "RXA[" (max_rxa + 1) "]"
            if (val(k, over "-3") != "" || val(k, over "-5.1") != "") printf "  %-9s %s\n", "", "... and more"
            if (!shown && val(k, "PID-5.1") == "" && val(k, "QPD-4.1") == "") printf "  (no patient or vaccine fields)\n"
            print ""
        }
        printf "%d messages in %d files\n", n, files_seen()
    }
    function files_seen(   j, c, f) { for (j = 1; j <= n; j++) if (!(file[j] in f)) { f[file[j]] = 1; c++ } return c }
' "$tsv"

# Round trip: `izkit fmt` must reproduce every input byte for byte.
same=0
for f in "$@"; do
    if "$izkit" fmt "$f" | cmp -s - "$f"; then
        same=$((same + 1))
    else
        echo "izkit fmt did not reproduce $f byte for byte" >&2
        status=1
    fi
done
echo "izkit fmt: $same of $# files written back byte for byte"
echo

# Validation against the compiled-in CDC profiles (the profile each message names), with the
# date rules fixed to today's date. Exit 1 means "some message has an error finding": the
# demo shows findings, so that is not a failure here; 2 (usage or I/O) is.
echo "\$ izkit validate FILE...   (a summary per message; the findings of the IG's example VXU)"
echo
vout=$(mktemp)
trap 'rm -f "$tsv" "$vout"' EXIT
vstatus=0
"$izkit" validate "$@" >"$vout" || vstatus=$?
if ((vstatus == 2)); then
    echo "izkit validate exited with status 2 (usage or I/O error)" >&2
    status=2
fi
grep -E ': message [0-9]+: (Z[0-9]+|-): ' "$vout" || true
echo
sample=$1
for f in "$@"; do
    case $f in *vxu-ig-example*) sample=$f ;; esac
done
grep -F "$sample: message 1: " "$vout" | grep -vE ': message [0-9]+: (Z[0-9]+|-): ' | head -n 12 || true
echo
echo "\$ izkit ack --lf $sample   (the Z23 acknowledgement: AE, one ERR per finding)"
echo
"$izkit" ack --lf --control-id DEMO-ACK-1 "$sample" | head -n 8 || status=$?
echo

# FHIR R4: a sample VXU as a Bundle (its entries' types; each Immunization's status and
# vaccineCode, read from the indented JSON of --pretty, where an entry's resource elements sit
# at 8 spaces), then the VXU rebuilt from that Bundle and validated.
vxu=""
for f in "$@"; do
    case $f in *vxu-nist*) vxu=$f ;; esac
done
if [[ -z $vxu ]]; then
    for f in "$@"; do
        case $f in *vxu*) vxu=$f; break ;; esac
    done
fi
if [[ -n $vxu ]]; then
    echo "\$ izkit fhir --pretty $vxu   (the VXU as a FHIR R4 Bundle)"
    echo
    fhir_status=0
    "$izkit" fhir --pretty "$vxu" | awk '
        /^        "resourceType": "/ { split($0, q, "\""); type = q[4]; types[++n] = type; vc = 0 }
        type == "Immunization" && /^        "status": "/ { split($0, q, "\""); status = q[4] }
        type == "Immunization" && /^        "vaccineCode": / { vc = 1 }
        type == "Immunization" && vc && /"system": "/ { split($0, q, "\""); sys = q[4] }
        type == "Immunization" && vc && /"code": "/ {
            split($0, q, "\""); imms[++m] = sprintf("  Immunization  %-10s %s %s", status, sys, q[4]); vc = 0
        }
        END {
            line = ""
            for (i = 1; i <= n; i++) {
                c = 1
                while (i < n && types[i + 1] == types[i]) { c++; i++ }
                line = line (line == "" ? "" : ", ") types[i] (c > 1 ? " x" c : "")
            }
            printf "  entries: %s\n", line
            for (i = 1; i <= m; i++) print imms[i]
        }
    ' || fhir_status=$?
    echo
    echo "\$ izkit fhir $vxu | izkit from-fhir - | izkit validate -   (back to a VXU, validated)"
    echo
    "$izkit" fhir "$vxu" | "$izkit" from-fhir - | "$izkit" validate - | grep -E ': message [0-9]+: (Z[0-9]+|-): ' || fhir_status=$?
    if ((fhir_status != 0)); then
        echo "the FHIR round trip failed (status $fhir_status)" >&2
        status=1
    fi
    echo
fi
# Share: which IIS jurisdictions get each message under the built-in policy, then under the
# worked multi-state policy (its sender home resolves doses whose clinic names no state), and a
# message redacted for logs.
echo "\$ izkit route FILE...   (the built-in Share policy: send, deny or hold, and why)"
echo
rstatus=0
"$izkit" route "$@" | cut -c1-160 || rstatus=$?
echo
policy=examples/policies/multistate-pharmacy.json
if [[ -f $policy && -n $vxu ]]; then
    echo "\$ izkit route --policy $policy --hl7 --lf $vxu   (MSH-5/MSH-6 per IIS)"
    echo
    "$izkit" route --policy "$policy" --hl7 --lf "$vxu" | grep -E '^(MSH|[^|]*: message)' | cut -c1-160 || rstatus=$?
    echo
fi
echo "\$ izkit redact --lf $sample | head -n 4   (safe for logs)"
echo
"$izkit" redact --lf "$sample" | head -n 4 || rstatus=$?
if ((rstatus != 0)); then
    echo "izkit route/redact failed (status $rstatus)" >&2
    status=1
fi
echo
echo "More: izkit parse --json FILE   (each message as a JSON tree, one per line)"
echo "      izkit get --json PATHS FILE   (JSON Lines instead of TSV)"
echo "      izkit validate --json FILE   (findings as JSON Lines)"
echo "      izkit from-fhir --lf FILE.json   (FHIR JSON back to VXU or QBP messages)"
echo "      izkit route --json --policy FILE MSG.hl7   (routing decisions as JSON Lines)"
echo
echo "In the browser (WASM demo page: paste or drop a message, see its tree, paths and errors):"
echo "      bash bindings-wasm/build.sh && node bindings-wasm/tests/serve.mjs 8080"
echo "      then open http://127.0.0.1:8080/www/"
exit "$status"
