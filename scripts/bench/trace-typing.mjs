// Where the renderer's main thread spends a keystroke: a Chromium trace (devtools.timeline)
// over keystrokes that each wait for their redraw, summed by event name (self time of the
// renderer main thread's events). Figures only. Run after `npm run build`:
//   node scripts/bench/trace-typing.mjs [keys] [hash]
import { fileURLToPath } from 'node:url';
import { pressAndWait } from './keys.mjs';
import { launchChromium } from '../../tests/js/support/chromium.mjs';
import { serveStatic } from '../../tests/js/support/static-server.mjs';

const SENTENCE = 'The quick brown fox jumps over the lazy dog by the river';
const KEYS = Number(process.argv[2] ?? 30);
const HASH = process.argv[3] ?? `#model=trained&text=${encodeURIComponent(SENTENCE)}`;
const root = fileURLToPath(new URL('../../', import.meta.url));
const server = await serveStatic(root);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}dist/site/index.html${HASH}`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
  await page.focus('#text');
  await page.keyboard.press('End');
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'],
  });
  for (let i = 0; i < KEYS; i++) {
    await pressAndWait(page, i, { polling: 200 });
  }
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const mine = events.filter(
    (e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid && e.dur,
  );
  mine.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  // Self time: an event's duration less its direct children's.
  const self = new Map();
  const stack = [];
  for (const e of mine) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) parent.child = (parent.child ?? 0) + e.dur;
    stack.push(e);
  }
  for (const e of mine) self.set(e.name, (self.get(e.name) ?? 0) + (e.dur - (e.child ?? 0)) / 1000);
  const top = mine.filter((e) => e.name === 'RunTask');
  const busy = top.reduce((a, e) => a + e.dur / 1000, 0);
  console.log(
    `${KEYS} keys: renderer main busy ${busy.toFixed(0)} ms (${(busy / KEYS).toFixed(1)} ms per key)`,
  );
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`${(v / KEYS).toFixed(2).padStart(8)} ms/key  ${k}`);
} finally {
  await browser.close();
  await server.close();
}
