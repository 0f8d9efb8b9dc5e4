// Trained models through the public API: the shipped checkpoints load, and what a run returns is
// checked against values computed here from the checkpoint's own tensors (read by an independent
// safetensors reader): the first layer's input from the embeddings, and every layer's attention
// from the reference forward on that layer's input.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHeadscope, type Headscope, type Model } from 'headscope';
import { maxAbsDiff, referenceForward } from '../reference.js';
import { readSafetensors, type TensorFile } from '../safetensors.js';
import { readRepoFile } from '../support/repo-file.js';
import { letterboxNote } from '../../../web/app/image/load.js';

/** An opaque black w × h RGBA picture. */
function blackImage(w: number, h: number): Uint8Array {
  const data = new Uint8Array(w * h * 4);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return data;
}

let hs: Headscope;
let textBytes: Uint8Array, visionBytes: Uint8Array;
let textFile: TensorFile;
beforeAll(async () => {
  hs = await loadHeadscope();
  textBytes = await readRepoFile('public/models/text.safetensors');
  visionBytes = await readRepoFile('public/models/vision.safetensors');
  textFile = readSafetensors(textBytes);
});

function layerNorm(x: number[], w: Float32Array, b: Float32Array): number[] {
  const mean = x.reduce((a, v) => a + v, 0) / x.length;
  const variance = x.reduce((a, v) => a + (v - mean) ** 2, 0) / x.length;
  return x.map((v, i) => ((v - mean) / Math.sqrt(variance + 1e-5)) * w[i]! + b[i]!);
}

function layerWeights(file: TensorFile, l: number) {
  const t = (name: string) => file.tensor(`blocks.${l}.attn.${name}`);
  return {
    wq: t('q_proj.weight'),
    wk: t('k_proj.weight'),
    wv: t('v_proj.weight'),
    wo: t('out_proj.weight'),
    bq: t('q_proj.bias'),
    bk: t('k_proj.bias'),
    bv: t('v_proj.bias'),
    bo: t('out_proj.bias'),
  };
}

/** A 64 × 64 white image with two filled squares. */
function twoSquares(): { data: Uint8ClampedArray; width: number; height: number } {
  const data = new Uint8ClampedArray(64 * 64 * 4).fill(255);
  const square = (x0: number, y0: number, rgb: number[]) => {
    for (let y = y0; y < y0 + 10; y++)
      for (let x = x0; x < x0 + 10; x++) data.set(rgb, (y * 64 + x) * 4);
  };
  square(5, 5, [220, 40, 40]);
  square(40, 44, [220, 40, 40]);
  return { data, width: 64, height: 64 };
}

describe('a text model', () => {
  let model: Model;
  beforeAll(() => {
    model = hs.loadModel(textBytes);
  });

  it('describes itself and carries head evidence from its metadata', () => {
    const info = model.info;
    expect(info.kind).toBe('text');
    expect(info.numLayers).toBe(Number(textFile.metadata.num_layers));
    expect(info.numHeads).toBe(Number(textFile.metadata.num_heads));
    expect(info.outputLabels.slice(0, 5)).toEqual(['[PAD]', '[UNK]', '[MASK]', '[CLS]', '[SEP]']);
    expect(info.outputLabels.length).toBe(info.vocabSize);
    expect(info.heads.length).toBe(info.numLayers * info.numHeads);
    expect(info.heads.some((h) => h.label === 'previous token')).toBe(true);
    expect(model.attentionConfig.headDim).toBe(info.dModel / info.numHeads);
  });

  it('its descriptor says what it is: a masked-LM encoder reading [CLS] text [SEP]', () => {
    const d = model.info.descriptor;
    expect(d.family).toBe('masked-lm-encoder');
    expect(d.input).toBe('text');
    expect(d.output).toBe('token-vocabulary');
    expect(d.tokenizer).toEqual({ kind: 'words', vocabSize: model.info.vocabSize });
    expect(d.framing).toEqual({ before: ['[CLS]'], after: ['[SEP]'] });
    expect(d.special.mask).toBe('[MASK]');
    // Every label the evidence gives is a role the descriptor describes in words.
    const roles = new Set(d.roles.map((r) => r.label));
    for (const h of model.info.heads) if (h.label) expect(roles.has(h.label)).toBe(true);
    for (const r of d.roles) expect(r.description.length).toBeGreaterThan(20);
    // The framing is what a run reads around the text.
    const run = model.runText('the queen');
    expect(run.tokens[0]).toBe(d.framing.before[0]);
    expect(run.tokens.at(-1)).toBe(d.framing.after[0]);
  });

  it('frames the text, looks words up and runs every layer as the reference does', () => {
    const run = model.runText('The queen thanked the zorblax', { attribution: true });
    expect(run.tokens).toEqual(['[CLS]', 'The', 'queen', 'thanked', 'the', 'zorblax', '[SEP]']);
    expect(run.total).toBe(5);
    const t = run.seqLen;
    expect(t).toBe(7);
    const info = model.info;
    const d = info.dModel;
    // Layer 0's input: ln1(tok_emb[id] + pos_emb[i]); zorblax is unknown, so [UNK].
    const ids = run.tokens.map((w) => {
      const i = info.outputLabels.indexOf(w.startsWith('[') ? w : w.toLowerCase());
      return i >= 0 ? i : 1;
    });
    const emb = textFile.tensor('tok_emb.weight'),
      pos = textFile.tensor('pos_emb.weight');
    const ln1w = textFile.tensor('blocks.0.ln1.weight'),
      ln1b = textFile.tensor('blocks.0.ln1.bias');
    const input0: number[] = [];
    ids.forEach((id, i) => {
      const x = Array.from({ length: d }, (_, e) => emb[id * d + e]! + pos[i * d + e]!);
      input0.push(...layerNorm(x, ln1w, ln1b));
    });
    expect(maxAbsDiff(run.layers[0]!.input, input0)).toBeLessThan(1e-4);
    const c = model.attentionConfig;
    run.layers.forEach((layer, l) => {
      const ref = referenceForward(
        { ...c, scale: c.scaleScores },
        layerWeights(textFile, l),
        layer.input,
        t,
      );
      expect(maxAbsDiff(layer.attention, ref.attention)).toBeLessThan(1e-4);
      expect(maxAbsDiff(layer.output, ref.output)).toBeLessThan(1e-3);
      expect(layer.fusedAttribution!.length).toBe(t * t);
    });
    // Each position's guesses are a distribution over the vocabulary.
    expect(run.probabilities.length).toBe(t * info.vocabSize);
    for (let i = 0; i < t; i++) {
      const row = run.probabilities.subarray(i * info.vocabSize, (i + 1) * info.vocabSize);
      expect(Math.abs(row.reduce((a, v) => a + v, 0) - 1)).toBeLessThan(1e-4);
    }
  });

  it('switches heads off layer by layer', () => {
    const { numLayers: L, numHeads: H } = model.info;
    const gates = new Array(L * H).fill(1);
    const on = model.runText('the queen smiled');
    gates[(L - 1) * H] = 0; // the last layer's first head
    const off = model.runText('the queen smiled', { gates });
    expect(maxAbsDiff(on.layers[0]!.output, off.layers[0]!.output)).toBe(0);
    expect(maxAbsDiff(on.layers[L - 1]!.output, off.layers[L - 1]!.output)).toBeGreaterThan(1e-3);
    expect(() => model.runText('the', { gates: [1, 0] })).toThrow(
      `gates has 2 values, expected num_layers ${L} x num_heads ${H}`,
    );
    expect(() => model.runText('   ')).toThrow('there is no text to attend over; type a sentence');
    expect(() => model.runImage(twoSquares())).toThrow(
      'this masked-lm-encoder model reads text; give it text, not an image',
    );
    expect(model.runText('the queen').tokens.length).toBe(4); // still usable
  });

  it('reads a typed [MASK] as the mask token and guesses the word', () => {
    const run = model.runText('The queen thanked the boys because [MASK] was kind.');
    expect(run.tokens[7]).toBe('[MASK]');
    const V = model.info.vocabSize;
    const row = Array.from(run.probabilities.subarray(7 * V, 8 * V));
    const best = model.info.outputLabels[row.indexOf(Math.max(...row))];
    expect(best).toBe('she'); // singular "was": the queen, not the boys
  });

  it('caps long text at maxLen − 2 tokens and reports the total', () => {
    const run = model.runText('the king smiled . '.repeat(100));
    expect(run.tokens.length).toBe(model.info.maxLen);
    expect(run.total).toBe(400);
  });

  it('can be loaded with random weights, which carry no head evidence', () => {
    const random = hs.loadModel(textBytes, { randomWeights: true, seed: 3 });
    expect(random.info.heads).toEqual([]);
    expect(random.info.metadata.weights).toBe('random, seed 3');
    const a = model.runText('the queen smiled').layers[0]!.attention;
    const b = random.runText('the queen smiled').layers[0]!.attention;
    expect(maxAbsDiff(a, b)).toBeGreaterThan(0.01);
    random.dispose();
  });
});

describe('a vision model', () => {
  it('resizes, patches and classifies any image', () => {
    const model = hs.loadModel(
      visionBytes.buffer.slice(
        visionBytes.byteOffset,
        visionBytes.byteOffset + visionBytes.byteLength,
      ) as ArrayBuffer,
    );
    const info = model.info;
    expect(info.kind).toBe('image');
    expect(info.descriptor.family).toBe('vit-classifier');
    expect(info.descriptor.output).toBe('classes');
    expect(info.descriptor.framing).toEqual({ before: [], after: [] });
    expect(info.outputLabels.length).toBe(info.numClasses);
    const run = model.runImage(twoSquares());
    expect([run.gridW, run.gridH]).toEqual([
      info.imageSide / info.patchSize,
      info.imageSide / info.patchSize,
    ]);
    expect(run.probabilities.length).toBe(info.numClasses);
    // The image as the model saw it: 64 × 64 white with the squares, unchanged by resizing.
    expect(run.image!.width).toBe(info.imageSide);
    expect(Array.from(run.image!.data.slice(0, 4))).toEqual([255, 255, 255, 255]);
    expect(Array.from(run.image!.data.slice((6 * 64 + 6) * 4, (6 * 64 + 6) * 4 + 4))).toEqual([
      220, 40, 40, 255,
    ]);
    expect(Math.abs(run.probabilities.reduce((a, v) => a + v, 0) - 1)).toBeLessThan(1e-5);
    // A 1 × 1 image and a 200 × 90 one run too (resized to imageSide²).
    expect(
      model.runImage({ data: new Uint8Array([9, 9, 9, 255]), width: 1, height: 1 }).seqLen,
    ).toBe(run.seqLen);
    expect(
      model.runImage({ data: new Uint8Array(200 * 90 * 4), width: 200, height: 90 }).seqLen,
    ).toBe(run.seqLen);
    expect(() => model.runText('hi')).toThrow(
      'this vit-classifier model reads images; give it an image, not text',
    );
    // A picture that is not square is letterboxed, as the page's note says: 200 × 90 black into
    // 64 × 64 is 64 × 29 (200 · 64/200, 90 · 64/200 = 28.8) in rows 17–45, paper above and below.
    const wide = model.runImage({ data: blackImage(200, 90), width: 200, height: 90 }).image!;
    expect(letterboxNote(200, 90, 64)).toMatch(/scaled to 64 × 29, .* bars above and below/);
    const rowRed = (y: number) => wide.data[y * 64 * 4]!;
    expect([rowRed(16), rowRed(17), rowRed(45), rowRed(46)]).toEqual([246, 0, 0, 246]);
    model.dispose();
    expect(() => model.info).toThrow('this Model was disposed; load it again');
    model.dispose(); // twice is fine
  });
});

describe('loading', () => {
  it('rejects bad bytes with a message naming the fault, and keeps working', () => {
    expect(() => hs.loadModel(textBytes.subarray(0, 4))).toThrow(/safetensors|header|bytes/);
    expect(() => hs.loadModel(textBytes.subarray(0, textBytes.length - 10))).toThrow(
      /offset|bytes|size|end/,
    );
    expect(() => hs.loadModel('nope' as unknown as Uint8Array)).toThrow(
      'checkpoint bytes must be a Uint8Array or ArrayBuffer',
    );
    // A subclass of Uint8Array (as Node's Buffer is) loads too.
    class Bytes extends Uint8Array {}
    const model = hs.loadModel(new Bytes(textBytes));
    expect(model.runText('the king').seqLen).toBe(4);
    model.dispose();
  });
});
