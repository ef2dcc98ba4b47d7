import { describe, expect, it } from 'vitest';
import type { SourceVolume } from '../../../db/queries/sources.ts';
import { itemsPerDay, sourceHealth } from '../../../src/sources/health.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23);
const volume = (count: number, firstDaysAgo: number, lastDaysAgo: number, daily: number[] = []): SourceVolume => ({
  count,
  first: NOW - firstDaysAgo * DAY,
  last: NOW - lastDaysAgo * DAY,
  daily,
});
type Polled = { isPaused: boolean; errorCount: number; lastSuccessAt: number | null };
const ok: Polled = { isPaused: false, errorCount: 0, lastSuccessAt: NOW - DAY };
const neverPolled: Polled = { isPaused: false, errorCount: 0, lastSuccessAt: null };

describe('sourceHealth', () => {
  it.each<[string, Polled, SourceVolume | undefined, string]>([
    ['paused wins over everything', { isPaused: true, errorCount: 5, lastSuccessAt: null }, undefined, 'paused'],
    ['three failures in a row', { isPaused: false, errorCount: 3, lastSuccessAt: null }, undefined, 'failing'],
    ['one or two failures', { isPaused: false, errorCount: 1, lastSuccessAt: null }, undefined, 'degraded'],
    ['never polled and nothing heard: new', neverPolled, undefined, 'new'],
    ['a push source once its first mentions came', neverPolled, volume(2, 1, 1), 'healthy'],
    ['polled, nothing published yet', ok, undefined, 'healthy'],
    ['daily talker, last one yesterday', ok, volume(30, 30, 1), 'healthy'],
    ['daily talker, quiet for four days', ok, volume(30, 33, 4), 'silent'],
    ['weekly talker, quiet for ten days', ok, volume(8, 60, 10), 'healthy'],
    ['weekly talker, quiet for a month', ok, volume(8, 80, 30), 'silent'],
    ['too few mentions to expect anything', ok, volume(3, 60, 50), 'healthy'],
    ['a burst imported at once is not silent after a day', ok, volume(20, 1, 1), 'healthy'],
  ])('%s', (_, source, vol, health) => {
    expect(sourceHealth(source, vol, NOW)).toBe(health);
  });

  it('items per day over the sparkline window', () => {
    expect(itemsPerDay(volume(0, 0, 0, [1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4]))).toBe(0.5);
    expect(itemsPerDay(undefined)).toBe(0);
  });
});

describe('the source registry', () => {
  it('has an adapter for every kind but push, and push has settings', async () => {
    const { SOURCE_KINDS } = await import('../../../db/schema/constants.ts');
    const { adapterFor, POLLED_KINDS, settingsFor } = await import('../../../src/sources/registry.ts');
    expect([...POLLED_KINDS].sort()).toEqual(SOURCE_KINDS.filter((k) => k !== 'push').sort());
    for (const kind of POLLED_KINDS) expect(adapterFor(kind)?.kind).toBe(kind);
    expect(adapterFor('push')).toBeNull();
    expect(settingsFor('push')?.secrets).toEqual(['signing_secret']);
  });
});
