// The views of the "heads, measured" section on hand-made analysis numbers, in Chromium.
import { describe, expect, it } from 'vitest';
import { fmt } from '../../../web/app/render/numbers.js';
import { rolloutMatrix, scaleTop } from '../../../web/app/render/views/rollout.js';
import { reorder, similarityMatrix } from '../../../web/app/render/views/similarity-matrix.js';
import { statsTable } from '../../../web/app/render/views/stats-table.js';

const f32 = (...v: number[]) => Float32Array.from(v);

describe('statsTable', () => {
  const stats = {
    entropy: f32(0.123, 0.9),
    distance: f32(1.25, 5),
    self: f32(0.5, 0.01),
    previous: f32(0.25, 0),
    first: f32(0.1, 0.75),
  };

  it('has one row per head with each statistic, marks the enlarged and off heads', () => {
    const view = statsTable({
      stats,
      kind: 'text',
      gates: [1, 0],
      notes: ['previous token 0.94', ''],
      selected: 0,
      caption: 'Layer 1',
    });
    const rows = view.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(2);
    expect(view.querySelector('caption')!.textContent).toBe('Layer 1');
    expect([...view.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual([
      'Head',
      'Entropy',
      'Distance (tokens)',
      'Self',
      'Previous token',
      'First ([CLS])',
    ]);
    const cells = (r: number) =>
      [...rows[r]!.querySelectorAll('td')].map(
        (td) => td.querySelector('.stats-value')!.textContent,
      );
    expect(cells(0)).toEqual(['0.12', '1.3', '50%', '25%', '10%']);
    expect(Number(rows[0]!.querySelector('[data-stat=entropy]')!.getAttribute('data-value'))).toBe(
      stats.entropy[0],
    );
    expect(rows[0]!.getAttribute('aria-current')).toBe('true');
    expect(rows[0]!.querySelector('th')!.textContent).toBe('H1previous token 0.94');
    expect(rows[1]!.classList.contains('off')).toBe(true);
    expect(rows[1]!.querySelector('th')!.textContent).toBe('H2 (off)');
    expect(view.querySelector('dl')!.textContent).toContain('0: the head looks at a single token');
  });

  it('speaks of patches for an image', () => {
    const view = statsTable({
      stats,
      kind: 'image',
      gates: [1, 1],
      notes: ['', ''],
      selected: 1,
      caption: '',
    });
    expect(view.querySelector('thead')!.textContent).toContain('Distance (patches)');
    expect(view.querySelector('thead')!.textContent).toContain('First patch');
  });
});

describe('similarityMatrix', () => {
  // 3 heads; value = 10 * row + col, so each cell says where it came from.
  const values = Float32Array.from({ length: 9 }, (_, k) => 10 * Math.floor(k / 3) + (k % 3));

  it('permutes rows and columns into the order', () => {
    expect([...reorder(values, [2, 0, 1])]).toEqual([22, 20, 21, 2, 0, 1, 12, 10, 11]);
  });

  it('draws heads² cells with H labels in that order', () => {
    const svg = similarityMatrix({
      values: f32(...values.map((v) => v / 30)),
      order: [2, 0, 1],
      mode: 'sequential',
      max: 1,
      gates: [1, 1, 0],
      label: 'JS distance',
    });
    expect(svg.querySelectorAll('rect[data-row]')).toHaveLength(9);
    expect([...svg.querySelectorAll('[data-row-label]')].map((t) => t.textContent)).toEqual([
      'H3 off',
      'H1',
      'H2',
    ]);
    expect(svg.querySelector('rect[data-row="0"][data-col="1"] title')!.textContent).toBe(
      `H3 off → H1: ${fmt(Math.fround(20 / 30))}`,
    );
    expect(svg.getAttribute('data-order')).toBe('2,0,1');
    expect(svg.getAttribute('aria-label')).toBe('JS distance');
  });
});

describe('rolloutMatrix', () => {
  it('draws t × t cells over the tokens, scaled to the largest value', () => {
    const rollout = f32(0.6, 0.4, 0.2, 0.8);
    expect(scaleTop(rollout)).toBeCloseTo(0.8, 6);
    expect(scaleTop(f32(0, 0))).toBe(1);
    const svg = rolloutMatrix({ tokens: ['[CLS]', 'cat'], rollout, focus: 1, label: 'Rollout' });
    expect(svg.querySelectorAll('rect[data-row]')).toHaveLength(4);
    expect(svg.querySelector('[data-focus-row="1"]')).not.toBeNull();
    expect(svg.querySelector('rect[data-row="1"][data-col="0"] title')!.textContent).toBe(
      `cat → [CLS]: ${fmt(rollout[2]!)}`,
    );
    expect(svg.querySelectorAll('[style]')).toHaveLength(0);
  });
});
