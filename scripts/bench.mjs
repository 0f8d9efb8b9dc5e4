// npm run bench: one multi-head self-attention forward through the public JS API (inputs in,
// every result copied out), at the sizes the benchmark plan names. Prints the median time over
// many runs after warm-up, and GFLOP/s counting 8·t·d² + 4·t²·d per forward.
//   npm run bench [-- --json PATH]
import { writeFileSync } from 'node:fs';
import { loadHeadscope } from 'headscope';

const SIZES = [
  [16, 64, 4],
  [64, 128, 8],
  [197, 192, 3],
  [256, 512, 8],
  [512, 768, 12],
];
const jsonAt = process.argv.indexOf('--json');
const jsonPath = jsonAt > 0 ? process.argv[jsonAt + 1] : undefined;

const hs = await loadHeadscope();
const records = [];
console.log(`headscope-wasm (SIMD: ${hs.simdArch()}), Node ${process.version}, single thread`);
console.log('size (t,d_model,heads)      median ms     GFLOP/s     runs');
for (const [t, d, heads] of SIZES) {
  const mha = new hs.MultiHeadAttention({ dModel: d, numHeads: heads, seed: 1 });
  const x = new Float32Array(t * d).map((_, i) => Math.sin(i * 0.37));
  for (let i = 0; i < 5; i++) mha.forward(x, t); // warm-up
  const times = [];
  const budgetMs = 1500;
  const start = performance.now();
  while (times.length < 20 || (performance.now() - start < budgetMs && times.length < 2000)) {
    const t0 = performance.now();
    mha.forward(x, t);
    times.push(performance.now() - t0);
  }
  mha.dispose();
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)];
  const gflops = (8 * t * d * d + 4 * t * t * d) / (ms * 1e6);
  records.push({ size: `${t},${d},${heads}`, impl: 'headscope-wasm', ms, gflops });
  console.log(
    `${`(${t}, ${d}, ${heads})`.padEnd(26)}${ms.toFixed(4).padStart(10)}${gflops.toFixed(2).padStart(12)}${String(times.length).padStart(9)}`,
  );
}
if (jsonPath) writeFileSync(jsonPath, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
