import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// The Tactics views read these instead of every action and complaint. Both are kept exact by triggers
// (migration 0012), whoever writes cases, actions, links or analyses, so no write path can leave them stale.
// Days are whole UTC days since 1970 (at / 86,400,000). `kind` is a grouping of db/queries/analytics.ts (one of
// GROUP_BYS, or a pair as 'team+action_type') and `key` its value ('' where an action has no team and neither has its
// case; a pair's two values with PAIR_SEPARATOR between them).

/**
 * Actions per group and day, split by the day of the previous action of the same case in the same group (-1: none).
 * Counting an action only when that previous day is before a period's first day counts each case once per period:
 * the distinct cases of any run of whole days, without reading a case.
 */
export const tacticExposure = sqliteTable(
  'tactic_exposure',
  {
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    day: integer('day').notNull(),
    prevDay: integer('prev_day').notNull(),
    actions: integer('actions').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.day, t.key, t.prevDay] })],
);

/**
 * Complaints (negative, relevant, linked mentions) per group, day published and day of the latest action of that group
 * on a linked case at or before publication; `links` 'any' or 'confirmed' (latest over confirmed links only);
 * `tactic` one of the mention's tactic labels, '' when it has none, '*' for every complaint once.
 * A complaint follows a group's action in a period when that latest action's day is in the period and within the window.
 */
export const tacticComplaints = sqliteTable(
  'tactic_complaints',
  {
    kind: text('kind').notNull(),
    links: text('links').notNull(),
    tactic: text('tactic').notNull(),
    day: integer('day').notNull(),
    key: text('key').notNull(),
    lastDay: integer('last_day').notNull(),
    complaints: integer('complaints').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.links, t.tactic, t.day, t.key, t.lastDay] })],
);
