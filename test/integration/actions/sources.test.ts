// The source actions on their own, as the API and the dashboard call them: permission, the one schema, the write
// and its one audit entry.
import { beforeEach, describe, expect, it } from 'vitest';
import { getSource } from '../../../db/queries/sources.ts';
import type { Actor } from '../../../src/actions/actor.ts';
import { createSource } from '../../../src/actions/sources/create.ts';
import { pollSourceNow } from '../../../src/actions/sources/poll.ts';
import { removeSource } from '../../../src/actions/sources/remove.ts';
import { testSource } from '../../../src/actions/sources/test-fetch.ts';
import { updateSource } from '../../../src/actions/sources/update.ts';
import type { Deps } from '../../../src/core/deps.ts';
import { actors, auditTrail as auditTrailOf, refusal } from '../../helpers/actions.ts';
import { makeTestDeps } from '../../helpers/test-deps.ts';

let admin: Actor;
let viewer: Actor;

describe('source actions', () => {
  let deps: Deps;
  const auditTrail = () => auditTrailOf(deps);
  beforeEach(async () => {
    deps = (await makeTestDeps()).deps;
    ({ admin, viewer } = await actors(deps));
  });

  it('creates a source with its brand, once, and records who did it', async () => {
    const s = await createSource(deps, admin, { name: ' Forum ', kind: 'rss', brand: 'Lumera', url: 'https://forum.example.com/feed.xml' });
    expect(s).toMatchObject({ name: 'Forum', brand: 'Lumera', pollIntervalSeconds: 900 });
    expect(await auditTrail()).toEqual([['source.create', admin.id, `source:${s.id}`, null]]);
    expect(await refusal(createSource(deps, admin, { name: 'Forum', kind: 'rss', url: 'https://other.example/feed' }))).toEqual({
      code: 'CONFLICT',
      message: 'a source named “Forum” already exists',
    });
  });

  it('names the sources that already poll the same address, however it is written', async () => {
    const first = await createSource(deps, admin, { name: 'Forum', kind: 'rss', url: 'https://forum.example.com/feed.xml' });
    expect(first.alsoPolledBy).toEqual([]);
    const again = await createSource(deps, admin, { name: 'Forum (Lumera)', kind: 'rss', brand: 'Lumera', url: 'http://www.Forum.example.com/feed.xml/?utm_source=x' });
    expect(again.alsoPolledBy).toEqual([{ id: first.id, name: 'Forum' }]);
    expect((await createSource(deps, admin, { name: 'Other', kind: 'rss', url: 'https://forum.example.com/other.xml' })).alsoPolledBy).toEqual([]);
  });

  it('refuses a role without sources:write before reading anything, and bad input field by field', async () => {
    expect((await refusal(createSource(deps, viewer, { name: 'X', kind: 'rss', url: 'https://a.example/' }))).code).toBe('FORBIDDEN');
    const bad = await refusal(createSource(deps, admin, { name: '', kind: 'rss', url: 'ftp://a.example/', poll_interval_seconds: 5 } as never));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message).toMatch(/^name: .*; url: must be an http\(s\) URL; poll_interval_seconds: /);
    expect(await auditTrail()).toEqual([]);
  });

  it('updates, pauses and removes, each audited once with the fields it changed', async () => {
    const s = await createSource(deps, admin, { name: 'Forum', kind: 'rss', url: 'https://forum.example.com/feed.xml' });
    await updateSource(deps, admin, s.id, { is_paused: true, poll_interval_seconds: 3600 });
    expect(await getSource(deps.db, s.id)).toMatchObject({ isPaused: true, pollIntervalSeconds: 3600 });
    await removeSource(deps, admin, s.id);
    expect(await getSource(deps.db, s.id)).toBeNull();
    expect((await auditTrail()).slice(1)).toEqual([
      ['source.update', admin.id, `source:${s.id}`, { fields: ['is_paused', 'poll_interval_seconds'] }],
      ['source.delete', admin.id, `source:${s.id}`, null],
    ]);
    expect((await refusal(removeSource(deps, admin, s.id))).code).toBe('NOT_FOUND');
    expect((await refusal(updateSource(deps, admin, s.id, { name: 'Y' }))).code).toBe('NOT_FOUND');
  });

  it('does not poll a push source, and a test fetch of one says it is not polled', async () => {
    const push = await createSource(deps, admin, { name: 'Webhook', kind: 'push' });
    expect((await refusal(pollSourceNow(deps, admin, push.id))).code).toBe('BAD_REQUEST');
    expect(await testSource(deps, admin, { kind: 'push' })).toMatchObject({ ok: false, code: 'BAD_SETTINGS' });
    expect((await refusal(testSource(deps, viewer, { kind: 'rss', url: 'https://a.example/' }))).code).toBe('FORBIDDEN');
  });
});
