// The packed tarball, installed into a project outside the repository, works in Node and in a
// Vite-built page served under a strict Content-Security-Policy — with no toolchain involved.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'vite';
import { launchChromium } from '../support/chromium.mjs';
import { openPage } from '../support/page-session.js';
import { freshProject, pack, repo, run } from '../support/packed.js';
import { serveStatic } from '../support/static-server.mjs';

const work = mkdtempSync(join(tmpdir(), 'headscope-pack-'));
let project = '';

// What a user's code does: load, configure, forward, and catch an error.
const USER_CODE = `
import { loadHeadscope } from 'headscope';
export async function demo() {
  const hs = await loadHeadscope();
  const mha = new hs.MultiHeadAttention({ dModel: 8, numHeads: 2, seed: 1 });
  const x = new Float32Array(3 * 8).map((_, i) => Math.cos(i));
  const r = mha.forward(x, 3);
  let error = '';
  try { new hs.MultiHeadAttention({ dModel: 10, numHeads: 3 }); } catch (e) { error = e.message; }
  mha.dispose();
  return { arch: hs.simdArch(), rowSum: r.attention.slice(0, 3).reduce((a, b) => a + b, 0),
           outputs: r.output.length, error };
}
`;

beforeAll(() => {
  const packed = pack(work);
  expect(packed.files).toContain('dist/wasm/headscope.wasm');
  project = freshProject(work, 'app', packed.tarball);
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Opens `url` in Chromium, waits for #out, and checks what the page's demo() reported. */
async function expectPageWorks(url: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const { page, problems } = await openPage(browser, url);
    await page.waitForFunction(() => document.getElementById('out')?.textContent !== 'loading');
    const text = (await page.textContent('#out')) ?? '';
    expect(text).not.toMatch(/^failed/);
    const result = JSON.parse(text);
    expect(result.arch).toBe('wasm');
    expect(result.rowSum).toBeCloseTo(1, 5);
    expect(result.error).toBe('d_model 10 is not divisible by num_heads 3');
    expect(problems).toEqual([]);
  } finally {
    await browser.close();
  }
}

function writePage(): void {
  writeFileSync(join(project, 'demo.js'), USER_CODE);
  writeFileSync(
    join(project, 'index.html'),
    `<!doctype html><html><body><pre id="out">loading</pre>
<script type="module" src="./page.js"></script></body></html>`,
  );
  writeFileSync(
    join(project, 'page.js'),
    `import { demo } from './demo.js';
demo().then((r) => (document.getElementById('out').textContent = JSON.stringify(r)),
            (e) => (document.getElementById('out').textContent = 'failed: ' + e));\n`,
  );
}

describe('packed tarball', () => {
  it('ships the built library, the widget, the models and the changelog', () => {
    const installed = (path: string) => readdirSync(join(project, 'node_modules/headscope', path));
    expect(installed('').sort()).toEqual([
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist',
      'package.json',
    ]);
    expect(installed('dist').sort()).toEqual(['lib', 'models', 'wasm', 'widget']);
    expect(installed('dist/wasm').sort()).toEqual([
      'headscope.d.ts',
      'headscope.js',
      'headscope.wasm',
    ]);
    const manifest = JSON.parse(
      readFileSync(join(project, 'node_modules/headscope/dist/models/manifest.json'), 'utf8'),
    ) as { models: { file: string }[] };
    expect(installed('dist/models').sort()).toEqual(
      ['manifest.json', ...manifest.models.map((m) => m.file)].sort(),
    );
    const widget = installed('dist/widget');
    for (const f of ['headscope-widget.js', 'headscope.wasm', 'index.d.ts', 'react.d.ts'])
      expect(widget).toContain(f);
  });

  it('loads a shipped model by id in Node (examples/node-shipped-model.mjs)', () => {
    cpSync(join(repo, 'examples/node-shipped-model.mjs'), join(project, 'shipped.mjs'));
    const out = run('node', ['shipped.mjs', 'The cat sat on the [MASK].'], project);
    expect(out).toContain('english-encoder: 3 layers × 8 heads, d_model 128');
    expect(out).toContain('tokens: [CLS] The cat sat on the [MASK] . [SEP]');
  });

  it('runs in Node', () => {
    writeFileSync(join(project, 'demo.js'), USER_CODE);
    writeFileSync(
      join(project, 'main.js'),
      `import { demo } from './demo.js';\nconsole.log(JSON.stringify(await demo()));\n`,
    );
    const result = JSON.parse(run('node', ['main.js'], project));
    expect(result.arch).toBe('wasm');
    expect(result.rowSum).toBeCloseTo(1, 5);
    expect(result.outputs).toBe(24);
    expect(result.error).toBe('d_model 10 is not divisible by num_heads 3');
  });

  it('runs in a Vite-built page under a strict CSP', async () => {
    writePage();
    const vite = join(repo, 'node_modules/vite/bin/vite.js');
    run('node', [vite, 'build', '--base', './', '--logLevel', 'error'], project);
    const server = await serveStatic(join(project, 'dist'));
    try {
      await expectPageWorks(server.url);
    } finally {
      await server.close();
    }
  });

  it('runs under the Vite dev server with optimizeDeps.exclude, as the README says', async () => {
    writePage();
    const server = await createServer({
      root: project,
      configFile: false,
      logLevel: 'error',
      optimizeDeps: { exclude: ['headscope'] },
      server: { host: '127.0.0.1', port: 0 },
    });
    await server.listen();
    try {
      await expectPageWorks(server.resolvedUrls!.local[0]!);
    } finally {
      await server.close();
    }
  });
});
