import { pollSucceededStatement, recordPollFailure } from '../../../db/queries/sources.ts';
import type { Source } from '../../../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import { fetchFeed } from './fetch-feed.ts';
import { SourceFetchError } from './fetch-errors.ts';
import { parseFeed } from './parse-feed.ts';
import { nextPollAfterFailure, nextPollAfterSuccess } from './schedule.ts';
import { storeMentions, type StoreReport } from './store-mentions.ts';

export type PollOutcome =
  | ({ outcome: 'ok'; skipped: number } & StoreReport)
  | { outcome: 'not_modified' }
  | { outcome: 'failed'; code: string; error: string };

/**
 * Polls one feed source: conditional GET, parse, store new and edited entries, and move its schedule.
 * Failures are recorded on the source (error count, last error, back-off) and returned, never thrown,
 * so one broken source cannot stop the others.
 */
export async function pollSource(deps: Deps, source: Source): Promise<PollOutcome> {
  const started = deps.clock.now();
  const fields = { source_id: source.id };
  try {
    if (!source.url) throw new SourceFetchError('HTTP_CLIENT_ERROR', 'The source has no URL to poll');
    const fetched = await fetchFeed(deps.fetch, source.url, {
      ...deps.config.fetch,
      etag: source.etag,
      lastModified: source.lastModified,
      now: started,
    });
    const nextPollAt = nextPollAfterSuccess(deps.clock.now(), source.pollIntervalSeconds);
    if (fetched.status === 'not_modified') {
      const now = deps.clock.now();
      await pollSucceededStatement(deps.db, source.id, now, { etag: source.etag, lastModified: source.lastModified, nextPollAt });
      return record(deps, started, { outcome: 'not_modified' }, fields);
    }
    const feed = await parseFeed(fetched.body);
    for (const s of feed.skipped) deps.log.warn('feed entry skipped', { ...fields, entry: s.index, reason: s.reason });
    const entries = feed.entries.map((e) => ({ ...e, languageHint: e.languageHint ?? feed.language }));
    const state = pollSucceededStatement(deps.db, source.id, deps.clock.now(), {
      etag: fetched.etag,
      lastModified: fetched.lastModified,
      nextPollAt,
    });
    const report = await storeMentions(deps, source.id, entries, [state]);
    return record(deps, started, { outcome: 'ok', skipped: feed.skipped.length, ...report }, fields);
  } catch (err) {
    const e = err instanceof SourceFetchError ? err : null;
    const code = e?.code ?? 'INTERNAL_ERROR';
    const message = e?.message ?? 'Unexpected error while polling this source';
    if (!e) deps.log.error('poll crashed', { ...fields, error: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined });
    const now = deps.clock.now();
    await recordPollFailure(
      deps.db,
      source.id,
      now,
      message,
      nextPollAfterFailure(now, source.pollIntervalSeconds, source.errorCount, e?.retryAfterMs),
    );
    return record(deps, started, { outcome: 'failed', code, error: message }, fields);
  }
}

function record(deps: Deps, started: number, outcome: PollOutcome, fields: Record<string, unknown>): PollOutcome {
  const seconds = (deps.clock.now() - started) / 1000;
  deps.metrics.inc('earshot_polls_total', 'Source polls by outcome', { outcome: outcome.outcome });
  deps.metrics.observe('earshot_poll_duration_seconds', 'Duration of one source poll', {}, seconds);
  const level = outcome.outcome === 'failed' ? 'warn' : 'info';
  deps.log[level]('source polled', { ...fields, ...outcome, duration_ms: Math.round(seconds * 1000) });
  return outcome;
}
