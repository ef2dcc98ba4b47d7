// The audit log's vocabulary, written once: every event a person or the system records, what it is about (target)
// and what it keeps (details). Entries carry ids, counts and field names, never mention text or personal identifiers;
// the case reference is the one exception, because answering "who looked at this case" is what the log is for.
import { audit } from '../../db/queries/users.ts';
import type { Deps } from './deps.ts';

type Event = { target?: string; details?: Record<string, unknown> };
type Counts = Record<string, number | Record<string, number>>;

const EVENTS = {
  login: () => ({}),
  'login.failed': () => ({}),
  'login.locked': (e: { target?: string; scope: string; failures: number; lockedUntil: number }) => ({
    target: e.target,
    details: { scope: e.scope, failures: e.failures, locked_until: new Date(e.lockedUntil).toISOString() },
  }),
  'user.create': (e: { userId: number; role: string }) => ({ target: `user:${e.userId}`, details: { role: e.role } }),
  'user.role': (e: { userId: number; from: string; to: string }) => ({ target: `user:${e.userId}`, details: { from: e.from, to: e.to } }),
  'user.disable': (e: { userId: number; sessionsEnded: number }) => ({ target: `user:${e.userId}`, details: { sessions_ended: e.sessionsEnded } }),
  'user.enable': (e: { userId: number }) => ({ target: `user:${e.userId}` }),
  'token.create': (e: { userId: number; name: string }) => ({ target: `user:${e.userId}`, details: { name: e.name } }),
  'token.revoke': (e: { userId: number; tokenId: number; name: string; reason?: string }) => ({
    target: `user:${e.userId}`,
    details: { token_id: e.tokenId, name: e.name, ...(e.reason ? { reason: e.reason } : {}) },
  }),
  'source.create': (e: { sourceId: number }) => ({ target: `source:${e.sourceId}` }),
  'source.update': (e: { sourceId: number; fields: string[] }) => ({ target: `source:${e.sourceId}`, details: { fields: e.fields } }),
  'source.delete': (e: { sourceId: number }) => ({ target: `source:${e.sourceId}` }),
  'source.poll': (e: { sourceId: number }) => ({ target: `source:${e.sourceId}` }),
  'mention.correct': (e: { mentionId: number; changed: Record<string, { from: unknown; to: unknown }> }) => ({ target: `mention:${e.mentionId}`, details: { changed: e.changed } }),
  'mention.correction_reset': (e: { mentionId: number }) => ({ target: `mention:${e.mentionId}` }),
  'alert.update': (e: { alertId: number; changes: string[] }) => ({ target: `alert:${e.alertId}`, details: { changes: e.changes } }),
  'alert.raise': (e: { alertId: number; mentionId: number; severity: string }) => ({
    target: `alert:${e.alertId}`,
    details: { mention_id: e.mentionId, severity: e.severity },
  }),
  'alert_rule.create': (e: { ruleId: number }) => ({ target: `alert_rule:${e.ruleId}` }),
  'alert_rule.update': (e: { ruleId: number; fields: string[] }) => ({ target: `alert_rule:${e.ruleId}`, details: { fields: e.fields } }),
  'alert_rule.delete': (e: { ruleId: number }) => ({ target: `alert_rule:${e.ruleId}` }),
  'alert_mute.create': (e: { muteId: number }) => ({ target: `alert_mute:${e.muteId}` }),
  'alert_mute.delete': (e: { muteId: number }) => ({ target: `alert_mute:${e.muteId}` }),
  'notification_channel.create': (e: { channelId: number }) => ({ target: `notification_channel:${e.channelId}` }),
  'notification_channel.update': (e: { channelId: number; fields: string[] }) => ({
    target: `notification_channel:${e.channelId}`,
    details: { fields: e.fields },
  }),
  'notification_channel.delete': (e: { channelId: number }) => ({ target: `notification_channel:${e.channelId}` }),
  'notification_channel.test': (e: { channelId: number; ok: boolean }) => ({ target: `notification_channel:${e.channelId}`, details: { ok: e.ok } }),
  'digest.settings': () => ({ target: 'digest' }),
  'digest.test': (e: { week: string; role: string; ok: boolean }) => ({ target: 'digest', details: { week: e.week, role: e.role, ok: e.ok } }),
  'digest.recipient_add': (e: { recipientId: number }) => ({ target: `digest_recipient:${e.recipientId}` }),
  'digest.recipient_update': (e: { recipientId: number; fields: string[] }) => ({
    target: `digest_recipient:${e.recipientId}`,
    details: { fields: e.fields },
  }),
  'digest.recipient_remove': (e: { recipientId: number }) => ({ target: `digest_recipient:${e.recipientId}` }),
  'view.save': (e: { viewId: number; page: string }) => ({ target: `saved_view:${e.viewId}`, details: { page: e.page } }),
  'view.remove': (e: { viewId: number; page: string }) => ({ target: `saved_view:${e.viewId}`, details: { page: e.page } }),
  /** Mentions downloaded as CSV: who wrote them is personal data, so the export is audited with its filters and size. */
  'mention.export': (e: { filters: Record<string, string>; rows: number }) => ({ target: 'mentions', details: { filters: e.filters, rows: e.rows } }),
  /** Reading a case is audited: it is personal data. `via` names the alert it was opened from. */
  'case.view': (e: { caseRef: string; via?: string }) => ({ target: `case:${e.caseRef}`, details: e.via ? { via: e.via } : undefined }),
  /** Listing cases shows their references: audited with the filters (a reference searched for is one) and how many were shown. */
  'case.list': (e: { filters: Record<string, string | boolean>; shown: number }) => ({ target: 'cases', details: { filters: e.filters, shown: e.shown } }),
  'case.link': (e: { caseRef: string; mentionId: number }) => ({ target: `case:${e.caseRef}`, details: { mention_id: e.mentionId } }),
  'case.link_confirm': (e: { caseRef: string; mentionId: number }) => ({ target: `case:${e.caseRef}`, details: { mention_id: e.mentionId } }),
  'step_rule.update': (e: { ruleId: number; fields: string[] }) => ({ target: `step_rule:${e.ruleId}`, details: { fields: e.fields } }),
  'steps.export': (e: { day: string; count: number }) => ({ target: `steps:${e.day}`, details: { count: e.count } }),
  'case.step': (e: { caseRef: string; stepId: number; step: string; decision: string; dueChanged: boolean; noted: boolean }) => ({
    target: `case:${e.caseRef}`,
    details: { step_id: e.stepId, step: e.step, decision: e.decision, due_changed: e.dueChanged, noted: e.noted },
  }),
  'case.unlink': (e: { caseRef: string; mentionId: number }) => ({ target: `case:${e.caseRef}`, details: { mention_id: e.mentionId } }),
  'case.erase': (e: { caseRef: string; erased: Counts }) => ({ target: `case:${e.caseRef}`, details: { erased: e.erased } }),
  'author.erase': (e: { erased: Counts }) => ({ target: 'author', details: { erased: e.erased } }),
  'cases.import': (e: { counts: Counts }) => ({ details: e.counts }),
  'cases.actions.import': (e: { caseRef: string; counts: Counts }) => ({ target: `case:${e.caseRef}`, details: e.counts }),
  'creditor.reference_format_set': (e: { creditor: string; format: string; relinked: Counts }) => ({
    target: `creditor:${e.creditor}`,
    details: { format: e.format, relinked: e.relinked },
  }),
  'creditor.reference_format_clear': (e: { creditor: string; relinked: Counts }) => ({
    target: `creditor:${e.creditor}`,
    details: { format: null, relinked: e.relinked },
  }),
  'demo.end': (e: { demoUserId: number | null; removed: Counts }) => ({
    target: e.demoUserId === null ? undefined : `user:${e.demoUserId}`,
    details: e.removed,
  }),
} satisfies Record<string, (e: never) => Event>;

export type AuditAction = keyof typeof EVENTS;
/** What an event of this kind must say, typed per action. */
export type AuditFacts<A extends AuditAction> = Parameters<(typeof EVENTS)[A]> extends [infer E] ? E : undefined;

/** Records one event by `actorUserId` (null: the system, e.g. the scheduler or a locked login). */
export async function recordAudit<A extends AuditAction>(
  deps: Pick<Deps, 'db' | 'clock'>,
  actorUserId: number | null,
  action: A,
  ...facts: AuditFacts<A> extends undefined ? [] : [AuditFacts<A>]
): Promise<void> {
  const build = EVENTS[action] as (e: unknown) => Event;
  const { target, details } = build(facts[0]);
  await audit(deps.db, { at: deps.clock.now(), actorUserId, action, target, details });
}
