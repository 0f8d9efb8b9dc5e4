// Opens a page in Chromium and records every console error, page error and failed request, so
// each end-to-end test can assert that none happened.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';

export interface Session {
  page: Page;
  /** Console errors, uncaught exceptions, HTTP errors and failed requests seen so far. */
  problems: string[];
}

/** A screen: its size, and for a phone, touch and a mobile viewport. */
export interface Screen {
  width: number;
  height: number;
  isMobile?: boolean;
  hasTouch?: boolean;
}

export const PHONE: Screen = { width: 390, height: 844, isMobile: true, hasTouch: true };

export async function openPage(
  browser: Browser,
  url: string,
  { width, height, ...device }: Screen = { width: 1280, height: 900 },
): Promise<Session> {
  const page = await browser.newPage({ viewport: { width, height }, ...device });
  const problems: string[] = [];
  // Failed loads are checked through responses: browsers ask for /favicon.ico on their own.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      problems.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico'))
      problems.push(`${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(e.message));
  // Requests that never got a response (refused, blocked by the CSP, aborted by the page).
  page.on('requestfailed', (r) => {
    if (!r.url().endsWith('/favicon.ico'))
      problems.push(`failed ${r.url()}: ${r.failure()?.errorText ?? ''}`);
  });
  await page.goto(url);
  return { page, problems };
}

/** Where screenshots go: test-results/screenshots/ (git-ignored), kept after the run. */
export function screenshotPath(name: string): string {
  const dir = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  return `${dir}${name}.png`;
}
