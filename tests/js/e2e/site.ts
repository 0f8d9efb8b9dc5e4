// The built site (dist/site, from `npm run build`) served from the repository root, so the page
// runs from a sub-path (/dist/site/) under the strict Content-Security-Policy, and the examples
// in examples/ reach the widget at ../dist/site/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveStatic, type StaticServer } from '../support/static-server.mjs';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export async function serveSite(): Promise<StaticServer> {
  if (!existsSync(`${ROOT}dist/site/index.html`))
    throw new Error('dist/site is missing: run `npm run build` first (npm test does)');
  return serveStatic(ROOT);
}
