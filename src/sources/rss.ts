// RSS 0.9x/1.0/2.0 and Atom feeds, read with conditional GET.
import { z } from 'zod';
import { parseFeed } from '../core/ingest/parse-feed.ts';
import type { SourceAdapter } from './types.ts';

export const rssAdapter: SourceAdapter<Record<string, never>> = {
  kind: 'rss',
  title: 'RSS or Atom feed',
  url: 'required',
  config: z.object({}).strict(),
  secrets: [],
  async poll({ url, state, fetch }) {
    const fetched = await fetch(url!, { etag: state.etag, lastModified: state.lastModified });
    if (fetched.status === 'not_modified') return { entries: [], skipped: [], state, notModified: true };
    const feed = await parseFeed(fetched.body);
    return {
      entries: feed.entries.map((e) => ({ ...e, languageHint: e.languageHint ?? feed.language })),
      skipped: feed.skipped,
      state: { etag: fetched.etag, lastModified: fetched.lastModified, cursor: null },
    };
  },
};
