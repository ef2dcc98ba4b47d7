// The digest's sources section: sources that are failing or have gone silent, failing ones first.
import { sourceActivity } from '../../../db/queries/digest.ts';
import { listSources } from '../../../db/queries/sources.ts';
import type { SourceKind } from '../../../db/schema/constants.ts';
import { VOLUME_DAYS, sourceHealth } from '../../sources/health.ts';
import type { Deps } from '../deps.ts';
import { DAY_MS } from '../time/durations.ts';
import { shorten } from './digest-text.ts';

const ERROR_CHARS = 160;

export interface SourceProblem {
  id: number;
  name: string;
  kind: SourceKind;
  health: 'failing' | 'silent';
  errorCount: number;
  /** The last fetch error in words, shortened; null for a silent source. */
  lastError: string | null;
  lastMentionAt: number | null;
  lastSuccessAt: number | null;
}

export async function sourcesSection(db: Deps['db'], now: number): Promise<SourceProblem[] | undefined> {
  const [sources, activity] = await Promise.all([listSources(db), sourceActivity(db, now - VOLUME_DAYS * DAY_MS)]);
  const out: SourceProblem[] = [];
  for (const s of sources) {
    const a = activity.get(s.id);
    // sourceHealth judges silence on the count, first and last; the daily series is the dashboard's sparkline.
    const volume = a ? { ...a, daily: [] } : undefined;
    const health = sourceHealth(s, volume, now);
    if (health !== 'failing' && health !== 'silent') continue;
    out.push({
      id: s.id,
      name: s.name,
      kind: s.kind,
      health,
      errorCount: s.errorCount,
      lastError: health === 'failing' && s.lastError ? shorten(s.lastError, ERROR_CHARS) : null,
      lastMentionAt: volume ? Number(volume.last) : null,
      lastSuccessAt: s.lastSuccessAt ?? null,
    });
  }
  out.sort((a, b) => (a.health === b.health ? (a.name < b.name ? -1 : 1) : a.health === 'failing' ? -1 : 1));
  return out.length ? out : undefined;
}
