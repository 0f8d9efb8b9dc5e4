// A run's output as labelled guesses: the likeliest words at each text position, or every class
// of an image, most likely first (the probabilities are the core's softmax).
import type { ModelInfo, ModelRun } from '../../lib/public.js';
import type { Guess } from '../scene.js';

/** Guesses kept per text position. */
const TOP_WORDS = 5;

/** The k most likely labels of a probability row, most likely first. */
function top(probs: Float32Array, labels: string[], k: number): Guess[] {
  const order = Array.from(probs.keys()).sort((a, b) => probs[b]! - probs[a]!);
  return order.slice(0, k).map((i) => ({ label: labels[i]!, p: probs[i]! }));
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
