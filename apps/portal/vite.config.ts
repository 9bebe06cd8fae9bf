import { defineConfig } from 'vite';

// Built once by `npm start` and served by the local stack at `/`; nothing loads from a CDN.
export default defineConfig({
  base: '/',
  build: { target: 'es2022', sourcemap: true, emptyOutDir: true },
});
