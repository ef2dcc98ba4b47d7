import { describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { insertSource } from '../../../db/queries/sources.ts';
import { caseIdentifiers, cases, mentionCaseLinks } from '../../../db/schema/index.ts';
import type { IdentifierKind } from '../../../db/schema/constants.ts';
import { identifierHasher, normaliseIdentifier } from '../../../src/core/cases/identifiers.ts';
import { authorIdentifiers, linkMentions } from '../../../src/core/cases/link-mentions.ts';
import { storeMentions } from '../../../src/core/ingest/store-mentions.ts';
import type { IncomingMention } from '../../../src/core/ingest/incoming-mention.ts';
import { makeTestDeps, T0 } from '../../helpers/test-deps.ts';

const KEY = 'test-secret-key-for-lumera-identifiers-0123456789';

async function addCase(db: Db, ref: string, ids: { kind: IdentifierKind; value: string }[] = [], secret = KEY) {
  const [c] = await db
    .insert(cases)
    .values({ caseRef: ref, creditor: 'Telia', segment: 'unwilling', country: 'LV', openedAt: T0 - 90 * 86_400_000, status: 'open', rowHash: ref })
    .returning();
  const hasher = (await identifierHasher(secret))!;
  for (const i of ids) await db.insert(caseIdentifiers).values({ caseId: c!.id, kind: i.kind, hash: await hasher(i.kind, normaliseIdentifier(i.kind, i.value)!) });
  return c!.id;
}

const entry = (key: string, o: Partial<IncomingMention>): IncomingMention => ({
  externalKey: key,
  url: null,
  author: null,
  title: null,
  text: 'Lumera called me again today.',
  publishedAt: T0,
  languageHint: 'en',
  ...o,
});

async function setup(env: Record<string, string> = { EARSHOT_SECRET_KEY: KEY }) {
  const { deps } = await makeTestDeps(env);
  const source = (await insertSource(deps.db, { name: 'Forum', kind: 'push' })).id;
  const links = async () =>
    (await deps.db.select().from(mentionCaseLinks)).map((l) => ({ mentionId: l.mentionId, caseId: l.caseId, method: l.method, confidence: l.confidence, status: l.status }));
  return { deps, source, links };
}

describe('linking mentions to cases on ingest', () => {
  it('by case reference: the digits match a reference with a prefix ("LV-40512377") and one without', async () => {
    const { deps, source, links } = await setup();
    const prefixed = await addCase(deps.db, 'LV-40512377');
    const bare = await addCase(deps.db, '61448102');
    await addCase(deps.db, 'LV-140512377'); // more digits: no match
    await storeMentions(deps, source, [
      entry('a', { text: 'Lumera called me 9 times today about case 40512377. Terrible.' }),
      entry('b', { text: 'My case number 61448102 was handled by Lumera, they keep sending letters.' }),
      entry('c', { text: 'Lumera called me 9 times today. Terrible.' }),
    ]);
    const all = await links();
    expect(all).toHaveLength(2);
    expect(all).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ caseId: prefixed, method: 'case_ref', confidence: 0.9, status: 'suggested' }),
        expect.objectContaining({ caseId: bare, method: 'case_ref', confidence: 0.9, status: 'suggested' }),
      ]),
    );
  });

  it('by author handle, normalised (case and "@" do not matter)', async () => {
    const { deps, source, links } = await setup();
    const c = await addCase(deps.db, 'LV-40512377', [{ kind: 'handle', value: '@kim_v' }]);
    await storeMentions(deps, source, [entry('a', { author: '@Kim_V' }), entry('b', { author: 'someone_else' })]);
    expect(await links()).toEqual([expect.objectContaining({ caseId: c, method: 'identifier', confidence: 0.7, status: 'suggested' })]);
  });

  it('by an author that is an e-mail address', async () => {
    const { deps, source, links } = await setup();
    const c = await addCase(deps.db, 'EL-20001', [{ kind: 'email', value: 'kim.v@example.com' }]);
    await storeMentions(deps, source, [entry('a', { author: 'Kim.V@Example.com' })]);
    expect(await links()).toEqual([expect.objectContaining({ caseId: c, method: 'identifier', confidence: 0.7 })]);
    expect(authorIdentifiers('Kim.V@Example.com')).toEqual([{ kind: 'email', value: 'kim.v@example.com' }]);
    expect(authorIdentifiers('@Kim_V')).toEqual([{ kind: 'handle', value: 'kim_v' }]);
  });

  it('both methods on one case: one link, the more confident method', async () => {
    const { deps, source, links } = await setup();
    const c = await addCase(deps.db, 'LV-40512377', [{ kind: 'handle', value: 'kim_v' }]);
    await storeMentions(deps, source, [entry('a', { author: 'kim_v', text: 'Lumera called me 9 times today about case 40512377.' })]);
    expect(await links()).toEqual([expect.objectContaining({ caseId: c, method: 'case_ref', confidence: 0.9 })]);
  });

  it('without EARSHOT_SECRET_KEY: no identifier links, case references still link', async () => {
    const { deps, source, links } = await setup({});
    const c = await addCase(deps.db, 'LV-40512377', [{ kind: 'handle', value: 'kim_v' }]);
    await storeMentions(deps, source, [entry('a', { author: 'kim_v' }), entry('b', { text: 'Lumera called me 9 times today about case 40512377.' })]);
    expect(await links()).toEqual([expect.objectContaining({ caseId: c, method: 'case_ref' })]);
  });

  it('re-linking is idempotent and never overrides a confirmed link', async () => {
    const { deps, source, links } = await setup();
    await addCase(deps.db, 'LV-40512377', [{ kind: 'handle', value: 'kim_v' }]);
    await storeMentions(deps, source, [entry('a', { author: 'kim_v' })]);
    await deps.db.update(mentionCaseLinks).set({ status: 'confirmed', confirmedAt: T0 });
    const ids = (await deps.db.select().from(mentionCaseLinks)).map((l) => l.mentionId);
    expect(await linkMentions(deps, ids)).toEqual({ links: 0 });
    expect(await links()).toEqual([expect.objectContaining({ method: 'identifier', status: 'confirmed' })]);
  });
});
