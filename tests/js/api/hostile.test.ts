// What learners paste and load, through the public API: empty and huge text, emoji, right-to-left
// scripts, combining marks and broken UTF-16, 1×1 and 10,000×10,000 pictures, bytes that are no
// picture, cut-short, padded and absurd checkpoints, NaN weights. Each either runs correctly or
// throws an Error naming the problem, and the model then gives the same answer as before.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHeadscope, type Headscope, type Model } from 'headscope';
import { editHeader, tensorOffset } from '../safetensors.js';
import { readRepoFile } from '../support/repo-file.js';

let hs: Headscope;
let textBytes: Uint8Array, visionBytes: Uint8Array;
let text: Model, vision: Model;
const SENTENCE = 'The queen thanked the boys because [MASK] was happy.';
let baseline: Float32Array;

beforeAll(async () => {
  hs = await loadHeadscope();
  textBytes = await readRepoFile('public/models/text.safetensors');
  visionBytes = await readRepoFile('public/models/vision.safetensors');
  text = hs.loadModel(textBytes);
  vision = hs.loadModel(visionBytes);
  baseline = text.runText(SENTENCE).probabilities;
});

/** The text model still answers the reference sentence exactly as it did before. */
function stillSame(): void {
  expect(text.runText(SENTENCE).probabilities).toEqual(baseline);
}

/** Every attention row of every layer is a distribution; every probability is finite. */
function wellFormedRun(run: ReturnType<Model['runText']>): void {
  expect(run.probabilities.every(Number.isFinite)).toBe(true);
  const t = run.seqLen;
  for (const layer of run.layers) {
    const w = layer.attention; // [heads, t, t]
    for (let row = 0; row < w.length / t; row++) {
      let sum = 0;
      for (let k = 0; k < t; k++) sum += w[row * t + k]!;
      expect(sum).toBeCloseTo(1, 4);
    }
  }
}

describe('text', () => {
  it('empty or blank text is an Error asking for a sentence', () => {
    for (const empty of ['', '   \n\t ', '\u0000\u0001'])
      expect(() => text.runText(empty)).toThrow('there is no text to attend over; type a sentence');
    expect(() => text.runText(undefined as never)).toThrow('text must be a string, got undefined');
    stillSame();
  });

  it('100,000 characters: capped at the model’s length, the whole counted', () => {
    const maxLen = text.info.maxLen;
    const words = text.runText('word '.repeat(20_000));
    expect(words.tokens).toHaveLength(maxLen);
    expect(words.total).toBe(20_000);
    wellFormedRun(words);
    // No spaces at all: cut into pieces of at most 64 bytes, so every label stays short.
    const run = text.runText('a'.repeat(100_000));
    expect(run.total).toBe(Math.ceil(100_000 / 64));
    expect(Math.max(...run.tokens.map((t) => t.length))).toBe(64);
    wellFormedRun(run);
    expect(() => text.runText('a '.repeat(600_000))).toThrow(
      'text of 1200000 bytes exceeds the limit of 1048576 bytes',
    );
    stillSame();
  });

  it('emoji, right-to-left scripts and combining marks stay whole tokens', () => {
    const cases: [string, string[]][] = [
      ['The cat 🐈‍⬛ sat 👍🏽 here', ['The', 'cat', '🐈‍⬛', 'sat', '👍🏽', 'here']],
      ['مرحبا بالعالم שלום the dog', ['مرحبا', 'بالعالم', 'שלום', 'the', 'dog']],
      ['cafe\u0301 Z\u0351\u0352alg\u0300o', ['cafe\u0301', 'Z\u0351\u0352alg\u0300o']],
      ['東京 is big', ['東京', 'is', 'big']],
    ];
    for (const [typed, tokens] of cases) {
      const run = text.runText(typed);
      expect(run.tokens).toEqual(['[CLS]', ...tokens, '[SEP]']);
      wellFormedRun(run);
    }
    stillSame();
  });

  it('a lone surrogate becomes U+FFFD, not a character made up with its neighbour', () => {
    expect(text.runText('\uD800 lone').tokens).toEqual(['[CLS]', '\uFFFD', 'lone', '[SEP]']);
    expect(text.runText('x\uDC00y').tokens).toEqual(['[CLS]', 'x\uFFFDy', '[SEP]']);
    expect(hs.tokenize('\uD83D').tokens).toEqual(['\uFFFD']);
    // A well-formed pair is kept.
    expect(hs.tokenize('\uD83D\uDC4D').tokens).toEqual(['👍']);
    stillSame();
  });
});

describe('images', () => {
  it('a 1×1 picture is resized to the model’s side and classified', () => {
    const run = vision.runImage({
      data: new Uint8ClampedArray([200, 30, 30, 255]),
      width: 1,
      height: 1,
    });
    const side = vision.info.imageSide;
    expect(run.image!.width).toBe(side);
    // Every resized pixel is the one pixel.
    for (let i = 0; i < side * side; i++)
      expect([...run.image!.data.subarray(4 * i, 4 * i + 4)]).toEqual([200, 30, 30, 255]);
    const p = run.probabilities;
    expect(p.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
  });

  it('a 10,000×10,000 picture is resized, and the module goes on working', () => {
    const side = 10_000;
    const data = new Uint8ClampedArray(side * side * 4);
    // Left half black, right half white, opaque.
    for (let y = 0; y < side; y++) {
      const row = data.subarray(y * side * 4, (y + 1) * side * 4);
      row.fill(255, side * 2);
      for (let x = 3; x < side * 4; x += 4) row[x] = 255;
    }
    const run = vision.runImage({ data, width: side, height: side });
    const s = vision.info.imageSide;
    const px = (x: number, y: number) => run.image!.data[4 * (y * s + x)];
    expect([px(0, 0), px(s / 2 - 2, s - 1), px(s / 2 + 1, 3), px(s - 1, s - 1)]).toEqual([
      0, 0, 255, 255,
    ]);
    expect(run.probabilities.every(Number.isFinite)).toBe(true);
    stillSame();
  });

  it('bytes that are no picture, or no object at all, are Errors naming what is wrong', () => {
    const cases: [unknown, string][] = [
      [null, 'image must be { data, width, height }, got null'],
      ['cat.png', 'image must be { data, width, height }, got string'],
      [
        { data: new Uint8Array(4), width: '1', height: 1 },
        'image.width must be a number, got string',
      ],
      [{ width: 1, height: 1 }, 'rgba must be a Uint8Array or Uint8ClampedArray, got missing'],
      [
        { data: new Float32Array(4), width: 1, height: 1 },
        'rgba must be a Uint8Array or Uint8ClampedArray',
      ],
      [
        { data: new Uint8Array(5), width: 1, height: 1 },
        'image data has 5 bytes, expected width 1 x height 1 x 4 = 4',
      ],
      [{ data: new Uint8Array(0), width: 0, height: 0 }, 'image width 0 must be from 1 to 16384'],
      [
        { data: new Uint8Array(4), width: 20_000, height: 1 },
        'image width 20000 must be from 1 to 16384',
      ],
    ];
    for (const [image, message] of cases) {
      expect(() => vision.runImage(image as never)).toThrow(message);
      expect(() => hs.patchify(image as never, 8)).toThrow(message);
    }
    stillSame();
  });
});

describe('checkpoints', () => {
  const F16_NAN = 0x7e00;

  it('cut short, padded, or not a checkpoint at all: an Error naming the fault', () => {
    const n = textBytes.length;
    const padded = new Uint8Array(n + 100);
    padded.set(textBytes);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const cases: [Uint8Array, string | RegExp][] = [
      [new Uint8Array(0), 'safetensors file has 0 bytes, fewer than the 8 of its header length'],
      [
        textBytes.subarray(0, 1000),
        /header length \d+ runs past the end of the 1000-byte file: the file is cut short/,
      ],
      [
        textBytes.subarray(0, n - 1),
        /data_offsets \[\d+,\d+\] run past the end of the \d+-byte data buffer/,
      ],
      [padded, /data buffer has 100 bytes after the last tensor/],
      [
        png,
        /header length \d+ is over the limit of 100000000 bytes: this is not a safetensors checkpoint/,
      ],
    ];
    for (const [bytes, message] of cases) expect(() => hs.loadModel(bytes)).toThrow(message);
    stillSame();
  });

  it('a config beyond the limits is refused before anything is allocated', () => {
    const huge = (key: string, value: string) =>
      editHeader(textBytes, (h) => {
        h.__metadata__[key] = value;
      });
    expect(() => hs.loadModel(huge('num_layers', '100000'))).toThrow(
      'num_layers 100000 must be from 1 to 64',
    );
    expect(() => hs.loadModel(huge('max_len', '1000000000'))).toThrow(
      "checkpoint metadata max_len '1000000000' must be an integer from 0 to 1000000",
    );
    expect(() => hs.loadModel(huge('max_len', '500000'))).toThrow(
      'max_len 500000 must be from 1 to 4096',
    );
    expect(() => hs.loadModel(huge('d_model', '-1'))).toThrow(
      "checkpoint metadata d_model '-1' must be",
    );
    expect(() => hs.loadModel(huge('num_heads', 'many'))).toThrow(
      "checkpoint metadata num_heads 'many' must be",
    );
    stillSame();
  });

  it('malformed head evidence or an unknown model family is refused by name', () => {
    const withMeta = (key: string, value: string) =>
      editHeader(textBytes, (h) => {
        h.__metadata__[key] = value;
      });
    const refusals: Array<[string, string, string]> = [
      ['head_scores', '[null]', 'checkpoint head_scores[0] must be an object, not null'],
      ['head_scores', '[{"layer":0,"head":0}]', 'checkpoint head_scores[0] has no score'],
      [
        'head_scores',
        '[{"layer":0,"head":0,"label":{"a":1},"score":{},"chance":{}}]',
        'checkpoint head_scores[0].label {"a":1} must be a string of 1 to 64 characters',
      ],
      [
        'head_scores',
        `[{"layer":0,"head":0,"label":"${'x'.repeat(5e6)}","score":{},"chance":{}}]`,
        'must be a string of 1 to 64 characters',
      ],
      ['model', '{"family":"speech-recognizer"}', 'checkpoint model has no input'],
    ];
    for (const [key, value, message] of refusals)
      expect(() => hs.loadModel(withMeta(key, value))).toThrow(message);
    const d = hs.loadModel(textBytes).info.descriptor;
    expect(() =>
      hs.loadModel(withMeta('model', JSON.stringify({ ...d, family: 'speech-recognizer' }))),
    ).toThrow(
      "checkpoint model family 'speech-recognizer' is not one of masked-lm-encoder, causal-lm-decoder, vit-classifier",
    );
    stillSame();
  });

  it('a NaN weight is refused, with the tensor named', () => {
    for (const [bytes, name] of [
      [textBytes, 'tok_emb.weight'],
      [visionBytes, 'blocks.0.attn.q_proj.weight'],
    ] as const) {
      const bad = new Uint8Array(bytes);
      new DataView(bad.buffer).setUint16(tensorOffset(bad, name) + 10, F16_NAN, true);
      expect(() => hs.loadModel(bad)).toThrow(
        `safetensors tensor '${name}' value 5 is nan; weights must be finite`,
      );
      expect(() => hs.loadModel(bad, { randomWeights: true })).toThrow(/is nan/);
    }
    stillSame();
    // And a good load still works after all the refusals.
    const again = hs.loadModel(textBytes);
    expect(again.runText(SENTENCE).probabilities).toEqual(baseline);
    again.dispose();
  });
});
