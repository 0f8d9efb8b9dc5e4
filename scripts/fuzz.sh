#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/, clang-14 with AddressSanitizer and
# UndefinedBehaviorSanitizer) in build/fuzz and runs each over its committed seed corpus.
#
#   bash scripts/fuzz.sh [seconds]   fuzz each target for `seconds` (default 60), starting from a
#                                    copy of tests/fuzz/corpus/<topic> in build/fuzz/corpus/ (new
#                                    inputs go there; the repository stays clean)
#   bash scripts/fuzz.sh --smoke     replay every committed input once, then fuzz each target
#                                    for 5 s: the quick pass `npm test` runs
#
# Prints execs/s and runs per target. A crash stops the script; libFuzzer saves the input as
# build/fuzz/artifacts/<topic>/crash-<sha1>. To keep one, fix the defect, add a regression test
# and copy the input into tests/fuzz/corpus/<topic>/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/env.sh"
cd "$root"

smoke=0
seconds=60
case "${1:-}" in
  --smoke) smoke=1; seconds=5 ;;
  "") ;;
  *[!0-9]*) echo "usage: bash scripts/fuzz.sh [seconds-per-target | --smoke]" >&2; exit 2 ;;
  *) seconds=$1 ;;
esac

build=build/fuzz
# HEADSCOPE_BUILD_TESTS=OFF: the GoogleTest suite is built by scripts/test.sh, not here.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
  -DHEADSCOPE_FUZZ=ON -DHEADSCOPE_BUILD_TESTS=OFF > /dev/null
cmake --build "$build" --target fuzz_checkpoint fuzz_text fuzz_image fuzz_config fuzz_metadata \
  fuzz_growth > /dev/null

# libFuzzer flags:
#   -max_total_time  seconds of fuzzing
#   -runs=0          (smoke replay) run the given inputs once each, no mutation
#   -rss_limit_mb    a process over 2 GiB counts as a crash (an input asking for too much memory)
#   -malloc_limit_mb a single allocation over 1 GiB counts as a crash, reported with its stack
#   -timeout         an input running longer than 10 s counts as a crash (a hang)
#   -print_final_stats  the closing execs/s and run counts read below
#   -artifact_prefix where a crashing input is saved
common=(-rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 -print_final_stats=1)
for topic in checkpoint text image config metadata; do
  bin="$build/tests/fuzz/fuzz_$topic"
  seeds="tests/fuzz/corpus/$topic"
  work="$build/corpus/$topic"
  artifacts="$build/artifacts/$topic"
  mkdir -p "$work" "$artifacts"
  cp -n "$seeds"/* "$work"/ 2>/dev/null || true
  log="$build/fuzz_$topic.log"
  if ((smoke)); then
    # Every committed input once (the fixed crashes stay fixed), then a few seconds of fuzzing
    # in a scratch copy so the repository's corpus is untouched.
    "$bin" "${common[@]}" -runs=0 -artifact_prefix="$artifacts/" "$seeds" > "$log" 2>&1 ||
      { cat "$log"; echo "fuzz_$topic: a committed input crashes" >&2; exit 1; }
  fi
  if ! "$bin" "${common[@]}" -max_total_time="$seconds" -artifact_prefix="$artifacts/" "$work" \
      >> "$log" 2>&1; then
    tail -60 "$log"
    echo "fuzz_$topic: crashed; input saved under $artifacts/" >&2
    exit 1
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  printf 'fuzz_%-10s %8s runs in %ss, %6s execs/s, corpus %s inputs\n' "$topic" "$execs" \
    "$seconds" "$rate" "$(ls "$work" | wc -l)"
done

# Linear, not quadratic: one long word and ordinary words at 128 KiB and 1 MiB through each text
# reader (tests/fuzz/growth.cpp); fails on growth over x24 for 8 times the text.
"$build/tests/fuzz/fuzz_growth"
