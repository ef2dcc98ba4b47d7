import { defineConfig } from 'vitest/config';

/**
 * Two projects, so the inner loop is fast: `unit` (test/unit and test/api: pure code, and the app in process on
 * in-memory databases; `npm run test:unit`, under a minute) and `system` (fixture servers, the
 * server as a process, Chromium). `npm test` runs both. The corpus and Workers suites have configs of their own.
 * `unit` files share one worker and its loaded modules (isolate: false): a fresh process per file, importing the
 * app and decoding the model again, cost more than half its time. So a unit test restores what it stubs.
 */
const UNIT = ['test/unit/**/*.test.{ts,tsx}', 'test/api/**/*.test.{ts,tsx}'];

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'hono/jsx' } },
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT, isolate: false } },
      {
        extends: true,
        test: { name: 'system', include: ['test/**/*.test.{ts,tsx}'], exclude: [...UNIT, 'test/corpus/**', 'test/workers/**', 'node_modules/**'] },
      },
    ],
  },
});
