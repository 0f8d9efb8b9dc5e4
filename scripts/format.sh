#!/usr/bin/env bash
# Formats the sources (clang-format for C++, prettier for the rest), or with --check only reports
# what differs, exiting nonzero. The one list of C++ sources to format: every .cpp and .hpp under
# cpp/, wasm_bindings/ and tests/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mapfile -t cpp < <(find cpp wasm_bindings tests -name '*.cpp' -o -name '*.hpp' | sort)
if [[ ${1:-} == --check ]]; then
  clang-format --dry-run --Werror "${cpp[@]}"
  npx prettier --check --log-level warn .
else
  clang-format -i "${cpp[@]}"
  npx prettier --write --log-level warn .
fi
