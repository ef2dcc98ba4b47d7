// Where a finding goes: into an alert that is already open for the same thing, or a new one — or nowhere,
// while its key cools down after an alert on it was resolved.
import type { Severity } from '../../../db/schema/constants.ts';
import { HOUR_MS } from '../time/durations.ts';
import { maxSeverity, raiseSeverity, severityRank } from './severity.ts';

/** After an anomaly alert on a key, further findings within this many hours join it (or, once it is resolved, wait). */
export const COOLDOWN_HOURS = 24;
/** Mentions of one rule in one market (or on one case) within this long of the alert's last one join it. */
export const GROUP_WINDOW_HOURS = 24;
/** A per-mention alert that gathers this many mentions rises one severity level: several people are saying it. */
export const CROWD_SIZE = 5;

export interface LatestAlert {
  id: number;
  status: 'open' | 'acknowledged' | 'resolved';
  severity: Severity;
  /** When its last finding or mention arrived. */
  lastSeenAt: number;
  resolvedAt: number | null;
  mentionCount: number;
}

export type Placement =
  | { action: 'open'; severity: Severity }
  | { action: 'join'; alertId: number; severity: Severity; escalated: boolean }
  | { action: 'skip'; why: 'cooling_down' };

/**
 * `latest` is the most recent alert with the same group key (rule, market, and case or source kind).
 * `aggregate` findings (volume, share, tactic spikes) observe a cool-down after resolution; per-mention ones
 * never do — a regulator threat the day after a resolved one is news. `newMentions` is how many mentions the
 * finding brings.
 */
export function placeFinding(latest: LatestAlert | null, f: { severity: Severity; at: number; aggregate: boolean; newMentions: number }): Placement {
  if (latest && latest.status !== 'resolved') {
    const window = (f.aggregate ? COOLDOWN_HOURS : GROUP_WINDOW_HOURS) * HOUR_MS;
    if (f.at - latest.lastSeenAt <= window) {
      let severity = maxSeverity(latest.severity, f.severity);
      const crowd = !f.aggregate && latest.mentionCount < CROWD_SIZE && latest.mentionCount + f.newMentions >= CROWD_SIZE;
      if (crowd) severity = maxSeverity(severity, raiseSeverity(latest.severity));
      return { action: 'join', alertId: latest.id, severity, escalated: severityRank(severity) > severityRank(latest.severity) };
    }
  }
  if (f.aggregate && latest?.resolvedAt != null && f.at - latest.resolvedAt < COOLDOWN_HOURS * HOUR_MS) {
    return { action: 'skip', why: 'cooling_down' };
  }
  return { action: 'open', severity: f.severity };
}
