import { eq, inArray, notInArray, sql, type SQL } from 'drizzle-orm';
import { alertCursor, setAlertCursor } from '../../db/queries/alert-evaluation.ts';
import { findUserByEmail, insertUser } from '../../db/queries/users.ts';
import { getSourceByName, insertSource, updateSource } from '../../db/queries/sources.ts';
import { caseActions, cases, users, workspaceMarks } from '../../db/schema/index.ts';
import { ACTION_BATCH_SIZE, ACTION_ROWS, CASE_ROWS, MAX_CASE_ROWS, storeActions, storeCases, validateItems } from '../core/cases/import-cases.ts';
import { randomSecret } from '../core/crypto.ts';
import type { Role } from '../../db/schema/constants.ts';
import { recordAudit } from '../core/audit.ts';
import type { Deps } from '../core/deps.ts';
import { DEMO_CREDITOR_NAMES, demoCaseData, utcDayStart } from './demo-cases.ts';
import { DEMO_CREDITORS } from './demo-case-model.ts';
import { DEMO_FEEDS, setDemoCaseAnchor } from './demo-feeds.ts';

export const DEMO_EMAIL = 'demo@earshot.local';
/** The demo's creditor login: Saulvo Mobile's own view of how its customers fare (the same password as the demo user). */
export const DEMO_CREDITOR_EMAIL = 'creditor@earshot.local';
export const DEMO_CREDITOR = DEMO_CREDITORS.telecom;
const DEMO_LOGINS = [DEMO_EMAIL, DEMO_CREDITOR_EMAIL];

/**
 * Has this workspace ever had data of its own: a source or user that is not the demo's (remembered by the
 * database itself, see `workspace_marks`), or a case that is not one of the demo's? Then the demo never starts by
 * default, and whatever it left is removed (endDemo).
 */
export async function hasOwnData(deps: Pick<Deps, 'db' | 'clock'>): Promise<boolean> {
  if ((await deps.db.select({ at: workspaceMarks.at }).from(workspaceMarks).where(eq(workspaceMarks.name, 'own_data')).limit(1)).length) return true;
  const own = await deps.db
    .select({ id: cases.id })
    .from(cases)
    .where(notInArray(cases.creditor, [...DEMO_CREDITOR_NAMES]))
    .limit(1);
  if (!own.length) return false;
  await deps.db.insert(workspaceMarks).values({ name: 'own_data', at: deps.clock.now() }).onConflictDoNothing();
  return true;
}

/**
 * Creates (or re-points and resumes) the demo sources, whose feeds this server itself serves at
 * `${baseUrl}/demo/feeds/:slug`, gives the demo user a fresh password, returned for the log, and seeds the demo
 * cases (ensureDemoCases).
 */
export async function ensureDemoWorkspace(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'passwords'>,
  baseUrl: string,
): Promise<{ email: string; creditorEmail: string; password: string; role: Role; cases: DemoCasesReport }> {
  // Forced on (EARSHOT_DEMO=1) in a workspace with data of its own, the demo user only looks.
  const role: Role = (await hasOwnData(deps)) ? 'viewer' : 'admin';
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
  const passwordHash = await deps.passwords.hash(password);
  if (await findUserByEmail(deps.db, DEMO_EMAIL)) {
    await deps.db.update(users).set({ passwordHash, role, disabledAt: null }).where(eq(users.email, DEMO_EMAIL));
  } else {
    await insertUser(deps.db, { email: DEMO_EMAIL, name: 'Demo user', role, passwordHash, now });
  }
  // Alerting normally starts after the mentions already stored; the demo's inbox should show what its feeds raise.
  if ((await alertCursor(deps.db, 'mentions')) === null) await setAlertCursor(deps.db, 'mentions', 0);
  const demoCases = await ensureDemoCases(deps);
  // After the cases: a creditor login names a creditor that cases name.
  if (await findUserByEmail(deps.db, DEMO_CREDITOR_EMAIL)) {
    await deps.db.update(users).set({ passwordHash, disabledAt: null }).where(eq(users.email, DEMO_CREDITOR_EMAIL));
  } else {
    await insertUser(deps.db, { email: DEMO_CREDITOR_EMAIL, name: `${DEMO_CREDITOR} (demo)`, role: 'creditor', creditor: DEMO_CREDITOR, passwordHash, now });
  }
  return { email: DEMO_EMAIL, creditorEmail: DEMO_CREDITOR_EMAIL, password, role, cases: demoCases };
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
      await storeCases(
        deps,
        items.map((x) => x.item),
      );
    }
    for (let i = 0; i < data.actions.length; i += ACTION_BATCH_SIZE) {
      const { items, bad } = validateItems(data.actions.slice(i, i + ACTION_BATCH_SIZE), ACTION_ROWS);
      if (bad.length) throw new Error(`demo action ${bad[0]!.index + i}: ${bad[0]!.reason}`);
      const counts = await storeActions(
        deps,
        items.map((x) => x.item),
      );
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

/**
 * With the demo off, nothing of it stays: its alerts, sources (and so their mentions, analyses and links), cases and
 * actions are removed, and its user is disabled, with its sessions and tokens ended, so it can never sign in to a
 * real workspace. Returns what was removed, or null when there was no demo to end. Audited.
 */
export async function endDemo(deps: Pick<Deps, 'db' | 'clock'>): Promise<Record<string, number> | null> {
  const db = deps.db;
  const demoUser = await findUserByEmail(db, DEMO_EMAIL);
  const count = async (q: SQL) => Number((await db.all<{ n: number }>(q))[0]?.n ?? 0);
  const demoSources = sql`SELECT id FROM sources WHERE is_demo = 1`;
  const demoMentions = sql`SELECT id FROM mentions WHERE source_id IN (${demoSources})`;
  const demoCases = sql`SELECT id FROM cases WHERE creditor IN (SELECT value FROM json_each(${JSON.stringify(DEMO_CREDITOR_NAMES)}))`;
  const demoAlerts = sql`SELECT alert_id FROM alert_mentions WHERE mention_id IN (${demoMentions}) UNION SELECT id FROM alerts WHERE case_id IN (${demoCases})`;
  const removed = {
    sources: await count(sql`SELECT count(*) AS n FROM (${demoSources})`),
    mentions: await count(sql`SELECT count(*) AS n FROM (${demoMentions})`),
    alerts: await count(sql`SELECT count(*) AS n FROM (${demoAlerts})`),
    cases: await count(sql`SELECT count(*) AS n FROM (${demoCases})`),
  };
  const userActive = !!demoUser && !demoUser.disabledAt;
  if (!userActive && !removed.sources && !removed.cases && !removed.alerts) return null;
  const now = deps.clock.now();
  await db.batch([
    db.run(sql`DELETE FROM alerts WHERE id IN (${demoAlerts})`),
    db.run(sql`DELETE FROM sources WHERE is_demo = 1`),
    db.run(sql`DELETE FROM cases WHERE id IN (${demoCases})`),
    db.run(sql`UPDATE users SET disabled_at = ${now} WHERE email IN ${DEMO_LOGINS} AND disabled_at IS NULL`),
    db.run(sql`DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE email IN ${DEMO_LOGINS})`),
    db.run(sql`UPDATE api_tokens SET revoked_at = ${now} WHERE revoked_at IS NULL AND user_id IN (SELECT id FROM users WHERE email IN ${DEMO_LOGINS})`),
  ]);
  await recordAudit(deps, null, 'demo.end', { demoUserId: demoUser?.id ?? null, removed });
  return removed;
}
