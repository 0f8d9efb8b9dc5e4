// The training panel's pieces on hand-made numbers, in Chromium: the run log keeps what the worker
// sent, the charts draw exactly those numbers, and the settings are read (or refused) as shown.
import { describe, expect, it } from 'vitest';
import { entropyChart, lossChart, sweepChart } from '../../../web/app/training/charts.js';
import { sweepVerdict } from '../../../web/app/training/sweep.js';
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

  it('the sweep: a dot per finished head count with its loss, the lowest outlined', () => {
    const view = sweepChart(
      [
        { heads: 1, evaluation: evaluation(60, 3.7, [0.9]) },
        { heads: 2, evaluation: evaluation(60, 3.6, [0.9, 0.9]) },
        { heads: 4 },
        { heads: 8 },
      ],
      32,
    );
    expect(view.querySelectorAll('circle')).toHaveLength(2);
    expect(view.querySelector('[data-heads="2"]')!.getAttribute('data-value')).toBe('3.6');
    expect(view.querySelector('[data-heads="2"] circle')!.getAttribute('stroke')).toBe('#111');
    expect(view.querySelector('[data-heads="4"]')!.textContent).toContain('8 dims each');
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

describe('sweepVerdict', () => {
  const ev = (loss: number) => evaluation(60, loss, [0.9]);
  it('names the lowest and the runner-up, and what one seed per count allows', () => {
    const v = sweepVerdict([
      { heads: 1, evaluation: ev(0.61) },
      { heads: 2, evaluation: ev(0.52) },
      { heads: 4, evaluation: ev(0.55) },
      { heads: 8, evaluation: ev(0.7) },
    ]);
    expect(v).toContain('Lowest validation loss: 2 heads (0.520), then 4 heads (0.550).');
    expect(v).toContain('trained once, from one seed');
    expect(v).not.toContain('to choose for');
  });
  it('says nothing until every count has finished', () => {
    expect(sweepVerdict([{ heads: 1, evaluation: ev(0.6) }, { heads: 2 }])).toBe('');
    expect(sweepVerdict([])).toBe('');
  });
});
