// Messages between the page and the training worker. Every number in them is the trainer's (the
// C++ core's): batch losses, validation loss and accuracy, per-head entropies and the heads'
// Jensen-Shannon distances. The worker only times the steps and smooths the batch loss.
import type { LayerProbe, TrainerOptions } from '../../lib/public.js';

/** A run's settings as the learner chose them (the trainer fills in the rest). */
export type TrainSettings = Required<
  Pick<TrainerOptions, 'task' | 'numHeads' | 'dModel' | 'numLayers' | 'seed'>
>;

/** The trainer's validation and probe after `step` steps. */
export interface Evaluation {
  step: number;
  loss: number;
  accuracy: number;
  scored: number;
  /** One entry per layer, first to last. */
  probe: LayerProbe[];
}

/** Page → worker. `run` names the run a message is about; replies about other runs are stale. */
export type TrainRequest =
  /** Creates a trainer (disposing any other) and trains it to `target` steps. */
  | { type: 'start'; run: number; settings: TrainSettings; target: number; evalEvery: number }
  | { type: 'pause'; run: number }
  | { type: 'resume'; run: number }
  /** Disposes the run's trainer. */
  | { type: 'stop'; run: number };

/** Worker → page. */
export type TrainReply =
  /** Once: the core loaded (with its SIMD arch) or could not load. */
  | { type: 'hello'; ok: true; simdArch: string }
  | { type: 'hello'; ok: false; error: string }
  /** The trainer exists; its evaluation before any step. */
  | { type: 'started'; run: number; evaluation: Evaluation }
  | {
      type: 'progress';
      run: number;
      /** Steps taken so far. */
      steps: number;
      /** This chunk's batch losses, one per step, as the trainer returned them. */
      losses: Float32Array;
      /** The exponential moving average of the batch loss after each of those steps. */
      smoothed: Float32Array;
      /** Milliseconds the chunk's steps took in the core. */
      stepMs: number;
      /** At every `evalEvery` steps and at the target. */
      evaluation?: Evaluation;
    }
  | { type: 'paused'; run: number; steps: number }
  | { type: 'done'; run: number; steps: number }
  /** The trainer refused an option or failed; the run is over. */
  | { type: 'error'; run: number; message: string };
