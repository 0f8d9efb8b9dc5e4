/**
 * headscope: multi-head attention you can watch, computed by a C++/xsimd core in WebAssembly.
 * This is the browser (and bundler) entry; Node resolves `headscope` to ./node.js instead.
 *
 * ```ts
 * const hs = await loadHeadscope();
 * const mha = new hs.MultiHeadAttention({ dModel: 8, numHeads: 2, seed: 1 });
 * const r = mha.forward(x, seqLen); // r.attention: [numHeads, seqLen, seqLen]
 * mha.dispose();
 * ```
 * @packageDocumentation
 */
import { fetchWasm } from './fetch-wasm.js';
import { makeLoader } from './loader.js';

export type * from './public.js';

/**
 * Loads the wasm module once; later calls return the same instance. headscope.wasm is found
 * beside this file through `new URL(..., import.meta.url)`, a pattern Vite, webpack and Rollup
 * understand, so bundlers ship and locate it.
 */
export const loadHeadscope = makeLoader((url) =>
  fetchWasm(url ?? new URL('../wasm/headscope.wasm', import.meta.url).href),
);
