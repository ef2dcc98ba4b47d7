import { beforeEach, describe, expect, it } from 'vitest';
import { insertSource } from '../../db/queries/sources.ts';
import { pushMentions } from '../../src/core/ingest/push-mentions.ts';
import { storeMentions } from '../../src/core/ingest/store-mentions.ts';
import type { IncomingMention } from '../../src/core/ingest/incoming-mention.ts';
import { makeTestDeps, T0 } from '../helpers/test-deps.ts';

const DAY = 86_400_000;
const entry = (key: string, o: Partial<IncomingMention>): IncomingMention => ({
  externalKey: key,
  url: null,
  author: null,
  title: null,
  text: 'Lumera in the news again.',
  publishedAt: T0,
  languageHint: 'en',
  ...o,
});

let deps: Awaited<ReturnType<typeof makeTestDeps>>['deps'];
let clock: Awaited<ReturnType<typeof makeTestDeps>>['clock'];
let news: number;
let aggregator: number;
beforeEach(async () => {
  ({ deps, clock } = await makeTestDeps());
  news = (await insertSource(deps.db, { name: 'Publisher', kind: 'rss', url: 'https://news.example/feed' })).id;
  aggregator = (await insertSource(deps.db, { name: 'Aggregator', kind: 'rss', url: 'https://agg.example/feed' })).id;
});

const count = async () => (await deps.db.query.mentions.findMany()).length;

describe('copies across and within sources', () => {
  it('the same article under a tracking-tagged URL is stored once', async () => {
    await storeMentions(deps, news, [entry('guid:1', { url: 'https://news.example/lumera-fined' })]);
    const r = await storeMentions(deps, aggregator, [entry('guid:a', { url: 'https://www.news.example/lumera-fined/?utm_source=agg#top' })]);
    expect(r).toMatchObject({ new: 0, duplicates: 1 });
    expect(await count()).toBe(1);
  });

  it('the same headline from another URL within a week is a copy; a week later it is news again', async () => {
    const title = 'Regulator fines Lumera over night-time calls';
    await storeMentions(deps, news, [entry('guid:1', { url: 'https://news.example/1', title })]);
    expect(await storeMentions(deps, aggregator, [entry('guid:a', { url: 'https://agg.example/x', title: `${title}!`, publishedAt: T0 + 2 * DAY })])).toMatchObject({
      duplicates: 1,
    });
    clock.set(T0 + 10 * DAY); // a date more than a day ahead would not be believed
    expect(await storeMentions(deps, aggregator, [entry('guid:b', { url: 'https://agg.example/y', title, publishedAt: T0 + 10 * DAY })])).toMatchObject({ new: 1, duplicates: 0 });
    expect(await count()).toBe(2);
  });

  it('short, common titles never make two mentions one', async () => {
    await storeMentions(deps, news, [entry('r:1', { title: 'Terrible service', text: 'They called five times.' })]);
    expect(await storeMentions(deps, aggregator, [entry('r:2', { title: 'Terrible service', text: 'Letters every week.' })])).toMatchObject({ new: 1 });
  });

  it('a feed that changes GUIDs does not duplicate its entries; the same key still updates in place', async () => {
    await storeMentions(deps, news, [entry('guid:1', { url: 'https://news.example/a' })]);
    expect(await storeMentions(deps, news, [entry('guid:1-new', { url: 'https://news.example/a' })])).toMatchObject({ new: 0, duplicates: 1 });
    expect(await storeMentions(deps, news, [entry('guid:1', { url: 'https://news.example/a', text: 'Edited: Lumera responds.' })])).toMatchObject({ updated: 1, duplicates: 0 });
    expect(await count()).toBe(1);
  });

  it('copies within one delivery: the first wins', async () => {
    const r = await storeMentions(deps, aggregator, [entry('guid:a', { url: 'https://news.example/z?utm_medium=rss' }), entry('guid:b', { url: 'https://news.example/z' })]);
    expect(r).toMatchObject({ new: 1, duplicates: 1 });
  });

  it('a pushed copy answers with the id of the mention it copies', async () => {
    await storeMentions(deps, news, [entry('guid:1', { url: 'https://news.example/lumera-fined' })]);
    const [original] = await deps.db.query.mentions.findMany();
    const pushed = await pushMentions(deps, aggregator, [
      { text: 'Same story', url: 'https://news.example/lumera-fined?utm_campaign=x' },
      { text: 'A new one', url: 'https://news.example/other' },
      { text: 'Again, same batch', url: 'https://news.example/other#more' },
    ]);
    expect(pushed.ids[0]).toBe(original!.id);
    expect(pushed.ids[2]).toBe(pushed.ids[1]);
    expect(pushed).toMatchObject({ new: 1, duplicates: 2 });
  });
});
