import type { BatchItem } from 'drizzle-orm/batch';
import { getSourceByName, insertSource } from '../../../db/queries/sources.ts';
import { rememberSignatureStatements, signatureSeen } from '../../../db/queries/webhook-signatures.ts';
import type { Deps } from '../deps.ts';
import { conflict } from '../errors.ts';
import { SIGNATURE_TOLERANCE_S } from '../signature.ts';
import { entryKey } from './entry-key.ts';
import { publishedAtProblem } from './published-at.ts';
import { stripHtml } from './strip-html.ts';
import { storeMentions, type StoreReport } from './store-mentions.ts';
import type { IncomingMention } from './incoming-mention.ts';

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

export interface PushReport extends StoreReport {
  /** The stored id of every item, in the order given (duplicates resolve to the same id); null for a rejected one. */
  ids: (number | null)[];
  /** Items refused on their own, by position, and why; the others are stored. */
  rejected: { index: number; reason: string }[];
}

/**
 * Normalises pushed mentions like polled ones (HTML stripped, keys, dedupe, analysis) and stores them, with the
 * `alsoCommit` statements in the same batch. An item with an impossible publication date is rejected on its own.
 */
export async function pushMentions(deps: Deps, sourceId: number, items: PushedMention[], alsoCommit: BatchItem<'sqlite'>[] = []): Promise<PushReport> {
  const now = deps.clock.now();
  const incoming: IncomingMention[] = [];
  const rejected: PushReport['rejected'] = [];
  /** Each item's key, null when rejected. */
  const keys: (string | null)[] = [];
  for (const [index, item] of items.entries()) {
    const publishedAt = item.published_at ? Date.parse(item.published_at) : null;
    const problem = publishedAt === null ? null : publishedAtProblem(publishedAt, now);
    if (problem) {
      rejected.push({ index, reason: problem });
      keys.push(null);
      continue;
    }
    const m: IncomingMention = {
      externalKey: '',
      url: item.url ?? null,
      author: item.author ? stripHtml(item.author) || null : null,
      title: item.title ? stripHtml(item.title) || null : null,
      text: stripHtml(item.text),
      publishedAt,
      languageHint: item.language ?? null,
    };
    // Same identity rules as feeds: the caller's id, else the URL, else a hash of the content.
    m.externalKey = entryKey({ guid: item.external_id, url: m.url, title: m.title, text: m.text });
    incoming.push(m);
    keys.push(m.externalKey);
  }
  const { ids: idOf, ...report } = await storeMentions(deps, sourceId, incoming, alsoCommit);
  // A copy of a mention Earshot already has answers with that mention's id.
  const ids = keys.map((key) => (key === null ? null : idOf.get(key)!));
  return { ...report, ids, rejected };
}

/**
 * Pushes the mentions of a signed webhook (its signature already verified) once. The signature is remembered in
 * the batch that stores them, so a replay within the signature window, which could roll back a later edit, is
 * refused with a 409 and stores nothing.
 */
export async function pushSignedMentions(deps: Deps, sourceId: number, signature: string, items: PushedMention[]): Promise<PushReport> {
  const replayed = () => conflict('this signed push was already received; send a new delivery with a fresh signature');
  if (await signatureSeen(deps.db, sourceId, signature)) throw replayed();
  const now = deps.clock.now();
  // A signature verifies while its timestamp is within the tolerance of now, either side: for up to twice the
  // tolerance after it is first seen. Older ones are forgotten.
  const remember = rememberSignatureStatements(deps.db, { sourceId, signature, now, forgetBefore: now - 2 * SIGNATURE_TOLERANCE_S * 1000 });
  try {
    return await pushMentions(deps, sourceId, items, remember);
  } catch (err) {
    // The same push twice at once: the other batch remembered the signature first, and this one stored nothing.
    if (await signatureSeen(deps.db, sourceId, signature)) throw replayed();
    throw err;
  }
}
