/**
 * headscope for Node: the same API as the browser entry, reading headscope.wasm from the
 * package directory instead of fetching it (unless given `wasmUrl`).
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { fetchWasm } from './fetch-wasm.js';
import { makeLoader } from './loader.js';

export type * from './public.js';

/** Loads the wasm module once; later calls return the same instance. */
export const loadHeadscope = makeLoader((url) =>
  url ? fetchWasm(url) : readFile(new URL('../wasm/headscope.wasm', import.meta.url)),
);
