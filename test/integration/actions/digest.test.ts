// The digest actions on their own, as the API and the dashboard call them: permission, the one schema, the write
// and its one audit entry; the preview's own rule (everyone their own role's digest) and that it records nothing.
import { beforeEach, describe, expect, it } from 'vitest';
import { getDigestSettings, listRecipients } from '../../../db/queries/digest-delivery.ts';
import type { Actor } from '../../../src/actions/actor.ts';
import { addRecipient } from '../../../src/actions/digest/add-recipient.ts';
import { previewDigest } from '../../../src/actions/digest/preview.ts';
import { sendTestDigest } from '../../../src/actions/digest/send-test.ts';
import { removeRecipient } from '../../../src/actions/digest/remove-recipient.ts';
import { updateDigestSettings } from '../../../src/actions/digest/settings.ts';
import { changeRecipient } from '../../../src/actions/digest/update-recipient.ts';
import type { Deps } from '../../../src/core/deps.ts';
import { actors, auditTrail as auditTrailOf, refusal } from '../../helpers/actions.ts';
import { makeTestDeps } from '../../helpers/test-deps.ts';

let admin: Actor;
let comms: Actor;

const SETTINGS = { cron: '30 6 * * 1', time_zone: 'Europe/Riga', sender: 'Earshot <digest@lumera.example>', enabled: true };

describe('digest actions', () => {
  let deps: Deps;
  const auditTrail = () => auditTrailOf(deps);
  beforeEach(async () => {
    deps = (await makeTestDeps()).deps;
    ({ admin, comms } = await actors(deps));
  });

  it('sends a test digest to the admin asking and says why not when it cannot; audited with the outcome; admins only', async () => {
    // No mail server in this workspace: the reason comes back in words, and nothing else happens.
    const sent = await sendTestDigest(deps, admin, { week: '2026-W47', role: 'comms' }, 'http://earshot.test');
    expect(sent.ok).toBe(false);
    expect(sent.ok ? '' : sent.reason).toMatch(/\w/);
    expect(await auditTrail()).toEqual([['digest.test', admin.id, 'digest', { week: '2026-W47', role: 'comms', ok: false }]]);
    expect((await refusal(sendTestDigest(deps, comms, { week: '2026-W47' }, 'http://earshot.test'))).code).toBe('FORBIDDEN');
  });

  it('sets the schedule and sender, audited once; a bad cron or time zone is refused field by field', async () => {
    const saved = await updateDigestSettings(deps, admin, { ...SETTINGS, cron: ' 30 6 * * 1 ' });
    expect(saved).toMatchObject({ cron: '30 6 * * 1', timeZone: 'Europe/Riga', sender: SETTINGS.sender, enabled: true });
    expect(await getDigestSettings(deps.db)).toMatchObject({ cron: '30 6 * * 1' });
    const bad = await refusal(updateDigestSettings(deps, admin, { ...SETTINGS, cron: '0 25 * * 1', time_zone: 'Mars/Olympus' }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message).toMatch(/^cron: hour: "25" is outside 0–23; time_zone: "Mars\/Olympus" is not a time zone/);
    expect(await auditTrail()).toEqual([['digest.settings', admin.id, 'digest', null]]);
  });

  it('refuses a role without digest:configure before anything is read or written', async () => {
    expect(await refusal(updateDigestSettings(deps, comms, { ...SETTINGS, cron: 'nonsense' }))).toEqual({
      code: 'FORBIDDEN',
      message: 'The comms role may not do this (needs digest:configure)',
    });
    expect((await refusal(addRecipient(deps, comms, { email: 'ana@lumera.example', role: 'comms' }))).code).toBe('FORBIDDEN');
    expect((await refusal(changeRecipient(deps, comms, 1, { enabled: false }))).code).toBe('FORBIDDEN');
    expect((await refusal(removeRecipient(deps, comms, 1))).code).toBe('FORBIDDEN');
    expect(await getDigestSettings(deps.db)).toBeNull();
    expect(await auditTrail()).toEqual([]);
  });

  it('adds, changes and removes a recipient, each audited once; a repeated address is a CONFLICT', async () => {
    const r = await addRecipient(deps, admin, { email: 'ana@lumera.example', role: 'comms', language: 'lv' });
    expect(r).toMatchObject({ email: 'ana@lumera.example', name: null, role: 'comms', timeZone: 'UTC', language: 'lv', enabled: true });
    expect(await refusal(addRecipient(deps, admin, { email: 'ana@lumera.example', role: 'viewer' }))).toEqual({
      code: 'CONFLICT',
      message: 'that address is a recipient already',
    });
    const changed = await changeRecipient(deps, admin, r.id, { role: 'credit_manager', enabled: false });
    expect(changed).toMatchObject({ role: 'credit_manager', enabled: false, language: 'lv' });
    await removeRecipient(deps, admin, r.id);
    expect(await listRecipients(deps.db)).toEqual([]);
    expect(await auditTrail()).toEqual([
      ['digest.recipient_add', admin.id, `digest_recipient:${r.id}`, null],
      ['digest.recipient_update', admin.id, `digest_recipient:${r.id}`, { fields: ['role', 'enabled'] }],
      ['digest.recipient_remove', admin.id, `digest_recipient:${r.id}`, null],
    ]);
    expect((await refusal(removeRecipient(deps, admin, r.id))).code).toBe('NOT_FOUND');
    expect((await refusal(changeRecipient(deps, admin, r.id, { enabled: true }))).code).toBe('NOT_FOUND');
    expect(await auditTrail()).toHaveLength(3);
  });

  it('holds recipients to the schema: no unknown language, no empty change, no unknown field', async () => {
    const bad = await refusal(addRecipient(deps, admin, { email: 'not an address', role: 'comms', language: 'de' } as never));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message).toMatch(/^email: .*; language: /);
    const r = await addRecipient(deps, admin, { email: 'bo@lumera.example', role: 'viewer' });
    expect(await refusal(changeRecipient(deps, admin, r.id, {}))).toEqual({
      code: 'BAD_REQUEST',
      message: 'body: give at least one of name, role, time_zone, language, enabled',
    });
    expect((await refusal(changeRecipient(deps, admin, r.id, { email: 'x@lumera.example' } as never))).code).toBe('BAD_REQUEST');
    expect((await auditTrail()).map((e) => e[0])).toEqual(['digest.recipient_add']);
  });

  it("previews a role's digest: everyone their own, another role's only with digest:configure; nothing is recorded", async () => {
    const own = await previewDigest(deps, comms, { week: '2026-W47' }, 'http://earshot.test');
    expect(own).toMatchObject({ week: '2026-W47', role: 'comms' });
    expect(own.subject).toMatch(/2026-W47/);
    expect(own.html).toMatch(/^<!doctype html>/i);
    expect(await refusal(previewDigest(deps, comms, { week: '2026-W47', role: 'credit_manager' }, 'http://earshot.test'))).toEqual({
      code: 'FORBIDDEN',
      message: 'The comms role may preview only its own digest',
    });
    expect((await previewDigest(deps, admin, { week: '2026-W47', role: 'credit_manager' }, 'http://earshot.test')).role).toBe('credit_manager');
    // Without a week: the one that just ended where the reader is.
    expect((await previewDigest(deps, admin, {}, 'http://earshot.test')).week).toBe('2026-W46');
    expect((await refusal(previewDigest(deps, admin, { week: '2026-W60' }, 'http://earshot.test'))).message).toBe('week: an ISO week like 2026-W47');
    expect(await auditTrail()).toEqual([]);
  });
});
