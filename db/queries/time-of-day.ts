import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { DAY, type Days, type GroupBy, type Grouping, type LinkFilter, PAIR_SEPARATOR } from './analytics.ts';

// When in the day and week the actions of one group went out, and the complaints that followed them, counted per
// case country and UTC hour: a few thousand rows at most, which the core turns into each country's clock time. Read
// from the actions themselves (not the rollups): one group's actions are few, and the rollups stay as cheap to keep.

export const HOUR = 3_600_000;

/** Each dimension's value for action `a` of case `c`, as the rollups key it (db/generate/tactic-rollups.mjs). */
const DIMENSION: Record<GroupBy, SQL> = {
  action_type: sql`a.action_type`,
  channel: sql`a.channel`,
  team: sql`coalesce(a.team, c.team, '')`,
  segment: sql`c.segment`,
  creditor: sql`c.creditor`,
  country: sql`c.country`,
};

/** One group as the rollups store its key: a pair's two values with PAIR_SEPARATOR between them. */
export interface StoredGroup {
  by: Grouping;
  key: string;
}

/** The condition on `a` and `c` for the actions of the group; none for every action. */
function inGroup(group: StoredGroup | null): SQL {
  if (!group) return sql``;
  const dims = group.by.split('+') as GroupBy[];
  const values = dims.length > 1 ? group.key.split(PAIR_SEPARATOR) : [group.key];
  return sql`AND ${sql.join(
    dims.map((d, i) => sql`${DIMENSION[d]} = ${values[i] ?? ''}`),
    sql` AND `,
  )}`;
}

export interface HourRow {
  country: string;
  /** Whole hours since 1970 (UTC). */
  hour: number;
  n: number;
}

/**
 * The group's actions in the days, per case country and UTC hour. Case by case through the index that holds each
 * action's time, team, type and channel: the period's actions are read from the index alone, whatever the group
 * (reading them by time fetched each row, three times slower at a million).
 */
export async function actionsByCountryAndHour(db: Db, group: StoredGroup | null, d: Days): Promise<HourRow[]> {
  return db.all<HourRow>(sql`
    SELECT c.country AS country, a.at / ${sql.raw(String(HOUR))} AS hour, count(*) AS n
    FROM cases c CROSS JOIN case_actions a ON a.case_id = c.id
    WHERE a.at >= ${d.first * DAY} AND a.at < ${(d.last + 1) * DAY} ${inGroup(group)}
    GROUP BY 1, 2`);
}

/**
 * The complaints that followed the group's actions in the days, per case country and UTC hour of the action they
 * follow: as the Tactics views count them, a linked negative, relevant mention counts once, against the latest action
 * of the group on a linked case at or before its publication, when that action is in the days and at most
 * `windowDays` whole days before the day it was published.
 */
export async function complaintsByCountryAndHour(db: Db, group: StoredGroup | null, d: Days, windowDays: number, links: LinkFilter): Promise<HourRow[]> {
  const end = (d.last + 1) * DAY;
  // From the links (a mention is linked far less often than it is published: reading the period's mentions first
  // was three times slower at a million). CROSS JOIN keeps that order. SQLite takes the other columns of a max()
  // aggregate from the row that holds the maximum: the case of that action.
  return db.all<HourRow>(sql`
    SELECT country, last_at / ${sql.raw(String(HOUR))} AS hour, count(*) AS n FROM (
      SELECT m.id, max(a.at) AS last_at, c.country AS country, m.published_at / ${sql.raw(String(DAY))} AS day
      FROM mention_case_links l
      CROSS JOIN mentions m ON m.id = l.mention_id
      CROSS JOIN mention_analysis ma ON ma.mention_id = m.id
      CROSS JOIN cases c ON c.id = l.case_id
      CROSS JOIN case_actions a ON a.case_id = l.case_id AND a.at <= m.published_at AND a.at < ${end}
      WHERE m.published_at >= ${d.first * DAY} AND m.published_at < ${end + windowDays * DAY}
        AND ma.sentiment_label = 'negative' AND ma.is_relevant = 1 ${links === 'confirmed' ? sql`AND l.status = 'confirmed'` : sql``}
        ${inGroup(group)}
      GROUP BY m.id)
    WHERE last_at >= ${d.first * DAY} AND last_at / ${sql.raw(String(DAY))} >= day - ${windowDays}
    GROUP BY 1, 2`);
}
