#!/usr/bin/env bash
# Builds izkit-wasm from source and runs its tests, on a fresh machine or an old one:
#   1. tools: the wasm32 target, wasm-bindgen-cli 0.2.130 (same version as the crate), Debian's
#      chromium for the browser test, npm packages (playwright-core, typescript) from the lockfile;
#      each step is skipped when already done;
#   2. build: build.sh (cargo + wasm-bindgen into pkg/web and pkg/node);
#   3. tsc --strict over the TypeScript definitions;
#   4. node --test: the API tests and the behaviour suite in Node, the demo page and the behaviour
#      suite in headless Chromium (screenshots in target/screenshots/).
# Called by the repository's `make test`; runs on its own as `bash bindings-wasm/ci.sh`.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}
WASM_BINDGEN_VERSION=0.2.130

step() { printf '\n==> izkit-wasm: %s\n' "$*"; }

step "tools"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
# Without --locked: the CLI's lockfile pins a crate version the registry here lacks (TOOLCHAIN.md).
if ! "$HOME/.cargo/bin/wasm-bindgen" --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi
if [[ ! -x /usr/bin/chromium ]]; then
  sudo_=""
  [[ $(id -u) -ne 0 ]] && sudo_=sudo
  $sudo_ apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y chromium
fi
command -v node >/dev/null || { echo "izkit-wasm: node (>= 18) is needed" >&2; exit 1; }
# Playwright must never fetch a browser of its own: the tests launch /usr/bin/chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# npm ci again only when the lockfile changed since the last install.
stamp=node_modules/.izkit-lock.sha256
if [[ ! -f $stamp ]] || ! sha256sum --status -c "$stamp" 2>/dev/null; then
  npm ci --no-audit --no-fund
  sha256sum package-lock.json > "$stamp"
fi

step "build"
bash build.sh

step "type-check the TypeScript definitions"
npx --no-install tsc -p tests/tsconfig.json

step "tests (Node and headless Chromium)"
node --test --test-reporter=spec tests/api.test.mjs tests/behaviour.test.mjs tests/readme.test.mjs \
  tests/browser.test.mjs
