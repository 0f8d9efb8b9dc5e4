// The widget on a host page and the iframe page, as the examples in examples/ use them: lazy
// start, attributes, shadow-DOM styles, two figures at once, and the iframe's hash state.
import { describe, expect, it } from 'vitest';
import { openPage, screenshotPath } from '../support/page-session.js';
import { useSite } from './site.js';

const served = useSite();

describe('<headscope-attention>', () => {
  it('starts when scrolled into view and draws from its attributes', async () => {
    const { page, problems } = await openPage(served.browser, `${served.url}examples/widget.html`);
    const first = page.locator('#four-heads');
    const second = page.locator('#mqa');
    await expect.poll(() => first.locator('.head-card').count()).toBe(4);
    // The second figure is far below: not started yet.
    expect(await second.locator('.head-card').count()).toBe(0);
    expect(await second.locator('.message').textContent()).toContain('scrolls into view');
    await second.scrollIntoViewIfNeeded();
    await expect.poll(() => second.locator('.head-card').count()).toBe(8);
    expect(await second.locator('.message').textContent()).toContain('8 heads × 8 dims');
    // Both figures keep their own scenes.
    const heads = await page.evaluate(() =>
      ['four-heads', 'mqa'].map(
        (id) =>
          (
            document.getElementById(id) as unknown as {
              scene: { config: { numHeads: number; numKvHeads: number } };
            }
          ).scene.config,
      ),
    );
    expect(heads.map((c) => [c.numHeads, c.numKvHeads])).toEqual([
      [4, 4],
      [8, 1],
    ]);
    // Editing the text in the second recomputes it.
    await second.locator('input.text').fill('It is tasty');
    await expect.poll(() => second.locator('.message').textContent()).toContain('3 tokens');
    await page.screenshot({ path: screenshotPath('widget'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('follows attribute changes and reports bad values in the figure', async () => {
    const { page, problems } = await openPage(served.browser, `${served.url}examples/widget.html`);
    const first = page.locator('#four-heads');
    await expect.poll(() => first.locator('.head-card').count()).toBe(4);
    await first.evaluate((el) => el.setAttribute('heads', '2'));
    await expect.poll(() => first.locator('.head-card').count()).toBe(2);
    await first.evaluate((el) => el.setAttribute('heads', '3'));
    await expect
      .poll(() => first.locator('.message').textContent())
      .toContain('d_model 64 is not divisible by num_heads 3');
    expect(problems).toEqual([]);
  });
});

describe('a guided-path step in the widget', () => {
  it('says the step above its views, with its model and this input’s numbers', async () => {
    const { page, problems } = await openPage(served.browser, `${served.url}examples/widget.html`);
    const first = page.locator('#four-heads');
    await expect.poll(() => first.locator('.head-card').count()).toBe(4);
    // Step 8 needs the decoder; the figure has no `model`, so the step chooses it.
    await first.evaluate((el) => {
      for (const a of ['heads', 'd-model', 'kv-heads', 'model']) el.removeAttribute(a);
      el.setAttribute('step', '8');
    });
    const caption = first.locator('.guide-caption');
    await expect
      .poll(() => caption.textContent())
      .toContain('Step 8 of 9: Sharing keys and values: GQA and MQA');
    expect(await caption.textContent()).toContain('8 query heads share 2 key/value heads (GQA)');
    await expect.poll(() => first.locator('.head-card').count()).toBe(8);
    // A step out of range is named beside the figure, which still draws.
    await first.evaluate((el) => el.setAttribute('step', '12'));
    await expect.poll(() => first.locator('.message').textContent()).toContain('step=12');
    await expect.poll(() => first.locator('.guide-caption').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});

describe('embed.html in an iframe', () => {
  it('draws the image view its hash describes', async () => {
    const { page, problems } = await openPage(served.browser, `${served.url}examples/iframe.html`);
    const frame = page.frameLocator('#patches');
    await expect
      .poll(() => frame.locator('canvas[data-patches]').count(), { timeout: 20_000 })
      .toBe(6);
    expect(await frame.locator('.message').textContent()).toContain('144 patches');
    await page.screenshot({ path: screenshotPath('iframe'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
