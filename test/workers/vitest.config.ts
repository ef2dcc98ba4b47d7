import { resolve } from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

/** The Workers suite: the real Worker entry inside workerd (miniflare), with a local D1 and the committed migrations. */
export default defineConfig(async () => {
  const migrations = await readD1Migrations(resolve(import.meta.dirname, '../../db/migrations'));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: resolve(import.meta.dirname, '../../wrangler.toml') },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            EARSHOT_ADMIN_TOKEN: 'workers-admin-token-0123456789',
            LOG_LEVEL: 'warn',
          },
        },
      }),
    ],
    oxc: { jsx: { runtime: 'automatic' as const, importSource: 'hono/jsx' } },
    test: {
      include: ['test/workers/**/*.test.ts'],
      setupFiles: [resolve(import.meta.dirname, 'apply-migrations.ts')],
      globalSetup: [resolve(import.meta.dirname, 'feed-server.global.ts')],
      testTimeout: 60_000,
    },
  };
});
