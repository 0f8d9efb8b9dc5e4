import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from './tests/js/support/chromium.mjs';

const lib = (file: string) => fileURLToPath(new URL(`./web/lib/${file}`, import.meta.url));

// Debian's Chromium, never a browser a tool downloads. The flags keep it off the network.
const chromium = playwright({
  launchOptions: {
    executablePath: CHROMIUM_EXECUTABLE,
    args: CHROMIUM_ARGS,
  },
});

// The API tests run twice: in Node against the Node entry, in Chromium against the browser
// entry. Both import 'headscope', as users do.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    // Two files at a time, one per core: the end-to-end files mostly wait on Chromium. Nothing
    // the files share is written while they run (the package test packs dist/ as built,
    // without its prepack script).
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        resolve: { alias: { headscope: lib('node.ts') } },
        test: {
          name: 'node',
          include: ['tests/js/{api,node,consumers,e2e,soak}/**/*.test.ts'],
          environment: 'node',
          // gc(), for the soak tests (tests/js/soak) to measure the JS heap after a collection.
          execArgv: ['--expose-gc'],
        },
      },
      {
        extends: true,
        resolve: { alias: { headscope: lib('index.ts') } },
        test: {
          name: 'chromium',
          // The API tests, and unit tests of the page's views and image handling.
          include: ['tests/js/{api,app}/**/*.test.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: chromium,
            instances: [{ browser: 'chromium' }],
            screenshotFailures: false,
          },
        },
      },
    ],
  },
});
