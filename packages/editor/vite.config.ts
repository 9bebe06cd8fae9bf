import { defineConfig } from 'vite';

// Library mode. Dependencies stay external so the host app dedupes lit and loads each
// engine (hls.js, shaka-player) on demand from its own bundle, never from a CDN.
export default defineConfig({
  build: {
    lib: { entry: { index: 'src/index.ts' }, formats: ['es'] },
    target: 'es2022',
    sourcemap: true,
    minify: false,
    emptyOutDir: true,
    rollupOptions: { external: [/^lit/, /^@lit\//, /^hls\.js/, /^shaka-player/, /^@surgery-video\//] },
  },
});
