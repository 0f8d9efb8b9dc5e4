// Where the main thread's time goes while typing: a CPU profile of the demo page (Chromium's
// DevTools protocol) over keystrokes that each wait for their redraw, summed by function (self
// time). Figures only. Run after `npm run build`: node scripts/bench/profile-typing.mjs [keys]
import { fileURLToPath } from 'node:url';
import { pressAndWait } from './keys.mjs';
import { launchChromium } from '../../tests/js/support/chromium.mjs';
import { serveStatic } from '../../tests/js/support/static-server.mjs';

const SENTENCE = 'The quick brown fox jumps over the lazy dog by the river';
const KEYS = Number(process.argv[2] ?? 30);
const root = fileURLToPath(new URL('../../', import.meta.url));
const server = await serveStatic(root);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(
    `${server.url}dist/${process.env.SITE ?? 'site'}/index.html#model=trained&text=${encodeURIComponent(SENTENCE)}`,
  );
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await page.focus('#text');
  await page.keyboard.press('End');
  await cdp.send('Profiler.start');
  for (let i = 0; i < KEYS; i++) {
    await pressAndWait(page, i);
  }
  const { profile } = await cdp.send('Profiler.stop');
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = self.get('(idle) :-1') ?? 0;
  console.log(
    `${KEYS} keys: ${total.toFixed(0)} ms sampled, ${(total - idle).toFixed(0)} ms busy (${((total - idle) / KEYS).toFixed(1)} ms per key)`,
  );
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`${(v / KEYS).toFixed(2).padStart(8)} ms/key  ${k}`);
  // Inclusive time of each function (its own and its callees'), once per sample however deep.
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total2 = new Map();
  profile.samples.forEach((id, i) => {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at).callFrame;
      if (!f.url) continue;
      const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
      if (seen.has(key)) continue;
      seen.add(key);
      total2.set(key, (total2.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
    }
  });
  console.log('inclusive:');
  for (const [k, v] of [...total2].sort((a, b) => b[1] - a[1]).slice(0, 40))
    console.log(`${(v / KEYS).toFixed(2).padStart(8)} ms/key  ${k}`);
} finally {
  await browser.close();
  await server.close();
}
