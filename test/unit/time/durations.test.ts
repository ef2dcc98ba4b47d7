import { expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../../src/core/time/durations.ts';

it('measures a minute, an hour and a day in milliseconds', () => {
  expect([MINUTE_MS, HOUR_MS, DAY_MS]).toEqual([60_000, 3_600_000, 86_400_000]);
  expect(new Date(Date.UTC(2026, 0, 1) + DAY_MS).toISOString()).toBe('2026-01-02T00:00:00.000Z');
});
