// Accessibility as a keyboard and screen-reader user meets it: axe-core on the page in each mode,
// on the embed and on the widget, failing on any serious or critical violation; and Tab from the
// top of the page reaches every section.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PHONE, type Screen } from '../support/page-session.js';
import { useSite } from './site.js';
import { serious } from '../support/axe.js';

const served = useSite();
const AXE_TIMEOUT = 180_000;

/** Runs `use` on `path` in a browser context of its own at `screen`, closed afterwards. */
async function onPage<T>(
  path: string,
  use: (page: Page) => Promise<T>,
  { width, height, ...device }: Screen = { width: 1280, height: 900 },
): Promise<T> {
  const context = await served.browser.newContext({ viewport: { width, height }, ...device });
  try {
    const page = await context.newPage();
    await page.goto(served.url + path);
    return await use(page);
  } finally {
    await context.close();
  }
}

/** Serious and critical violations on `path` once `ready` says it has drawn. */
function seriousViolations(path: string, ready: (p: Page) => Promise<unknown>, screen?: Screen) {
  return onPage(
    path,
    async (page) => {
      await ready(page);
      return serious(page);
    },
    screen,
  );
}

const pageReady = (p: Page) =>
  p.waitForFunction(() => document.body.dataset.state === 'ready', undefined, { timeout: 30_000 });
// Each figure starts when scrolled into view.
const figureDrawn = async (p: Page) => {
  for (const f of await p.locator('headscope-attention').all()) await f.scrollIntoViewIfNeeded();
  await p.waitForFunction(
    () =>
      [...document.querySelectorAll('headscope-attention')].every((f) =>
        f.shadowRoot?.querySelector('.head-card'),
      ),
    undefined,
    { timeout: 30_000 },
  );
};

describe('axe-core finds no serious or critical violation', () => {
  const pages: [string, string][] = [
    ['the page (English encoder)', 'dist/site/index.html'],
    ['the page (English decoder)', 'dist/site/index.html#model=english-decoder'],
    ['the page (toy grammar)', 'dist/site/index.html#model=text-encoder'],
    ['the page (one layer)', 'dist/site/index.html#model=layer&heads=4&d=32'],
    ['the page (image)', 'dist/site/index.html#mode=image'],
    ['the page with the guided tour open', 'dist/site/index.html#step=8'],
  ];
  // axe-core reads every node of a page of some 10,000: slow on a busy machine.
  it.each(pages)(
    'on %s',
    async (_, path) => {
      expect(await seriousViolations(path, pageReady)).toEqual([]);
    },
    AXE_TIMEOUT,
  );

  it(
    'on the page on a phone, settings drawer open',
    async () => {
      const open = async (p: Page) => {
        await pageReady(p);
        await p.click('#controls-open');
      };
      expect(await seriousViolations('dist/site/index.html', open, PHONE)).toEqual([]);
    },
    AXE_TIMEOUT,
  );

  it.each([
    ['the embed', 'dist/site/embed.html#text=The%20cat%20sat%20on%20the%20mat.'],
    ['the widget examples (text and image)', 'examples/widget.html'],
    ['the widget with its tour step bar', 'tests/js/e2e/fixtures/tour.html'],
  ])(
    'on %s',
    async (_, path) => {
      expect(await seriousViolations(path, figureDrawn)).toEqual([]);
    },
    AXE_TIMEOUT,
  );
});

describe('keyboard', () => {
  it('reaches every section of the page with Tab from the top', async () => {
    await onPage('dist/site/index.html', async (page) => {
      await pageReady(page);
      // The page's sections: those not inside another, by their heading's id.
      const sections = await page.$$eval('main section:not([hidden])', (ss) =>
        ss
          .filter((s) => !s.parentElement?.closest('section'))
          .map((s) => s.getAttribute('aria-labelledby') ?? ''),
      );
      const reached = new Set<string>();
      for (let i = 0; i < 400 && reached.size < sections.length; i++) {
        await page.keyboard.press('Tab');
        const where = await page.evaluate(() => {
          let s = document.activeElement?.closest('main section');
          while (s?.parentElement?.closest('section')) s = s.parentElement.closest('section');
          return s?.getAttribute('aria-labelledby') ?? null;
        });
        if (where) reached.add(where);
      }
      expect(sections.filter((s) => !reached.has(s))).toEqual([]);
    });
  }, 120_000);

  it('lists its shortcuts in a help dialog, and they work', async () => {
    await onPage('dist/site/index.html', async (page) => {
      await pageReady(page);
      const title = () => page.textContent('#detail .detail-title');
      expect(await title()).toMatch(/head 1 of 8/);
      await page.locator('body').focus();
      await page.keyboard.press('?');
      await expect.poll(() => page.locator('#help').isVisible()).toBe(true);
      expect(await page.textContent('#help')).toMatch(/\[.*\].*next head/s);
      expect(await serious(page, '#help')).toEqual([]);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('#help').isVisible()).toBe(false);
      // ] and [ step through the heads; , and . through the tokens; / goes to the sentence.
      await page.keyboard.press(']');
      await expect.poll(title).toMatch(/head 2 of 8/);
      await page.keyboard.press('[');
      await page.keyboard.press('[');
      await expect.poll(title).toMatch(/head 8 of 8/);
      const token = () => Number(/token=(\d+)/.exec(page.url())?.[1] ?? NaN);
      const from = token();
      await page.keyboard.press('.');
      await expect.poll(token).toBe(from + 1);
      await page.keyboard.press('/');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('text');
      // Typed into the sentence, the same keys are just text.
      const before = await page.inputValue('#text');
      await page.keyboard.press('End');
      await page.keyboard.type(']?');
      expect(await page.inputValue('#text')).toBe(`${before}]?`);
      expect(await page.locator('#help').isVisible()).toBe(false);
    });
  }, 120_000);
});
