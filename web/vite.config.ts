import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The demo page. `base: './'` makes the built site work from any sub-path.
export default defineConfig({
  root: fileURLToPath(new URL('./demo', import.meta.url)),
  base: './',
  // Static assets (sample images, checkpoints, the icon) live in the top-level public/.
  publicDir: fileURLToPath(new URL('../public', import.meta.url)),
  build: {
    outDir: fileURLToPath(new URL('../dist/site', import.meta.url)),
    emptyOutDir: true,
  },
  server: { host: 'localhost', port: 5173, strictPort: false },
});
