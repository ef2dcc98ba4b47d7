import { and, eq } from 'drizzle-orm';
import { findUserByEmail, insertUser } from '../../db/queries/users.ts';
import { getSourceByName, insertSource, updateSource } from '../../db/queries/sources.ts';
import { sources, users } from '../../db/schema/index.ts';
import { hashPassword } from '../core/auth/password.ts';
import { randomSecret } from '../core/crypto.ts';
import type { Deps } from '../core/deps.ts';
import { DEMO_FEEDS } from './demo-feeds.ts';

export const DEMO_EMAIL = 'demo@earshot.local';

/** Any source a person configured (not the demo's, not the built-in push source)? Then no demo by default. */
export async function hasConfiguredSources(deps: Pick<Deps, 'db'>): Promise<boolean> {
  const rows = await deps.db
    .select({ id: sources.id })
    .from(sources)
    .where(and(eq(sources.isDemo, false), eq(sources.kind, 'rss')))
    .limit(1);
  return rows.length > 0;
}

/**
 * Creates (or re-points and resumes) the demo sources, whose feeds this server itself serves at
 * `${baseUrl}/demo/feeds/:slug`, and gives the demo user a fresh password, returned for the log.
 */
export async function ensureDemoWorkspace(deps: Pick<Deps, 'db' | 'clock'>, baseUrl: string): Promise<{ email: string; password: string }> {
  const now = deps.clock.now();
  for (const feed of DEMO_FEEDS) {
    const url = `${baseUrl}/demo/feeds/${feed.slug}`;
    const name = `Demo: ${feed.name}`;
    const existing = await getSourceByName(deps.db, name);
    if (!existing) {
      await insertSource(deps.db, { name, kind: 'rss', url, isDemo: true, pollIntervalSeconds: 300, nextPollAt: now, createdAt: now, updatedAt: now });
    } else if (existing.url !== url || existing.isPaused) {
      await updateSource(deps.db, existing.id, { url, isPaused: false, nextPollAt: now, etag: null, lastModified: null, updatedAt: now });
    }
  }
  const password = randomSecret(12);
  const passwordHash = await hashPassword(password);
  if (await findUserByEmail(deps.db, DEMO_EMAIL)) {
    await deps.db.update(users).set({ passwordHash }).where(eq(users.email, DEMO_EMAIL));
  } else {
    await insertUser(deps.db, { email: DEMO_EMAIL, name: 'Demo user', role: 'admin', passwordHash, now });
  }
  return { email: DEMO_EMAIL, password };
}

/** With the demo off, its feeds are not served, so its sources must not be polled (nor show as failing). */
export async function pauseDemoSources(deps: Pick<Deps, 'db'>): Promise<void> {
  await deps.db.update(sources).set({ isPaused: true }).where(eq(sources.isDemo, true));
}
