// Runs one multi-head attention layer in Node and prints where each head looks.
//   npm run build:lib && node examples/node-forward.mjs
// (In your own project: npm install headscope, then the same import.)
import { loadHeadscope } from 'headscope';

const tokens = ['the', 'cat', 'sat', 'down'];
const dModel = 8;
const x = new Float32Array(tokens.length * dModel).map((_, i) => Math.sin(1.3 * i + 0.5));

const hs = await loadHeadscope();
const mha = new hs.MultiHeadAttention({ dModel, numHeads: 2, seed: 7 });
try {
  const r = mha.forward(x, tokens.length);
  const { numHeads } = mha.config;
  const t = tokens.length;
  console.log(`SIMD: ${hs.simdArch()}; ${numHeads} heads of width ${mha.config.headDim}`);
  for (let h = 0; h < numHeads; h++) {
    console.log(`head ${h + 1}`);
    for (let i = 0; i < t; i++) {
      const row = Array.from(r.attention.subarray((h * t + i) * t, (h * t + i + 1) * t));
      const j = row.indexOf(Math.max(...row));
      console.log(
        `  ${tokens[i].padEnd(5)} -> ${tokens[j].padEnd(5)} ${row.map((a) => a.toFixed(2)).join(' ')}`,
      );
    }
  }
  const norm = (v) => Math.hypot(...v).toFixed(3);
  console.log(`output[0] norm ${norm(r.output.subarray(0, dModel))}`);

  try {
    new hs.MultiHeadAttention({ dModel: 10, numHeads: 3 });
  } catch (e) {
    console.log(`bad config -> Error: ${e.message}`);
  }
} finally {
  mha.dispose();
}
