// An alert as the API and the dashboard show it. Which case an alert is about is personal data: its reference
// is included only for roles that may read cases; others see `linked_case: true`, and not who wrote its mentions
// (that would name a debtor).
import { alertEventsOf, caseRefById, deliveriesOf, getAlert, listAlerts, mentionsOfAlert } from '../../../db/queries/alerts.ts';
import type { Alert } from '../../../db/schema/alerts.ts';
import type { Role, SentimentLabel } from '../../../db/schema/constants.ts';
import { jsonList, stringList } from '../../../db/schema/json-lists.ts';
import { can } from '../auth/roles.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

export function alertJson(a: Alert, assignee: { id: number | null; name: string | null } | null) {
  return {
    id: a.id,
    title: a.title,
    status: a.status,
    severity: a.severity,
    rule: { id: a.ruleId, kind: a.ruleKind },
    reasons: a.reasons,
    evidence: a.evidence ?? null,
    brand: a.brand,
    market: a.market,
    source_kind: a.sourceKind,
    mention_count: a.mentionCount,
    linked_case: a.caseId !== null,
    assignee: assignee?.id ? { id: assignee.id, name: assignee.name ?? '' } : null,
    snoozed_until: iso(a.snoozedUntil),
    opened_at: iso(a.openedAt)!,
    last_seen_at: iso(a.lastSeenAt)!,
    acknowledged_at: iso(a.acknowledgedAt),
    resolved_at: iso(a.resolvedAt),
  };
}

/** The detail view of an alert, shared by the API and the dashboard. */
export async function alertDetail(deps: Pick<Deps, 'db'>, id: number, role: Role) {
  const alert = await getAlert(deps.db, id);
  if (!alert) throw notFound('alert');
  const [mentions, history, deliveries, [row]] = await Promise.all([
    mentionsOfAlert(deps.db, id),
    alertEventsOf(deps.db, id),
    deliveriesOf(deps.db, id),
    listAlerts(deps.db, { ids: [id], limit: 1 }),
  ]);
  const caseRef = alert.caseId !== null && can(role, 'cases:read') ? await caseRefById(deps.db, alert.caseId) : undefined;
  const hideAuthors = alert.caseId !== null && !can(role, 'cases:read');
  return {
    ...alertJson(alert, row?.assignee ?? null),
    ...(caseRef !== undefined ? { case_ref: caseRef } : {}),
    mentions: mentions.map((m) => ({
      id: Number(m.id),
      reason: m.reason,
      title: m.title,
      text: m.text,
      url: m.url,
      author: hideAuthors ? null : m.author,
      published_at: iso(m.published_at)!,
      source: { name: m.source_name, kind: m.source_kind },
      language: m.language,
      sentiment: m.sentiment_label ? { label: m.sentiment_label as SentimentLabel, score: Number(m.sentiment_score) } : null,
      tactics: stringList(m.tactics),
      vulnerability: stringList(m.vulnerability),
      escalation: stringList(m.escalation),
      evidence: jsonList(m.evidence),
    })),
    history: history.map((e) => ({ at: iso(e.at)!, type: e.type, by: e.actor ?? null, detail: e.detail ?? null })),
    deliveries: deliveries.map((d) => ({
      channel: d.channel,
      channel_kind: d.channelKind,
      transition: d.transition,
      status: d.status,
      attempts: d.attempts,
      last_error: d.lastError,
      sent_at: iso(d.sentAt),
      next_attempt_at: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    })),
  };
}
