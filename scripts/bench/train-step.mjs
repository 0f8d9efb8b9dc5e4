// One step of the page's default live-training task through the public JS API
// (hs.createTrainer() with its defaults: text masked-LM, 2 layers, 4 heads, d_model 32, batch 16):
// a fresh batch, forward, backward and an AdamW update in wasm, the loss copied out.
import { loadHeadscope } from '../../dist/lib/node.js';
import { timeRuns } from './cases.mjs';

/** The median ms of Trainer.step(1) after warm-up, as a record like the native ones. */
export async function trainStepRecord(budgetMs) {
  const hs = await loadHeadscope();
  const trainer = hs.createTrainer();
  try {
    const { ms, runs } = await timeRuns(() => trainer.step(1), budgetMs);
    return { pass: 'train-step', size: '', impl: 'headscope-wasm', ms, gflops: null, runs };
  } finally {
    trainer.dispose();
  }
}
