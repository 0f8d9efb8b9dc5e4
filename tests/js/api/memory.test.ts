// Memory: results are JS-owned copies, repeated forwards do not grow the wasm heap, and the
// heap's bytes in use rise and fall with what is alive.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHeadscope, type Headscope } from 'headscope';
import { randomArray } from '../reference.js';

let hs: Headscope;
beforeAll(async () => {
  hs = await loadHeadscope();
});

describe('memory', () => {
  it('10,000 forwards do not grow the wasm heap', () => {
    const mha = new hs.MultiHeadAttention({ dModel: 32, numHeads: 4, seed: 1 });
    const x = randomArray(12 * 32, 1);
    const kv = randomArray(7 * 32, 2);
    // Warm up with the largest shapes used below, so the heap reaches its working size.
    mha.forward(x, 12);
    mha.forward(x, 12, { kv, kvLen: 7, headGates: [1, 0, 1, 0.5] });
    const before = hs.heapBytes();
    let checksum = 0;
    for (let i = 0; i < 10_000; i++) {
      const r =
        i % 2 === 0
          ? mha.forward(x, 12)
          : mha.forward(x.subarray(0, (1 + (i % 12)) * 32), 1 + (i % 12), {
              kv,
              kvLen: 7,
              headGates: [1, 0, 1, 0.5],
            });
      checksum += r.output[0]!;
    }
    expect(Number.isFinite(checksum)).toBe(true);
    expect(hs.heapBytes()).toBe(before);
    mha.dispose();
  });

  it('creating and disposing layers does not grow the heap', () => {
    const make = () => new hs.MultiHeadAttention({ dModel: 64, numHeads: 8, seed: 2 });
    make().dispose();
    const before = hs.heapBytes();
    for (let i = 0; i < 500; i++) {
      const m = make();
      m.forward(randomArray(4 * 64, i), 4);
      m.dispose();
    }
    expect(hs.heapBytes()).toBe(before);
  });

  it('heapUsedBytes counts a layer while it lives, and not after dispose', () => {
    const make = () => new hs.MultiHeadAttention({ dModel: 64, numHeads: 8, seed: 3 });
    make().dispose(); // warm-up: allocations that stay (embind's type records)
    const before = hs.heapUsedBytes();
    const m = make();
    // Four 64 × 64 float weights and four 64-float biases, at the least.
    const weights = 4 * (64 * 64 + 64) * 4;
    expect(hs.heapUsedBytes() - before).toBeGreaterThanOrEqual(weights);
    expect(hs.heapUsedBytes()).toBeLessThanOrEqual(hs.heapBytes());
    m.dispose();
    expect(hs.heapUsedBytes()).toBe(before);
  });

  it('errors do not leak either', () => {
    const mha = new hs.MultiHeadAttention({ dModel: 8, numHeads: 2 });
    expect(() => mha.forward(new Float32Array(5), 1)).toThrow();
    const before = hs.heapBytes();
    for (let i = 0; i < 2_000; i++) {
      expect(() => mha.forward(new Float32Array(5), 1)).toThrow();
      expect(() => new hs.MultiHeadAttention({ dModel: 10, numHeads: 3 })).toThrow();
    }
    expect(hs.heapBytes()).toBe(before);
    mha.dispose();
  });
});
