import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { ACTION_TYPES, LANGUAGES, SEGMENTS, TACTICS } from '../schema/constants.ts';

/**
 * What tactics analytics can group by: an action's type, channel or team (the action's own where the collection
 * system says, else its case's), or its case's segment, creditor or country.
 */
export const GROUP_BYS = ['action_type', 'channel', 'team', 'segment', 'creditor', 'country'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** Who did it, split by what was done: the pairs the rollups keep (team × action type, creditor × channel, …). */
export const PAIR_FIRSTS = ['team', 'creditor', 'segment'] as const;
export const PAIR_SECONDS = ['action_type', 'channel'] as const;
export type PairFirst = (typeof PAIR_FIRSTS)[number];
export type PairSecond = (typeof PAIR_SECONDS)[number];

/** A grouping of the rollups (their `kind`): one dimension, or a pair as 'team+action_type'. */
export type Grouping = GroupBy | `${PairFirst}+${PairSecond}`;

/** The grouping of `by` split by `splitBy`, or null when the rollups keep no such pair. */
export function groupingOf(by: GroupBy, splitBy?: GroupBy): Grouping | null {
  if (!splitBy) return by;
  return (PAIR_FIRSTS as readonly string[]).includes(by) && (PAIR_SECONDS as readonly string[]).includes(splitBy) ? (`${by}+${splitBy}` as Grouping) : null;
}

/** Between the two values of a pair's key in the rollups (db/generate/tactic-rollups.mjs): no name or code holds it. */
export const PAIR_SEPARATOR = '\u001f';

/**
 * Which groups a query reads: one (its key as stored), or `{ first }`: every pair whose first value is `first` (one
 * creditor's action types). Pairs of one first value sit together in key order: from `first` + PAIR_SEPARATOR up to
 * `first` + the character after it.
 */
export type KeyFilter = string | { first: string };

const keyIs = (key: KeyFilter | undefined) =>
  key === undefined
    ? sql``
    : typeof key === 'string'
      ? sql`AND key = ${key}`
      : sql`AND key >= ${key.first + PAIR_SEPARATOR} AND key < ${key.first + String.fromCharCode(PAIR_SEPARATOR.charCodeAt(0) + 1)}`;

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

/** A period in UTC ms, both ends included. */
export interface Period {
  from: number;
  to: number;
}

/** A run of whole UTC days, both ends included, as day numbers (ms since 1970 / 86,400,000). */
export interface Days {
  first: number;
  last: number;
}

export const DAY = 86_400_000;

// The Tactics views read the rollups of db/schema/tactic-rollups.ts, which triggers keep exact (migration 0012).
// A key of '' (no team anywhere) comes back as null.

const exposure = (by: Grouping, d: Days, key?: KeyFilter) => sql`
  FROM tactic_exposure WHERE kind = ${by} AND day BETWEEN ${d.first} AND ${d.last} ${keyIs(key)}`;

/**
 * Per group: distinct cases with at least one action in the days, and the number of those actions. A case counts
 * on the first of its actions in the days: the one whose previous action in the group came before them.
 */
export async function exposureByGroup(db: Db, by: Grouping, d: Days, key?: KeyFilter): Promise<ExposureRow[]> {
  return db.all<ExposureRow>(sql`
    SELECT nullif(key, '') AS key, sum(CASE WHEN prev_day < ${d.first} THEN actions ELSE 0 END) AS cases, sum(actions) AS actions
    ${exposure(by, d, key)}
    GROUP BY key HAVING sum(actions) > 0`);
}

/**
 * Complaints that follow an action of the group in the days, by at most `windowDays` whole days (the action's day is
 * no earlier than the complaint's day minus the window), as rows (key, tactic, day, last_day, n): `last_day` the day
 * of the latest such action on a linked case at or before publication. Complaints published within the days come
 * from the rollup; those published in the window after them are read directly, up to the days' end (they are few).
 */
function followingComplaints(by: Grouping, d: Days, windowDays: number, links: LinkFilter, topics: boolean, only?: KeyFilter) {
  // The labels listed, not `<> '*'`: an inequality makes SQLite skip-scan every grouping's rows instead of one's.
  const tactic = topics ? sql`tactic IN ${['', ...TACTICS]}` : sql`tactic = '*'`;
  const key = keyIs(only);
  const follows = sql`last_day >= ${d.first} AND last_day >= day - ${windowDays}`;
  const confirmed = links === 'confirmed' ? sql`AND status = 'confirmed'` : sql``;
  const tactics = topics ? sql`json_each(CASE WHEN json_array_length(tactics) > 0 THEN tactics ELSE '[""]' END)` : sql`(SELECT '*' AS value)`;
  return sql`
    SELECT key, tactic, day, last_day, complaints AS n FROM tactic_complaints
    WHERE kind = ${by} AND links = ${links} AND ${tactic} AND day BETWEEN ${d.first} AND ${d.last} ${key} AND ${follows}
    UNION ALL
    SELECT x.key, t.value, x.day, x.last_day, 1 FROM (
      SELECT mention_id, key, day, tactics, max(at) / ${sql.raw(String(DAY))} AS last_day FROM tactic_complaint_actions
      WHERE kind = ${by} AND published_at >= ${(d.last + 1) * DAY} AND published_at < ${(d.last + 1 + windowDays) * DAY}
        AND at >= ${Math.max(d.first, d.last + 1 - windowDays) * DAY} AND at < ${(d.last + 1) * DAY} ${key} ${confirmed}
      GROUP BY mention_id, key) x
    CROSS JOIN ${tactics} t
    WHERE ${follows}`;
}

/**
 * Linked complaints per group: negative, relevant mentions linked to a case that had an action of the group in the
 * days at most `windowDays` days before the mention was published. A mention counts once per group.
 */
export async function complaintsByGroup(db: Db, by: Grouping, d: Days, windowDays: number, links: LinkFilter, key?: KeyFilter): Promise<ComplaintRow[]> {
  return db.all<ComplaintRow>(sql`
    SELECT nullif(key, '') AS key, sum(n) AS complaints FROM (${followingComplaints(by, d, windowDays, links, false, key)})
    GROUP BY key HAVING sum(n) > 0`);
}

/** Linked complaints per group and analyser tactic label (tactic null: a complaint with no label). */
export async function topicsByGroup(db: Db, by: Grouping, d: Days, windowDays: number, links: LinkFilter): Promise<TopicRow[]> {
  return db.all<TopicRow>(sql`
    SELECT nullif(key, '') AS key, nullif(tactic, '') AS tactic, sum(n) AS complaints FROM (${followingComplaints(by, d, windowDays, links, true)})
    GROUP BY key, tactic HAVING sum(n) > 0`);
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
    SELECT ${base} + (i * 7919) % ${o.cases}, ${o.start} + ((i * ${span}) / ${o.actions}) * 1000,
           json_extract(${channels}, '$[' || (i % 12) || ']'), json_extract(${types}, '$[' || (i % 12) || ']'), 'b' || i FROM n`);
  await db.run(sql`${seq(o.mentions)}
    INSERT INTO mentions (source_id, external_key, text, published_at, first_seen_at, updated_at, content_hash)
    SELECT ${o.sourceId}, 'b' || i, json_extract(${texts}, '$[' || ((i * 7) % 16) || ']'), ${o.start} + ((i * 15485863) % ${span}) * 1000, ${o.start}, ${o.start}, 'b' || i FROM n`);
  // Links before analyses: each linked complaint is then counted into the rollups once, when its analysis arrives,
  // instead of once out and once in again when its link does.
  await db.run(sql`
    INSERT INTO mention_case_links (mention_id, case_id, method, confidence, status, created_at)
    SELECT id, ${base} + (id * 31) % ${o.cases}, 'case_ref', 1, CASE WHEN id % 3 = 0 THEN 'confirmed' ELSE 'suggested' END, ${o.start}
    FROM mentions WHERE source_id = ${o.sourceId} AND id % ${o.linkEvery} = 0`);
  await db.run(sql`
    INSERT INTO mention_analysis (mention_id, analyser_version, content_hash, language, is_relevant, sentiment_label, sentiment_score,
      tactics, channels, vulnerability, payer_stance, escalation, case_refs, evidence)
    SELECT id, 'bench', content_hash, json_extract(${languages}, '$[' || (id % 10) || ']'), (id % 10) <> 1, CASE WHEN id % 5 < 3 THEN 'negative' WHEN id % 5 = 3 THEN 'neutral' ELSE 'positive' END,
      0, json_extract(${tactics}, '$[' || (id % 6) || ']'), '[]', '[]', 'unknown', '[]', '[]', '[]'
    FROM mentions WHERE source_id = ${o.sourceId}`);
  await db.run(sql`ANALYZE`);
}

// ---- over time: the same counts per bucket of whole days ----

export interface TrendExposureRow {
  key: string | null;
  /** Whole buckets from the first day. */
  bucket: number;
  cases: number;
  actions: number;
}

export interface TrendComplaintRow {
  key: string | null;
  bucket: number;
  complaints: number;
}

// CAST: the parameters may be bound as reals, and a bucket is a whole number.
const bucketOf = (day: SQL, d: Days, bucketDays: number) => sql`CAST((${day} - ${d.first}) / ${bucketDays} AS INTEGER)`;

/** Per group and bucket: distinct cases with an action of the group in the bucket, and those actions. */
export async function exposureByGroupAndBucket(db: Db, by: Grouping, d: Days, bucketDays: number, key?: KeyFilter): Promise<TrendExposureRow[]> {
  const bucket = bucketOf(sql`day`, d, bucketDays);
  return db.all<TrendExposureRow>(sql`
    SELECT nullif(key, '') AS key, ${bucket} AS bucket,
           sum(CASE WHEN prev_day < ${d.first} + ${bucket} * ${bucketDays} THEN actions ELSE 0 END) AS cases, sum(actions) AS actions
    ${exposure(by, d, key)}
    GROUP BY 1, 2 HAVING sum(actions) > 0`);
}

/**
 * Linked complaints per group and bucket: a complaint counts once per group, in the bucket of the latest action of
 * the group it follows (so the buckets of a group add up to its complaints over the whole period).
 */
export async function complaintsByGroupAndBucket(
  db: Db,
  by: Grouping,
  d: Days,
  bucketDays: number,
  windowDays: number,
  links: LinkFilter,
  key?: KeyFilter,
): Promise<TrendComplaintRow[]> {
  return db.all<TrendComplaintRow>(sql`
    SELECT nullif(key, '') AS key, ${bucketOf(sql`last_day`, d, bucketDays)} AS bucket, sum(n) AS complaints
    FROM (${followingComplaints(by, d, windowDays, links, false, key)})
    GROUP BY 1, 2 HAVING sum(n) > 0`);
}
