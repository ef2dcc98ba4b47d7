import { describe, expect, it } from 'vitest';
import { weeklyOf } from '../../../dashboard/pages/digest.tsx';

describe('the digest schedule picker', () => {
  it('reads a weekly cron as a weekday and a time, and anything else as a cron', () => {
    expect(weeklyOf('0 7 * * 1')).toEqual({ weekday: 1, hour: 7, minute: 0 });
    expect(weeklyOf(' 30 18 * * 7 ')).toEqual({ weekday: 0, hour: 18, minute: 30 }); // 7 is Sunday too
    for (const other of ['0 8 1 * *', '*/15 * * * *', '0 7 * * 1-5', '60 7 * * 1', '0 24 * * 1', '']) expect(weeklyOf(other), other).toBeNull();
  });
});
