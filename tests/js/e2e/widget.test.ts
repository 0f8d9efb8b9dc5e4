// The widget on a host page and the iframe page, as the examples in examples/ use them: lazy
// start, attributes, shadow-DOM styles, two figures at once, and the iframe's hash state; and the
// guided tour inside the widget (fixtures/tour.html): its step bar by mouse, keyboard and touch.
// Screenshots: test-results/screenshots/widget-tour-*.png.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, PHONE, screenshotPath, type Screen } from '../support/page-session.js';
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
  it('says the step in its step bar, with its model and this input’s numbers', async () => {
    const { page, problems } = await openPage(served.browser, `${served.url}examples/widget.html`);
    const first = page.locator('#four-heads');
    await expect.poll(() => first.locator('.head-card').count()).toBe(4);
    // No step attribute: no bar.
    expect(await first.locator('.guide-bar').isHidden()).toBe(true);
    // Step 8 needs the decoder; the figure has no `model`, so the step chooses it.
    await first.evaluate((el) => {
      for (const a of ['heads', 'd-model', 'kv-heads', 'model']) el.removeAttribute(a);
      el.setAttribute('step', '8');
    });
    const c = await stepBar(first, 8);
    expect(c.label).toBe('Step 8 of 9 · Sharing keys and values: GQA and MQA');
    expect(c.text).toContain('8 query heads share 2 key/value heads (GQA)');
    await expect.poll(() => first.locator('.head-card').count()).toBe(8);
    // A step out of range is named beside the figure, which still draws.
    await first.evaluate((el) => el.setAttribute('step', '12'));
    await expect.poll(() => first.locator('.message').textContent()).toContain('step=12');
    await expect.poll(() => first.locator('.guide-bar').isHidden()).toBe(true);
    // `tour` without a step: the whole tour, from its first step.
    await first.evaluate((el) => {
      el.removeAttribute('step');
      el.setAttribute('tour', '');
    });
    expect((await stepBar(first, 1)).label).toBe('Step 1 of 9 · One head, one pattern per token');
    await first.locator('.guide-next').click();
    await stepBar(first, 2);
    expect(await first.getAttribute('step')).toBe('2');
    expect(problems).toEqual([]);
  });
});

/** A tutorial page with two figures in the tour: #tour at step 2, #patches at 9 with no image. */
const tourPage = (screen?: Screen) =>
  openPage(served.browser, `${served.url}tests/js/e2e/fixtures/tour.html`, screen);

/** Figure `f`'s step bar once it shows step n (1-based). */
async function stepBar(f: Locator, n: number) {
  await f.locator(`.guide-bar[data-step="${n}"]`).waitFor();
  return f.locator('.guide-bar').evaluate((bar) => {
    const notice = bar.querySelector<HTMLElement>('.guide-notice')!;
    const button = (cls: string) => bar.querySelector<HTMLButtonElement>(cls)!;
    return {
      label: bar.querySelector('.guide-bar-label')!.textContent,
      text: bar.querySelector('.guide-text')!.textContent ?? '',
      notice: notice.hidden ? null : notice.textContent,
      back: !button('.guide-back').disabled,
      next: !button('.guide-next').disabled,
    };
  });
}

/** The class of the element focused inside figure `f`'s shadow root ('' when none). */
const focusedIn = (f: Locator) => f.evaluate((el) => el.shadowRoot!.activeElement?.className ?? '');

/** The steps the host page heard of through `headscope-step`, on the document (so it bubbled). */
async function listenForSteps(page: Page): Promise<() => Promise<number[]>> {
  await page.evaluate(() => {
    const seen: number[] = [];
    Object.assign(window, { stepsSeen: seen });
    document.addEventListener('headscope-step', (e) =>
      seen.push((e as CustomEvent<{ step: number }>).detail.step),
    );
  });
  return () => page.evaluate(() => (window as unknown as { stepsSeen: number[] }).stepsSeen);
}

/** Heads and head dimensions of the figure's scene. */
const config = (f: Locator) =>
  f.evaluate((el) => {
    const c = (el as unknown as { scene: { config: { numHeads: number; headDim: number } } }).scene
      .config;
    return { heads: c.numHeads, headDim: c.headDim };
  });

describe('the step bar', () => {
  it('moves through the tour with Back and Next, telling the host page', async () => {
    const { page, problems } = await tourPage();
    const tour = page.locator('#tour');
    const steps = await listenForSteps(page);
    const two = await stepBar(tour, 2);
    expect(two.label).toBe('Step 2 of 9 · Queries, keys and values');
    expect(two.text).toMatch(/gives q · k = -?[\d.]+; scaled/);
    expect([two.back, two.next]).toEqual([true, true]);
    await tour.locator('.guide-next').click();
    const three = await stepBar(tour, 3);
    expect(three.label).toBe('Step 3 of 9 · Many heads over smaller subspaces');
    // The sentences are step 3's, with the numbers of the scene drawn.
    const { heads, headDim } = await config(tour);
    expect(three.text).toContain(`${heads} heads each work on ${headDim} numbers`);
    expect(three.text).not.toContain('q · k');
    expect(await tour.getAttribute('step')).toBe('3');
    expect(await steps()).toEqual([3]);
    expect(await tour.locator('.overview .head-card').count()).toBe(heads);
    await page.screenshot({ path: screenshotPath('widget-tour-step-3') });
    // Back to the first step: Back is disabled there, and focus goes to Next, not the page.
    await tour.locator('.guide-back').click();
    await stepBar(tour, 2);
    await tour.locator('.guide-back').click();
    const one = await stepBar(tour, 1);
    expect(one.label).toBe('Step 1 of 9 · One head, one pattern per token');
    expect([one.back, one.next]).toEqual([false, true]);
    expect(await focusedIn(tour)).toBe('guide-next');
    expect(await tour.getAttribute('step')).toBe('1');
    expect(await steps()).toEqual([3, 2, 1]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('works from the keyboard alone, keeping focus as the model changes', async () => {
    const { page, problems } = await tourPage();
    const tour = page.locator('#tour');
    const steps = await listenForSteps(page);
    await stepBar(tour, 2);
    await tour.evaluate((el) => el.setAttribute('step', '7'));
    await stepBar(tour, 7);
    // Tab from the top of the page: Back, then Next.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Tab');
    expect(await focusedIn(tour)).toBe('guide-back');
    await page.keyboard.press('Tab');
    expect(await focusedIn(tour)).toBe('guide-next');
    const outline = () =>
      tour.evaluate((el) => getComputedStyle(el.shadowRoot!.activeElement!).outlineStyle);
    expect(await outline()).toBe('solid');
    // Step 8 needs the decoder: the figure loads it and redraws, and Next keeps the focus.
    await page.keyboard.press('Enter');
    const eight = await stepBar(tour, 8);
    expect(eight.text).toContain('query heads share 2 key/value heads');
    expect(await tour.locator('.message').textContent()).toContain('Layer 1 of 3');
    expect(await focusedIn(tour)).toBe('guide-next');
    // Step 9 is the last: Next is disabled, and the focus moves to Back.
    await page.keyboard.press('Enter');
    const nine = await stepBar(tour, 9);
    expect(nine.next).toBe(false);
    expect(await focusedIn(tour)).toBe('guide-back');
    expect(await outline()).toBe('solid');
    await tour.locator('.guide-bar').screenshot({ path: screenshotPath('widget-tour-keyboard') });
    await page.keyboard.press('Enter');
    await stepBar(tour, 8);
    expect(await steps()).toEqual([8, 9, 8]);
    expect(await tour.getAttribute('step')).toBe('8');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says what the image step lacks without an image, and still draws', async () => {
    const { page, problems } = await tourPage();
    const patches = page.locator('#patches');
    await patches.scrollIntoViewIfNeeded();
    const nine = await stepBar(patches, 9);
    expect(nine.label).toBe('Step 9 of 9 · Attention over image patches');
    expect(nine.notice).toMatch(/needs an image.*give it a src attribute/);
    expect(nine.text).toContain('Switch to an image');
    expect([nine.back, nine.next]).toEqual([true, false]);
    // The views are drawn over the figure's text.
    await expect.poll(() => patches.locator('.overview .head-card').count()).toBe(8);
    expect(await patches.locator('.message').textContent()).toMatch(/\d+ tokens/);
    await patches.screenshot({ path: screenshotPath('widget-tour-no-image') });
    // Back reaches a step it can show in full: the notice goes.
    await patches.locator('.guide-back').click();
    expect((await stepBar(patches, 8)).notice).toBeNull();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('fits a phone, with buttons a finger can hit', async () => {
    const { page, problems } = await tourPage(PHONE);
    const tour = page.locator('#tour');
    await stepBar(tour, 2);
    await expect.poll(() => tour.locator('.head-card').count()).toBe(8);
    for (const cls of ['.guide-back', '.guide-next']) {
      const box = (await tour.locator(cls).boundingBox())!;
      expect(box.width, cls).toBeGreaterThanOrEqual(44);
      expect(box.height, cls).toBeGreaterThanOrEqual(44);
      expect(box.x + box.width, cls).toBeLessThanOrEqual(PHONE.width);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(PHONE.width);
    await tour.locator('.guide-next').tap();
    await stepBar(tour, 3);
    await page.screenshot({ path: screenshotPath('widget-tour-phone') });
    expect(problems).toEqual([]);
    await page.close();
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
