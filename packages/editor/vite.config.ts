import { defineConfig } from 'vite';

// Library mode, two entries: `index` (the class and types, no side effects) and `clip-editor`
// (registers the tag). lit, @lit/* and the SDK's own packages stay external, so the host app
// dedupes them (one <surgery-player> definition, one lit).
export default defineConfig({
  build: {
    lib: { entry: { index: 'src/index.ts', 'clip-editor': 'src/clip-editor.ts' }, formats: ['es'] },
    target: 'es2022',
    sourcemap: true,
    minify: false,
    emptyOutDir: true,
    rollupOptions: {
      external: [/^lit/, /^@lit\//, /^@surgery-video\//],
      output: { chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
