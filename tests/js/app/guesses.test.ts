// The guesses' top-k selection against a full sort (stable: ties keep the lower index first).
import { describe, expect, it } from 'vitest';
import { top } from '../../../web/app/compute/guesses.js';

/** The reference: every index sorted by probability, most likely first, then the first k. */
function sortedTop(probs: Float32Array, labels: string[], k: number) {
  const order = Array.from(probs.keys()).sort((a, b) => probs[b]! - probs[a]!);
  return order.slice(0, k).map((i) => ({ label: labels[i]!, p: probs[i]! }));
}

describe('top', () => {
  it('picks the same k as a full sort, on random rows with ties', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const [n, k] of [
      [4096, 5],
      [10, 10],
      [3, 5],
      [100, 1],
      [50, 0],
    ] as const) {
      const probs = new Float32Array(n).map(() => Math.round(random() * 40) / 40); // many ties
      const labels = Array.from({ length: n }, (_, i) => `w${i}`);
      expect(top(probs, labels, k)).toEqual(sortedTop(probs, labels, k));
    }
  });
});
