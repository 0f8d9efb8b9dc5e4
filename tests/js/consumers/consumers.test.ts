// The packed tarball in the apps people build: for each bundler (and none), a fresh project
// outside the repository installs it, builds the consumer app (app/), and serves it under the
// strict Content-Security-Policy; in Chromium the widget draws a trained model and the API
// returns numbers, with no console error and no failed request. examples/react is built and
// checked the same way.
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.mjs';
import { freshProject, pack, repo, run } from '../support/packed.js';
import { openPage } from '../support/page-session.js';
import { serveStatic } from '../support/static-server.mjs';
import { RECIPES } from './bundlers.js';

const work = mkdtempSync(join(tmpdir(), 'headscope-consumers-'));
let tarball = '';

beforeAll(() => {
  tarball = pack(work).tarball;
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What the consumer app reports once the widget has drawn and the API has run. */
interface AppReport {
  arch: string;
  tokens: string[];
  rowSum: number;
  heads: number;
  widget: { weights?: string; family?: string };
}

/**
 * Serves `dir` under the strict CSP, opens it in Chromium, waits until `ready` holds in the page,
 * and checks that the widget computed in a worker with no console error or failed request.
 */
async function visit<T>(dir: string, ready: () => boolean, read: (p: Page) => Promise<T>) {
  const server = await serveStatic(dir);
  const browser = await launchChromium();
  try {
    const { page, problems } = await openPage(browser, server.url);
    await page.waitForFunction(ready, undefined, { timeout: 30_000 }).catch(async (e: Error) => {
      const said = await page.evaluate(
        () => document.querySelector('headscope-attention')?.shadowRoot?.textContent ?? '',
      );
      throw new Error(`${e.message}\nwidget: ${said.slice(0, 300)}\n${problems.join('\n')}`);
    });
    const result = await read(page);
    expect(page.workers().length, 'the widget computes in its worker').toBeGreaterThan(0);
    expect(problems).toEqual([]);
    return result;
  } finally {
    await browser.close();
    await server.close();
  }
}

describe.each(RECIPES)('built with $name', (recipe) => {
  it('draws a trained model in the widget and runs the API, under a strict CSP', async () => {
    const project = freshProject(work, recipe.name.replace(/\W+/g, '-'), tarball);
    const text = await visit(
      await recipe.build(project),
      () => document.getElementById('out')?.textContent !== 'loading',
      async (page) => (await page.textContent('#out')) ?? '',
    );
    expect(text).not.toMatch(/^failed/);
    const report = JSON.parse(text) as AppReport;
    expect(report.arch).toBe('wasm');
    expect(report.tokens.slice(0, 4)).toEqual(['[CLS]', 'The', 'children', 'played']);
    expect(report.rowSum).toBeCloseTo(1, 4);
    expect(report.heads).toBe(8);
    expect(report.widget).toEqual({ weights: 'trained', family: 'masked-lm-encoder' });
  }, 180_000);
});

describe('examples/react', () => {
  it('builds with Vite and shows the figure and the masked-word guesses', async () => {
    const project = freshProject(work, 'react', tarball);
    const example = join(repo, 'examples/react');
    for (const f of ['index.html', 'vite.config.js', 'src'])
      cpSync(join(example, f), join(project, f), { recursive: true });
    // React and Vite from the repository's devDependencies: the test installs only the tarball.
    for (const dep of ['react', 'react-dom', 'vite'])
      symlinkSync(join(repo, 'node_modules', dep), join(project, 'node_modules', dep));
    // What the example's "build" script does.
    cpSync(join(project, 'node_modules/headscope/dist/models'), join(project, 'public/models'), {
      recursive: true,
    });
    run(
      'node',
      [join(repo, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'],
      project,
    );
    const { drawn, guesses } = await visit(
      join(project, 'dist'),
      () =>
        /Trained model/.test(document.querySelector('[data-testid=drawn]')?.textContent ?? '') &&
        /%/.test(document.querySelector('[data-testid=guesses]')?.textContent ?? ''),
      async (page) => ({
        drawn: await page.textContent('[data-testid=drawn]'),
        guesses: await page.textContent('[data-testid=guesses]'),
      }),
    );
    expect(drawn).toMatch(/^Layer 1 of 3: 8 heads × 16 dims, \d+ tokens\. Trained model\.$/);
    expect(guesses!.split(', ')).toHaveLength(5);
  }, 180_000);
});
