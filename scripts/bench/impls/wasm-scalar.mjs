// headscope's core compiled to WebAssembly without SIMD128 (scripts/bench/build-variant.sh
// scalar), through the same public JS API as headscope-wasm: weights set once, then each run passes
// x in and copies the output out with output(). dist/lib's loader is tied to the SIMD build's JS
// glue, so this imports the scalar build's own glue and wraps it with the library's
// MultiHeadAttention class.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { makeMultiHeadAttentionClass } from '../../../dist/lib/attention.js';

export const name = 'wasm-scalar';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const glue = new URL('../../../build/wasm-scalar/wasm/headscope.js', import.meta.url);
const wasm = new URL('../../../build/wasm-scalar/wasm/headscope.wasm', import.meta.url);
const LOG = 'build/wasm-scalar.log';

/** Builds the scalar module (cmake rebuilds only what changed), logging to build/wasm-scalar.log. */
function build() {
  process.stderr.write(`  ${name}: building build/wasm-scalar (log: ${LOG})\n`);
  mkdirSync(`${root}/build`, { recursive: true });
  const fd = openSync(`${root}/${LOG}`, 'w');
  const out = spawnSync('bash', ['scripts/bench/build-variant.sh', 'scalar'], {
    cwd: root,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  if (out.status !== 0) {
    const tail = readFileSync(`${root}/${LOG}`, 'utf8').trimEnd().split('\n').slice(-15);
    const why = out.error?.message ?? `exit ${out.status}`;
    throw new Error(
      `${name}: scripts/bench/build-variant.sh scalar failed (${why}); see ${LOG}\n${tail.join('\n')}`,
    );
  }
}

let hs;
async function load() {
  build();
  const { default: createHeadscopeModule } = await import(glue);
  const mod = await createHeadscopeModule({ wasmBinary: await readFile(wasm) });
  const arch = mod.simdArch();
  if (arch !== 'scalar') throw new Error(`${name}: the module reports SIMD arch "${arch}"`);
  return { MultiHeadAttention: makeMultiHeadAttentionClass(mod), simdArch: () => arch };
}

export async function create({ t, d, heads, x, w }) {
  hs ??= await load();
  const mha = new hs.MultiHeadAttention({ dModel: d, numHeads: heads, seed: 1 });
  mha.setWeights(w);
  return {
    run: () => mha.output(x, t),
    dispose: () => mha.dispose(),
    arch: hs.simdArch(),
  };
}
