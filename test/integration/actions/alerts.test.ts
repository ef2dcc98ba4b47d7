import { sql } from 'drizzle-orm';
// The alert actions on their own, as the API and the dashboard call them: permission, the one schema, the write
// and its one audit entry.
import { beforeEach, describe, expect, it } from 'vitest';
import { getAlert, getChannel, getRule, latestAlertOfGroup, listMutes, openAlert } from '../../../db/queries/alerts.ts';
import type { Actor } from '../../../src/actions/actor.ts';
import { changeAlert } from '../../../src/actions/alerts/change.ts';
import { createNotificationChannel } from '../../../src/actions/alerts/create-channel.ts';
import { createAlertMute } from '../../../src/actions/alerts/create-mute.ts';
import { createAlertRule } from '../../../src/actions/alerts/create-rule.ts';
import { removeNotificationChannel } from '../../../src/actions/alerts/remove-channel.ts';
import { removeAlertMute } from '../../../src/actions/alerts/remove-mute.ts';
import { removeAlertRule } from '../../../src/actions/alerts/remove-rule.ts';
import { updateNotificationChannel } from '../../../src/actions/alerts/update-channel.ts';
import { updateAlertRule } from '../../../src/actions/alerts/update-rule.ts';
import type { Deps } from '../../../src/core/deps.ts';
import { actors, auditTrail as auditTrailOf, refusal } from '../../helpers/actions.ts';
import { makeTestDeps, T0 } from '../../helpers/test-deps.ts';

const KEY = 'alert-actions-test-secret-key-0123456789';
const HOUR = 3_600_000;

let admin: Actor;
let comms: Actor;
let credit: Actor;
let viewer: Actor;

describe('alert actions', () => {
  let deps: Deps;
  const auditTrail = () => auditTrailOf(deps);
  beforeEach(async () => {
    deps = (await makeTestDeps({ EARSHOT_SECRET_KEY: KEY })).deps;
    ({ admin, comms, credit_manager: credit, viewer } = await actors(deps));
  });

  /** An open alert, as evaluation would leave it. */
  async function anAlert(): Promise<number> {
    await openAlert(deps.db, {
      ruleId: null,
      ruleKind: 'escalation',
      groupKey: 'test|alert',
      severity: 'high',
      title: 'A regulator threat',
      reasons: ['because'],
      evidence: null,
      brand: null,
      market: 'en',
      sourceKind: null,
      caseId: null,
      mentions: [],
      at: T0,
    });
    return (await latestAlertOfGroup(deps.db, 'test|alert'))!.id;
  }

  describe('changing an alert', () => {
    it('acknowledges and notes in one change, audited once with what changed and never the note', async () => {
      const id = await anAlert();
      const alert = await changeAlert(deps, comms, id, { status: 'acknowledged', note: '  Called the customer back.  ' });
      expect(alert).toMatchObject({ id, status: 'acknowledged', acknowledgedAt: T0 });
      expect(await auditTrail()).toEqual([['alert.update', comms.id, `alert:${id}`, { changes: ['acknowledged', 'note'] }]]);
      expect(JSON.stringify(await auditTrail())).not.toContain('Called the customer');
    });

    it('records nothing, not even an audit entry, for a change to what the alert already is', async () => {
      const id = await anAlert();
      await changeAlert(deps, comms, id, { status: 'resolved', assignee: credit.id });
      await changeAlert(deps, credit, id, { status: 'resolved', assignee: credit.id });
      expect(await auditTrail()).toEqual([['alert.update', comms.id, `alert:${id}`, { changes: ['resolved', 'assigned'] }]]);
      expect(await getAlert(deps.db, id)).toMatchObject({ status: 'resolved', assigneeUserId: credit.id });
    });

    it('refuses a viewer, and bad input field by field, before changing anything', async () => {
      const id = await anAlert();
      expect(await refusal(changeAlert(deps, viewer, id, { status: 'resolved' }))).toEqual({
        code: 'FORBIDDEN',
        message: 'The viewer role may not do this (needs alerts:write)',
      });
      expect(await refusal(changeAlert(deps, comms, id, {}))).toEqual({ code: 'BAD_REQUEST', message: 'body: give at least one of status, assignee, note, snoozed_until' });
      expect((await refusal(changeAlert(deps, comms, id, { assignee: 'abc' as never, status: 'closed' as never }))).message).toMatch(/^status: .*; assignee: /);
      expect(await refusal(changeAlert(deps, comms, id, { assignee: 9999 }))).toEqual({ code: 'BAD_REQUEST', message: 'assignee: no active user with id 9999' });
      const past = new Date(T0 - HOUR).toISOString();
      expect(await refusal(changeAlert(deps, comms, id, { snoozed_until: past }))).toEqual({ code: 'BAD_REQUEST', message: 'snoozed_until: must be in the future' });
      expect(await refusal(changeAlert(deps, comms, id + 1, { status: 'resolved' }))).toEqual({ code: 'NOT_FOUND', message: 'alert not found' });
      expect(await getAlert(deps.db, id)).toMatchObject({ status: 'open', assigneeUserId: null, snoozedUntil: null });
      expect(await auditTrail()).toEqual([]);
    });

    it('hands an alert to someone who may work alerts, with a note, and refuses a viewer as assignee', async () => {
      const id = await anAlert();
      const alert = await changeAlert(deps, comms, id, { assignee: credit.id, note: 'Case LV-1: please call them back today.' });
      expect(alert.assigneeUserId).toBe(credit.id);
      const events = await deps.db.all<{ type: string }>(sql`SELECT type FROM alert_events WHERE alert_id = ${id} ORDER BY id`);
      expect(events.map((e) => e.type)).toEqual(['opened', 'assigned', 'note']);
      expect(await refusal(changeAlert(deps, comms, id, { assignee: viewer.id }))).toEqual({
        code: 'BAD_REQUEST',
        message: 'assignee: a viewer cannot work alerts; choose someone who can',
      });
    });

    it('snoozes until a time and ends the snooze', async () => {
      const id = await anAlert();
      const until = T0 + 2 * HOUR;
      expect(await changeAlert(deps, credit, id, { snoozed_until: new Date(until).toISOString() })).toMatchObject({ snoozedUntil: until });
      expect(await changeAlert(deps, credit, id, { snoozed_until: null })).toMatchObject({ snoozedUntil: null });
      expect((await auditTrail()).map((e) => e[3])).toEqual([{ changes: ['snoozed'] }, { changes: ['snoozed'] }]);
    });
  });

  describe('rules', () => {
    it('creates a rule with its kind’s defaults, refuses a second of the same name, and audits the first only', async () => {
      const rule = await createAlertRule(deps, comms, { name: ' Low ratings ', kind: 'low_rating' });
      expect(rule).toMatchObject({ name: 'Low ratings', kind: 'low_rating', enabled: true, params: { maxStars: expect.any(Number) } });
      expect(await refusal(createAlertRule(deps, admin, { name: 'Low ratings', kind: 'escalation' }))).toEqual({ code: 'CONFLICT', message: 'a rule named "Low ratings" exists' });
      expect(await auditTrail()).toEqual([['alert_rule.create', comms.id, `alert_rule:${rule.id}`, null]]);
    });

    it('refuses roles without alerts:configure, unknown fields and settings wrong for the kind', async () => {
      expect((await refusal(createAlertRule(deps, credit, { name: 'X', kind: 'escalation' }))).message).toBe('The credit_manager role may not do this (needs alerts:configure)');
      expect((await refusal(createAlertRule(deps, comms, { name: 'X', kind: 'escalation', colour: 'red' } as never))).message).toMatch(/^body: .*colour/);
      expect((await refusal(createAlertRule(deps, comms, { name: 'X', kind: 'low_rating', params: { maxStars: 9 } }))).message).toMatch(/^params\.maxStars: /);
      const rule = await createAlertRule(deps, comms, { name: 'Ratings', kind: 'low_rating' });
      expect((await refusal(updateAlertRule(deps, comms, rule.id, { params: { maxStars: 9 } }))).message).toMatch(/^params\.maxStars: /);
      expect((await refusal(updateAlertRule(deps, credit, rule.id, { enabled: false }))).code).toBe('FORBIDDEN');
      expect((await refusal(updateAlertRule(deps, comms, rule.id, {}))).message).toBe('body: give at least one of name, enabled, params');
      expect((await refusal(removeAlertRule(deps, viewer, rule.id))).code).toBe('FORBIDDEN');
      expect(await getRule(deps.db, rule.id)).toMatchObject({ enabled: true });
      expect((await auditTrail()).map((e) => e[0])).toEqual(['alert_rule.create']);
    });

    it('turns a rule off, gives it settings, removes it: each audited once with the fields it changed', async () => {
      const rule = await createAlertRule(deps, comms, { name: 'Ratings', kind: 'low_rating' });
      expect(await updateAlertRule(deps, comms, rule.id, { enabled: false })).toMatchObject({ enabled: false });
      expect(await updateAlertRule(deps, admin, rule.id, { params: { maxStars: 1 } })).toMatchObject({ params: { maxStars: 1 } });
      await removeAlertRule(deps, comms, rule.id);
      expect(await getRule(deps.db, rule.id)).toBeNull();
      expect((await auditTrail()).slice(1)).toEqual([
        ['alert_rule.update', comms.id, `alert_rule:${rule.id}`, { fields: ['enabled'] }],
        ['alert_rule.update', admin.id, `alert_rule:${rule.id}`, { fields: ['params'] }],
        ['alert_rule.delete', comms.id, `alert_rule:${rule.id}`, null],
      ]);
      expect(await refusal(updateAlertRule(deps, comms, rule.id, { enabled: true }))).toEqual({ code: 'NOT_FOUND', message: 'alert rule not found' });
      expect((await refusal(removeAlertRule(deps, comms, rule.id))).code).toBe('NOT_FOUND');
    });

    it('refuses to rename a rule to a name another rule has', async () => {
      await createAlertRule(deps, comms, { name: 'Regulators', kind: 'escalation' });
      const rule = await createAlertRule(deps, comms, { name: 'Ratings', kind: 'low_rating' });
      expect(await refusal(updateAlertRule(deps, comms, rule.id, { name: 'Regulators' }))).toEqual({ code: 'CONFLICT', message: 'a rule named "Regulators" exists' });
      expect(await updateAlertRule(deps, comms, rule.id, { name: 'Ratings' })).toMatchObject({ name: 'Ratings' });
      expect((await auditTrail()).map((e) => e[0])).toEqual(['alert_rule.create', 'alert_rule.create', 'alert_rule.update']);
    });
  });

  describe('mutes', () => {
    it('mutes a market until a time, by whoever asked, and removes the mute; each audited once', async () => {
      const until = new Date(T0 + 24 * HOUR).toISOString();
      const mute = await createAlertMute(deps, comms, { market: 'lv', until, reason: 'Known campaign' });
      expect(mute).toMatchObject({ ruleKind: null, market: 'lv', sourceKind: null, until: T0 + 24 * HOUR, reason: 'Known campaign', createdBy: comms.id, createdAt: T0 });
      await removeAlertMute(deps, admin, mute.id);
      expect(await listMutes(deps.db)).toEqual([]);
      expect(await auditTrail()).toEqual([
        ['alert_mute.create', comms.id, `alert_mute:${mute.id}`, null],
        ['alert_mute.delete', admin.id, `alert_mute:${mute.id}`, null],
      ]);
      expect(await refusal(removeAlertMute(deps, admin, mute.id))).toEqual({ code: 'NOT_FOUND', message: 'mute not found' });
    });

    it('refuses a mute of everything, one that has already ended, and roles without alerts:configure', async () => {
      expect((await refusal(createAlertMute(deps, comms, {}))).message).toMatch(/^body: give at least one of rule_kind, market, source_kind/);
      expect(await refusal(createAlertMute(deps, comms, { market: 'lv', until: new Date(T0).toISOString() }))).toEqual({
        code: 'BAD_REQUEST',
        message: 'until: must be in the future',
      });
      expect((await refusal(createAlertMute(deps, comms, { market: 'lv', until: 'soon' }))).message).toMatch(/^until: /);
      expect((await refusal(createAlertMute(deps, credit, { market: 'lv' }))).code).toBe('FORBIDDEN');
      expect(await listMutes(deps.db)).toEqual([]);
      expect(await auditTrail()).toEqual([]);
    });
  });

  describe('notification channels', () => {
    const hook = { url: 'https://hooks.example/earshot', secret: 's'.repeat(40) };

    it('adds a channel with its settings checked and sealed, and refuses a second of the same name', async () => {
      const channel = await createNotificationChannel(deps, comms, { name: 'Hook', kind: 'webhook', config: hook, min_severity: 'high' });
      expect(channel).toMatchObject({ name: 'Hook', kind: 'webhook', minSeverity: 'high', enabled: true });
      expect(JSON.stringify(channel.config)).not.toContain('hooks.example');
      expect(await refusal(createNotificationChannel(deps, comms, { name: 'Hook', kind: 'slack', config: { url: 'https://hooks.example/other' } }))).toEqual({
        code: 'CONFLICT',
        message: 'a channel named "Hook" exists',
      });
      expect((await refusal(createNotificationChannel(deps, comms, { name: 'Mail', kind: 'email', config: {} }))).message).toMatch(/at least one address/);
      expect((await refusal(createNotificationChannel(deps, viewer, { name: 'Mail', kind: 'email', config: { to: ['a@example.test'] } }))).code).toBe('FORBIDDEN');
      expect(await auditTrail()).toEqual([['notification_channel.create', comms.id, `notification_channel:${channel.id}`, null]]);
    });

    it('keeps a secret sent back masked, turns a channel off, refuses a name clash, and removes it; each audited once', async () => {
      const channel = await createNotificationChannel(deps, comms, { name: 'Hook', kind: 'webhook', config: hook });
      await createNotificationChannel(deps, comms, { name: 'Slack', kind: 'slack', config: { url: 'https://hooks.example/slack' } });
      const kept = await updateNotificationChannel(deps, admin, channel.id, { config: { url: '********', secret: '********' }, enabled: false });
      expect(kept).toMatchObject({ enabled: false });
      expect(JSON.stringify(kept.config)).not.toContain('hooks.example');
      expect(await refusal(updateNotificationChannel(deps, admin, channel.id, { name: 'Slack' }))).toEqual({ code: 'CONFLICT', message: 'a channel named "Slack" exists' });
      expect((await refusal(updateNotificationChannel(deps, credit, channel.id, { enabled: true }))).code).toBe('FORBIDDEN');
      await removeNotificationChannel(deps, comms, channel.id);
      expect(await getChannel(deps.db, channel.id)).toBeNull();
      expect((await auditTrail()).slice(2)).toEqual([
        ['notification_channel.update', admin.id, `notification_channel:${channel.id}`, { fields: ['config', 'enabled'] }],
        ['notification_channel.delete', comms.id, `notification_channel:${channel.id}`, null],
      ]);
      expect(await refusal(updateNotificationChannel(deps, admin, channel.id, { enabled: true }))).toEqual({ code: 'NOT_FOUND', message: 'notification channel not found' });
      expect((await refusal(removeNotificationChannel(deps, admin, channel.id))).code).toBe('NOT_FOUND');
    });
  });
});
