import createHeadscopeModule, { type RawModule, type RawModuleOptions } from '../wasm/headscope.js';

const isNode =
  typeof process !== 'undefined' && typeof process.versions === 'object' && !!process.versions.node;

/** The .wasm file beside the glue; bundlers (Vite, webpack 5, Rollup) rewrite this pattern. */
function wasmUrl(): URL {
  return new URL('../wasm/headscope.wasm', import.meta.url);
}

async function readInNode(url: URL): Promise<Uint8Array> {
  // A computed specifier keeps bundlers from pulling Node's fs into browser builds.
  const fsName = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs/promises');
  return fs.readFile(url);
}

/** Instantiates the wasm module, finding the .wasm file beside the glue unless told otherwise. */
export async function instantiate(options: RawModuleOptions = {}): Promise<RawModule> {
  const opts: RawModuleOptions = { ...options };
  if (!opts.wasmBinary && !opts.locateFile) {
    if (isNode) opts.wasmBinary = await readInNode(wasmUrl());
    else opts.locateFile = () => wasmUrl().href;
  }
  return createHeadscopeModule(opts);
}
