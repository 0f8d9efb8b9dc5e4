// Text and image inputs and the attribution outputs through the public API, against values
// worked out here (positions from the formula, hand-made images, norms from the reference).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHeadscope, type Headscope } from 'headscope';
import { maxAbsDiff, randomArray, referenceForward } from '../reference.js';

let hs: Headscope;
beforeAll(async () => {
  hs = await loadHeadscope();
});

const pe = (p: number, i: number, d: number) => {
  const angle = p / Math.pow(10000, (2 * Math.floor(i / 2)) / d);
  return i % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
};

describe('tokenize', () => {
  it('splits words and punctuation and keeps non-ASCII words whole', () => {
    expect(hs.tokenize("Apple released a new phone because it's tasty!").tokens).toEqual([
      'Apple',
      'released',
      'a',
      'new',
      'phone',
      'because',
      "it's",
      'tasty',
      '!',
    ]);
    expect(hs.tokenize('naïve 東京 👍🏽, ok').tokens).toEqual(['naïve', '東京', '👍🏽', ',', 'ok']);
  });

  it('caps the tokens and reports the total', () => {
    const t = hs.tokenize('word '.repeat(2000), 128);
    expect(t.tokens.length).toBe(128);
    expect(t.total).toBe(2000);
  });
});

describe('embedTokens', () => {
  it('gives equal words equal vectors apart from the position', () => {
    const d = 5;
    const x = hs.embedTokens(['The', 'cat', 'the'], d, 3);
    for (let i = 0; i < d; i++)
      expect(x[2 * d + i]! - pe(2, i, d)).toBeCloseTo(x[i]! - pe(0, i, d), 5);
    expect(x).toEqual(hs.embedTokens(['The', 'cat', 'the'], d, 3));
    expect(x).not.toEqual(hs.embedTokens(['The', 'cat', 'the'], d, 4));
  });
});

describe('patchify and embedPatches', () => {
  it('cuts a hand-made image into row-major patches', () => {
    // 3 x 2 pixels, patch 1: pixel (x, y) has r = 10x, g = 100y, b = 0.
    const data = new Uint8ClampedArray(3 * 2 * 4);
    for (let y = 0; y < 2; y++)
      for (let x = 0; x < 3; x++) data.set([10 * x, 100 * y, 0, 255], (y * 3 + x) * 4);
    const p = hs.patchify({ data, width: 3, height: 2 }, 1);
    expect([p.gridW, p.gridH, p.patchDim]).toEqual([3, 2, 3]);
    const s = (b: number) => b / 127.5 - 1;
    expect(maxAbsDiff(p.values.subarray(15, 18), [s(20), s(100), s(0)])).toBeLessThan(1e-6);
  });

  it('embeds zero patches as pure 2-D positions', () => {
    const p = { values: new Float32Array(6 * 3), gridW: 3, gridH: 2, patchDim: 3 };
    const x = hs.embedPatches(p, 8, 1);
    for (let n = 0; n < 6; n++)
      for (let i = 0; i < 8; i++) {
        const expected = i < 4 ? pe(Math.floor(n / 3), i, 4) : pe(n % 3, i - 4, 4);
        expect(x[n * 8 + i]).toBeCloseTo(expected, 5);
      }
  });
});

describe('attribution', () => {
  it('contribution norms match the reference; fused rows sum to 1 and follow the gates', () => {
    const d = 12,
      H = 3,
      t = 5;
    const mha = new hs.MultiHeadAttention({ dModel: d, numHeads: H, seed: 2 });
    const x = randomArray(t * d, 7);
    const gates = [1, 0, 1];
    const r = mha.forward(x, t, { headGates: gates, attribution: true });
    const ref = referenceForward(
      { dModel: d, numHeads: H, numKvHeads: H, headDim: 4, causal: false, scale: true },
      mha.getWeights(),
      x,
      t,
      { gates },
    );
    for (let h = 0; h < H; h++)
      for (let i = 0; i < t; i++) {
        let s = 0;
        for (let o = 0; o < d; o++) s += ref.contributions[(h * t + i) * d + o]! ** 2;
        expect(r.contributionNorms![h * t + i]).toBeCloseTo(Math.sqrt(s), 4);
      }
    for (let i = 0; i < t; i++) {
      const row = r.fusedAttribution!.subarray(i * t, i * t + t);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    const all = mha.forward(x, t, { attribution: true });
    expect(maxAbsDiff(all.fusedAttribution!, r.fusedAttribution!)).toBeGreaterThan(1e-3);
    expect(mha.forward(x, t).fusedAttribution).toBeUndefined();
    mha.dispose();
  });
});

describe('input errors', () => {
  const cases: [string, (hs: Headscope) => unknown, string][] = [
    ['a non-string text', (m) => m.tokenize(5 as never), 'text must be a string, got number'],
    ['maxTokens 0', (m) => m.tokenize('a', 0), 'max_tokens 0 must be at least 1'],
    ['no tokens', (m) => m.embedTokens([], 8), 'there are no tokens to embed; type some text'],
    [
      'a non-string token',
      (m) => m.embedTokens(['a', 3 as never], 8),
      'tokens[1] must be a string',
    ],
    ['a bad seed', (m) => m.embedTokens(['a'], 8, -2), 'seed -2 must be an integer'],
    [
      'a short pixel buffer',
      (m) => m.patchify({ data: new Uint8Array(10), width: 2, height: 2 }, 1),
      'image data has 10 bytes, expected width 2 x height 2 x 4 = 16',
    ],
    [
      'pixels in a plain array',
      (m) => m.patchify({ data: [1, 2, 3, 4] as never, width: 1, height: 1 }, 1),
      'rgba must be a Uint8Array or Uint8ClampedArray, got Array',
    ],
    [
      'a patch larger than the image',
      (m) => m.patchify({ data: new Uint8Array(16), width: 2, height: 2 }, 3),
      'patch_size 3 is larger than the image (2 x 2)',
    ],
  ];
  for (const [name, call, message] of cases)
    it(`rejects ${name} with an Error and keeps working`, () => {
      expect(() => call(hs)).toThrow(message);
      expect(hs.tokenize('still fine').tokens).toEqual(['still', 'fine']);
    });
});
