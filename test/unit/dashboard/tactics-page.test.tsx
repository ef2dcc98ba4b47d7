import { describe, expect, it } from 'vitest';
import type { ChangeResult, TacticGroup, TopicGroup } from '../../../src/core/cases/analytics.ts';
import { parseTacticsQuery, type TacticsValues } from '../../../dashboard/lib/tactics-query.ts';
import { VIEW_PARAMS } from '../../../src/actions/views/schemas.ts';
import { formatRate, intervalText, ratioScale, ratioSide } from '../../../dashboard/components/intervals.tsx';
import { heatLevel, TacticsPage } from '../../../dashboard/pages/tactics.tsx';
import { buildTimeOfDay } from '../../../src/core/cases/time-of-day.ts';
import type { ChangePoint } from '../../../src/core/cases/change-points.ts';
import { checkXml, render } from './well-formed.ts';

const credit = { id: 1, email: 'cm@lumera.example', name: 'C', role: 'credit_manager' as const, creditor: null };
const NOW = Date.UTC(2026, 10, 20, 12);
const values: TacticsValues = {
  by: 'team',
  split_by: '',
  key: '',
  from: '2026-10-01',
  to: '2026-10-31',
  window_days: '14',
  links: 'any',
  sort: 'key',
  action_type: '',
  at: '',
  span_days: '',
};

const groups: TacticGroup[] = [
  {
    key: '<b>team</b>',
    cases: 120,
    actions: 480,
    complaints: 12,
    rate_per_1000_cases: { value: 100, low: 51.67, high: 174.7 },
    rate_per_1000_actions: { value: 25, low: 12.92, high: 43.67 },
    rate_ratio: { value: 2.5, low: 1.21, high: 5.02 },
    small: false,
  },
  {
    key: 'Riga & Co',
    cases: 40,
    actions: 90,
    complaints: 1,
    rate_per_1000_cases: { value: 25, low: 0.633, high: 139.3 },
    rate_per_1000_actions: { value: 11.11, low: 0.281, high: 61.9 },
    rate_ratio: { value: 0.4, low: 0.01, high: 2.6 },
    small: true,
  },
  {
    key: '(none)',
    cases: 0,
    actions: 0,
    complaints: 0,
    rate_per_1000_cases: { value: null, low: null, high: null },
    rate_per_1000_actions: { value: null, low: null, high: null },
    rate_ratio: { value: 0, low: 0, high: null },
    small: true,
  },
];
const topics: TopicGroup[] = [
  {
    key: '<b>team</b>',
    complaints: 12,
    topics: [
      { tactic: 'contact_frequency', complaints: 9 },
      { tactic: 'threat_legal', complaints: 4 },
      { tactic: 'contact_time', complaints: 1 },
    ],
  },
  { key: 'Riga & Co', complaints: 1, topics: [{ tactic: 'threat_legal', complaints: 1 }] },
];
const change: ChangeResult = {
  by: 'action_type',
  key: 'sms',
  action_type: 'sms',
  before: { from: Date.UTC(2026, 8, 17), to: Date.UTC(2026, 9, 15) - 1, actions: 5000, complaints: 3, rate_per_1000_actions: { value: 0.6, low: 0.124, high: 1.75 }, small: true },
  after: { from: Date.UTC(2026, 9, 15), to: Date.UTC(2026, 10, 12) - 1, actions: 5000, complaints: 16, rate_per_1000_actions: { value: 3.1, low: 1.96, high: 4.62 }, small: false },
  rate_ratio: { value: 5.17, low: 1.53, high: 27.1 },
};

async function page(over: Partial<Parameters<typeof TacticsPage>[0]> = {}) {
  return render(
    <TacticsPage
      user={credit}
      csrfToken="tok"
      values={values}
      problems={[]}
      period={{ from: Date.UTC(2026, 9, 1), to: Date.UTC(2026, 10, 1) - 1 }}
      groups={groups}
      topics={topics}
      change={null}
      {...over}
    />,
  );
}

describe('numbers in words', () => {
  it('prints a value with its interval, an open end as ∞ and nothing to divide by as —', () => {
    expect(intervalText({ value: 3.1, low: 1.96, high: 4.62 })).toBe('3.1 (2.0–4.6)');
    expect(intervalText({ value: 1000, low: 121.105, high: 3612.344 })).toBe('1 000 (121–3 612)');
    expect(intervalText({ value: 0, low: 0, high: null })).toBe('0.0 (0.0–∞)');
    expect(intervalText({ value: null, low: null, high: null })).toBe('—');
    expect(formatRate(null)).toBe('—');
  });

  it('shades a cell by where its rate falls among all the rates, in five steps', () => {
    const rates = [1, 2, 3, 4];
    expect([heatLevel(0, rates), heatLevel(1, rates), heatLevel(2, rates), heatLevel(3, rates), heatLevel(4, rates)]).toEqual([0, 1, 2, 3, 4]);
  });

  it('puts rate ratios on a log scale around 1, and says which are clear of it', () => {
    expect(ratioScale([{ value: 2.5, low: 1.21, high: 5.02 }])).toBe(3); // 5.02 < 2^3
    expect(
      ratioScale([
        { value: 0, low: 0, high: null },
        { value: 0.4, low: 0.01, high: 2.6 },
      ]),
    ).toBe(6); // 0.01: capped at 1/64
    expect([ratioSide({ value: 2.5, low: 1.21, high: 5.02 }), ratioSide({ value: 0.4, low: 0.01, high: 2.6 }), ratioSide({ value: 0.2, low: 0.05, high: 0.9 })]).toEqual([
      1, 0, -1,
    ]);
  });
});

describe('TacticsPage', () => {
  it('names a pair grouping and shows each pair in words, the team as written and the action type in words', async () => {
    const pair = { ...groups[0]!, key: 'Riga B · credit_record_notice', parts: ['Riga B', 'credit_record_notice'] as [string, string] };
    const html = await page({ values: { ...values, split_by: 'action_type' }, groups: [pair], topics: [] });
    expect(html).toContain('Complaint rates by team × action type');
    // Each group opens itself closely: its key as the form takes it (an id), its name in words.
    expect(html).toMatch(
      /<th scope="row"><a href="\/tactics\?by=team&amp;split_by=action_type&amp;key=Riga\+B\+%C2%B7\+credit_record_notice[^"]*" [^>]*>Riga B · Credit record notice<\/a>/,
    );
    expect(html).toMatch(/<option value="action_type" selected[^>]*>Action type/);
  });

  it('prints the rates with their intervals, the small-group note and an interval bar per row, escaped and well formed', async () => {
    const html = await page();
    expect(checkXml(html).problems).toEqual([]);
    expect(html).not.toMatch(/<script|\sstyle=|<b>team/);
    expect(html).toContain('&lt;b&gt;team&lt;/b&gt;');
    expect(html).toContain('Riga &amp; Co');
    expect(html).toContain('100 (51.7–175)');
    expect(html).toContain('25.0 (12.9–43.7)');
    expect(html).toContain('2.50 (1.21–5.02)');
    expect(html).toContain('0.40 (0.01–2.60)');
    expect(html.match(/data-testid="tactic-row"/g)).toHaveLength(3);
    expect(html.match(/few complaints — wide interval/g)).toHaveLength(2);
    // The small note sits on the rows flagged small, not on the first.
    const rows = html.split('data-testid="tactic-row"').slice(1);
    expect(rows[0]).not.toContain('few complaints');
    expect(rows[1]).toContain('few complaints');
    // Rate ratios on one log scale with a line at 1; the team's is clear of it, and the table says so in words.
    expect(html.match(/class="chart chart-ratio/g)).toHaveLength(3);
    expect(html.match(/class="chart chart-ratio clear"/g)).toHaveLength(1);
    expect(rows[0]).toContain('clearly higher');
    expect(rows[1]).not.toMatch(/clearly (higher|lower)</);
    expect(html).toContain('class="point"');
    expect(html).toContain('95% interval');
    expect(html).toContain('href="/tactics"');
    expect(html).toContain('aria-current="page"');
    expect(html).not.toMatch(/sort=(value|point)/);
  });

  it('links each sort to the order it names, whichever order the page is in', async () => {
    const sortLinks = (html: string) => {
      const p = html.slice(html.indexOf('class="sort-links"'), html.indexOf('</p>', html.indexOf('class="sort-links"')));
      return [...p.matchAll(/<a href="\/tactics\?([^"]*)"/g)]
        .map((m) => Object.fromEntries(new URLSearchParams(m[1]!.replace(/&amp;/g, '&'))))
        .map((q) => parseTacticsQuery(q, NOW).values.sort);
    };
    expect(sortLinks(await page())).toEqual(['low']); // showing by key: the link goes to the lower bound
    expect(sortLinks(await page({ values: { ...values, sort: 'low' } }))).toEqual(['key']);
  });

  it('draws the heat map shaded by the rate per 1,000 cases of the group, the count as text, rows in the table order', async () => {
    const html = await page();
    const map = html.slice(html.indexOf('data-testid="heatmap"'));
    expect(map).toContain('Too many calls or messages'); // the digest's words for the topic
    // Rates: team 75, 33.3 and 8.3 per 1,000 of its 120 cases; Riga 25 per 1,000 of its 40 (1 complaint is not the darkest).
    expect(map).toContain('<td class="num heat heat-4" title="75.0 per 1,000 cases">9</td>');
    expect(map).toContain('<td class="num heat heat-3" title="33.3 per 1,000 cases">4</td>');
    expect(map).toContain('<td class="num heat heat-1" title="8.3 per 1,000 cases">1</td>');
    expect(map).toContain('<td class="num heat heat-2" title="25.0 per 1,000 cases">1</td>');
    expect(map).toContain('<td class="num heat heat-0">0</td>');
    for (let level = 0; level < 5; level++) expect(map).toMatch(new RegExp(`heat-${level}`));
    expect(map).toContain('&lt;b&gt;team&lt;/b&gt;');
  });

  it('puts the before/after change in words', async () => {
    const html = await page({ change, focus: { by: 'action_type', key: 'sms' } });
    expect(checkXml(html).problems).toEqual([]);
    expect(html).toContain('after: 3.1 per 1,000 actions (2.0–4.6), before: 0.6 (0.1–1.8)');
    expect(html).toContain('5.17 (1.53–27.1)');
    expect(html).toContain('data-testid="change-result"');
    // A small chart of the two rates, named in text.
    expect(html).toContain('<desc id="before-after-desc">Before: 0.6 (0.1–1.8) complaints per 1,000 actions; After: 3.1 (2.0–4.6) complaints per 1,000 actions.</desc>');
    // The verdict first, and the whole before/after at the top of the page when it was asked for.
    expect(html).toContain('Complaints per 1,000 actions of SMS rose from 0.6 to 3.1 from 15 Oct 2026 — a clear change.');
    expect(html.indexOf('data-testid="change-top"')).toBeLessThan(html.indexOf('id="rates-h"'));
    const unclear = await page({ change: { ...change, rate_ratio: { value: 1.4, low: 0.8, high: 2.6 } }, focus: { by: 'action_type', key: 'sms' } });
    expect(unclear).toContain('rose from 0.6 to 3.1 from 15 Oct 2026 — no clear change (the interval of the ratio includes 1).');
  });

  it('shows the problems and no figures when the form is wrong', async () => {
    const html = await page({ problems: ['From: give a date as YYYY-MM-DD.'], period: null, groups: [], topics: [] });
    expect(checkXml(html).problems).toEqual([]);
    expect(html).toContain('data-testid="problems"');
    expect(html).not.toContain('data-testid="tactic-row"');
  });
});

describe('parseTacticsQuery', () => {
  it('fills in the defaults of the API: 90 days up to now, a 14-day window, any link; sorted by the lower bound', () => {
    const p = parseTacticsQuery({}, NOW);
    expect(p.problems).toEqual([]);
    expect(p.tactics).toEqual({ by: 'action_type', from: NOW - 90 * 86_400_000, to: NOW, windowDays: 14, links: 'any', sort: 'low' });
    expect(p.change).toBeNull();
  });

  it('reads a period, a grouping and a change; a date includes its whole day', () => {
    const p = parseTacticsQuery(
      { by: 'team', split_by: '', from: '2026-10-01', to: '2026-10-31', window_days: '7', links: 'confirmed', sort: 'low', action_type: 'sms', at: '2026-10-15', span_days: '10' },
      NOW,
    );
    expect(p.problems).toEqual([]);
    expect(p.tactics).toEqual({ by: 'team', from: Date.UTC(2026, 9, 1), to: Date.UTC(2026, 10, 1) - 1, windowDays: 7, links: 'confirmed', sort: 'low' });
    expect(p.change).toEqual({ by: 'action_type', key: 'sms', at: Date.UTC(2026, 9, 15), spanDays: 10 });
  });

  it('reads exactly the parameters a saved Tactics view keeps', () => {
    expect(Object.keys(parseTacticsQuery({}, NOW).values).sort()).toEqual([...VIEW_PARAMS.tactics].sort());
  });

  it('splits a team, creditor or segment by action type or channel, and says which pairs exist', () => {
    expect(parseTacticsQuery({ by: 'team', split_by: 'action_type' }, NOW).tactics?.by).toBe('team+action_type');
    expect(parseTacticsQuery({ by: 'creditor', split_by: 'channel' }, NOW).tactics?.by).toBe('creditor+channel');
    const refused = parseTacticsQuery({ by: 'action_type', split_by: 'team' }, NOW);
    expect(refused.tactics).toBeNull();
    expect(refused.problems).toEqual(['Split by: only team, creditor, segment can be split, by action type or channel.']);
  });

  it('refuses bad dates, a reversed period, a bad window and a half-filled change', () => {
    expect(parseTacticsQuery({ from: '2026-02-30' }, NOW).problems).toEqual(['From: give a date as YYYY-MM-DD.']);
    expect(parseTacticsQuery({ from: '2026-11-02', to: '2026-11-01' }, NOW).problems).toEqual(['From must not be after To.']);
    expect(parseTacticsQuery({ window_days: '0' }, NOW).tactics).toBeNull();
    expect(parseTacticsQuery({ at: '2026-10-15' }, NOW).problems).toEqual(['Group: choose the group whose rate changed.']);
    expect(parseTacticsQuery({ by: 'debtor', sort: 'value' }, NOW).values).toMatchObject({ by: 'action_type', sort: 'low' });
  });

  it('looks at a group named alone closely, and compares it before and after a date when one is given', () => {
    const alone = parseTacticsQuery({ by: 'team', split_by: 'action_type', key: 'Riga B · sms' }, NOW);
    expect(alone.problems).toEqual([]);
    expect(alone.focus).toEqual({ by: 'team', split_by: 'action_type', key: 'Riga B · sms' });
    expect(alone.change).toBeNull();
    const dated = parseTacticsQuery({ by: 'team', split_by: 'action_type', key: 'Riga B · sms', at: '2026-11-02' }, NOW);
    expect(dated.change).toEqual({ by: 'team', split_by: 'action_type', key: 'Riga B · sms', at: Date.UTC(2026, 10, 2), spanDays: 28 });
  });
});

describe('one group closely', () => {
  const HOUR = 3_600_000;
  // Riga B's SMS on Latvian cases: 100 sent at 21:00 Riga time on Monday 2 Nov (UTC+2), 12 complaints after them;
  // 200 at 10:00 that day, 1 complaint.
  const clock = {
    key: 'Riga B · sms',
    parts: ['Riga B', 'sms'] as [string, string],
    ...buildTimeOfDay(
      [
        { country: 'LV', hour: Date.UTC(2026, 10, 2, 19) / HOUR, n: 100 },
        { country: 'LV', hour: Date.UTC(2026, 10, 2, 8) / HOUR, n: 200 },
      ],
      [
        { country: 'LV', hour: Date.UTC(2026, 10, 2, 19) / HOUR, n: 12 },
        { country: 'LV', hour: Date.UTC(2026, 10, 2, 8) / HOUR, n: 1 },
      ],
    ),
  };
  const focused = { ...values, split_by: 'action_type' as const, key: 'Riga B · sms' };
  const focus = { by: 'team' as const, split_by: 'action_type' as const, key: 'Riga B · sms' };
  const smsChange: ChangePoint = {
    key: 'sms',
    at: Date.UTC(2026, 10, 2),
    before: { from: Date.UTC(2026, 9, 5), to: Date.UTC(2026, 10, 2) - 1, actions: 4000, complaints: 17, rate_per_1000_actions: { value: 4.25, low: 2.5, high: 6.8 } },
    after: { from: Date.UTC(2026, 10, 2), to: Date.UTC(2026, 10, 30) - 1, actions: 3000, complaints: 56, rate_per_1000_actions: { value: 18.7, low: 14.1, high: 24.2 } },
    rate_ratio: { value: 4.4, low: 2.2, high: 9.6 },
  };

  it('says which part of the day stands out on the debtor clock, with the hours and weekdays beside it', async () => {
    const html = await page({ values: focused, focus, timeOfDay: clock, proposal: null });
    expect(checkXml(html).problems).toEqual([]);
    expect(html.indexOf('data-testid="change-top"')).toBeLessThan(html.indexOf('id="rates-h"'));
    expect(html).toContain('<h2 id="focus-h">Riga B · SMS</h2>');
    expect(html).toMatch(/Late evening \(21:00–24:00\): 120 complaints per 1,000 actions of Riga B · SMS \(62\.0–210\), 24\.0 times the rest of the day — clearly higher\./);
    expect(html).toContain('On the debtor&#39;s clock (Riga time)');
    expect(html.match(/data-testid="day-parts-row"/g)).toHaveLength(5);
    expect(html.match(/data-testid="weekdays-row"/g)).toHaveLength(7);
    expect(html).toContain('▲ clearly higher');
    expect(html).toContain('No clear change in Riga B · SMS&#39;s weekly rate or its two parts.');
  });

  it("offers the change of a pair's action type when the pair's own weeks are too few, with a link that checks the pair", async () => {
    const html = await page({ values: focused, focus, timeOfDay: clock, proposal: { point: smsChange, by: 'action_type' } });
    const text = html.slice(html.indexOf('data-testid="proposed-change"'));
    expect(text).toContain(
      'Riga B · SMS has too few complaints a week to place a change alone; SMS changed: Complaints per 1,000 actions of SMS rose from 4.3 to 18.7 from 2 Nov 2026 — a clear change.',
    );
    expect(text).toMatch(
      /<a href="\/tactics\?by=team&amp;split_by=action_type&amp;key=Riga\+B\+%C2%B7\+sms&amp;[^"]*at=2026-11-02&amp;span_days=28[^"]*">Check Riga B · SMS before and after 2 Nov 2026<\/a>/,
    );
  });

  it('says when nothing stands out in the day', async () => {
    const flat = { ...clock, ...buildTimeOfDay([{ country: 'LV', hour: Date.UTC(2026, 10, 2, 8) / 3_600_000, n: 50 }], []) };
    const html = await page({ values: focused, focus, timeOfDay: flat, proposal: null });
    expect(html).toContain('No part of the day stands out for Riga B · SMS: every part&#39;s rate ratio against the rest of the day includes 1.');
  });
});
