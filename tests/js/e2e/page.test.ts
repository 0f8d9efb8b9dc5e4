// The demo page as a person uses it, in Debian's Chromium: typing, heads on and off, images,
// bad files, URL state, long input and keyboard (phone.test.ts: a phone). Screenshots of each mode are saved
// in test-results/screenshots/.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, screenshotPath } from '../support/page-session.js';
import { useSite } from './site.js';

const served = useSite();

const site = (hash = '') => `${served.url}dist/site/index.html${hash}`;
const SENTENCE = 'The quick brown fox jumps over the lazy dog by the river'; // 12 words

/** Waits until the page has drawn a scene for its current input. */
async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
}

/** The output numbers as the page shows them, from the fused section's table (opened once). */
async function outputNumbers(page: Page): Promise<string[]> {
  const numbers = page.locator('#fused details.matrix-numbers');
  if (!(await numbers.evaluate((d: HTMLDetailsElement) => d.open)))
    await numbers.locator('summary').click();
  // The table is built on the disclosure's toggle event, a task after the click.
  await page.waitForSelector('#fused .matrix-numbers td');
  return page.$$eval('#fused .matrix-numbers td', (ts) => ts.map((t) => t.textContent ?? ''));
}

describe('text mode', () => {
  it('shows one view per head for a typed sentence, and the output changes when a head is off', async () => {
    const { page, problems } = await openPage(served.browser, site('#heads=8&kv=8&d=64'));
    await ready(page);
    await page.fill('#text', '');
    await page.locator('#text').pressSequentially(SENTENCE, { delay: 5 });
    await page.waitForFunction(
      (n) => document.querySelectorAll('#detail [data-side=query]').length === n,
      12,
    );
    await ready(page);
    expect(await page.locator('#overview .head-card').count()).toBe(8);
    expect(await page.locator('#overview .head-card svg').count()).toBe(8); // lines
    expect(await page.locator('#overview .head-card canvas').count()).toBe(8); // matrix
    expect(await page.textContent('#status')).toMatch(/12 tokens .* worker/);
    expect(Number(await page.getAttribute('#status', 'data-latency-ms'))).toBeGreaterThan(0);

    const before = await outputNumbers(page);
    expect(before.length).toBe(12 * 64);
    await page.locator('#head-toggles input[data-head="2"]').uncheck();
    await page.waitForFunction(() => document.querySelector('.head-card[data-head="2"].off'));
    await ready(page);
    const after = await outputNumbers(page);
    expect(after.length).toBe(before.length);
    expect(after.filter((t, i) => t !== before[i]).length).toBeGreaterThan(100);
    expect(page.url()).toContain('off=3');
    await page.screenshot({ path: screenshotPath('text-mode'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('reproduces the view from its URL, and names bad URL values', async () => {
    const { page, problems } = await openPage(
      served.browser,
      site('#heads=2&kv=1&causal=1&text=One+two+three&token=3'),
    );
    await ready(page);
    expect(await page.locator('#overview .head-card').count()).toBe(2);
    expect(await page.inputValue('#kv-heads')).toBe('1');
    expect(await page.isChecked('#causal')).toBe(true);
    expect(await page.inputValue('#text')).toBe('One two three');
    // Causal: the first token sees only itself, so its row of the matrix is [1, 0, 0].
    const first = await page.$$eval('#detail svg rect[data-row="0"] title', (ts) =>
      ts.map((t) => t.textContent),
    );
    expect(first[0]).toMatch(/: 1(\.00)?$/);

    await page.goto(site('#heads=100000&d=-1&temp=abc'));
    await expect.poll(() => page.textContent('#notice')).toContain('heads=100000');
    const notice = await page.textContent('#notice');
    expect(notice).toContain('heads=100000 must be an integer from 1 to 16');
    expect(notice).toContain('d=-1 must be an integer from 1 to 512');
    expect(notice).toContain('temp=abc must be a number');
    expect(problems).toEqual([]);
  });

  it('explains an indivisible head count with the core’s message and keeps the last view', async () => {
    const { page, problems } = await openPage(served.browser, site('#heads=4&d=64'));
    await ready(page);
    await page.selectOption('#heads', '5');
    await expect
      .poll(() => page.textContent('#error'))
      .toContain('d_model 64 is not divisible by num_heads 5');
    expect(await page.locator('#overview .head-card').count()).toBe(4);
    await page.selectOption('#heads', '8');
    await ready(page);
    expect(await page.isHidden('#error')).toBe(true);
    expect(await page.locator('#overview .head-card').count()).toBe(8);
    expect(problems).toEqual([]);
  });

  it('opens a link with an indivisible head count to a drawn view and a notice with the fix', async () => {
    const { page, problems } = await openPage(served.browser, site('#heads=3'));
    await ready(page);
    expect(await page.locator('#overview .head-card').count()).toBe(4);
    expect(await page.textContent('#notice')).toContain(
      'heads=3: d_model 64 is not divisible by num_heads 3, so 4 heads are shown',
    );
    expect(await page.isHidden('#error')).toBe(true);
    expect(problems).toEqual([]);
  });

  it('caps a 2,000-word text with a notice and stays responsive', async () => {
    const { page, problems } = await openPage(served.browser, site('#model=layer'));
    await ready(page);
    await page.fill('#text', 'word '.repeat(2000));
    await expect.poll(() => page.textContent('#notice')).toContain('first 64 of 2,000 tokens');
    await page.fill('#text', 'Short again.');
    await page.waitForFunction(
      () => document.querySelectorAll('#detail [data-side=query]').length === 3,
    );
    expect(problems).toEqual([]);
  });

  it('is keyboard reachable: focusing a token shows attention from it', async () => {
    const { page, problems } = await openPage(served.browser, site());
    await ready(page);
    await page.locator('#detail [data-side=query][data-token="4"]').focus();
    await expect.poll(() => page.url()).toContain('token=5');
    await page.locator('#overview .head-card[data-head="1"] .head-pick').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#detail h3')).toMatch(/head 2 of/i);
    expect(await page.textContent('#math')).toMatch(/softmax/i);
    expect(problems).toEqual([]);
  });

  it('exports the current view as PNG and SVG', async () => {
    const { page, problems } = await openPage(served.browser, site('#heads=2&kv=2'));
    await ready(page);
    await page.uncheck('#head-toggles input[data-head="1"]');
    await ready(page);
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    expect(png.suggestedFilename()).toBe('headscope.png');
    const pngBytes = readFileSync((await png.path())!);
    expect([...pngBytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    expect(pngBytes.length).toBeGreaterThan(20_000);
    const [svgFile] = await Promise.all([page.waitForEvent('download'), page.click('#export-svg')]);
    const text = readFileSync((await svgFile.path())!, 'utf8');
    expect(text).toMatch(/^<\?xml[^>]*>\s*<svg/);
    // Both heads' views and the fused output are in the file, with the numbers as tooltips.
    expect((text.match(/data-view="token-lines"/g) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(text).toContain('data-view="contribution-bars"');
    // A title block says what is shown, with the colour scale, and each view its head's name.
    const sentence = await page.inputValue('#text');
    expect(text).toContain('data-view="title-block"');
    expect(text).toContain(`Sentence: “${sentence}”`);
    expect(text).toContain('one untrained layer');
    expect(text).toContain('Heads shown: H1–H2; switched off: H2');
    expect(text).toMatch(/>Attention</);
    expect(text).toMatch(/>H1</);
    expect(text).toMatch(/>H2 \(off\)/);
    expect(problems).toEqual([]);
  });
});

describe('image mode', () => {
  it('loads a sample, shows heads over patches, and follows a clicked patch', async () => {
    const { page, problems } = await openPage(served.browser, site('#model=layer'));
    await ready(page);
    await page.click('#tab-image');
    await page.waitForFunction(
      () => document.querySelectorAll('#overview canvas[data-patches]').length === 4,
    );
    await expect.poll(() => page.textContent('#status')).toMatch(/144 patches/); // 192/16 = 12²
    const canvas = page.locator('#detail canvas[data-patches]');
    const box = (await canvas.boundingBox())!;
    const pixels = () => canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL());
    const before = await pixels();
    await canvas.click({ position: { x: box.width * 0.8, y: box.height * 0.25 } });
    await expect.poll(() => page.url()).toMatch(/token=(3[4-6]|2[2-4])\b/);
    expect(await pixels()).not.toBe(before);
    // Hovering another patch follows the pointer too: the top-left patch is number 1.
    await page.locator('#detail canvas[data-patches]').hover({ position: { x: 5, y: 5 } });
    await expect.poll(() => page.url()).toMatch(/token=1\b/);
    await page.screenshot({ path: screenshotPath('image-mode'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('takes an image dropped on the page or pasted, downscaling a large one', async () => {
    const { page, problems } = await openPage(served.browser, site('#mode=image&model=layer'));
    await page.waitForFunction(
      () => document.querySelectorAll('#overview canvas[data-patches]').length === 4,
    );
    // A 1000 × 500 PNG made in the page, delivered the way a drop and a paste deliver files.
    const deliver = (kind: 'drop' | 'paste', name: string) =>
      page.evaluate(
        async ([kind, name]) => {
          const canvas = new OffscreenCanvas(1000, 500);
          const ctx = canvas.getContext('2d')!;
          ctx.fillStyle = '#0072b2';
          ctx.fillRect(0, 0, 1000, 500);
          const blob = await canvas.convertToBlob({ type: 'image/png' });
          const data = new DataTransfer();
          data.items.add(new File([blob], name!, { type: 'image/png' }));
          const event =
            kind === 'drop'
              ? new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true })
              : new ClipboardEvent('paste', {
                  clipboardData: data,
                  bubbles: true,
                  cancelable: true,
                });
          document.body.dispatchEvent(event);
        },
        [kind, name],
      );
    await deliver('drop', 'dropped.png');
    await expect
      .poll(() => page.textContent('#image-note'))
      .toContain('dropped.png was 1000 × 500 pixels; it is shown downscaled to 384 × 192');
    await expect.poll(() => page.textContent('#status')).toMatch(/288 patches/); // 24 × 12
    await deliver('paste', 'pasted.png');
    await expect.poll(() => page.textContent('#image-note')).toContain('pasted.png was 1000 × 500');
    expect(problems).toEqual([]);
  });

  it('rejects a text file named .png with a message and keeps working', async () => {
    const { page, problems } = await openPage(
      served.browser,
      site('#mode=image&sample=dots.png&model=layer'),
    );
    await page.waitForFunction(
      () => document.querySelectorAll('#overview canvas[data-patches]').length === 4,
    );
    await page.setInputFiles('#file', {
      name: 'notes.png',
      mimeType: 'image/png',
      buffer: Buffer.from('hello, not a picture'),
    });
    await expect.poll(() => page.textContent('#error')).toContain('notes.png');
    expect(await page.textContent('#error')).toContain('could not be read as an image');
    // The previous image and its views are still there, and the page still computes.
    expect(await page.locator('#overview canvas[data-patches]').count()).toBe(4);
    await page.selectOption('#patch', '32');
    await expect.poll(() => page.textContent('#status')).toMatch(/36 patches/);
    await page.click('#tab-text');
    await page.fill('#text', 'Still working fine');
    await page.waitForFunction(
      () => document.querySelectorAll('#detail [data-side=query]').length === 3,
    );
    expect(problems).toEqual([]);
  });
});
