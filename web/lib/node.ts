/**
 * headscope for Node: the same API as the browser entry, reading headscope.wasm from the
 * package directory instead of fetching it (unless given `wasmUrl`).
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fetchBytes, fetchWasm } from './fetch-wasm.js';
import { makeLoader } from './loader.js';
import { fileInFolder } from './shipped.js';

export type * from './public.js';

/** Where the package keeps its shipped models, beside dist/lib/. */
const MODELS_DIR = new URL('../models/', import.meta.url);

/** Loads the wasm module once; later calls return the same instance. */
export const loadHeadscope = makeLoader({
  readWasm: (url) =>
    url ? fetchWasm(url) : readFile(new URL('../wasm/headscope.wasm', import.meta.url)),
  readModelFile: async (name, folder = MODELS_DIR) => {
    const where = String(folder);
    if (/^https?:/.test(where))
      return (await fetchBytes(fileInFolder(name, where, where), `the model file ${name}`)).bytes;
    const file = /^file:/.test(where)
      ? new URL(fileInFolder(name, where, where))
      : join(where, name);
    try {
      return await readFile(file);
    } catch (e) {
      throw new Error(`could not read the model file ${String(file)}: ${(e as Error).message}`);
    }
  },
});
