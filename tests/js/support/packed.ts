// The npm tarball as users get it, and fresh projects outside the repository that install it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../..', import.meta.url));

export const run = (cmd: string, args: string[], cwd: string): string =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

export interface Packed {
  tarball: string;
  /** Paths inside the tarball, sorted. */
  files: string[];
  /** npm's report: bytes packed and unpacked. */
  size: number;
  unpackedSize: number;
}

/**
 * Packs dist/ as `npm test` built it (the prepack script's build-lib.sh) into `work`: packing
 * without the script keeps dist/ unchanged while other test files read it.
 */
export function pack(work: string): Packed {
  const out = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], repo);
  // Any build output comes first; the JSON report starts at a line holding only '['.
  const [info] = JSON.parse(out.slice(out.search(/^\[$/m))) as {
    filename: string;
    files: { path: string }[];
    size: number;
    unpackedSize: number;
  }[];
  writeFileSync(join(work, 'package.json'), '{}'); // keeps npm from walking up to the repo
  return {
    tarball: join(work, info!.filename),
    files: info!.files.map((f) => f.path).sort(),
    size: info!.size,
    unpackedSize: info!.unpackedSize,
  };
}

/** A new project `work/name` (an ES module package) with the tarball installed. */
export function freshProject(work: string, name: string, tarball: string): string {
  const project = join(work, name);
  mkdirSync(project, { recursive: true });
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: `consumer-${name}`, private: true, type: 'module' }),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], project);
  return project;
}
