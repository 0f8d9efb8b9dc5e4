#!/usr/bin/env bash
# Builds a variant of the WebAssembly module for the benchmarks into
# build/wasm-VARIANT/wasm/headscope.{js,wasm}; web/wasm/ (the default build) is untouched.
#   bash scripts/bench/build-variant.sh scalar    without SIMD128 (npm run bench's wasm-scalar)
#   bash scripts/bench/build-variant.sh threads   HEADSCOPE_THREADS: pthreads, 2 threads, plus
#                                                 headscope.worker.js (npm run bench:threads). It
#                                                 needs SharedArrayBuffer, so a page must be
#                                                 cross-origin isolated (COOP same-origin, COEP
#                                                 require-corp).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/scripts/env.sh"
cd "$root"
variant="${1:-}"
case "$variant" in
  scalar)
    # no -msimd128: xsimd is left out, the core runs its plain float kernels
    flags=(-DHEADSCOPE_WASM_SIMD=OFF) ;;
  threads)
    # parallel_for on pthreads: the forward's rows over the caller and one pool worker, as ORT's
    # numThreads = 2
    flags=(-DHEADSCOPE_THREADS=ON -DHEADSCOPE_WASM_THREADS=2) ;;
  *)
    echo "usage: bash scripts/bench/build-variant.sh scalar|threads" >&2
    exit 2 ;;
esac
dir="build/wasm-$variant"
args=(
  -DCMAKE_BUILD_TYPE=Release
  -DHEADSCOPE_BUILD_TESTS=OFF  # the module only: no GoogleTest suite to compile for wasm
  "${flags[@]}"
  # the module's JS glue and .wasm go here instead of web/wasm/
  -DHEADSCOPE_WASM_OUT_DIR="$root/$dir/wasm"
)
mkdir -p build
emcmake cmake -S . -B "$dir" "${args[@]}" > "$dir-configure.log" 2>&1 ||
  { cat "$dir-configure.log"; exit 1; }
cmake --build "$dir" --target headscope_wasm
