import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development the page is served by Vite (hot reload) and everything the API answers is proxied
// to it, so the page stays same-origin with the API exactly as when the API serves the build.
const apiOrigin = process.env.SHOWFLOOR_API_ORIGIN ?? 'http://localhost:3000';
const toApi = { target: apiOrigin, changeOrigin: false };

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': toApi, '/config.json': toApi, '/health': toApi, '/docs': toApi },
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    // The first page's budget is 250 KB of gzipped JavaScript (pnpm bench:web prints it). The one
    // chunk above 600 KB is Agora's SDK (1.5 MB), fetched only by a live room with credentials.
    chunkSizeWarningLimit: 1_600,
  },
});
