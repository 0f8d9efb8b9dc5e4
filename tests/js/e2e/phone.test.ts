// The page on a phone (390 × 844, touch), as a person holding one meets it: the first screen is
// the sentence and a drawn head; the settings wait in a drawer; the heads are a swipe apart, with
// a cue saying so; every control is a 44 px target; tables reflow instead of clipping; words are
// at least 12 px. Screenshots: test-results/screenshots/phone*.png.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PHONE, openPage, screenshotPath } from '../support/page-session.js';
import { useSite } from './site.js';

const served = useSite();
const site = (hash = '') => `${served.url}dist/site/index.html${hash}`;
const MIN_TARGET = 44;
const MIN_WORD_PX = 12;

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
}

/** The element's box, or a failure naming it. */
async function box(page: Page, selector: string) {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} has no box`);
  return b;
}

/** Visible controls smaller than `min` px either way: "tag#id 'text' w×h". */
function smallTargets(page: Page, min: number): Promise<string[]> {
  return page.evaluate((min) => {
    const controls = document.querySelectorAll<HTMLElement>(
      'button, select, textarea, input:not([type=checkbox]):not([type=radio]), summary',
    );
    // A checkbox or radio button is hit through its label.
    const labels = [...document.querySelectorAll('input[type=checkbox], input[type=radio]')].map(
      (i) => i.closest('label') ?? i,
    );
    return [...controls, ...labels].flatMap((e) => {
      const r = e.getBoundingClientRect();
      const shown = r.width > 0 && r.height > 0 && getComputedStyle(e).visibility === 'visible';
      if (!shown || (r.width >= min && r.height >= min)) return [];
      const name = `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}`;
      return [`${name} '${(e.textContent ?? '').trim().slice(0, 20)}' ${r.width}×${r.height}`];
    });
  }, min);
}

/** The on-screen size of the words in a token-lines view: font-size × the SVG's scale. */
function wordPx(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (svg) => {
    const s = svg as SVGSVGElement;
    const scale = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
    return Number(s.getAttribute('font-size')) * scale;
  });
}

/** A one-finger horizontal swipe of dx px from (x, y), in ten moves a frame apart. */
async function swipe(page: Page, x: number, y: number, dx: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const touch = (type: string, at: number[]) =>
    cdp.send('Input.dispatchTouchEvent', {
      type: type as 'touchStart',
      touchPoints: at.length ? [{ x: at[0]!, y: at[1]! }] : [],
    });
  await touch('touchStart', [x, y]);
  for (let k = 1; k <= 10; k++) {
    await touch('touchMove', [x + (dx * k) / 10, y]);
    await page.waitForTimeout(16);
  }
  await touch('touchEnd', []);
  await cdp.detach();
}

describe('on a phone', () => {
  it('opens to the sentence and a drawn head, with the settings in a drawer', async () => {
    const { page, problems } = await openPage(served.browser, site(), PHONE);
    await ready(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBe(0);
    // The first screen: the sentence box and the first head's lines, whole.
    const text = await box(page, '#text');
    const lines = await box(page, '#overview .head-card svg[data-view=token-lines]');
    expect(text.y).toBeGreaterThanOrEqual(0);
    expect(lines.y).toBeGreaterThan(text.y + text.height);
    expect(lines.y + lines.height).toBeLessThanOrEqual(PHONE.height);
    expect(await page.locator('#overview .head-card line').count()).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('phone') });

    // The settings are out of sight (and out of the tab order) until asked for.
    expect(await page.locator('#model').isVisible()).toBe(false);
    const open = page.locator('#controls-open');
    expect(await open.getAttribute('aria-expanded')).toBe('false');
    await open.tap();
    await expect.poll(() => page.locator('#model').isVisible()).toBe(true);
    expect(await open.getAttribute('aria-expanded')).toBe('true');
    const drawer = await box(page, '#controls');
    await expect
      .poll(async () => (await box(page, '#controls')).y + drawer.height)
      .toBeLessThanOrEqual(PHONE.height + 1);
    await page.screenshot({ path: screenshotPath('phone-settings') });
    // Every control in the drawer and on the page is a finger's size.
    expect(await smallTargets(page, MIN_TARGET)).toEqual([]);
    // A setting changed in the drawer takes effect; Escape closes it and gives focus back.
    await page.selectOption('#layer', '1');
    await expect.poll(() => page.textContent('#detail .detail-title')).toMatch(/^Layer 2/);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#model').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('controls-open');
    expect(problems).toEqual([]);
  });

  it('puts every head a swipe apart, with a cue, and words of at least 12 px', async () => {
    const { page, problems } = await openPage(served.browser, site(), PHONE);
    await ready(page);
    const cue = page.locator('#overview-cue');
    expect(await cue.isVisible()).toBe(true);
    expect(await cue.textContent()).toMatch(/Head 1 of 8: swipe/);
    const first = await box(page, '#overview .head-card');
    expect(first.width).toBeGreaterThan(PHONE.width / 2); // one card per screen
    // A finger's swipe to the left, as touch events, brings the next heads in.
    const cards = await box(page, '#overview');
    await swipe(page, cards.x + cards.width * 0.9, cards.y + 150, -first.width * 0.8);
    await expect.poll(() => cue.textContent()).toMatch(/Head [2-8] of 8/);
    const swiped = await page.$eval('#overview', (o) => o.scrollLeft);
    expect(swiped).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('phone-swiped') });
    // Every head can be reached: the last card scrolls fully into the row.
    await page.locator('#overview .head-card').last().scrollIntoViewIfNeeded();
    await expect.poll(() => cue.textContent()).toMatch(/Head 8 of 8/);

    expect(await wordPx(page, '#overview .head-card svg[data-view=token-lines]')).toBeGreaterThan(
      MIN_WORD_PX,
    );
    expect(await wordPx(page, '#detail svg[data-view=token-lines]')).toBeGreaterThan(MIN_WORD_PX);
    // The enlarged matrix's and the output vectors' labels: the size they are drawn at on screen.
    for (const matrix of ['#detail', '#fused']) {
      await page.locator(`${matrix} svg[data-view=heatmap]`).scrollIntoViewIfNeeded();
      const labelPx = await page.$$eval(`${matrix} svg[data-view=heatmap] text`, (ts) =>
        Math.min(
          ...ts.map((t) => {
            const svg = t.closest('svg')!;
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return parseFloat(getComputedStyle(t).fontSize) * scale;
          }),
        ),
      );
      expect(labelPx).toBeGreaterThanOrEqual(MIN_WORD_PX);
    }
    expect(problems).toEqual([]);
  });

  it('reflows its tables instead of clipping them', async () => {
    const { page, problems } = await openPage(served.browser, site(), PHONE);
    await ready(page);
    await page.locator('#head-stats').scrollIntoViewIfNeeded();
    await page.waitForSelector('#head-stats table.reflow td[data-label]');
    const fits = await page.$$eval('#head-stats table.reflow', (tables) =>
      tables.map((t) => {
        const r = t.getBoundingClientRect();
        return r.left >= 0 && r.right <= innerWidth && t.scrollWidth <= t.clientWidth + 1;
      }),
    );
    expect(fits.length).toBeGreaterThan(0);
    expect(fits.every(Boolean)).toBe(true);
    // Each cell says which column it was: the heading shows beside the value.
    const label = await page.$eval('#head-stats td[data-label]', (td) =>
      getComputedStyle(td, '::before').content.replace(/"/g, ''),
    );
    expect(label).toBe('Entropy');
    await page.locator('#head-stats').screenshot({ path: screenshotPath('phone-table') });
    expect(problems).toEqual([]);
  });
});
