// Generation with the English decoder through the public API, checked against an independent path:
// the full forward (`runText`, no KV cache) on the text so far. Greedy steps are the argmax of its
// next-token row, with its probability; each new token's attention is that run's row at its
// position; a temperature and top-k reshape that row as the formula says; a seed reproduces a
// draw; bad options throw Errors naming the value and the rule, and the model stays usable. The
// KV cache figures in `info` are the formula layers × 2 × kv heads × head dim × bytes. No number
// measured on the checkpoint is written here: the checkpoint may be replaced by a longer-trained
// one of the same shape.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  loadHeadscope,
  type GeneratedToken,
  type Headscope,
  type Model,
  type ModelRun,
} from 'headscope';
import { readRepoFile } from '../support/repo-file.js';

let hs: Headscope;
let decoder: Model;
let encoder: Model;
beforeAll(async () => {
  hs = await loadHeadscope();
  decoder = hs.loadModel(await readRepoFile('public/models/english-decoder.safetensors'));
  encoder = hs.loadModel(await readRepoFile('public/models/english-encoder.safetensors'));
});

const PROMPT = 'The quick brown fox jumps over the lazy dog because it';

/**
 * The text of subword pieces, written here from the tokenizer's rules rather than taken from the
 * core: "##" pieces join the piece before, the rest start a new word after a space, "<0xNN>" is a
 * byte.
 */
function decodePieces(pieces: string[]): string {
  const bytes: number[] = [];
  const utf8 = new TextEncoder();
  pieces.forEach((piece, i) => {
    const joined = piece.startsWith('##');
    const body = joined ? piece.slice(2) : piece;
    if (i > 0 && !joined) bytes.push(0x20);
    const byte = /^<0x([0-9A-F]{2})>$/.exec(body);
    if (byte) bytes.push(parseInt(byte[1]!, 16));
    else bytes.push(...utf8.encode(body));
  });
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** Row i of a run's [seqLen, vocab] probabilities. */
function row(run: ModelRun, i: number): Float32Array {
  const v = decoder.info.vocabSize;
  return run.probabilities.subarray(i * v, (i + 1) * v);
}

function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((t, i) => t === b[i]);

/** Generates up to n tokens; returns them with the generation's tokens at the start. */
function generate(text: string, options: Parameters<Model['generate']>[1]) {
  const g = decoder.generate(text, options);
  const prompt = [...g.tokens];
  const steps: GeneratedToken[] = [...g];
  return { prompt, steps, tokens: [...g.tokens], done: g.done };
}

/**
 * The full forward on the text of tokens[0..n) ([BOS] first; n = promptLength: the prompt as
 * typed), if it reads back as those tokens (a generated sequence of pieces need not be the one the
 * tokenizer would choose for its text); else null.
 */
function fullRun(tokens: string[], n: number, promptLength: number, gates?: number[]) {
  const text = n === promptLength ? PROMPT : decodePieces(tokens.slice(1, n));
  const run = decoder.runText(text, gates ? { gates } : {});
  return same(run.tokens, tokens.slice(0, n)) ? run : null;
}

describe('greedy generation', () => {
  for (const gated of [false, true])
    it(`gives the argmax of the full forward's next-token row at every step${gated ? ', heads off' : ''}`, () => {
      const { numLayers: L, numHeads: H } = decoder.info;
      const gates = gated
        ? Array.from({ length: L * H }, (_, i) => (i % 3 === 1 ? 0 : 1))
        : undefined;
      const { prompt, steps, tokens } = generate(PROMPT, {
        maxTokens: 12,
        ...(gates ? { gates } : {}),
      });
      expect(steps.length).toBe(12);
      let checked = 0;
      steps.forEach((step, k) => {
        const n = prompt.length + k;
        expect(step.position).toBe(n);
        expect(tokens[n]).toBe(step.token);
        expect(decoder.info.outputLabels[step.id]).toBe(step.token);
        const run = fullRun(tokens, n, prompt.length, gates);
        // The first step's text is the prompt as typed, so it is always checked.
        if (k === 0) expect(run).not.toBeNull();
        if (!run) return;
        const p = row(run, n - 1);
        expect(p[step.id]!).toBeGreaterThanOrEqual(p[argmax(p)]! - 1e-5);
        expect(step.probability).toBeCloseTo(p[step.id]!, 4);
        expect(step.top[0]!.token).toBe(step.token);
        checked++;
      });
      expect(checked).toBeGreaterThanOrEqual(1);
    });

  it("gives each new token's attention as the full forward's row at its position", () => {
    const { prompt, steps, tokens } = generate(PROMPT, { maxTokens: 8 });
    const { numLayers: L, numHeads: H } = decoder.info;
    let checked = 0;
    for (const step of steps) {
      const t = step.position + 1;
      expect(step.attention.length).toBe(L);
      for (const a of step.attention) {
        expect(a.length).toBe(H * t);
        for (let h = 0; h < H; h++)
          expect(a.subarray(h * t, (h + 1) * t).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 4);
      }
      const run = fullRun(tokens, t, prompt.length);
      if (!run) continue;
      for (let l = 0; l < L; l++) {
        const all = run.layers[l]!.attention; // [H, t, t]: row t − 1 is the new token's
        for (let h = 0; h < H; h++) {
          const expected = all.subarray((h * t + t - 1) * t, (h + 1) * t * t);
          const got = step.attention[l]!.subarray(h * t, (h + 1) * t);
          for (let j = 0; j < t; j++) expect(Math.abs(got[j]! - expected[j]!)).toBeLessThan(1e-4);
        }
      }
      checked++;
    }
    // Greedy steps of a trained model are mostly the pieces the tokenizer itself would choose.
    expect(checked).toBeGreaterThanOrEqual(1);
  });
});

describe('drawn generation', () => {
  it('reshapes the next-token row by temperature and top-k as the formula says', () => {
    const p = row(decoder.runText(PROMPT), decoder.runText(PROMPT).seqLen - 1);
    const order = Array.from(p.keys()).sort((a, b) => p[b]! - p[a]!);
    for (const [temperature, topK] of [
      [0.7, 5],
      [1.5, 40],
      [1, 0],
    ] as const) {
      const [step] = generate(PROMPT, { maxTokens: 1, temperature, topK, seed: 3 }).steps;
      const kept = topK ? order.slice(0, topK) : order;
      if (topK) expect(kept).toContain(step!.id);
      // softmax(logits / T) over the kept tokens = p^(1/T) renormalised over them.
      const z = kept.reduce((s, i) => s + p[i]! ** (1 / temperature), 0);
      expect(step!.probability).toBeCloseTo(p[step!.id]! ** (1 / temperature) / z, 4);
      expect(step!.top.length).toBe(Math.min(5, kept.length));
      expect(step!.top.map((t) => t.token)).toEqual(
        kept.slice(0, 5).map((i) => decoder.info.outputLabels[i]),
      );
    }
  });

  it('is reproducible from its seed, and stays among the top k', () => {
    const options = { maxTokens: 10, temperature: 1, topK: 20, seed: 42 };
    const a = generate(PROMPT, options);
    const b = generate(PROMPT, options);
    expect(b.tokens).toEqual(a.tokens);
    expect(b.steps.map((s) => s.probability)).toEqual(a.steps.map((s) => s.probability));
    for (const s of a.steps) {
      expect(s.top.length).toBe(5);
      expect(s.probability).toBeGreaterThan(0);
    }
    // Different seeds at a high temperature draw different continuations (not every one alike).
    const runs = [1, 2, 3, 4].map((seed) =>
      generate(PROMPT, { maxTokens: 8, temperature: 3, seed }).tokens.join(' '),
    );
    expect(new Set(runs).size).toBeGreaterThan(1);
  });
});

describe('the context and the generation object', () => {
  it('stops at maxTokens and when the context is full', () => {
    const { maxLen } = decoder.info;
    const three = decoder.generate(PROMPT, { maxTokens: 3 });
    expect([...three].length).toBe(3);
    expect(three.done).toBe(true);
    expect(three.next()).toEqual({ done: true, value: undefined });
    // A text that fills the context leaves no room: nothing is generated.
    const full = decoder.generate('word '.repeat(maxLen * 2), { maxTokens: maxLen - 1 });
    expect(full.promptLength).toBe(maxLen);
    expect(full.done).toBe(true);
    expect([...full]).toEqual([]);
    // A text that leaves a little room fills it and stops.
    let words = maxLen;
    while (decoder.runText('word '.repeat(words)).seqLen > maxLen - 3) words--;
    const room = maxLen - decoder.runText('word '.repeat(words)).seqLen;
    const rest = decoder.generate('word '.repeat(words), { maxTokens: maxLen - 1 });
    expect([...rest].length).toBe(room);
    expect(rest.tokens.length).toBe(maxLen);
  });

  it('ends a generation when another starts, and throws after dispose', async () => {
    const first = decoder.generate(PROMPT, { maxTokens: 5 });
    first.next();
    const second = decoder.generate('Hello there', { maxTokens: 2 });
    expect(first.done).toBe(true);
    expect(() => first.next()).toThrow(/replaced by a later model\.generate\(\)/);
    expect([...second].length).toBe(2);
    const own = hs.loadModel(await readRepoFile('public/models/english-decoder.safetensors'));
    const g = own.generate(PROMPT);
    own.dispose();
    expect(() => g.next()).toThrow(/disposed/);
  });
});

describe('bad options', () => {
  const cases: [string, object, RegExp][] = [
    ['temperature -0.5', { temperature: -0.5 }, /^temperature -0\.5 must be from 0 to 5$/],
    ['temperature 6', { temperature: 6 }, /^temperature 6 must be from 0 to 5$/],
    ['temperature NaN', { temperature: NaN }, /^temperature nan must be from 0 to 5$/],
    ['temperature "1"', { temperature: '1' }, /^temperature must be a number, got '1'$/],
    ['topK -1', { topK: -1 }, /^top-k -1 must be from 0 to the vocabulary's \d+$/],
    ['topK 2.5', { topK: 2.5 }, /^topK 2\.5 must be an integer$/],
    ['topK past the vocabulary', { topK: 1e6 }, /^top-k 1000000 must be from 0 to/],
    ['maxTokens 0', { maxTokens: 0 }, /^maxTokens 0 must be from 1 to \d+ \(the model's context/],
    ['maxTokens past the context', { maxTokens: 100000 }, /^maxTokens 100000 must be from 1 to/],
    ['seed -1', { seed: -1 }, /^seed -1 must be an integer from 0 to 2\^53 - 1$/],
    ['gates of the wrong length', { gates: [1, 0] }, /gates/],
  ];
  for (const [name, options, message] of cases)
    it(`rejects ${name} and stays usable`, () => {
      expect(() => decoder.generate(PROMPT, options)).toThrow(message);
      expect(decoder.runText(PROMPT).seqLen).toBeGreaterThan(1);
      expect([...decoder.generate(PROMPT, { maxTokens: 2 })].length).toBe(2);
    });

  it('rejects the bound just past each end, and takes the ends', () => {
    const { maxLen } = decoder.info;
    expect(() => decoder.generate(PROMPT, { maxTokens: maxLen })).toThrow(
      `maxTokens ${maxLen} must be from 1 to ${maxLen - 1}`,
    );
    expect(() => decoder.generate(PROMPT, { temperature: 5.01 })).toThrow(/temperature 5\.01/);
    expect(decoder.generate(PROMPT, { temperature: 5, maxTokens: 1 }).next().done).toBe(false);
    expect(decoder.generate(PROMPT, { maxTokens: maxLen - 1 }).done).toBe(false);
  });

  it('rejects text and options of the wrong type, empty text and a model that is not causal', () => {
    expect(() => decoder.generate(3 as never)).toThrow('text must be a string, got number');
    expect(() => decoder.generate(PROMPT, null as never)).toThrow(/options must be an object/);
    expect(() => decoder.generate('   ')).toThrow(/no text/);
    expect(() => encoder.generate(PROMPT)).toThrow(/causal/);
    expect(encoder.runText(PROMPT).seqLen).toBeGreaterThan(2);
    expect([...decoder.generate(PROMPT, { maxTokens: 1 })].length).toBe(1);
  });
});

describe('the KV cache figures', () => {
  it('are layers × 2 × kv heads × head dim × bytes, for MHA, this model and MQA', () => {
    const info = decoder.info;
    const headDim = info.dModel / info.numHeads;
    expect(decoder.attentionConfig.headDim).toBe(headDim);
    const bytes = (kv: number, b: number) => info.numLayers * 2 * kv * headDim * b;
    const kv = info.kvCache!;
    const expected = (kvHeads: number) => ({
      kvHeads,
      float32: bytes(kvHeads, 4),
      float16: bytes(kvHeads, 2),
    });
    expect(kv.mha).toEqual(expected(info.numHeads));
    expect(kv.model).toEqual(expected(info.numKvHeads));
    expect(kv.mqa).toEqual(expected(1));
    // The decoder is grouped-query: fewer key/value heads than query heads, more than one.
    expect(info.numKvHeads).toBeLessThan(info.numHeads);
    expect(info.numKvHeads).toBeGreaterThan(1);
    expect(encoder.info.kvCache).toBeNull();
  });
});
