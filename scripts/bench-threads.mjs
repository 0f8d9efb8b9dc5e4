// npm run bench:threads: the optional multithreaded build (HEADSCOPE_THREADS, 2 threads) against
// the default single-threaded module and ONNX Runtime Web with 1 and 2 threads, in Debian's
// Chromium on a cross-origin isolated page (threads need SharedArrayBuffer; Emscripten 3.1.6's
// pthread workers do not load as ES modules in Node). Same sizes, inputs and timing as npm run
// bench; every output is checked against the single-threaded module's. Figures only.
//   npm run bench:threads [-- --budget MS]
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../tests/js/support/chromium.mjs';
import { serveStatic } from '../tests/js/support/static-server.mjs';
import { relativeDiff } from './bench/cases.mjs';
import { printTable } from './bench/table.mjs';

const at = process.argv.indexOf('--budget');
const budget = at > 0 ? Number(process.argv[at + 1]) : 1500;
const root = fileURLToPath(new URL('../', import.meta.url));
const IMPLS = [
  { name: 'headscope-wasm (1 thread)', impl: 'headscope', threads: 1 },
  { name: 'headscope-threads (2)', impl: 'headscope-threads', threads: 2 },
  { name: 'ort-web (1 thread)', impl: 'ort-web', threads: 1 },
  { name: 'ort-web (2 threads)', impl: 'ort-web', threads: 2 },
];

// Cross-origin isolation; the page's import map is an inline script.
const server = await serveStatic(
  root,
  "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'",
  { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
);
const browser = await launchChromium();
const results = [];
let failed = false;
try {
  for (const { name, impl, threads } of IMPLS) {
    const page = await browser.newPage();
    page.on('pageerror', (e) => process.stderr.write(`  ${name}: ${e.message}\n`));
    await page.goto(
      `${server.url}scripts/bench/threads/index.html?impl=${impl}&threads=${threads}&budget=${budget}`,
    );
    await page.waitForFunction(() => window.benchResult || window.benchError, null, {
      timeout: 600_000,
    });
    const error = await page.evaluate(() => window.benchError);
    if (error) {
      console.log(`${name}: not measured: ${error.split('\n')[0]}`);
      failed = true;
    } else {
      results.push({ name, records: await page.evaluate(() => window.benchResult) });
      process.stderr.write(`  ${name}: done\n`);
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const ours = results.find((r) => r.name.startsWith('headscope-wasm'));
console.log(`Chromium, cross-origin isolated page; median ms, GFLOP/s = 8·t·d² + 4·t²·d per ms`);
for (const [i, { size }] of (ours?.records ?? []).entries()) {
  for (const { name, records } of results) {
    const diff = relativeDiff(records[i].output, ours.records[i].output);
    if (diff > 1e-3) {
      failed = true;
      console.log(`${name} at (${size}) differs from headscope-wasm by ${diff.toExponential(1)}`);
    }
  }
  const rows = results.map(({ name, records }) => ({ ...records[i], label: name }));
  printTable(
    `(t, d_model, heads) = (${size.split(',').join(', ')})`,
    rows,
    rows.find((r) => r.label.startsWith('headscope-threads')),
    'headscope-threads',
    28,
  );
}
if (failed) process.exitCode = 1;
