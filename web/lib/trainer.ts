import type { RawModule, RawTrainer } from '../wasm/headscope.js';
import type { LayerProbe, TrainerOptions, Validation } from './types.js';
import { disposeSymbol } from './results.js';

/**
 * A small model training step by step in wasm memory (cpp/train/live.hpp): for watching heads
 * specialise. Call `dispose()` when done.
 */
export interface Trainer {
  /** The options it was created with, defaults filled in. */
  readonly options: Required<TrainerOptions>;
  /** Steps taken so far. */
  readonly steps: number;
  /** Runs `count` optimizer steps (1 to 1000); returns each step's batch loss. */
  step(count?: number): Float32Array;
  /** Loss and accuracy on the fixed validation set. */
  validate(): Validation;
  /** Per layer: each head's attention entropy and the heads' Jensen-Shannon distances. */
  probe(): LayerProbe[];
  /** Frees the wasm memory; later calls throw. Safe to call twice. */
  dispose(): void;
}

/** `hs.createTrainer`: throws an Error naming a bad option (e.g. dModel not divisible). */
export type CreateTrainer = (options?: TrainerOptions) => Trainer;

const DEFAULTS: Required<TrainerOptions> = {
  task: 'text',
  numHeads: 4,
  dModel: 32,
  numLayers: 2,
  mlpHidden: 64,
  batch: 16,
  lr: 3e-3,
  seed: 1,
  validation: 64,
  probe: 8,
};

export function makeCreateTrainer(mod: RawModule): CreateTrainer {
  class LiveTrainer implements Trainer {
    #raw: RawTrainer | undefined;
    readonly options: Required<TrainerOptions>;

    constructor(raw: RawTrainer, options: Required<TrainerOptions>) {
      this.#raw = raw;
      this.options = options;
    }

    get steps(): number {
      return this.#live().steps();
    }

    step(count = 1): Float32Array {
      const losses = this.#live().step(count);
      if (!losses) throw new Error(mod.takeError());
      return losses;
    }

    validate(): Validation {
      return this.#live().validate()!;
    }

    probe(): LayerProbe[] {
      return this.#live().probe();
    }

    dispose(): void {
      this.#raw?.delete();
      this.#raw = undefined;
    }

    [disposeSymbol](): void {
      this.dispose();
    }

    #live(): RawTrainer {
      if (!this.#raw) throw new Error('this Trainer was disposed; create another');
      return this.#raw;
    }
  }

  return (options = {}) => {
    const full = { ...DEFAULTS, ...options };
    const raw = new mod.Trainer();
    if (!raw.configure(full)) {
      const message = mod.takeError();
      raw.delete();
      throw new Error(message);
    }
    return new LiveTrainer(raw, full);
  };
}
