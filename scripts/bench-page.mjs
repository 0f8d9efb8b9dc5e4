// Keystroke-to-redraw time of the demo page in Debian's Chromium: a 12-word sentence, 8 heads,
// d_model 64. The page stamps each input event and, one animation frame after drawing the new
// view, writes the elapsed time to #status[data-latency-ms] and counts it in
// #status[data-timed-redraws]. This script types one character at a time, waits for each redraw,
// and prints the median and spread. Run: npm run bench:page
// (it builds the site first). Figures only: nothing here is asserted.
// Then, for each shipped checkpoint, the time the worker took to fetch and parse it on a fresh
// page (#status[data-model-load-ms]), and the keystroke-to-redraw time with the trained text model.
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../tests/js/support/chromium.mjs';
import { serveStatic } from '../tests/js/support/static-server.mjs';

const SENTENCE = 'The quick brown fox jumps over the lazy dog by the river'; // 12 words
const KEYS = Number(process.argv[2] ?? 40);
const root = fileURLToPath(new URL('../', import.meta.url));

const server = await serveStatic(root);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const site = `${server.url}dist/site/index.html`;
  for (const [name, hash] of [
    ['text', '#model=trained'],
    ['vision', '#model=trained&mode=image&sample=shapes.png'],
  ]) {
    const fresh = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await fresh.goto(site + hash);
    await fresh.waitForFunction(() => document.getElementById('status')?.dataset.modelLoadMs);
    const ms = await fresh.getAttribute('#status', 'data-model-load-ms');
    console.log(`${name} checkpoint: fetched and parsed in ${ms} ms`);
    await fresh.close();
  }
  await typeAndTime(
    page,
    `${site}#model=layer&heads=8&kv=8&d=64&text=${encodeURIComponent(SENTENCE)}`,
    '8 heads, d_model 64, one layer',
  );
  await typeAndTime(
    page,
    `${site}#model=trained&text=${encodeURIComponent(SENTENCE)}`,
    'the trained text model (3 layers x 8 heads)',
  );
} finally {
  await browser.close();
  await server.close();
}

async function typeAndTime(page, url, what) {
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
  await page.focus('#text');
  await page.keyboard.press('End');
  const times = [];
  for (let i = 0; i < KEYS; i++) {
    const before = await page.getAttribute('#status', 'data-timed-redraws');
    // Alternate adding and removing a final "s", so the sentence stays 12 words.
    await page.keyboard.press(i % 2 === 0 ? 's' : 'Backspace');
    await page.waitForFunction(
      (b) => document.getElementById('status')?.dataset.timedRedraws !== b,
      before,
    );
    times.push(Number(await page.getAttribute('#status', 'data-latency-ms')));
  }
  const tokens = await page.locator('#detail [data-side=query]').count();
  times.sort((a, b) => a - b);
  const q = (f) => times[Math.min(times.length - 1, Math.floor(f * times.length))];
  console.log(`keystroke → redraw, ${tokens} tokens, ${what}, ${KEYS} keystrokes:`);
  console.log(
    `  median ${q(0.5).toFixed(1)} ms · p10 ${q(0.1).toFixed(1)} ms · p90 ${q(0.9).toFixed(1)} ms · max ${times.at(-1).toFixed(1)} ms`,
  );
  const status = await page.textContent('#status');
  console.log(`  page status: ${status}`);
}
