import type { BatchItem } from 'drizzle-orm/batch';
import { runBatch } from '../../../db/client.ts';
import { storedByKey, upsertMentionStatements, type AnalysisWrite, type MentionWrite } from '../../../db/queries/mentions.ts';
import { sha256Hex } from '../crypto.ts';
import type { Deps } from '../deps.ts';
import type { Analyser } from '../nlp/types.ts';
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
 * are skipped before analysis, so re-polling a feed costs one lookup. Everything — and the `alsoCommit`
 * statements, such as the source's poll state — is written in one batch: all of it lands or none does.
 */
export async function storeMentions(
  deps: Pick<Deps, 'db' | 'clock' | 'analyser' | 'metrics'>,
  sourceId: number,
  incoming: IncomingMention[],
  alsoCommit: BatchItem<'sqlite'>[] = [],
): Promise<StoreReport> {
  const now = deps.clock.now();
  const stored = await storedByKey(deps.db, sourceId, incoming.map((m) => m.externalKey));
  const writes: MentionWrite[] = [];
  const seen = new Set<string>();
  let updated = 0;
  for (const m of incoming) {
    if (seen.has(m.externalKey)) continue; // the first copy within one delivery wins
    seen.add(m.externalKey);
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
      analysis: analyseMention(deps.analyser, m),
    });
  }
  await runBatch(deps.db, [...upsertMentionStatements(deps.db, sourceId, writes, now), ...alsoCommit]);
  const report = { new: writes.length - updated, updated, unchanged: seen.size - writes.length };
  if (report.new) deps.metrics.inc('earshot_mentions_stored_total', 'Mentions stored', { kind: 'new' }, report.new);
  if (report.updated) deps.metrics.inc('earshot_mentions_stored_total', 'Mentions stored', { kind: 'updated' }, report.updated);
  return report;
}
