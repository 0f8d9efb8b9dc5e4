#!/usr/bin/env bash
# Builds the npm package's contents into dist/:
#   dist/wasm/    the wasm module and its embind glue
#   dist/lib/     the TypeScript API as ES modules with .d.ts files
#   dist/widget/  <headscope-attention> as one ES module with its worker and wasm beside it
#   dist/models/  the shipped checkpoints and their manifest
# With --module-built, web/wasm/ is taken as built (the test script builds it incrementally).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[[ ${1:-} == --module-built ]] || bash scripts/build-wasm.sh
rm -rf dist/lib dist/wasm dist/widget dist/models
npx tsc -p tsconfig.build.json
mkdir -p dist/wasm
cp web/wasm/headscope.js web/wasm/headscope.wasm web/wasm/headscope.d.ts dist/wasm/
npx vite build --config web/widget.config.ts --logLevel warn
cp web/app/widget/types/index.d.ts web/app/widget/types/react.d.ts dist/widget/
mkdir -p dist/models
cp public/models/manifest.json public/models/*.safetensors dist/models/
