import type { BatchItem } from 'drizzle-orm/batch';
import { runBatch } from '../../../db/client.ts';
import { mentionsWithKeys, storedByKey, upsertMentionStatements, type MentionWrite } from '../../../db/queries/mentions.ts';
import { replaceAuthorHashesStatements } from '../../../db/queries/author-hashes.ts';
import { identifierHasher } from '../cases/identifiers.ts';
import { authorHashes, linkStatements, scanText } from '../cases/link-mentions.ts';
import { sha256Hex } from '../crypto.ts';
import type { Deps } from '../deps.ts';
import { authorKey } from './author-key.ts';
import { DUPLICATE_TITLE_WINDOW_MS, titleKey, urlKey } from './dedupe-keys.ts';
import type { IncomingMention } from './incoming-mention.ts';
import { publishedAtProblem } from './published-at.ts';

/**
 * A mention as every source delivers it, before analysis: a feed entry plus what social and review sources add.
 * Text is already plain.
 */
export interface StoreReport {
  new: number;
  updated: number;
  unchanged: number;
  /** New entries that are copies of a mention already stored (from any source): not stored again. */
  duplicates: number;
}

/**
 * What makes a stored mention out of date: its title and text and, for social and review sources, its reach,
 * engagement and rating, so a post that is taking off is kept current. (Feeds have none of those, and their
 * hashes stay as they always were.)
 */
function contentOf(m: IncomingMention): string {
  const text = `${m.title ?? ''}\u0000${m.text}`;
  const metrics = [m.authorReach, m.engagement, m.rating];
  return metrics.every((x) => x == null) ? text : `${text}\u0000${metrics.map((x) => x ?? '').join('\u0000')}`;
}

/**
 * Stores new and edited mentions of one source with their analyses. Unchanged entries (same key, same content)
 * are skipped before analysis, so re-polling a feed costs one lookup; so are new entries that copy a stored
 * mention of any source (same normalised URL, or same normalised title within a week), which are counted as
 * duplicates. Everything — the mentions, their suggested case links and the `alsoCommit` statements, such as the
 * source's poll state — is written in one batch: all of it lands or none does. Counts are of rows the batch
 * actually wrote. `ids` gives the stored id of every key delivered; a skipped copy's is the mention it copies.
 */
export async function storeMentions(
  deps: Pick<Deps, 'db' | 'clock' | 'analyseBatch' | 'metrics' | 'config'>,
  sourceId: number,
  incoming: IncomingMention[],
  alsoCommit: BatchItem<'sqlite'>[] = [],
): Promise<StoreReport & { ids: Map<string, number> }> {
  const now = deps.clock.now();
  // A feed's impossible date is not believed: such a mention counts as published when first seen. (Pushes refuse it.)
  incoming = incoming.map((m) => (m.publishedAt != null && publishedAtProblem(m.publishedAt, now) ? { ...m, publishedAt: null } : m));
  const stored = await storedByKey(
    deps.db,
    sourceId,
    incoming.map((m) => m.externalKey),
  );
  // The first copy of a key within one delivery wins.
  const keys = new Set<string>();
  const unique = incoming.filter((m) => !keys.has(m.externalKey) && keys.add(m.externalKey));
  const copies = await findCopies(
    deps,
    unique.filter((m) => !stored.has(m.externalKey)),
    now,
  );
  const changed: { m: IncomingMention; contentHash: string }[] = [];
  for (const m of unique) {
    if (copies.has(m.externalKey)) continue;
    const contentHash = sha256Hex(contentOf(m));
    if (stored.get(m.externalKey)?.contentHash !== contentHash) changed.push({ m, contentHash });
  }
  const analyses = changed.length ? await deps.analyseBatch(changed.map(({ m }) => m)) : [];
  const writes: MentionWrite[] = changed.map(({ m, contentHash }, i) => ({
    externalKey: m.externalKey,
    url: m.url,
    author: m.author,
    authorKey: authorKey(m.author),
    title: m.title,
    text: m.text,
    languageHint: m.languageHint,
    authorReach: m.authorReach ?? null,
    engagement: m.engagement ?? null,
    rating: m.rating ?? null,
    publishedAt: m.publishedAt ?? now,
    contentHash,
    urlKey: urlKey(m.url),
    titleKey: titleKey(m.title),
    analysis: analyses[i]!.row,
  }));
  // The author's keyed hashes are kept with the mention (with EARSHOT_SECRET_KEY), so a case imported later finds it.
  const hasher = writes.length ? await identifierHasher(deps.config.secretKey) : null;
  const hashes = hasher ? await Promise.all(writes.map((w) => authorHashes(hasher, w.author))) : null;
  const upsert = upsertMentionStatements(deps.db, sourceId, writes, now);
  const results = await runBatch(deps.db, [
    ...upsert.statements,
    ...(hashes
      ? replaceAuthorHashesStatements(
          deps.db,
          sourceId,
          writes.map((w, i) => ({ externalKey: w.externalKey, hashes: hashes[i]! })),
        )
      : []),
    // New and edited mentions are linked to collection cases (suggestions; see link-mentions.ts) in the same batch.
    ...(await linkStatements(
      deps,
      sourceId,
      writes.map((w, i) => ({ externalKey: w.externalKey, text: scanText(w.title, w.text), refs: analyses[i]!.refs, author: w.author, authorHashes: hashes?.[i] ?? null })),
    )),
    ...alsoCommit,
  ]);
  // A concurrent delivery of the same entries may have written them first: those are unchanged here.
  const written = upsert.written(results);
  const updated = [...written.keys()].filter((key) => stored.has(key)).length;
  const report = { new: written.size - updated, updated, unchanged: unique.length - written.size - copies.size, duplicates: copies.size };
  if (report.new) deps.metrics.inc('earshot_mentions_stored_total', 'Mentions stored', { kind: 'new' }, report.new);
  if (report.updated) deps.metrics.inc('earshot_mentions_stored_total', 'Mentions stored', { kind: 'updated' }, report.updated);
  if (report.duplicates) deps.metrics.inc('earshot_mentions_stored_total', 'Mentions stored', { kind: 'duplicate' }, report.duplicates);
  const ids = new Map([...stored].map(([key, m]) => [key, m.id]));
  for (const [key, id] of written) ids.set(key, id);
  // Unchanged because a concurrent delivery wrote them first: the only keys whose id is not known yet.
  const unknown = unique.flatMap((m) => (ids.has(m.externalKey) || copies.has(m.externalKey) ? [] : [m.externalKey]));
  for (const [key, m] of unknown.length ? await storedByKey(deps.db, sourceId, unknown) : []) ids.set(key, m.id);
  for (const [key, c] of copies) ids.set(key, 'id' in c ? c.id : ids.get(c.key)!);
  return { ...report, ids };
}

/** A copy points at a stored mention's id, or at the key of an earlier entry of the same delivery. */
type CopyOf = { id: number } | { key: string };

/** New entries that copy a stored mention or an earlier new entry of this delivery, by key. */
async function findCopies(deps: Pick<Deps, 'db'>, fresh: IncomingMention[], now: number): Promise<Map<string, CopyOf>> {
  const keyed = fresh.map((m) => ({ m, url: urlKey(m.url), title: titleKey(m.title), at: m.publishedAt ?? now }));
  const found = await mentionsWithKeys(
    deps.db,
    keyed.flatMap((k) => (k.url ? [k.url] : [])),
    keyed.flatMap((k) => (k.title ? [k.title] : [])),
  );
  const byUrl = new Map<string, CopyOf>();
  const byTitle = new Map<string, { at: number; of: CopyOf }[]>();
  const remember = (url: string | null, title: string | null, at: number, of: CopyOf) => {
    if (url && !byUrl.has(url)) byUrl.set(url, of);
    if (title) byTitle.set(title, [...(byTitle.get(title) ?? []), { at, of }]);
  };
  for (const f of found) remember(f.url_key, f.title_key, f.published_at, { id: f.id });
  const copies = new Map<string, CopyOf>();
  for (const k of keyed) {
    const of = (k.url ? byUrl.get(k.url) : undefined) ?? (k.title ? byTitle.get(k.title)?.find((t) => Math.abs(t.at - k.at) <= DUPLICATE_TITLE_WINDOW_MS)?.of : undefined);
    if (of) copies.set(k.m.externalKey, of);
    else remember(k.url, k.title, k.at, { key: k.m.externalKey });
  }
  return copies;
}
