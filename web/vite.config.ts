import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The demo page. `base: './'` makes the built site work from any sub-path.
export default defineConfig({
  root: fileURLToPath(new URL('./demo', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('../dist/site', import.meta.url)),
    emptyOutDir: true,
  },
  server: { host: 'localhost', port: 5173, strictPort: false },
});
