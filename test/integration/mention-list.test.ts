// The mention list finds its page in one of three ways (walk the date index, collect the search's matches, collect
// the analysis index's matches), chosen by how many mentions match; a walk that finds too few collects the rest. Whatever the way, the pages must be the same:
// every match, newest first, ties broken by id, no mention twice across pages.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Cursor, listMentions, type MentionFilters, type PlanLimits, searchWay } from '../../db/queries/mention-list.ts';
import { insertSource } from '../../db/queries/sources.ts';
import type { Deps } from '../../src/core/deps.ts';
import { storeMentions } from '../../src/core/ingest/store-mentions.ts';
import { makeTestDeps, T0 } from '../helpers/test-deps.ts';

const TEXTS = [
  'Lumera called me nine times today about the debt, even late at night',
  'Thank you Lumera, the agent was kind and we agreed on a payment plan',
  'Inkasso ringde igen sent på kvällen om skulden',
  'Perintätoimisto uhkasi oikeudella, vaikka maksoin jo',
  'Lumera reported record quarterly results today',
  'Piedziņas uzņēmums zvanīja manam darba devējam',
];
const PLANS: Record<string, PlanLimits | undefined> = {
  walk: { search: 'probe', analysis: -1, walk: Number.MAX_SAFE_INTEGER },
  // A walk that tests three candidates, then collects the rest of the page past them.
  walkThenCollect: { search: 'probe', analysis: -1, walk: 3 },
  // A window of candidates joined with the search's matches, all of them or three then the rest collected.
  join: { search: 'join', analysis: -1, walk: Number.MAX_SAFE_INTEGER },
  joinThenCollect: { search: 'join', analysis: -1, walk: 3 },
  collect: { search: 'collect', analysis: Number.MAX_SAFE_INTEGER },
  chosen: undefined,
};
const FILTERS: MentionFilters[] = [
  {},
  { language: 'en' },
  { sentiment: 'negative' },
  { language: 'en', sentiment: 'negative', relevant: true },
  { tactic: 'contact_time' },
  { q: 'Lumera' },
  { q: 'lumera today', sentiment: 'negative' },
  { q: 'skulden' },
  { q: 'nothing-matches-this' },
  { from: T0 - 50 * 60_000, to: T0 - 10 * 60_000, language: 'sv' },
];

/** Every page of the list, `size` at a time, following the cursors. */
async function allPages(deps: Deps, filters: MentionFilters, size: number, plan: PlanLimits | undefined) {
  const seen: { id: number; publishedAt: number }[] = [];
  let cursor: Cursor | null = null;
  for (let i = 0; i < 100; i++) {
    const page = await listMentions(deps.db, filters, { limit: size, cursor }, plan);
    seen.push(...page.items.map((m) => ({ id: m.id, publishedAt: m.publishedAt })));
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
  throw new Error('more pages than mentions');
}

describe('listMentions', () => {
  let deps: Deps;
  beforeAll(async () => {
    deps = (await makeTestDeps()).deps;
    const source = await insertSource(deps.db, { name: 'forum', kind: 'push' });
    // 120 mentions, a minute apart but three to a minute, so the tie on published_at is broken by id on every page.
    const incoming = Array.from({ length: 120 }, (_, i) => ({
      externalKey: `m${i}`,
      url: null,
      author: null,
      title: null,
      text: `${TEXTS[i % TEXTS.length]} (${i})`,
      publishedAt: T0 - Math.floor(i / 3) * 60_000,
      languageHint: null,
    }));
    await storeMentions(deps, source.id, incoming);
    // Stored later but published in between: ids out of time order, so a window's id range holds mentions outside it.
    const late = Array.from({ length: 30 }, (_, i) => ({
      externalKey: `late${i}`,
      url: null,
      author: null,
      title: null,
      text: `${TEXTS[(i * 5) % TEXTS.length]} (late ${i})`,
      publishedAt: T0 - i * 80_000 - 20_000,
      languageHint: null,
    }));
    await storeMentions(deps, source.id, late);
  });

  it('gives the same pages whichever way it finds them, newest first with ties by id', async () => {
    for (const filters of FILTERS) {
      const walked = await allPages(deps, filters, 7, PLANS.walk);
      expect(await allPages(deps, filters, 7, PLANS.collect), JSON.stringify(filters)).toEqual(walked);
      for (const plan of ['walkThenCollect', 'join', 'joinThenCollect', 'chosen'])
        expect(await allPages(deps, filters, 7, PLANS[plan]), `${plan} ${JSON.stringify(filters)}`).toEqual(walked);
      expect(new Set(walked.map((m) => m.id)).size).toBe(walked.length);
      const sorted = [...walked].sort((a, b) => b.publishedAt - a.publishedAt || b.id - a.id);
      expect(walked).toEqual(sorted);
    }
  });

  it('finds every match: the filters against the stored analysis, the search against its words', async () => {
    const everything = await listMentions(deps.db, {}, { limit: 500 });
    expect(everything.items).toHaveLength(150);
    for (const filters of FILTERS.filter((f) => f.q === undefined)) {
      const expected = everything.items.filter(
        (m) =>
          (!filters.language || m.language === filters.language) &&
          (!filters.sentiment || m.sentimentLabel === filters.sentiment) &&
          (filters.relevant === undefined || m.isRelevant === filters.relevant) &&
          (!filters.tactic || (m.tactics as string[]).includes(filters.tactic)) &&
          (filters.from === undefined || m.publishedAt >= filters.from) &&
          (filters.to === undefined || m.publishedAt <= filters.to),
      );
      expect(
        (await allPages(deps, filters, 7, PLANS.walk)).map((m) => m.id),
        JSON.stringify(filters),
      ).toEqual(expected.map((m) => m.id));
    }
    expect(await allPages(deps, { q: 'Lumera' }, 7, PLANS.walk)).toHaveLength(75);
    expect(await allPages(deps, { q: 'lumera today' }, 7, PLANS.collect)).toHaveLength(50);
    expect(await allPages(deps, { q: 'nothing-matches-this' }, 7, PLANS.collect)).toHaveLength(0);
    expect((await listMentions(deps.db, { q: '"-:' }, { limit: 10 })).items).toEqual([]);
  });
});

describe('searchWay', () => {
  it('collects a rare word, joins a window for a word in some, probes a word in most (a million mentions, pages of 51)', () => {
    expect(searchWay(0, 1_000_000, 51).way).toBe('collect');
    expect(searchWay(1_000, 1_000_000, 51).way).toBe('collect');
    const debt = searchWay(62_500, 1_000_000, 51);
    expect(debt.way).toBe('join');
    // Room for half as many candidates again as an even spread needs: 51 × 16 × 1.5.
    expect(debt.candidates).toBe(1_224);
    expect(searchWay(750_000, 1_000_000, 51).way).toBe('probe');
  });
});
