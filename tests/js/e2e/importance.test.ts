// The "which heads matter" and "pruning" panels in Debian's Chromium: the ranked bars and the
// losses show the numbers the library measures for the same input (run here in Node), the
// measure choice lands in the URL, and the pruning slider switches off exactly the first k heads
// of the core's pruning order (in the URL, the head toggles and the chart) and shows that step's
// held-out loss. Importance is only asked for once the panels are on screen.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadHeadscope, type HeadImportance, type Model } from 'headscope';
import { openPage, screenshotPath } from '../support/page-session.js';
import { readRepoFile } from '../support/repo-file.js';
import { useSite } from './site.js';

const served = useSite();
const site = (hash = '') => `${served.url}dist/site/index.html${hash}`;
/** The toy grammar model (picked by id: the page's default is the English encoder) on a sentence. */
const SENTENCE = 'The scientist who reviewed the papers says that they were flawed.';
const textSite = () => site(`#model=text-encoder&text=${encodeURIComponent(SENTENCE)}`);

let text: Model, vision: Model;
beforeAll(async () => {
  const hs = await loadHeadscope();
  text = hs.loadModel(await readRepoFile('public/models/text.safetensors'));
  vision = hs.loadModel(await readRepoFile('public/models/vision.safetensors'));
});

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
}

/** Scrolls to the panels and waits until this input's importance is drawn. */
async function measured(page: Page): Promise<void> {
  await page.locator('#importance-panels').scrollIntoViewIfNeeded();
  await page.waitForFunction(
    () => document.getElementById('importance-panels')?.dataset.state === 'ready',
  );
}

/** The bars, top to bottom: head number (layer × heads + head) and value. */
const bars = (page: Page, numHeads: number) =>
  page.$$eval(
    '#importance [data-model-head]',
    (rows, H) =>
      rows.map((r) => ({
        k: Number(r.getAttribute('data-layer')) * H + Number(r.getAttribute('data-model-head')),
        value: Number(r.getAttribute('data-value')),
      })),
    numHeads,
  );

/** A number shown in the panels' text, at full precision. */
const figure = async (page: Page, name: string) =>
  Number(await page.getAttribute(`#importance-panels [data-figure="${name}"]`, 'data-value'));

/** The bars should show every head, largest value first, each with the library's value. */
async function expectBars(page: Page, values: Float32Array, numHeads: number): Promise<void> {
  const shown = await bars(page, numHeads);
  expect(shown).toHaveLength(values.length);
  expect(new Set(shown.map((b) => b.k)).size).toBe(values.length);
  for (const b of shown) expect(b.value).toBeCloseTo(values[b.k]!, 5);
  for (let i = 1; i < shown.length; i++)
    expect(shown[i]!.value).toBeLessThanOrEqual(shown[i - 1]!.value);
}

const pairName = (k: number, H: number) => `${Math.floor(k / H) + 1}.${(k % H) + 1}`;
/** A key of the page's URL hash. */
const hashKey = (page: Page, key: string) =>
  new URLSearchParams(new URL(page.url()).hash.slice(1)).get(key);
/** The URL's off= for heads (layer × heads + head) switched off. */
const offKey = (heads: number[], H: number) =>
  [...heads]
    .sort((a, b) => a - b)
    .map((h) => pairName(h, H))
    .join(',');

describe('importance and pruning, text model', () => {
  const sentence = SENTENCE;
  let imp: HeadImportance;
  beforeAll(() => {
    text.runText(sentence);
    imp = text.importance();
  });

  it('measures only once the panels are on screen, then shows the library’s numbers', async () => {
    const { page, problems } = await openPage(served.browser, textSite());
    await ready(page);
    const { numLayers: L, numHeads: H } = text.info;
    // Off screen, the page does not ask the core for importance (typing stays fast).
    await page.waitForTimeout(800);
    expect(await page.getAttribute('#importance-panels', 'data-state')).toBe('measuring');
    await measured(page);

    await expectBars(page, imp.current.ablation, H);
    expect(await bars(page, H)).toHaveLength(L * H);
    expect(await page.textContent('#importance [data-model-head] text')).toMatch(/^L\d H\d/);
    expect(await figure(page, 'current-loss')).toBeCloseTo(imp.current.loss, 5);
    expect(await figure(page, 'current-scored')).toBe(imp.current.scored);
    expect(await figure(page, 'heldout-loss')).toBeCloseTo(imp.heldOut.loss, 5);
    expect(await figure(page, 'heldout-accuracy')).toBeCloseTo(imp.heldOut.accuracy, 5);
    expect(await figure(page, 'heldout-examples')).toBe(imp.heldOut.examples);

    // The other measures, chosen with the radios, land in the URL.
    const measures = [
      ['ablation, held out', 'ablation-heldout', imp.heldOut.ablation],
      ['gradient, this input', 'gradient-input', imp.current.gradient],
      ['gradient, held out', 'gradient-heldout', imp.heldOut.gradient],
    ] as const;
    for (const [name, key, values] of measures) {
      await page.getByRole('radio', { name }).check();
      await expect.poll(() => page.url()).toContain(`importance=${key}`);
      await expectBars(page, values, H);
    }
    expect(await page.textContent('#importance')).toContain('Michel et al. (2019)');

    // A bar is a button: it shows its head in the other sections.
    const [top] = await bars(page, H);
    await page.locator('#importance [data-model-head]').first().click();
    await expect.poll(() => hashKey(page, 'layer')).toBe(String(Math.floor(top!.k / H) + 1));
    expect(hashKey(page, 'head') ?? '1').toBe(String((top!.k % H) + 1));
    expect(problems).toEqual([]);
  });

  it('the slider switches off the first k heads of the pruning order and shows that step', async () => {
    const { page, problems } = await openPage(served.browser, textSite());
    await ready(page);
    await measured(page);
    const { numHeads: H } = text.info;
    const { order, loss, accuracy } = imp.heldOut.pruning;
    const n = order.length;
    const slider = page.locator('#pruning-kept');
    expect(await slider.getAttribute('max')).toBe(String(n));
    expect(await slider.inputValue()).toBe(String(n));
    expect(await page.getAttribute('#pruning [data-mark]', 'data-mark')).toBe('0');
    // The curve is the library's.
    const curve = await page.$$eval('#pruning circle[data-series="loss"]', (cs) =>
      cs.map((c) => Number(c.getAttribute('data-value'))),
    );
    expect(curve).toHaveLength(n + 1);
    curve.forEach((v, r) => expect(v).toBeCloseTo(loss[r]!, 5));
    // Alike or removable: a dot per head, its height the library's held-out ablation.
    const dots = await page.$$eval('#alike circle[data-head]', (cs) =>
      cs.map((c) => [c.getAttribute('data-head'), Number(c.getAttribute('data-y'))] as const),
    );
    expect(dots).toHaveLength(n);
    dots.forEach(([name, rise], k) => {
      expect(name).toBe(`L${Math.floor(k / H) + 1}H${(k % H) + 1}`);
      expect(rise).toBeCloseTo(imp.heldOut.ablation[k]!, 5);
    });

    for (const k of [10, 3]) {
      await slider.fill(String(n - k));
      await expect.poll(() => hashKey(page, 'off')).toBe(offKey(order.slice(0, k), H));
      await page.waitForSelector(`#pruning-readout[data-removed="${k}"]`);
      expect(await figure(page, 'pruned-loss')).toBeCloseTo(loss[k]!, 5);
      expect(await figure(page, 'pruned-accuracy')).toBeCloseTo(accuracy[k]!, 5);
      expect(await figure(page, 'kept')).toBe(n - k);
      expect(await page.getAttribute('#pruning [data-mark]', 'data-mark')).toBe(String(k));
      // The head toggles of the shown layer (1) are off exactly for its pruned heads.
      const toggles = await page.$$eval('#head-toggles input', (bs) =>
        bs.map((b) => (b as HTMLInputElement).checked),
      );
      expect(toggles).toEqual(Array.from({ length: H }, (_, h) => !order.slice(0, k).includes(h)));
    }

    // With those heads off, this input is measured again, as the library measures it.
    await measured(page);
    const gates = Array.from({ length: n }, (_, h) => (order.slice(0, 3).includes(h) ? 0 : 1));
    text.runText(sentence, { gates });
    const gated = text.importance({ gates });
    expect(await figure(page, 'current-loss')).toBeCloseTo(gated.current.loss, 5);
    await expectBars(page, gated.current.ablation, H);
    await page.locator('#pruning').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('importance-text'), fullPage: true });

    // A head of layer 1 toggled by hand that pruning would not remove next: not a step of the
    // curve, so nothing is marked.
    const late = order.findIndex((h, i) => i > 3 && h < H);
    await page.locator(`#head-toggles input[data-head="${order[late]!}"]`).uncheck();
    await page.waitForSelector('#pruning-readout:not([data-removed])');
    expect(await page.locator('#pruning [data-mark]').count()).toBe(0);
    expect(await page.textContent('#pruning-readout')).toContain('not the first ones');
    expect(problems).toEqual([]);
  });
});

describe('importance and pruning, vision model', () => {
  it('ranks the heads held out and prunes the patches’ model', async () => {
    const { page, problems } = await openPage(
      served.browser,
      site('#mode=image&sample=shapes.png&importance=ablation-heldout'),
    );
    await ready(page);
    await measured(page);
    // Held out does not depend on the input: any image gives the library's held-out figures.
    const data = new Uint8ClampedArray(64 * 64 * 4).fill(255);
    vision.runImage({ data, width: 64, height: 64 });
    const { heldOut } = vision.importance();
    const { numHeads: H } = vision.info;
    await expectBars(page, heldOut.ablation, H);
    expect(await figure(page, 'heldout-examples')).toBe(heldOut.examples);
    expect(await page.textContent('#importance-losses')).toMatch(/This image: loss .* predicts, “/);

    const { order, loss } = heldOut.pruning;
    const k = order.length - 2;
    await page.locator('#pruning-kept').fill('2');
    await page.waitForSelector(`#pruning-readout[data-removed="${k}"]`);
    expect(await figure(page, 'pruned-loss')).toBeCloseTo(loss[k]!, 5);
    expect(hashKey(page, 'off')).toBe(offKey(order.slice(0, k), H));
    await measured(page);
    await page.locator('#pruning').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('importance-image'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
