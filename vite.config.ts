/**
 * The web app (web/) is built by Vite into dist/web, which the server serves on the same
 * port as the API. In development, `npm run dev:web` serves it with hot reload and sends
 * /api to the server on :3000.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    sourcemap: true,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 900,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' } },
});
