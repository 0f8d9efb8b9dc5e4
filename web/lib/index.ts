/**
 * headscope: multi-head attention you can watch, computed by a C++/xsimd core in WebAssembly.
 *
 * ```ts
 * const hs = await loadHeadscope();
 * const mha = new hs.MultiHeadAttention({ dModel: 8, numHeads: 2, seed: 1 });
 * const r = mha.forward(x, seqLen); // r.attention: [numHeads, seqLen, seqLen]
 * mha.dispose();
 * ```
 */
import type { RawModuleOptions } from '../wasm/headscope.js';
import { makeMultiHeadAttentionClass, type MultiHeadAttentionClass } from './attention.js';
import { instantiate } from './load.js';

export type * from './types.js';
export type { MultiHeadAttention, MultiHeadAttentionClass } from './attention.js';

/** A loaded module. */
export interface Headscope {
  /** Create layers with `new hs.MultiHeadAttention(config)`. */
  MultiHeadAttention: MultiHeadAttentionClass;
  /** The SIMD instruction set the core runs on ("wasm" for SIMD128). */
  simdArch(): string;
  /** Current size of the wasm heap in bytes, for diagnostics. */
  heapBytes(): number;
}

export interface LoadOptions {
  /** The .wasm bytes, if you have them; otherwise they are fetched (browser) or read (Node). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where to fetch headscope.wasm from, if not beside the module. */
  wasmUrl?: string;
}

let loaded: Promise<Headscope> | undefined;

/** Loads the wasm module (once; later calls return the same instance). Works in Node and browsers. */
export function loadHeadscope(options: LoadOptions = {}): Promise<Headscope> {
  if (!loaded) {
    const raw: RawModuleOptions = {};
    if (options.wasmBinary) raw.wasmBinary = options.wasmBinary;
    const url = options.wasmUrl;
    if (url) raw.locateFile = () => url;
    loaded = instantiate(raw).then((mod) => ({
      MultiHeadAttention: makeMultiHeadAttentionClass(mod),
      simdArch: () => mod.simdArch(),
      heapBytes: () => mod.heapBytes(),
    }));
    loaded.catch(() => (loaded = undefined));
  }
  return loaded;
}
