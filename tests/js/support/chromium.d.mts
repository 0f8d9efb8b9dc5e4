// Types for chromium.mjs (plain JS so that scripts/ can use it too).
import type { Browser } from 'playwright-core';

/** Debian's chromium binary, unless CHROMIUM_PATH names another. */
export const CHROMIUM_EXECUTABLE: string;
/** Flags that keep Chromium off the network and out of the sandbox the container lacks. */
export const CHROMIUM_ARGS: string[];
export function launchChromium(): Promise<Browser>;
