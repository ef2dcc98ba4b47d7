import { describe, expect, it } from 'vitest';
import type { TrendGroup, TrendPoint, TrendResult } from '../../../src/core/cases/analytics.ts';
import { rateInterval } from '../../../src/core/cases/rates.ts';
import { bucketWords, niceMax, topTrendGroups, TrendChart, trendBucketDaysFor, trendDescription, trendScale } from '../../../dashboard/components/trend-chart.tsx';
import { parseTacticsQuery, type TacticsValues, trendQueryFor } from '../../../dashboard/lib/tactics-query.ts';
import { TacticsPage } from '../../../dashboard/pages/tactics.tsx';
import { checkXml, render } from './well-formed.ts';

const DAY = 86_400_000;
const FROM = Date.UTC(2026, 9, 1);
const TO = Date.UTC(2026, 10, 1) - 1;

function point(i: number, actions: number, complaints: number, complete = true): TrendPoint {
  return {
    from: FROM + i * 7 * DAY,
    to: Math.min(TO, FROM + (i + 1) * 7 * DAY - 1),
    cases: actions,
    actions,
    complaints,
    rate_per_1000_actions: rateInterval(complaints, actions),
    small: complaints < 5,
    complete,
  };
}

const series = (key: string, counts: [number, number][]): TrendGroup => ({ key, points: counts.map(([a, c], i) => point(i, a, c)) });

// Five weekly buckets of October 2026 (the last one three days).
const trend: TrendResult = {
  bucket_days: 7,
  groups: [
    series('<b>team</b>', [
      [1000, 12],
      [900, 9],
      [1100, 30],
      [950, 8],
      [400, 2],
    ]),
    series('Riga & Co', [
      [40, 1],
      [0, 0],
      [10, 0],
      [30, 0],
      [5, 0],
    ]),
    ...Array.from({ length: 8 }, (_, i) =>
      series(`team-${i}`, [
        [100 + i, 1],
        [100, 0],
        [100, 0],
        [100, 0],
        [50, 0],
      ]),
    ),
  ],
};

describe('trend chart helpers', () => {
  it('picks weekly buckets for a quarter, days for a fortnight, longer ones for long periods', () => {
    expect(trendBucketDaysFor({ from: FROM, to: FROM + 14 * DAY - 1 })).toBe(1);
    expect(trendBucketDaysFor({ from: FROM, to: FROM + 15 * DAY - 1 })).toBe(7);
    expect(trendBucketDaysFor({ from: FROM, to: FROM + 90 * DAY })).toBe(7); // 13 buckets
    expect(trendBucketDaysFor({ from: FROM, to: FROM + 182 * DAY - 1 })).toBe(7); // 26
    expect(trendBucketDaysFor({ from: FROM, to: FROM + 183 * DAY - 1 })).toBe(14);
    expect(trendBucketDaysFor({ from: FROM, to: FROM + 365 * DAY })).toBe(28); // 14 buckets
    expect(trendBucketDaysFor({ from: FROM, to: FROM + 2 * 365 * DAY })).toBe(56);
    expect(trendBucketDaysFor({ from: FROM, to: FROM + 30 * 365 * DAY })).toBe(422);
  });

  it('keeps the groups with the most actions, most first, ties by key', () => {
    expect(topTrendGroups(trend.groups, 4).map((g) => g.key)).toEqual(['<b>team</b>', 'team-7', 'team-6', 'team-5']);
    expect(topTrendGroups(trend.groups)).toHaveLength(8);
  });

  it('scales to the rates and the upper ends of buckets with enough complaints, in 1-2-5 steps', () => {
    expect([niceMax(0), niceMax(0.031), niceMax(0.2), niceMax(3), niceMax(27.5), niceMax(100), niceMax(101)]).toEqual([1, 0.05, 0.2, 5, 50, 100, 200]);
    // <b>team</b> week 3: 30 / 1100 = 27.3, upper end 38.9; Riga's wide intervals (1 of 40: up to 139) are cut instead
    expect(trendScale(trend.groups.slice(0, 2))).toBe(50);
    // Nothing but zeros: the upper end of the interval of 0 events sets the scale.
    expect(trendScale([series('quiet', [[1000, 0]])])).toBe(5);
  });

  it('describes a chart in words, and a bucket by its days', () => {
    expect(bucketWords({ from: FROM, to: FROM + 7 * DAY - 1 })).toBe('1 Oct – 7 Oct 2026');
    expect(bucketWords({ from: Date.UTC(2025, 11, 29), to: Date.UTC(2026, 0, 4) })).toBe('29 Dec 2025 – 4 Jan 2026');
    expect(bucketWords({ from: FROM, to: FROM + DAY - 1 })).toBe('1 Oct 2026');
    expect(trendDescription(trend.groups[1]!, 7)).toBe(
      'Riga & Co: complaints per 1,000 actions in 5 buckets of 7 days from 1 Oct 2026 to 31 Oct 2026. ' +
        'Highest 25.0 (1 Oct – 7 Oct 2026), lowest 0.0 (15 Oct – 21 Oct 2026). ' +
        '4 of 4 buckets with actions have fewer than 5 complaints and are drawn faint. 1 bucket has no actions. The shaded band is the 95% interval.',
    );
    const filling = { ...trend.groups[0]!, points: trend.groups[0]!.points.map((p, i) => ({ ...p, complete: i < 3 })) };
    expect(trendDescription(filling, 7)).toContain('The last 2 buckets are still filling: complaints about them can still arrive.');
  });

  it('shades the buckets still filling and says so in the numbers', async () => {
    const filling = { ...trend, groups: [{ ...trend.groups[0]!, points: trend.groups[0]!.points.map((p, i) => ({ ...p, complete: i < 4 })) }] };
    const html = await render(<TrendChart id="trend" trend={filling} byTitle="Team" />);
    expect(checkXml(html).problems).toEqual([]);
    expect(html.match(/<rect class="filling"/g)).toHaveLength(1);
    expect(html.match(/still filling<\/span>/g)).toHaveLength(1);
  });
});

describe('TrendChart', () => {
  it('draws one small multiple per group (the 8 with most actions), escaped, well formed, with no script or inline style', async () => {
    const html = await render(<TrendChart id="trend" trend={trend} byTitle="Team" />);
    expect(checkXml(html).problems).toEqual([]);
    expect(html).not.toMatch(/<script|\sstyle=|<b>team/);
    expect(html.match(/data-testid="trend-multiple"/g)).toHaveLength(8);
    expect(html.match(/<svg [^>]*data-testid="trend-chart"/g)).toHaveLength(8);
    expect(html).toContain('<h3>&lt;b&gt;team&lt;/b&gt;<span class="sub">4 350 actions</span></h3>');
    expect(html).not.toContain('Riga'); // 85 actions: not in the top 8
    expect(html).toContain('Showing the 8 of 10 team groups with the most actions in the period.');
    expect(html).toContain('(the last one is shorter: 29 Oct – 31 Oct 2026)');
    // Every chart has a title and a description the SVG points to; ids are positional, never from the data.
    expect(html).toContain('aria-describedby="trend-0-desc"');
    expect(html).toContain('<desc id="trend-0-desc">&lt;b&gt;team&lt;/b&gt;: complaints per 1,000 actions in 5 buckets of 7 days');
    expect(html).toContain('<title>&lt;b&gt;team&lt;/b&gt;: complaints per 1,000 actions, weekly</title>');
    // A band and a dot per bucket with actions; buckets with few complaints faint (rings, dashed segments).
    const start = html.indexOf('data-testid="trend-multiple"');
    const first = html.slice(start, html.indexOf('data-testid="trend-multiple"', start + 1));
    // <b>team</b>: 12, 9, 30, 8 and 2 complaints: only the last bucket has fewer than 5.
    expect(first.match(/class="band bar b-default"/g)).toHaveLength(4);
    expect(first.match(/class="band bar b-default few"/g)).toHaveLength(1);
    expect(first.match(/<circle class="point"/g)).toHaveLength(4);
    expect(first.match(/<circle class="whisker few"/g)).toHaveLength(1);
    expect(first.match(/stroke-dasharray="4 3"/g)).toHaveLength(1); // the segment into the last bucket
    // Dates on the x axis: the start and end of the period, and the middle bucket.
    expect(first).toContain('>1 Oct</text>');
    expect(first).toContain('>15 Oct</text>');
    expect(first).toContain('>31 Oct</text>');
  });

  it('has the numbers in a table: one row per group and bucket, with the interval', async () => {
    const html = await render(<TrendChart id="trend" trend={{ bucket_days: 7, groups: trend.groups.slice(0, 2) }} byTitle="Team" />);
    expect(html).toContain('Every team with actions in the period.');
    const table = html.slice(html.indexOf('data-testid="trend-table"'));
    expect(table.match(/data-testid="trend-row"/g)).toHaveLength(10);
    expect(table).toContain('<td>2026-10-29</td><td>2026-10-31</td>');
    // <b>team</b> week 3: 30 / 1,100 actions = 27.3 per 1,000
    expect(table).toContain('<td class="num">1 100</td><td class="num">30</td><td class="num">27.3 (18.4–38.9)</td>');
    // Riga week 2: no actions, no rate
    expect(table).toContain('<td class="num">0</td><td class="num">0</td><td class="num">—</td>');
  });

  it('says so when there is nothing to draw', async () => {
    expect(await render(<TrendChart id="trend" trend={{ bucket_days: 7, groups: [] }} byTitle="Team" />)).toContain('No actions in this period.');
  });
});

describe('the Tactics page with the trend', () => {
  const credit = { id: 1, email: 'cm@lumera.example', name: 'C', role: 'credit_manager' as const, creditor: null };
  const values: TacticsValues = {
    by: 'team',
    split_by: '',
    key: '',
    from: '2026-10-01',
    to: '2026-10-31',
    window_days: '',
    links: 'any',
    sort: 'key',
    action_type: '',
    at: '',
    span_days: '',
  };
  const page = (over: Partial<Parameters<typeof TacticsPage>[0]>) =>
    render(<TacticsPage user={credit} csrfToken="tok" values={values} problems={[]} period={{ from: FROM, to: TO }} groups={[]} topics={[]} change={null} {...over} />);

  it('adds a section with the chart when given a trend, none when not', async () => {
    const html = await page({ trend });
    expect(checkXml(html).problems).toEqual([]);
    expect(html).toContain('<h2 id="trend-h">Complaints per 1,000 actions over time, by team</h2>');
    expect(html.match(/data-testid="trend-multiple"/g)).toHaveLength(8);
    expect(await page({})).not.toContain('trend-h');
  });

  it('builds the trend query from the page query: same groups, period, window and links', () => {
    const q = parseTacticsQuery({ by: 'channel', from: '2026-10-01', to: '2026-12-31', links: 'confirmed' }, Date.UTC(2027, 0, 10)).tactics!;
    expect(trendQueryFor(q)).toEqual({ by: 'channel', from: Date.UTC(2026, 9, 1), to: Date.UTC(2027, 0, 1) - 1, windowDays: 14, links: 'confirmed', bucketDays: 7 });
  });
});
