// How long the page's head-count sweep keeps a person waiting: the built site (dist/site, from
// `npm run build`) in Debian's Chromium, the training panel's default settings, Sweep pressed,
// and the page's own wall time from the press to the last result. Also a full-page screenshot
// of the result in test-results/screenshots/sweep-full.png. Figures only: nothing is asserted.
// Run: node scripts/bench/sweep-page.mjs [steps] (default: the panel's own, 600).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../tests/js/support/chromium.mjs';
import { serveStatic } from '../../tests/js/support/static-server.mjs';

const steps = process.argv[2];
const root = fileURLToPath(new URL('../../', import.meta.url));
const server = await serveStatic(root);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  await page.goto(`${server.url}dist/site/index.html`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
  if (steps) await page.fill('#train-steps', steps);
  await page.click('#train-sweep');
  await page.waitForFunction(
    () => document.querySelector('#train-section')?.getAttribute('data-phase') === 'done',
    undefined,
    { timeout: 600_000, polling: 500 },
  );
  const tookMs = Number(await page.getAttribute('#train-sweep-results', 'data-took-ms'));
  console.log(await page.textContent('#train-sweep-plan'));
  console.log(
    `sweep: ${(tookMs / 1000).toFixed(1)} s (${await page.textContent('#train-status')})`,
  );
  console.log(await page.textContent('#train-sweep-verdict'));
  const dir = `${root}test-results/screenshots/`;
  mkdirSync(dir, { recursive: true });
  await page.locator('#train-sweep-results').screenshot({ path: `${dir}sweep-full.png` });
} finally {
  await browser.close();
  await server.close();
}
