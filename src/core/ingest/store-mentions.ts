import type { BatchItem } from 'drizzle-orm/batch';
import { runBatch } from '../../../db/client.ts';
import { mentionsWithKeys, storedByKey, upsertMentionStatements, type AnalysisWrite, type MentionWrite } from '../../../db/queries/mentions.ts';
import { replaceAuthorHashesStatements } from '../../../db/queries/author-hashes.ts';
import { identifierHasher } from '../cases/identifiers.ts';
import { authorHashes, citedRefs, linkStatements, scanText } from '../cases/link-mentions.ts';
import { sha256HexSync } from '../crypto.ts';
import type { Deps } from '../deps.ts';
import type { Analyser } from '../nlp/types.ts';
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
 * duplicates. Everything — the mentions, their suggested case links and the `alsoCommit` statements, such as the
 * source's poll state — is written in one batch: all of it lands or none does. Counts are of rows the batch
 * actually wrote. `duplicateOf` maps a skipped copy's key to the mention it copies.
 */
export async function storeMentions(
  deps: Pick<Deps, 'db' | 'clock' | 'analyser' | 'metrics' | 'config'>,
  sourceId: number,
  incoming: IncomingMention[],
  alsoCommit: BatchItem<'sqlite'>[] = [],
): Promise<StoreReport & { duplicateOf: Map<string, number> }> {
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
  const writes: MentionWrite[] = [];
  for (const m of unique) {
    if (copies.has(m.externalKey)) continue;
    const contentHash = sha256HexSync(contentOf(m));
    if (stored.get(m.externalKey)?.contentHash === contentHash) continue;
    writes.push({
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
      analysis: analyseMention(deps.analyser, m),
    });
  }
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
      writes.map((w, i) => ({ externalKey: w.externalKey, text: scanText(w.title, w.text), refs: citedRefs(w.analysis), author: w.author, authorHashes: hashes?.[i] ?? null })),
    )),
    ...alsoCommit,
  ]);
  // A concurrent delivery of the same entries may have written them first: those are unchanged here.
  const written = upsert.written(results);
  const updated = [...written].filter((key) => stored.has(key)).length;
  const report = { new: written.size - updated, updated, unchanged: unique.length - written.size - copies.size, duplicates: copies.size };
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
    const of = (k.url ? byUrl.get(k.url) : undefined) ?? (k.title ? byTitle.get(k.title)?.find((t) => Math.abs(t.at - k.at) <= DUPLICATE_TITLE_WINDOW_MS)?.of : undefined);
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
