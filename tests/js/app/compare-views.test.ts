// The "One head or many" section's drawing (web/app/compare/panel.ts) on a hand-built scene, in
// Chromium: the one head's map and one small map per head of the other model, the numbers with
// their exact values, and the sentence saying which model measured better.
import { describe, expect, it } from 'vitest';
import { renderCompare } from '../../../web/app/compare/panel.js';
import { TEXT_DESCRIPTOR } from './descriptors.js';
import type { Comparison, Scene } from '../../../web/app/scene.js';

const tokens = ['[CLS]', 'the', 'cat', '[MASK]', '[SEP]'];
const t = tokens.length;
const H = 4;
/** Uniform attention over the t keys for `heads` heads. */
const uniform = (heads: number) => new Float32Array(heads * t * t).fill(1 / t);
const evaluation = (loss: number, accuracy: number, scored: number) => ({ loss, accuracy, scored });

function fakeScene(gates = [1, 1, 1, 1, 1, 1, 1, 1]): Scene {
  const guesses = tokens.map(() => [
    { label: 'sat', p: 0.6 },
    { label: 'ran', p: 0.3 },
    { label: 'is', p: 0.05 },
    { label: 'was', p: 0.01 },
  ]);
  return {
    kind: 'text',
    tokens,
    total: 3,
    config: { numHeads: H, headDim: 16, dModel: 64 },
    gates: gates.slice(H),
    result: { tQ: t, tK: t },
    model: {
      kind: 'text',
      descriptor: TEXT_DESCRIPTOR,
      weights: 'trained',
      layer: 1,
      numLayers: 2,
      attention: [uniform(H), uniform(H)],
      gates,
      heads: [
        {
          layer: 1,
          head: 2,
          label: 'previous token',
          score: { 'previous token': 0.91 },
          chance: {},
        },
      ],
      guesses,
    },
  } as unknown as Scene;
}

function comparison(manyLoss: number, oneLoss: number): Comparison {
  return {
    many: { current: evaluation(1.5, 0.5, 2), heldOut: evaluation(manyLoss, 0.75, 100) },
    one: {
      numHeads: 1,
      headDim: 64,
      layer: 1,
      attention: uniform(1),
      guesses: fakeScene().model!.guesses,
      heads: [],
      current: evaluation(2.5, 0, 2),
      heldOut: evaluation(oneLoss, 0.5, 100),
    },
    ms: 12,
  };
}

const value = (box: Element, name: string) =>
  Number(box.querySelector(`[data-figure="${name}"]`)!.getAttribute('data-value'));

describe('renderCompare', () => {
  it('draws the one head’s t × t map beside one map per head, with both models’ numbers', () => {
    const box = document.createElement('div');
    renderCompare(box, fakeScene(), comparison(0.8, 1.2), { head: 0, token: 3 }, false);
    const one = box.querySelector('[data-side="one"]')!;
    const many = box.querySelector('[data-side="many"]')!;
    expect(one.querySelector('h3')!.textContent).toBe('1 head (width 64)');
    expect(many.querySelector('h3')!.textContent).toBe('4 heads (width 16 each)');
    expect(one.querySelectorAll('rect[data-row]')).toHaveLength(t * t);
    expect(one.querySelector('figcaption')!.textContent).toContain('no clear job');
    expect(many.querySelectorAll('canvas')).toHaveLength(H);
    expect([...many.querySelectorAll('[data-head]')].map((c) => c.textContent)).toEqual([
      'H1',
      'H2',
      'H3 · previous token 0.91',
      'H4',
    ]);
    expect(value(box, 'one-heldout-loss')).toBe(1.2);
    expect(value(box, 'many-heldout-loss')).toBe(0.8);
    expect(value(box, 'many-current-scored')).toBe(2);
    expect(one.querySelector('.guesses figcaption')!.textContent).toBe(
      'Its guesses at the [MASK]:',
    );
    expect(one.querySelectorAll('.guesses li')).toHaveLength(3);
    expect(box.querySelector('.compare-verdict')!.textContent).toBe(
      'Measured here, held out: the 4-head model has the lower loss (0.800 against 1.20) and the higher accuracy (75.0% against 50.0%).',
    );
  });

  it('names the one-head model when it measures better, and says when they tie', () => {
    const box = document.createElement('div');
    renderCompare(box, fakeScene(), comparison(1.2, 0.8), { head: 0, token: 1 }, false);
    expect(box.querySelector('.compare-verdict')!.textContent).toContain(
      'the 1-head model has the lower loss (0.800 against 1.20) and the lower accuracy',
    );
    const tie = comparison(1, 1);
    tie.one.heldOut.accuracy = tie.many.heldOut.accuracy;
    renderCompare(box, fakeScene(), tie, { head: 0, token: 1 }, false);
    expect(box.querySelector('.compare-verdict')!.textContent).toContain('both models score');
  });

  it('says heads are off, fades an earlier input, and shows a failure as a sentence', () => {
    const box = document.createElement('div');
    const gated = fakeScene([1, 1, 1, 1, 1, 0, 0, 1]);
    renderCompare(box, gated, comparison(0.8, 1.2), { head: 0, token: null }, true);
    expect(box.querySelector('[data-side="many"] .compare-numbers')!.textContent).toContain(
      '(2 heads switched off)',
    );
    expect(box.classList.contains('stale')).toBe(true);
    expect(box.textContent).toContain('Measuring this input…');
    renderCompare(box, gated, { error: 'HTTP 404' }, { head: 0, token: null }, false);
    expect(box.classList.contains('stale')).toBe(false);
    expect(box.textContent).toBe('The one-head model could not be run: HTTP 404.');
  });
});
