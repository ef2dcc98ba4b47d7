// The digest's quoted mentions: a few of the week's relevant negative mentions, two per source at most, masked.
import { quotableMentions, type Range } from '../../../db/queries/digest.ts';
import { stringList } from '../../../db/schema/json-lists.ts';
import type { Deps } from '../deps.ts';
import { maskIdentifiers, shorten } from './digest-text.ts';
import { STRINGS, type DigestLanguage } from './strings.ts';

export const MAX_QUOTES = 5;
/** At most this many quoted mentions from one source, so one busy source does not fill the section. */
const PER_SOURCE = 2;
export const EXCERPT_CHARS = 200;
const TITLE_CHARS = 120;

export interface QuotedMention {
  id: number;
  sourceName: string;
  publishedAt: number;
  /** Masked and shortened; null when there is none or it only repeats the text. */
  title: string | null;
  /** Masked (case references, e-mail addresses, phone numbers) and shortened to about EXCERPT_CHARS. */
  excerpt: string;
  authorReach: number | null;
  engagement: number | null;
  sentimentScore: number;
  url: string | null;
}

export async function mentionsSection(db: Deps['db'], range: Range, base: string | null, language: DigestLanguage): Promise<QuotedMention[] | undefined> {
  const rows = await quotableMentions(db, range, MAX_QUOTES * 4);
  const perSource = new Map<number, number>();
  const picked: QuotedMention[] = [];
  const tokens = STRINGS[language].mask;
  for (const m of rows) {
    if (picked.length >= MAX_QUOTES) break;
    const n = perSource.get(m.source_id) ?? 0;
    if (n >= PER_SOURCE) continue;
    perSource.set(m.source_id, n + 1);
    const refs = stringList(m.case_refs);
    const text = maskIdentifiers(m.text, refs, tokens);
    const rawTitle = m.title ? maskIdentifiers(m.title, refs, tokens).replace(/\s+/g, ' ').trim() : '';
    const flatText = text.replace(/\s+/g, ' ').trim();
    picked.push({
      id: m.id,
      sourceName: m.source_name,
      publishedAt: m.published_at,
      title: rawTitle && !flatText.startsWith(rawTitle.replace(/…$/, '')) ? shorten(rawTitle, TITLE_CHARS) : null,
      excerpt: shorten(text, EXCERPT_CHARS),
      authorReach: m.author_reach,
      engagement: m.engagement,
      sentimentScore: m.sentiment_score,
      url: base ? `${base}/mentions/${m.id}` : null,
    });
  }
  return picked.length ? picked : undefined;
}
