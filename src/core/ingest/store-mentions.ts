import type { BatchItem } from 'drizzle-orm/batch';
import { runBatch } from '../../../db/client.ts';
import { mentionsWithKeys, storedByKey, upsertMentionStatements, type AnalysisWrite, type MentionWrite } from '../../../db/queries/mentions.ts';
import { authorHashStatements } from '../../../db/queries/links.ts';
import { identifierHasher } from '../cases/identifiers.ts';
import { authorHashes, citedRefs, linkLinkableMentions, scanText } from '../cases/link-mentions.ts';
import { sha256Hex } from '../crypto.ts';
import type { Deps } from '../deps.ts';
import type { Analyser } from '../nlp/types.ts';
import { DUPLICATE_TITLE_WINDOW_MS, titleKey, urlKey } from './dedupe-keys.ts';
import type { FeedEntry } from './parse-feed.ts';

/**
 * A mention as every source delivers it, before analysis: a feed entry plus what social and review sources add.
 * Text is already plain.
 */
export interface IncomingMention extends FeedEntry {
  authorReach?: number | null;
  engagement?: number | null;
  /** Stars 1–5. */
  rating?: number | null;
}

export interface StoreReport {
  new: number;
  updated: number;
  unchanged: number;
  /** New entries that are copies of a mention already stored (from any source): not stored again. */
  duplicates: number;
}

/** The text the analyser reads: the title (unless the body already starts with it) and the body. */
export function analysisText(title: string | null, text: string): string {
  if (!title || text.startsWith(title)) return text;
  return text ? `${title}\n\n${text}` : title;
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

export function analyseMention(analyser: Analyser, m: Pick<IncomingMention, 'title' | 'text' | 'languageHint'>): AnalysisWrite {
  const analysis = analyser.analyse({ text: analysisText(m.title, m.text), languageHint: m.languageHint });
  return { analyserVersion: analyser.version, ...analysis };
}

/**
 * Stores new and edited mentions of one source with their analyses. Unchanged entries (same key, same content)
 * are skipped before analysis, so re-polling a feed costs one lookup; so are new entries that copy a stored
 * mention of any source (same normalised URL, or same normalised title within a week), which are counted as
 * duplicates. Everything — and the `alsoCommit` statements, such as the source's poll state — is written in one
 * batch: all of it lands or none does. `duplicateOf` maps a skipped copy's key to the mention it copies.
 */
export async function storeMentions(
  deps: Pick<Deps, 'db' | 'clock' | 'analyser' | 'metrics' | 'config'>,
  sourceId: number,
  incoming: IncomingMention[],
  alsoCommit: BatchItem<'sqlite'>[] = [],
): Promise<StoreReport & { duplicateOf: Map<string, number> }> {
  const now = deps.clock.now();
  const stored = await storedByKey(deps.db, sourceId, incoming.map((m) => m.externalKey));
  // The first copy of a key within one delivery wins.
  const keys = new Set<string>();
  const unique = incoming.filter((m) => !keys.has(m.externalKey) && keys.add(m.externalKey));
  const copies = await findCopies(deps, unique.filter((m) => !stored.has(m.externalKey)), now);
  const writes: MentionWrite[] = [];
  let updated = 0;
  for (const m of unique) {
    if (copies.has(m.externalKey)) continue;
    const contentHash = await sha256Hex(contentOf(m));
    const previous = stored.get(m.externalKey)?.contentHash;
    if (previous === contentHash) continue;
    if (previous !== undefined) updated++;
    writes.push({
      externalKey: m.externalKey,
      url: m.url,
      author: m.author,
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
      analysis: analyseMention(deps.analyser, m),
    });
  }
  // The author's keyed hashes are kept with the mention (with EARSHOT_SECRET_KEY), so a case imported later finds it.
  const hasher = writes.length ? await identifierHasher(deps.config.secretKey) : null;
  const hashes = hasher ? await Promise.all(writes.map((w) => authorHashes(hasher, w.author))) : null;
  await runBatch(deps.db, [
    ...upsertMentionStatements(deps.db, sourceId, writes, now),
    ...(hashes ? authorHashStatements(deps.db, sourceId, writes.map((w, i) => ({ externalKey: w.externalKey, hashes: hashes[i]! }))) : []),
    ...alsoCommit,
  ]);
  // New and edited mentions are linked to collection cases (suggestions; see link-mentions.ts), from what this
  // batch already holds: only their ids are read back.
  if (writes.length) {
    const ids = await storedByKey(deps.db, sourceId, writes.map((w) => w.externalKey));
    await linkLinkableMentions(
      deps,
      writes.flatMap((w, i) => {
        const id = ids.get(w.externalKey)?.id;
        return id === undefined ? [] : [{ id, text: scanText(w.title, w.text), refs: citedRefs(w.analysis), author: w.author, authorHashes: hashes?.[i] ?? null }];
      }),
    );
  }
  const report = { new: writes.length - updated, updated, unchanged: unique.length - writes.length - copies.size, duplicates: copies.size };
  if (report.new) deps.metrics.inc('earshot_mentions_stored_total', 'Mentions stored', { kind: 'new' }, report.new);
  if (report.updated) deps.metrics.inc('earshot_mentions_stored_total', 'Mentions stored', { kind: 'updated' }, report.updated);
  if (report.duplicates) deps.metrics.inc('earshot_mentions_stored_total', 'Mentions stored', { kind: 'duplicate' }, report.duplicates);
  return { ...report, duplicateOf: await resolveCopies(deps, sourceId, copies) };
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
    const of =
      (k.url ? byUrl.get(k.url) : undefined) ??
      (k.title ? byTitle.get(k.title)?.find((t) => Math.abs(t.at - k.at) <= DUPLICATE_TITLE_WINDOW_MS)?.of : undefined);
    if (of) copies.set(k.m.externalKey, of);
    else remember(k.url, k.title, k.at, { key: k.m.externalKey });
  }
  return copies;
}

async function resolveCopies(deps: Pick<Deps, 'db'>, sourceId: number, copies: Map<string, CopyOf>): Promise<Map<string, number>> {
  const pending = [...copies.values()].flatMap((c) => ('key' in c ? [c.key] : []));
  const ids = pending.length ? await storedByKey(deps.db, sourceId, pending) : new Map<string, { id: number }>();
  return new Map([...copies].map(([key, c]) => [key, 'id' in c ? c.id : ids.get(c.key)!.id]));
}
