#!/usr/bin/env bash
# Installs what the checks need, skipping whatever is already present, so it is cheap to run on
# every `make test`. Each argument names one part: `scripts/setup.sh rust fuzz python`.
#
# Parts today: rust (rustfmt + clippy on the default toolchain), fuzz (a nightly toolchain and
# cargo-fuzz), python (python3 for the bench corpus generator).
# Issue 3 (bindings) adds parts here — e.g. `node`, `wasm`, `browser` — as functions named
# setup_<part>, and lists them in SETUP_PARTS in the Makefile.
set -euo pipefail

CARGO_FUZZ_VERSION=${CARGO_FUZZ_VERSION:-0.13.2}
NIGHTLY=${NIGHTLY:-nightly}
CARGO_BIN=${CARGO_HOME:-$HOME/.cargo}/bin

say() { printf 'setup: %s\n' "$*"; }

# apt-get, run once per invocation and only when something is missing.
apt_updated=0
apt_install() {
    if ((apt_updated == 0)); then
        apt-get update -qq
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

setup_rust() {
    command -v cargo >/dev/null || { echo "setup: cargo not found; install Rust with rustup first" >&2; exit 1; }
    local missing=()
    cargo fmt --version >/dev/null 2>&1 || missing+=(rustfmt)
    cargo clippy --version >/dev/null 2>&1 || missing+=(clippy)
    if ((${#missing[@]})); then
        say "adding rustup components: ${missing[*]}"
        rustup component add "${missing[@]}"
    else
        say "rustfmt and clippy present"
    fi
}

setup_fuzz() {
    # RUSTUP_AUTO_INSTALL=0 may be set, so the nightly toolchain is installed explicitly.
    local host
    host=$(rustc -vV | sed -n 's/^host: //p')
    if rustup toolchain list | grep -Eq "^${NIGHTLY}-${host}( |\$)"; then
        say "toolchain $NIGHTLY present"
    else
        say "installing toolchain $NIGHTLY (minimal profile)"
        rustup toolchain install "$NIGHTLY" --profile minimal
    fi
    local have=""
    if [[ -x $CARGO_BIN/cargo-fuzz ]]; then
        # `cargo-fuzz --version` prints "cargo-fuzz 0.13.2".
        have=$("$CARGO_BIN/cargo-fuzz" --version 2>/dev/null | awk '{print $2}') || have=""
    fi
    if [[ $have == "$CARGO_FUZZ_VERSION" ]]; then
        say "cargo-fuzz $have present"
    else
        say "installing cargo-fuzz $CARGO_FUZZ_VERSION${have:+ (found $have)}"
        cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --force \
            || cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --force
    fi
}

setup_python() {
    # The bench corpus generator is a Python 3 script with no dependencies.
    if command -v python3 >/dev/null && python3 -c 'import sys; sys.exit(sys.version_info < (3, 8))'; then
        say "$(python3 --version) present"
    else
        say "installing python3"
        apt_install python3
    fi
}

if (($# == 0)); then
    set -- rust fuzz python
fi
for part in "$@"; do
    if ! declare -F "setup_$part" >/dev/null; then
        echo "setup: unknown part '$part'" >&2
        exit 2
    fi
    "setup_$part"
done
