import { eq, inArray, sql } from 'drizzle-orm';
import { loginThrottle } from '../../../db/schema/index.ts';
import { recordAudit } from '../audit.ts';
import type { Deps } from '../deps.ts';
import { sha256Hex } from '../crypto.ts';

/**
 * Failed logins are counted per account (whether or not it exists, so a lock says nothing about which e-mails
 * have accounts) and per client address. Past a limit each further failure locks the key for twice as long as
 * the last, up to an hour; a lock is audited. A success clears the account's count, not the address's (one
 * working account must not reset a guessing run against others).
 */
const LIMITS = { account: 5, address: 20 } as const;
/** Failures further apart than this start the count again. */
const FORGET_AFTER_MS = 15 * 60_000;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 60 * 60_000;

type Scope = keyof typeof LIMITS;
export interface ThrottleKey {
  scope: Scope;
  key: string;
}

export async function throttleKeys(email: string, address: string | null): Promise<ThrottleKey[]> {
  const keys: ThrottleKey[] = [{ scope: 'account', key: `account:${sha256Hex(email.trim().toLowerCase())}` }];
  if (address) keys.push({ scope: 'address', key: `address:${address}` });
  return keys;
}

/** Milliseconds until every key is unlocked; 0 when none is locked. */
export async function lockedFor(deps: Pick<Deps, 'db' | 'clock'>, keys: ThrottleKey[]): Promise<number> {
  const now = deps.clock.now();
  const rows = await deps.db
    .select({ lockedUntil: loginThrottle.lockedUntil })
    .from(loginThrottle)
    .where(
      inArray(
        loginThrottle.key,
        keys.map((k) => k.key),
      ),
    );
  return Math.max(0, ...rows.map((r) => (r.lockedUntil ?? 0) - now));
}

export async function recordFailure(deps: Pick<Deps, 'db' | 'clock'>, keys: ThrottleKey[], userId: number | null): Promise<void> {
  const now = deps.clock.now();
  for (const { scope, key } of keys) {
    const [row] = await deps.db
      .insert(loginThrottle)
      .values({ key, failures: 1, lastFailedAt: now })
      .onConflictDoUpdate({
        target: loginThrottle.key,
        set: { failures: sql`CASE WHEN ${loginThrottle.lastFailedAt} < ${now - FORGET_AFTER_MS} THEN 1 ELSE ${loginThrottle.failures} + 1 END`, lastFailedAt: now },
      })
      .returning({ failures: loginThrottle.failures });
    const over = row!.failures - LIMITS[scope];
    if (over < 0) continue;
    const lockedUntil = now + Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** over);
    await deps.db.update(loginThrottle).set({ lockedUntil }).where(eq(loginThrottle.key, key));
    await recordAudit(deps, null, 'login.locked', {
      target: scope === 'account' ? (userId ? `user:${userId}` : undefined) : key,
      scope,
      failures: row!.failures,
      lockedUntil,
    });
  }
}

export async function clearAccount(deps: Pick<Deps, 'db'>, keys: ThrottleKey[]): Promise<void> {
  const account = keys.filter((k) => k.scope === 'account').map((k) => k.key);
  await deps.db.delete(loginThrottle).where(inArray(loginThrottle.key, account));
}
