import { defineConfig } from 'vitest/config';

/** The robustness suite over ../shared/corpora (run by .ci/run when the corpus is beside the checkout). */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'hono/jsx' } },
  test: {
    include: ['test/corpus/**/*.test.{ts,tsx}'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
