import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../../src/core/time/durations.ts';
import { isValidTimeZone, localDayOf, offsetAt, startOfLocalDay, zonedParts, zonedTimeToUtc } from '../../../src/core/time/zones.ts';

const at = (iso: string) => Date.parse(iso);

describe('time zones', () => {
  it('turns wall-clock times into instants, DST included', () => {
    expect(zonedTimeToUtc(2026, 7, 1, 9, 0, 'Europe/Riga')).toBe(at('2026-07-01T06:00:00Z'));
    expect(zonedTimeToUtc(2026, 1, 1, 9, 0, 'Europe/Riga')).toBe(at('2026-01-01T07:00:00Z'));
    // 03:30 on 29 March does not exist in Riga (clocks jump 03:00 → 04:00): an hour later.
    expect(zonedTimeToUtc(2026, 3, 29, 3, 30, 'Europe/Riga')).toBe(at('2026-03-29T01:30:00Z'));
  });

  it('reads the date, clock and weekday of an instant in a zone', () => {
    // 22:30 UTC on Sunday 22 November is already Monday in Riga.
    expect(zonedParts(at('2026-11-22T22:30:15Z'), 'Europe/Riga')).toEqual({ year: 2026, month: 11, day: 23, hour: 0, minute: 30, second: 15, weekday: 1 });
    expect(zonedParts(at('2026-11-22T22:30:15Z'), 'UTC')).toMatchObject({ day: 22, hour: 22, weekday: 0 });
    expect(localDayOf(at('2026-11-22T22:30:00Z'), 'Europe/Riga') - localDayOf(at('2026-11-22T22:30:00Z'), 'UTC')).toBe(1);
  });

  it('changes the offset at the instant the clocks change, not at the start or end of that day', () => {
    // Riga goes from +2 to +3 at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October.
    for (const [before, after, from, to] of [
      ['2026-03-29T00:59:59Z', '2026-03-29T01:00:00Z', 2, 3],
      ['2026-10-25T00:59:59Z', '2026-10-25T01:00:00Z', 3, 2],
    ] as const) {
      // Asked in both orders, and again: what is kept for one instant of the day must not answer for another.
      for (let i = 0; i < 2; i++) {
        expect(offsetAt(at(after), 'Europe/Riga')).toBe(to * HOUR_MS);
        expect(offsetAt(at(before), 'Europe/Riga')).toBe(from * HOUR_MS);
        expect(offsetAt(at(before.slice(0, 11) + '23:00:00Z'), 'Europe/Riga')).toBe(to * HOUR_MS);
      }
    }
    // Lord Howe Island moves its clocks by half an hour (+10:30 in winter, +11 in summer).
    expect(offsetAt(at('2026-07-01T12:00:00Z'), 'Australia/Lord_Howe')).toBe(10 * HOUR_MS + 30 * MINUTE_MS);
    expect(offsetAt(at('2026-01-01T12:00:00Z'), 'Australia/Lord_Howe')).toBe(11 * HOUR_MS);
  });

  it('keeps zones apart on the same day', () => {
    const noon = at('2026-07-01T12:00:00Z');
    expect(offsetAt(noon, 'Europe/Stockholm')).toBe(2 * HOUR_MS);
    expect(offsetAt(noon, 'Europe/Helsinki')).toBe(3 * HOUR_MS);
    expect(offsetAt(noon, 'America/New_York')).toBe(-4 * HOUR_MS);
    expect(offsetAt(noon, 'Europe/Stockholm')).toBe(2 * HOUR_MS);
  });

  it('starts a local day at its first instant, even when DST skips midnight', () => {
    const day = (iso: string) => Math.floor(at(iso) / DAY_MS);
    expect(startOfLocalDay(day('2026-03-29'), 'Europe/Riga')).toBe(at('2026-03-28T22:00:00Z'));
    expect(startOfLocalDay(day('2026-03-30'), 'Europe/Riga')).toBe(at('2026-03-29T21:00:00Z'));
    // Santiago's clocks jumped from 00:00 to 01:00 on 7 September 2025: that day began at 01:00 local (04:00 UTC).
    expect(startOfLocalDay(day('2025-09-07'), 'America/Santiago')).toBe(at('2025-09-07T04:00:00Z'));
  });
});

describe('isValidTimeZone', () => {
  it.each([
    ['Europe/Riga', true],
    ['America/New_York', true],
    ['UTC', true],
    ['Europe/Stockholm', true],
    ['Mars/Olympus_Mons', false],
    ['', false],
    ['+02:00', false],
    ['Europe/Riga<script>', false],
  ])('%j → %s', (tz, ok) => {
    expect(isValidTimeZone(tz)).toBe(ok);
  });
});
