// Every integer argument goes through one check (wasm_bindings/convert.hpp's read_int_arg): 3.9,
// 2^32 + 3, NaN and Infinity are Errors naming the argument, the value as typed and the rule,
// never truncated or wrapped into another number; requests past memory say so in words; a typed
// mask past the model's cap counts once. The module stays usable after each.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHeadscope, type Headscope, type Model, type MultiHeadAttention } from 'headscope';
import { randomArray } from '../reference.js';
import { readRepoFile } from '../support/repo-file.js';

let hs: Headscope;
let mha: MultiHeadAttention;
let text: Model;
const x = randomArray(3 * 8, 5);
let baseline: Float32Array;

beforeAll(async () => {
  hs = await loadHeadscope();
  mha = new hs.MultiHeadAttention({ dModel: 8, numHeads: 2 });
  baseline = mha.forward(x, 3).output;
  text = hs.loadModel(await readRepoFile('public/models/text.safetensors'));
});

const INT_RANGE = 'must be an integer from -2147483648 to 2147483647';

describe('integer arguments', () => {
  const image = { data: new Uint8Array(4 * 4 * 4), width: 4, height: 4 };
  const cases: [string, () => unknown, string][] = [
    ['forward(x, 3.9)', () => mha.forward(x, 3.9), 'seqLen 3.9 must be an integer'],
    ['output(x, 2^32 + 3)', () => mha.output(x, 2 ** 32 + 3), `seqLen 4294967299 ${INT_RANGE}`],
    ['forward(x, 2^31)', () => mha.forward(x, 2 ** 31), `seqLen 2147483648 ${INT_RANGE}`],
    ['forward(x, NaN)', () => mha.forward(x, NaN), 'seqLen NaN must be an integer'],
    ['forward(x, Infinity)', () => mha.forward(x, Infinity), 'seqLen Infinity must be an integer'],
    ['forward(x, "3")', () => mha.forward(x, '3' as never), "seqLen must be an integer, got '3'"],
    [
      'tokenize(s, 2^32 + 2)',
      () => hs.tokenize('a b c', 2 ** 32 + 2),
      `maxTokens 4294967298 ${INT_RANGE}`,
    ],
    ['tokenize(s, 1.5)', () => hs.tokenize('a b c', 1.5), 'maxTokens 1.5 must be an integer'],
    [
      'patchify of width 2^32 + 1',
      () => hs.patchify({ ...image, width: 2 ** 32 + 1 }, 2),
      `image.width 4294967297 ${INT_RANGE}`,
    ],
    ['patchify(image, 2.5)', () => hs.patchify(image, 2.5), 'patchSize 2.5 must be an integer'],
    [
      'embedTokens(tokens, -Infinity)',
      () => hs.embedTokens(['a'], -Infinity),
      'dModel -Infinity must be an integer',
    ],
    [
      'embedPatches with gridW 1e300',
      () =>
        hs.embedPatches({ values: new Float32Array(12), gridW: 1e300, gridH: 1, patchDim: 12 }, 8),
      `gridW 1e+300 ${INT_RANGE}`,
    ],
    [
      'a config of dModel 2^31',
      () => new hs.MultiHeadAttention({ dModel: 2 ** 31 }),
      `dModel 2147483648 ${INT_RANGE}`,
    ],
    ['a config of dModel NaN', () => new hs.MultiHeadAttention({ dModel: NaN }), 'dModel NaN'],
  ];
  for (const [name, call, message] of cases)
    it(`${name}: an Error naming it`, () => {
      expect(call).toThrow(message);
      expect(mha.forward(x, 3).output).toEqual(baseline);
    });

  it('a model image of height 2^32 + 1 is refused, not run as 1 × 1', async () => {
    const vision = hs.loadModel(await readRepoFile('public/models/vision.safetensors'));
    expect(() => vision.runImage({ ...image, height: 2 ** 32 + 1 })).toThrow(
      `image.height 4294967297 ${INT_RANGE}`,
    );
    expect(vision.runImage(image).probabilities.every(Number.isFinite)).toBe(true);
    vision.dispose();
  });
});

describe('past memory', () => {
  it('an embedding of 300,000 tokens × 8192 dims says it is out of memory', () => {
    expect(() => hs.embedTokens(Array<string>(300_000).fill('x'), 8192)).toThrow(
      /^out of memory: the request is too large for this page$/,
    );
    expect(hs.embedTokens(['a', 'b'], 8)).toHaveLength(16);
  });
});

describe('typed masks past the cap', () => {
  it('"[MASK] " × 100 counts 100 tokens, not the pieces of those not read', () => {
    const run = text.runText('[MASK] '.repeat(100));
    expect(run.total).toBe(100);
    expect(run.tokens).toHaveLength(text.info.maxLen);
    // Stray brackets past the cap count alone: 20 × ("[MASK]" "[" "[MASK]" "]") is 80.
    expect(text.runText('[MASK] [ [mask] ] '.repeat(20)).total).toBe(80);
  });
});
