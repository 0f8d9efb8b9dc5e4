// What learners paste, drop and link on the page and the widget, in Debian's Chromium: empty and
// 100,000-character text, emoji, right-to-left scripts and combining marks, a 1×1 and a
// 10,000×10,000 picture, a file that is no picture, cut-short, padded and NaN checkpoints, and a
// URL of garbage. Each gets a message naming the problem; what was typed is kept; the page and
// the widget go on working.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadHeadscope, type Model } from 'headscope';
import { editHeader, tensorOffset } from '../safetensors.js';
import { openPage, screenshotPath } from '../support/page-session.js';
import { encodePng } from '../support/png.js';
import { ROOT, useSite } from './site.js';

const served = useSite();
const site = (hash = '') => `${served.url}dist/site/index.html${hash}`;
/** The toy grammar model, whose word tokenizer the text cases below spell out. */
const GRAMMAR = '#model=text-encoder';

/** The page's default text model, run here through the library for the tokens it reads. */
let english: Model;
beforeAll(async () => {
  const hs = await loadHeadscope();
  english = hs.loadModel(readFileSync(`${ROOT}public/models/english-encoder.safetensors`));
});

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
}

/** The query tokens the detail view labels, in full (labels may be shortened; aria is not). */
async function queryTokens(page: Page): Promise<string[]> {
  return page.$$eval('#detail [data-side=query]', (gs) =>
    gs.map((g) => (g.getAttribute('aria-label') ?? '').replace(/^query (?:.*… \((.*)\)$)?/, '$1')),
  );
}

/** Replaces the text. The page may still say 'ready' for the old text: poll what it draws. */
async function typeText(page: Page, text: string): Promise<void> {
  await page.fill('#text', text);
}

describe('text on the page', () => {
  it('empty text: the message asks for a sentence and the last view stays', async () => {
    const { page, problems } = await openPage(served.browser, site(GRAMMAR));
    await ready(page);
    const cards = await page.locator('#overview .head-card').count();
    expect(cards).toBeGreaterThan(0);
    await typeText(page, '   ');
    await expect
      .poll(() => page.textContent('#error'))
      .toContain('there is no text to attend over');
    expect(await page.locator('#overview .head-card').count()).toBe(cards);
    await typeText(page, 'The dog ran home.');
    await ready(page);
    expect(await page.isHidden('#error')).toBe(true);
    await expect
      .poll(() => queryTokens(page))
      .toEqual(['[CLS]', 'The', 'dog', 'ran', 'home', '.', '[SEP]']);
    expect(problems).toEqual([]);
  });

  it('100,000 characters: capped with a notice, kept in the box, labels short', async () => {
    const { page, problems } = await openPage(served.browser, site(GRAMMAR));
    await ready(page);
    const long = 'a'.repeat(100_000);
    await typeText(page, long);
    await expect.poll(() => page.textContent('#notice')).toMatch(/first \d+ of 1,563\b/);
    await ready(page);
    expect((await page.inputValue('#text')).length).toBe(100_000);
    const words = async () => (await queryTokens(page)).slice(1, -1);
    await expect.poll(async () => (await words()).length).toBeGreaterThan(10);
    expect((await words()).every((t) => t === 'a'.repeat(64))).toBe(true);
    await typeText(page, 'word '.repeat(20_000));
    await expect.poll(() => page.textContent('#notice')).toMatch(/first \d+ of 20,000\b/);
    await typeText(page, 'Short again.');
    await ready(page);
    await expect.poll(() => queryTokens(page)).toEqual(['[CLS]', 'Short', 'again', '.', '[SEP]']);
    expect(problems).toEqual([]);
  });

  it('text too long for the link survives a reload; a new tab says it was not kept', async () => {
    const { page, problems } = await openPage(served.browser, site(GRAMMAR));
    await ready(page);
    const long = 'the queen smiled . '.repeat(300); // 5,700 characters
    await typeText(page, long);
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('longtext=1');
    expect(await page.evaluate(() => location.hash)).not.toContain('text=the');
    await ready(page);
    // Typing more of it leaves the history entry alone: each update of it cost up to 300 ms per
    // keystroke with 1 MB in the box. The views still follow the text.
    await page.evaluate(() => {
      const w = window as unknown as { historyWrites: number };
      w.historyWrites = 0;
      const write = history.replaceState.bind(history);
      history.replaceState = (...args) => {
        w.historyWrites++;
        write(...args);
      };
    });
    await page.focus('#text');
    await page.keyboard.press('End');
    await page.keyboard.type(' the king');
    await expect.poll(() => page.textContent('#notice')).toMatch(/of 1,202\b/);
    expect(
      await page.evaluate(() => (window as unknown as { historyWrites: number }).historyWrites),
    ).toBe(0);
    const typed = await page.inputValue('#text');
    expect(typed).toBe(`${long} the king`);
    await page.reload();
    await ready(page);
    expect(await page.inputValue('#text')).toBe(typed);
    // The same link in a fresh browser context: no stored text, so a notice and the default.
    const link = page.url();
    const other = await openPage(served.browser, link);
    await ready(other.page);
    await expect
      .poll(() => other.page.textContent('#notice'))
      .toContain(
        'was too long to put in a link (over 4000 characters), and this tab does not hold it',
      );
    expect((await other.page.inputValue('#text')).length).toBeLessThan(200);
    expect(problems).toEqual([]);
    expect(other.problems).toEqual([]);
  });

  it('emoji, right-to-left scripts, combining marks and a lone surrogate', async () => {
    const { page, problems } = await openPage(served.browser, site(GRAMMAR));
    await ready(page);
    const cases: [string, string[]][] = [
      ['The cat 🐈‍⬛ sat 👍🏽', ['The', 'cat', '🐈‍⬛', 'sat', '👍🏽']],
      ['مرحبا بالعالم שלום the dog', ['مرحبا', 'بالعالم', 'שלום', 'the', 'dog']],
      ['cafe\u0301 Z\u0351\u0352alg\u0300o', ['cafe\u0301', 'Z\u0351\u0352alg\u0300o']],
      ['broken \uD800 pair', ['broken', '\uFFFD', 'pair']],
    ];
    for (const [typed, tokens] of cases) {
      await typeText(page, typed);
      await expect.poll(() => queryTokens(page)).toEqual(['[CLS]', ...tokens, '[SEP]']);
      await ready(page);
    }
    await page.screenshot({ path: screenshotPath('hostile-text'), fullPage: false });
    expect(problems).toEqual([]);
  });

  it('the English encoder (the default) reads the same texts as the library does', async () => {
    const { page, problems } = await openPage(served.browser, site());
    await ready(page);
    for (const typed of [
      'a'.repeat(100_000),
      'The cat 🐈‍⬛ sat 👍🏽 مرحبا שלום',
      'cafe\u0301 Z\u0351\u0352alg\u0300o',
      'broken \uD800 pair',
    ]) {
      await typeText(page, typed);
      const expected = english.runText(typed.replace(/\uD800/, '\uFFFD')).tokens;
      await expect.poll(() => queryTokens(page), { timeout: 10_000 }).toEqual(expected);
      await ready(page);
    }
    await typeText(page, '   ');
    await expect
      .poll(() => page.textContent('#error'))
      .toContain('there is no text to attend over');
    expect(await page.inputValue('#text')).toBe('   ');
    expect(problems).toEqual([]);
  });
});

describe('pictures on the page', () => {
  it('a 200 × 150 picture keeps its shape: the model reads it letterboxed, and says so', async () => {
    const { page, problems } = await openPage(served.browser, site('#mode=image'));
    await ready(page);
    const wide = encodePng(200, 150, (y) => new Uint8Array(200).fill(y < 75 ? 40 : 200));
    await page.setInputFiles('#file', { name: 'wide.png', mimeType: 'image/png', buffer: wide });
    await expect
      .poll(() => page.textContent('#image-note'))
      .toContain('wide.png: 200 × 150 pixels.');
    await ready(page);
    expect(await page.textContent('#image-note')).toContain(
      'The model reads 64 × 64 pixels: the picture is scaled to 64 × 48, keeping its shape, with background bars above and below.',
    );
    expect(problems).toEqual([]);
  });

  it('a 1×1 and a 10,000×10,000 picture run; a file that is no picture is named', async () => {
    const { page, problems } = await openPage(served.browser, site('#mode=image'));
    await ready(page);
    const tiny = encodePng(1, 1, () => new Uint8Array([220, 40, 40, 255]), true);
    await page.setInputFiles('#file', { name: 'dot.png', mimeType: 'image/png', buffer: tiny });
    await expect.poll(() => page.textContent('#image-note')).toContain('dot.png');
    await ready(page);
    expect(await page.isHidden('#error')).toBe(true);

    // Left half dark, right half light: 100 MB of grey samples, a few hundred kB as PNG.
    const side = 10_000;
    const row = new Uint8Array(side).fill(30, 0, side / 2).fill(230, side / 2);
    const huge = encodePng(side, side, () => row);
    await page.setInputFiles('#file', { name: 'huge.png', mimeType: 'image/png', buffer: huge });
    await expect
      .poll(() => page.textContent('#image-note'), { timeout: 30_000 })
      .toContain('huge.png was 10000 × 10000 pixels; it is shown downscaled to 384 × 384');
    await ready(page);

    const ckpt = readFileSync(`${ROOT}public/models/vision.safetensors`);
    await page.setInputFiles('#file', { name: 'model.png', mimeType: 'image/png', buffer: ckpt });
    await expect
      .poll(() => page.textContent('#error'))
      .toContain('"model.png" could not be read as an image');
    // The huge picture's note and views are still there, and the page still computes.
    expect(await page.textContent('#image-note')).toContain('huge.png');
    await page.click('#tab-text');
    await typeText(page, 'Still working.');
    await ready(page);
    // Back to text loads the English encoder (3.5 MB) afresh: allow for a busy machine.
    await expect
      .poll(() => queryTokens(page), { timeout: 20_000 })
      .toEqual(english.runText('Still working.').tokens);
    expect(problems).toEqual([]);
  });
});

describe('checkpoints in the widget', () => {
  it('a cut-short, padded, absurd or NaN checkpoint is named in the figure; a good one then draws', async () => {
    const good = new Uint8Array(readFileSync(`${ROOT}public/models/text.safetensors`));
    const padded = new Uint8Array(good.length + 100);
    padded.set(good);
    const nan = new Uint8Array(good);
    new DataView(nan.buffer).setUint16(tensorOffset(nan, 'tok_emb.weight') + 10, 0x7e00, true);
    const absurd = editHeader(good, (h) => {
      h.__metadata__.num_layers = '100000';
    });
    const files: Record<string, Uint8Array> = {
      'cut.safetensors': good.subarray(0, good.length - 1),
      'padded.safetensors': padded,
      'nan.safetensors': nan,
      'absurd.safetensors': absurd,
      'good.safetensors': good,
    };
    const { page, problems } = await openPage(served.browser, `${served.url}examples/widget.html`);
    await page.route('**/checkpoints/*.safetensors', (route) => {
      const name = new URL(route.request().url()).pathname.split('/').pop()!;
      return route.fulfill({
        body: Buffer.from(files[name]!),
        contentType: 'application/octet-stream',
      });
    });
    const figure = page.locator('#four-heads');
    await expect.poll(() => figure.locator('.head-card').count(), { timeout: 20_000 }).toBe(4);
    const load = (name: string) =>
      figure.evaluate((el, src) => {
        el.setAttribute('model', 'trained');
        el.setAttribute('model-src', src);
      }, `checkpoints/${name}`);
    const message = () => figure.locator('.message').textContent();
    const cases: [string, RegExp][] = [
      ['cut.safetensors', /data_offsets \[\d+,\d+\] run past the end/],
      ['padded.safetensors', /100 bytes after the last tensor/],
      ['nan.safetensors', /tensor 'tok_emb.weight' value 5 is nan/],
      ['absurd.safetensors', /num_layers 100000 must be from 1 to 64/],
    ];
    for (const [name, text] of cases) {
      await load(name);
      await expect.poll(message).toMatch(text);
    }
    await load('good.safetensors');
    await expect.poll(message).toContain('Trained model.');
    expect(problems).toEqual([]);
  });
});

describe('URL state', () => {
  it('garbage in every key is named, and the page draws its defaults', async () => {
    const { page, problems } = await openPage(
      served.browser,
      site(
        '#%E0%A4%A&mode=%00&model=..%2F..&layer=1e400&off=NaN,,,&token=-5&fusion=%3Cb%3Ex&heads=100000&d=-1',
      ),
    );
    await ready(page);
    const notice = (await page.textContent('#notice')) ?? '';
    for (const key of ['mode=', 'model=', 'layer=', 'off=', 'token=', 'fusion='])
      expect(notice).toContain(key);
    expect(await page.locator('#overview .head-card').count()).toBeGreaterThan(0);
    // Shown as text, never as markup.
    expect(await page.locator('#notice b').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
