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
import { fetchBytes, fetchWasm } from './fetch-wasm.js';
import { makeLoader } from './loader.js';
import { fileInFolder } from './shipped.js';

export type * from './public.js';

// Not new URL('../models/', import.meta.url): bundlers would try to resolve the folder as an
// asset at build time (webpack even through a constant). A bundled app names its copy instead.
const here = import.meta.url;

/**
 * Loads the wasm module once; later calls return the same instance. headscope.wasm is found
 * beside this file through `new URL(..., import.meta.url)`, a pattern Vite, webpack and Rollup
 * understand, so bundlers ship and locate it. Shipped models are fetched from the package's
 * models/ folder, or from `modelsUrl` where an app hosts its copy.
 */
export const loadHeadscope = makeLoader({
  readWasm: (url) => fetchWasm(url ?? new URL('../wasm/headscope.wasm', import.meta.url).href),
  readModelFile: async (name, folder) => {
    const url = folder
      ? fileInFolder(name, folder, globalThis.location.href)
      : fileInFolder(name, '../models/', here);
    const hint = 'Copy headscope/dist/models/ to your static files and pass { modelsUrl }.';
    return (await fetchBytes(url, `the shipped model file ${name}`, hint)).bytes;
  },
});
