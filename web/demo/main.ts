// Placeholder demo: loads the core and shows each head's attention over a short sentence.
// Inputs are deterministic pseudo-embeddings; every number shown comes from the core.
import { loadHeadscope } from '../lib/index.js';

const tokens = ['The', 'cat', 'sat', 'on', 'the', 'mat'];
const dModel = 16;
const numHeads = 2;

/** Deterministic input vectors: a small integer hash of (token, dim) mapped to [-1, 1]. */
function embed(words: string[]): Float32Array {
  const x = new Float32Array(words.length * dModel);
  words.forEach((w, i) => {
    for (let d = 0; d < dModel; d++) {
      let h = 2166136261;
      for (const c of `${w.toLowerCase()}:${d}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
      x[i * dModel + d] = ((h >>> 0) / 2 ** 32) * 2 - 1 + (d === i % dModel ? 0.5 : 0);
    }
  });
  return x;
}

function headTable(attention: Float32Array, head: number, n: number): HTMLElement {
  const figure = document.createElement('figure');
  const caption = document.createElement('figcaption');
  caption.textContent = `Head ${head + 1}: attention from each row token to each column token`;
  const table = document.createElement('table');
  const header = table.insertRow();
  header.appendChild(document.createElement('th'));
  for (const t of tokens)
    header.appendChild(Object.assign(document.createElement('th'), { textContent: t }));
  for (let i = 0; i < n; i++) {
    const row = table.insertRow();
    row.appendChild(Object.assign(document.createElement('th'), { textContent: tokens[i] }));
    for (let j = 0; j < n; j++) {
      const a = attention[(head * n + i) * n + j] ?? 0;
      const cell = row.insertCell();
      cell.textContent = a.toFixed(2);
      // Light-to-dark blue (readable with common colour-vision deficiencies).
      cell.style.background = `rgba(8, 81, 156, ${a.toFixed(3)})`;
      cell.style.color = a > 0.5 ? 'white' : 'black';
    }
  }
  figure.append(caption, table);
  return figure;
}

async function main(): Promise<void> {
  const status = document.getElementById('status')!;
  try {
    const hs = await loadHeadscope();
    const mha = new hs.MultiHeadAttention({ dModel, numHeads, seed: 1 });
    const r = mha.forward(embed(tokens), tokens.length);
    mha.dispose();
    status.textContent = `Core loaded (SIMD: ${hs.simdArch()}, heap ${(hs.heapBytes() / 2 ** 20).toFixed(0)} MiB). Untrained layer: d_model ${dModel}, ${numHeads} heads.`;
    const heads = document.getElementById('heads')!;
    for (let h = 0; h < numHeads; h++) heads.appendChild(headTable(r.attention, h, tokens.length));
  } catch (e) {
    status.textContent = `Could not start: ${(e as Error).message}`;
    status.classList.add('error');
  }
}

void main();
