// The training panel's pieces on hand-made numbers, in Chromium: the run log keeps what the worker
// sent, the charts draw exactly those numbers, the settings are read (or refused) as shown, and
// the sweep's spread and verdict follow from its runs.
import { describe, expect, it } from 'vitest';
import { entropyChart, lossChart } from '../../../web/app/training/charts.js';
import { sweepChart } from '../../../web/app/training/sweep-chart.js';
import {
  countSpreads,
  overlaps,
  spreadOf,
  sweepPlan,
  sweepSteps,
  sweepVerdict,
  type SweepRun,
} from '../../../web/app/training/sweep.js';
import { niceRange, niceTicks } from '../../../web/app/render/numbers.js';
import { spread } from '../../../web/app/training/line-chart.js';
import type { Evaluation } from '../../../web/app/training/protocol.js';
import { RunLog, evalInterval } from '../../../web/app/training/run-log.js';
import { readSettings, widthNote } from '../../../web/app/training/settings.js';

const f32 = (...v: number[]) => Float32Array.from(v);
const settings = { task: 'text', numHeads: 2, dModel: 32, numLayers: 1, seed: 1 } as const;
const evaluation = (step: number, loss: number, entropy: number[]): Evaluation => ({
  step,
  loss,
  accuracy: 0.5,
  scored: 10,
  probe: [{ entropy: f32(...entropy), jsDistance: f32(0, 0.3, 0.3, 0) }],
});

function logOf(): RunLog {
  const log = new RunLog(settings, 20);
  log.start(evaluation(0, 5, [0.95, 0.9]));
  log.add({
    type: 'progress',
    run: 1,
    steps: 5,
    losses: f32(5, 4.8, 4.7, 4.5, 4.4),
    smoothed: f32(5, 4.9, 4.8, 4.7, 4.6),
    stepMs: 50,
  });
  log.add({
    type: 'progress',
    run: 1,
    steps: 10,
    losses: f32(4.3, 4.2, 4.1, 4, 3.9),
    smoothed: f32(4.5, 4.4, 4.3, 4.2, 4.1),
    stepMs: 50,
    evaluation: evaluation(10, 4.25, [0.7, 0.85]),
  });
  return log;
}

describe('RunLog', () => {
  it('keeps every batch loss, smoothed loss and evaluation at their steps, and the speed', () => {
    const log = logOf();
    expect(log.steps).toBe(10);
    expect([...log.losses.subarray(0, 10)]).toEqual([
      ...f32(5, 4.8, 4.7, 4.5, 4.4, 4.3, 4.2, 4.1, 4, 3.9),
    ]);
    expect(log.trainingLoss).toBe(f32(4.1)[0]);
    expect(log.evaluations.map((e) => e.step)).toEqual([0, 10]);
    expect(log.latest!.loss).toBe(4.25);
    expect(log.stepsPerSecond).toBe(100);
  });

  it('validates about 25 times a run, at round steps', () => {
    expect(evalInterval(600)).toBe(25);
    expect(evalInterval(60)).toBe(5);
    expect(evalInterval(150)).toBe(10);
    expect(evalInterval(100_000)).toBe(4000);
  });
});

describe('charts', () => {
  it('draws the validation losses and each head’s entropies as given', () => {
    const log = logOf();
    const loss = lossChart(log);
    const dots = [...loss.querySelectorAll('[data-series=validation] circle')];
    expect(dots.map((d) => Number(d.getAttribute('data-value')))).toEqual([5, 4.25]);
    expect(dots[1]!.querySelector('title')!.textContent).toBe('step 10: validation loss 4.250');
    expect(loss.querySelectorAll('[data-series=training] polyline')).toHaveLength(1);
    const entropy = entropyChart(log, 0);
    const h2 = [...entropy.querySelectorAll('[data-series=H2] circle')];
    expect(h2.map((d) => Number(d.getAttribute('data-value')))).toEqual([...f32(0.9, 0.85)]);
    expect([...entropy.querySelectorAll('[data-end-label]')].map((t) => t.textContent)).toEqual([
      'H1',
      'H2',
    ]);
  });

  it('the sweep: a dot per finished seed, and a range and mean once a count has all its seeds', () => {
    const ev = (loss: number, accuracy: number) => ({ ...evaluation(60, loss, [0.9]), accuracy });
    const runs: SweepRun[] = [
      { heads: 1, seed: 4, evaluation: ev(3.7, 0.3) },
      { heads: 2, seed: 4, evaluation: ev(3.6, 0.25) },
      { heads: 1, seed: 5, evaluation: ev(3.5, 0.35) },
      { heads: 2, seed: 5 },
    ];
    const view = sweepChart(runs, 32);
    expect(view.querySelectorAll('circle')).toHaveLength(3);
    const one = view.querySelector('[data-heads="1"]')!;
    expect([...one.querySelectorAll('circle')].map((c) => c.getAttribute('data-seed'))).toEqual([
      '4',
      '5',
    ]);
    expect(one.querySelector('[data-seed="5"]')!.getAttribute('data-value')).toBe('3.5');
    expect(one.querySelector('[data-seed="5"] title')!.textContent).toBe(
      '1 head, seed 5: validation loss 3.500',
    );
    expect(Number(one.getAttribute('data-mean'))).toBeCloseTo(3.6, 12);
    expect(one.querySelectorAll('[data-range], [data-mean]')).toHaveLength(2);
    expect(one.textContent).toContain('3.600');
    // 2 heads: one seed of two finished, so no mean or range yet.
    const two = view.querySelector('[data-heads="2"]')!;
    expect(two.querySelectorAll('circle')).toHaveLength(1);
    expect(two.hasAttribute('data-mean')).toBe(false);
    expect(two.querySelectorAll('[data-range], [data-mean]')).toHaveLength(0);
    expect(two.textContent).toContain('16 dims');
    expect(view.getAttribute('aria-label')).toBe(
      'Final validation loss per number of heads, 2 seeds each. 1 head: mean 3.600, 3.500 to ' +
        '3.700; 2 heads: training.',
    );
    // Accuracy: drawn in percent, said as a percentage.
    const acc = sweepChart(runs, 32, 'accuracy');
    expect(acc.querySelector('[data-heads="1"] [data-seed="4"] title')!.textContent).toBe(
      '1 head, seed 4: validation accuracy 30.0%',
    );
    expect(acc.getAttribute('aria-label')).toContain('1 head: mean 32.5%, 30.0% to 35.0%');
  });

  it('round ticks, ranges and label positions that do not overlap', () => {
    expect(niceTicks(0, 600, 6)).toEqual([0, 100, 200, 300, 400, 500, 600]);
    expect(niceRange(3.43, 5.02)).toEqual([3, 5.5]);
    const ys = spread([50, 51, 52, 200], 12, 0, 300);
    expect(ys[1]! - ys[0]!).toBeGreaterThanOrEqual(12);
    expect(ys[2]! - ys[1]!).toBeGreaterThanOrEqual(12);
    expect(ys[3]).toBe(200);
  });
});

describe('settings', () => {
  function form(values: Record<string, string>): HTMLElement {
    const root = document.createElement('div');
    for (const [id, value] of Object.entries(values))
      root.append(Object.assign(document.createElement('input'), { id, value }));
    return root;
  }
  const filled = {
    'train-task': 'shapes',
    'train-heads': '8',
    'train-d-model': '32',
    'train-layers': '3',
    'train-steps': '60',
    'train-seed': '7',
  };

  it('reads the controls; leaves the model’s options to the trainer, checks the steps', () => {
    expect(readSettings(form(filled))).toEqual({
      settings: { task: 'shapes', numHeads: 8, dModel: 32, numLayers: 3, seed: 7 },
      target: 60,
    });
    expect(readSettings(form({ ...filled, 'train-d-model': '30' }))).toMatchObject({ target: 60 });
    expect(readSettings(form({ ...filled, 'train-steps': '5' }))).toMatchObject({
      error: 'Steps 5 must be a whole number from 10 to 100,000',
    });
    expect(readSettings(form({ ...filled, 'train-d-model': '' }))).toMatchObject({
      error: 'd_model is empty',
      settings: { dModel: 32 },
    });
  });

  it('says the width per head', () => {
    expect(widthNote(32, [4])).toBe('d_model / heads: 32 / 4 heads = 8 dims per head.');
    expect(widthNote(32, [1, 2, 4, 8])).toBe(
      'd_model / heads: 32 / h = 32, 16, 8, 4 dims per head.',
    );
    expect(widthNote(30, [4])).toContain('7.50 dims per head (not whole');
  });
});

describe('the sweep’s plan and spread', () => {
  it('trains every head count from each seed in turn, at most 300 steps a run', () => {
    expect(sweepPlan(7).map((r) => `${r.heads}/${r.seed}`)).toEqual([
      '1/7',
      '2/7',
      '4/7',
      '8/7',
      '1/8',
      '2/8',
      '4/8',
      '8/8',
      '1/9',
      '2/9',
      '4/9',
      '8/9',
    ]);
    expect(sweepSteps(600)).toBe(300);
    expect(sweepSteps(40)).toBe(40);
  });

  it('the mean and range match a plain computation', () => {
    // Values from a small fixed generator, checked against sums and a sort written out here.
    let x = 12345;
    const next = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 4 + 1;
    for (const n of [1, 2, 3, 7]) {
      const values = Array.from({ length: n }, next);
      let total = 0;
      for (let i = 0; i < n; i++) total += values[i]!;
      const sorted = [...values].sort((a, b) => a - b);
      const s = spreadOf(values)!;
      expect(s.n).toBe(n);
      expect(s.mean).toBeCloseTo(total / n, 12);
      expect(s.min).toBe(sorted[0]);
      expect(s.max).toBe(sorted[n - 1]);
    }
    expect(spreadOf([])).toBeUndefined();
  });

  it('groups runs by head count and spreads only finished ones', () => {
    const ev = (loss: number, accuracy: number) => ({ ...evaluation(60, loss, [0.9]), accuracy });
    const counts = countSpreads([
      { heads: 2, seed: 1, evaluation: ev(3, 0.2) },
      { heads: 4, seed: 1, evaluation: ev(2, 0.4) },
      { heads: 2, seed: 2, evaluation: ev(4, 0.3) },
      { heads: 4, seed: 2 },
    ]);
    expect(counts.map((c) => [c.heads, c.done, c.runs.length])).toEqual([
      [2, true, 2],
      [4, false, 2],
    ]);
    expect(counts[0]!.loss).toEqual({ n: 2, mean: 3.5, min: 3, max: 4 });
    expect(counts[0]!.accuracy!.mean).toBeCloseTo(0.25, 12);
    expect(counts[1]!.loss).toEqual({ n: 1, mean: 2, min: 2, max: 2 });
    // Ranges that touch overlap: neither count is lower over every seed.
    const r = (min: number, max: number) => ({ n: 2, mean: (min + max) / 2, min, max });
    expect(overlaps(r(1, 2), r(2, 3))).toBe(true);
    expect(overlaps(r(2, 3), r(1, 2))).toBe(true);
    expect(overlaps(r(1, 2), r(2.001, 3))).toBe(false);
  });
});

describe('sweepVerdict', () => {
  /** Runs with these losses (and accuracies, else 0.5) per head count, seeds 1, 2, 3, ... */
  const sweep = (
    losses: Record<number, number[]>,
    accuracies: Record<number, number[]> = {},
  ): SweepRun[] =>
    Object.entries(losses).flatMap(([heads, ls]) =>
      ls.map((loss, k) => ({
        heads: Number(heads),
        seed: k + 1,
        evaluation: { ...evaluation(300, loss, [0.9]), accuracy: accuracies[+heads]?.[k] ?? 0.5 },
      })),
    );

  it('overlapping ranges: within seed spread, naming the counts that cannot be told apart', () => {
    const v = sweepVerdict(
      sweep({
        1: [2.73, 3.06, 2.68],
        2: [2.59, 2.65, 2.54],
        4: [2.44, 2.64, 2.33],
        8: [2.47, 2.66, 2.24],
      }),
    );
    expect(v).toBe(
      'Lowest mean validation loss: 8 heads (2.457, 2.240–2.660 over 3 seeds), but the ' +
        'difference is within seed spread: 2, 4 and 8 heads cannot be told apart (their ranges ' +
        'overlap). 1 head had higher loss than 8 heads over every seed.',
    );
    expect(v).not.toContain('to choose');
    expect(v).not.toContain('lower validation loss than every other count');
  });

  it('a range touching the best one counts as overlapping', () => {
    const v = sweepVerdict(sweep({ 1: [3, 3.2], 2: [2.9, 3] }));
    expect(v).toContain('within seed spread: 1 and 2 heads cannot be told apart');
    expect(v).not.toContain('had higher loss');
  });

  it('separated ranges: the count with lower loss over every seed, and the runner-up', () => {
    const losses = {
      1: [3.16, 3.45, 3.31],
      2: [3.13, 3.1, 3.11],
      4: [3.09, 3.07, 3.09],
      8: [2.95, 3.0, 2.97],
    };
    const v = sweepVerdict(
      sweep(losses, {
        1: [0.2, 0.25, 0.22],
        2: [0.3, 0.28, 0.31],
        4: [0.3, 0.33, 0.31],
        8: [0.4, 0.42, 0.41],
      }),
    );
    expect(v).toBe(
      '8 heads had lower validation loss than every other count over every seed (2.950–3.000; ' +
        'next 4 heads, 3.070–3.090), on this task, width and 300 steps.',
    );
    expect(v).not.toContain('within seed spread');
    expect(v).not.toContain('to choose');
    // Accuracy ranges that overlap the best count's are named: loss alone separates the counts.
    const mixed = sweepVerdict(
      sweep(losses, {
        1: [0.2, 0.25, 0.22],
        2: [0.3, 0.28, 0.31],
        4: [0.3, 0.4, 0.31],
        8: [0.39, 0.42, 0.41],
      }),
    );
    expect(mixed).toContain(
      'on this task, width and 300 steps. Its validation accuracy (39.0%–42.0%) overlaps the ' +
        'range of 4 heads, so accuracy does not separate them.',
    );
  });

  it('one seed per count: no spread, so no difference is claimed', () => {
    const v = sweepVerdict(sweep({ 1: [0.61], 2: [0.52] }));
    expect(v).toContain('Lowest mean validation loss: 2 heads (0.520');
    expect(v).toContain('no difference can be told from noise');
    expect(v).not.toContain('over every seed');
  });

  it('says nothing until every run has finished', () => {
    const runs = sweep({ 1: [0.6, 0.7], 2: [0.5, 0.55] });
    delete runs[3]!.evaluation;
    expect(sweepVerdict(runs)).toBe('');
    expect(sweepVerdict([])).toBe('');
  });
});
