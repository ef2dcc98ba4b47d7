import { dueSources } from '../db/queries/sources.ts';
import type { Source } from '../db/schema/index.ts';
import type { Deps } from '../src/core/deps.ts';
import { HostPacer } from '../src/core/ingest/host-pacer.ts';
import { pollSource } from '../src/sources/poll-source.ts';
import { POLLED_KINDS } from '../src/sources/registry.ts';
import type { JobReport } from './types.ts';

/**
 * Hosts polled at once. Sources on the same host are polled one after another, and every request to a host
 * waits for its slot (EARSHOT_HOST_GAP_MS apart), to be polite.
 */
const HOST_CONCURRENCY = 16;

const hostOf = (s: Source) => {
  try {
    return new URL(s.url ?? '').host;
  } catch {
    return '';
  }
};

/** Polls every source that is due, at most `pollBatch` per run (the rest wait for the next run). */
export async function pollSources(deps: Deps): Promise<JobReport> {
  const due = await dueSources(deps.db, deps.clock.now(), deps.config.pollBatch, POLLED_KINDS);
  const byHost = new Map<string, Source[]>();
  for (const s of due) byHost.set(hostOf(s), [...(byHost.get(hostOf(s)) ?? []), s]);

  const counts = { sources: due.length, ok: 0, not_modified: 0, failed: 0, new_mentions: 0, updated_mentions: 0, duplicate_mentions: 0 };
  const queues = [...byHost.values()];
  const pacer = new HostPacer(deps.config.hostGapMs);
  const worker = async () => {
    for (let queue = queues.shift(); queue; queue = queues.shift()) {
      for (const source of queue) {
        const r = await pollSource(deps, source, pacer);
        counts[r.outcome]++;
        if (r.outcome === 'ok') {
          counts.new_mentions += r.new;
          counts.updated_mentions += r.updated;
          counts.duplicate_mentions += r.duplicates;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(HOST_CONCURRENCY, queues.length) }, worker));
  return { counts };
}
