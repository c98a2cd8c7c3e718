/**
 * Builds the dashboard into dist/web, which the server serves at `/`. The build prints
 * the initial JavaScript (the entry chunk and what it imports statically) gzipped, and
 * fails above the budget: pages loaded later are lazy chunks and do not count.
 */
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const INITIAL_JS_BUDGET = 250 * 1024;

function initialSizeReport(): Plugin {
  return {
    name: 'switchyard-initial-size',
    apply: 'build',
    generateBundle(_options, bundle) {
      const seen = new Set<string>();
      const visit = (name: string): void => {
        const chunk = bundle[name];
        if (seen.has(name) || chunk?.type !== 'chunk') return;
        seen.add(name);
        for (const imported of chunk.imports) visit(imported);
      };
      for (const [name, chunk] of Object.entries(bundle))
        if (chunk.type === 'chunk' && chunk.isEntry) visit(name);
      let gzipped = 0;
      for (const name of seen) {
        const chunk = bundle[name];
        if (chunk?.type === 'chunk') gzipped += gzipSync(chunk.code).length;
      }
      const kb = (gzipped / 1024).toFixed(1);
      process.stdout.write(
        `dashboard: initial JS ${kb} KB gzipped (budget ${INITIAL_JS_BUDGET / 1024} KB, ${seen.size} chunks)\n`,
      );
      if (gzipped > INITIAL_JS_BUDGET) this.error(`initial JS ${kb} KB gzipped is over the budget`);
    },
  };
}

export default defineConfig({
  plugins: [react(), initialSizeReport()],
  build: { outDir: 'dist/web', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:8030' } },
});
