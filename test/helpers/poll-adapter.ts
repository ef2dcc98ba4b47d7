import { parseConfig } from '../../src/core/config.ts';
import { fetchFeed } from '../../src/core/ingest/fetch-feed.ts';
import { guardedFetch } from '../../src/runtime/guarded-fetch.ts';
import type { PollResult, PollState, SourceAdapter } from '../../src/sources/types.ts';
import { T0 } from './test-deps.ts';

const config = parseConfig({ EARSHOT_FETCH_TIMEOUT_MS: '2000', EARSHOT_FETCH_ALLOW: '127.0.0.1' });
if (!config.ok) throw new Error(config.errors.join('; '));
const fetchConfig = config.config.fetch;
const realFetch = guardedFetch(fetchConfig.allow);

/**
 * One poll of an adapter with the real fetch path (limits, redirects, guarded fetch allowing 127.0.0.1),
 * as pollSource runs it. The config is checked with the adapter's own schema first, as pollSource does.
 */
export async function pollAdapter<C>(
  adapter: SourceAdapter<C>,
  o: { url?: string | null; config: unknown; state?: Partial<PollState>; now?: number; maxPages?: number },
): Promise<PollResult> {
  const now = o.now ?? T0;
  return adapter.poll({
    url: o.url ?? null,
    config: adapter.config.parse(o.config),
    state: { etag: null, lastModified: null, cursor: null, ...o.state },
    fetch: (url, options) => fetchFeed(realFetch, url, { ...fetchConfig, ...options, now }),
    now,
    maxPages: o.maxPages ?? 5,
  });
}
