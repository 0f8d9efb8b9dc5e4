// The "Train it yourself" panel in Debian's Chromium: the default text task trains in the worker
// and its validation loss falls below 3.8 by step 150, and the numbers shown are the trainer's
// (the same run repeated here in Node gives them); Pause holds the step count, Resume moves it
// on, Reset returns to step 0; a sweep trains 1, 2, 4 and 8 heads and lists each validation loss;
// a refused option is shown as the trainer's message and the settings stay.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadHeadscope, type TrainerOptions } from 'headscope';
import { fmt } from '../../../web/app/render/numbers.js';
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

  it('sweeps 1, 2, 4 and 8 heads over the same steps and seed, and shows each validation loss', async () => {
    const { page, problems } = await openPanel();
    await page.fill('#train-steps', '60');
    await button(page, 'Sweep heads 1, 2, 4, 8').click();
    await expect.poll(() => phase(page), { timeout: 150_000, interval: 500 }).toBe('done');
    expect(await page.textContent('#train-progress-label')).toBe(
      'Run 4 of 4 (8 heads): step 60 of 60',
    );
    const rows = page.locator('#train-sweep-table tbody tr');
    expect(await rows.count()).toBe(4);
    const losses: number[] = [];
    for (const [i, heads] of [1, 2, 4, 8].entries()) {
      const cell = rows.nth(i).locator('td').nth(2);
      const loss = Number(await cell.getAttribute('data-value'));
      expect(await cell.textContent()).toBe(loss.toFixed(3));
      expect(await rows.nth(i).locator('td').nth(1).textContent()).toBe(String(32 / heads));
      expect(
        Number(await page.getAttribute(`#train-sweep-chart [data-heads="${heads}"]`, 'data-value')),
      ).toBe(loss);
      const node = await trainInNode({ numHeads: heads }, 60);
      expect(loss).toBeCloseTo(node.validation.loss, 5);
      losses.push(loss);
    }
    const best = [1, 2, 4, 8][losses.indexOf(Math.min(...losses))]!;
    const verdict = await page.textContent('#train-sweep-verdict');
    expect(verdict).toContain(
      `Lowest validation loss: ${best} head${best > 1 ? 's' : ''} (${Math.min(...losses).toFixed(3)})`,
    );
    // One run per count: the verdict says so, and does not name a count to choose.
    expect(verdict).toContain('trained once, from one seed');
    expect(verdict).not.toContain('the head count to choose');
    await page.locator('#train-sweep-results').scrollIntoViewIfNeeded();
    await page.locator('#train-section').screenshot({ path: screenshotPath('training-sweep') });
    expect(problems).toEqual([]);
  }, 180_000);

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
