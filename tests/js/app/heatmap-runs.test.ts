// A heatmap too large for an element per cell (render/views/heatmap-runs.ts), its readout, and
// its numbers as a table (matrix-numbers.ts), in Chromium.
import { describe, expect, it } from 'vitest';
import { diverging, sequential } from '../../../web/app/render/colors.js';
import { svgString } from '../../../web/app/render/export.js';
import { fmt } from '../../../web/app/render/numbers.js';
import { heatmap, MASKED_FILL, MAX_CELL_ELEMENTS } from '../../../web/app/render/views/heatmap.js';
import { matrixNumbers } from '../../../web/app/render/views/matrix-numbers.js';

const ROWS = 9;
const COLS = 128;
const CELL = 5;

/** Signed values with runs of equal ones, a few −∞, and one far past the scale. */
function values(seed: number): Float32Array {
  const v = Float32Array.from({ length: ROWS * COLS }, (_, k) =>
    k % 7 < 3 ? 0.25 : Math.sin(seed * 12.9898 + k * 78.233) * 2,
  );
  v[5] = -Infinity;
  v[COLS + 9] = -Infinity;
  v[2 * COLS] = 40;
  return v;
}

const options = (v: Float32Array, mode: 'sequential' | 'diverging' = 'diverging') => ({
  rowLabels: Array.from({ length: ROWS }, (_, r) => `row${r}`),
  colLabels: Array.from({ length: COLS }, (_, c) => String(c)),
  values: v,
  rows: ROWS,
  cols: COLS,
  mode,
  max: 2,
  label: 'output',
  cell: CELL,
});

/** Each cell's fill, read back from the paths' rectangles ("M x y h w v c h −w z"). */
function fills(root: SVGSVGElement): (string | undefined)[] {
  const out: (string | undefined)[] = new Array(ROWS * COLS);
  for (const path of root.querySelectorAll('g[data-cells] path')) {
    const d = path.getAttribute('d')!;
    for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)v(\d+)h-(\d+)z/g)) {
      const [x, y, w, h, back] = m.slice(1).map(Number) as [number, number, number, number, number];
      expect([h, back]).toEqual([CELL, w]);
      for (let c = x / CELL; c < (x + w) / CELL; c++) {
        expect(out[(y / CELL) * COLS + c]).toBeUndefined(); // no cell drawn twice
        out[(y / CELL) * COLS + c] = path.getAttribute('fill')!;
      }
    }
  }
  return out;
}

const rgb = (s: string) => s.match(/\d+/g)!.map(Number);

describe('a heatmap drawn as colour runs', () => {
  it('covers every cell once, in its colour to within one step of the scale', () => {
    expect(ROWS * COLS).toBeGreaterThan(MAX_CELL_ELEMENTS);
    for (const mode of ['diverging', 'sequential'] as const) {
      const v = values(1);
      const root = heatmap(options(v, mode));
      expect(root.querySelectorAll('rect[data-row]')).toHaveLength(0);
      expect(root.querySelectorAll('path').length).toBeLessThan(300);
      const got = fills(root);
      v.forEach((x, k) => {
        if (!Number.isFinite(x)) return expect(got[k]).toBe(MASKED_FILL);
        const f = Math.min(1, Math.max(mode === 'sequential' ? 0 : -1, x / 2));
        const exact = rgb(mode === 'sequential' ? sequential(f) : diverging(f));
        const drawn = rgb(got[k]!);
        // One of 256 steps is at most half a step away: a channel moves by at most ~1 unit.
        drawn.forEach((ch, i) => expect(Math.abs(ch - exact[i]!)).toBeLessThanOrEqual(2));
      });
      expect(root.querySelector('.hs-mask-hatch')!.getAttribute('d')!.match(/M/g)).toHaveLength(2);
    }
  });

  it('is repainted in place, as a fresh one would be drawn', () => {
    const root = heatmap(options(values(1)));
    const again = heatmap({ ...options(values(2)), focusRow: 3, reuse: root });
    expect(again).toBe(root);
    expect(again.outerHTML).toBe(heatmap({ ...options(values(2)), focusRow: 3 }).outerHTML);
  });

  it('reads out the value under the pointer, and leaves the readout out of an export', () => {
    const v = values(3);
    const root = heatmap(options(v));
    document.body.append(root);
    try {
      const grid = root.querySelector('g[data-cells]')!.getBoundingClientRect();
      const readout = () => root.querySelector('[data-readout]')!.textContent;
      const at = (r: number, c: number) =>
        root.dispatchEvent(
          new PointerEvent('pointermove', {
            clientX: grid.left + (c + 0.5) * CELL,
            clientY: grid.top + (r + 0.5) * CELL,
          }),
        );
      at(4, 100);
      expect(readout()).toBe(`row4 → 100: ${fmt(v[4 * COLS + 100]!)}`);
      at(1, 9);
      expect(readout()).toBe(`row1 → 9: ${fmt(-Infinity)}`);
      root.dispatchEvent(new PointerEvent('pointerleave'));
      expect(readout()).not.toContain('→');
      expect(svgString(root)).not.toContain('data-readout');
    } finally {
      root.remove();
    }
  });
});

describe('matrixNumbers', () => {
  const o = (v: Float32Array) => ({ ...options(v), caption: 'Output vectors' });
  const cells = (d: HTMLDetailsElement) => [...d.querySelectorAll('td')].map((c) => c.textContent);

  it('builds its table only while open, and follows each redraw', () => {
    const v1 = values(1);
    const details = matrixNumbers(o(v1));
    document.body.append(details);
    try {
      expect(details.querySelector('table')).toBeNull();
      details.open = true;
      details.dispatchEvent(new Event('toggle'));
      expect(cells(details)).toEqual([...v1].map(fmt));
      expect(details.querySelectorAll('tbody th')[2]!.textContent).toBe('row2');
      expect(details.querySelector('[role=region]')!.getAttribute('tabindex')).toBe('0');
      const v2 = values(2);
      expect(matrixNumbers({ ...o(v2), reuse: details })).toBe(details);
      expect(cells(details)).toEqual([...v2].map(fmt));
      expect(details.querySelectorAll('table')).toHaveLength(1);
      details.open = false;
      details.dispatchEvent(new Event('toggle'));
      expect(details.querySelector('table')).toBeNull();
    } finally {
      details.remove();
    }
  });
});

describe('heatmap labels', () => {
  const labelled = (root: SVGSVGElement, what: 'row' | 'col') =>
    [...root.querySelectorAll(`[data-${what}-label]`)].map((t) =>
      Number(t.getAttribute(`data-${what}-label`)),
    );

  it('writes one label in as many as keep them 12 px apart, and always the focus row', () => {
    // 5 px rows: every third label (15 px apart); columns turned 60° are 4.3 px apart: every third.
    const root = heatmap({ ...options(values(1)), focusRow: 4 });
    expect(labelled(root, 'row')).toEqual([0, 4]); // 3 and 6 would crowd the focus row
    expect(labelled(root, 'col')).toEqual(Array.from({ length: 43 }, (_, i) => 3 * i));
    const big = heatmap({ ...options(values(1)), cell: 18 });
    expect(labelled(big, 'row')).toEqual(Array.from({ length: ROWS }, (_, r) => r));
    expect(labelled(big, 'col')).toHaveLength(COLS);
  });
});
