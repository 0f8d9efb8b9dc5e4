// In the page: times one implementation (?impl=...&threads=N) at every size of cases.mjs and
// exposes the records as window.benchResult (or window.benchError).
//   headscope   the default single-threaded module (dist/wasm/)
//   headscope-threads   the HEADSCOPE_THREADS module (build/wasm-threads/wasm/), 2 threads
//   ort-web     ONNX Runtime Web with ort.env.wasm.numThreads = threads
import { SIZES, flops, makeCase, timeRuns } from '../cases.mjs';
import { makeMultiHeadAttentionClass } from '../../../dist/lib/attention.js';

const params = new URLSearchParams(location.search);
const impl = params.get('impl');
const threads = Number(params.get('threads') ?? 1);
const budgetMs = Number(params.get('budget') ?? 1500);

async function headscope(glue) {
  const { default: create } = await import(glue);
  const mod = await create();
  const MultiHeadAttention = makeMultiHeadAttentionClass(mod);
  return async ({ t, d, heads, x, w }) => {
    const mha = new MultiHeadAttention({ dModel: d, numHeads: heads, seed: 1 });
    mha.setWeights(w);
    return { run: () => mha.output(x, t), dispose: () => mha.dispose() };
  };
}

async function ortWeb() {
  const ort = await import('onnxruntime-web');
  const { create } = await import('../impls/ort-web.mjs'); // sets numThreads 1; set ours after
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.wasmPaths = '/node_modules/onnxruntime-web/dist/';
  return create;
}

try {
  if (!crossOriginIsolated) throw new Error('the page is not cross-origin isolated');
  const create =
    impl === 'headscope'
      ? await headscope('../../../dist/wasm/headscope.js')
      : impl === 'headscope-threads'
        ? await headscope('../../../build/wasm-threads/wasm/headscope.js')
        : await ortWeb();
  const records = [];
  for (const size of SIZES) {
    const c = makeCase(size);
    const run = await create(c);
    const { ms, runs, output } = await timeRuns(run.run, budgetMs);
    await run.dispose();
    records.push({
      size: size.join(','),
      ms,
      runs,
      gflops: flops(size[0], size[1]) / (ms * 1e6),
      output: Array.from(output),
    });
  }
  window.benchResult = records;
} catch (e) {
  window.benchError = String(e?.stack ?? e);
}
