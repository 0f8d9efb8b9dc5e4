import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  // React's automatic JSX runtime, compiled by Vite's own esbuild (no plugin needed to build).
  esbuild: { jsx: 'automatic' },
  // The dev server's dependency pre-bundling would move headscope away from its wasm and worker.
  optimizeDeps: { exclude: ['headscope'] },
});
