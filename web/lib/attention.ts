import type { RawModule, RawMultiHeadAttention } from '../wasm/headscope.js';
import type {
  AttentionConfig,
  AttentionWeights,
  ForwardOptions,
  ForwardResult,
  ResolvedConfig,
} from './types.js';
import { copyForward, disposeSymbol } from './results.js';

const WEIGHT_NAMES = ['wq', 'wk', 'wv', 'wo', 'bq', 'bk', 'bv', 'bo'] as const;

/** The class `hs.MultiHeadAttention` of a loaded module. */
export type MultiHeadAttentionClass = new (config: AttentionConfig) => MultiHeadAttention;

/** One multi-head attention layer living in wasm memory. Call `dispose()` when done. */
export interface MultiHeadAttention {
  /** The resolved config (defaults filled in). */
  readonly config: ResolvedConfig;
  /** Replaces every weight (PyTorch layout). Throws, keeping the old weights, on bad input. */
  setWeights(weights: AttentionWeights): void;
  /** Copies of the current weights. */
  getWeights(): AttentionWeights;
  /** Runs the layer on x [seqLen, dModel]; returns every intermediate as JS-owned arrays. */
  forward(x: Float32Array | number[], seqLen: number, options?: ForwardOptions): ForwardResult;
  /**
   * Runs the layer and returns only the fused output [seqLen, dModel], computed without keeping
   * the intermediates (at t = 512 they are some 60 MB per call): the fast path. It equals
   * `forward(...).output` up to float rounding, as the heads are summed in one product.
   */
  output(x: Float32Array | number[], seqLen: number, options?: ForwardOptions): Float32Array;
  /** Frees the wasm memory; later calls throw. Safe to call twice. */
  dispose(): void;
}

export function makeMultiHeadAttentionClass(mod: RawModule): MultiHeadAttentionClass {
  const check = (ok: boolean): void => {
    if (!ok) throw new Error(mod.takeError());
  };

  class Layer implements MultiHeadAttention {
    #raw: RawMultiHeadAttention | undefined;
    #config: ResolvedConfig;

    constructor(config: AttentionConfig) {
      const raw = new mod.MultiHeadAttention();
      if (!raw.configure(config)) {
        raw.delete();
        throw new Error(mod.takeError());
      }
      this.#raw = raw;
      this.#config = raw.config() as ResolvedConfig;
    }

    get config(): ResolvedConfig {
      this.#live();
      return this.#config;
    }

    setWeights(weights: AttentionWeights): void {
      check(this.#live().setWeights(weights));
    }

    getWeights(): AttentionWeights {
      const raw = this.#live();
      const copy = (name: (typeof WEIGHT_NAMES)[number]) => raw.weight(name)!.slice();
      const w: AttentionWeights = {
        wq: copy('wq'),
        wk: copy('wk'),
        wv: copy('wv'),
        wo: copy('wo'),
      };
      if (this.#config.bias) {
        w.bq = copy('bq');
        w.bk = copy('bk');
        w.bv = copy('bv');
        w.bo = copy('bo');
      }
      return w;
    }

    forward(
      x: Float32Array | number[],
      seqLen: number,
      options: ForwardOptions = {},
    ): ForwardResult {
      const raw = this.#live();
      check(raw.forward(x, seqLen, options));
      return copyForward((name) => raw.result(name), raw.tQ(), raw.tK(), !!options.attribution);
    }

    output(x: Float32Array | number[], seqLen: number, options: ForwardOptions = {}): Float32Array {
      const out = this.#live().output(x, seqLen, options);
      check(out !== null);
      return out!.slice();
    }

    dispose(): void {
      this.#raw?.delete();
      this.#raw = undefined;
    }

    [disposeSymbol](): void {
      this.dispose();
    }

    #live(): RawMultiHeadAttention {
      if (!this.#raw) throw new Error('this MultiHeadAttention was disposed; create a new one');
      return this.#raw;
    }
  }
  return Layer;
}
