#!/usr/bin/env bash
# Builds the izkit Python package from source and runs its tests (pytest).
#
#   bash bindings-python/ci.sh            from anywhere; `make test` calls it
#
# Needs python3 (>= 3.9) with venv and pip, and a Rust toolchain. Idempotent: the virtual
# environment (target/py-venv at the repository root, or $IZKIT_PY_VENV) is made once and
# reused; maturin and pytest are installed into it only when missing; the wheel is rebuilt by
# cargo incrementally and reinstalled every run. Environment knobs:
#   PYTHON=python3.11       interpreter that creates the venv (default: python3)
#   IZKIT_PY_PROFILE=dev    build the extension in the dev profile (default: release)
#   PYTEST_ARGS="-k api"    extra pytest arguments
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
venv="${IZKIT_PY_VENV:-$target/py-venv}"
python="${PYTHON:-python3}"
profile="${IZKIT_PY_PROFILE:-release}"
MATURIN_VERSION=1.16.0
# The independent FHIR R4 (4.0.1) models test_fhir_resources.py checks every Bundle with: 5.1.1
# is the last release on R4 (6.x moved to R4B/R5); it needs only isodate, not pydantic.
FHIR_RESOURCES_VERSION=5.1.1

# 1. A virtual environment with maturin, pytest and fhir.resources.
if [ ! -x "$venv/bin/python" ]; then
    echo "== creating $venv"
    # Debian's python3 lacks ensurepip unless python3-venv is installed: then make the venv
    # without pip and drive the outer interpreter's pip into it (pip >= 22.3: --python).
    if ! "$python" -m venv "$venv"; then
        rm -rf "$venv"
        "$python" -m venv --without-pip "$venv"
    fi
fi
py="$venv/bin/python"
if "$py" -m pip --version >/dev/null 2>&1; then
    pip=("$py" -m pip)
else
    pip=("$python" -m pip --python "$py")
fi
pip+=(--disable-pip-version-check)
if ! "$py" -m maturin --version 2>/dev/null | grep -qx "maturin $MATURIN_VERSION" \
    || ! "$py" -m pytest --version >/dev/null 2>&1; then
    echo "== installing maturin $MATURIN_VERSION and pytest into $venv"
    "${pip[@]}" install --quiet "maturin==$MATURIN_VERSION" "pytest>=8,<10"
fi
if ! "$py" -c 'import sys, importlib.metadata as m; sys.exit(m.version("fhir.resources") != sys.argv[1])' \
    "$FHIR_RESOURCES_VERSION" 2>/dev/null; then
    echo "== installing fhir.resources $FHIR_RESOURCES_VERSION into $venv"
    "${pip[@]}" install --quiet "fhir.resources==$FHIR_RESOURCES_VERSION"
fi

# 2. The wheel, built from source and installed into the venv.
wheels="$target/py-wheels"
rm -rf "$wheels"
echo "== building the wheel (maturin, $profile profile)"
profile_args=(--release)
[ "$profile" = release ] || profile_args=(--profile "$profile")
(cd "$here" && "$py" -m maturin build --quiet "${profile_args[@]}" \
    --interpreter "$py" --out "$wheels")
shopt -s nullglob
built=("$wheels"/izkit-*.whl)
if [ "${#built[@]}" -ne 1 ]; then
    echo "expected one wheel in $wheels, found ${#built[@]}" >&2
    exit 1
fi
"${pip[@]}" install --quiet --force-reinstall --no-deps "${built[0]}"

# 3. The izkit CLI, which test_api.py compares Message.to_dict() against (`izkit parse --json`).
echo "== building the izkit CLI"
(cd "$root" && cargo build --quiet -p izkit-cli)
export IZKIT_CLI="$target/debug/izkit"

# 4. The tests. pytest exits 5 when it collected no test: that fails this script like any
#    other non-zero status.
echo "== pytest"
cd "$here"
status=0
# shellcheck disable=SC2086
"$py" -m pytest -q -p no:cacheprovider tests ${PYTEST_ARGS:-} || status=$?
if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests" >&2
fi
exit "$status"
