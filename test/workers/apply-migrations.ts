import { applyD1Migrations, env } from 'cloudflare:test';

// The committed drizzle-kit migrations, applied to the test's local D1 as `wrangler d1 migrations apply` would.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
