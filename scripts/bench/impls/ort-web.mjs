// ONNX Runtime Web (wasm execution provider, one thread, SIMD): the forward as a standard ONNX
// graph (opset 17) built in JS, session created once per size; each run feeds x and reads y back.
// create(c, { fused: true }) instead builds the graph around com.microsoft's Attention contrib op.
import * as ort from 'onnxruntime-web';
import { model, node, tensor, valueInfo } from '../onnx-proto.mjs';

export const name = 'ort-web';

ort.env.wasm.numThreads = 1;
ort.env.wasm.simd = true;
ort.env.logLevel = 'error';

/** W [out, in] → Wᵀ [in, out], so that MatMul(x, Wᵀ) = x·Wᵀ. */
function transposed(w, d) {
  const out = new Float32Array(d * d);
  for (let o = 0; o < d; o++) for (let i = 0; i < d; i++) out[i * d + o] = w[o * d + i];
  return out;
}

/** The forward in standard ONNX ops. */
function standardGraph({ t, d, heads, w }) {
  const hd = d / heads;
  const initializers = [
    ...['q', 'k', 'v', 'o'].map((p) => tensor(`W${p}T`, [d, d], transposed(w[`w${p}`], d))),
    ...['q', 'k', 'v', 'o'].map((p) => tensor(`b${p}`, [d], w[`b${p}`])),
    tensor('heads_shape', [3], [t, heads, hd]),
    tensor('flat_shape', [2], [t, d]),
    tensor('scale', [], Float32Array.of(1 / Math.sqrt(hd))),
  ];
  const project = (p, perm) => [
    node('MatMul', ['x', `W${p}T`], [`${p}0`]),
    node('Add', [`${p}0`, `b${p}`], [`${p}1`]),
    node('Reshape', [`${p}1`, 'heads_shape'], [`${p}2`]), // [t, heads, hd]
    node('Transpose', [`${p}2`], [`${p}h`], { perm }),
  ];
  const nodes = [
    ...project('q', [1, 0, 2]), // [heads, t, hd]
    ...project('k', [1, 2, 0]), // [heads, hd, t]: kᵀ per head
    ...project('v', [1, 0, 2]),
    node('MatMul', ['qh', 'kh'], ['s0']), // [heads, t, t]
    node('Mul', ['s0', 'scale'], ['s1']),
    node('Softmax', ['s1'], ['a'], { axis: -1 }),
    node('MatMul', ['a', 'vh'], ['c0']), // [heads, t, hd]
    node('Transpose', ['c0'], ['c1'], { perm: [1, 0, 2] }),
    node('Reshape', ['c1', 'flat_shape'], ['c2']),
    node('MatMul', ['c2', 'WoT'], ['y0']),
    node('Add', ['y0', 'bo'], ['y']),
  ];
  return model({
    nodes,
    initializers,
    inputs: [valueInfo('x', [t, d])],
    outputs: [valueInfo('y', [t, d])],
  });
}

/** The forward around com.microsoft Attention (packed QKV projection + attention in one op). */
function fusedGraph({ t, d, heads, w }) {
  const wqkv = new Float32Array(d * 3 * d); // [in, 3·d]: columns Q | K | V
  ['wq', 'wk', 'wv'].forEach((k, p) => {
    for (let o = 0; o < d; o++)
      for (let i = 0; i < d; i++) wqkv[i * 3 * d + p * d + o] = w[k][o * d + i];
  });
  const bqkv = new Float32Array(3 * d);
  bqkv.set(w.bq, 0);
  bqkv.set(w.bk, d);
  bqkv.set(w.bv, 2 * d);
  return model({
    nodes: [
      node('Reshape', ['x', 'batched_shape'], ['x3']),
      node('Attention', ['x3', 'Wqkv', 'bqkv'], ['c0'], { num_heads: heads }, 'com.microsoft'),
      node('Reshape', ['c0', 'flat_shape'], ['c1']),
      node('MatMul', ['c1', 'WoT'], ['y0']),
      node('Add', ['y0', 'bo'], ['y']),
    ],
    initializers: [
      tensor('Wqkv', [d, 3 * d], wqkv),
      tensor('bqkv', [3 * d], bqkv),
      tensor('WoT', [d, d], transposed(w.wo, d)),
      tensor('bo', [d], w.bo),
      tensor('batched_shape', [3], [1, t, d]),
      tensor('flat_shape', [2], [t, d]),
    ],
    inputs: [valueInfo('x', [t, d])],
    outputs: [valueInfo('y', [t, d])],
    opsets: [
      ['', 17],
      ['com.microsoft', 1],
    ],
  });
}

export async function create(c, { fused = false } = {}) {
  const session = await ort.InferenceSession.create((fused ? fusedGraph : standardGraph)(c), {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
  });
  const { t, d, x } = c;
  return {
    async run() {
      const feeds = { x: new ort.Tensor('float32', x, [t, d]) };
      const { y } = await session.run(feeds);
      const out = y.data;
      y.dispose();
      return out;
    },
    dispose: () => session.release(),
  };
}
