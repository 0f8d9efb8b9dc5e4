// The head-count sweep: its plan (every head count from several seeds), the spread of its final
// validation results per count, and what that spread allows one to say.
import { pct } from '../render/numbers.js';
import type { Evaluation } from './protocol.js';

/** Head counts a sweep trains. */
export const SWEEP_HEADS = [1, 2, 4, 8];
/**
 * Seeds per head count. A new seed changes the initial weights and the order of the examples,
 * and that alone moves the final loss; three runs per count show how far, in a wait a person
 * sits through.
 */
export const SWEEP_SEEDS = 3;
/**
 * Steps per sweep run at most: twelve runs of the panel's default 600 steps would keep the page
 * busy for about 40 s at the trainer's ~180 steps/s; 300 steps halve that.
 */
export const SWEEP_MAX_STEPS = 300;

/** One run of a sweep, and its final evaluation once it has one. */
export interface SweepRun {
  heads: number;
  seed: number;
  evaluation?: Evaluation;
}

/** "1, 2, 4 and 8". */
export function sweepCounts(): string {
  return listText(SWEEP_HEADS);
}

/** "1, 2 and 3": a list with "and" before its last item. */
export function listText(items: readonly (number | string)[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Steps each sweep run trains, given the panel's Steps setting. */
export const sweepSteps = (steps: number): number => Math.min(steps, SWEEP_MAX_STEPS);

/** The seeds a sweep starting at `first` trains from: it and the next ones. */
export function sweepSeeds(first: number, count = SWEEP_SEEDS): number[] {
  return Array.from({ length: count }, (_, k) => first + k);
}

/**
 * The runs in training order: every head count from the first seed, then from the next, so each
 * count has a result after the first quarter of the wait.
 */
export function sweepPlan(firstSeed: number, heads = SWEEP_HEADS, seeds = SWEEP_SEEDS): SweepRun[] {
  return sweepSeeds(firstSeed, seeds).flatMap((seed) => heads.map((h) => ({ heads: h, seed })));
}

/** A set of values' mean and range. */
export interface Spread {
  n: number;
  mean: number;
  min: number;
  max: number;
}

/** The mean and range of `values`; undefined for none (a count not yet trained). */
export function spreadOf(values: readonly number[]): Spread | undefined {
  if (!values.length) return undefined;
  let sum = 0;
  for (const v of values) sum += v;
  return {
    n: values.length,
    mean: sum / values.length,
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/** One head count's runs and, over the finished ones, the spread of their final results. */
export interface CountSpread {
  heads: number;
  runs: SweepRun[];
  /** Every run of this count has finished. */
  done: boolean;
  loss?: Spread;
  accuracy?: Spread;
}

/** Per head count, in the order the counts first appear in `runs`. */
export function countSpreads(runs: readonly SweepRun[]): CountSpread[] {
  const counts = [...new Set(runs.map((r) => r.heads))];
  return counts.map((heads) => {
    const own = runs.filter((r) => r.heads === heads);
    const finished = own.flatMap((r) => (r.evaluation ? [r.evaluation] : []));
    const loss = spreadOf(finished.map((e) => e.loss));
    const accuracy = spreadOf(finished.map((e) => e.accuracy));
    return {
      heads,
      runs: own,
      done: finished.length === own.length,
      ...(loss ? { loss } : {}),
      ...(accuracy ? { accuracy } : {}),
    };
  });
}

/** Two ranges share a value (touching counts: neither is lower over every seed). */
export const overlaps = (a: Spread, b: Spread): boolean => a.min <= b.max && b.min <= a.max;

/** "1 head", "4 heads". */
export const headsText = (n: number): string => `${n} head${n === 1 ? '' : 's'}`;
const countsText = (ns: number[]) => {
  const sorted = [...ns].sort((a, b) => a - b);
  return `${listText(sorted)} head${sorted.length === 1 && sorted[0] === 1 ? '' : 's'}`;
};
const rangeText = (s: Spread) => `${s.min.toFixed(3)}–${s.max.toFixed(3)}`;

type Finished = CountSpread & { loss: Spread; accuracy: Spread };

/**
 * The verdict on a finished sweep, saying no more than the seeds allow: the count with the lowest
 * mean validation loss is named as lower only if its whole range of losses lies below every other
 * count's; otherwise the counts whose ranges overlap its own cannot be told apart, and the
 * verdict says so. '' until every run has finished.
 */
export function sweepVerdict(runs: readonly SweepRun[]): string {
  if (!runs.length || runs.some((r) => !r.evaluation)) return '';
  const counts = countSpreads(runs) as Finished[];
  if (counts.length < 2) return '';
  const [best, ...others] = [...counts].sort((a, b) => a.loss.mean - b.loss.mean) as [
    Finished,
    ...Finished[],
  ];
  const seeds = Math.min(...counts.map((c) => c.loss.n));
  const tied = others.filter((c) => overlaps(c.loss, best.loss));
  if (seeds < 2)
    return `${lowestText(best, seeds)}. One seed per count shows no spread, so no difference can be told from noise.`;
  if (tied.length) return withinSpread(best, tied, others, seeds);
  const steps = runs[0]!.evaluation!.step;
  const next = others[0]!;
  return (
    `${headsText(best.heads)} had lower validation loss than every other count over every seed ` +
    `(${rangeText(best.loss)}; next ${headsText(next.heads)}, ${rangeText(next.loss)}), ` +
    `on this task, width and ${steps} steps.${accuracyCaveat(best, others)}`
  );
}

const lowestText = (best: Finished, seeds: number) =>
  `Lowest mean validation loss: ${headsText(best.heads)} (${best.loss.mean.toFixed(3)}, ` +
  `${rangeText(best.loss)} over ${seeds} seeds)`;

/** The lowest mean is not lower over every seed: which counts it cannot be told from. */
function withinSpread(best: Finished, tied: Finished[], others: Finished[], seeds: number): string {
  const apart = others.filter((c) => !tied.includes(c)).map((c) => c.heads);
  const higher = apart.length
    ? ` ${countsText(apart)} had higher loss than ${headsText(best.heads)} over every seed.`
    : '';
  return (
    `${lowestText(best, seeds)}, but the difference is within seed spread: ` +
    `${countsText([best, ...tied].map((c) => c.heads))} cannot be told apart (their ranges ` +
    `overlap).${higher}`
  );
}

/** Loss can separate counts whose accuracy does not: then the verdict says so. */
function accuracyCaveat(best: Finished, others: Finished[]): string {
  const a = best.accuracy;
  const tied = others.filter((c) => overlaps(c.accuracy, a)).map((c) => c.heads);
  if (!tied.length) return '';
  return (
    ` Its validation accuracy (${pct(a.min)}–${pct(a.max)}) overlaps the ` +
    `range${tied.length > 1 ? 's' : ''} of ${countsText(tied)}, so accuracy does not separate them.`
  );
}
