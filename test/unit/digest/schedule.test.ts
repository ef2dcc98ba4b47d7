import { describe, expect, it } from 'vitest';
import { lastOccurrence, parseCron, type Cron } from '../../../src/core/digest/schedule.ts';

const at = (iso: string) => Date.parse(iso);
const cron = (expr: string) => parseCron(expr) as Cron;

describe('digest schedule', () => {
  it.each([
    ['0 7 * *', /five fields/],
    ['61 7 * * 1', /minute: "61" is outside 0–59/],
    ['0 24 * * 1', /hour: "24" is outside 0–23/],
    ['0 7 * * mon', /day of week: "mon" is not a number/],
    ['0 7 * * 5-2', /outside/],
    ['*/0 7 * * 1', /outside/],
  ])('refuses %j with the field and why', (expr, message) => {
    expect(parseCron(expr)).toMatch(message);
  });

  it.each([
    // Monday 07:00 in Riga (UTC+2 in winter, +3 in summer).
    ['0 7 * * 1', 'Europe/Riga', '2026-11-23T10:00:00Z', '2026-11-23T05:00:00Z'],
    ['0 7 * * 1', 'Europe/Riga', '2026-11-23T04:59:00Z', '2026-11-16T05:00:00Z'],
    ['0 7 * * 1', 'Europe/Riga', '2026-06-08T04:30:00Z', '2026-06-08T04:00:00Z'],
    // Across the spring change (29 March 2026 in the EU) and the autumn one (1 November 2026 in the US).
    ['30 8 * * 1', 'Europe/Riga', '2026-03-30T12:00:00Z', '2026-03-30T05:30:00Z'],
    ['0 7 * * 1', 'America/New_York', '2026-11-02T13:00:00Z', '2026-11-02T12:00:00Z'],
    ['0 7 * * 1', 'America/New_York', '2026-10-26T13:00:00Z', '2026-10-26T11:00:00Z'],
    // Sunday as 0 or 7; lists, ranges and steps; day of month.
    ['0 18 * * 7', 'UTC', '2026-11-23T10:00:00Z', '2026-11-22T18:00:00Z'],
    ['15,45 9-17/4 * * 1-5', 'UTC', '2026-11-23T14:00:00Z', '2026-11-23T13:45:00Z'],
    ['0 6 1 * *', 'UTC', '2026-12-01T07:00:00Z', '2026-12-01T06:00:00Z'],
  ])('%s in %s, at %s → %s', (expr, tz, now, expected) => {
    expect(new Date(lastOccurrence(cron(expr), tz, at(now))!).toISOString()).toBe(new Date(at(expected)).toISOString());
  });

  it('has none within the look-back for a monthly schedule far away', () => {
    expect(lastOccurrence(cron('0 6 1 * *'), 'UTC', at('2026-11-20T00:00:00Z'))).toBeNull();
  });
});
