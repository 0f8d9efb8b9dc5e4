// headscope through its public JS API: weights set once, then each run passes x in and copies
// every result out (what a page drawing the heads needs), as `npm run bench` has always timed.
import { loadHeadscope } from '../../../dist/lib/node.js';

export const name = 'headscope-wasm';

let hs;
export async function create({ t, d, heads, x, w }) {
  hs ??= await loadHeadscope();
  const mha = new hs.MultiHeadAttention({ dModel: d, numHeads: heads, seed: 1 });
  mha.setWeights(w);
  return {
    run: () => mha.forward(x, t).output,
    dispose: () => mha.dispose(),
    arch: hs.simdArch(),
  };
}
