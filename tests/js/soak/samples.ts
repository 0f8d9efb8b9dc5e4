// The page soak's heap samples: the growth check, and a compact table for the log.
import { expect } from 'vitest';
import type { HeapSample } from './heap-probe.js';

export interface Row {
  /** Milliseconds since the session started. */
  t: number;
  round: number;
  /** Actions done so far. */
  actions: number;
  heaps: Map<string, HeapSample>;
}

/**
 * No upward trend: the largest value of the series' last quarter is at most `factor` × the
 * largest of its first quarter, plus `plus`. Quarters, not single samples, so that one sample
 * taken while a collection lagged does not decide.
 */
export function boundedGrowth(label: string, series: number[], factor: number, plus: number): void {
  const q = Math.max(1, Math.ceil(series.length / 4));
  const first = Math.max(...series.slice(0, q));
  const last = Math.max(...series.slice(-q));
  expect(last, `${label}: ${series.join(', ')}`).toBeLessThanOrEqual(first * factor + plus);
}

/** Warm-up: the first two rounds, and every sample before `warmUpMs`. */
export const isWarmUp = (r: Row, warmUpMs: number): boolean => r.round < 2 || r.t < warmUpMs;

const MB = (n: number | undefined) => (n === undefined ? '–' : (n / 2 ** 20).toFixed(2));

/** One line per sample: time, round, actions, then each target's numbers (MB, or counts). */
export function printTable(rows: Row[], warmUpMs: number): void {
  const names = [...new Set(rows.flatMap((r) => [...r.heaps.keys()]))];
  // [heading, target, cell]
  const columns: Array<[string, string, (s: HeapSample | undefined) => string]> = [];
  for (const name of names) {
    columns.push(
      [`${name} js`, name, (s) => MB(s?.js)],
      [`${name} buf`, name, (s) => MB(s?.buffers)],
    );
    if (name === 'page')
      columns.push(
        ['page dom', name, (s) => MB(s?.dom)],
        ['nodes', name, (s) => String(s?.nodes ?? '–')],
        ['listeners', name, (s) => String(s?.listeners ?? '–')],
      );
    else
      columns.push(
        [`${name} wasm`, name, (s) => MB(s?.wasm)],
        [`${name} used`, name, (s) => MB(s?.wasmUsed)],
      );
  }
  const header = ['t (s)', 'round', 'actions', ...columns.map(([c]) => c)];
  const lines = rows.map((r) => [
    `${(r.t / 1000).toFixed(0)}${isWarmUp(r, warmUpMs) ? '*' : ''}`,
    String(r.round),
    String(r.actions),
    ...columns.map(([, name, cell]) => cell(r.heaps.get(name))),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join(' ');
  console.log(
    ['Heaps after GC (MB; * = warm-up):', format(header), ...lines.map(format)].join('\n'),
  );
}
