import { defineConfig } from 'vite';

// Built once by `npm start` and served by the local stack at `/`; nothing loads from a CDN.
export default defineConfig({
  base: '/',
  // hls.js (the player's HLS engine, loaded on demand) is one ~600 kB chunk by itself.
  build: { target: 'es2022', sourcemap: true, emptyOutDir: true, chunkSizeWarningLimit: 700 },
});
