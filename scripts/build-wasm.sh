#!/usr/bin/env bash
# Builds the WebAssembly module into web/wasm/ (headscope.js, headscope.wasm, headscope.d.ts).
# Pass --tests to also build the C++ tests for wasm (build/wasm/tests/cpp/headscope_tests.js).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/env.sh"
cd "$root"
mkdir -p build
target=headscope_wasm
[[ ${1:-} == --tests ]] && target=all
# Tests stay configured either way (building only the target asked for), so switching between
# the two uses of this script never reconfigures and rebuilds everything.
emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release -DHEADSCOPE_BUILD_TESTS=ON > build/wasm-configure.log 2>&1 ||
  { cat build/wasm-configure.log; exit 1; }
cmake --build build/wasm --target "$target"
