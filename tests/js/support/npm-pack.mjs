// npm pack without the prepack build (dist/ as it is), read from npm's JSON report. Plain JS so
// that scripts/package-check.mjs uses it as the package tests do.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Packs the package in `dir` into the folder `out`.
 * @param {string} dir
 * @param {string} out
 */
export function npmPack(dir, out) {
  const report = execFileSync(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', out],
    { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Any build output comes first; the JSON report starts at a line holding only '['.
  const [info] = JSON.parse(report.slice(report.search(/^\[$/m)));
  return {
    tarball: join(out, info.filename),
    files: info.files.map((/** @type {{ path: string }} */ f) => f.path).sort(),
    size: info.size,
    unpackedSize: info.unpackedSize,
  };
}
