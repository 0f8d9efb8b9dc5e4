// A run's output as labelled guesses: the likeliest words at each text position, or every class
// of an image, most likely first (the probabilities are the core's softmax).
import type { ModelInfo, ModelRun } from '../../lib/public.js';
import type { Guess } from '../scene.js';

/** Guesses kept per text position. */
const TOP_WORDS = 5;

/**
 * The k most likely labels of a probability row, most likely first (ties: the lower index). One
 * pass keeping the best k, not a sort of the row: sorting 4,096 words at each of 20 positions
 * took 20 ms a keystroke.
 */
export function top(probs: Float32Array, labels: string[], k: number): Guess[] {
  const best: number[] = []; // indices, most likely first
  for (let i = 0; i < probs.length && k > 0; i++) {
    const p = probs[i]!;
    if (best.length === k) {
      if (!(p > probs[best[k - 1]!]!)) continue;
      best.pop();
    }
    let at = best.length;
    while (at > 0 && p > probs[best[at - 1]!]!) at--;
    best.splice(at, 0, i);
  }
  return best.map((i) => ({ label: labels[i]!, p: probs[i]! }));
}

/** Per-token outputs: the top guesses at each position [t][k]; classes: [every class, most likely first]. */
export function guessesOf(run: ModelRun, info: ModelInfo): Guess[][] {
  const size = info.outputLabels.length;
  const labels = info.outputLabels;
  if (info.descriptor.output === 'classes') return [top(run.probabilities, labels, size)];
  return Array.from({ length: run.seqLen }, (_, i) =>
    top(run.probabilities.subarray(i * size, (i + 1) * size), labels, TOP_WORDS),
  );
}
