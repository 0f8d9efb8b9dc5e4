// What the page has received about one training run: every step's batch loss (raw and smoothed)
// and every evaluation, exactly as the worker sent them, plus the measured speed.
import type { Evaluation, TrainReply, TrainSettings } from './protocol.js';

type Progress = Extract<TrainReply, { type: 'progress' }>;

/** Chunks the speed is averaged over. */
const SPEED_WINDOW = 12;

/** Validation every so many steps: about 25 points per run, at round step numbers. */
export function evalInterval(target: number): number {
  const nice = [5, 10, 20, 25, 50, 100, 200, 250, 500, 1000];
  return nice.find((n) => n >= target / 25) ?? Math.ceil(target / 25);
}

export class RunLog {
  /** Batch loss of step i + 1 at index i. */
  readonly losses: Float32Array;
  readonly smoothed: Float32Array;
  /** In step order, the first at step 0. */
  readonly evaluations: Evaluation[] = [];
  steps = 0;
  #speed: Array<{ steps: number; ms: number }> = [];

  constructor(
    readonly settings: TrainSettings,
    readonly target: number,
  ) {
    this.losses = new Float32Array(target);
    this.smoothed = new Float32Array(target);
  }

  start(evaluation: Evaluation): void {
    this.evaluations.splice(0, Infinity, evaluation);
  }

  add(p: Progress): void {
    const from = p.steps - p.losses.length;
    this.losses.set(p.losses, from);
    this.smoothed.set(p.smoothed, from);
    this.steps = p.steps;
    if (p.evaluation) this.evaluations.push(p.evaluation);
    this.#speed.push({ steps: p.losses.length, ms: p.stepMs });
    if (this.#speed.length > SPEED_WINDOW) this.#speed.shift();
  }

  get first(): Evaluation | undefined {
    return this.evaluations[0];
  }

  get latest(): Evaluation | undefined {
    return this.evaluations.at(-1);
  }

  /** The latest smoothed batch loss, or NaN before the first step. */
  get trainingLoss(): number {
    return this.steps > 0 ? this.smoothed[this.steps - 1]! : Number.NaN;
  }

  /** Steps per second in the core over the last chunks, or NaN before the first. */
  get stepsPerSecond(): number {
    let steps = 0,
      ms = 0;
    for (const c of this.#speed) {
      steps += c.steps;
      ms += c.ms;
    }
    return ms > 0 ? (1000 * steps) / ms : Number.NaN;
  }
}
