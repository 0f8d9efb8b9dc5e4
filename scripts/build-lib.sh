#!/usr/bin/env bash
# Builds the npm package's contents into dist/: the wasm module (dist/wasm/) and the TypeScript
# API compiled to ES modules with .d.ts files (dist/lib/).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/build-wasm.sh
rm -rf dist/lib dist/wasm
npx tsc -p tsconfig.build.json
mkdir -p dist/wasm
cp web/wasm/headscope.js web/wasm/headscope.wasm web/wasm/headscope.d.ts dist/wasm/
