// The "One head or many" section in Debian's Chromium: the page runs the one-head checkpoint only
// once the section is on screen, then shows, for it and the shipped many-head model on the same
// input and layer, the losses and accuracies the library measures for the same input (run here in
// Node), the one head's map at the picked layer and one small map per head of the other model.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadHeadscope, type Model } from 'headscope';
import { openPage, screenshotPath } from '../support/page-session.js';
import { readRepoFile } from '../support/repo-file.js';
import { useSite } from './site.js';

const served = useSite();
const site = (hash = '') => `${served.url}dist/site/index.html${hash}`;

/** A shipped checkpoint, loaded by the library in Node. */
async function load(file: string): Promise<Model> {
  const hs = await loadHeadscope();
  return hs.loadModel(await readRepoFile(`public/models/${file}.safetensors`));
}

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
}

/** Scrolls to the section and waits until this input's comparison is drawn. */
async function compared(page: Page): Promise<void> {
  await page.locator('#compare-section').scrollIntoViewIfNeeded();
  await page.waitForFunction(
    () => document.getElementById('compare-section')?.dataset.state === 'ready',
  );
}

/** A number shown in the section, at full precision. */
const figure = async (page: Page, name: string) =>
  Number(await page.getAttribute(`#compare [data-figure="${name}"]`, 'data-value'));

/** The shown loss, accuracy and count of a side should be the library's evaluation. */
async function expectEvaluation(
  page: Page,
  name: string,
  e: { loss: number; accuracy: number; scored: number },
): Promise<void> {
  expect(await figure(page, `${name}-loss`)).toBeCloseTo(e.loss, 5);
  expect(await figure(page, `${name}-accuracy`)).toBeCloseTo(e.accuracy, 5);
  expect(await figure(page, `${name}-scored`)).toBe(e.scored);
}

/** Captions of a side's maps. */
const captions = (page: Page, side: 'one' | 'many') =>
  page.$$eval(`#compare [data-side="${side}"] .compare-card figcaption`, (cs) =>
    cs.map((c) => c.textContent ?? ''),
  );

/** The job labels (as the page abbreviates them) of a model's heads at a layer. */
const jobs = (m: Model, layer: number) =>
  m.info.heads
    .filter((e) => e.layer === layer && e.label)
    .map((e) => ({ head: e.head, text: `${e.label} ${(e.score[e.label!] ?? 0).toFixed(2)}` }));

describe('one head or many, text', () => {
  const sentence = 'The queen thanked the boys because [MASK] was happy.';
  let text: Model, textOne: Model;
  beforeAll(async () => {
    [text, textOne] = await Promise.all([load('text'), load('text-1head')]);
  });

  it('computes nothing off screen, then shows both models’ numbers and maps', async () => {
    const hash = `#text=${encodeURIComponent(sentence)}&model=text-encoder&layer=2&token=8`;
    const { page, problems } = await openPage(served.browser, site(hash));
    const oneHead: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('1head')) oneHead.push(r.url());
    });
    await ready(page);
    // Off screen, the page neither fetches nor runs the one-head model.
    await page.waitForTimeout(800);
    expect(await page.getAttribute('#compare-section', 'data-state')).toBe('measuring');
    expect(await page.locator('#compare [data-figure]').count()).toBe(0);
    expect(oneHead).toEqual([]);

    await compared(page);
    expect(oneHead).toHaveLength(1);
    const run = text.runText(sentence);
    const t = run.seqLen;
    const { numHeads: H } = text.info;
    await expectEvaluation(page, 'many-current', text.evaluate());
    await expectEvaluation(page, 'many-heldout', text.evaluate({ heldOut: true }));
    const oneRun = textOne.runText(sentence);
    await expectEvaluation(page, 'one-current', textOne.evaluate());
    await expectEvaluation(page, 'one-heldout', textOne.evaluate({ heldOut: true }));
    expect(oneRun.seqLen).toBe(t);

    // The one head's map at layer 2: t × t cells with the library's values.
    const cells = await page.$$eval('#compare [data-side="one"] rect[data-row] title', (ts) =>
      ts.map((x) => x.textContent ?? ''),
    );
    expect(cells).toHaveLength(t * t);
    const a = oneRun.layers[1]!.attention;
    for (const k of [0, t + 1, 7 * t + 3, t * t - 1]) {
      const shown = Number(cells[k]!.split(': ').pop());
      expect(shown).toBeCloseTo(a[k]!, 2);
    }
    // The other side: one small map per head, each t cells wide.
    const widths = await page.$$eval('#compare [data-side="many"] canvas', (cs) =>
      cs.map((c) => c.getBoundingClientRect().width),
    );
    expect(widths).toHaveLength(H);
    for (const w of widths) expect(w % t).toBe(0);
    // Held-out evidence: each labelled head of layer 2 is captioned with its job.
    const many = await captions(page, 'many');
    expect(many).toHaveLength(H);
    for (const j of jobs(text, 1)) expect(many[j.head]).toContain(j.text);
    const oneJob = jobs(textOne, 1).find((j) => j.head === 0);
    expect((await captions(page, 'one'))[0]).toContain(oneJob ? oneJob.text : 'no clear job');
    expect(await page.textContent('#compare [data-side="one"] h3')).toBe(
      `1 head (width ${textOne.attentionConfig.headDim})`,
    );
    expect(await page.textContent('#compare [data-side="many"] h3')).toBe(
      `${H} heads (width ${text.attentionConfig.headDim} each)`,
    );

    // The guesses at the focused [MASK] are each model's own.
    const size = textOne.info.outputLabels.length;
    const best = (probs: Float32Array, i: number, labels: string[]) => {
      const row = probs.subarray(i * size, (i + 1) * size);
      return labels[row.indexOf(Math.max(...row))]!;
    };
    const mask = run.tokens.indexOf('[MASK]');
    expect(mask).toBe(7);
    for (const [side, r, m] of [
      ['one', oneRun, textOne],
      ['many', run, text],
    ] as const) {
      const first = await page.textContent(`#compare [data-side="${side}"] .guesses li`);
      expect(first).toContain(best(r.probabilities, mask, m.info.outputLabels));
    }
    await page.locator('#compare-section').screenshot({ path: screenshotPath('compare-text') });

    // Another layer: the section follows, with that layer's one-head map.
    await page.locator('#layer').selectOption('0');
    await page.waitForSelector('#compare[data-layer="0"]');
    await compared(page);
    const first = await page.$$eval('#compare [data-side="one"] rect[data-row] title', (ts) =>
      ts.map((x) => Number((x.textContent ?? '').split(': ').pop())),
    );
    expect(first[t + 1]).toBeCloseTo(oneRun.layers[0]!.attention[t + 1]!, 2);
    expect(problems).toEqual([]);
  });
});

describe('one head or many, other models', () => {
  it('is not shown, nor computed, for the untrained model', async () => {
    const { page, problems } = await openPage(served.browser, site('#model=untrained&seed=3'));
    const oneHead: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('1head')) oneHead.push(r.url());
    });
    await ready(page);
    expect(await page.isHidden('#compare-section')).toBe(true);
    await page.locator('#train-section').scrollIntoViewIfNeeded();
    await page.waitForTimeout(800);
    expect(oneHead).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe('one head or many, vision', () => {
  let vision: Model, visionOne: Model;
  beforeAll(async () => {
    [vision, visionOne] = await Promise.all([load('vision'), load('vision-1head')]);
  });

  it('shows both models’ class probabilities and held-out numbers on the same image', async () => {
    const { page, problems } = await openPage(
      served.browser,
      site('#mode=image&sample=shapes.png&model=trained&layer=2&token=29'),
    );
    await ready(page);
    await compared(page);
    // The pixels as the page read them (shapes.png is small enough not to be downscaled).
    const pixels = await page.evaluate(async () => {
      const bitmap = await createImageBitmap(await (await fetch('./samples/shapes.png')).blob());
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      return { data: [...data], width, height };
    });
    const image = { ...pixels, data: Uint8ClampedArray.from(pixels.data) };
    await expectEvaluation(page, 'many-heldout', vision.evaluate({ heldOut: true }));
    await expectEvaluation(page, 'one-heldout', visionOne.evaluate({ heldOut: true }));
    expect(await page.locator('#compare [data-figure$="-current-loss"]').count()).toBe(0);

    for (const [side, m] of [
      ['one', visionOne],
      ['many', vision],
    ] as const) {
      const probs = m.runImage(image).probabilities;
      const labels = m.info.outputLabels;
      const shown = await page.$$eval(`#compare [data-side="${side}"] .guesses li`, (ls) =>
        ls.map((l) => l.textContent ?? ''),
      );
      expect(shown).toHaveLength(labels.length);
      for (const line of shown) {
        const k = labels.findIndex((l) => line.startsWith(`${l} `));
        expect(line).toBe(`${labels[k]} ${(100 * probs[k]!).toFixed(1)}%`);
      }
    }
    // The one head's picture from the outlined patch, and one per head of the other model.
    expect(await page.locator('#compare [data-side="one"] canvas[data-patches]').count()).toBe(1);
    expect(
      await page.getAttribute('#compare [data-side="one"] canvas[data-patches]', 'data-selected'),
    ).toBe('28');
    expect(await page.locator('#compare [data-side="many"] canvas[data-patches]').count()).toBe(
      vision.info.numHeads,
    );
    const many = await captions(page, 'many');
    for (const j of jobs(vision, 1)) expect(many[j.head]).toContain(j.text);

    // Choosing a patch on the one head's picture moves the focus on both sides.
    await page.locator('#compare [data-side="one"] canvas[data-patches]').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => new URL(page.url()).hash).toContain('token=30');
    await page.waitForSelector('#compare [data-side="many"] canvas[data-selected="29"]');
    await page.locator('#compare-section').screenshot({ path: screenshotPath('compare-image') });
    expect(problems).toEqual([]);
  });
});
