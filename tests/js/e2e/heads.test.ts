// The "heads, measured" section in Debian's Chromium: per-head statistics, the redundancy
// matrices and the attention rollout show the numbers the library computes for the same input
// (run here in Node), the fusion choice re-runs the rollout and lands in the URL, head toggles
// reach the rollout, and the image model gets the same section over its patches.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadHeadscope, type Model } from 'headscope';
import { fmt } from '../../../web/app/render/numbers.js';
import { openPage, screenshotPath } from '../support/page-session.js';
import { readRepoFile } from '../support/repo-file.js';
import { useSite } from './site.js';

const served = useSite();
const site = (hash = '') => `${served.url}dist/site/index.html${hash}`;
/** The toy grammar model (picked by id: the page's default is the English encoder) on a sentence. */
const SENTENCE = 'The scientist who reviewed the papers says that they were flawed.';
const textSite = (hash = '') =>
  site(`#model=text-encoder&text=${encodeURIComponent(SENTENCE)}${hash.replace('#', '&')}`);

let text: Model;
beforeAll(async () => {
  const hs = await loadHeadscope();
  text = hs.loadModel(await readRepoFile('public/models/text.safetensors'));
});

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
}

/** The statistic cells of the table: per row (head), data-stat → data-value. */
const statRows = (page: Page) =>
  page.$$eval('#head-stats tbody tr', (rows) =>
    rows.map((r) =>
      Object.fromEntries(
        [...r.querySelectorAll('td[data-stat]')].map((td) => [
          td.getAttribute('data-stat')!,
          Number(td.getAttribute('data-value')),
        ]),
      ),
    ),
  );

/** Every cell tooltip of a matrix ('js-distance', 'contribution-similarity', or the rollout). */
const titles = (page: Page, selector: string) =>
  page.$$eval(`${selector} rect[data-row] title`, (ts) => ts.map((t) => t.textContent ?? ''));

/** The tooltips a matrix should carry: "row → col: value" with the page's number format. */
function expectedTitles(values: Float32Array, rowNames: string[], colNames = rowNames): string[] {
  const out: string[] = [];
  rowNames.forEach((r, i) =>
    colNames.forEach((c, j) => out.push(`${r} → ${c}: ${fmt(values[i * colNames.length + j]!)}`)),
  );
  return out;
}

/** A [H, H] matrix put into `order` on both axes, as the page shows it. */
function inOrder(values: Float32Array, order: number[]): Float32Array {
  const H = order.length;
  return Float32Array.from({ length: H * H }, (_, k) => {
    const r = Math.floor(k / H);
    return values[order[r]! * H + order[k % H]!]!;
  });
}

function analysisOf(layerGates?: (l: number, h: number) => number, fusion?: 'max' | 'min') {
  const { numLayers: L, numHeads: H } = text.info;
  const gates = Array.from({ length: L * H }, (_, k) =>
    layerGates ? layerGates(Math.floor(k / H), k % H) : 1,
  );
  const run = text.runText(SENTENCE, { analysis: true, gates, ...(fusion ? { fusion } : {}) });
  return { run, analysis: run.analysis! };
}

describe('the heads section, text model', () => {
  it('shows the library’s statistics, matrices in cluster order and rollout for the input', async () => {
    const { page, problems } = await openPage(served.browser, textSite('#layer=2'));
    await ready(page);
    const H = text.info.numHeads;
    const { run, analysis } = analysisOf();
    const layer = analysis.layers[1]!;

    // One row per head; every statistic is the library's number.
    const rows = await statRows(page);
    expect(rows).toHaveLength(H);
    rows.forEach((row, h) => {
      for (const key of ['entropy', 'distance', 'self', 'previous', 'first'] as const)
        expect(row[key]).toBeCloseTo(layer[key][h]!, 5);
    });
    expect(await page.textContent('#head-stats tbody tr:nth-child(3) td[data-stat=entropy]')).toBe(
      layer.entropy[2]!.toFixed(2),
    );
    expect(await page.textContent('#head-stats caption')).toContain('Layer 2');
    expect(await page.textContent('#head-stats')).toMatch(/0: the head looks at a single token/);

    // Both matrices: heads² cells, rows and columns in the core's clustered order, labelled H1….
    const names = layer.order.map((h) => `H${h + 1}`);
    for (const [name, values] of [
      ['js-distance', layer.jsDistance],
      ['contribution-similarity', layer.contributionSimilarity],
    ] as const) {
      const selector = `#redundancy [data-matrix="${name}"]`;
      expect(await page.getAttribute(`${selector} svg`, 'data-order')).toBe(layer.order.join(','));
      expect(await page.locator(`${selector} rect[data-row]`).count()).toBe(H * H);
      expect(
        await page.$$eval(`${selector} [data-row-label]`, (ls) => ls.map((l) => l.textContent)),
      ).toEqual(names);
      expect(await titles(page, selector)).toEqual(
        expectedTitles(inOrder(values, layer.order), names),
      );
    }

    // The rollout: t × t cells over the tokens, the library's numbers.
    const t = run.seqLen;
    expect(await page.locator('#rollout rect[data-row]').count()).toBe(t * t);
    expect(await titles(page, '#rollout')).toEqual(expectedTitles(analysis.rollout, run.tokens));
    await page.locator('#heads-section').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('heads-text'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('re-runs the rollout with the fusion chosen (keyboard too), in the URL; head toggles reach it', async () => {
    const { page, problems } = await openPage(served.browser, textSite());
    await ready(page);
    const tokens = analysisOf().run.tokens;
    const rollout = () => titles(page, '#rollout');
    const mean = await rollout();
    expect(mean).toEqual(expectedTitles(analysisOf().analysis.rollout, tokens));
    expect(page.url()).not.toContain('fusion');

    await page.getByRole('radio', { name: 'max' }).check();
    await expect.poll(() => page.url()).toContain('fusion=max');
    const max = expectedTitles(analysisOf(undefined, 'max').analysis.rollout, tokens);
    expect(max).not.toEqual(mean);
    await expect.poll(rollout).toEqual(max);

    // Arrow keys move through the radio group: max → min.
    await page.getByRole('radio', { name: 'max' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.url()).toContain('fusion=min');
    await expect
      .poll(rollout)
      .toEqual(expectedTitles(analysisOf(undefined, 'min').analysis.rollout, tokens));

    // A head switched off (layer 1, head 1) is left out of the rollout.
    await page.locator('#head-toggles input[data-head="0"]').uncheck();
    await expect.poll(() => page.url()).toContain('off=1.1');
    const off = analysisOf((l, h) => (l === 0 && h === 0 ? 0 : 1), 'min').analysis.rollout;
    await expect.poll(rollout).toEqual(expectedTitles(off, tokens));
    // The row's name (its label, if the head has one, follows on a line of its own).
    const name = await page.$eval(
      '#head-stats tbody tr:first-child th',
      (th) => th.firstChild?.textContent,
    );
    expect(name).toBe('H1 (off)');

    // Back to the mean: the default leaves the URL; a link with a fusion restores it.
    await page.getByRole('radio', { name: 'mean' }).check();
    await expect.poll(() => page.url()).not.toContain('fusion');
    await page.goto(textSite('#fusion=max'));
    await ready(page);
    expect(await page.getByRole('radio', { name: 'max' }).isChecked()).toBe(true);
    await expect.poll(rollout).toEqual(max);
    expect(problems).toEqual([]);
  });

  it('names a bad fusion in the URL and falls back to the mean', async () => {
    const { page, problems } = await openPage(served.browser, textSite('#fusion=avg'));
    await ready(page);
    expect(await page.textContent('#notice')).toContain('fusion=avg must be mean, max, min');
    expect(await page.getByRole('radio', { name: 'mean' }).isChecked()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('is not shown for the one untrained layer', async () => {
    const { page, problems } = await openPage(served.browser, site('#model=layer'));
    await ready(page);
    expect(await page.isVisible('#heads-section')).toBe(false);
    expect(problems).toEqual([]);
  });
});

describe('the heads section, vision model', () => {
  it('measures the patches: one row per head, heads² cells, rollout over the patch grid', async () => {
    const { page, problems } = await openPage(
      served.browser,
      site('#mode=image&sample=shapes.png&token=20'),
    );
    await ready(page);
    const note = (await page.textContent('#model-note'))!;
    const H = Number(note.match(/× (\d+) heads/)![1]);
    expect(await page.locator('#head-stats tbody tr').count()).toBe(H);
    expect(await page.textContent('#head-stats thead')).toContain('Distance (patches)');
    for (const name of ['js-distance', 'contribution-similarity'])
      expect(await page.locator(`#redundancy [data-matrix="${name}"] rect[data-row]`).count()).toBe(
        H * H,
      );
    const canvas = page.locator('#rollout canvas[data-patches]');
    expect(await canvas.getAttribute('aria-label')).toMatch(/rollout .* from patch 3,4$/);
    const picture = () => canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL());
    const before = await picture();
    // The arrow keys choose another patch (the page keeps the focus on the picture).
    await canvas.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => canvas.getAttribute('aria-label')).toMatch(/from patch 3,5$/);
    expect(await picture()).not.toBe(before);
    expect(await page.textContent('#rollout .hint')).toMatch(/patch \(3,5\) draws \d+% on itself/);
    // Another fusion re-runs the rollout over the patches.
    const now = await picture();
    await page.getByRole('radio', { name: 'min' }).check();
    await expect.poll(() => page.url()).toContain('fusion=min');
    await expect.poll(picture).not.toBe(now);
    await page.locator('#heads-section').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('heads-image'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
