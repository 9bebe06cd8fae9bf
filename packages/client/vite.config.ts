import { defineConfig } from 'vite';

// Library mode: one ESM entry, nothing bundled from outside the package.
export default defineConfig({
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: 'index' },
    target: 'es2022',
    sourcemap: true,
    minify: false,
    emptyOutDir: true,
  },
});
