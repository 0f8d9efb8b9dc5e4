// The JS API in Node against the plain-JS reference.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHeadscope, type Headscope } from 'headscope';
import { maxAbsDiff, randomArray, referenceForward } from '../reference.js';

let hs: Headscope;
beforeAll(async () => {
  hs = await loadHeadscope();
});

function weightsFor(d: number, H: number, KV: number, hd: number, seed: number) {
  return {
    wq: randomArray(H * hd * d, seed + 1, 0.5),
    wk: randomArray(KV * hd * d, seed + 2, 0.5),
    wv: randomArray(KV * hd * d, seed + 3, 0.5),
    wo: randomArray(d * H * hd, seed + 4, 0.5),
    bq: randomArray(H * hd, seed + 5, 0.5),
    bk: randomArray(KV * hd, seed + 6, 0.5),
    bv: randomArray(KV * hd, seed + 7, 0.5),
    bo: randomArray(d, seed + 8, 0.5),
  };
}

describe('loading', () => {
  it('runs on WebAssembly SIMD128', () => {
    expect(hs.simdArch()).toBe('wasm');
    expect(hs.heapBytes()).toBeGreaterThan(0);
  });

  it('returns the same module on every call', async () => {
    expect(await loadHeadscope()).toBe(hs);
  });
});

describe('forward', () => {
  const cases = [
    { d: 8, H: 2, KV: 2, t: 5, causal: false },
    { d: 12, H: 4, KV: 2, t: 3, causal: true }, // GQA
    { d: 10, H: 5, KV: 1, t: 17, causal: false }, // MQA, head_dim 2
    { d: 3, H: 1, KV: 1, t: 1, causal: false },
  ];
  for (const { d, H, KV, t, causal } of cases) {
    it(`matches the reference: d_model ${d}, ${H} heads, ${KV} kv heads, t ${t}`, () => {
      const hd = d / H;
      const mha = new hs.MultiHeadAttention({ dModel: d, numHeads: H, numKvHeads: KV, causal });
      const w = weightsFor(d, H, KV, hd, d + H);
      mha.setWeights(w);
      const x = randomArray(t * d, 99);
      const r = mha.forward(x, t);
      const ref = referenceForward(
        { dModel: d, numHeads: H, numKvHeads: KV, headDim: hd, causal, scale: true },
        w,
        x,
        t,
      );
      expect(r.attention).toHaveLength(H * t * t);
      expect(r.output).toHaveLength(t * d);
      expect(maxAbsDiff(r.attention, ref.attention)).toBeLessThan(1e-5);
      expect(maxAbsDiff(r.output, ref.output)).toBeLessThan(1e-4);
      expect(maxAbsDiff(r.contributions, ref.contributions)).toBeLessThan(1e-4);
      expect(maxAbsDiff(mha.output(x, t), ref.output)).toBeLessThan(1e-4);
      mha.dispose();
    });
  }

  it('does cross-attention with padding and gates', () => {
    const d = 8,
      H = 2;
    const mha = new hs.MultiHeadAttention({ dModel: d, numHeads: H });
    const w = weightsFor(d, H, H, 4, 3);
    mha.setWeights(w);
    const x = randomArray(3 * d, 1),
      kv = randomArray(4 * d, 2);
    const pad = [false, true, false, false];
    const r = mha.forward(x, 3, { kv, kvLen: 4, keyPaddingMask: pad, headGates: [1, 0.25] });
    const ref = referenceForward(
      { dModel: d, numHeads: H, numKvHeads: H, headDim: 4, causal: false, scale: true },
      w,
      x,
      3,
      { kv, kvLen: 4, pad, gates: [1, 0.25] },
    );
    expect(r.tK).toBe(4);
    expect(maxAbsDiff(r.attention, ref.attention)).toBeLessThan(1e-5);
    expect(maxAbsDiff(r.output, ref.output)).toBeLessThan(1e-4);
    const out = mha.output(x, 3, { kv, kvLen: 4, keyPaddingMask: pad, headGates: [1, 0.25] });
    expect(maxAbsDiff(out, ref.output)).toBeLessThan(1e-4);
    mha.dispose();
  });

  it('returns arrays JS owns, untouched by later calls', () => {
    const mha = new hs.MultiHeadAttention({ dModel: 4, numHeads: 2, seed: 3 });
    const first = mha.forward(randomArray(8, 1), 2);
    const kept = Array.from(first.output);
    mha.forward(randomArray(40, 2), 10);
    expect(Array.from(first.output)).toEqual(kept);
    expect(first.output.buffer).not.toBe(first.attention.buffer);
    mha.dispose();
  });

  it('output() gives forward().output alone (up to rounding), as an array JS owns', () => {
    const mha = new hs.MultiHeadAttention({ dModel: 12, numHeads: 3, seed: 5 });
    const x = randomArray(5 * 12, 4);
    const gates = { headGates: [1, 0, 0.5] };
    const out = mha.output(x, 5, gates);
    expect(out).toHaveLength(5 * 12);
    expect(maxAbsDiff(out, mha.forward(x, 5, gates).output)).toBeLessThan(1e-5);
    const kept = Array.from(out);
    mha.output(randomArray(3 * 12, 6), 3);
    expect(Array.from(out)).toEqual(kept);
    expect(() => mha.output(new Float32Array(7), 1)).toThrow('x_q has 7 values');
    mha.dispose();
    expect(() => mha.output(x, 5)).toThrow(/disposed/);
  });

  it('gives the same initial weights for the same seed', () => {
    const a = new hs.MultiHeadAttention({ dModel: 8, numHeads: 2, seed: 42 });
    const b = new hs.MultiHeadAttention({ dModel: 8, numHeads: 2, seed: 42 });
    const c = new hs.MultiHeadAttention({ dModel: 8, numHeads: 2, seed: 43 });
    expect(a.getWeights().wq).toEqual(b.getWeights().wq);
    expect(a.getWeights().wq).not.toEqual(c.getWeights().wq);
    [a, b, c].forEach((m) => m.dispose());
  });
});

describe('errors', () => {
  it('names the value and the rule, and the module stays usable', () => {
    expect(() => new hs.MultiHeadAttention({ dModel: 10, numHeads: 3 })).toThrow(
      'd_model 10 is not divisible by num_heads 3',
    );
    expect(() => new hs.MultiHeadAttention({ dModel: 16, numHeads: 8, numKvHeads: 3 })).toThrow(
      'num_kv_heads 3 must divide num_heads 8',
    );
    const mha = new hs.MultiHeadAttention({ dModel: 4, numHeads: 2 });
    expect(() => mha.forward(new Float32Array(7), 2)).toThrow(
      'x_q has 7 values, expected t_q 2 x d_model 4 = 8',
    );
    expect(() => mha.forward([1, 2, 3, NaN], 1)).toThrow('x_q[3] is nan');
    const w = mha.getWeights();
    expect(() => mha.setWeights({ ...w, wq: new Float32Array(3) })).toThrow('w_q has 3 values');
    expect(mha.getWeights().wq).toEqual(w.wq);
    expect(mha.forward(randomArray(8, 5), 2).output.every(Number.isFinite)).toBe(true);
    mha.dispose();
  });

  it('throws a clear Error after dispose', () => {
    const mha = new hs.MultiHeadAttention({ dModel: 4, numHeads: 1 });
    mha.dispose();
    mha.dispose();
    expect(() => mha.forward(new Float32Array(4), 1)).toThrow(/disposed/);
  });
});
