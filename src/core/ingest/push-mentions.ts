import { storedByKey } from '../../../db/queries/mentions.ts';
import { getSourceByName, insertSource } from '../../../db/queries/sources.ts';
import type { Deps } from '../deps.ts';
import { entryKey } from './entry-key.ts';
import { stripHtml } from './strip-html.ts';
import { storeMentions, type IncomingMention, type StoreReport } from './store-mentions.ts';

/** A mention pushed through the API (already validated at the route). */
export interface PushedMention {
  text: string;
  title?: string | null;
  url?: string | null;
  author?: string | null;
  published_at?: string | null;
  external_id?: string | null;
  language?: string | null;
}

/** Pushed mentions without an explicit source land in this one. */
export const API_SOURCE_NAME = 'API';

export async function apiSourceId(deps: Pick<Deps, 'db'>): Promise<number> {
  const existing = await getSourceByName(deps.db, API_SOURCE_NAME);
  if (existing) return existing.id;
  try {
    return (await insertSource(deps.db, { name: API_SOURCE_NAME, kind: 'push' })).id;
  } catch {
    // Two first pushes raced to create it: the other one won.
    return (await getSourceByName(deps.db, API_SOURCE_NAME))!.id;
  }
}

/**
 * Normalises pushed mentions like polled ones (HTML stripped, keys, dedupe, analysis) and stores them.
 * Returns the stored id of every item, in the order given (duplicates resolve to the same id).
 */
export async function pushMentions(
  deps: Deps,
  sourceId: number,
  items: PushedMention[],
): Promise<StoreReport & { ids: number[] }> {
  const incoming: IncomingMention[] = [];
  for (const item of items) {
    const m: IncomingMention = {
      externalKey: '',
      url: item.url ?? null,
      author: item.author ? stripHtml(item.author) || null : null,
      title: item.title ? stripHtml(item.title) || null : null,
      text: stripHtml(item.text),
      publishedAt: item.published_at ? Date.parse(item.published_at) : null,
      languageHint: item.language ?? null,
    };
    // Same identity rules as feeds: the caller's id, else the URL, else a hash of the content.
    m.externalKey = await entryKey({ guid: item.external_id, url: m.url, title: m.title, text: m.text });
    incoming.push(m);
  }
  const { duplicateOf, ...report } = await storeMentions(deps, sourceId, incoming);
  const stored = await storedByKey(deps.db, sourceId, incoming.map((m) => m.externalKey));
  // A copy of a mention Earshot already has answers with that mention's id.
  return { ...report, ids: incoming.map((m) => stored.get(m.externalKey)?.id ?? duplicateOf.get(m.externalKey)!) };
}
