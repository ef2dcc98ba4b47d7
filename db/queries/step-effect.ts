import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';

export interface StepArmRow {
  step: string;
  /** 1: cases the step was accepted on; 0: cases it was proposed on and never accepted. */
  applied: number;
  /** Cases whose follow-up has ended. */
  cases: number;
  /** Linked complaints on those cases in their follow-up. */
  complaints: number;
  /** Cases still inside their follow-up (not counted above). */
  waiting: number;
}

/**
 * Per step and arm: the cases a step was accepted on (from its first acceptance) and the cases it was proposed on but
 * never accepted (from its first proposal), whose moment falls in [from, to]; with the linked complaints (negative,
 * relevant) published in the `followDays` after that moment. Only cases whose follow-up ended by `now` are counted;
 * the rest are `waiting`. `creditor` keeps to that creditor's cases.
 */
export async function stepArms(db: Db, o: { from: number; to: number; now: number; followMs: number; creditor?: string }): Promise<StepArmRow[]> {
  const ofCreditor = o.creditor === undefined ? sql`` : sql`JOIN cases c ON c.id = s.case_id AND c.creditor = ${o.creditor}`;
  return db.all<StepArmRow>(sql`
    WITH arms AS (
      SELECT s.case_id, s.step,
             max(s.status = 'accepted') AS applied,
             coalesce(min(CASE WHEN s.status = 'accepted' THEN s.decided_at END), min(s.created_at)) AS t0
      FROM case_steps s ${ofCreditor}
      GROUP BY s.case_id, s.step)
    SELECT step, applied,
           sum(t0 + ${o.followMs} <= ${o.now}) AS cases,
           coalesce(sum(CASE WHEN t0 + ${o.followMs} <= ${o.now} THEN (
             SELECT count(*) FROM mention_case_links l
             JOIN mentions m ON m.id = l.mention_id
             JOIN mention_analysis a ON a.mention_id = l.mention_id
             WHERE l.case_id = arms.case_id AND a.is_relevant = 1 AND a.sentiment_label = 'negative'
               AND m.published_at > arms.t0 AND m.published_at <= arms.t0 + ${o.followMs}) END), 0) AS complaints,
           sum(t0 + ${o.followMs} > ${o.now}) AS waiting
    FROM arms WHERE t0 BETWEEN ${o.from} AND ${o.to}
    GROUP BY step, applied`);
}
