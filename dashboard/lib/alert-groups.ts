// The inbox collapses alerts that say the same thing: one rule, one market, one status, opened within a day of the
// first of them (a per-mention rule raises one alert per mention, and a busy evening raises eight alike).
import { DAY_MS } from '../../src/core/time/durations.ts';

/** Alerts of one group opened further apart than this are shown apart. */
export const COLLAPSE_WINDOW_MS = DAY_MS;

interface Collapsible {
  rule: { id: number | null; kind: string };
  market: string | null;
  status: string;
  opened_at: string;
}

export interface AlertGroup<A> {
  /** The riskiest of them (the order given), shown in full. */
  lead: A;
  /** The others, in the same order. */
  more: A[];
}

/** Groups alerts in the order given (risk order); a group sits where its riskiest alert is. */
export function collapseAlerts<A extends Collapsible>(alerts: A[]): AlertGroup<A>[] {
  const groups: AlertGroup<A>[] = [];
  const byKey = new Map<string, AlertGroup<A>[]>();
  for (const a of alerts) {
    const key = `${a.rule.id ?? a.rule.kind}\u0000${a.market ?? ''}\u0000${a.status}`;
    const opened = Date.parse(a.opened_at);
    const candidates = byKey.get(key) ?? [];
    const group = candidates.find((g) => Math.abs(Date.parse(g.lead.opened_at) - opened) <= COLLAPSE_WINDOW_MS);
    if (group) group.more.push(a);
    else {
      const created = { lead: a, more: [] };
      groups.push(created);
      byKey.set(key, [...candidates, created]);
    }
  }
  return groups;
}
