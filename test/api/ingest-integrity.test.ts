// Ingest integrity (issue 14, items 12, 13, 14, 16, 17), over a real HTTP server on 127.0.0.1 and a real
// database with the committed migrations.
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cases, mentionCaseLinks, mentions, webhookSignatures } from '../../db/schema/index.ts';
import type { BadRow } from '../../src/core/ingest/import-rows.ts';
import { storeMentions } from '../../src/core/ingest/store-mentions.ts';
import { signatureHeader } from '../../src/core/signature.ts';
import { importMentionsFile } from '../../src/cli/import-file.ts';
import { errorCode, setupApi, type ApiHarness } from '../helpers/api.ts';
import { serveApp } from '../helpers/serve-app.ts';
import { T0 } from '../helpers/test-deps.ts';

const SECRET = 'a-shared-signing-secret-of-32-chars!';
const KEY = 'test-secret-key-for-sealing-credentials';
const METRICS_TOKEN = 'metrics-token-for-the-ingest-tests';
const DAY = 86_400_000;
const T = T0 / 1000;

let api: ApiHarness;
let server: Awaited<ReturnType<typeof serveApp>>;
let sourceId: number;

beforeEach(async () => {
  api = await setupApi({ EARSHOT_SECRET_KEY: KEY, EARSHOT_METRICS_TOKEN: METRICS_TOKEN });
  const res = await api.call('POST', '/api/sources', { body: { name: 'CRM webhook', kind: 'push', config: { signing_secret: SECRET } } });
  sourceId = ((await res.json()) as { id: number }).id;
  server = await serveApp(api.app);
});
afterEach(() => server.close());

/** A signed webhook push, as a sender sends it. */
const webhook = (body: string | Uint8Array<ArrayBuffer>, signature: string) =>
  fetch(`${server.base}/api/ingest/${sourceId}`, { method: 'POST', headers: { 'content-type': 'application/json', 'earshot-signature': signature }, body });
/** A push through the API with a token. */
const apiPush = (body: string | Uint8Array<ArrayBuffer>) =>
  fetch(`${server.base}/api/mentions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${api.tokens.admin}` }, body });
/** The signature a sender computes over the exact bytes it sends (node:crypto, independent of Earshot's code). */
const senderSignature = (bytes: Uint8Array, t = T) => `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.`).update(bytes).digest('hex')}`;
const storedTexts = async () => (await api.deps.db.select({ text: mentions.text }).from(mentions)).map((m) => m.text);
const message = async (res: Response) => ((await res.clone().json()) as { error: { message: string } }).error.message;

type PushAnswer = { ids: (number | null)[]; new: number; updated: number; unchanged: number; duplicates: number; rejected: { index: number; reason: string }[] };

describe('12: a signed push is applied once', () => {
  it('a replay within the window is refused with 409 and does not roll back a later edit', async () => {
    const v1 = JSON.stringify([{ external_id: 'crm-1', text: 'Lumera called me twice about the invoice.' }]);
    const v2 = JSON.stringify([{ external_id: 'crm-1', text: 'Lumera called me twice about the invoice. Edit: they apologised.' }]);
    const first = await webhook(v1, await signatureHeader(SECRET, v1, T));
    expect(first.status).toBe(201);
    api.clock.advance(60_000);
    const edit = await webhook(v2, await signatureHeader(SECRET, v2, T + 60));
    expect(await edit.json()).toMatchObject({ new: 0, updated: 1 });

    api.clock.advance(60_000);
    const replay = await webhook(v1, await signatureHeader(SECRET, v1, T));
    expect(replay.status).toBe(409);
    expect(await message(replay)).toMatch(/already received/);
    expect(await errorCode(replay)).toBe('CONFLICT');
    expect(await storedTexts()).toEqual(['Lumera called me twice about the invoice. Edit: they apologised.']);
  });

  it('the same push sent twice at once is applied once; signatures are forgotten once they can no longer verify', async () => {
    const body = JSON.stringify([{ external_id: 'crm-2', text: 'Lumera sopi maksusuunnitelmasta nopeasti.' }]);
    const signature = await signatureHeader(SECRET, body, T);
    const statuses = (await Promise.all([webhook(body, signature), webhook(body, signature)])).map((r) => r.status);
    expect(statuses.sort()).toEqual([201, 409]);
    expect(await api.deps.db.select().from(webhookSignatures)).toHaveLength(1);

    api.clock.advance(11 * 60_000);
    const later = JSON.stringify([{ external_id: 'crm-3', text: 'Lumera skickade en påminnelse.' }]);
    expect((await webhook(later, await signatureHeader(SECRET, later, T + 660))).status).toBe(201);
    const kept = await api.deps.db.select().from(webhookSignatures);
    expect(kept.map((s) => s.seenAt)).toEqual([T0 + 11 * 60_000]);
  });
});

describe('13: signatures cover the bytes sent, and bodies must be UTF-8', () => {
  // Two bodies that differ only in a byte that is not UTF-8: decoded leniently, both read as U+FFFD.
  const withByte = (b: number) => new Uint8Array([...new TextEncoder().encode('[{"text":"Lumera '), b, ...new TextEncoder().encode('"}]')]);

  it('a correctly signed body that is not UTF-8 is a 400, and nothing is stored', async () => {
    const res = await webhook(withByte(0xff), senderSignature(withByte(0xff)));
    expect(res.status).toBe(400);
    expect(await message(res)).toBe('the body is not valid UTF-8');
    expect(await storedTexts()).toEqual([]);
  });

  it('a signature over the decoded text verifies neither byte string', async () => {
    const overDecodedText = await signatureHeader(SECRET, new TextDecoder().decode(withByte(0xff)), T);
    for (const body of [withByte(0xff), withByte(0xfe)]) {
      const res = await webhook(body, overDecodedText);
      expect(res.status).toBe(401);
      expect(await message(res)).toMatch(/does not match/);
    }
    expect(await storedTexts()).toEqual([]);
  });

  it('UTF-8 text signed over its bytes is stored as sent', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify([{ external_id: 'lv-1', text: 'Lumera piedāvāja maksājumu grafiku — paldies.' }]));
    expect((await webhook(bytes, senderSignature(bytes))).status).toBe(201);
    expect(await storedTexts()).toEqual(['Lumera piedāvāja maksājumu grafiku — paldies.']);
  });

  it('POST /api/mentions answers the same 400 for a body that is not UTF-8', async () => {
    const res = await apiPush(withByte(0xff));
    expect(res.status).toBe(400);
    expect(await message(res)).toBe('the body is not valid UTF-8');
    expect(await errorCode(res)).toBe('BAD_REQUEST');
    expect(await storedTexts()).toEqual([]);
  });
});

describe('14: published_at between 1990 and a day from now', () => {
  const items = [
    { external_id: 'far-future', text: 'Lumera will call me forever.', published_at: '9999-12-31T00:00:00Z' },
    { external_id: 'ok', text: 'Lumera called me today.', published_at: '2026-11-20T08:00:00Z' },
    { external_id: 'too-old', text: 'Lumera called in the eighties.', published_at: '1989-12-31T23:59:59Z' },
    { external_id: 'first-day', text: 'Lumera called on new year.', published_at: '1990-01-01T00:00:00Z' },
    { external_id: 'tomorrow', text: 'Lumera, written in a time zone ahead.', published_at: new Date(T0 + DAY).toISOString() },
    { external_id: 'day-after', text: 'Lumera, two days ahead.', published_at: new Date(T0 + DAY + 1000).toISOString() },
  ];
  const reason = 'published_at: must be between 1990-01-01 and one day from now';

  it('an API push keeps the other items and names each refused one', async () => {
    const res = await apiPush(JSON.stringify(items));
    expect(res.status).toBe(201);
    const r = (await res.json()) as PushAnswer;
    expect(r).toMatchObject({
      new: 3,
      rejected: [
        { index: 0, reason },
        { index: 2, reason },
        { index: 5, reason },
      ],
    });
    expect(r.ids.map((id) => id === null)).toEqual([true, false, true, false, false, true]);
    expect((await storedTexts()).sort()).toEqual(['Lumera called me today.', 'Lumera called on new year.', 'Lumera, written in a time zone ahead.']);
  });

  it('a signed push does the same', async () => {
    const body = JSON.stringify(items.slice(0, 2));
    const r = (await (await webhook(body, await signatureHeader(SECRET, body, T))).json()) as PushAnswer;
    expect(r).toMatchObject({ new: 1, rejected: [{ index: 0, reason }] });
  });

  it('an imported file reports the refused rows by line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-dates-'));
    try {
      const path = join(dir, 'mentions.csv');
      writeFileSync(path, ['external_id,text,published_at', 'a,Lumera called.,2026-11-19T10:00:00Z', 'b,Lumera wrote.,9999-12-31', 'c,Lumera again.,1970-01-01'].join('\n'));
      const bad: BadRow[] = [];
      const summary = await importMentionsFile(api.deps, { path, source: 'Dated import' }, { onBadRow: (b) => bad.push(b) });
      expect(summary).toMatchObject({ read: 3, new: 1, skipped: 2 });
      expect(bad).toEqual([
        { line: 3, reason },
        { line: 4, reason },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a polled feed's impossible date is not believed: the mention counts as published when first seen", async () => {
    const feed = await api.call('POST', '/api/sources', { body: { name: 'Feed', kind: 'rss', url: 'https://example.com/feed.xml' } });
    const feedId = ((await feed.json()) as { id: number }).id;
    const entry = { externalKey: 'g1', url: null, author: null, title: null, text: 'Lumera from the future.', languageHint: 'en', publishedAt: Date.parse('9999-12-31T00:00:00Z') };
    expect(await storeMentions(api.deps, feedId, [entry])).toMatchObject({ new: 1 });
    const [stored] = await api.deps.db.select({ publishedAt: mentions.publishedAt }).from(mentions);
    expect(stored!.publishedAt).toBe(T0);
  });
});

describe('16: counts are of rows actually written', () => {
  it('eight identical pushes at once store 300 mentions and answer 300 new between them', async () => {
    const body = JSON.stringify(Array.from({ length: 300 }, (_, i) => ({ external_id: `bulk-${i}`, text: `Lumera reminder number ${i} arrived by SMS.` })));
    const answers = (await Promise.all(Array.from({ length: 8 }, () => apiPush(body)))).map(async (r) => {
      expect(r.status).toBe(201);
      return (await r.json()) as PushAnswer;
    });
    const results = await Promise.all(answers);
    expect(results.reduce((n, r) => n + r.new, 0)).toBe(300);
    for (const r of results) expect(r.new + r.updated + r.unchanged).toBe(300);
    const [count] = await api.deps.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM mentions`);
    expect(Number(count!.n)).toBe(300);
    const metrics = await (await fetch(`${server.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(metrics).toContain('earshot_mentions_stored_total{kind="new"} 300\n');
  });
});

describe('17: mentions are linked to cases in the batch that stores them', () => {
  it('a failure after the mentions are written stores nothing, so the retry stores and links them', async () => {
    const [c] = await api.deps.db
      .insert(cases)
      .values({ caseRef: 'LV-40512377', creditor: 'Telia', segment: 'unwilling', country: 'LV', openedAt: T0 - 90 * DAY, status: 'open', rowHash: 'x' })
      .returning();
    const body = JSON.stringify([{ external_id: 'ref-1', text: 'Lumera keeps calling me about case no. 40512377 every evening.' }]);
    // The link write fails, as a crash at that point would.
    await api.deps.db.run(sql`CREATE TRIGGER fail_links BEFORE INSERT ON mention_case_links BEGIN SELECT RAISE(ABORT, 'link write failed'); END`);
    expect((await apiPush(body)).status).toBe(500);
    expect(await storedTexts()).toEqual([]);

    await api.deps.db.run(sql`DROP TRIGGER fail_links`);
    const retry = (await (await apiPush(body)).json()) as PushAnswer;
    expect(retry).toMatchObject({ new: 1 });
    const links = await api.deps.db.select().from(mentionCaseLinks);
    expect(links).toEqual([expect.objectContaining({ mentionId: retry.ids[0], caseId: c!.id, method: 'case_ref', status: 'suggested' })]);
  });
});
