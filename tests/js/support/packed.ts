// The npm tarball as users get it, and fresh projects outside the repository that install it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { npmPack, type Packed } from './npm-pack.mjs';

export const repo = fileURLToPath(new URL('../../..', import.meta.url));

export const run = (cmd: string, args: string[], cwd: string): string =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * Packs dist/ as `npm test` built it (the prepack script's build-lib.sh) into `work`: packing
 * without the script keeps dist/ unchanged while other test files read it.
 */
export function pack(work: string): Packed {
  writeFileSync(join(work, 'package.json'), '{}'); // keeps npm from walking up to the repo
  return npmPack(repo, work);
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
