import { recordPoll } from '../../db/queries/source-polls.ts';
import { pollSucceededStatement, recordPollFailure } from '../../db/queries/sources.ts';
import type { Source } from '../../db/schema/index.ts';
import type { Deps } from '../core/deps.ts';
import { adapterFor } from './registry.ts';
import { CredentialError, openSecrets, secretBoxFor } from '../core/secrets.ts';
import { fetchFeed } from '../core/ingest/fetch-feed.ts';
import { SourceFetchError } from '../core/ingest/fetch-errors.ts';
import { HostPacer } from '../core/ingest/host-pacer.ts';
import { nextPollAfterFailure, nextPollAfterSuccess } from '../core/ingest/schedule.ts';
import { storeMentions, type StoreReport } from '../core/ingest/store-mentions.ts';

export type PollOutcome = ({ outcome: 'ok'; skipped: number } & StoreReport) | { outcome: 'not_modified' } | { outcome: 'failed'; code: string; error: string };

/** A cap per run on paged APIs; the adapter's cursor carries on at the next poll. */
const MAX_PAGES_PER_POLL = 5;

/**
 * Polls one source through its kind's adapter: conditional GET, parse, store new and edited entries, and move its schedule.
 * Requests go through `pacer`, shared by a whole polling run so one host is never hammered.
 * Failures are recorded on the source (error count, last error, back-off) and returned, never thrown,
 * so one broken source cannot stop the others.
 */
export async function pollSource(deps: Deps, source: Source, pacer = new HostPacer(deps.config.hostGapMs)): Promise<PollOutcome> {
  const started = deps.clock.now();
  const fields = { source_id: source.id, kind: source.kind };
  try {
    const adapter = adapterFor(source.kind);
    if (!adapter) throw new SourceFetchError('BAD_SETTINGS', `A source of kind "${source.kind}" is not polled`);
    if (adapter.url === 'required' && !source.url) throw new SourceFetchError('BAD_SETTINGS', 'The source has no URL to poll');
    const opened = await openSecrets(source.config, adapter.secrets, await secretBoxFor(deps.config.secretKey));
    const config = adapter.config.safeParse(opened);
    if (!config.success) {
      throw new SourceFetchError(
        'BAD_SETTINGS',
        `The source's settings are not valid: ${config.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ')}`,
      );
    }
    const result = await adapter.poll({
      url: source.url,
      config: config.data,
      state: { etag: source.etag, lastModified: source.lastModified, cursor: source.cursor ?? null },
      fetch: async (url, options) => {
        await pacer.wait(url);
        return fetchFeed(deps.fetch, url, { ...deps.config.fetch, ...options, now: started });
      },
      now: started,
      maxPages: MAX_PAGES_PER_POLL,
    });
    const nextPollAt = nextPollAfterSuccess(deps.clock.now(), source.pollIntervalSeconds);
    const state = pollSucceededStatement(deps.db, source.id, deps.clock.now(), { ...result.state, nextPollAt });
    if (result.notModified) {
      await state;
      return await record(deps, source.id, started, { outcome: 'not_modified' }, fields);
    }
    for (const s of result.skipped) deps.log.warn('source item skipped', { ...fields, entry: s.index, reason: s.reason });
    const { ids: _, ...report } = await storeMentions(deps, source.id, result.entries, [state]);
    return await record(deps, source.id, started, { outcome: 'ok', skipped: result.skipped.length, ...report }, fields);
  } catch (err) {
    const e = err instanceof CredentialError ? new SourceFetchError('BAD_SETTINGS', err.message) : err instanceof SourceFetchError ? err : null;
    const code = e?.code ?? 'INTERNAL_ERROR';
    const message = e?.message ?? 'Unexpected error while polling this source';
    if (!e) deps.log.error('poll crashed', { ...fields, error: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined });
    const now = deps.clock.now();
    await recordPollFailure(deps.db, source.id, now, message, nextPollAfterFailure(now, source.pollIntervalSeconds, source.errorCount, e?.retryAfterMs));
    return await record(deps, source.id, started, { outcome: 'failed', code, error: message }, fields);
  }
}

/** Counts, logs and keeps the poll's outcome (for the source's page). */
async function record(deps: Deps, sourceId: number, started: number, outcome: PollOutcome, fields: Record<string, unknown>): Promise<PollOutcome> {
  const seconds = (deps.clock.now() - started) / 1000;
  const found = outcome.outcome === 'ok' ? outcome : null;
  await recordPoll(deps.db, {
    sourceId,
    at: started,
    outcome: outcome.outcome,
    newCount: found?.new ?? 0,
    updated: found?.updated ?? 0,
    unchanged: found?.unchanged ?? 0,
    duplicates: found?.duplicates ?? 0,
    skipped: found?.skipped ?? 0,
    error: outcome.outcome === 'failed' ? outcome.error : null,
    durationMs: Math.round(seconds * 1000),
  });
  deps.metrics.inc('earshot_polls_total', 'Source polls by outcome', { outcome: outcome.outcome });
  deps.metrics.observe('earshot_poll_duration_seconds', 'Duration of one source poll', {}, seconds);
  const level = outcome.outcome === 'failed' ? 'warn' : 'info';
  deps.log[level]('source polled', { ...fields, ...outcome, duration_ms: Math.round(seconds * 1000) });
  return outcome;
}
