// The head-count sweep's plan and what its results allow one to say.
import type { SweepResult } from './charts.js';

/** Head counts a sweep trains, in turn. */
export const SWEEP_HEADS = [1, 2, 4, 8];

/** "1, 2, 4 and 8". */
export function sweepCounts(): string {
  return `${SWEEP_HEADS.slice(0, -1).join(', ')} and ${SWEEP_HEADS.at(-1)}`;
}

const heads = (n: number) => `${n} head${n === 1 ? '' : 's'}`;

/**
 * The verdict on a finished sweep: the lowest validation loss and the runner-up, and no more than
 * one run per count allows. Each count trained once, from one seed; a gap smaller than what a new
 * seed changes is noise, so the verdict names the lowest, not the count to choose. '' until every
 * count has finished.
 */
export function sweepVerdict(results: SweepResult[]): string {
  if (!results.length || results.some((r) => !r.evaluation)) return '';
  const ranked = [...results].sort((a, b) => a.evaluation!.loss - b.evaluation!.loss);
  const [best, next] = ranked;
  const loss = (r: SweepResult) => r.evaluation!.loss.toFixed(3);
  const second = next ? `, then ${heads(next.heads)} (${loss(next)})` : '';
  return (
    `Lowest validation loss: ${heads(best!.heads)} (${loss(best!)})${second}. Each count ` +
    'trained once, from one seed: a gap smaller than what another seed changes is noise, so ' +
    'sweep again with a different seed before choosing a head count.'
  );
}
