#!/usr/bin/env bash
# Builds the benchmark's wasm-scalar: the same WebAssembly module as scripts/build-wasm.sh, without
# SIMD128, into build/wasm-scalar/wasm/headscope.{js,wasm}. web/wasm/ (the SIMD build) is untouched.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/scripts/env.sh"
cd "$root"
mkdir -p build
args=(
  -DCMAKE_BUILD_TYPE=Release
  -DHEADSCOPE_BUILD_TESTS=OFF  # the module only: no GoogleTest suite to compile for wasm
  -DHEADSCOPE_WASM_SIMD=OFF    # no -msimd128: xsimd is left out, the core runs its plain float kernels
  # the module's JS glue and .wasm go here instead of web/wasm/
  -DHEADSCOPE_WASM_OUT_DIR="$root/build/wasm-scalar/wasm"
)
emcmake cmake -S . -B build/wasm-scalar "${args[@]}" > build/wasm-scalar-configure.log 2>&1 ||
  { cat build/wasm-scalar-configure.log; exit 1; }
cmake --build build/wasm-scalar --target headscope_wasm
