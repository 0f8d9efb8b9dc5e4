import createHeadscopeModule, { type RawModuleOptions } from '../wasm/headscope.js';
import { makeMultiHeadAttentionClass, type MultiHeadAttentionClass } from './attention.js';

/** A loaded module. */
export interface Headscope {
  /** Create layers with `new hs.MultiHeadAttention(config)`. */
  MultiHeadAttention: MultiHeadAttentionClass;
  /** The SIMD instruction set the core runs on ("wasm" for WebAssembly SIMD128). */
  simdArch(): string;
  /** Current size of the wasm heap in bytes, for diagnostics. */
  heapBytes(): number;
}

export interface LoadOptions {
  /** The .wasm bytes, if you have them; then nothing is fetched or read. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where to fetch headscope.wasm from, if not beside the package's JS (e.g. a CDN path). */
  wasmUrl?: string;
}

/**
 * Builds `loadHeadscope` for one environment. `defaults` supplies the wasm (bytes or location)
 * when the caller gives neither; the module is instantiated once and shared.
 */
export function makeLoader(
  defaults: () => Promise<RawModuleOptions>,
): (options?: LoadOptions) => Promise<Headscope> {
  let loaded: Promise<Headscope> | undefined;
  return (options = {}) => {
    if (!loaded) {
      loaded = (async () => {
        const raw: RawModuleOptions = {};
        const { wasmBinary, wasmUrl } = options;
        if (wasmBinary) raw.wasmBinary = wasmBinary;
        else if (wasmUrl) raw.locateFile = () => wasmUrl;
        else Object.assign(raw, await defaults());
        const mod = await createHeadscopeModule(raw);
        return {
          MultiHeadAttention: makeMultiHeadAttentionClass(mod),
          simdArch: () => mod.simdArch(),
          heapBytes: () => mod.heapBytes(),
        };
      })();
      loaded.catch(() => (loaded = undefined)); // a failed load may be retried
    }
    return loaded;
  };
}
