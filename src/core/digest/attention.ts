// The digest's attention section: alerts opened during the week or still unresolved at its end, with their reasons.
import { weekAlerts, type Range } from '../../../db/queries/digest.ts';
import type { AlertKind, AlertStatus, Severity } from '../../../db/schema/constants.ts';
import { stringList } from '../../../db/schema/json-lists.ts';
import type { Deps } from '../deps.ts';

/** Alerts listed; the rest are counted ("and 4 more"). */
export const MAX_ALERTS = 8;
/** Reasons shown per alert. */
const MAX_REASONS = 3;

export interface AttentionItem {
  id: number;
  title: string;
  severity: Severity;
  ruleKind: AlertKind;
  market: string | null;
  /** The alert's own reasons (already words), at most MAX_REASONS. */
  reasons: string[];
  mentionCount: number;
  openedAt: number;
  /** Opened during the week. */
  isNew: boolean;
  /** Its state at the end of the week. */
  status: AlertStatus;
  /** `${baseUrl}/alerts/${id}` when there is a base URL. */
  url: string | null;
}

export interface AttentionSection {
  items: AttentionItem[];
  /** How many more qualify than are listed. */
  more: number;
  /** All that qualify: listed + more. */
  total: number;
  /** Of those, the ones not resolved at the end of the week. */
  unresolved: number;
}

export async function attentionSection(db: Deps['db'], range: Range, base: string | null): Promise<AttentionSection | undefined> {
  const rows = await weekAlerts(db, range, MAX_ALERTS);
  if (rows.length === 0) return undefined;
  const total = rows[0]!.total;
  return {
    items: rows.map((a) => ({
      id: a.id,
      title: a.title,
      severity: a.severity,
      ruleKind: a.rule_kind,
      market: a.market,
      reasons: stringList(a.reasons).slice(0, MAX_REASONS),
      mentionCount: a.mention_count,
      openedAt: a.opened_at,
      isNew: a.opened_at >= range.from,
      status: a.status_at_end,
      url: base ? `${base}/alerts/${a.id}` : null,
    })),
    more: total - rows.length,
    total,
    unresolved: rows[0]!.unresolved,
  };
}
