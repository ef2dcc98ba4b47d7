// A source's health in one word, from its poll record and how much it has been saying.
import type { SourceVolume } from '../../db/queries/sources.ts';
import type { Source } from '../../db/schema/index.ts';
import { DAY_MS } from '../core/time/durations.ts';

export const SOURCE_HEALTH = ['new', 'healthy', 'degraded', 'failing', 'silent', 'paused'] as const;
export type SourceHealth = (typeof SOURCE_HEALTH)[number];

/** The window volumes are measured over, and the sparkline's length. */
export const VOLUME_DAYS = 90;
export const SPARK_DAYS = 14;
/** Consecutive failures after which a source is failing rather than degraded. */
const FAILING_AFTER = 3;
/** A source is expected to speak once it has published at least this many mentions in the window… */
const EXPECTED_MIN = 4;
/** …and is silent after this many of its usual gaps between mentions (at least two days) without a new one. */
const SILENT_GAPS = 3;
const SILENT_MIN_MS = 2 * DAY_MS;

export function sourceHealth(s: Pick<Source, 'isPaused' | 'errorCount' | 'lastSuccessAt'>, volume: SourceVolume | undefined, now: number): SourceHealth {
  if (s.isPaused) return 'paused';
  if (s.errorCount >= FAILING_AFTER) return 'failing';
  if (s.errorCount > 0) return 'degraded';
  // Never polled with success and nothing heard from it yet (a push source until its first mention).
  if (s.lastSuccessAt == null && !volume?.count) return 'new';
  if (volume && volume.count >= EXPECTED_MIN) {
    const usualGap = (volume.last - volume.first) / (volume.count - 1);
    if (now - volume.last > Math.max(SILENT_MIN_MS, SILENT_GAPS * usualGap)) return 'silent';
  }
  return 'healthy';
}

/** Mentions per day over the last SPARK_DAYS days, one decimal. */
export function itemsPerDay(volume: SourceVolume | undefined): number {
  const n = volume?.daily.reduce((a, b) => a + b, 0) ?? 0;
  return Math.round((n / SPARK_DAYS) * 10) / 10;
}
