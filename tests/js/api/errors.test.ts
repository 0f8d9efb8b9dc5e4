// Bad input of every kind: a JS Error naming the problem, and a module that keeps working.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHeadscope, type Headscope, type MultiHeadAttention } from 'headscope';
import { randomArray } from '../reference.js';

let hs: Headscope;
beforeAll(async () => {
  hs = await loadHeadscope();
});

function stillWorks(mha: MultiHeadAttention): void {
  const d = mha.config.dModel;
  const r = mha.forward(randomArray(2 * d, 3), 2);
  expect(r.output.every(Number.isFinite)).toBe(true);
}

describe('config errors', () => {
  const cases: [object, string][] = [
    [{ dModel: 10, numHeads: 3 }, 'd_model 10 is not divisible by num_heads 3'],
    [{ dModel: 16, numHeads: 8, numKvHeads: 3 }, 'num_kv_heads 3 must divide num_heads 8'],
    [{ dModel: 8, numHeads: 0 }, 'num_heads 0 must be at least 1'],
    [{ dModel: -1 }, 'd_model -1 must be at least 1'],
    [{ dModel: 8, numHeads: 100000 }, 'num_heads 100000 exceeds the limit of 512'],
    [{ dModel: 2.5 }, 'dModel 2.5 must be an integer'],
    [{ dModel: '8' }, "dModel must be an integer, got '8'"],
    [{ dModel: 8, causal: 'yes' }, "causal must be true or false, got 'yes'"],
    [
      { dModel: 8, numHeads: 2, headTemperatures: [1, 0] },
      'head_temperatures[1] 0 must be positive and finite',
    ],
    [{ dModel: 8, numHeads: 2, headWindows: [1] }, 'head_windows has 1 values but num_heads is 2'],
    [{ dModel: 8, init: 'uniform' }, "init 'uniform' must be one of xavier_uniform, normal, zeros"],
    [{ dModel: 8, seed: -1 }, 'seed -1 must be an integer from 0 to 2^53 - 1'],
  ];
  for (const [config, message] of cases) {
    it(`rejects ${JSON.stringify(config)}`, () => {
      expect(() => new hs.MultiHeadAttention(config as never)).toThrow(message);
    });
  }

  it('rejects a missing config', () => {
    expect(() => new hs.MultiHeadAttention(undefined as never)).toThrow('config must be an object');
  });
});

describe('input errors', () => {
  it('wrong lengths, NaN and Infinity name the array and index', () => {
    const mha = new hs.MultiHeadAttention({ dModel: 4, numHeads: 2, seed: 1 });
    expect(() => mha.forward(new Float32Array(7), 2)).toThrow(
      'x_q has 7 values, expected t_q 2 x d_model 4 = 8',
    );
    expect(() => mha.forward(new Float32Array(8), 0)).toThrow('t_q 0 must be at least 1');
    expect(() => mha.forward([0, 0, Infinity, 0], 1)).toThrow('x_q[2] is inf');
    expect(() => mha.forward([0, 0, 0, 0], 1, { kv: [1, 2, 3], kvLen: 1 })).toThrow(
      'x_kv has 3 values, expected t_k 1 x d_model 4 = 4',
    );
    expect(() => mha.forward([0, 0, 0, 0], 1, { headGates: [1, 2] })).toThrow(
      'head_gates[1] 2 must be in [0, 1]',
    );
    expect(() => mha.forward([0, 0, 0, 0], 1, { keyPaddingMask: [true, false] })).toThrow(
      'key_padding_mask has 2 values, expected t_k 1',
    );
    expect(() => mha.forward('abcd' as never, 1)).toThrow(
      'x must be a Float32Array or an array of numbers',
    );
    expect(() => mha.forward(['a', 1, 2, 3] as never, 1)).toThrow('x_q[0] is nan');
    stillWorks(mha);
    mha.dispose();
  });

  it('bad weights are rejected and the old ones kept', () => {
    const mha = new hs.MultiHeadAttention({ dModel: 4, numHeads: 2, numKvHeads: 1, seed: 1 });
    const w = mha.getWeights();
    expect(w.wk).toHaveLength(2 * 4); // [numKvHeads * headDim, dModel]
    const nan = Float32Array.from(w.wo);
    nan[3] = NaN;
    expect(() => mha.setWeights({ ...w, wo: nan })).toThrow('w_o[3] is nan');
    const inf = Float32Array.from(w.bq!);
    inf[0] = -Infinity;
    expect(() => mha.setWeights({ ...w, bq: inf })).toThrow('b_q[0] is -inf');
    expect(() => mha.setWeights({ ...w, wk: new Float32Array(16) })).toThrow(
      'w_k has 16 values, expected 8 (num_kv_heads*head_dim x d_model)',
    );
    const { bo: _bo, ...noBo } = w;
    expect(() => mha.setWeights(noBo)).toThrow('weights.bo is missing');
    expect(mha.getWeights()).toEqual(w);
    stillWorks(mha);
    mha.dispose();
  });

  it('a layer without bias takes and returns no biases', () => {
    const mha = new hs.MultiHeadAttention({ dModel: 4, numHeads: 1, bias: false, seed: 1 });
    const w = mha.getWeights();
    expect(w.bq).toBeUndefined();
    expect(() => mha.setWeights({ ...w, bo: new Float32Array(4) })).toThrow(
      'b_o has 4 values, expected 0 (empty: bias is off)',
    );
    mha.setWeights(w);
    stillWorks(mha);
    mha.dispose();
  });

  it('overflow is an Error, not NaN', () => {
    const mha = new hs.MultiHeadAttention({ dModel: 2, numHeads: 1, bias: false });
    const big = new Float32Array([1e20, 0, 0, 1e20]);
    mha.setWeights({ wq: big, wk: big, wv: big, wo: big });
    expect(() => mha.forward([1e10, 1e10, 1e10, 1e10], 2)).toThrow(/not finite/);
    mha.setWeights({ wq: new Float32Array(4), wk: big, wv: new Float32Array(4), wo: big });
    stillWorks(mha);
    mha.dispose();
  });
});

describe('dispose', () => {
  it('every method throws a clear Error afterwards; dispose twice is fine', () => {
    const mha = new hs.MultiHeadAttention({ dModel: 4, numHeads: 1 });
    mha.dispose();
    mha.dispose();
    const message = 'this MultiHeadAttention was disposed; create a new one';
    expect(() => mha.forward(new Float32Array(4), 1)).toThrow(message);
    expect(() => mha.getWeights()).toThrow(message);
    expect(() => mha.setWeights({} as never)).toThrow(message);
    expect(() => mha.config).toThrow(message);
  });

  it('supports Symbol.dispose for `using`', () => {
    const mha = new hs.MultiHeadAttention({ dModel: 4, numHeads: 1 });
    const dispose = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose');
    (mha as unknown as Record<symbol, () => void>)[dispose]!();
    expect(() => mha.forward(new Float32Array(4), 1)).toThrow(/disposed/);
  });
});
