import { defineConfig } from 'vite';

// Library mode: one ESM entry; dependencies (valibot) stay external so apps dedupe them.
export default defineConfig({
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: 'index' },
    target: 'es2022',
    sourcemap: true,
    minify: false,
    emptyOutDir: true,
    rollupOptions: { external: ['valibot'] },
  },
});
