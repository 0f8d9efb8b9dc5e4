// Correctness check of the benchmark's implementations: for each size, every implementation's
// output (and headscope's) against a float64 reference of the attention forward written here.
// Prints max |diff| / max |ref| per implementation and size, and a rough median time per run.
// Exits non-zero if any relative difference exceeds 1e-3.
//   node scripts/bench/check-impls.mjs
import { loadHeadscope } from '../../dist/lib/node.js';
import { SIZES, makeCase } from './cases.mjs';
import * as js from './impls/js.mjs';
import * as tfjsWasm from './impls/tfjs-wasm.mjs';
import * as ortWeb from './impls/ort-web.mjs';

const TOLERANCE = 1e-3;

/** Float64 reference: q,k,v = x·Wᵀ + b; per head softmax(q·kᵀ/√hd)·v; out = concat·Woᵀ + bo. */
function reference({ t, d, heads, x, w }) {
  const hd = d / heads;
  const linear = (a, W, b) => {
    const y = new Float64Array(t * d);
    for (let i = 0; i < t; i++)
      for (let o = 0; o < d; o++) {
        let s = b[o];
        for (let c = 0; c < d; c++) s += a[i * d + c] * W[o * d + c];
        y[i * d + o] = s;
      }
    return y;
  };
  const q = linear(x, w.wq, w.bq);
  const k = linear(x, w.wk, w.bk);
  const v = linear(x, w.wv, w.bv);
  const ctx = new Float64Array(t * d);
  const p = new Float64Array(t);
  for (let h = 0; h < heads; h++)
    for (let i = 0; i < t; i++) {
      for (let j = 0; j < t; j++) {
        let s = 0;
        for (let c = h * hd; c < (h + 1) * hd; c++) s += q[i * d + c] * k[j * d + c];
        p[j] = s / Math.sqrt(hd);
      }
      const max = Math.max(...p);
      let sum = 0;
      for (let j = 0; j < t; j++) sum += p[j] = Math.exp(p[j] - max);
      for (let j = 0; j < t; j++)
        for (let c = h * hd; c < (h + 1) * hd; c++) ctx[i * d + c] += (p[j] / sum) * v[j * d + c];
    }
  return linear(ctx, w.wo, w.bo);
}

/** Rough median ms of `run`: one warm-up, then at least 3 runs and up to ~400 ms. */
async function roughMs(run) {
  await run();
  const times = [];
  const start = performance.now();
  while (times.length < 3 || (performance.now() - start < 400 && times.length < 200)) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

const hs = await loadHeadscope();
const headscope = {
  name: 'headscope',
  async create({ t, d, heads, x, w }) {
    const m = new hs.MultiHeadAttention({ dModel: d, numHeads: heads, seed: 1 });
    m.setWeights(w);
    return { run: () => m.forward(x, t).output, dispose: () => m.dispose() };
  },
};
const ortFused = {
  name: 'ort-web (Attention op)',
  create: (c) => ortWeb.create(c, { fused: true }),
};
const tfjsPerHead = {
  name: 'tfjs-wasm (per head)',
  create: (c) => tfjsWasm.create(c, { perHead: true }),
};
const impls = [headscope, js, tfjsWasm, tfjsPerHead, ortWeb, ortFused];

const rows = [];
let failed = false;
for (const size of SIZES) {
  const c = makeCase(size);
  const ref = reference(c);
  let scale = 0;
  for (const r of ref) scale = Math.max(scale, Math.abs(r));
  for (const impl of impls) {
    let diff;
    let ms = NaN;
    try {
      const inst = await impl.create(c);
      const out = await inst.run();
      diff = 0;
      if (!(out instanceof Float32Array) || out.length !== ref.length) diff = Infinity;
      else for (let i = 0; i < ref.length; i++) diff = Math.max(diff, Math.abs(out[i] - ref[i]));
      diff = Number.isNaN(diff) ? Infinity : diff / scale;
      ms = await roughMs(() => inst.run());
      // A second run must give the same values in a fresh array (no aliasing of wasm memory).
      const again = await inst.run();
      if (again === out || again.some((v, i) => v !== out[i])) diff = Infinity;
      await inst.dispose();
    } catch (e) {
      console.error(`${impl.name} ${size}: ${e.stack ?? e}`);
      diff = Infinity;
    }
    if (!(diff <= TOLERANCE)) failed = true;
    rows.push({ impl: impl.name, size: `(${size.join(', ')})`, diff, ms });
  }
}

const sizes = SIZES.map((s) => `(${s.join(', ')})`);
const print = (title, cell) => {
  console.log(`\n${title}`);
  console.log(['impl'.padEnd(24), ...sizes.map((s) => s.padStart(16))].join(''));
  for (const impl of impls) {
    const cells = sizes.map((s) => cell(rows.find((r) => r.impl === impl.name && r.size === s)));
    console.log([impl.name.padEnd(24), ...cells.map((x) => x.padStart(16))].join(''));
  }
};
print('max |out − ref| / max |ref|', (r) => r.diff.toExponential(2));
print('rough median ms per run (noisy)', (r) => r.ms.toPrecision(3));
console.log(failed ? `\nFAIL: a difference exceeds ${TOLERANCE}` : '\nall within tolerance');
process.exit(failed ? 1 : 0);
