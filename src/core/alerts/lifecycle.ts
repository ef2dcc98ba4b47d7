// What a person can do to an alert: acknowledge, resolve, reopen, assign, add a note, snooze. Each change is an
// event on the alert (who, when, what); opening again and resolving notify like evaluation does. The audit entry is
// the caller's (src/actions/alerts/change.ts), which knows who asked.
import { getAlert, updateAlert } from '../../../db/queries/alerts.ts';
import { findUserById } from '../../../db/queries/users.ts';
import type { AlertEventType, AlertStatus, Transition } from '../../../db/schema/constants.ts';
import type { Alert } from '../../../db/schema/alerts.ts';
import type { Deps } from '../deps.ts';
import { badRequest, notFound } from '../errors.ts';
import { can } from '../auth/roles.ts';

export interface AlertChange {
  status?: AlertStatus;
  /** A user id, or null to unassign. */
  assignee?: number | null;
  note?: string;
  /** Until when notifications about it wait and it sinks in the inbox; null ends a snooze. */
  snoozedUntil?: number | null;
}

export interface AlertChangeOutcome {
  alert: Alert;
  /** The events the change recorded, in order; none when it changed nothing. */
  changes: AlertEventType[];
}

/** Applies a change; returns the alert as it is now. A change to what it already is records nothing. */
export async function changeAlert(deps: Pick<Deps, 'db' | 'clock'>, id: number, change: AlertChange, actorUserId: number): Promise<AlertChangeOutcome> {
  const alert = await getAlert(deps.db, id);
  if (!alert) throw notFound('alert');
  const now = deps.clock.now();
  const set: Parameters<typeof updateAlert>[1]['set'] = {};
  const events: { type: AlertEventType; detail?: Record<string, unknown>; notify?: Transition }[] = [];

  if (change.status && change.status !== alert.status) {
    const from = alert.status;
    set.status = change.status;
    if (change.status === 'acknowledged') {
      set.acknowledgedAt = now;
      events.push({ type: 'acknowledged', detail: { from } });
    } else if (change.status === 'resolved') {
      set.resolvedAt = now;
      events.push({ type: 'resolved', detail: { from }, notify: 'resolved' });
    } else if (from === 'resolved') {
      set.resolvedAt = null;
      set.acknowledgedAt = null;
      events.push({ type: 'reopened', detail: { from }, notify: 'opened' });
    } else {
      set.acknowledgedAt = null;
      events.push({ type: 'reopened', detail: { from } });
    }
  }
  if (change.assignee !== undefined && change.assignee !== alert.assigneeUserId) {
    if (change.assignee !== null) {
      const user = await findUserById(deps.db, change.assignee);
      if (!user || user.disabledAt) throw badRequest(`assignee: no active user with id ${change.assignee}`);
      if (!can(user.role, 'alerts:write')) throw badRequest(`assignee: a ${user.role} cannot work alerts; choose someone who can`);
    }
    set.assigneeUserId = change.assignee;
    events.push({ type: 'assigned', detail: { to: change.assignee } });
  }
  if (change.snoozedUntil !== undefined && change.snoozedUntil !== alert.snoozedUntil) {
    if (change.snoozedUntil !== null && change.snoozedUntil <= now) throw badRequest('snoozed_until: must be in the future');
    set.snoozedUntil = change.snoozedUntil;
    events.push({ type: 'snoozed', detail: { until: change.snoozedUntil === null ? null : new Date(change.snoozedUntil).toISOString() } });
  }
  if (change.note !== undefined) {
    const note = change.note.trim();
    if (!note) throw badRequest('note: must not be empty');
    events.push({ type: 'note', detail: { note } });
  }
  if (events.length === 0) return { alert, changes: [] };
  await updateAlert(deps.db, { alert, set, events, actorUserId, at: now });
  return { alert: (await getAlert(deps.db, id))!, changes: events.map((e) => e.type) };
}
