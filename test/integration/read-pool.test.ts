// The read threads answer exactly what the serving thread would, see what it has just written, and carry its
// errors back as the same errors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBenchData } from '../../db/queries/analytics.ts';
import { insertSource } from '../../db/queries/sources.ts';
import { AppError } from '../../src/core/errors.ts';
import { storeMentions } from '../../src/core/ingest/store-mentions.ts';
import { readsOn } from '../../src/core/reads.ts';
import { openLibsqlDb, migrateDb } from '../../src/runtime/db-libsql.ts';
import { readPool } from '../../src/runtime/read-pool.ts';
import { makeTestDeps, T0 } from '../helpers/test-deps.ts';

const DAY = 86_400_000;

describe('readPool', () => {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-reads-'));
  const url = `file:${join(dir, 'e.db')}`;
  let opened: Awaited<ReturnType<typeof openLibsqlDb>>;
  let pool: ReturnType<typeof readPool>;
  let deps: Awaited<ReturnType<typeof makeTestDeps>>['deps'];
  let sourceId: number;

  const mention = (i: number, text: string) => ({ externalKey: `m${i}`, url: null, author: null, title: null, text, publishedAt: T0 - i * 60_000, languageHint: null });

  beforeAll(async () => {
    opened = await openLibsqlDb(url);
    await migrateDb(opened.db);
    deps = { ...(await makeTestDeps()).deps, db: opened.db };
    sourceId = (await insertSource(deps.db, { name: 'forum', kind: 'push' })).id;
    await storeMentions(
      deps,
      sourceId,
      Array.from({ length: 30 }, (_, i) => mention(i, i % 2 ? 'Lumera called me nine times today, even late at night' : 'Thank you Lumera for the payment plan')),
    );
    // Cases, actions and linked mentions, so every analytics read has something to count.
    const generated = (await insertSource(deps.db, { name: 'generated', kind: 'push' })).id;
    await generateBenchData(deps.db, { cases: 40, actions: 600, mentions: 400, linkEvery: 2, start: T0 - 60 * DAY, days: 60, sourceId: generated });
    pool = readPool(url, opened.db, deps.log, 2);
    await pool.ready();
  });
  afterAll(async () => {
    await pool.close();
    opened.client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers as the serving thread would', async () => {
    const here = readsOn(opened.db);
    const filters = [{}, { sentiment: 'negative' as const }, { q: 'payment' }, { q: 'debt', language: 'en' as const }, { tactic: 'contact_time' as const }];
    for (const f of filters) {
      const page = await pool.reads.listMentions(f, { limit: 10 });
      expect(page.items.length).toBeGreaterThan(0);
      expect(page).toEqual(await here.listMentions(f, { limit: 10 }));
    }
    expect(await pool.reads.overviewStats(T0 - 86_400_000, T0 + 1)).toEqual(await here.overviewStats(T0 - 86_400_000, T0 + 1));
    const period = { from: T0 - 60 * DAY, to: T0, by: 'action_type' as const, windowDays: 14, links: 'any' as const };
    const tactics = await pool.reads.tacticsAnalytics({ ...period, sort: 'key' });
    expect(tactics.groups.some((g) => g.complaints > 0)).toBe(true);
    expect(tactics).toEqual(await here.tacticsAnalytics({ ...period, sort: 'key' }));
    expect(await pool.reads.topicsAnalytics(period)).toEqual(await here.topicsAnalytics(period));
    expect(await pool.reads.trendAnalytics({ ...period, bucketDays: 7 })).toEqual(await here.trendAnalytics({ ...period, bucketDays: 7 }));
    const change = { by: 'action_type' as const, key: 'sms', at: T0 - 30 * DAY, spanDays: 28, windowDays: 14, links: 'any' as const };
    expect(await pool.reads.changeAnalytics(change)).toEqual(await here.changeAnalytics(change));
    const clock = { group: { by: 'action_type' as const, key: 'sms' }, from: period.from, to: period.to, windowDays: 14, links: 'any' as const };
    const hours = await pool.reads.timeOfDayAnalytics(clock);
    expect(hours.complaints).toBeGreaterThan(0);
    expect(hours).toEqual(await here.timeOfDayAnalytics(clock));
  });

  it('sees a write of the serving thread at its next read, several at once', async () => {
    await storeMentions(deps, sourceId, [mention(100, 'A brand new mention about Lumera and a payment plan')]);
    const pages = await Promise.all(Array.from({ length: 6 }, () => pool.reads.listMentions({ q: 'brand new' }, { limit: 5 })));
    for (const page of pages) expect(page.items.map((m) => m.externalKey)).toEqual(['m100']);
  });

  it('carries an error back as the same kind of error', async () => {
    const tooMany = { from: T0 - 3650 * 86_400_000, to: T0, by: 'action_type' as const, windowDays: 14, links: 'any' as const, bucketDays: 1 };
    const here = await readsOn(opened.db)
      .trendAnalytics(tooMany)
      .then(
        () => null,
        (e: unknown) => e,
      );
    const there = await pool.reads.trendAnalytics(tooMany).then(
      () => null,
      (e: unknown) => e,
    );
    expect(here).toBeInstanceOf(AppError);
    expect(there).toBeInstanceOf(AppError);
    expect((there as AppError).code).toBe((here as AppError).code);
    expect((there as AppError).message).toBe((here as AppError).message);
  });
});

describe('readPool whose threads cannot start', () => {
  it('answers every read on the serving thread, and says so once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-reads-'));
    const url = `file:${join(dir, 'e.db')}`;
    const opened = await openLibsqlDb(url);
    await migrateDb(opened.db);
    const errors: string[] = [];
    const log = { debug() {}, info() {}, warn() {}, error: (msg: string) => void errors.push(msg) } as unknown as Parameters<typeof readPool>[2];
    const pool = readPool(url, opened.db, log, 2, new URL('./no-such-read-worker.mjs', import.meta.url));
    try {
      await pool.ready();
      const pages = await Promise.all([1, 2, 3].map(() => pool.reads.listMentions({}, { limit: 5 })));
      for (const page of pages) expect(page).toEqual({ items: [], nextCursor: null });
      expect(await pool.reads.listMentions({ q: 'anything' }, { limit: 5 })).toEqual({ items: [], nextCursor: null });
      expect(errors).toEqual(['read threads could not start; their work runs on the serving thread']);
    } finally {
      await pool.close();
      opened.client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
