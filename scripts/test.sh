#!/usr/bin/env bash
# Every check `npm test` runs, in order: formatting, the C++ tests natively, the C++ tests
# compiled to wasm under Node, the package build, types, then the JS tests (Node and Chromium).
# Stops at the first failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/env.sh"
cd "$root"
step() { printf '\n== %s\n' "$*"; }

step "format: clang-format and prettier"
bash scripts/format.sh --check

step "C++ tests, native"
cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build/native
ctest --test-dir build/native --output-on-failure | tee build/ctest-native.log

step "C++ tests, native, with AddressSanitizer and UndefinedBehaviorSanitizer"
# The same suite again, any memory error or undefined behaviour aborting its test
# (HEADSCOPE_SANITIZE in CMakeLists.txt). Not counted in the closing line: the tests are the same.
# -O1 -g1 (line tables for the reports' stack traces) compiles twice as fast as -O2 -g.
# It is the multithreaded build (HEADSCOPE_THREADS): the forward's rows split over a thread pool,
# so the pool and the threaded forward run under the sanitizers too.
cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
  -DHEADSCOPE_SANITIZE=ON -DHEADSCOPE_THREADS=ON > /dev/null
cmake --build build/asan
ctest --test-dir build/asan --output-on-failure -j"$CMAKE_BUILD_PARALLEL_LEVEL" > build/ctest-asan.log ||
  { cat build/ctest-asan.log; exit 1; }
tail -n 3 build/ctest-asan.log

step "fuzzers: smoke pass over the committed corpus"
bash scripts/fuzz.sh --smoke

step "C++ tests, WebAssembly under Node"
bash scripts/build-wasm.sh --tests
ctest --test-dir build/wasm --output-on-failure | tee build/ctest-wasm.log

step "package: build dist/ (wasm module + compiled TypeScript)"
bash scripts/build-lib.sh

step "site: vite build → dist/site (the end-to-end tests serve it)"
npx vite build --config web/vite.config.ts --logLevel warn

step "types: tsc --noEmit"
npx tsc --noEmit -p tsconfig.json

step "JS tests"
npx vitest run --reporter=default --reporter=json --outputFile.json=build/vitest.json

# One closing line for the whole run.
ctest_passed() { sed -n 's/.*tests passed, 0 tests failed out of \([0-9]*\).*/\1/p' "$1"; }
js_passed=$(node -e 'console.log(require("./build/vitest.json").numPassedTests)')
echo
echo "headscope: $(($(ctest_passed build/ctest-native.log) + $(ctest_passed build/ctest-wasm.log) + js_passed)) passed, 0 failed"
