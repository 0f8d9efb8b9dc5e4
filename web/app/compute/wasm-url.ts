// Where headscope.wasm is, named once for the compute worker and its main-thread fallback.
// Written as new URL('<literal>', import.meta.url) in the page's own module: Vite and webpack
// copy the file and rewrite the URL; after Rollup or esbuild, it is the headscope.wasm an app
// copies beside its bundle.
export const WASM_URL = new URL('../../wasm/headscope.wasm', import.meta.url).href;
