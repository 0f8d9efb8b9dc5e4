#!/usr/bin/env bash
# The checks, in stages. Stops at the first failure, naming the stage.
#
#   bash scripts/test.sh                 what `npm test` runs: format, native, wasm, types, package, js
#   bash scripts/test.sh --full          what `npm run test:full` runs: sanitize, fuzz, soak
#   bash scripts/test.sh --only js       one stage (or a comma list: --only native,wasm), of
#                                        either set, building only what it needs
#   bash scripts/test.sh --keep-going    run every stage even after one fails; exits nonzero
#                                        naming the stages that failed
#
# Quick stages (`npm test`):
#   format   clang-format and prettier (scripts/format.sh --check)
#   native   the C++ suite (GoogleTest), native build in build/native
#   wasm     the same suite compiled to WebAssembly, run under Node (build/wasm; the same build
#            writes the page's module to web/wasm/)
#   types    tsc --noEmit
#   package  the packed package: publint, @arethetypeswrong/cli and the size budget
#            (scripts/package-check.mjs)
#   js       Vitest: Node and Chromium projects, end-to-end tests on the built site (dist/site),
#            and the soak tests shortened (SOAK_SECONDS=20 with at least four rounds for the page,
#            SOAK_FORWARDS=20000 and SOAK_SWITCHES=200 in Node)
# Long stages (`npm run test:full`; they assume nothing but rebuild only what is out of date):
#   sanitize the C++ suite again with AddressSanitizer and UBSan, multithreaded (build/asan)
#   fuzz     the libFuzzer smoke pass (scripts/fuzz.sh --smoke)
#   soak     the soak tests at full length (10 minutes on the page, 100,000 forwards in Node)
#
# Builds are incremental: with nothing changed every build step is a no-op (a configure runs
# only when a build directory has none; the site and dist/ are rebuilt only when a source is
# newer). Prints each stage's wall time, then one closing line counting the tests that ran.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/env.sh"
cd "$root"

QUICK=(format native wasm types package js)
FULL=(sanitize fuzz soak)
usage() {
  echo "usage: bash scripts/test.sh [--full] [--only STAGE[,STAGE...]]" >&2
  echo "  stages: ${QUICK[*]} (npm test); ${FULL[*]} (npm run test:full)" >&2
  exit 2
}

stages=("${QUICK[@]}")
keep_going=0
while (($#)); do
  case "$1" in
    --full) stages=("${FULL[@]}") ;;
    --only) (($# >= 2)) || usage; IFS=',' read -r -a stages <<< "$2"; shift ;;
    --only=*) IFS=',' read -r -a stages <<< "${1#--only=}" ;;
    -k | --keep-going) keep_going=1 ;;
    -h | --help) usage ;;
    *) echo "test.sh: unknown argument '$1'" >&2; usage ;;
  esac
  shift
done
((${#stages[@]})) || usage
for s in "${stages[@]}"; do
  [[ " ${QUICK[*]} ${FULL[*]} " == *" $s "* ]] ||
    { echo "test.sh: unknown stage '$s'; valid stages: ${QUICK[*]} ${FULL[*]}" >&2; exit 2; }
done

mkdir -p build
counts=build/test-counts  # each stage appends the number of tests it passed
: > "$counts"
timings=()
failed=()
step() { printf '\n== %s\n' "$*"; }

# --- what the stages build ------------------------------------------------------------------------
# The native build: configured once; `cmake --build` reconfigures by itself when a CMakeLists
# changes, and is a no-op when nothing did.
native_build() {
  [[ -f build/native/CMakeCache.txt ]] ||
    cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release > /dev/null
  cmake --build build/native
}

# The wasm build directory, configured as scripts/build-wasm.sh does, but only when it has no
# configuration yet (emcmake's configure takes 10-50 s on this machine, even when nothing changed).
# Configuring writes web/wasm/headscope.d.ts, which tsc needs.
wasm_configure() {
  if [[ ! -f build/wasm/CMakeCache.txt || ! -f web/wasm/headscope.d.ts ]]; then
    emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release -DHEADSCOPE_BUILD_TESTS=ON \
      > build/wasm-configure.log 2>&1 || { cat build/wasm-configure.log; return 1; }
  fi
}

# True when $1 is missing or any file under the rest is newer.
stale() {
  local out=$1; shift
  [[ ! -e $out ]] || [[ -n $(find "$@" -newer "$out" -type f -print -quit 2>/dev/null) ]]
}

# What the JS tests read: the module (web/wasm), the package's dist/ (the exports test reads it)
# and the built site (dist/site, which the end-to-end tests serve).
js_inputs() {
  wasm_configure
  cmake --build build/wasm --target headscope_wasm
  if stale dist/lib/index.js web/lib web/app web/wasm web/widget.config.ts public/models \
    tsconfig.build.json package.json; then
    echo "dist/: building the package (scripts/build-lib.sh, the module already built)"
    bash scripts/build-lib.sh --module-built
  fi
  if stale dist/site/index.html web public package-lock.json; then
    echo "dist/site: vite build"
    npx vite build --config web/vite.config.ts --logLevel warn
  fi
}

# Runs a GoogleTest binary (all tests in one process: under Node, one process per test as ctest
# runs them cost ~2.5 s each to load the module, 9 minutes in all) and adds its passes to the count.
gtest() {
  local log=$1; shift
  "$@" --gtest_brief=1 2>&1 | tee "$log"
  local n
  n=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) tests\?\..*/\1/p' "$log" | tail -1)
  [[ -n $n ]] || { echo "no pass count in $log" >&2; return 1; }
  echo "$n" >> "$counts"
}

vitest() {
  local json=$1; shift
  npx vitest run --reporter=default --reporter=json --outputFile.json="$json" "$@"
  node -e 'console.log(require(process.argv[1]).numPassedTests)' "$root/$json" >> "$counts"
}

# --- the stages -------------------------------------------------------------------------------------
stage_format() {
  step "format: clang-format and prettier"
  bash scripts/format.sh --check
}

stage_native() {
  step "native: C++ tests (build/native)"
  native_build
  gtest build/gtest-native.log build/native/tests/cpp/headscope_tests
}

stage_wasm() {
  step "wasm: C++ tests compiled to WebAssembly, under Node (build/wasm; also web/wasm/)"
  wasm_configure
  cmake --build build/wasm
  gtest build/gtest-wasm.log node build/wasm/tests/cpp/headscope_tests.js
}

stage_types() {
  step "types: tsc --noEmit"
  wasm_configure
  npx tsc --noEmit -p tsconfig.json
}

stage_package() {
  step "package: publint, attw and the size budget (scripts/package-check.mjs)"
  js_inputs
  node scripts/package-check.mjs
  echo 3 >> "$counts"
}

stage_js() {
  step "js: Vitest (Node, Chromium, end-to-end; soaks shortened)"
  js_inputs
  SOAK_SECONDS=${SOAK_SECONDS:-20} SOAK_FORWARDS=${SOAK_FORWARDS:-20000} \
    SOAK_SWITCHES=${SOAK_SWITCHES:-200} vitest build/vitest.json
}

stage_sanitize() {
  step "sanitize: C++ tests with AddressSanitizer and UndefinedBehaviorSanitizer (build/asan)"
  # Any memory error or undefined behaviour aborts its test (HEADSCOPE_SANITIZE in
  # CMakeLists.txt). -O1 -g1 (line tables for the reports' stack traces) compiles twice as fast
  # as -O2 -g. It is the multithreaded build (HEADSCOPE_THREADS): the forward's rows split over
  # a thread pool, so the pool and the threaded forward run under the sanitizers too. ctest runs
  # each test in its own process, two at a time.
  [[ -f build/asan/CMakeCache.txt ]] ||
    cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DHEADSCOPE_SANITIZE=ON -DHEADSCOPE_THREADS=ON \
      > /dev/null
  cmake --build build/asan
  ctest --test-dir build/asan --output-on-failure -j"$CMAKE_BUILD_PARALLEL_LEVEL" \
    > build/ctest-asan.log || { cat build/ctest-asan.log; return 1; }
  tail -n 3 build/ctest-asan.log
  local n
  n=$(sed -n 's/.*tests passed, 0 tests failed out of \([0-9]*\).*/\1/p' build/ctest-asan.log)
  echo "$n" >> "$counts"
}

stage_fuzz() {
  step "fuzz: smoke pass over the committed corpus"
  bash scripts/fuzz.sh --smoke
}

stage_soak() {
  step "soak: full length (SOAK_SECONDS=${SOAK_SECONDS:-600} on the page, 100,000 forwards in Node)"
  js_inputs
  vitest build/vitest-soak.json --project node tests/js/soak
}

start_all=$SECONDS
for s in "${stages[@]}"; do
  t0=$SECONDS
  # In a child shell with `set -e` (not `( ... ) || ...`, which would turn `set -e` off inside).
  set +e
  (set -e; "stage_$s")
  status=$?
  set -e
  timings+=("$(printf '%-9s %4d s' "$s" $((SECONDS - t0)))")
  if ((status)); then
    timings[-1]+="  FAILED"
    failed+=("$s")
    echo "headscope: stage \"$s\" FAILED" >&2
    ((keep_going)) || break
  fi
done

passed=$(awk '{n += $1} END {print n + 0}' "$counts")
echo
echo "Stage times (wall):"
printf '  %s\n' "${timings[@]}"
printf '  %-9s %4d s\n' total $((SECONDS - start_all))
if ((${#failed[@]})); then
  echo "headscope: $passed passed; FAILED stage(s): ${failed[*]}"
  exit 1
fi
echo "headscope: $passed passed, 0 failed"
