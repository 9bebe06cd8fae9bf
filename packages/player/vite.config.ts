import { defineConfig } from 'vite';

// Library mode, two entries: `index` (the class and types, no side effects) and `surgery-player`
// (registers the tag). Each engine adapter is loaded with a dynamic import and lands in its own
// chunk; the libraries (hls.js, shaka-player), lit and the client stay external, so the host app
// dedupes them and its bundler puts each engine library in the chunk that imports it, loaded on
// demand from its own bundle, never from a CDN.
export default defineConfig({
  build: {
    lib: { entry: { index: 'src/index.ts', 'surgery-player': 'src/surgery-player.ts' }, formats: ['es'] },
    target: 'es2022',
    sourcemap: true,
    minify: false,
    emptyOutDir: true,
    rollupOptions: {
      external: [/^lit/, /^@lit\//, /^hls\.js/, /^shaka-player/, /^@surgery-video\//],
      output: {
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
});
