// Loads a model the package ships, by id, and asks it for a masked word.
//   npm run build:lib && node examples/node-shipped-model.mjs ["A sentence with one [MASK]."]
// (In your own project: npm install headscope, then the same import.)
import { loadHeadscope } from 'headscope';

const text = process.argv[2] ?? 'She forgot her [MASK] at the office again.';
const hs = await loadHeadscope();
console.log(`shipped: ${(await hs.shippedModels()).map((m) => m.id).join(', ')}`);

const model = await hs.loadShippedModel('english-encoder');
try {
  const { info } = model;
  console.log(
    `english-encoder: ${info.numLayers} layers × ${info.numHeads} heads, d_model ${info.dModel}`,
  );
  const run = model.runText(text);
  const at = run.tokens.indexOf('[MASK]');
  if (at < 0) throw new Error(`no [MASK] in "${text}"`);
  const v = info.vocabSize;
  const row = run.probabilities.subarray(at * v, (at + 1) * v);
  const top = [...row.keys()].sort((a, b) => row[b] - row[a]).slice(0, 5);
  console.log(`tokens: ${run.tokens.join(' ')}`);
  for (const id of top)
    console.log(`  ${info.outputLabels[id].padEnd(12)} ${(100 * row[id]).toFixed(1)}%`);
} finally {
  model.dispose();
}

try {
  await hs.loadShippedModel('english-encodr');
} catch (e) {
  console.log(`bad id -> ${e}`);
}
