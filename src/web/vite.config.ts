// Builds the dashboard into dist/web (served by `airtight serve`); `npm install` runs it.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  logLevel: 'warn',
  build: {
    outDir: resolve(import.meta.dirname, '../../dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 300,
  },
  server: { proxy: { '/api': { target: 'http://localhost:8080', ws: true } } },
});
