// Keystroke-to-redraw time of the demo page in Debian's Chromium, for a 12-word sentence. The
// page stamps each input event and, one animation frame after drawing the view for the newest
// input, writes the elapsed time to #status[data-latency-ms] and counts it in
// #status[data-timed-redraws]. Run: npm run bench:page (it builds the site first). Figures only:
// nothing here is asserted. It reports
//   1. the first drawn head: when the page marks 'headscope:first-head' after navigation, on a
//      fresh browser context (cold cache) and a local server, for the default (English) model,
//      navigating once the new window has settled and, beside it, at once (firstHead says why);
//   2. each shipped checkpoint's fetch and parse time in the worker;
//   3. one key at a time, each waiting for its redraw (one layer of 8 heads; the English encoder);
//   4. typing at 7.5 keys a second without waiting, as a person does: the latency of every redraw,
//      split into its parts (until the scene arrived from the worker, of which the core's run, and
//      drawing it; the rest is the wait for the next frame), and the long tasks (over 50 ms) the
//      browser reports meanwhile;
//   5. the English decoder generating 60 tokens: how fast tokens arrive and are drawn, each
//      step's time in the core and on the page, and the long tasks meanwhile. The page paces
//      generation at one step per frame and at most one per 60 ms (generate/controller.ts).
import { fileURLToPath } from 'node:url';
import { pressAndWait } from './bench/keys.mjs';
import { launchChromium } from '../tests/js/support/chromium.mjs';
import { serveStatic } from '../tests/js/support/static-server.mjs';

const SENTENCE = 'The quick brown fox jumps over the lazy dog by the river'; // 12 words
const KEYS = Number(process.argv[2] ?? 40);
const FIRST_HEAD_RUNS = 5;
/**
 * Each visit opens a fresh browser context (an empty cache) in a new window. Chromium 156 fills a
 * new window with its own interface first: its omnibox popup is a web page in a renderer of its
 * own, which kept about two cores busy for 1.25-1.5 s after the window opened (traced). A
 * learner's browser has its window already, so the page is measured once that has settled; the
 * figure for navigating at once, in the window still starting, is reported beside it.
 */
const WINDOW_SETTLE_MS = 2500;
const KEY_INTERVAL_MS = 1000 / 7.5;
const root = fileURLToPath(new URL('../', import.meta.url));

const server = await serveStatic(root);
const browser = await launchChromium();
try {
  const site = `${server.url}dist/site/index.html`;
  await firstHead(site);
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
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
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
  await typeLikeAPerson(page, site);
  await generation(page, site);
} finally {
  await browser.close();
  await server.close();
}

/** The median and 90th percentile of a list of times. */
function spread(times) {
  const t = [...times].sort((a, b) => a - b);
  const q = (f) => t[Math.min(t.length - 1, Math.floor(f * t.length))];
  return `median ${q(0.5).toFixed(1)} ms · p90 ${q(0.9).toFixed(1)} ms · max ${t.at(-1).toFixed(1)} ms (${t.length})`;
}

async function firstHead(site) {
  for (const settle of [WINDOW_SETTLE_MS, 0]) {
    const times = [];
    for (let i = 0; i < FIRST_HEAD_RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.waitForTimeout(settle);
      await page.goto(site);
      const at = await page.waitForFunction(
        () => performance.getEntriesByName('headscope:first-head')[0]?.startTime,
      );
      times.push(await at.jsonValue());
      await context.close();
    }
    const when = settle
      ? `the browser's new window settled (${settle} ms)`
      : "at once, in a window still starting Chromium's own interface";
    console.log(
      `first drawn head after navigation, cold cache, English encoder, ${when}: ${spread(times)}`,
    );
  }
}

async function typeLikeAPerson(page, site) {
  await page.goto('about:blank');
  // From the sentence's first letter (an empty box draws nothing to wait for).
  await page.goto(`${site}#model=trained&text=${SENTENCE[0]}`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
  await page.evaluate(() => {
    window.benchLatencies = [];
    window.benchLongTasks = [];
    const status = document.getElementById('status');
    new MutationObserver(() =>
      window.benchLatencies.push(
        ['latencyMs', 'arrivedMs', 'coreMs', 'drawMs'].map((k) => Number(status.dataset[k])),
      ),
    ).observe(status, { attributeFilter: ['data-timed-redraws'] });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.benchLongTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  await page.focus('#text');
  await page.keyboard.press('End');
  for (const ch of SENTENCE.slice(1)) {
    const next = Date.now() + KEY_INTERVAL_MS;
    await page.keyboard.type(ch);
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
  }
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
  const { latencies, longTasks } = await page.evaluate(() => ({
    latencies: window.benchLatencies,
    longTasks: window.benchLongTasks,
  }));
  console.log(
    `typing "${SENTENCE}" at 7.5 keys/s, English encoder: ${latencies.length} redraws for ${SENTENCE.length - 1} keys`,
  );
  console.log(`  keystroke → redraw: ${spread(latencies.map((l) => l[0]))}`);
  console.log(`  of which until the scene arrived: ${spread(latencies.map((l) => l[1]))}`);
  console.log(`    the core's run in the worker: ${spread(latencies.map((l) => l[2]))}`);
  console.log(`  drawing it on the page: ${spread(latencies.map((l) => l[3]))}`);
  const sum = longTasks.reduce((a, b) => a + b, 0);
  console.log(
    `  long tasks (> 50 ms): ${longTasks.length}${longTasks.length ? `, ${sum.toFixed(0)} ms in all, longest ${Math.max(...longTasks).toFixed(0)} ms` : ''}`,
  );
}

async function typeAndTime(page, url, what) {
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
  await page.focus('#text');
  await page.keyboard.press('End');
  const times = [];
  for (let i = 0; i < KEYS; i++) {
    await pressAndWait(page, i);
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

/** The English decoder generating: every step as the page draws it (generate/controller.ts). */
async function generation(page, site) {
  const TOKENS = 60;
  await page.goto('about:blank');
  await page.goto(`${site}#model=english-decoder&text=${encodeURIComponent('The old man')}`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
  await page.fill('#gen-max-tokens', String(TOKENS));
  await page.evaluate(() => {
    window.benchSteps = [];
    window.benchLongTasks = [];
    const root = document.getElementById('gen-start').closest('section');
    new MutationObserver(() =>
      window.benchSteps.push({
        at: performance.now(),
        stepMs: Number(root.dataset.stepMs),
        drawMs: Number(root.dataset.drawMs),
      }),
    ).observe(root, { attributeFilter: ['data-generated'] });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.benchLongTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  await page.click('#gen-start');
  await page.waitForFunction(
    (n) => window.benchSteps.length >= n || document.getElementById('gen-stop').disabled,
    TOKENS,
    { timeout: 60_000 },
  );
  const { steps, longTasks } = await page.evaluate(() => ({
    steps: window.benchSteps,
    longTasks: window.benchLongTasks,
  }));
  const gaps = steps.slice(1).map((s, i) => s.at - steps[i].at);
  const seconds = (steps.at(-1).at - steps[0].at) / 1000;
  console.log(
    `generating ${steps.length} tokens, English decoder: ${((steps.length - 1) / seconds).toFixed(1)} tokens/s drawn (the page's pace: at most ${(1000 / 60).toFixed(1)}/s)`,
  );
  console.log(`  between two drawn tokens: ${spread(gaps)}`);
  console.log(`  a step in the core: ${spread(steps.map((s) => s.stepMs))}`);
  console.log(`  drawing it on the page: ${spread(steps.map((s) => s.drawMs))}`);
  console.log(`  long tasks (> 50 ms): ${longTasks.length}`);
}
