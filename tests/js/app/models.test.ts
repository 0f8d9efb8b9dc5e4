// The shipped models' manifest (public/models/manifest.json, read by web/app/models/manifest.ts)
// against the files it lists, and model ids in the URL state: every id parses, the mode follows
// the model, and links from before the manifest keep their views. In Chromium.
import { describe, expect, it } from 'vitest';
import {
  familyWords,
  framingCount,
  guessesTitle,
  roleRule,
  wordsOf,
} from '../../../web/app/models/descriptor.js';
import { IMAGE_DESCRIPTOR, TEXT_DESCRIPTOR } from './descriptors.js';
import { MODELS, defaultModelFor, modelById } from '../../../web/app/models/manifest.js';
import { DEFAULTS, applyChange, parseHash, pickModel, toHash } from '../../../web/app/state.js';
import { readRepoFile } from '../support/repo-file.js';

describe('the manifest', () => {
  it('lists every shipped checkpoint with its true size', async () => {
    expect(MODELS.map((m) => m.file).sort()).toEqual([
      'english-decoder-1head.safetensors',
      'english-decoder.safetensors',
      'english-encoder-1head.safetensors',
      'english-encoder.safetensors',
      'text-1head.safetensors',
      'text.safetensors',
      'vision-1head.safetensors',
      'vision.safetensors',
    ]);
    for (const m of MODELS) {
      const bytes = await readRepoFile(`public/models/${m.file}`);
      expect({ id: m.id, bytes: bytes.length }).toEqual({ id: m.id, bytes: m.bytes });
    }
  });

  it('names families, inputs and one-head models that exist', () => {
    for (const m of MODELS) {
      expect(['masked-lm-encoder', 'causal-lm-decoder', 'vit-classifier']).toContain(m.family);
      expect(m.input).toBe(m.family === 'vit-classifier' ? 'image' : 'text');
      if (m.oneHead) expect(modelById(m.oneHead)?.family).toBe(m.family);
    }
    // Real English by default; the toy grammar model keeps its id for old links.
    expect(defaultModelFor('text').id).toBe('english-encoder');
    expect(modelById('text-encoder')?.title).toBe('Toy grammar encoder, 8 heads');
    expect(modelById('english-decoder')?.family).toBe('causal-lm-decoder');
    expect(defaultModelFor('image').id).toBe('shapes-vit');
  });
});

describe('the cost of sharing keys and values', () => {
  // The manifest's figures are the trainer's own: each run's `describe` log, and README's table.
  const LOGS: Record<number, string> = {
    8: 'scripts/runs/describe-decoder-mha.log',
    2: 'scripts/runs/describe-decoder.log',
    1: 'scripts/runs/describe-decoder-mqa.log',
  };
  const text = async (path: string) => new TextDecoder().decode(await readRepoFile(path));

  it('gives each key/value head count of the decoder the perplexity its run measured', async () => {
    const sharing = modelById('english-decoder')?.sharing ?? [];
    expect(sharing.map((r) => r.kvHeads).sort()).toEqual([1, 2, 8]);
    const readme = await text('README.md');
    for (const r of sharing) {
      const log = await text(LOGS[r.kvHeads]!);
      const ppl = Number(/held-out sample: loss [\d.]+ perplexity ([\d.]+)/.exec(log)?.[1]);
      const ratio = Number(/decoder \/ bigram ([\d.]+)/.exec(log)?.[1]);
      expect({ kv: r.kvHeads, ppl: r.perplexity, ratio: r.bigramRatio }).toEqual({
        kv: r.kvHeads,
        ppl,
        ratio,
      });
      // README's row for this count, its perplexity rounded to one decimal.
      const row = new RegExp(`^\\| ${r.kvHeads} \\(.*\\| ([\\d.]+) \\| ([\\d.]+) \\|$`, 'm').exec(
        readme,
      );
      expect(Math.abs(Number(row?.[1]) - r.perplexity)).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(Number(row?.[2])).toBe(r.bigramRatio);
    }
  });
});

describe('model ids in the URL', () => {
  it('parses every id, and the mode follows the model', () => {
    for (const m of MODELS) {
      const { state, notices } = parseHash(`#model=${m.id}`);
      expect(notices).toEqual([]);
      expect([state.model, state.mode, state.weights]).toEqual([m.id, m.input, 'trained']);
      expect(parseHash(toHash(state)).state).toEqual(state);
    }
    const random = parseHash('#model=shapes-vit&weights=untrained&seed=3').state;
    expect([random.mode, random.weights, random.seed]).toEqual(['image', 'untrained', 3]);
    expect(parseHash(toHash(random)).state).toEqual(random);
  });

  it('maps the old links to the same views', () => {
    const view = (hash: string) => {
      const { state, notices } = parseHash(hash);
      return [state.model, state.mode, state.weights, notices.length];
    };
    expect(view('')).toEqual(['english-encoder', 'text', 'trained', 0]);
    expect(view('#model=trained')).toEqual(['english-encoder', 'text', 'trained', 0]);
    expect(view('#model=text-encoder')).toEqual(['text-encoder', 'text', 'trained', 0]);
    expect(view('#model=trained&mode=image')).toEqual(['shapes-vit', 'image', 'trained', 0]);
    expect(view('#mode=image&sample=shapes.png')).toEqual(['shapes-vit', 'image', 'trained', 0]);
    expect(view('#model=untrained')).toEqual(['english-encoder', 'text', 'untrained', 0]);
    expect(view('#mode=image&model=untrained')).toEqual(['shapes-vit', 'image', 'untrained', 0]);
    expect(view('#model=layer&d=32')).toEqual(['layer', 'text', 'trained', 0]);
    expect(view('#heads=2&kv=1')[0]).toBe('layer');
    expect(view('#mode=image&model=layer')).toEqual(['layer', 'image', 'trained', 0]);
    expect(parseHash('#model=nope').notices[0]).toMatch(/^model=nope must be english-encoder, /);
    expect(view('#mode=image&model=nope')).toEqual(['shapes-vit', 'image', 'trained', 1]);
    expect(view('#model=toString')).toEqual(['english-encoder', 'text', 'trained', 1]);
    expect(view('#model=shapes-vit&mode=text')).toEqual(['shapes-vit', 'image', 'trained', 1]);
  });

  it('switches models with the input, and the input with the model', () => {
    const image = applyChange(DEFAULTS, { mode: 'image' }, null);
    expect([image.model, image.mode]).toEqual(['shapes-vit', 'image']);
    const vit = applyChange(DEFAULTS, pickModel(DEFAULTS, 'shapes-vit-1head'), null);
    expect([vit.model, vit.mode]).toEqual(['shapes-vit-1head', 'image']);
    const random = applyChange(vit, pickModel(vit, 'untrained'), null);
    expect([random.model, random.weights]).toEqual(['shapes-vit-1head', 'untrained']);
    const layer = applyChange(random, pickModel(random, 'layer'), null);
    expect([layer.model, layer.mode]).toEqual(['layer', 'image']);
    const text = applyChange(layer, { mode: 'text' }, null);
    expect([text.model, text.mode]).toEqual(['layer', 'text']);
  });

  it('keeps KV heads, heads off and the enlarged head consistent', () => {
    const layer = parseHash('#model=layer&heads=8&kv=2&off=7,8&head=8').state;
    const four = applyChange(layer, { heads: 4 }, null);
    expect([four.kvHeads, four.off, four.head]).toEqual([2, [], 3]);
    expect(applyChange(four, { heads: 6 }, null).kvHeads).toBe(2);
    expect(applyChange(four, { heads: 5 }, null).kvHeads).toBe(5);
    const model = parseHash('#model=text-encoder&head=8').state;
    expect(applyChange(model, {}, { numHeads: 4 }).head).toBe(3);
  });
});

describe('what the page reads from a descriptor', () => {
  it('counts the framing tokens, words the roles and names the loss', () => {
    expect(framingCount(TEXT_DESCRIPTOR)).toBe(2);
    expect(framingCount(IMAGE_DESCRIPTOR)).toBe(0);
    expect(roleRule(TEXT_DESCRIPTOR, 'previous token')).toMatch(/just before it/);
    expect(roleRule(TEXT_DESCRIPTOR, 'no such role')).toBeUndefined();
    expect(wordsOf(TEXT_DESCRIPTOR)).toMatchObject({
      items: 'tokens',
      loss: 'masked-LM loss',
      perWord: true,
    });
    expect(wordsOf(IMAGE_DESCRIPTOR)).toMatchObject({ items: 'patches', perWord: false });
    expect(wordsOf({ ...TEXT_DESCRIPTOR, output: 'next-token' }).loss).toBe('next-token loss');
  });

  it('words a decoder’s output as the next token, not masked guesses', () => {
    const decoder = {
      ...TEXT_DESCRIPTOR,
      family: 'causal-lm-decoder',
      output: 'next-token' as const,
    };
    expect(wordsOf(decoder)).toMatchObject({
      scoring: 'each next token guessed from the tokens before it',
      scored: 'next tokens',
    });
    expect(wordsOf(TEXT_DESCRIPTOR).scored).toBe('masked words');
    expect(guessesTitle(decoder, 'fox', 4)).toBe(
      'What the model expects after “fox” (position 5):',
    );
    expect(guessesTitle(TEXT_DESCRIPTOR, '[MASK]', 2)).toMatch(
      /guesses for the \[MASK\] at position 3/,
    );
    expect(guessesTitle(TEXT_DESCRIPTOR, 'fox', 4)).toMatch(/type \[MASK\] in place of a word/);
    expect(familyWords(decoder)).toMatch(/only itself and the tokens before it/);
  });
});
