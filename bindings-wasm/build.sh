#!/usr/bin/env bash
# Builds izkit-wasm: the wasm module (cargo, release, size-tuned), then the JavaScript glue with
# wasm-bindgen into pkg/web (ES module: pages, bundlers) and pkg/node (CommonJS: Node, tests).
# Needs the wasm32-unknown-unknown target and wasm-bindgen-cli of the same version as the
# wasm-bindgen crate (ci.sh installs both). Prints the size of the .wasm it wrote.
#
#   WASM_OPT_LEVEL=s|z|3   cargo opt-level of the wasm build (default 3: see README, size vs speed)
#   WASM_OPT=0             skip wasm-opt (from the npm package `binaryen`, never Debian's: see
#                          TOOLCHAIN.md); by default it runs when `npm ci` has installed it
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
target_dir=${CARGO_TARGET_DIR:-$root/target}
wasm_bindgen=${WASM_BINDGEN:-$(command -v wasm-bindgen || echo "$HOME/.cargo/bin/wasm-bindgen")}

# The release profile lives in the root Cargo.toml; tune it for this build only. These apply to
# the wasm32 artifacts (their own directory under target/), not to native release builds.
export CARGO_PROFILE_RELEASE_OPT_LEVEL=${WASM_OPT_LEVEL:-3}
export CARGO_PROFILE_RELEASE_LTO=fat
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
export CARGO_PROFILE_RELEASE_PANIC=abort
export CARGO_PROFILE_RELEASE_DEBUG=false
export CARGO_PROFILE_RELEASE_STRIP=debuginfo
# SIMD lets memchr scan 16 bytes at a time (every engine with wasm SIMD: Chrome 91+, Firefox
# 89+, Safari 16.4+, Node 16.4+). Target-specific, so host builds are untouched.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS=${WASM_RUSTFLAGS--C target-feature=+simd128}

cargo build --manifest-path "$root/Cargo.toml" --target wasm32-unknown-unknown --release \
  -p izkit-wasm
wasm="$target_dir/wasm32-unknown-unknown/release/izkit_wasm.wasm"

rm -rf "$here/pkg/web" "$here/pkg/node"
"$wasm_bindgen" --target web --out-dir "$here/pkg/web" "$wasm"
"$wasm_bindgen" --target nodejs --out-dir "$here/pkg/node" "$wasm"

# The nodejs glue require()s our JS snippet (js/strings.js), which is an ES module: Node before
# 20.19 cannot require() one. Turn the copy in pkg/node into CommonJS (its only exports are the
# two `export function` declarations) so the package loads in every Node version.
shopt -s nullglob
snippets=("$here"/pkg/node/snippets/*/js/strings.js)
[[ ${#snippets[@]} -eq 1 ]] || { echo "expected one js/strings.js snippet in pkg/node" >&2; exit 1; }
for f in "${snippets[@]}"; do
  names=$(sed -n -E 's/^export function ([A-Za-z0-9_]+).*/\1/p' "$f" | paste -sd, -)
  sed -i -E 's/^export function /function /' "$f"
  if grep -qE '^\s*(export|import)\b' "$f"; then
    echo "$f: unexpected import/export left after conversion" >&2
    exit 1
  fi
  printf '\nmodule.exports = { %s };\n' "$names" >> "$f"
done

# wasm-opt -O3: about a quarter smaller, and no slower (measured: bindings-wasm/README.md).
opt="$here/node_modules/.bin/wasm-opt"
if [[ "${WASM_OPT:-1}" != 0 && -x "$opt" ]]; then
  for dir in web node; do
    f="$here/pkg/$dir/izkit_wasm_bg.wasm"
    "$opt" -O3 --enable-bulk-memory --enable-simd --enable-reference-types --enable-sign-ext \
      --enable-nontrapping-float-to-int --enable-mutable-globals --enable-multivalue "$f" -o "$f"
  done
elif [[ "${WASM_OPT:-1}" != 0 ]]; then
  echo "izkit-wasm: wasm-opt not installed (npm ci installs it); the module is not size-optimized"
fi

size=$(wc -c < "$here/pkg/web/izkit_wasm_bg.wasm")
gz=$(gzip -9 -c "$here/pkg/web/izkit_wasm_bg.wasm" | wc -c)
echo "izkit-wasm: pkg/web/izkit_wasm_bg.wasm is $size bytes ($gz gzipped)"
