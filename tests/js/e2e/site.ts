// The built site (dist/site, from `npm run build`) served from the repository root, so the page
// runs from a sub-path (/dist/site/) under the strict Content-Security-Policy, and the examples
// in examples/ reach the widget at ../dist/site/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from '../support/chromium.mjs';
import { serveStatic, type StaticServer } from '../support/static-server.mjs';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export async function serveSite(): Promise<StaticServer> {
  if (!existsSync(`${ROOT}dist/site/index.html`))
    throw new Error('dist/site is missing: run `npm run build` first (npm test does)');
  return serveStatic(ROOT);
}

export interface Served {
  /** The server's root URL, ending in '/'. */
  readonly url: string;
  readonly browser: Browser;
}

/** For a test file: serves the site and starts Chromium before its tests, stops both after. */
export function useSite(): Served {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await serveSite();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get url() {
      return server!.url;
    },
    get browser() {
      return browser!;
    },
  };
}
