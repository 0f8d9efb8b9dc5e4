// The trained models on the page and in the widget, in Debian's Chromium: they are the default
// (the English encoder for text; the grammar model by its id), every layer and head is shown with
// the evidence for its job, layers can be picked and heads switched off, random weights are one
// choice away, and the model's guesses are shown.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, screenshotPath } from '../support/page-session.js';
import { useSite } from './site.js';

const served = useSite();
const site = (hash = '') => `${served.url}dist/site/index.html${hash}`;

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
}

const cells = (page: Page) =>
  page.$$eval('#model-grid [data-model-head]', (cs) => cs.map((c) => c.textContent ?? ''));

describe('the trained text models', () => {
  it('the English encoder is the default, reading subword pieces framed by [CLS] and [SEP]', async () => {
    const { page, problems } = await openPage(served.browser, site());
    await ready(page);
    expect(await page.inputValue('#model')).toBe('english-encoder');
    const note = (await page.textContent('#model-note'))!;
    const [, L, H] = note.match(/(\d+) layers × (\d+) heads/)!.map(Number);
    expect((await cells(page)).length).toBe(L! * H!);
    expect(await page.textContent('#detail [data-side=query][data-token="0"]')).toBe('[CLS]');
    const tokens = await page.$$eval('#detail [data-side=query]', (ts) =>
      ts.map((t) => t.textContent),
    );
    expect(tokens.at(-1)).toBe('[SEP]');
    expect(await page.textContent('#model-hint')).toMatch(/^A masked-LM encoder/);
    // A typed [MASK] is one token, whose guesses are shown.
    await page.fill('#text', 'Paris is the capital of [MASK].');
    // The page may still say 'ready' for the old text: wait for the new one's tokens.
    const maskAt = () =>
      page.$$eval('#detail [data-side=query]', (ts) =>
        ts.findIndex((t) => t.textContent === '[MASK]'),
      );
    await expect.poll(maskAt, { timeout: 10_000 }).toBeGreaterThan(0);
    const mask = await maskAt();
    await page.locator(`#detail [data-side=query][data-token="${mask}"]`).hover();
    await expect.poll(() => page.textContent('#guesses')).toContain('guesses for the [MASK]');
    expect(await page.isHidden('#generate-section')).toBe(true);
    expect(problems).toEqual([]);
  });

  it('the grammar model, picked by id, has every layer × head labelled from its evidence', async () => {
    const { page, problems } = await openPage(served.browser, site('#model=text-encoder'));
    await ready(page);
    expect(await page.inputValue('#model')).toBe('text-encoder');
    // The checkpoint says how many layers and heads there are; the grid shows them all.
    const note = (await page.textContent('#model-note'))!;
    const [, L, H] = note.match(/(\d+) layers × (\d+) heads/)!.map(Number);
    const text = await cells(page);
    expect(text.length).toBe(L! * H!);
    expect(text.some((c) => /previous token 0\.\d\d/.test(c))).toBe(true);
    expect(text.some((c) => /next token/.test(c))).toBe(true);
    // The tokens are framed as the model reads them.
    expect(await page.textContent('#detail [data-side=query][data-token="0"]')).toBe('[CLS]');
    expect(await page.textContent('#status')).toMatch(/model loaded in \d+ ms/);
    // Choosing a labelled cell shows that layer and head, with its evidence in words.
    await page
      .locator('#model-grid [data-model-head]', { hasText: 'previous token' })
      .first()
      .click();
    await expect
      .poll(() => page.textContent('#detail .evidence'))
      .toMatch(/the token just before it \d+% of the time \(a head linking at random: \d+%\)/);
    await page.screenshot({ path: screenshotPath('trained-text'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('the English decoder reads [BOS] first and guesses the token after each', async () => {
    const { page, problems } = await openPage(served.browser, site('#model=english-decoder'));
    await ready(page);
    expect(await page.textContent('#detail [data-side=query][data-token="0"]')).toBe('[BOS]');
    expect(await page.textContent('#model-note')).toMatch(/× 8 heads sharing 2 key\/value heads/);
    expect(await page.textContent('#model-hint')).toMatch(/^A causal decoder/);
    await page.locator('#detail [data-side=query][data-token="2"]').hover();
    await expect.poll(() => page.textContent('#guesses')).toMatch(/What the model expects after/);
    expect(problems).toEqual([]);
  });

  it('picks layers, switches a head off, and guesses a [MASK]', async () => {
    const { page, problems } = await openPage(served.browser, site('#model=text-encoder'));
    await ready(page);
    await page.selectOption('#layer', '1');
    await expect.poll(() => page.textContent('#detail h3')).toMatch(/^Layer 2, head/);
    expect(page.url()).toContain('layer=2');
    // The output numbers, from the fused section's table.
    await page.locator('#fused details.matrix-numbers summary').click();
    await page.waitForSelector('#fused .matrix-numbers td'); // built on the toggle event
    const output = () =>
      page.$$eval('#fused .matrix-numbers td', (ts) => ts.map((t) => t.textContent));
    const before = await output();
    // A row per piece shown in the detail view, a column per dimension of d_model.
    const pieces = await page.locator('#detail [data-side=query]').count();
    const dims = (await page.locator('#fused .matrix-numbers thead th').count()) - 1;
    expect(dims).toBeGreaterThanOrEqual(32);
    expect(before.length).toBe(pieces * dims);
    await page.locator('#head-toggles input[data-head="0"]').uncheck();
    await expect.poll(() => page.url()).toContain('off=2.1');
    await expect.poll(output).not.toEqual(before);
    expect(
      await page.getAttribute('#model-grid [data-layer="1"][data-model-head="0"]', 'class'),
    ).toContain('off');
    await page.fill('#text', 'The queen thanked the boys because [MASK] was happy.');
    await page.locator('#detail [data-side=query][data-token="7"]').hover();
    await expect.poll(() => page.textContent('#guesses')).toContain('[MASK] at position 8');
    expect(await page.textContent('#guesses li:first-child')).toMatch(/^she \d+\.\d%$/);
    expect(problems).toEqual([]);
  });

  it('offers the same model with random weights, which carries no labels', async () => {
    const { page, problems } = await openPage(served.browser, site());
    await ready(page);
    await page.selectOption('#model', 'untrained');
    await expect.poll(() => page.textContent('#model-note')).toContain('Random weights');
    await expect.poll(async () => (await cells(page)).join(' ')).not.toMatch(/token|subject/);
    expect(page.url()).toContain('weights=untrained');
    await page.selectOption('#model', 'layer');
    await expect.poll(() => page.isVisible('#layer-settings')).toBe(true);
    expect(await page.isVisible('#model-section')).toBe(false);
    expect(problems).toEqual([]);
  });
});

describe('the trained vision model', () => {
  it('classifies the sample image and shows its patch heads', async () => {
    const { page, problems } = await openPage(
      served.browser,
      site('#mode=image&sample=shapes.png'),
    );
    await ready(page);
    await expect.poll(() => page.textContent('#status')).toMatch(/64 patches/);
    expect(await page.locator('#guesses li').count()).toBe(4);
    expect((await cells(page)).some((c) => /other shape|shapes/.test(c))).toBe(true);
    await page.screenshot({ path: screenshotPath('trained-image'), fullPage: true });
    expect(problems).toEqual([]);
  });
});

describe('model ids and old links', () => {
  const drawn = async (page: Page) => {
    await ready(page);
    return {
      model: await page.inputValue('#model'),
      image: await page.isVisible('#input-image'),
      patches: await page.locator('#overview canvas[data-patches]').count(),
      cells: (await cells(page)).length,
    };
  };

  it('shows the vision model for an old link #model=trained&mode=image', async () => {
    const { page, problems } = await openPage(served.browser, site('#model=trained&mode=image'));
    expect(await drawn(page)).toEqual({ model: 'shapes-vit', image: true, patches: 4, cells: 8 });
    expect(problems).toEqual([]);
  });

  it('shows the text model with random weights for an old link #model=untrained', async () => {
    const { page, problems } = await openPage(served.browser, site('#model=untrained&seed=3'));
    expect(await drawn(page)).toEqual({ model: 'untrained', image: false, patches: 0, cells: 24 });
    await expect.poll(() => page.textContent('#model-note')).toContain('Random weights');
    expect(problems).toEqual([]);
  });

  it('switches to image input when the vision model is chosen, by id or in the picker', async () => {
    const { page, problems } = await openPage(served.browser, site('#model=shapes-vit'));
    expect(await drawn(page)).toEqual({ model: 'shapes-vit', image: true, patches: 4, cells: 8 });
    await page.goto(site());
    await ready(page);
    await page.selectOption('#model', 'shapes-vit-1head');
    await expect.poll(() => page.locator('#overview canvas[data-patches]').count()).toBe(1);
    expect(await page.getAttribute('#tab-image', 'aria-selected')).toBe('true');
    await expect.poll(() => page.textContent('#status')).toMatch(/64 patches/);
    await page.click('#tab-text');
    await expect.poll(() => page.inputValue('#model')).toBe('english-encoder');
    await expect.poll(() => page.locator('#overview .head-card').count()).toBe(8);
    expect(problems).toEqual([]);
  });
});

describe('the widget', () => {
  it('shows the trained model by default, with the model section on request', async () => {
    const { page, problems } = await openPage(served.browser, `${served.url}examples/widget.html`);
    await page.evaluate(() => {
      const el = document.createElement('headscope-attention');
      el.id = 'trained';
      el.setAttribute('text', 'The queen thanked the boys because she was happy.');
      el.setAttribute('sections', 'model overview');
      el.setAttribute('layer', '1');
      document.body.prepend(el);
    });
    const label = () =>
      page.evaluate(() => {
        const root = document.getElementById('trained')!.shadowRoot!;
        return root.querySelector('.message')?.textContent ?? '';
      });
    await expect.poll(label, { timeout: 20_000 }).toMatch(/^Layer 1 of \d+: .*Trained model\./);
    const grid = await page.evaluate(
      () =>
        document.getElementById('trained')!.shadowRoot!.querySelectorAll('[data-model-head]')
          .length,
    );
    expect(grid).toBeGreaterThan(4);
    expect(problems).toEqual([]);
  });

  it('takes a model id, and the old model names', async () => {
    const { page, problems } = await openPage(served.browser, `${served.url}examples/widget.html`);
    await page.evaluate(() => {
      const add = (id: string, attrs: Record<string, string>) => {
        const el = document.createElement('headscope-attention');
        el.id = id;
        for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
        document.body.prepend(el);
      };
      add('vit', { model: 'shapes-vit', src: '../dist/site/samples/shapes.png' });
      add('old', { model: 'untrained', seed: '2' });
    });
    const message = (id: string) =>
      page.evaluate(
        (id) => document.getElementById(id)!.shadowRoot!.querySelector('.message')?.textContent,
        id,
      );
    await expect.poll(() => message('vit'), { timeout: 20_000 }).toMatch(/64 patches.*Trained/);
    await expect
      .poll(() => message('old'), { timeout: 20_000 })
      .toMatch(/tokens.*Random weights, seed 2/);
    expect(problems).toEqual([]);
  });
});
