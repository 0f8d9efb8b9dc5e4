// TensorFlow.js on its wasm backend (XNNPACK, single-threaded SIMD binary in Node): the forward
// written with tf ops. Weights are uploaded once; each run uploads x and reads the output back.
//
// The wasm backend sends a matMul to XNNPACK only when it is 2-D (batch 1) with neither operand
// transposed; anything else (transposeB, batched heads) takes a scalar blocked loop. So weights
// are stored as Wᵀ [in, out] (the layout of tf.layers' Dense kernels) and projected with
// tf.fused.matMul + bias (as tf.layers does); the heads are batched as [heads, t, hd].
// create(c, { perHead: true }) instead runs each head as 2-D matMuls, which all reach XNNPACK.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount, setWasmPaths, getThreadsCount } from '@tensorflow/tfjs-backend-wasm';

export const name = 'tfjs-wasm';

let ready;
async function init() {
  const pkg = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json');
  setWasmPaths(join(dirname(pkg), 'dist') + '/');
  // Node has no threaded build (WASM_HAS_MULTITHREAD_SUPPORT is false there); ask for 1 anyway.
  setThreadsCount(1);
  if (!(await tf.setBackend('wasm')) || tf.getBackend() !== 'wasm') {
    throw new Error(`tfjs backend is '${tf.getBackend()}', not 'wasm'`);
  }
  if (!(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))) throw new Error('tfjs-wasm: no SIMD');
  if (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) {
    throw new Error('tfjs-wasm: threaded build selected');
  }
  return getThreadsCount();
}

/** W [out, in] → Wᵀ [in, out]. */
function transposed(w, d) {
  const out = new Float32Array(d * d);
  for (let o = 0; o < d; o++) for (let i = 0; i < d; i++) out[i * d + o] = w[o * d + i];
  return out;
}

export async function create({ t, d, heads, x, w }, { perHead = false } = {}) {
  ready ??= init();
  const threads = await ready;
  const hd = d / heads;
  const p = {};
  for (const k of ['wq', 'wk', 'wv', 'wo']) p[k] = tf.tensor2d(transposed(w[k], d), [d, d]);
  for (const k of ['bq', 'bk', 'bv', 'bo']) p[k] = tf.tensor1d(w[k]);
  const scale = tf.scalar(1 / Math.sqrt(hd));

  const linear = (a, wt, bias) => tf.fused.matMul({ a, b: wt, bias });
  // [t, d] → [t, heads, hd] → permuted
  const split = (a, perm) => tf.transpose(tf.reshape(a, [t, heads, hd]), perm);

  const batched = (q, k, v) => {
    // transposeB: the scalar batched loop then reads both operands contiguously
    const s = tf.matMul(split(q, [1, 0, 2]), split(k, [1, 0, 2]), false, true); // [heads, t, t]
    const a = tf.softmax(tf.mul(s, scale));
    const ctx = tf.matMul(a, split(v, [1, 0, 2])); // [heads, t, hd]
    return tf.reshape(tf.transpose(ctx, [1, 0, 2]), [t, d]);
  };
  const oneByOne = (q, k, v) => {
    const cols = (a, h) => tf.slice(a, [0, h * hd], [t, hd]);
    const outs = [];
    for (let h = 0; h < heads; h++) {
      const s = tf.matMul(cols(q, h), tf.transpose(cols(k, h))); // [t, t]
      outs.push(tf.matMul(tf.softmax(tf.mul(s, scale)), cols(v, h)));
    }
    return tf.concat(outs, 1);
  };
  const attend = perHead ? oneByOne : batched;

  const forward = () =>
    tf.tidy(() => {
      const xt = tf.tensor2d(x, [t, d]);
      const ctx = attend(linear(xt, p.wq, p.bq), linear(xt, p.wk, p.bk), linear(xt, p.wv, p.bv));
      return linear(ctx, p.wo, p.bo);
    });

  return {
    run() {
      const y = forward();
      const out = y.dataSync();
      y.dispose();
      return out;
    },
    dispose() {
      for (const k in p) p[k].dispose();
      scale.dispose();
    },
    threads,
  };
}
