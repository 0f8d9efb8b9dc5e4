import createHeadscopeModule from '../wasm/headscope.js';
import { makeMultiHeadAttentionClass, type MultiHeadAttentionClass } from './attention.js';
import { makeInputs, type Inputs } from './inputs.js';
import { makeLoadModel, type LoadModel } from './model.js';
import { makeShippedModels, type ReadModelFile, type ShippedModels } from './shipped.js';
import { makeCreateTrainer, type CreateTrainer } from './trainer.js';

/** A loaded module. */
export interface Headscope extends Inputs, ShippedModels {
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
  /** Bytes of the wasm heap in use (allocated and not freed), for diagnostics. */
  heapUsedBytes(): number;
}

export interface LoadOptions {
  /** The .wasm bytes, if you have them; then nothing is fetched or read. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where to fetch headscope.wasm from, if not beside the package's JS (e.g. a CDN path). */
  wasmUrl?: string;
}

/** Where one environment (browser or Node) finds the package's files. */
export interface PackageFiles {
  /** The .wasm bytes: from `url` when the caller gives `wasmUrl`, else from the package. */
  readWasm(url?: string): Promise<Uint8Array>;
  readModelFile: ReadModelFile;
}

/**
 * Builds `loadHeadscope` for one environment. The module is instantiated once and shared.
 */
export function makeLoader(files: PackageFiles): (options?: LoadOptions) => Promise<Headscope> {
  let loaded: Promise<Headscope> | undefined;
  return (options = {}) => {
    if (!loaded) {
      loaded = (async () => {
        const wasmBinary = options.wasmBinary ?? (await files.readWasm(options.wasmUrl));
        const mod = await createHeadscopeModule({ wasmBinary });
        const loadModel = makeLoadModel(mod);
        return {
          MultiHeadAttention: makeMultiHeadAttentionClass(mod),
          loadModel,
          ...makeShippedModels(files.readModelFile, loadModel),
          createTrainer: makeCreateTrainer(mod),
          ...makeInputs(mod),
          simdArch: () => mod.simdArch(),
          heapBytes: () => mod.heapBytes(),
          heapUsedBytes: () => mod.heapUsedBytes(),
        };
      })();
      loaded.catch(() => (loaded = undefined)); // a failed load may be retried
    }
    return loaded;
  };
}
