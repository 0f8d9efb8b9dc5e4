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
tests=$([[ $target == all ]] && echo ON || echo OFF)
emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release -DHEADSCOPE_BUILD_TESTS="$tests" > build/wasm-configure.log 2>&1 ||
  { cat build/wasm-configure.log; exit 1; }
cmake --build build/wasm --target "$target"
