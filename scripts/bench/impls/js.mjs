// Plain JavaScript: the straightforward Float32Array attention forward a JS developer would write.
// Row-major loops with the innermost loop over the contiguous dimension; no blocking, no SIMD.
export const name = 'js';

/** y [t, n] = x [t, k] · Wᵀ + b, with W in PyTorch layout [n, k]. */
function linear(x, w, b, t, k, n, y) {
  for (let i = 0; i < t; i++) {
    const xi = i * k;
    for (let o = 0; o < n; o++) {
      const wo = o * k;
      let s = 0;
      for (let c = 0; c < k; c++) s += x[xi + c] * w[wo + c];
      y[i * n + o] = s + b[o];
    }
  }
}

export async function create({ t, d, heads, x, w }) {
  const hd = d / heads;
  const scale = 1 / Math.sqrt(hd);
  const q = new Float32Array(t * d);
  const k = new Float32Array(t * d);
  const v = new Float32Array(t * d);
  const ctx = new Float32Array(t * d);
  const row = new Float32Array(t);

  function run() {
    linear(x, w.wq, w.bq, t, d, d, q);
    linear(x, w.wk, w.bk, t, d, d, k);
    linear(x, w.wv, w.bv, t, d, d, v);
    ctx.fill(0);
    for (let h = 0; h < heads; h++) {
      const c0 = h * hd;
      for (let i = 0; i < t; i++) {
        // scores of query i against every key, then a numerically stable softmax
        let max = -Infinity;
        for (let j = 0; j < t; j++) {
          let s = 0;
          for (let c = 0; c < hd; c++) s += q[i * d + c0 + c] * k[j * d + c0 + c];
          s *= scale;
          row[j] = s;
          if (s > max) max = s;
        }
        let sum = 0;
        for (let j = 0; j < t; j++) {
          const e = Math.exp(row[j] - max);
          row[j] = e;
          sum += e;
        }
        const inv = 1 / sum;
        // ctx[i, head h] = Σ_j A[i, j] · v[j, head h]
        const oi = i * d + c0;
        for (let j = 0; j < t; j++) {
          const a = row[j] * inv;
          const vj = j * d + c0;
          for (let c = 0; c < hd; c++) ctx[oi + c] += a * v[vj + c];
        }
      }
    }
    const out = new Float32Array(t * d);
    linear(ctx, w.wo, w.bo, t, d, d, out);
    return out;
  }

  return { run, dispose() {} };
}
