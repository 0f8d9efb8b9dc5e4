import createHeadscopeModule from '../wasm/headscope.js';
import { makeMultiHeadAttentionClass, type MultiHeadAttentionClass } from './attention.js';
import { makeInputs, type Inputs } from './inputs.js';
import { makeLoadModel, type LoadModel } from './model.js';
import { makeCreateTrainer, type CreateTrainer } from './trainer.js';

/** A loaded module. */
export interface Headscope extends Inputs {
  /** Create layers with `new hs.MultiHeadAttention(config)`. */
  MultiHeadAttention: MultiHeadAttentionClass;
  /**
   * Loads a headscope checkpoint (safetensors bytes, e.g. `public/models/text.safetensors`):
   * `const model = hs.loadModel(bytes)`, then `model.runText(...)` or `model.runImage(...)`.
   */
  loadModel: LoadModel;
  /**
   * `const t = hs.createTrainer({ task: 'text', numHeads: 4 })`, then `t.step(10)`,
   * `t.validate()`, `t.probe()`: a small model training live.
   */
  createTrainer: CreateTrainer;
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
 * Builds `loadHeadscope` for one environment. `readWasm(url)` returns the .wasm bytes: from `url`
 * when the caller gives `wasmUrl`, else from the environment's default place. The module is
 * instantiated once and shared.
 */
export function makeLoader(
  readWasm: (url?: string) => Promise<Uint8Array>,
): (options?: LoadOptions) => Promise<Headscope> {
  let loaded: Promise<Headscope> | undefined;
  return (options = {}) => {
    if (!loaded) {
      loaded = (async () => {
        const wasmBinary = options.wasmBinary ?? (await readWasm(options.wasmUrl));
        const mod = await createHeadscopeModule({ wasmBinary });
        return {
          MultiHeadAttention: makeMultiHeadAttentionClass(mod),
          loadModel: makeLoadModel(mod),
          createTrainer: makeCreateTrainer(mod),
          ...makeInputs(mod),
          simdArch: () => mod.simdArch(),
          heapBytes: () => mod.heapBytes(),
        };
      })();
      loaded.catch(() => (loaded = undefined)); // a failed load may be retried
    }
    return loaded;
  };
}
