// The benchmark's sizes, inputs and timing, shared by every implementation.
//   FLOPs per forward: 8·t·d² (the four projections) + 4·t²·d (QKᵀ and AV).

/** (t, d_model, heads): from a toy layer to ViT-Tiny (197, 192, 3) and BERT-base width. */
export const SIZES = [
  [16, 64, 4],
  [64, 128, 8],
  [197, 192, 3],
  [256, 512, 8],
  [512, 768, 12],
];

export const flops = (t, d) => 8 * t * d * d + 4 * t * t * d;

/** Deterministic values in [-scale, scale): the same inputs for every implementation. */
function values(n, seed, scale) {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 2 * scale;
  }
  return out;
}

/** One size's inputs: x [t, d] and PyTorch-layout weights [out, in] with biases. */
export function makeCase([t, d, heads]) {
  const a = Math.sqrt(3 / d); // Xavier-like: keeps the scores in a realistic range
  const w = {};
  ['wq', 'wk', 'wv', 'wo'].forEach((k, i) => (w[k] = values(d * d, 11 + i, a)));
  ['bq', 'bk', 'bv', 'bo'].forEach((k, i) => (w[k] = values(d, 21 + i, 0.1)));
  return { t, d, heads, x: values(t * d, 7, 1), w };
}

/**
 * Median milliseconds of `run` (sync or async) after warm-up, which lasts at least 5 runs (2 when
 * one run takes over a tenth of the budget) and a fifth of the budget, so V8 has tiered up the
 * hot wasm and JS functions before timing starts; then at least 20 runs (5 when slow), and more
 * until `budgetMs` has passed (at most 2000).
 * Returns { ms, runs, output } (output of the last run).
 */
export async function timeRuns(run, budgetMs = 1500) {
  let output;
  const w0 = performance.now();
  output = await run();
  const slow = performance.now() - w0 > budgetMs / 10;
  for (let i = 1; i < (slow ? 2 : 5) || performance.now() - w0 < budgetMs / 5; i++)
    output = await run();
  const minRuns = slow ? 5 : 20;
  const times = [];
  const start = performance.now();
  while (times.length < minRuns || (performance.now() - start < budgetMs && times.length < 2000)) {
    const t0 = performance.now();
    output = await run();
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  return { ms: times[Math.floor(times.length / 2)], runs: times.length, output };
}

/** Largest |a − b| over the largest |b|: how far an output is from the reference output. */
export function relativeDiff(a, b) {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return a.length === b.length ? diff / (scale || 1) : Infinity;
}
