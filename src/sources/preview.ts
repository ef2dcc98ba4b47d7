// "Test this source": fetch once with the settings as entered, and show what would be stored and how it reads,
// without storing anything or touching any source's state.
import type { SourceKind } from '../../db/schema/constants.ts';
import type { Deps } from '../core/deps.ts';
import { fetchFeed } from '../core/ingest/fetch-feed.ts';
import { SourceFetchError } from '../core/ingest/fetch-errors.ts';
import { analyseMention } from '../core/ingest/analyse-mentions.ts';
import { adapterFor } from './registry.ts';

/** Enough to judge a source by; the rest would be stored by a real poll. */
const PREVIEW_ITEMS = 10;

export type Preview =
  | {
      ok: true;
      total: number;
      skipped: number;
      items: {
        title: string | null;
        text: string;
        url: string | null;
        author: string | null;
        published_at: string | null;
        language: string;
        relevant: boolean;
        sentiment: string;
        tactics: string[];
      }[];
    }
  | { ok: false; code: string; error: string };

export async function previewSource(deps: Deps, kind: SourceKind, url: string | null, config: Record<string, unknown>): Promise<Preview> {
  const adapter = adapterFor(kind);
  if (!adapter) return { ok: false, code: 'BAD_SETTINGS', error: `A ${kind} source cannot be tested: it is not polled` };
  const parsed = adapter.config.safeParse(config);
  if (!parsed.success) {
    return { ok: false, code: 'BAD_SETTINGS', error: parsed.error.issues.map((i) => `config${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`).join('; ') };
  }
  const now = deps.clock.now();
  try {
    const result = await adapter.poll({
      url,
      config: parsed.data,
      state: { etag: null, lastModified: null, cursor: null },
      fetch: (u, options) => fetchFeed(deps.fetch, u, { ...deps.config.fetch, ...options, now }),
      now,
      maxPages: 1,
    });
    return {
      ok: true,
      total: result.entries.length,
      skipped: result.skipped.length,
      items: result.entries.slice(0, PREVIEW_ITEMS).map((e) => {
        const a = analyseMention(deps.analyser, e);
        return {
          title: e.title,
          text: e.text.length > 500 ? `${e.text.slice(0, 499)}…` : e.text,
          url: e.url,
          author: e.author,
          published_at: e.publishedAt === null ? null : new Date(e.publishedAt).toISOString(),
          language: a.language,
          relevant: a.relevant,
          sentiment: a.sentiment.label,
          tactics: a.tactics,
        };
      }),
    };
  } catch (err) {
    if (err instanceof SourceFetchError) return { ok: false, code: err.code, error: err.message };
    deps.log.error('source preview crashed', { kind, error: err instanceof Error ? err.message : String(err) });
    return { ok: false, code: 'INTERNAL_ERROR', error: 'Unexpected error while testing this source' };
  }
}
