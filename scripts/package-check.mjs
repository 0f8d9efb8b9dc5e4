#!/usr/bin/env node
// The package as npm would publish it, checked by the ecosystem's own tools and held to its size
// budget: node scripts/package-check.mjs (after dist/ is built; `npm test` runs it).
//   publint                      package.json's fields and exports against the packed files
//   @arethetypeswrong/cli        every entry point's types resolve as the runtime file does
//   the size budget              packed and unpacked, with and without the models (README)
// Exits nonzero naming what failed.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { npmPack } from '../tests/js/support/npm-pack.mjs';
import { formatMessage } from 'publint/utils';

const root = fileURLToPath(new URL('..', import.meta.url));
const MB = 1e6;
// README's "Size budget": what the package may weigh, in MB.
export const BUDGET = {
  withModels: { packed: 15, unpacked: 18 },
  withoutModels: { packed: 1.5, unpacked: 3.5 },
};

/** The same package without dist/models, as an app that hosts its own models would want it. */
function packWithoutModels(work) {
  const dir = join(work, 'no-models');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  pkg.files = pkg.files.filter((f) => !f.startsWith('dist/models'));
  for (const f of ['README.md', 'LICENSE', 'CHANGELOG.md', ...pkg.files])
    cpSync(join(root, f), join(dir, f), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
  return npmPack(dir, work);
}

/** README's size table: row name -> [packed, unpacked, budget packed, budget unpacked] in MB. */
function readmeSizes() {
  const text = readFileSync(join(root, 'README.md'), 'utf8');
  const rows = {};
  for (const m of text.matchAll(
    /^\| (with the models|without `dist\/models\/`) \| ([\d.]+) MB \| ([\d.]+) MB \| ([\d.]+) MB \/ ([\d.]+) MB \|$/gm,
  ))
    rows[m[1].startsWith('with ') ? 'with models' : 'without models'] = m.slice(2).map(Number);
  return rows;
}

const failures = [];
const work = mkdtempSync(join(tmpdir(), 'headscope-package-'));
try {
  const full = npmPack(root, work);

  const pkgJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const tarball = readFileSync(full.tarball);
  const bytes = tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength);
  const lint = await publint({ strict: true, pack: { tarball: bytes } });
  for (const m of lint.messages) failures.push(`publint: ${formatMessage(m, pkgJson)}`);
  console.log(`publint: ${lint.messages.length} problem(s)`);

  // ESM only (the package has no CommonJS entry, and says so with "type": "module"); the wasm
  // binary and package.json are files, not modules with types.
  try {
    execFileSync(
      'npx',
      [
        'attw',
        full.tarball,
        '--profile',
        'esm-only',
        '--format',
        'ascii',
        '--exclude-entrypoints',
        './headscope.wasm',
        './package.json',
      ],
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    console.log('attw (esm-only): no problems');
  } catch (e) {
    failures.push(`attw: ${e.stdout}${e.stderr}`);
  }

  const bare = packWithoutModels(work);
  const rows = [
    ['with models', full, BUDGET.withModels],
    ['without models', bare, BUDGET.withoutModels],
  ];
  const stated = readmeSizes();
  for (const [name, p, b] of rows) {
    const fig = (v) => `${(v / MB).toFixed(2)} MB`;
    const r = stated[name];
    if (!r) failures.push(`README's size table has no row '${name}'`);
    else if (
      Math.abs(r[0] - p.size / MB) > 0.05 ||
      Math.abs(r[1] - p.unpackedSize / MB) > 0.05 ||
      r[2] !== b.packed ||
      r[3] !== b.unpacked
    )
      failures.push(
        `README says ${name}: ${r.join(', ')}; measured ${fig(p.size)}, ${fig(p.unpackedSize)}`,
      );
    console.log(
      `size ${name}: packed ${fig(p.size)} (budget ${b.packed} MB), unpacked ${fig(p.unpackedSize)} (budget ${b.unpacked} MB)`,
    );
    if (p.size > b.packed * MB)
      failures.push(`packed ${name} is ${fig(p.size)}, over ${b.packed} MB`);
    if (p.unpackedSize > b.unpacked * MB)
      failures.push(`unpacked ${name} is ${fig(p.unpackedSize)}, over ${b.unpacked} MB`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
