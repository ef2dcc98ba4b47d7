// The case actions on their own, as the API and the dashboard call them: permission, the one schema, the write and
// its one audit entry; and the analytics reads, which are checked alike and never audited.
import { beforeEach, describe, expect, it } from 'vitest';
import { listCreditors } from '../../../db/queries/creditors.ts';
import { insertSource } from '../../../db/queries/sources.ts';
import type { Role } from '../../../db/schema/constants.ts';
import { auditLog, caseActions, mentionCaseLinks, mentions } from '../../../db/schema/index.ts';
import type { Actor } from '../../../src/actions/actor.ts';
import { readChange, readTactics, readTopics, readTrend } from '../../../src/actions/cases/analytics.ts';
import { confirmCaseLink } from '../../../src/actions/cases/confirm-link.ts';
import { isNotFound } from '../../../src/actions/cases/find-case.ts';
import { importCaseActions } from '../../../src/actions/cases/import-actions.ts';
import { importCases } from '../../../src/actions/cases/import-cases.ts';
import { linkMention } from '../../../src/actions/cases/link.ts';
import { setCreditorReferenceFormat } from '../../../src/actions/cases/reference-format.ts';
import { unlinkMention } from '../../../src/actions/cases/unlink.ts';
import { viewCase } from '../../../src/actions/cases/view.ts';
import { tacticsAnalytics } from '../../../src/core/cases/analytics.ts';
import type { Deps } from '../../../src/core/deps.ts';
import { storeMentions } from '../../../src/core/ingest/store-mentions.ts';
import { actors, auditTrail as auditTrailOf, refusal } from '../../helpers/actions.ts';
import { makeTestDeps, T0 } from '../../helpers/test-deps.ts';

const DAY = 86_400_000;

let manager: Actor;
let comms: Actor;
let viewer: Actor;

/** The refusal of a role without `permission`: the message names the permission, so the wrong one shows. */
const forbidden = (role: Role, permission: string) => ({ code: 'FORBIDDEN', message: `The ${role} role may not do this (needs ${permission})` });

const caseRow = (ref: string, creditor = 'Telia') => ({ case_ref: ref, creditor, segment: 'unable', country: 'LV', opened_at: '2026-08-01T00:00:00Z', status: 'open' });

describe('case actions', () => {
  let deps: Deps;
  let cited: number;
  let other: number;
  const auditTrail = () => auditTrailOf(deps);

  beforeEach(async () => {
    deps = (await makeTestDeps()).deps;
    ({ credit_manager: manager, comms, viewer } = await actors(deps));
    await importCases(deps, manager, [caseRow('LV-40512377'), caseRow('EL-1234567', 'Elisa')]);
    const source = (await insertSource(deps.db, { name: 'Forum', kind: 'push' })).id;
    const entry = (key: string, text: string) => ({ externalKey: key, url: null, author: null, title: null, text, publishedAt: T0 - DAY, languageHint: 'en' });
    await storeMentions(deps, source, [entry('cited', 'Lumera called me ten times about my case LV-40512377, this is harassment.'), entry('other', 'Lumera sent me a letter.')]);
    const ids = new Map((await deps.db.select().from(mentions)).map((m) => [m.externalKey, m.id]));
    [cited, other] = [ids.get('cited')!, ids.get('other')!];
    await deps.db.delete(auditLog); // the setup's own import
  });

  it('viewing a case needs cases:read and is audited once, with where it was opened from; a missing case is not', async () => {
    expect(await refusal(viewCase(deps, comms, 'LV-40512377'))).toEqual(forbidden('comms', 'cases:read'));
    const missing = await viewCase(deps, manager, 'NOPE-1').catch((e: unknown) => e);
    expect(isNotFound(missing, 'case')).toBe(true);
    expect(isNotFound(missing, 'link')).toBe(false);
    expect(await auditTrail()).toEqual([]);

    const seen = await viewCase(deps, manager, 'LV-40512377');
    expect(seen.kase).toMatchObject({ case_ref: 'LV-40512377', creditor: 'Telia' });
    expect(seen.identifiers).toEqual({ handle: 0, email: 0, phone: 0 });
    expect(seen.links.map((l) => [Number(l.mention_id), l.status])).toEqual([[cited, 'suggested']]);
    await viewCase(deps, manager, 'LV-40512377', { via: 'alert:7' });
    expect(await auditTrail()).toEqual([
      ['case.view', manager.id, 'case:LV-40512377', null],
      ['case.view', manager.id, 'case:LV-40512377', { via: 'alert:7' }],
    ]);
  });

  it('links a mention by hand (confirmed at once), confirms a suggestion and unlinks, each audited once', async () => {
    const linked = await linkMention(deps, manager, 'LV-40512377', { mention_id: other });
    expect(linked).toMatchObject({ method: 'manual', status: 'confirmed', created_by: manager.id, confirmed_by: manager.id, confirmed_at: T0 });
    const confirmed = await confirmCaseLink(deps, manager, 'LV-40512377', cited);
    expect(confirmed).toMatchObject({ method: 'case_ref', status: 'confirmed', confirmed_by: manager.id });
    await unlinkMention(deps, manager, 'LV-40512377', cited);
    expect(await deps.db.select().from(mentionCaseLinks)).toHaveLength(1);
    expect(await auditTrail()).toEqual([
      ['case.link', manager.id, 'case:LV-40512377', { mention_id: other }],
      ['case.link_confirm', manager.id, 'case:LV-40512377', { mention_id: cited }],
      ['case.unlink', manager.id, 'case:LV-40512377', { mention_id: cited }],
    ]);
  });

  it('refuses roles without cases:write, bad input, and what is not there, recording nothing', async () => {
    for (const actor of [comms, viewer]) {
      const refused = forbidden(actor.role, 'cases:write');
      expect(await refusal(linkMention(deps, actor, 'LV-40512377', { mention_id: other }))).toEqual(refused);
      expect(await refusal(confirmCaseLink(deps, actor, 'LV-40512377', cited))).toEqual(refused);
      expect(await refusal(unlinkMention(deps, actor, 'LV-40512377', cited))).toEqual(refused);
    }
    const bad = await refusal(linkMention(deps, manager, 'LV-40512377', { mention_id: 'x' } as never));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message).toMatch(/^mention_id: /);
    expect(await refusal(linkMention(deps, manager, 'LV-40512377', { mention_id: 99_999 }))).toEqual({ code: 'NOT_FOUND', message: 'mention not found' });
    expect(await refusal(linkMention(deps, manager, 'NOPE-1', { mention_id: other }))).toEqual({ code: 'NOT_FOUND', message: 'case not found' });
    const noLink = await confirmCaseLink(deps, manager, 'LV-40512377', other).catch((e: unknown) => e);
    expect(isNotFound(noLink, 'link')).toBe(true);
    expect(isNotFound(await unlinkMention(deps, manager, 'EL-1234567', cited).catch((e: unknown) => e), 'link')).toBe(true);
    expect(await auditTrail()).toEqual([]);
  });

  it('imports cases and a case’s actions with one audit entry of counts each; bad items are skipped by index', async () => {
    const cases = await importCases(deps, manager, [caseRow('LV-40512377'), caseRow('LV-61448102'), { case_ref: 'LV-1' }]);
    expect(cases).toMatchObject({ new: 1, updated: 0, unchanged: 1, skipped: [{ index: 2, reason: expect.any(String) }] });
    const actions = await importCaseActions(deps, manager, 'LV-40512377', [
      { at: '2026-11-01T09:00:00Z', channel: 'sms', action_type: 'reminder' },
      { at: 'yesterday', channel: 'sms', action_type: 'reminder' },
    ]);
    expect(actions).toMatchObject({ new: 1, updated: 0, unchanged: 0, skipped: [{ index: 1 }] });
    expect(await deps.db.select().from(caseActions)).toHaveLength(1);
    const unknown = await importCaseActions(deps, manager, 'NOPE-1', [{ at: '2026-11-01T09:00:00Z', channel: 'sms', action_type: 'reminder' }]);
    expect(unknown.skipped).toEqual([{ index: 0, reason: 'case_ref: no case with this case_ref' }]);
    expect(await auditTrail()).toEqual([
      ['cases.import', manager.id, null, { new: 1, updated: 0, unchanged: 1, skipped: 1 }],
      ['cases.actions.import', manager.id, 'case:LV-40512377', { new: 1, updated: 0, unchanged: 0, skipped: 1 }],
      ['cases.actions.import', manager.id, 'case:NOPE-1', { new: 0, updated: 0, unchanged: 0, skipped: 1 }],
    ]);
  });

  it('refuses an import from a role without cases:write, and an empty or oversized one, recording nothing', async () => {
    expect(await refusal(importCases(deps, comms, [caseRow('LV-2')]))).toEqual(forbidden('comms', 'cases:write'));
    expect(await refusal(importCaseActions(deps, viewer, 'LV-40512377', [{ at: '2026-11-01T09:00:00Z', channel: 'sms', action_type: 'reminder' }]))).toEqual(
      forbidden('viewer', 'cases:write'),
    );
    expect((await refusal(importCases(deps, manager, []))).code).toBe('BAD_REQUEST');
    expect(
      (
        await refusal(
          importCaseActions(
            deps,
            manager,
            'LV-40512377',
            Array.from({ length: 1001 }, () => ({})),
          ),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    expect(await auditTrail()).toEqual([]);
  });

  it('sets and clears a creditor’s reference format, audited once each with what re-linking changed', async () => {
    const set = await setCreditorReferenceFormat(deps, manager, 'Telia', { format: 'LV-########' });
    expect(set).toMatchObject({ creditor: 'Telia', format: 'LV-########' });
    expect((await listCreditors(deps.db)).find((c) => c.creditor === 'Telia')).toMatchObject({ ref_format: 'LV-########', updated_by: manager.id });
    const cleared = await setCreditorReferenceFormat(deps, manager, 'Telia', { format: null });
    expect(await auditTrail()).toEqual([
      ['creditor.reference_format_set', manager.id, 'creditor:Telia', { format: 'LV-########', relinked: set.relinked }],
      ['creditor.reference_format_clear', manager.id, 'creditor:Telia', { format: null, relinked: cleared.relinked }],
    ]);
  });

  it('refuses a format from a role without cases:write, a bad mask and an unknown creditor, storing and recording nothing', async () => {
    expect(await refusal(setCreditorReferenceFormat(deps, comms, 'Telia', { format: 'LV-########' }))).toEqual(forbidden('comms', 'cases:write'));
    const mask = await refusal(setCreditorReferenceFormat(deps, manager, 'Telia', { format: 'LV-###' }));
    expect(mask.code).toBe('BAD_REQUEST');
    expect(mask.message).toMatch(/^format: needs at least 4 positions/);
    expect((await refusal(setCreditorReferenceFormat(deps, manager, 'Telia', { format: 12345678 } as never))).message).toMatch(/^format: /);
    expect(await refusal(setCreditorReferenceFormat(deps, manager, 'Nobody', { format: 'LV-########' }))).toEqual({
      code: 'NOT_FOUND',
      message: 'creditor (no case names it) not found',
    });
    expect((await listCreditors(deps.db)).every((c) => c.ref_format === null)).toBe(true);
    expect(await auditTrail()).toEqual([]);
  });
});

describe('analytics reads', () => {
  let deps: Deps;
  let admin: Actor;
  beforeEach(async () => {
    deps = (await makeTestDeps()).deps;
    ({ admin, credit_manager: manager, comms } = await actors(deps));
  });

  it('need analytics:read, whichever figure is asked for', async () => {
    for (const read of [
      readTactics(deps, comms, { by: 'team' }),
      readTopics(deps, comms, { by: 'team' }),
      readChange(deps, comms, { action_type: 'sms', at: '2026-10-01' }),
      readTrend(deps, comms, { by: 'team' }),
    ]) {
      expect(await refusal(read)).toEqual(forbidden('comms', 'analytics:read'));
    }
  });

  it('read the query with the API’s defaults: 90 days up to now, a 14-day window, any link', async () => {
    const expected = await tacticsAnalytics(deps.db, { by: 'team', from: T0 - 90 * DAY, to: T0, windowDays: 14, links: 'any', sort: 'key' });
    expect(await readTactics(deps, manager, { by: 'team' })).toEqual(expected);
    expect(await readTrend(deps, admin, { by: 'team', from: '2026-10-01', to: '2026-10-31', window_days: '7' })).toEqual({ bucket_days: 7, groups: [] });
    expect(await deps.db.query.auditLog.findMany()).toEqual([]);
  });

  it('refuse a bad query naming the parameter', async () => {
    expect((await refusal(readTactics(deps, manager, { by: 'debtor' } as never))).message).toMatch(/^by: /);
    expect(await refusal(readTopics(deps, manager, { by: 'team', from: '2026-11-02', to: '2026-11-01' }))).toEqual({ code: 'BAD_REQUEST', message: 'from: must not be after to' });
    expect((await refusal(readChange(deps, manager, { action_type: 'sms', at: '2026-02-30' }))).message).toMatch(/^at: /);
    expect((await refusal(readTrend(deps, manager, { by: 'team', bucket_days: '366' }))).message).toMatch(/^bucket_days: /);
    expect((await refusal(readTactics(deps, manager, { by: 'team', window_days: '0' }))).message).toMatch(/^window_days: /);
  });
});
