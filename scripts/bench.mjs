// npm run bench: one multi-head self-attention forward, the same inputs for every
// implementation, at the sizes in scripts/bench/cases.mjs. Prints, per size, the median time
// after warm-up, GFLOP/s and how many times faster headscope-wasm is; single thread throughout.
//   npm run bench [-- --json PATH] [--only name,name] [--budget MS]
// Implementations: headscope-wasm (the public API), wasm-scalar (the core without SIMD),
// native-sse and native-best (Google Benchmark, 128-bit and the machine's best), js (plain
// Float32Array loops), tfjs-wasm (TensorFlow.js wasm backend), ort-web (ONNX Runtime Web).
// Every output is checked against headscope-wasm's; a mismatch fails the run. Then the backward
// pass at the same sizes (native only: the JS API has no backward) and one step of the page's
// default live-training task (headscope-wasm through hs.createTrainer(), and native).
// Each competitor runs in its fastest form found: TF.js per head as plain 2-D matMuls (its batched matMul misses
// XNNPACK), ONNX Runtime as a MatMul/Softmax graph (its com.microsoft Attention op is no faster;
// `node scripts/bench/check-impls.mjs` checks and times both forms of each).
import { writeFileSync } from 'node:fs';
import { SIZES, flops, makeCase, relativeDiff, timeRuns } from './bench/cases.mjs';
import { printTable } from './bench/table.mjs';
import { trainStepRecord } from './bench/train-step.mjs';

const arg = (flag) => {
  const at = process.argv.indexOf(flag);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const jsonPath = arg('--json');
const only = arg('--only')?.split(',');
const budgetMs = Number(arg('--budget') ?? 1500);
const IMPLS = ['headscope-wasm', 'wasm-scalar', 'js', 'tfjs-wasm', 'ort-web'];
const NATIVE = ['native-sse', 'native-best'];
const OPTIONS = { 'tfjs-wasm': { perHead: true } };
const wanted = (name) => !only || only.includes(name) || name === 'headscope-wasm';

const records = [];
const notes = [];
let mismatch = false;
const sizeKey = ([t, d, h]) => `${t},${d},${h}`;

/** Times one implementation module at every size, checking its output against headscope's. */
async function measure(name) {
  const impl = await import(`./bench/impls/${name}.mjs`);
  for (const size of SIZES) {
    const c = makeCase(size);
    const run = await impl.create(c, OPTIONS[name]);
    const { ms, runs, output } = await timeRuns(run.run, budgetMs);
    await run.dispose();
    const ref = records.find((r) => r.size === sizeKey(size) && r.impl === 'headscope-wasm');
    const diff = ref ? relativeDiff(output, ref.output) : 0;
    if (diff > 1e-3) {
      mismatch = true;
      notes.push(`${name} at (${size}) differs from headscope-wasm by ${diff.toExponential(1)}`);
    }
    const gflops = flops(size[0], size[1]) / (ms * 1e6);
    records.push({
      pass: 'forward',
      size: sizeKey(size),
      impl: name,
      ms,
      gflops,
      runs,
      output,
      arch: run.arch,
    });
    process.stderr.write(`  ${name} (${size}): ${ms.toFixed(3)} ms, ${runs} runs\n`);
  }
}

console.log(`Node ${process.version}, single thread; median ms, GFLOP/s = 8·t·d² + 4·t²·d per ms`);
for (const name of IMPLS.filter(wanted)) {
  try {
    await measure(name);
  } catch (e) {
    notes.push(`${name}: not measured: ${e.message.split('\n')[0]}`);
  }
}
try {
  records.push(await trainStepRecord(budgetMs));
} catch (e) {
  notes.push(`headscope-wasm training step: not measured: ${e.message.split('\n')[0]}`);
}
if (NATIVE.some(wanted)) {
  try {
    const { nativeRecords } = await import('./bench/native.mjs');
    const native = await nativeRecords(SIZES, { log: (s) => process.stderr.write(`  ${s}\n`) });
    records.push(...native.filter((r) => wanted(r.impl)));
  } catch (e) {
    notes.push(`native: not measured: ${e.message.split('\n')[0]}`);
  }
}

const find = (pass, size, impl) =>
  records.find((r) => r.pass === pass && r.size === size && r.impl === impl);
/** One table: each implementation's figures, and headscope-wasm's speed-up over it. */
function table(title, pass, size) {
  const rows = [...IMPLS, ...NATIVE]
    .map((n) => find(pass, size, n))
    .filter(Boolean)
    .map((r) => ({ ...r, label: r.arch ? `${r.impl} (${r.arch})` : r.impl }));
  // No ratios without headscope-wasm's own figure (its failure is in the notes).
  const ours = rows.find((r) => r.impl === 'headscope-wasm');
  if (rows.length > 0) printTable(title, rows, ours, 'headscope');
}
for (const size of SIZES)
  table(`(t, d_model, heads) = (${size.join(', ')}): forward`, 'forward', sizeKey(size));
for (const size of SIZES)
  table(
    `(t, d_model, heads) = (${size.join(', ')}): backward (GFLOP/s count twice the forward's)`,
    'backward',
    sizeKey(size),
  );
table(
  'one step of the default live-training task (text, 2 layers, 4 heads, d_model 32, batch 16)',
  'train-step',
  '',
);
for (const note of notes) console.log(`\nnote: ${note}`);
if (jsonPath)
  writeFileSync(
    jsonPath,
    records
      .map(({ pass, size, impl, ms, gflops }) => JSON.stringify({ size, impl, pass, ms, gflops }))
      .join('\n') + '\n',
  );
if (mismatch || !records.some((r) => r.pass === 'forward' && r.impl === 'headscope-wasm'))
  process.exitCode = 1;
