// Head analysis and live training in Debian's Chromium, through the built library
// (dist/lib/index.js, served with the repository): live-training steps per second for 1, 2, 4 and 8 heads (the default text
// task, d_model 32, 2 layers, batch 16), and the time of a run's analysis and of importance
// (the first call measures the held-out set too). Run: npm run bench:heads. Figures only:
// nothing here is asserted.
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../tests/js/support/chromium.mjs';
import { serveStatic } from '../tests/js/support/static-server.mjs';

const STEPS = Number(process.argv[2] ?? 300);
const root = fileURLToPath(new URL('../', import.meta.url));
const server = await serveStatic(root);
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}package.json`); // any page of the server: its origin serves dist/
  const figures = await page.evaluate(async (steps) => {
    const { loadHeadscope } = await import('/dist/lib/index.js');
    const hs = await loadHeadscope();
    const out = [];
    for (const numHeads of [1, 2, 4, 8]) {
      const t = hs.createTrainer({ numHeads });
      t.step(20); // warm-up
      const start = performance.now();
      for (let done = 0; done < steps; done += 25) t.step(25);
      const seconds = (performance.now() - start) / 1000;
      const v = t.validate();
      out.push(
        `live training, ${numHeads} head(s): ${(steps / seconds).toFixed(0)} steps/s; ` +
          `validation loss ${v.loss.toFixed(3)} after ${t.steps} steps`,
      );
      t.dispose();
    }
    // Median of `repeat` calls, in ms.
    const timed = (f, repeat = 1) => {
      const ms = [];
      for (let i = 0; i < repeat; i++) {
        const start = performance.now();
        f();
        ms.push(performance.now() - start);
      }
      return ms.sort((a, b) => a - b)[Math.floor(repeat / 2)].toFixed(1);
    };
    for (const [name, url, input] of [
      [
        'text',
        '/public/models/text.safetensors',
        'The queen thanked the boys because she was happy.',
      ],
      ['vision', '/public/models/vision.safetensors', null],
    ]) {
      const model = hs.loadModel(new Uint8Array(await (await fetch(url)).arrayBuffer()));
      const image = { data: new Uint8ClampedArray(64 * 64 * 4).fill(200), width: 64, height: 64 };
      const run = (options) =>
        input ? model.runText(input, options) : model.runImage(image, options);
      run({});
      out.push(
        `${name}: run ${timed(() => run({}), 9)} ms, with analysis ${timed(() => run({ analysis: true }), 9)} ms, ` +
          `importance first call ${timed(() => model.importance())} ms, ` +
          `later calls ${timed(() => model.importance(), 5)} ms`,
      );
      model.dispose();
    }
    return out;
  }, STEPS);
  for (const line of figures) console.log(line);
} finally {
  await browser.close();
  await server.close();
}
