import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { ACTION_TYPES, LANGUAGES, SEGMENTS } from '../schema/constants.ts';

/** What tactics analytics can group by, and the SQL expression of each (a = case_actions, c = cases). */
export const GROUP_BY = {
  action_type: 'a.action_type',
  channel: 'a.channel',
  // The action's team where the collection system says, else the case's team.
  team: 'COALESCE(a.team, c.team)',
  segment: 'c.segment',
  creditor: 'c.creditor',
  country: 'c.country',
} as const;
export type GroupBy = keyof typeof GROUP_BY;
export const GROUP_BYS = Object.keys(GROUP_BY) as [GroupBy, ...GroupBy[]];

/** Which mention–case links count: every stored link (suggested or confirmed), or only confirmed ones. */
export type LinkFilter = 'any' | 'confirmed';

export interface ExposureRow {
  key: string | null;
  cases: number;
  actions: number;
}

export interface ComplaintRow {
  key: string | null;
  complaints: number;
}

export interface TopicRow {
  key: string | null;
  tactic: string | null;
  complaints: number;
}

export interface Period {
  from: number;
  to: number;
}

const keyExpr = (by: GroupBy) => sql.raw(GROUP_BY[by]);

/**
 * Whether the period holds more than a twentieth of all actions (both counts come from the `at` index alone). Past
 * that, one pass over a group's whole index, in (group, case) order, beats finding the period's actions by time and
 * sorting them by case: at 1M actions the pass costs about 0.1 s whatever the period, the sort 0.3 s for a month.
 */
async function manyActionsIn(db: Db, p: Period): Promise<boolean> {
  const [share] = await db.all<{ in_period: number; total: number }>(sql`
    SELECT (SELECT COUNT(*) FROM case_actions WHERE at >= ${p.from} AND at <= ${p.to}) AS in_period,
           (SELECT COUNT(*) FROM case_actions) AS total`);
  return !!share && share.total > 0 && share.in_period / share.total > 0.05;
}

/** The index that lists a grouping's actions already in (group, case) order; case keys and teams go by case. */
const GROUP_INDEX: Record<GroupBy, string> = {
  action_type: 'case_actions_type_case_idx',
  channel: 'case_actions_channel_case_idx',
  team: 'case_actions_case_team_idx',
  segment: 'case_actions_case_team_idx',
  creditor: 'case_actions_case_team_idx',
  country: 'case_actions_case_team_idx',
};

/** Group keys that are columns of the case (one value per case) rather than of the action. */
const CASE_KEYS: readonly GroupBy[] = ['segment', 'creditor', 'country'];

/**
 * Per group: distinct cases with at least one action in [from, to], and the number of those actions.
 * Counted per case first (one row per case, or per case and key) and only then per group: much cheaper than
 * COUNT(DISTINCT case_id) over every action, and cases are only looked up once each. When the period holds many
 * actions, the grouping's own index is read whole and in order (see manyActionsIn).
 */
export async function exposureByGroup(db: Db, by: GroupBy, p: Period, actionType?: string): Promise<ExposureRow[]> {
  const type = actionType ? sql`AND a.action_type = ${actionType}` : sql``;
  // One action type: its (action_type, at) index is selective enough whatever the period.
  const scan = !actionType && (await manyActionsIn(db, p)) ? sql.raw(`INDEXED BY ${GROUP_INDEX[by]}`) : sql``;
  const actions = sql`case_actions a ${scan} WHERE a.at >= ${p.from} AND a.at <= ${p.to} ${type}`;
  if (CASE_KEYS.includes(by)) {
    return db.all<ExposureRow>(sql`
      SELECT ${keyExpr(by)} AS key, COUNT(*) AS cases, SUM(x.n) AS actions
      FROM (SELECT a.case_id, COUNT(*) AS n FROM ${actions} GROUP BY a.case_id) x
      CROSS JOIN cases c ON c.id = x.case_id
      GROUP BY 1`);
  }
  if (by === 'team') {
    // The action's team, else the case's: look the case up once per (case, action team), then merge.
    return db.all<ExposureRow>(sql`
      SELECT key, COUNT(*) AS cases, SUM(n) AS actions FROM (
        SELECT COALESCE(x.team, c.team) AS key, x.case_id, SUM(x.n) AS n
        FROM (SELECT a.case_id, a.team, COUNT(*) AS n FROM ${actions} GROUP BY a.case_id, a.team) x
        CROSS JOIN cases c ON c.id = x.case_id
        GROUP BY 1, 2)
      GROUP BY 1`);
  }
  return db.all<ExposureRow>(sql`
    SELECT key, COUNT(*) AS cases, SUM(n) AS actions
    FROM (SELECT ${keyExpr(by)} AS key, a.case_id, COUNT(*) AS n FROM ${actions} GROUP BY 1, 2)
    GROUP BY 1`);
}

/**
 * The complaints an action can be blamed for, as a materialised CTE `cl`: negative, relevant mentions linked to a
 * case and published in [from, to + window], with the case. Queries drive from the period's actions (one
 * sequential pass over the covering index) and probe this list, which SQLite does through a Bloom filter and an
 * automatic index: with many links, several times faster than looking up every linked case's actions.
 */
const complaintLinks = (p: Period, windowMs: number, links: LinkFilter, withTactics = false) => sql`
  cl AS MATERIALIZED (
    SELECT l.case_id, m.id AS mention_id, m.published_at ${withTactics ? sql`, ma.tactics` : sql``}
    FROM mention_case_links l
    CROSS JOIN mentions m ON m.id = l.mention_id
    CROSS JOIN mention_analysis ma ON ma.mention_id = m.id
    WHERE ma.sentiment_label = 'negative' AND ma.is_relevant = 1
      ${links === 'confirmed' ? sql`AND l.status = 'confirmed'` : sql``}
      AND m.published_at >= ${p.from} AND m.published_at <= ${p.to + windowMs})`;

/** The period's actions for a grouping (a = case_actions, c = cases when the key needs it), each with the complaints it precedes. */
const periodActions = sql`case_actions a INDEXED BY case_actions_analytics_idx`;
function attributed(by: GroupBy, p: Period, windowMs: number, actionType?: string, extraJoin = sql``) {
  const needsCase = by === 'team' || CASE_KEYS.includes(by);
  return sql`
    FROM ${periodActions}
    CROSS JOIN cl ON cl.case_id = a.case_id
    ${needsCase ? sql`CROSS JOIN cases c ON c.id = a.case_id` : sql``}
    ${extraJoin}
    WHERE a.at >= ${p.from} AND a.at <= ${p.to}
      AND a.at <= cl.published_at AND a.at >= cl.published_at - ${windowMs}
      ${actionType ? sql`AND a.action_type = ${actionType}` : sql``}`;
}

/**
 * Distinct linked complaints per group: negative, relevant mentions linked to a case that had an action of the
 * group in [from, to] at most `windowMs` before the mention was published (action.at ≤ published_at ≤
 * action.at + window). A mention counts once per group, in every group it follows.
 */
export async function complaintsByGroup(db: Db, by: GroupBy, p: Period, windowMs: number, links: LinkFilter, actionType?: string): Promise<ComplaintRow[]> {
  return db.all<ComplaintRow>(sql`
    WITH ${complaintLinks(p, windowMs, links)}
    SELECT ${keyExpr(by)} AS key, COUNT(DISTINCT cl.mention_id) AS complaints
    ${attributed(by, p, windowMs, actionType)}
    GROUP BY 1`);
}

/** Distinct linked complaints per group and analyser tactic label (tactic null: a complaint with no label). */
export async function topicsByGroup(db: Db, by: GroupBy, p: Period, windowMs: number, links: LinkFilter): Promise<TopicRow[]> {
  return db.all<TopicRow>(sql`
    WITH ${complaintLinks(p, windowMs, links, true)}
    SELECT ${keyExpr(by)} AS key, t.value AS tactic, COUNT(DISTINCT cl.mention_id) AS complaints
    ${attributed(by, p, windowMs, undefined, sql`LEFT JOIN json_each(cl.tactics) t`)}
    GROUP BY 1, 2`);
}

/**
 * Synthetic cases, actions, mentions (with analyses) and links for `earshot bench analytics`, generated inside
 * the database by recursive CTEs (no row crosses the driver). Spread over `days` days from `start`; every
 * `linkEvery`-th mention is linked to a case, 60 % of mentions are negative and 90 % relevant (the linked ones among them).
 */
export async function generateBenchData(
  db: Db,
  o: { cases: number; actions: number; mentions: number; linkEvery: number; start: number; days: number; sourceId: number },
): Promise<void> {
  const span = o.days * 86_400;
  const types = JSON.stringify(ACTION_TYPES);
  const channels = JSON.stringify(['phone', 'sms', 'email', 'letter', 'portal', 'phone', 'sms', 'letter', 'letter', 'in_person', 'phone', 'portal']);
  const segments = JSON.stringify(SEGMENTS);
  const creditors = JSON.stringify(['Telia', 'Elisa', 'Tele2', 'Bite', 'LMT', 'DNA', 'Ignitis']);
  const countries = JSON.stringify(['LV', 'LT', 'EE', 'FI', 'SE']);
  const tactics = JSON.stringify([['contact_frequency'], ['contact_time'], ['threat_legal'], ['fees_amount', 'debt_not_owed'], [], ['credit_record']]);
  const languages = JSON.stringify(LANGUAGES);
  // Sixteen texts in turn, so a word like "the" is in most mentions and "debt" in one in sixteen, as in real text.
  const texts = JSON.stringify([
    ...Array.from({ length: 12 }, (_, i) => `They called me about the invoice again, call number ${i + 2} this week`),
    'Lumera was helpful and we agreed on a plan',
    'Samtal på samtal från inkasso, sent på kvällen',
    'Perintätoimisto lähetti kirjeen',
    'Why do I owe this debt twice?',
  ]);
  const seq = (n: number) => sql`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${n - 1})`;
  await db.run(sql`${seq(o.cases)}
    INSERT INTO cases (case_ref, creditor, segment, country, opened_at, status, team, row_hash)
    SELECT 'LV-' || (40000000 + i), json_extract(${creditors}, '$[' || (i % 7) || ']'), json_extract(${segments}, '$[' || (i % 5) || ']'),
           json_extract(${countries}, '$[' || (i % 5) || ']'), ${o.start}, 'open', 'team-' || (i % 8), 'bench' FROM n`);
  const [first] = await db.all<{ id: number }>(sql`SELECT MIN(id) AS id FROM cases WHERE row_hash = 'bench'`);
  const base = first!.id;
  await db.run(sql`${seq(o.actions)}
    INSERT INTO case_actions (case_id, at, channel, action_type, action_key)
    SELECT ${base} + (i * 7919) % ${o.cases}, ${o.start} + ((i * 104729) % ${span}) * 1000,
           json_extract(${channels}, '$[' || (i % 12) || ']'), json_extract(${types}, '$[' || (i % 12) || ']'), 'b' || i FROM n`);
  await db.run(sql`${seq(o.mentions)}
    INSERT INTO mentions (source_id, external_key, text, published_at, first_seen_at, updated_at, content_hash)
    SELECT ${o.sourceId}, 'b' || i, json_extract(${texts}, '$[' || ((i * 7) % 16) || ']'), ${o.start} + ((i * 15485863) % ${span}) * 1000, ${o.start}, ${o.start}, 'b' || i FROM n`);
  await db.run(sql`
    INSERT INTO mention_analysis (mention_id, analyser_version, content_hash, language, is_relevant, sentiment_label, sentiment_score,
      tactics, channels, vulnerability, payer_stance, escalation, case_refs, evidence)
    SELECT id, 'bench', content_hash, json_extract(${languages}, '$[' || (id % 10) || ']'), (id % 10) <> 1, CASE WHEN id % 5 < 3 THEN 'negative' WHEN id % 5 = 3 THEN 'neutral' ELSE 'positive' END,
      0, json_extract(${tactics}, '$[' || (id % 6) || ']'), '[]', '[]', 'unknown', '[]', '[]', '[]'
    FROM mentions WHERE source_id = ${o.sourceId}`);
  await db.run(sql`
    INSERT INTO mention_case_links (mention_id, case_id, method, confidence, status, created_at)
    SELECT id, ${base} + (id * 31) % ${o.cases}, 'case_ref', 1, CASE WHEN id % 3 = 0 THEN 'confirmed' ELSE 'suggested' END, ${o.start}
    FROM mentions WHERE source_id = ${o.sourceId} AND id % ${o.linkEvery} = 0`);
  await db.run(sql`ANALYZE`);
}

// ---- over time: the same counts per bucket of the period ----

export interface TrendExposureRow {
  key: string | null;
  /** Whole `bucketMs` steps from the start of the period. */
  bucket: number;
  cases: number;
  actions: number;
}

export interface TrendComplaintRow {
  key: string | null;
  bucket: number;
  complaints: number;
}

/** An action's bucket: whole `bucketMs` steps from `from` (CAST: the parameters may be bound as reals). */
const bucketExpr = (p: Period, bucketMs: number) => sql`CAST((a.at - ${p.from}) / ${bucketMs} AS INTEGER)`;

/**
 * The actions of the period, read from the covering (at, case_id, action_type, channel, team) index: narrower
 * than the table, so a scan of every action is cheaper there too, and the planner would otherwise pick the
 * (action_type, at) index, which is not covering.
 */

/**
 * Per group and bucket: distinct cases with at least one action of the group in the bucket, and the number of
 * those actions. One pass over the period's actions. Case attributes come from a materialised (id, value) copy
 * of the cases: probing its automatic index is cheaper than a lookup in the table for every action.
 */
export async function exposureByGroupAndBucket(db: Db, by: GroupBy, p: Period, bucketMs: number): Promise<TrendExposureRow[]> {
  const caseColumn = by === 'team' ? 'team' : CASE_KEYS.includes(by) ? by : null;
  const inPeriod = sql`a.at >= ${p.from} AND a.at <= ${p.to}`;
  const counts = sql`${bucketExpr(p, bucketMs)} AS bucket, COUNT(DISTINCT a.case_id) AS cases, COUNT(*) AS actions`;
  if (!caseColumn) {
    return db.all<TrendExposureRow>(sql`
      SELECT ${keyExpr(by)} AS key, ${counts}
      FROM ${periodActions}
      WHERE ${inPeriod}
      GROUP BY 1, 2`);
  }
  // The action's team where the collection system says, else the case's (as GROUP_BY.team).
  const key = by === 'team' ? sql`COALESCE(a.team, ck.value)` : sql`ck.value`;
  return db.all<TrendExposureRow>(sql`
    WITH ck AS MATERIALIZED (SELECT id, ${sql.raw(caseColumn)} AS value FROM cases)
    SELECT ${key} AS key, ${counts}
    FROM ${periodActions}
    CROSS JOIN ck ON ck.id = a.case_id
    WHERE ${inPeriod}
    GROUP BY 1, 2`);
}

/**
 * Distinct linked complaints per group and bucket: a mention counts once in each (group, bucket) that has an
 * action on its case at most `windowMs` before it was published — the same rule as complaintsByGroup.
 */
export async function complaintsByGroupAndBucket(db: Db, by: GroupBy, p: Period, bucketMs: number, windowMs: number, links: LinkFilter): Promise<TrendComplaintRow[]> {
  return db.all<TrendComplaintRow>(sql`
    WITH ${complaintLinks(p, windowMs, links)}
    SELECT ${keyExpr(by)} AS key, ${bucketExpr(p, bucketMs)} AS bucket, COUNT(DISTINCT cl.mention_id) AS complaints
    ${attributed(by, p, windowMs)}
    GROUP BY 1, 2`);
}
