// The whole-model grid (web/app/render/views/model-grid.ts) in Chromium: a grid per layer and head,
// updated in place for the same model (a keystroke changes only the matrices) and rebuilt when the
// model's shape or labels change.
import { describe, expect, it } from 'vitest';
import { modelGrid } from '../../../web/app/render/views/model-grid.js';
import type { ModelScene } from '../../../web/app/scene.js';

const t = 3;
const L = 2;
const H = 2;

function fakeModel(gates = [1, 1, 1, 1], label = 'previous token'): ModelScene {
  const attention = Array.from({ length: L }, (_, l) =>
    new Float32Array(H * t * t).map((_, i) => ((i + l) % t === 0 ? 1 : 0)),
  );
  return {
    numLayers: L,
    gates,
    attention,
    heads: [{ layer: 1, head: 0, label, score: { [label]: 0.91 }, chance: {} }],
  } as unknown as ModelScene;
}

/** The colour of the top-left pixel of each cell's matrix. */
function corners(grid: Element): string[] {
  return [...grid.querySelectorAll('canvas')].map((c) => {
    const [r, g, b] = c.getContext('2d')!.getImageData(0, 0, 1, 1).data;
    return `${r},${g},${b}`;
  });
}

describe('modelGrid', () => {
  it('draws one button per head, labelled, with the chosen one pressed', () => {
    const grid = modelGrid(fakeModel(), t, { layer: 1, head: 0 }, null);
    const cells = grid.querySelectorAll('button.model-grid-cell');
    expect(cells).toHaveLength(L * H);
    expect(cells[2]!.textContent).toBe('Layer 2, H1 previous token 0.91');
    expect([...cells].map((c) => c.getAttribute('aria-pressed'))).toEqual([
      'false',
      'false',
      'true',
      'false',
    ]);
  });

  it('updates the same grid in place: matrices, switched-off heads and the pressed head', () => {
    const first = modelGrid(fakeModel(), t, { layer: 0, head: 0 }, null);
    const before = corners(first);
    const canvases = [...first.querySelectorAll('canvas')];
    const other = fakeModel([1, 0, 1, 1]);
    for (const a of other.attention) a.reverse();
    const second = modelGrid(other, t, { layer: 0, head: 1 }, null, first);
    expect(second).toBe(first);
    expect([...second.querySelectorAll('canvas')]).toEqual(canvases);
    expect(corners(second)).not.toEqual(before);
    const cells = second.querySelectorAll('button.model-grid-cell');
    expect(cells[1]!.classList.contains('off')).toBe(true);
    expect(cells[0]!.classList.contains('off')).toBe(false);
    expect(cells[1]!.getAttribute('aria-pressed')).toBe('true');
    expect(cells[0]!.getAttribute('aria-pressed')).toBe('false');
  });

  it('builds a new grid when the labels change (another model)', () => {
    const first = modelGrid(fakeModel(), t, { layer: 0, head: 0 }, null);
    const second = modelGrid(
      fakeModel(undefined, 'next token'),
      t,
      { layer: 0, head: 0 },
      null,
      first,
    );
    expect(second).not.toBe(first);
    expect(second.querySelectorAll('button')[2]!.textContent).toBe('Layer 2, H1 next token 0.91');
  });
});
