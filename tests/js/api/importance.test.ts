// Head importance through the public API, checked against losses computed here from ordinary
// runs: a typed "[MASK]" in place of each word (text), or the predicted class (image), with the
// head switched off through `gates`.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHeadscope, type Headscope, type Model } from 'headscope';
import { readRepoFile } from '../support/repo-file.js';

let hs: Headscope;
let textBytes: Uint8Array, visionBytes: Uint8Array;
beforeAll(async () => {
  hs = await loadHeadscope();
  textBytes = await readRepoFile('public/models/text.safetensors');
  visionBytes = await readRepoFile('public/models/vision.safetensors');
});

const SENTENCE = 'The queen thanked the boys because she was happy.';

/** Per word of the sentence: −log p(word) with that word typed as [MASK], under `gates`. */
function wordLosses(model: Model, words: string[], gates?: Float32Array): number[] {
  const labels = model.info.outputLabels;
  const out: number[] = [];
  words.forEach((word, i) => {
    const target = labels.indexOf(word.toLowerCase());
    if (target < 5) return; // special tokens and unknown words are not scored
    const masked = words.map((w, j) => (j === i ? '[MASK]' : w)).join(' ');
    const run = model.runText(masked, gates ? { gates } : {});
    const V = model.info.vocabSize;
    out.push(-Math.log(run.probabilities[(i + 1) * V + target]!));
  });
  return out;
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('text importance', () => {
  let model: Model, words: string[];
  beforeAll(() => {
    model = hs.loadModel(textBytes);
    words = model.runText(SENTENCE).tokens.slice(1, -1);
  });

  it('needs a run first, and says so', () => {
    const fresh = hs.loadModel(textBytes);
    expect(() => fresh.importance()).toThrow('there is no run to measure: run text or an image');
    fresh.runText(SENTENCE);
    expect(fresh.importance().current.scored).toBeGreaterThan(0);
    fresh.dispose();
  });

  it('current-input loss and ablation match runs with [MASK] typed in', () => {
    model.runText(SENTENCE);
    const imp = model.importance();
    const L = model.info.numLayers,
      H = model.info.numHeads;
    expect(imp.current.ablation).toHaveLength(L * H);
    const base = wordLosses(model, words);
    expect(imp.current.scored).toBe(base.length);
    expect(imp.current.loss).toBeCloseTo(mean(base), 4);
    for (const k of [0, 5, L * H - 1]) {
      const gates = new Float32Array(L * H).fill(1);
      gates[k] = 0;
      expect(imp.current.ablation[k]).toBeCloseTo(
        mean(wordLosses(model, words, gates)) - mean(base),
        3,
      );
    }
  });

  it('gate gradients match one-sided finite differences', () => {
    const L = model.info.numLayers,
      H = model.info.numHeads;
    model.runText(SENTENCE);
    const imp = model.importance();
    const base = wordLosses(model, words);
    const eps = 1e-2;
    for (const k of [2, 17]) {
      const gates = new Float32Array(L * H).fill(1);
      gates[k] = 1 - eps;
      const down = wordLosses(model, words, gates);
      const fd = mean(base.map((b, i) => Math.abs(b - down[i]!) / eps));
      expect(Math.abs(imp.current.gradient[k]! - fd)).toBeLessThan(0.05 * fd + 0.02);
    }
  });

  it('held out: pruning follows the ablation ranking and removing every head hurts', () => {
    model.runText(SENTENCE);
    const { heldOut } = model.importance();
    const { order, loss, accuracy } = heldOut.pruning;
    expect([...order].sort((a, b) => a - b)).toEqual([...Array(order.length).keys()]);
    for (let i = 1; i < order.length; i++)
      expect(heldOut.ablation[order[i]!]).toBeGreaterThanOrEqual(heldOut.ablation[order[i - 1]!]!);
    expect(loss).toHaveLength(order.length + 1);
    expect(loss[0]).toBeCloseTo(heldOut.loss, 5);
    expect(loss[order.length]!).toBeGreaterThan(loss[0]! + 1);
    expect(accuracy[0]!).toBeGreaterThan(accuracy[order.length]! + 0.3);
    // Measured once per model: a second call gives the same figures for another input.
    model.runText('The dog runs.');
    expect(model.importance().heldOut.loss).toBe(heldOut.loss);
  });
});

describe('evaluate', () => {
  it('gives the losses importance reports, without ablating', () => {
    const model = hs.loadModel(textBytes);
    expect(() => model.evaluate()).toThrow('there is no run to measure');
    model.runText(SENTENCE);
    const imp = model.importance();
    const current = model.evaluate();
    expect(current.loss).toBeCloseTo(imp.current.loss, 6);
    expect(current.scored).toBe(imp.current.scored);
    expect(model.evaluate({ heldOut: true }).loss).toBeCloseTo(imp.heldOut.loss, 6);
    const L = model.info.numLayers,
      H = model.info.numHeads;
    const gates = new Float32Array(L * H).fill(1);
    gates[7] = 0;
    expect(model.evaluate({ gates }).loss - current.loss).toBeCloseTo(imp.current.ablation[7]!, 5);
    model.dispose();
  });
});

describe('image importance', () => {
  it('scores the predicted class, and ablation matches a gated run', () => {
    const model = hs.loadModel(visionBytes);
    const data = new Uint8ClampedArray(64 * 64 * 4).fill(255);
    for (let y = 8; y < 20; y++)
      for (let x = 8; x < 20; x++) data.set([30, 30, 200], (y * 64 + x) * 4);
    for (let y = 40; y < 52; y++)
      for (let x = 40; x < 52; x++) data.set([30, 30, 200], (y * 64 + x) * 4);
    const image = { data, width: 64, height: 64 };
    const p = model.runImage(image).probabilities;
    const predicted = p.indexOf(Math.max(...p));
    const imp = model.importance();
    expect(imp.current.scored).toBe(1);
    expect(imp.current.accuracy).toBe(1);
    expect(imp.current.loss).toBeCloseTo(-Math.log(p[predicted]!), 4);
    const H = model.info.numHeads,
      L = model.info.numLayers;
    const gates = new Float32Array(L * H).fill(1);
    gates[1] = 0;
    const gated = model.runImage(image, { gates }).probabilities;
    expect(imp.current.ablation[1]).toBeCloseTo(
      -Math.log(gated[predicted]!) + Math.log(p[predicted]!),
      4,
    );
    expect(imp.heldOut.examples).toBeGreaterThan(0);
    expect(imp.heldOut.accuracy).toBeGreaterThan(0.9);
    model.dispose();
  });
});
