import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The demo site: the page, the iframe page and the widget's script.
export default defineConfig({
  root: here('./demo'),
  // Relative URLs everywhere, so the built site works from any sub-path (e.g. a project page).
  base: './',
  // Static assets (sample images, checkpoints, the icon) live in the top-level public/.
  publicDir: here('../public'),
  // The compute worker imports the wasm loader; ES-module workers allow that code splitting.
  worker: { format: 'es' },
  build: {
    outDir: here('../dist/site'),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        index: here('./demo/index.html'),
        embed: here('./demo/embed.html'),
        widget: here('./app/widget/define.ts'),
      },
      output: {
        // Host pages include the widget by a stable name: <script type="module" src=".../headscope-widget.js">.
        entryFileNames: (chunk) =>
          chunk.name === 'widget' ? 'headscope-widget.js' : 'assets/[name]-[hash].js',
      },
    },
  },
  server: { host: 'localhost', port: 5173, strictPort: false },
});
