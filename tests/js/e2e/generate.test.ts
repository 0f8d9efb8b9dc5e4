// The generation section in Debian's Chromium: with the English decoder picked, a typed sentence
// is continued token by token; the pieces are the ones the library's greedy generation gives for
// the same text (run here in Node), each step shows the newest token's attention as one row per
// head, and the KV cache figures are the formula's. Stop, a refused option and a model change
// leave the typed text alone; axe finds no violation in the section; it fits a phone. Screenshots:
// test-results/screenshots/generate.png and generate-phone.png.
import { AxeBuilder } from '@axe-core/playwright';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadHeadscope, type Model } from 'headscope';
import { openPage, screenshotPath } from '../support/page-session.js';
import { readRepoFile } from '../support/repo-file.js';
import { useSite } from './site.js';

const served = useSite();
const site = (hash = '') => `${served.url}dist/site/index.html${hash}`;
const SENTENCE = 'The children played in the park until the sun';

let decoder: Model;
beforeAll(async () => {
  const hs = await loadHeadscope();
  decoder = hs.loadModel(await readRepoFile('public/models/english-decoder.safetensors'));
});

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
}

/** Waits until the section's run has ended (or failed). */
async function finished(page: Page): Promise<string> {
  await page.waitForFunction(() =>
    ['done', 'error'].includes(document.getElementById('generate-section')!.dataset.state ?? ''),
  );
  return (await page.getAttribute('#generate-section', 'data-state'))!;
}

const pieces = (page: Page, kind: string) =>
  page.$$eval(`#gen-pieces .gen-piece.${kind}`, (ps) => ps.map((p) => p.textContent ?? ''));

/** A model switch loads a 3–4 MB checkpoint in the worker: seconds on a loaded machine. */
const LOADING = { timeout: 20_000 };

/** Opens the page on the decoder with the sentence typed in. */
async function decoderPage(viewport?: { width: number; height: number }) {
  const session = await openPage(served.browser, site('#model=english-decoder'), viewport);
  await ready(session.page);
  await session.page.fill('#text', SENTENCE);
  await ready(session.page);
  await expect.poll(() => session.page.isVisible('#generate-section'), LOADING).toBe(true);
  return session;
}

describe('generation on the page', () => {
  it('continues the typed sentence with the library’s greedy tokens and shows each step’s heads', async () => {
    const { page, problems } = await decoderPage();
    await page.fill('#gen-max-tokens', '12');
    await page.click('#gen-start');
    // New pieces appear one by one while it runs.
    await page.waitForFunction(() => document.querySelectorAll('.gen-piece.generated').length > 0);
    expect(await finished(page)).toBe('done');

    const expected = decoder.generate(SENTENCE, { maxTokens: 12 });
    const steps = [...expected];
    expect(await pieces(page, 'prompt')).toEqual(expected.tokens.slice(0, expected.promptLength));
    expect(await pieces(page, 'generated')).toEqual(steps.map((s) => s.token));
    expect(await page.textContent('#gen-pieces .newest')).toBe(steps.at(-1)!.token);
    expect(await page.textContent('#gen-status')).toMatch(/Generated 12 tokens/);
    expect(await page.inputValue('#text')).toBe(SENTENCE);

    // The newest token's attention in the layer shown: one row per head over every token so far.
    const { numHeads: H } = decoder.info;
    const t = steps.at(-1)!.position + 1;
    expect(await page.locator('#gen-attention svg rect[data-row]').count()).toBe(H * t);
    expect(await page.locator('#gen-attention svg [data-row-label]').count()).toBe(H);
    const first = await page.textContent('#gen-attention svg [data-row-label="0"]');
    expect(first).toMatch(/^H1 · kv 1/);
    const layer1 = steps.at(-1)!.attention[0]!;
    const shown = await page.$$eval('#gen-attention svg rect[data-row="0"] title', (ts) =>
      ts.map((x) => x.textContent ?? ''),
    );
    expect(shown).toHaveLength(t);
    expect(Number(shown.at(-1)!.split(': ').at(-1))).toBeCloseTo(layer1[t - 1]!, 2);
    // Another layer redraws the rows from the same step.
    await page.selectOption('#layer', '2');
    await expect.poll(() => page.textContent('#gen-attention-hint')).toMatch(/^Layer 3/);
    expect(await page.locator('#gen-attention svg rect[data-row]').count()).toBe(H * t);

    await page.locator('#generate-section').screenshot({ path: screenshotPath('generate') });
    expect(problems).toEqual([]);
  });

  it('shows the KV cache per token for MHA, this model (GQA) and MQA, as the formula gives', async () => {
    const { page, problems } = await decoderPage();
    const info = decoder.info;
    const headDim = info.dModel / info.numHeads;
    const bytes = (kv: number, b: number) => info.numLayers * 2 * kv * headDim * b;
    const value = (name: string) =>
      page.getAttribute(`#gen-kv [data-figure="${name}"]`, 'data-value').then(Number);
    for (const [key, kv] of [
      ['mha', info.numHeads],
      ['model', info.numKvHeads],
      ['mqa', 1],
    ] as const) {
      expect(await value(`kv-${key}-kv-heads`)).toBe(kv);
      expect(await value(`kv-${key}-float32`)).toBe(bytes(kv, 4));
      expect(await value(`kv-${key}-float16`)).toBe(bytes(kv, 2));
    }
    expect(await page.textContent('#gen-kv')).toMatch(/GQA \(this model\)/);
    expect(await page.textContent('#gen-kv')).toMatch(/share each pair, \d+× less than MHA/);
    // Which query heads read each key/value head, grouped as the core groups them: consecutive.
    const group = info.numHeads / info.numKvHeads;
    const serves = Array.from(
      { length: info.numKvHeads },
      (_, g) => `KV ${g + 1} serves H${g * group + 1}–H${(g + 1) * group}`,
    ).join(', ');
    expect(await page.getAttribute('#gen-kv svg[data-view=kv-sharing]', 'aria-label')).toBe(
      `${info.numHeads} query heads reading ${info.numKvHeads} key/value heads: ${serves}`,
    );
    expect(await page.locator('#gen-kv svg[data-view=kv-sharing] line').count()).toBe(
      info.numHeads,
    );
    // And what sharing cost when the recipe was trained with 8, 2 and 1 key/value heads.
    const ppl = [8, 2, 1].map((kv) => value(`sharing-${kv}-perplexity`));
    const [mha, gqa, mqa] = await Promise.all(ppl);
    expect(mha).toBeLessThan(gqa!);
    expect(gqa).toBeLessThan(mqa!);
    await page.locator('#gen-kv').screenshot({ path: screenshotPath('sharing') });
    expect(problems).toEqual([]);
  });

  it('stops on Stop, shows a refused option as a message, and keeps the text', async () => {
    const { page, problems } = await decoderPage();
    await page.fill('#gen-max-tokens', '100');
    await page.click('#gen-start');
    await page.waitForFunction(() => document.querySelectorAll('.gen-piece.generated').length > 1);
    await page.click('#gen-stop');
    expect(await finished(page)).toBe('done');
    await expect.poll(() => page.textContent('#gen-status')).toMatch(/^Stopped after \d+ tokens/);
    const after = (await pieces(page, 'generated')).length;
    expect(after).toBeLessThan(100);

    await page.fill('#gen-top-k', '2.5');
    await page.click('#gen-start');
    expect(await finished(page)).toBe('error');
    expect(await page.textContent('#gen-error')).toContain('topK 2.5 must be an integer');
    expect(await page.inputValue('#text')).toBe(SENTENCE);
    // Corrected, it runs again, from the keyboard.
    await page.fill('#gen-top-k', '5');
    await page.fill('#gen-temperature', '0.8');
    await page.fill('#gen-max-tokens', '3');
    await page.locator('#gen-start').focus();
    await page.keyboard.press('Enter');
    expect(await finished(page)).toBe('done');
    expect(await page.isHidden('#gen-error')).toBe(true);
    expect(await pieces(page, 'generated')).toHaveLength(3);
    expect(problems).toEqual([]);
  });

  it('passes axe, is hidden for the encoder, and fits a phone', async () => {
    const { page, problems } = await decoderPage({ width: 390, height: 844 });
    await page.fill('#gen-max-tokens', '8');
    await page.click('#gen-start');
    expect(await finished(page)).toBe('done');
    // Legacy mode: axe runs in this page alone (its default opens a page of its own, which a page
    // made by browser.newPage() cannot).
    const axe = await new AxeBuilder({ page })
      .include('#generate-section')
      .setLegacyMode()
      .analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(1);
    await page.locator('#generate-section').screenshot({ path: screenshotPath('generate-phone') });
    await page.click('#controls-open'); // on a phone the settings are in a drawer
    await page.selectOption('#model', 'english-encoder');
    await expect.poll(() => page.isHidden('#generate-section'), LOADING).toBe(true);
    expect(await page.inputValue('#text')).toBe(SENTENCE);
    expect(problems).toEqual([]);
  });
});
