import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Vite writes an asset's URL as new URL("" + new URL("x", import.meta.url).href, import.meta.url),
// whose outer call webpack takes for a request it must resolve at build time, and fails.
const NESTED_URL =
  /new URL\(\s*(?:\/\*[^*]*\*\/\s*)?"" \+ (new URL\("[^"]+", import\.meta\.url\))\.href,\s*import\.meta\.url\s*\)/g;

/**
 * Asset URLs as webpack reads them: `new URL("x.js", import.meta.url)` written as
 * `new URL("./x.js", ...)` (browsers read both alike, but webpack takes a specifier without ./
 * for a package name), and Vite's nested form unwrapped.
 */
function relativeUrls(): Plugin {
  return {
    name: 'headscope-relative-urls',
    enforce: 'post',
    // After Vite has written its worker and asset URLs into the chunks.
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        chunk.code = chunk.code
          .replace(
            /new URL\("(?![./]|data:|https?:)([^"]+)", import\.meta\.url\)/g,
            'new URL("./$1", import.meta.url)',
          )
          .replace(NESTED_URL, '$1');
      }
    },
  };
}

// headscope.wasm keeps its name: apps whose bundler leaves new URL(…, import.meta.url) alone
// copy this folder beside their bundle and can name the file (loadHeadscope({ wasmUrl })).
const ASSET_NAMES = '[name][extname]';

// The widget as the npm package ships it (dist/widget/): one ES module that defines
// <headscope-attention>, its worker and the wasm beside it. Everything is found relative to the
// module (new URL(..., import.meta.url)), so the folder works wherever it is copied or bundled.
export default defineConfig({
  publicDir: false,
  base: './',
  // The worker imports the wasm loader; an ES-module worker allows that code splitting.
  // The worker and its assets sit beside the module, not in assets/: the worker and the main
  // thread's fallback then load the same headscope.wasm, so the package holds it once.
  worker: {
    format: 'es',
    plugins: () => [relativeUrls()],
    rollupOptions: {
      output: { entryFileNames: '[name]-[hash].js', assetFileNames: ASSET_NAMES },
    },
  },
  plugins: [relativeUrls()],
  build: {
    outDir: here('../dist/widget'),
    emptyOutDir: true,
    // The package's consumers bundle and minify; readable code is easier to debug there.
    minify: false,
    // No preload helper: its list of chunk files means nothing once an app's bundler has
    // renamed them, and a missing one is a failed request.
    modulePreload: false,
    // Not library mode, which inlines every asset: the wasm would become a data: URL, twice the
    // size and refused by a CSP whose connect-src is 'self'.
    rollupOptions: {
      input: { widget: here('./app/widget/package.ts') },
      preserveEntrySignatures: 'strict',
      output: {
        entryFileNames: 'headscope-widget.js',
        chunkFileNames: '[name]-[hash].js',
        assetFileNames: ASSET_NAMES,
      },
    },
  },
});
