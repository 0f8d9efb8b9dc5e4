// headscope through its public JS API: weights set once, then each run passes x in and copies
// the output out with `output()`, as the other implementations return it. (`forward()` also
// copies every intermediate, some 60 MB per call at t = 512: what a page drawing heads needs.)
import { loadHeadscope } from '../../../dist/lib/node.js';

export const name = 'headscope-wasm';

let hs;
export async function create({ t, d, heads, x, w }) {
  hs ??= await loadHeadscope();
  const mha = new hs.MultiHeadAttention({ dModel: d, numHeads: heads, seed: 1 });
  mha.setWeights(w);
  return {
    run: () => mha.output(x, t),
    dispose: () => mha.dispose(),
    arch: hs.simdArch(),
  };
}
