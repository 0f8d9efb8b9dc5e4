// The trained models on the page and in the widget, in Debian's Chromium: they are the default,
// every layer and head is shown with the evidence for its job, layers can be picked and heads
// switched off, random weights are one choice away, and the model's guesses are shown.
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

describe('the trained text model', () => {
  it('is the default, with every layer × head labelled from its evidence', async () => {
    const { page, problems } = await openPage(served.browser, site());
    await ready(page);
    expect(await page.inputValue('#model')).toBe('trained');
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

  it('picks layers, switches a head off, and guesses a [MASK]', async () => {
    const { page, problems } = await openPage(served.browser, site());
    await ready(page);
    await page.selectOption('#layer', '1');
    await expect.poll(() => page.textContent('#detail h3')).toMatch(/^Layer 2, head/);
    expect(page.url()).toContain('layer=2');
    const output = () =>
      page.$$eval('#fused svg rect[data-row] title', (ts) => ts.map((t) => t.textContent));
    const before = await output();
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
    expect(page.url()).toContain('model=untrained');
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
});
