import type { RawModel, RawModule } from '../wasm/headscope.js';
import type {
  Evaluation,
  GenerateOptions,
  HeadImportance,
  ModelInfo,
  ModelRun,
  ModelRunOptions,
  ResolvedConfig,
  RgbaImage,
} from './types.js';
import { rgbaImage, wellFormedText } from './args.js';
import { startGeneration, type Generation } from './generate.js';
import { copyForward, disposeSymbol } from './results.js';

/** Options of `hs.loadModel`. */
export interface LoadModelOptions {
  /**
   * Replace the trained weights with random ones from `seed` (default 0), keeping the
   * architecture: the untrained contrast. The head evidence is then dropped.
   */
  randomWeights?: boolean;
  seed?: number;
}

/** A trained encoder (a headscope checkpoint) living in wasm memory. Call `dispose()` when done. */
export interface Model {
  readonly info: ModelInfo;
  /** The config every layer's attention runs with. */
  readonly attentionConfig: ResolvedConfig;
  /** Runs a text model: tokenized, capped at maxLen − 2 tokens, framed by [CLS] and [SEP]. */
  runText(text: string, options?: ModelRunOptions): ModelRun;
  /** Runs an image model: resized to imageSide², cut into patchSize patches. */
  runImage(image: RgbaImage, options?: ModelRunOptions): ModelRun;
  /**
   * Head importance on the input of the last `runText`/`runImage` (with `gates`, default all on)
   * and on a held-out set (every head on; measured once per model, then reused), with the
   * held-out pruning curve. Throws if nothing has run yet.
   */
  importance(options?: { gates?: Float32Array | number[] }): HeadImportance;
  /**
   * Loss and accuracy on the input of the last run (scored as `importance` scores it: each known
   * word masked in turn, or the predicted class), or with `heldOut: true` on its held-out set.
   * Cheap beside `importance`: no head is ablated. Throws if nothing has run yet.
   */
  evaluate(options?: { gates?: Float32Array | number[]; heldOut?: boolean }): Evaluation;
  /**
   * A causal model (`info.descriptor.output === 'next-token'`) continues `text` token by token,
   * through the core's KV cache: iterate the result (`generation.next()`, or `for … of`). Throws
   * an Error naming a bad option (temperature 0 to 5, topK an integer ≥ 0, maxTokens from 1 to
   * the context) or a model that is not causal; the model stays usable. One generation at a time
   * per model: a new one ends the last.
   */
  generate(text: string, options?: GenerateOptions): Generation;
  /** Frees the wasm memory; later calls throw. Safe to call twice. */
  dispose(): void;
}

/** `hs.loadModel`: parses and checks a safetensors checkpoint; throws an Error naming a fault. */
export type LoadModel = (bytes: Uint8Array | ArrayBuffer, options?: LoadModelOptions) => Model;

export function makeLoadModel(mod: RawModule): LoadModel {
  const check = (ok: boolean): void => {
    if (!ok) throw new Error(mod.takeError());
  };

  class LoadedModel implements Model {
    #raw: RawModel | undefined;
    readonly #info: ModelInfo;
    readonly #config: ResolvedConfig;
    /** Counts generate() calls: only the latest generation is current. */
    #generations = 0;

    constructor(raw: RawModel) {
      this.#info = raw.info()!;
      this.#config = raw.attentionConfig()!;
      this.#raw = raw;
    }

    get info(): ModelInfo {
      this.#live();
      return this.#info;
    }

    get attentionConfig(): ResolvedConfig {
      this.#live();
      return this.#config;
    }

    runText(text: string, options: ModelRunOptions = {}): ModelRun {
      const typed = wellFormedText(text);
      const raw = this.#live();
      check(raw.runText(typed, options));
      return this.#collect(raw, options);
    }

    runImage(image: RgbaImage, options: ModelRunOptions = {}): ModelRun {
      const { data, width, height } = rgbaImage(image);
      const raw = this.#live();
      check(raw.runImage(data, width, height, options));
      return this.#collect(raw, options);
    }

    importance(options: { gates?: Float32Array | number[] } = {}): HeadImportance {
      const result = this.#live().importance(options);
      if (!result) throw new Error(mod.takeError());
      return result;
    }

    evaluate(options: { gates?: Float32Array | number[]; heldOut?: boolean } = {}): Evaluation {
      const result = this.#live().evaluate(options);
      if (!result) throw new Error(mod.takeError());
      return result;
    }

    generate(text: string, options: GenerateOptions = {}): Generation {
      this.#live();
      const mine = ++this.#generations;
      const owner = { live: () => this.#live(), current: () => mine === this.#generations };
      return startGeneration(mod, owner, text, options);
    }

    dispose(): void {
      this.#raw?.delete();
      this.#raw = undefined;
    }

    [disposeSymbol](): void {
      this.dispose();
    }

    #collect(raw: RawModel, options: ModelRunOptions): ModelRun {
      const t = raw.seqLen();
      const layers = Array.from({ length: this.#info.numLayers }, (_, l) => ({
        ...copyForward((name) => raw.layerResult(l, name), t, t, !!options.attribution),
        input: raw.layerResult(l, 'input')!.slice(),
      }));
      return {
        tokens: raw.tokens(),
        total: raw.total(),
        gridW: raw.gridW(),
        gridH: raw.gridH(),
        seqLen: t,
        image:
          this.#info.descriptor.input === 'image'
            ? { data: raw.pixels(), width: this.#info.imageSide, height: this.#info.imageSide }
            : null,
        layers,
        analysis: options.analysis ? raw.analysis() : null,
        probabilities: raw.probabilities().slice(),
      };
    }

    #live(): RawModel {
      if (!this.#raw) throw new Error('this Model was disposed; load it again');
      return this.#raw;
    }
  }

  return (bytes, options = {}) => {
    if (!(bytes instanceof ArrayBuffer) && !(bytes instanceof Uint8Array))
      throw new Error('checkpoint bytes must be a Uint8Array or ArrayBuffer');
    // A plain Uint8Array view, also of a subclass such as Node's Buffer.
    const data =
      bytes instanceof ArrayBuffer
        ? new Uint8Array(bytes)
        : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const raw = new mod.Model();
    if (!raw.load(data) || (options.randomWeights && !raw.randomize(options.seed ?? 0))) {
      const message = mod.takeError();
      raw.delete();
      throw new Error(message);
    }
    try {
      return new LoadedModel(raw);
    } catch (e) {
      raw.delete();
      throw e;
    }
  };
}
