// The importance bars, the pruning chart and the pruning helpers on hand-made numbers, in Chromium.
import { describe, expect, it } from 'vitest';
import { prunedPairs, pruningStep } from '../../../web/app/importance/panel.js';
import { headName, importanceBars, rank } from '../../../web/app/render/views/importance-bars.js';
import { pruningChart } from '../../../web/app/render/views/pruning-chart.js';
import { alikeRemovableChart, nearestTwin } from '../../../web/app/render/views/alike-removable.js';
import type { RunAnalysis } from '../../../web/lib/public.js';

const f32 = (...v: number[]) => Float32Array.from(v);

describe('importanceBars', () => {
  const values = f32(0.1, -0.05, 0.4, 0, 0.1, 0.2);
  const view = () =>
    importanceBars({
      values,
      numHeads: 3,
      gates: [1, 1, 1, 0, 1, 1],
      notes: ['', 'previous token 0.90', '', '', '', ''],
      selected: { layer: 1, head: 2 },
      quantity: 'loss rise',
      label: 'ranked',
    });

  it('ranks every head, largest first, ties by number, named by layer and head', () => {
    expect(rank(values)).toEqual([2, 5, 0, 4, 3, 1]);
    expect(headName(5, 3)).toBe('L2 H3');
    const rows = [...view().querySelectorAll('[data-model-head]')];
    expect(rows.map((r) => r.querySelector('text')!.textContent)).toEqual([
      'L1 H3',
      'L2 H3',
      'L1 H1',
      'L2 H2',
      'L2 H1 off',
      'L1 H2',
    ]);
    expect(rows.map((r) => Number(r.getAttribute('data-value')))).toEqual(
      [...rank(values)].map((k) => values[k]!),
    );
  });

  it('marks the shown head, and draws negative values left of zero', () => {
    const svg = view();
    const chosen = svg.querySelector('[aria-pressed="true"]')!;
    expect([chosen.getAttribute('data-layer'), chosen.getAttribute('data-model-head')]).toEqual([
      '1',
      '2',
    ]);
    const bar = (k: number) => {
      const row = svg.querySelector(
        `[data-layer="${Math.floor(k / 3)}"][data-model-head="${k % 3}"]`,
      )!;
      return row.querySelectorAll('rect')[2]!;
    };
    const zero = Number(bar(2).getAttribute('x'));
    expect(Number(bar(1).getAttribute('x'))).toBeLessThan(zero);
    expect(Number(bar(1).getAttribute('x')) + Number(bar(1).getAttribute('width'))).toBeCloseTo(
      zero,
      1,
    );
    expect(bar(1).getAttribute('fill')).not.toBe(bar(2).getAttribute('fill'));
    expect(svg.textContent).toContain('previous token 0.90');
  });
});

describe('pruning', () => {
  const order = [4, 1, 3, 0, 5, 2];

  it('knows which gates are a step of the pruning order', () => {
    expect(pruningStep([1, 1, 1, 1, 1, 1], order)).toBe(0);
    expect(pruningStep([1, 0, 1, 1, 0, 1], order)).toBe(2);
    expect(pruningStep([1, 1, 1, 0, 0, 1], order)).toBeNull();
    expect(pruningStep([0, 0, 0, 0, 0, 0], order)).toBe(6);
  });

  it('turns a step into the [layer, head] pairs switched off', () => {
    expect(prunedPairs(order, 3, 3)).toEqual([
      [1, 1],
      [0, 1],
      [1, 0],
    ]);
    expect(prunedPairs(order, 0, 3)).toEqual([]);
  });

  it('draws one point per step for loss and accuracy, all heads kept on the left', () => {
    const lossValues = f32(0.5, 0.5, 0.6, 0.9, 2, 4, 6);
    const svg = pruningChart({
      loss: lossValues,
      accuracy: f32(0.9, 0.9, 0.88, 0.8, 0.5, 0.2, 0.1),
      mark: 2,
      label: 'pruning',
    });
    const loss = [...svg.querySelectorAll('circle[data-series="loss"]')];
    expect(loss.map((c) => Number(c.getAttribute('data-value')))).toEqual([...lossValues]);
    const x = (r: number) => Number(loss[r]!.getAttribute('cx'));
    expect(x(0)).toBeLessThan(x(6));
    expect(svg.querySelectorAll('circle[data-series="accuracy"]')).toHaveLength(7);
    expect(svg.querySelector('[data-mark]')!.getAttribute('data-mark')).toBe('2');
    expect(svg.textContent).toContain('now: 4 kept');
    expect(loss[2]!.querySelector('title')!.textContent).toBe(
      '4 of 6 heads kept: held-out loss 0.600',
    );
    const unmarked = pruningChart({ loss: f32(1, 2), accuracy: f32(1, 0), mark: null, label: '' });
    expect(unmarked.querySelector('[data-mark]')).toBeNull();
  });
});

describe('alike or removable', () => {
  // Two layers of three heads: in layer 1, H1 and H2 are twins (0.05); in layer 2 none are.
  const layer = (js: number[]) =>
    ({ jsDistance: f32(...js) }) as unknown as RunAnalysis['layers'][number];
  const analysis = {
    layers: [
      layer([0, 0.05, 0.6, 0.05, 0, 0.7, 0.6, 0.7, 0]),
      layer([0, 0.8, 0.9, 0.8, 0, 0.85, 0.9, 0.85, 0]),
    ],
    rollout: f32(),
  } as RunAnalysis;

  it('takes each head’s distance to the most alike other head of its layer', () => {
    expect(nearestTwin(analysis, 3).map((v) => Number(v.toFixed(2)))).toEqual([
      0.05, 0.05, 0.6, 0.8, 0.8, 0.85,
    ]);
    const alone = { layers: [layer([0])], rollout: f32() } as RunAnalysis;
    expect(nearestTwin(alone, 1)[0]).toBeNaN();
  });

  it('puts a dot per head at (distance, loss rise), twins left whatever their importance', () => {
    const ablation = f32(0.9, 0.01, 0.2, 0.02, 0.5, 0.3);
    const view = alikeRemovableChart({
      twin: nearestTwin(analysis, 3),
      ablation,
      numHeads: 3,
      label: 'test',
    });
    const dots = [...view.querySelectorAll('circle')];
    expect(dots.map((d) => d.getAttribute('data-head'))).toEqual([
      'L1H1',
      'L1H2',
      'L1H3',
      'L2H1',
      'L2H2',
      'L2H3',
    ]);
    const cx = (name: string) =>
      Number(view.querySelector(`[data-head=${name}]`)!.getAttribute('cx'));
    const cy = (name: string) =>
      Number(view.querySelector(`[data-head=${name}]`)!.getAttribute('cy'));
    // Twins sit left of everyone; the important twin high, the other low.
    expect(cx('L1H1')).toBe(cx('L1H2'));
    expect(cx('L1H1')).toBeLessThan(cx('L1H3'));
    expect(cy('L1H1')).toBeLessThan(cy('L1H2'));
    expect(view.querySelector('[data-head=L2H2] title')!.textContent).toContain('0.800');
  });
});
