// The examples in examples/ run as the README says and print what they promise.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../..', import.meta.url));

it('examples/node-forward.mjs prints each head and a clear error for a bad config', () => {
  const out = execFileSync('node', ['examples/node-forward.mjs'], { cwd: repo, encoding: 'utf8' });
  expect(out).toContain('SIMD: wasm; 2 heads of width 4');
  expect(out).toMatch(/head 1\n(\s+\w+\s+-> \w+\s+(\d\.\d\d ?){4}\n){4}head 2/);
  expect(out).toContain('bad config -> Error: d_model 10 is not divisible by num_heads 3');
});

it('examples/node-shipped-model.mjs loads a shipped model by id and guesses the masked word', () => {
  const out = execFileSync('node', ['examples/node-shipped-model.mjs'], {
    cwd: repo,
    encoding: 'utf8',
  });
  expect(out).toMatch(/^shipped: english-encoder, .*shapes-vit/m);
  expect(out).toContain('english-encoder: 3 layers × 8 heads, d_model 128');
  expect(out).toMatch(/tokens: \[CLS\] She .* \[MASK\] at the office again \. \[SEP\]/);
  // The five likeliest words, each with its probability.
  expect(out).toMatch(/(\n  \S+ +\d+\.\d%){5}\n/);
  expect(out).toContain('bad id -> Error: there is no shipped model "english-encodr"; the ids are');
});
