// The guided path, walked as a learner walks it: offered on a first visit, opened from the header,
// stepped through with Next to the end, each step's view brought on screen and marked, its
// sentences quoting numbers the page shows, and each step reachable by its link (#step=N).
// Screenshots: test-results/screenshots/guide-step-N.png.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { GUIDE_STEPS } from '../../../web/app/guide/steps.js';
import { openPage, screenshotPath } from '../support/page-session.js';
import { useSite } from './site.js';

const served = useSite();
const site = (hash = '') => `${served.url}dist/site/index.html${hash}`;

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
}

/** The card's step, title and text once it shows step n (1-based). */
async function card(page: Page, n: number) {
  await page.waitForSelector(`#guide[data-step="${n}"]:not([hidden])`);
  await ready(page);
  return page.$eval('#guide', (g) => ({
    count: g.querySelector('.guide-count')!.textContent,
    title: g.querySelector('.guide-title')!.textContent,
    text: g.querySelector('.guide-text')!.textContent ?? '',
  }));
}

/** Whether the heading `id` is in the one marked block, and on screen above the card. */
function marked(page: Page, id: string) {
  return page.evaluate((id) => {
    const blocks = document.querySelectorAll<HTMLElement>('[data-guide-target]');
    const heading = document.getElementById(id)!;
    const top = heading.getBoundingClientRect().top;
    const cardTop = document.getElementById('guide')!.getBoundingClientRect().top;
    return {
      inMark: blocks.length === 1 && blocks[0]!.contains(heading),
      onScreen: top >= -2 && top < cardTop,
    };
  }, id);
}

describe('the guided path', () => {
  it('is offered on a first visit and walks every step with Next', async () => {
    const { page, problems } = await openPage(served.browser, site());
    await ready(page);
    expect(await page.textContent('#guide-open')).toBe('Take the tour');
    expect(await page.isHidden('#guide')).toBe(true);
    await page.click('#guide-open');
    for (let n = 1; n <= GUIDE_STEPS.length; n++) {
      const c = await card(page, n);
      const step = GUIDE_STEPS[n - 1]!;
      expect(c.count).toBe(`Step ${n} of ${GUIDE_STEPS.length}`);
      expect(c.title).toBe(step.title);
      expect(c.text.length).toBeGreaterThan(60);
      expect(c.text).toMatch(/\d/); // every step quotes this input's numbers
      expect(page.url()).toContain(`step=${n}`);
      // Wait until the heading has stopped moving before looking.
      await page.waitForFunction(async (id) => {
        const top = () => document.getElementById(id)!.getBoundingClientRect().top;
        const before = top();
        await new Promise((r) => setTimeout(r, 150));
        return Math.abs(top() - before) < 1;
      }, step.target);
      const m = await marked(page, step.target);
      expect(m.inMark, `step ${n}: ${step.target} marked`).toBe(true);
      expect(m.onScreen, `step ${n}: ${step.target} on screen`).toBe(true);
      await page.screenshot({ path: screenshotPath(`guide-step-${n}`) });
      await page.click('#guide .guide-next');
    }
    // Finish closes the tour; the view stays as the last step left it (image patches).
    await page.waitForSelector('#guide', { state: 'hidden' });
    expect(page.url()).not.toContain('step=');
    expect(await page.$('[data-guide-target]')).toBeNull();
    // A second visit (a new tab of the same browser) offers the tour quietly.
    const storageState = await page.context().storageState();
    const later = await served.browser.newContext({ storageState });
    const again = await later.newPage();
    await again.goto(site());
    await ready(again);
    expect(await again.textContent('#guide-open')).toBe('Tour');
    expect(problems).toEqual([]);
    await later.close();
    await page.close();
  });

  it('opens at a step from its link, with that step’s model, and Back goes back', async () => {
    const { page, problems } = await openPage(served.browser, site('#step=8'));
    const c = await card(page, 8);
    expect(c.title).toBe('Sharing keys and values: GQA and MQA');
    // The step chose the decoder: its sharing view and the page agree on the numbers.
    expect(await page.inputValue('#model')).toBe('english-decoder');
    const kv = await page.textContent('#generate-section');
    const perTok = /needs ([\d.]+ (?:KiB|B)) per token/.exec(c.text)?.[1];
    expect(perTok).toBeDefined();
    expect(c.text).toContain('8 query heads share 2 key/value heads (GQA)');
    expect(kv).toContain(perTok!);
    await page.click('#guide .guide-back');
    expect((await card(page, 7)).title).toBe('One head or many');
    await page.selectOption('#guide .guide-steps', '0');
    const first = await card(page, 1);
    expect(first.title).toBe('One head, one pattern per token');
    // Step 1's sentence names the enlarged head's strongest link, as the detail view shows it.
    expect(first.text).toMatch(/gives [\d.]+% of its attention to “/);
    await page.click('#guide .guide-close');
    await page.waitForSelector('#guide', { state: 'hidden' });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('names a step out of range and opens without the tour', async () => {
    const { page, problems } = await openPage(served.browser, site('#step=40'));
    await ready(page);
    expect(await page.textContent('#notice')).toContain(
      `step=40 must be from 1 to ${GUIDE_STEPS.length}`,
    );
    expect(await page.isHidden('#guide')).toBe(true);
    expect(await page.$$('#overview .head-card')).not.toHaveLength(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
