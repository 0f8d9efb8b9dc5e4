// The "Train it yourself" panel in Debian's Chromium: the default text task trains in the worker
// and its validation loss falls below 3.8 by step 150, and the numbers shown are the trainer's
// (the same run repeated here in Node gives them); Pause holds the step count, Resume moves it
// on, Reset returns to step 0; a sweep trains 1, 2, 4 and 8 heads from three seeds each and shows
// every run's validation loss and accuracy, each count's mean and range, and a verdict no stronger
// than that spread; a refused option is shown as the trainer's message and the settings stay.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadHeadscope, type TrainerOptions } from 'headscope';
import { fmt, pct } from '../../../web/app/render/numbers.js';
import { openPage, screenshotPath } from '../support/page-session.js';
import { useSite } from './site.js';

const served = useSite();
const site = (hash = '') => `${served.url}dist/site/index.html${hash}`;

const phase = (page: Page) => page.getAttribute('#train-section', 'data-phase');
const stepCount = async (page: Page) => Number(await page.textContent('#train-step'));
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

/** The page's training panel, scrolled into view, with the page's own view drawn first. */
async function openPanel(): Promise<{ page: Page; problems: string[] }> {
  const session = await openPage(served.browser, site(), { width: 1300, height: 1000 });
  await session.page.waitForFunction(() => document.body.dataset.state === 'ready');
  await session.page.locator('#train-section').scrollIntoViewIfNeeded();
  return session;
}

/** The same run in Node: a trainer with `options`, stepped to `steps`. */
async function trainInNode(options: TrainerOptions, steps: number) {
  const hs = await loadHeadscope();
  const t = hs.createTrainer(options);
  for (let done = 0; done < steps; done += 1000) t.step(Math.min(1000, steps - done));
  const result = { validation: t.validate(), probe: t.probe() };
  t.dispose();
  return result;
}

describe('the training panel', () => {
  it('trains the default text task: the loss falls, Pause holds, Resume goes on, Reset clears', async () => {
    const { page, problems } = await openPanel();
    expect(await page.textContent('#train-width')).toContain('32 / 4 heads = 8 dims per head');
    expect(await page.textContent('#train-progress-label')).toBe('step 0 of 600');
    await button(page, 'Train').click();
    await page.waitForFunction(
      () => Number(document.querySelector('#train-step')!.textContent) >= 150,
      undefined,
      { timeout: 60_000 },
    );
    await page.locator('#train-section').screenshot({ path: screenshotPath('training-live') });

    // Train was pressed, so it is disabled while the run goes on: the focus moves to Pause, and
    // Enter pauses.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('train-pause');
    await page.keyboard.press('Enter');
    await expect.poll(() => phase(page), { timeout: 10_000 }).toBe('paused');
    expect(await button(page, 'Resume').isEnabled()).toBe(true);
    const paused = await stepCount(page);
    expect(await page.textContent('#train-progress-label')).toBe(`step ${paused} of 600`);
    expect(await page.textContent('#train-status')).toBe(`Paused at step ${paused}.`);

    // The validation loss shown: below 3.8, to 3 decimals the value the page received, which is
    // the trainer's at that step (the same run in Node).
    const val = page.locator('#train-val-loss');
    const received = Number(await val.getAttribute('data-value'));
    const at = Number(await val.getAttribute('data-step'));
    expect(at).toBeGreaterThanOrEqual(150);
    expect(at).toBeLessThanOrEqual(paused);
    expect(received).toBeLessThan(3.8);
    expect(await val.textContent()).toBe(received.toFixed(3));
    expect(await page.textContent('#train-val-step')).toBe(`at step ${at}`);
    const node = await trainInNode({}, at);
    expect(received).toBeCloseTo(node.validation.loss, 5);
    expect(Number(await page.getAttribute('#train-val-acc', 'data-value'))).toBeCloseTo(
      node.validation.accuracy,
      6,
    );
    // The validation dots: one per evaluation, the last the value shown.
    const dots = page.locator('#train-loss-chart [data-series=validation] circle');
    expect(await dots.count()).toBe(at / 25 + 1);
    expect(Number(await dots.last().getAttribute('data-value'))).toBe(received);
    // Entropy lines of the last layer, and its Jensen-Shannon matrix now: the trainer's probe.
    const last = node.probe[1]!;
    for (let h = 0; h < 4; h++)
      expect(
        Number(
          await page
            .locator(`#train-entropy-chart [data-series=H${h + 1}] circle`)
            .last()
            .getAttribute('data-value'),
        ),
      ).toBeCloseTo(last.entropy[h]!, 5);
    const titles = await page.$$eval(
      '#train-matrices [data-matrix=latest] rect[data-row] title',
      (ts) => ts.map((t) => t.textContent),
    );
    expect(titles).toEqual(
      Array.from(
        last.jsDistance,
        (v, k) => `H${Math.floor(k / 4) + 1} → H${(k % 4) + 1}: ${fmt(v)}`,
      ),
    );
    expect(await page.textContent('#train-speed')).toMatch(/^\d+ steps\/s$/);

    // Paused: the step count holds; the settings are locked while a run exists.
    await page.waitForTimeout(1000);
    expect(await stepCount(page)).toBe(paused);
    expect(await page.locator('#train-heads').isDisabled()).toBe(true);

    await button(page, 'Resume').click();
    await expect.poll(() => stepCount(page), { timeout: 20_000 }).toBeGreaterThan(paused);

    await button(page, 'Reset').click();
    await expect.poll(() => phase(page)).toBe('idle');
    expect(await stepCount(page)).toBe(0);
    await page.waitForTimeout(300); // no late chunk of the old run lands
    expect(await stepCount(page)).toBe(0);
    expect(await page.textContent('#train-val-loss')).toBe('–');
    expect(await page.textContent('#train-progress-label')).toBe('step 0 of 600');
    expect(await page.locator('#train-heads').isEnabled()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('sweeps 1, 2, 4 and 8 heads from 3 seeds each, and shows every seed, the spread and what it allows', async () => {
    const { page, problems } = await openPanel();
    // Steps above the sweep's cap: each run trains 300, and the page says so.
    await button(page, 'Sweep heads 1, 2, 4, 8 × 3 seeds').click();
    await expect.poll(() => phase(page), { timeout: 30_000 }).toBe('running');
    expect(await page.textContent('#train-sweep-plan')).toBe(
      '12 runs: 1, 2, 4 and 8 heads, each from seeds 1, 2 and 3, 300 steps each (Steps is 600; ' +
        'a sweep trains at most 300 steps a run, so that its 12 runs stay a short wait).',
    );
    expect(await page.textContent('#train-progress-label')).toMatch(
      /^Run 1 of 12 \(1 head, seed 1\): step \d+ of 300$/,
    );
    await button(page, 'Reset').click();
    await expect.poll(() => phase(page)).toBe('idle');

    // A short sweep from seed 4: every run's numbers are the trainer's (the same runs in Node).
    await page.fill('#train-steps', '40');
    await page.fill('#train-seed', '4');
    await button(page, 'Sweep heads 1, 2, 4, 8 × 3 seeds').click();
    await expect.poll(() => phase(page), { timeout: 150_000, interval: 500 }).toBe('done');
    expect(await page.textContent('#train-progress-label')).toBe(
      'Run 12 of 12 (8 heads, seed 6): step 40 of 40',
    );
    expect(await page.textContent('#train-sweep-plan')).toBe(
      '12 runs: 1, 2, 4 and 8 heads, each from seeds 4, 5 and 6, 40 steps each.',
    );
    const tookMs = Number(await page.getAttribute('#train-sweep-results', 'data-took-ms'));
    expect(await page.textContent('#train-status')).toBe(
      `Sweep done: 12 runs of 40 steps in ${(tookMs / 1000).toFixed(1)} s.`,
    );
    console.log(`a sweep of 12 runs of 40 steps took ${(tookMs / 1000).toFixed(1)} s`);

    const rows = page.locator('#train-sweep-table tbody tr');
    expect(await rows.count()).toBe(4);
    const spreads: Array<{ heads: number; mean: number; min: number; max: number }> = [];
    for (const [i, heads] of [1, 2, 4, 8].entries()) {
      const row = rows.nth(i);
      expect(await row.locator('td').nth(1).textContent()).toBe(String(32 / heads));
      const cells = row.locator('td[data-seed]');
      expect(await cells.count()).toBe(3);
      const losses: number[] = [];
      for (const [k, seed] of [4, 5, 6].entries()) {
        const cell = cells.nth(k);
        expect(await cell.getAttribute('data-seed')).toBe(String(seed));
        const node = (await trainInNode({ numHeads: heads, seed }, 40)).validation;
        const loss = Number(await cell.getAttribute('data-value'));
        const accuracy = Number(await cell.getAttribute('data-accuracy'));
        expect(loss).toBeCloseTo(node.loss, 5);
        expect(accuracy).toBeCloseTo(node.accuracy, 6);
        expect(await cell.textContent()).toBe(`${loss.toFixed(3)} · ${pct(accuracy)}`);
        // The same seed's dots in both charts.
        const dot = (chart: string) =>
          page.getAttribute(
            `#${chart} [data-heads="${heads}"] circle[data-seed="${seed}"]`,
            'data-value',
          );
        expect(Number(await dot('train-sweep-chart'))).toBe(loss);
        expect(Number(await dot('train-sweep-acc-chart'))).toBe(accuracy);
        losses.push(loss);
      }
      for (const chart of ['train-sweep-chart', 'train-sweep-acc-chart'])
        expect(await page.locator(`#${chart} [data-heads="${heads}"] circle`).count()).toBe(3);
      // The mean and range shown: a plain computation over the three losses.
      const mean = (losses[0]! + losses[1]! + losses[2]!) / 3;
      const [min, max] = [Math.min(...losses), Math.max(...losses)];
      const summary = row.locator('td').nth(5);
      expect(Number(await summary.getAttribute('data-mean'))).toBeCloseTo(mean, 12);
      expect(await summary.textContent()).toBe(
        `${mean.toFixed(3)} (${min.toFixed(3)}–${max.toFixed(3)})`,
      );
      expect(
        Number(await page.getAttribute(`#train-sweep-chart [data-heads="${heads}"]`, 'data-mean')),
      ).toBeCloseTo(mean, 12);
      spreads.push({ heads, mean, min, max });
    }

    // The verdict: the counts whose loss ranges overlap the lowest mean's cannot be told apart;
    // only a range below all others is called lower over every seed.
    const [best, ...others] = [...spreads].sort((a, b) => a.mean - b.mean);
    const tied = others.filter((o) => o.min <= best!.max && best!.min <= o.max);
    const verdict = (await page.textContent('#train-sweep-verdict'))!;
    if (tied.length) {
      const names = [best!, ...tied].map((c) => c.heads).sort((a, b) => a - b);
      const list = `${names.slice(0, -1).join(', ')} and ${names.at(-1)} heads`;
      expect(verdict).toContain(`within seed spread: ${list} cannot be told apart`);
      expect(verdict).not.toContain('lower validation loss than every other count');
    } else {
      const name = `${best!.heads} head${best!.heads > 1 ? 's' : ''}`;
      expect(verdict).toContain(
        `${name} had lower validation loss than every other count over every seed`,
      );
    }
    expect(verdict).not.toContain('to choose');
    console.log(`verdict: ${verdict}`);
    // The figure's text form: each count's mean and range.
    expect(await page.getAttribute('#train-sweep-chart svg', 'aria-label')).toContain(
      `${best!.heads} head${best!.heads > 1 ? 's' : ''}: mean ${best!.mean.toFixed(3)}`,
    );
    await page.locator('#train-sweep-results').scrollIntoViewIfNeeded();
    await page
      .locator('#train-sweep-results')
      .screenshot({ path: screenshotPath('training-sweep') });
    expect(problems).toEqual([]);
  }, 240_000);

  it('shows a refused option as the trainer’s message, keeps the settings, and trains once fixed (keyboard)', async () => {
    const { page, problems } = await openPanel();
    await page.selectOption('#train-layers', '1');
    await page.fill('#train-d-model', '30');
    await button(page, 'Train').click();
    await expect
      .poll(() => page.textContent('#train-error'), { timeout: 30_000 })
      .toContain('d_model 30 is not divisible by num_heads 4');
    // data-phase follows on the next drawn frame.
    await expect.poll(() => phase(page), { timeout: 5_000 }).toBe('error');
    expect(await page.inputValue('#train-d-model')).toBe('30');
    expect(await page.inputValue('#train-layers')).toBe('1');
    expect(await page.inputValue('#train-heads')).toBe('4');
    expect(await page.textContent('#train-width')).toContain('not whole');
    await page.locator('#train-section').screenshot({ path: screenshotPath('training-error') });

    // A step count out of range is named before anything trains.
    await page.fill('#train-steps', '5');
    await button(page, 'Train').click();
    expect(await page.textContent('#train-error')).toContain(
      'Steps 5 must be a whole number from 10 to 100,000',
    );

    // Fixed from the keyboard: Enter in a field presses Train.
    await page.fill('#train-steps', '40');
    await page.fill('#train-d-model', '32');
    await page.locator('#train-d-model').press('Enter');
    await expect.poll(() => phase(page), { timeout: 30_000 }).toBe('done');
    expect(await page.isHidden('#train-error')).toBe(true);
    expect(await page.textContent('#train-progress-label')).toBe('step 40 of 40');
    expect(await page.locator('#train-layer option').count()).toBe(1);
    expect(problems).toEqual([]);
  });
});
