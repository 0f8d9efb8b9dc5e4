#!/usr/bin/env bash
# Builds the optional multithreaded WebAssembly module (HEADSCOPE_THREADS: pthreads, 2 threads)
# into build/wasm-threads/wasm/headscope.{js,wasm,worker.js}. web/wasm/ (the default,
# single-threaded build) is untouched. The module needs SharedArrayBuffer, so a page must be
# cross-origin isolated (Cross-Origin-Opener-Policy: same-origin and
# Cross-Origin-Embedder-Policy: require-corp).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/scripts/env.sh"
cd "$root"
mkdir -p build
args=(
  -DCMAKE_BUILD_TYPE=Release
  -DHEADSCOPE_BUILD_TESTS=OFF  # the module only
  -DHEADSCOPE_THREADS=ON       # parallel_for on pthreads: the forward's rows over 2 threads
  -DHEADSCOPE_WASM_THREADS=2   # the caller and one pool worker, as ORT's numThreads = 2
  # the module's JS glue, .wasm and pthread worker go here instead of web/wasm/
  -DHEADSCOPE_WASM_OUT_DIR="$root/build/wasm-threads/wasm"
)
emcmake cmake -S . -B build/wasm-threads "${args[@]}" > build/wasm-threads-configure.log 2>&1 ||
  { cat build/wasm-threads-configure.log; exit 1; }
cmake --build build/wasm-threads --target headscope_wasm
