// Strict embedding, in Debian's Chromium. The demo page, the iframe page and a host page with
// two widgets run under the strict Content-Security-Policy (no 'unsafe-eval', no inline script or
// style) without a violation. On a host page whose stylesheet attacks everything
// (fixtures/hostile.css), the widgets draw exactly what they draw on the same page without it;
// the host's --hs-* theme still reaches them; their styles do not reach the host's elements of
// the same tags and classes; and two widgets on one page do not disturb each other.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, screenshotPath, type Session } from '../support/page-session.js';
import {
  drawn,
  hostStyles,
  shadowDifferences,
  shadowSnapshot,
  widgetState,
} from './embedding-support.js';
import { useSite } from './site.js';

const served = useSite();
const HOSTILE = 'tests/js/e2e/fixtures/hostile.html';
/** The fixture's widgets and their head counts. */
const WIDGETS = { four: 4, eight: 8 } as const;

/**
 * Opens `path` under the strict CSP with a `securitypolicyviolation` listener in place before
 * the page's scripts run (the console check names the violation too; this also sees reports
 * that do not reach the console). `prepare` runs before the page loads.
 */
async function openStrict(
  path: string,
  prepare?: (page: Page) => Promise<unknown>,
  waitUntil: 'load' | 'commit' = 'load',
): Promise<Session> {
  const session = await openPage(served.browser, 'about:blank');
  await session.page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { cspViolations: seen });
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.effectiveDirective} blocked ${e.blockedURI}`),
    );
  });
  await prepare?.(session.page);
  await session.page.goto(served.url + path, { waitUntil });
  return session;
}

function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

/** The hostile page with both widgets drawn; `clean`: with its hostile stylesheet served empty. */
async function hostPage(clean: boolean): Promise<Session> {
  const session = await openStrict(HOSTILE, async (page) => {
    if (clean)
      await page.route('**/fixtures/hostile.css', (r) =>
        r.fulfill({ status: 200, contentType: 'text/css', body: '' }),
      );
  });
  for (const [id, heads] of Object.entries(WIDGETS)) await drawn(session.page, id, heads);
  return session;
}

describe('under the strict Content-Security-Policy', () => {
  it('the demo page computes in its worker without a violation', async () => {
    const { page, problems } = await openStrict('dist/site/index.html#heads=4&d=64');
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    expect(await page.locator('#overview .head-card').count()).toBe(4);
    // A worker blocked by the policy would fall back to the main thread without an error.
    expect(await page.textContent('#status')).toContain('worker');
    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('the iframe page draws its figure without a violation', async () => {
    const { page, problems } = await openStrict('dist/site/embed.html#heads=4&d=64&text=A+b+c');
    await drawn(page, 'figure', 4);
    expect(page.workers().length).toBeGreaterThan(0);
    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe('a hostile host page', () => {
  it('changes nothing the widgets draw, next to the same page without its stylesheet', async () => {
    const clean = await hostPage(true);
    const hostile = await hostPage(false);
    for (const id of Object.keys(WIDGETS)) {
      const reference = await shadowSnapshot(clean.page, id);
      const attacked = await shadowSnapshot(hostile.page, id);
      expect(attacked.length).toBeGreaterThan(50);
      expect(shadowDifferences(reference, attacked), `#${id}`).toEqual([]);
      // What no computed value shows, such as a text-decoration drawn through from outside.
      const [a, b] = await Promise.all(
        [clean, hostile].map((s) => s.page.locator(`#${id}`).screenshot()),
      );
      expect(a!.equals(b!), `#${id} to the pixel`).toBe(true);
    }
    await hostile.page.screenshot({ path: screenshotPath('hostile-host'), fullPage: true });
    expect(hostile.page.workers().length).toBeGreaterThan(0);
    for (const { page, problems } of [clean, hostile]) {
      expect(await violations(page)).toEqual([]);
      expect(problems).toEqual([]);
    }
  });

  it('still lets the host theme the widget through the --hs-* properties', async () => {
    const { page, problems } = await hostPage(false);
    const theme = {
      '--hs-fg': 'rgb(1, 2, 3)',
      '--hs-bg': 'rgb(4, 5, 6)',
      '--hs-border': 'rgb(7, 8, 9)',
      '--hs-card': 'rgb(10, 11, 12)',
      '--hs-muted': 'rgb(13, 14, 15)',
      '--hs-font': 'serif',
    };
    const four = page.locator('#four');
    await four.evaluate((el, theme) => {
      for (const [k, v] of Object.entries(theme)) (el as HTMLElement).style.setProperty(k, v);
    }, theme);
    const seen = await four.evaluate((el) => {
      const root = el.shadowRoot!;
      const frame = getComputedStyle(root.querySelector('.frame')!);
      return {
        '--hs-fg': frame.color,
        '--hs-bg': frame.backgroundColor,
        '--hs-border': frame.borderTopColor,
        '--hs-card': getComputedStyle(root.querySelector('.head-card')!).backgroundColor,
        '--hs-muted': getComputedStyle(root.querySelector('.message')!).color,
        '--hs-font': frame.fontFamily,
      };
    });
    expect(seen).toEqual(theme);
    expect(problems).toEqual([]);
  });

  it("keeps the widgets' styles off the host's elements of the same tags and classes", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const { page, problems } = await openStrict(
      HOSTILE,
      (p) =>
        p.route('**/headscope-widget.js', async (r) => {
          await held;
          await r.continue();
        }),
      'commit',
    );
    // Parsed, both stylesheets applied, the widget's script not yet run.
    await page.waitForFunction(
      () =>
        document.readyState !== 'loading' &&
        [...document.querySelectorAll('link[rel=stylesheet]')].every(
          (l) => (l as HTMLLinkElement).sheet,
        ),
    );
    expect(await page.evaluate(() => customElements.get('headscope-attention'))).toBeUndefined();
    const before = await hostStyles(page);
    expect(before.length).toBeGreaterThan(8);
    release();
    for (const [id, heads] of Object.entries(WIDGETS)) await drawn(page, id, heads);
    expect(await hostStyles(page)).toEqual(before);
    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe('two widgets on one page', () => {
  it('do not disturb each other, and one goes on working when the other is removed', async () => {
    const { page, problems } = await hostPage(false);
    const four = page.locator('#four');
    const eight = page.locator('#eight');
    const fourBefore = await widgetState(page, 'four');

    await eight.locator('input.text').fill('It is tasty');
    await expect.poll(() => eight.locator('.message').textContent()).toContain('3 tokens');
    await eight.locator('.head-card[data-head="2"]').click();
    await expect
      .poll(() =>
        eight.locator('.head-card[data-head="2"] .head-pick').getAttribute('aria-pressed'),
      )
      .toBe('true');
    await eight.evaluate((el) => el.setAttribute('off', '2'));
    await expect.poll(() => eight.locator('.head-card[data-head="1"].off').count()).toBe(1);
    await eight.evaluate((el) => el.setAttribute('heads', '3'));
    await expect
      .poll(() => eight.locator('.message').textContent())
      .toContain('d_model 64 is not divisible by num_heads 3');
    expect(await widgetState(page, 'four')).toEqual(fourBefore);

    // And the other way round, once the figure has drawn what the replaced heads=3 asked for
    // (its message is said before that scene arrives): the same state on two reads in a row.
    let eightBefore = await widgetState(page, 'eight');
    await expect
      .poll(async () => {
        const now = await widgetState(page, 'eight');
        const same = JSON.stringify(now) === JSON.stringify(eightBefore);
        eightBefore = now;
        return same;
      })
      .toBe(true);
    await four.locator('.head-card[data-head="3"]').click();
    await expect
      .poll(() => four.locator('.head-card[data-head="3"] .head-pick').getAttribute('aria-pressed'))
      .toBe('true');
    expect(await widgetState(page, 'eight')).toEqual(eightBefore);

    await eight.evaluate((el) => el.remove());
    await four.evaluate((el) => el.setAttribute('heads', '2'));
    await expect.poll(() => four.locator('.head-card').count()).toBe(2);
    expect(await four.locator('.message').textContent()).toContain('2 heads × 32 dims');
    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
