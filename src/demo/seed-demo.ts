import { and, eq, inArray, sql } from 'drizzle-orm';
import { getCursor, setCursor } from '../../db/queries/alerts.ts';
import { findUserByEmail, insertUser } from '../../db/queries/users.ts';
import { getSourceByName, insertSource, updateSource } from '../../db/queries/sources.ts';
import { caseActions, cases, sources, users } from '../../db/schema/index.ts';
import { hashPassword } from '../core/auth/password.ts';
import { ACTION_BATCH_SIZE, ACTION_ROWS, CASE_ROWS, MAX_CASE_ROWS, storeActions, storeCases, validateItems } from '../core/cases/import-cases.ts';
import { randomSecret } from '../core/crypto.ts';
import type { Deps } from '../core/deps.ts';
import { DEMO_CREDITOR_NAMES, demoCaseData, utcDayStart } from './demo-cases.ts';
import { DEMO_FEEDS, setDemoCaseAnchor } from './demo-feeds.ts';

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
 * `${baseUrl}/demo/feeds/:slug`, gives the demo user a fresh password, returned for the log, and seeds the demo
 * cases (ensureDemoCases).
 */
export async function ensureDemoWorkspace(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  baseUrl: string,
): Promise<{ email: string; password: string; cases: DemoCasesReport }> {
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
  // Alerting normally starts after the mentions already stored; the demo's inbox should show what its feeds raise.
  if ((await getCursor(deps.db, 'mentions')) === null) await setCursor(deps.db, 'mentions', 0);
  const demoCases = await ensureDemoCases(deps);
  return { email: DEMO_EMAIL, password, cases: demoCases };
}

export interface DemoCasesReport {
  /** The start of the UTC day the demo cases were first seeded: every time in them hangs off it. */
  anchor: number;
  /** The day (UTC midnight) the planted change of SMS cadence starts: the date to compare around on the Tactics page. */
  changeAt: number;
  /** False when they were all there already. */
  seeded: boolean;
  cases: number;
  actions: number;
  ms: number;
}

/**
 * Imports the demo cases and their collection actions (demo-cases.ts) through the same validation and store
 * functions as any import, once: on later starts they are found (by their creditors, which are the demo's own)
 * and left alone, and their anchor is read back from when they were stored. Mentions already stored that cite
 * them are linked by storeCases; those polled later, as they are stored. Either way the demo feeds then carry
 * the posts about these cases (setDemoCaseAnchor).
 */
export async function ensureDemoCases(deps: Pick<Deps, 'db' | 'clock' | 'config'>): Promise<DemoCasesReport> {
  const started = performance.now();
  const demo = inArray(cases.creditor, [...DEMO_CREDITOR_NAMES]);
  const [stored] = await deps.db
    .select({ n: sql<number>`count(*)`, first: sql<number | null>`min(${cases.createdAt})` })
    .from(cases)
    .where(demo);
  const anchor = utcDayStart(stored?.first ?? deps.clock.now());
  const data = demoCaseData(anchor);
  let seeded = false;
  if (Number(stored?.n ?? 0) < data.cases.length || (await demoActionCount(deps)) < data.actions.length) {
    // Also finishes a seeding that was cut short: what is stored already comes back unchanged.
    for (let i = 0; i < data.cases.length; i += MAX_CASE_ROWS) {
      const { items, bad } = validateItems(data.cases.slice(i, i + MAX_CASE_ROWS), CASE_ROWS);
      if (bad.length) throw new Error(`demo case ${bad[0]!.index + i}: ${bad[0]!.reason}`);
      await storeCases(deps, items.map((x) => x.item));
    }
    for (let i = 0; i < data.actions.length; i += ACTION_BATCH_SIZE) {
      const { items, bad } = validateItems(data.actions.slice(i, i + ACTION_BATCH_SIZE), ACTION_ROWS);
      if (bad.length) throw new Error(`demo action ${bad[0]!.index + i}: ${bad[0]!.reason}`);
      const counts = await storeActions(deps, items.map((x) => x.item));
      if (counts.rejected.length) throw new Error(`demo action ${counts.rejected[0]!.index + i}: ${counts.rejected[0]!.reason}`);
    }
    seeded = true;
  }
  setDemoCaseAnchor(anchor);
  return { anchor, changeAt: data.changeAt, seeded, cases: data.cases.length, actions: data.actions.length, ms: Math.round(performance.now() - started) };
}

async function demoActionCount(deps: Pick<Deps, 'db'>): Promise<number> {
  const [row] = await deps.db
    .select({ n: sql<number>`count(*)` })
    .from(caseActions)
    .innerJoin(cases, eq(cases.id, caseActions.caseId))
    .where(inArray(cases.creditor, [...DEMO_CREDITOR_NAMES]));
  return Number(row?.n ?? 0);
}

/** With the demo off, its feeds are not served, so its sources must not be polled (nor show as failing). */
export async function pauseDemoSources(deps: Pick<Deps, 'db'>): Promise<void> {
  await deps.db.update(sources).set({ isPaused: true }).where(eq(sources.isDemo, true));
}
