import { describe, expect, it } from 'vitest';
import { formatIsoWeek, isoWeekOf, parseIsoWeek, previousWeek, weekRange, weeksInYear } from '../../../src/core/digest/week.ts';

const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('ISO weeks', () => {
  it.each([
    // A year has 53 weeks when it starts on a Thursday (2026, 2015) or is a leap year starting on a Wednesday (2020).
    [2015, 53],
    [2020, 53],
    [2021, 52],
    [2024, 52],
    [2025, 52],
    [2026, 53],
    [2027, 52],
    [2032, 53],
  ])('%i has %i weeks', (year, weeks) => {
    expect(weeksInYear(year)).toBe(weeks);
  });

  it.each([
    ['2026-W47', { year: 2026, week: 47 }],
    ['2026-w47', { year: 2026, week: 47 }],
    ['2026-W01', { year: 2026, week: 1 }],
    ['2026-W53', { year: 2026, week: 53 }],
    ['2020-W53', { year: 2020, week: 53 }],
    [' 2026-W09 ', { year: 2026, week: 9 }],
  ])('parses %s', (text, week) => {
    expect(parseIsoWeek(text)).toEqual(week);
  });

  it.each(['2025-W53', '2027-W53', '2026-W54', '2026-W00', '2026-W7', '2026W47', '2026-47', '26-W47', '2026-W47-1', '', 'W47', '2026-W4x', '２０２６-W47'])(
    'rejects %j',
    (text) => {
      expect(parseIsoWeek(text)).toBeNull();
    },
  );

  it.each([
    [{ year: 2026, week: 47 }, '2026-W47'],
    [{ year: 2026, week: 1 }, '2026-W01'],
    [{ year: 987, week: 5 }, '0987-W05'],
  ])('formats %j as %s', (w, text) => {
    expect(formatIsoWeek(w)).toBe(text);
  });

  it.each([
    [{ year: 2026, week: 47 }, 1, { year: 2026, week: 46 }],
    [{ year: 2026, week: 47 }, 4, { year: 2026, week: 43 }],
    [{ year: 2027, week: 1 }, 1, { year: 2026, week: 53 }], // into a 53-week year
    [{ year: 2026, week: 1 }, 1, { year: 2025, week: 52 }],
    [{ year: 2026, week: 2 }, 4, { year: 2025, week: 50 }],
    [{ year: 2021, week: 1 }, 1, { year: 2020, week: 53 }],
    [{ year: 2026, week: 53 }, -1, { year: 2027, week: 1 }], // a negative count goes forward
    [{ year: 2026, week: 10 }, 52, { year: 2025, week: 10 }],
  ])('%j minus %i week(s) is %j', (w, n, expected) => {
    expect(previousWeek(w, n)).toEqual(expected);
  });

  it('steps back one week by default', () => {
    expect(previousWeek({ year: 2026, week: 47 })).toEqual({ year: 2026, week: 46 });
  });

  it.each([
    // 1 January 2027 is a Friday: still in 2026's week 53. 3 January 2021 (a Sunday) is in 2020-W53.
    [Date.UTC(2027, 0, 1, 12), 'UTC', { year: 2026, week: 53 }],
    [Date.UTC(2021, 0, 3, 12), 'UTC', { year: 2020, week: 53 }],
    [Date.UTC(2025, 11, 29, 0), 'UTC', { year: 2026, week: 1 }], // Monday 29 December 2025 opens 2026-W01
    [Date.UTC(2025, 11, 28, 23, 59), 'UTC', { year: 2025, week: 52 }],
    // Sunday 22 November 2026 22:30 UTC is already Monday 00:30 in Riga (UTC+2): the next week there.
    [Date.UTC(2026, 10, 22, 22, 30), 'Europe/Riga', { year: 2026, week: 48 }],
    [Date.UTC(2026, 10, 22, 22, 30), 'UTC', { year: 2026, week: 47 }],
    // Monday 16 November 02:00 UTC is still Sunday 21:00 in New York (UTC−5).
    [Date.UTC(2026, 10, 16, 2), 'America/New_York', { year: 2026, week: 46 }],
    [Date.UTC(2026, 10, 16, 2), 'Europe/Riga', { year: 2026, week: 47 }],
  ])('the instant %i in %s is in %j', (ms, tz, expected) => {
    expect(isoWeekOf(ms, tz)).toEqual(expected);
  });
});

describe('weekRange', () => {
  it.each([
    // [week, zone, from (UTC), to (UTC), hours]
    ['2026-W47', 'UTC', '2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z', 168],
    ['2026-W47', 'Europe/Riga', '2026-11-15T22:00:00.000Z', '2026-11-22T22:00:00.000Z', 168],
    ['2026-W47', 'America/New_York', '2026-11-16T05:00:00.000Z', '2026-11-23T05:00:00.000Z', 168],
    // Riga springs forward on Sunday 29 March 2026 (03:00 → 04:00): that week is 167 hours.
    ['2026-W13', 'Europe/Riga', '2026-03-22T22:00:00.000Z', '2026-03-29T21:00:00.000Z', 167],
    // …and falls back on Sunday 25 October 2026: 169 hours.
    ['2026-W43', 'Europe/Riga', '2026-10-18T21:00:00.000Z', '2026-10-25T22:00:00.000Z', 169],
    // New York springs forward on Sunday 8 March 2026 and falls back on Sunday 1 November 2026.
    ['2026-W10', 'America/New_York', '2026-03-02T05:00:00.000Z', '2026-03-09T04:00:00.000Z', 167],
    ['2026-W44', 'America/New_York', '2026-10-26T04:00:00.000Z', '2026-11-02T05:00:00.000Z', 169],
    // Across the year boundary, in a 53-week year.
    ['2026-W53', 'UTC', '2026-12-28T00:00:00.000Z', '2027-01-04T00:00:00.000Z', 168],
    ['2026-W01', 'Europe/Riga', '2025-12-28T22:00:00.000Z', '2026-01-04T22:00:00.000Z', 168],
    ['2020-W53', 'Asia/Tokyo', '2020-12-27T15:00:00.000Z', '2021-01-03T15:00:00.000Z', 168],
  ])('%s in %s is [%s, %s), %i hours', (w, tz, from, to, hours) => {
    const r = weekRange(parseIsoWeek(w)!, tz);
    expect([iso(r.from), iso(r.to)]).toEqual([from, to]);
    expect((r.to - r.from) / H).toBe(hours);
  });

  it('weeks tile time: each week ends where the next begins, and every instant of a week is in it', () => {
    for (const tz of ['Europe/Riga', 'America/New_York', 'Australia/Sydney']) {
      let w = { year: 2026, week: 1 };
      for (let i = 0; i < 60; i++) {
        const r = weekRange(w, tz);
        const next = previousWeek(w, -1);
        expect(weekRange(next, tz).from).toBe(r.to);
        expect(isoWeekOf(r.from, tz)).toEqual(w);
        expect(isoWeekOf(r.to - 1, tz)).toEqual(w);
        w = next;
      }
    }
  });

  it('a DST change that skips midnight starts the week at the first local instant that exists', () => {
    // Whatever the zone's rules, the week's start must be shown as that Monday, no later than 01:00.
    for (const tz of ['America/Santiago', 'America/Havana', 'Asia/Beirut']) {
      for (let week = 1; week <= 52; week++) {
        const r = weekRange({ year: 2026, week }, tz);
        expect(isoWeekOf(r.from, tz)).toEqual({ year: 2026, week });
        expect(isoWeekOf(r.from - 1, tz)).not.toEqual({ year: 2026, week });
      }
    }
  });
});
