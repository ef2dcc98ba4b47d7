import { nameOf, NOT_RECORDED } from '../../src/core/labels.ts';
import { GROUP_BYS, type GroupBy, PAIR_SECONDS } from '../../db/queries/analytics.ts';
import { IsoDateInput } from '../components/iso-date-input.tsx';
import type { SavedView } from '../../db/schema/index.ts';
import { SavedViews } from '../components/saved-views.tsx';
import type { AuthUser } from '../../db/queries/users.ts';
import { type ChangeResult, NO_KEY, PAIR_JOINER, type TacticGroup, type TopicGroup, type TrendResult } from '../../src/core/cases/analytics.ts';
import { type ChangePoint, changePoints } from '../../src/core/cases/change-points.ts';
import type { Interval } from '../../src/core/cases/rates.ts';
import { formatRate, formatRatio, intervalText, RatioBar, ratioScale, ratioSide } from '../components/intervals.tsx';
import { Layout } from '../components/layout.tsx';
import { BeforeAfterChart } from '../components/before-after-chart.tsx';
import { TREND_GROUPS, TrendChart } from '../components/trend-chart.tsx';
import { formatCount, isoDay, mediumDay, queryString } from '../lib/format.ts';
import { DEFAULT_SPAN, DEFAULT_WINDOW, type GroupAsked, type TacticsValues } from '../lib/tactics-query.ts';
import type { TimeOfDayResult } from '../../src/core/cases/time-of-day.ts';
import { TimeOfDay } from '../components/time-of-day.tsx';
import { Problems } from '../components/notices.tsx';

// Aggregates only: no case reference, identifier or mention text is shown on this page.

export const GROUP_TITLES: Record<GroupBy, string> = {
  action_type: 'Action type',
  channel: 'Channel',
  segment: 'Segment',
  team: 'Team',
  creditor: 'Creditor',
  country: 'Country',
};

/** The grouping's title: "Team", or for a pair "Team × action type". */
export function groupingTitle(values: Pick<TacticsValues, 'by' | 'split_by'>): string {
  return values.split_by ? `${GROUP_TITLES[values.by]} × ${GROUP_TITLES[values.split_by].toLowerCase()}` : GROUP_TITLES[values.by];
}

/** `3.1 per 1,000 actions (2.0–4.6)`: the value, the unit, then the interval; no actions, no rate. */
function rateWords(i: Interval, unit: string): string {
  if (i.value === null) return '— (no actions)';
  return `${formatRate(i.value)}${unit ? ` ${unit}` : ''} (${formatRate(i.low)}–${i.high === null ? '∞' : formatRate(i.high)})`;
}

// ---- the heat map ----

export const HEAT_LEVELS = 5;

/**
 * Shade 0 for none, else 1–4 by where the cell's rate (complaints per 1,000 cases of its group) falls among every
 * cell's rate: a group with few cases and one complaint is not the darkest row for that alone.
 */
export function heatLevel(rate: number, rates: number[]): number {
  if (!(rate > 0)) return 0;
  const below = rates.filter((r) => r < rate).length;
  return Math.min(HEAT_LEVELS - 1, 1 + Math.floor((below / Math.max(1, rates.length)) * (HEAT_LEVELS - 1)));
}

/** Complaints per topic and group, shaded by the rate per 1,000 cases of the group, rows in the table's order. */
export function HeatMap({ groups, rows, byTitle }: { groups: TopicGroup[]; rows: TacticGroup[]; byTitle: string }) {
  const totals = new Map<string, number>();
  for (const g of groups) for (const t of g.topics) totals.set(t.tactic, (totals.get(t.tactic) ?? 0) + t.complaints);
  const topics = [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([t]) => t);
  if (!groups.length || !topics.length) return <p class="empty-state">No linked complaints with topics in this period.</p>;
  const byKey = new Map(groups.map((g) => [g.key, g]));
  const ordered = rows.flatMap((r) => (byKey.has(r.key) ? [{ g: byKey.get(r.key)!, cases: r.cases }] : []));
  const rateOf = (n: number, cases: number) => (cases > 0 ? (n / cases) * 1000 : 0);
  const rates = ordered.flatMap(({ g, cases }) => g.topics.map((t) => rateOf(t.complaints, cases)).filter((r) => r > 0));
  return (
    <div class="table-wrap">
      <table class="heatmap" data-testid="heatmap">
        <caption class="muted">
          Linked complaints per topic (a complaint with several topics counts under each). The shade is the rate: complaints per 1,000 cases of the group, darker for higher rates
          across the whole table.
        </caption>
        <thead>
          <tr>
            <th scope="col">{byTitle}</th>
            <th scope="col" class="num">
              Complaints
            </th>
            {topics.map((t) => (
              <th scope="col" class="num">
                {t === 'unlabelled' ? 'No topic named' : nameOf('tactic', t)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ordered.map(({ g, cases }) => {
            const counts = new Map(g.topics.map((t) => [t.tactic, t.complaints]));
            return (
              <tr>
                <th scope="row">{g.key}</th>
                <td class="num">{formatCount(g.complaints)}</td>
                {topics.map((t) => {
                  const n = counts.get(t) ?? 0;
                  const rate = rateOf(n, cases);
                  return (
                    <td class={`num heat heat-${heatLevel(rate, rates)}`} title={n ? `${formatRate(rate)} per 1,000 cases` : undefined}>
                      {formatCount(n)}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

// ---- the page ----

export interface TacticsPageProps {
  user: AuthUser;
  csrfToken: string;
  values: TacticsValues;
  problems: string[];
  /** The period actually used (defaults filled in); null when the form had a problem. */
  period: { from: number; to: number } | null;
  groups: TacticGroup[];
  topics: TopicGroup[];
  change: ChangeResult | null;
  /** Rates over time for the same groups (GET /api/analytics/trend); the section is left out when not given. */
  trend?: TrendResult | null;
  /** The page's saved views (shared with everyone who may see it). */
  views?: SavedView[];
  /** The group looked at closely, with when in the day its actions went out and the change proposed for it. */
  focus?: GroupAsked | null;
  timeOfDay?: TimeOfDayResult | null;
  proposal?: ProposedChange | null;
}

/** A change found by the trend's test, for the group looked at or one of its two parts (in that grouping). */
export interface ProposedChange {
  point: ChangePoint;
  by: GroupBy;
  split_by?: GroupBy;
}

function Hidden({ values, names }: { values: TacticsValues; names: (keyof TacticsValues)[] }) {
  return <>{names.map((n) => (values[n] ? <input type="hidden" name={n} value={values[n]} /> : null))}</>;
}

/** `groups` in words; `keys` their keys as the form takes them, in the same order. */
function TacticsTable({ groups, keys, values }: { groups: TacticGroup[]; keys: string[]; values: TacticsValues }) {
  const focusHref = (key: string) => `/tactics${queryString({ ...values, key, action_type: '', at: '', span_days: '' })}`;
  const span = ratioScale(groups.map((g) => g.rate_ratio));
  // The lower bound is the default order, so only the other one needs saying in the link.
  const sortHref = (sort: 'key' | 'low') => `/tactics${queryString({ ...values, sort: sort === 'low' ? '' : sort })}`;
  return (
    <>
      <p class="sort-links">
        Sort: {values.sort === 'key' ? <strong>by {groupingTitle(values).toLowerCase()}</strong> : <a href={sortHref('key')}>by {groupingTitle(values).toLowerCase()}</a>} ·{' '}
        {values.sort === 'low' ? <strong>by lower bound per 1,000 cases</strong> : <a href={sortHref('low')}>by lower bound per 1,000 cases</a>} ·{' '}
        <a href={`/tactics.csv${queryString({ ...values })}`} download>
          Download as CSV
        </a>
      </p>
      <div class="table-wrap">
        <table class="tactics" data-testid="tactics-table">
          <thead>
            <tr>
              <th scope="col">{groupingTitle(values)}</th>
              <th scope="col" class="num">
                Cases
              </th>
              <th scope="col" class="num">
                Actions
              </th>
              <th scope="col" class="num">
                Complaints
              </th>
              <th scope="col" class="num">
                Per 1,000 cases
              </th>
              <th scope="col" class="num">
                Per 1,000 actions
              </th>
              <th scope="col" class="num">
                Rate ratio vs all others
              </th>
              <th scope="col" class="interval-col">
                Rate ratio, 95% interval (log scale; the line is 1)
              </th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g, i) => (
              <tr data-testid="tactic-row">
                <th scope="row">
                  <a href={focusHref(keys[i]!)} title={`${g.key}: when in the day, and what changed`}>
                    {g.key}
                  </a>
                  {g.small ? <span class="sub small-note">few complaints — wide interval</span> : null}
                </th>
                <td class="num">{formatCount(g.cases)}</td>
                <td class="num">{formatCount(g.actions)}</td>
                <td class="num">{formatCount(g.complaints)}</td>
                <td class="num">{intervalText(g.rate_per_1000_cases)}</td>
                <td class="num">{intervalText(g.rate_per_1000_actions)}</td>
                <td class="num">
                  {intervalText(g.rate_ratio, formatRatio)}
                  {ratioSide(g.rate_ratio) ? <span class="sub clear-note">{ratioSide(g.rate_ratio) === 1 ? 'clearly higher' : 'clearly lower'}</span> : null}
                </td>
                <td class="interval-col">
                  <RatioBar id={`iv-${i}`} label={g.key} interval={g.rate_ratio} span={span} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="muted explain">
        Each range is a 95% interval: with counts this small the true rate could plausibly lie anywhere in it, so two groups whose intervals overlap may not really differ, and a
        rate ratio whose interval includes 1 shows no clear difference from all other groups.
      </p>
    </>
  );
}

const counted = (n: number, one: string) => `${formatCount(n)} ${n === 1 ? one : `${one}s`}`;

function periodWords(p: { from: number; to: number }) {
  return `${mediumDay(p.from)} – ${mediumDay(p.to)}`;
}

/**
 * A before/after in one sentence: "Complaints per 1,000 actions of sms rose from 4.2 to 18.7 from 2 Nov 2026 — a clear
 * change." A ratio whose interval holds 1 is "no clear change", whatever the two rates look like.
 */
export function changeVerdict(what: string, before: Interval, after: Interval, ratio: Interval, at: number): string {
  if (before.value === null || after.value === null) return `No actions of ${what} on one side of ${mediumDay(at)} to compare.`;
  const clear = (ratio.low !== null && ratio.low > 1) || (ratio.high !== null && ratio.high < 1);
  const moved = after.value > before.value ? 'rose' : after.value < before.value ? 'fell' : 'stayed';
  const rates = moved === 'stayed' ? `stayed at ${formatRate(after.value)}` : `${moved} from ${formatRate(before.value)} to ${formatRate(after.value)}`;
  return `Complaints per 1,000 actions of ${what} ${rates} from ${mediumDay(at)} — ${clear ? 'a clear change' : 'no clear change (the interval of the ratio includes 1)'}.`;
}

export function ChangeBlock({ change }: { change: ChangeResult }) {
  const { before, after } = change;
  const [by, splitBy = ''] = change.by.split('+') as [GroupBy, GroupBy?];
  return (
    <div class="change-result" data-testid="change-result">
      <p class="change-verdict" data-testid="change-verdict">
        <strong>{changeVerdict(groupInWords({ by, split_by: splitBy }, change), before.rate_per_1000_actions, after.rate_per_1000_actions, change.rate_ratio, after.from)}</strong>
      </p>
      <BeforeAfterChart id="before-after" what={groupInWords({ by, split_by: splitBy }, change)} before={before.rate_per_1000_actions} after={after.rate_per_1000_actions} />
      <p class="change-words">
        Rates after: {rateWords(after.rate_per_1000_actions, 'per 1,000 actions')}, before: {rateWords(before.rate_per_1000_actions, '')}. Ratio after ÷ before:{' '}
        {intervalText(change.rate_ratio, formatRatio)}.
      </p>
      <table class="labels">
        <tbody>
          <tr>
            <th scope="row">Before</th>
            <td>
              {periodWords(before)}: {counted(before.complaints, 'complaint')} after {counted(before.actions, 'action')}
              {before.small ? <span class="sub small-note">few complaints — wide interval</span> : null}
            </td>
          </tr>
          <tr>
            <th scope="row">After</th>
            <td>
              {periodWords(after)}: {counted(after.complaints, 'complaint')} after {counted(after.actions, 'action')}
              {after.small ? <span class="sub small-note">few complaints — wide interval</span> : null}
            </td>
          </tr>
        </tbody>
      </table>
      <p class="muted explain">If the ratio's interval includes 1, the data do not show a clear change.</p>
    </div>
  );
}

/**
 * The changes the trend shows, each in one sentence with a link that runs the before/after of that group at that
 * date (the days on each side: the shorter of the two stretches the change was found in).
 */
function ChangePoints({ points, values }: { points: ChangePoint[]; values: TacticsValues }) {
  return (
    <div class="change-points" data-testid="change-points">
      <h3>Where the rate changed</h3>
      {points.length === 0 ? (
        <p class="muted">No clear change in any group's weekly rate: a change is proposed only when an exact test, paying for every week it tried, says so.</p>
      ) : (
        <ul>
          {points.map((c) => {
            const href = `/tactics${queryString({ ...values, key: c.key, action_type: '', at: isoDay(c.at), span_days: String(spanOf(c)) })}`;
            return (
              <li data-testid="change-point">
                {changeVerdict(groupInWords(values, c), c.before.rate_per_1000_actions, c.after.rate_per_1000_actions, c.rate_ratio, c.at)}{' '}
                <span class="muted">(ratio after ÷ before {intervalText(c.rate_ratio, formatRatio)}, its interval widened for every week tried)</span>{' '}
                <a href={href}>Check before and after</a>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/** Groups that are the product's own ids (action types, channels, segments) are shown in words; names as they are. */
const inWordsFor = (by: GroupBy | '', value: string) =>
  value === NO_KEY ? NOT_RECORDED : by === 'action_type' || by === 'channel' || by === 'segment' ? nameOf(by, value) : value;
/** A group's name in words: "Riga B · SMS". A pair's values are split at the last joiner (the second is an id). */
function groupInWords(values: Pick<TacticsValues, 'by' | 'split_by'>, g: { key: string; parts?: [string, string] }): string {
  const at = g.key.lastIndexOf(PAIR_JOINER);
  const parts = g.parts ?? (values.split_by && at >= 0 ? [g.key.slice(0, at), g.key.slice(at + PAIR_JOINER.length)] : null);
  return parts ? `${inWordsFor(values.by, parts[0]!)}${PAIR_JOINER}${inWordsFor(values.split_by, parts[1]!)}` : inWordsFor(values.by, g.key);
}
function inWords<T extends { key: string; parts?: [string, string] }>(values: Pick<TacticsValues, 'by' | 'split_by'>, groups: T[]): T[] {
  return groups.map((g) => ({ ...g, key: groupInWords(values, g) }));
}

/** Days on each side of a proposed change: the shorter of the two stretches it was found in. */
const spanOf = (c: ChangePoint) => Math.max(1, Math.round(Math.min(c.after.to + 1 - c.after.from, c.before.to + 1 - c.before.from) / 86_400_000));

/**
 * One group closely: its before/after when a date is given, else the change its trend (or a part's) proposes with a
 * link that checks it; then when in the day and week its actions went out. At the top of the page.
 */
function GroupFocus({
  values,
  focus,
  change,
  proposal,
  timeOfDay,
}: {
  values: TacticsValues;
  focus: GroupAsked;
  change: ChangeResult | null;
  proposal: ProposedChange | null;
  timeOfDay: TimeOfDayResult | null;
}) {
  const name = groupInWords({ by: focus.by, split_by: focus.split_by ?? '' }, focus);
  const checkHref = (c: ChangePoint) => `/tactics${queryString({ ...values, key: focus.key, action_type: '', at: isoDay(c.at), span_days: String(spanOf(c)) })}`;
  return (
    <section class="card" aria-labelledby="focus-h" data-testid="change-top">
      <h2 id="focus-h">{name}</h2>
      {change ? (
        <>
          <h3>Before and after {mediumDay(change.after.from)}</h3>
          <ChangeBlock change={change} />
        </>
      ) : proposal ? (
        <p data-testid="proposed-change">
          {proposal.point.key === focus.key && proposal.by === focus.by && proposal.split_by === focus.split_by
            ? 'The weekly rate changed: '
            : `${name} has too few complaints a week to place a change alone; ${groupInWords({ by: proposal.by, split_by: proposal.split_by ?? '' }, proposal.point)} changed: `}
          {changeVerdict(
            groupInWords({ by: proposal.by, split_by: proposal.split_by ?? '' }, proposal.point),
            proposal.point.before.rate_per_1000_actions,
            proposal.point.after.rate_per_1000_actions,
            proposal.point.rate_ratio,
            proposal.point.at,
          )}{' '}
          <a href={checkHref(proposal.point)}>
            Check {name} before and after {mediumDay(proposal.point.at)}
          </a>
        </p>
      ) : (
        <p class="muted" data-testid="proposed-change">
          No clear change in {name}'s weekly rate{focus.split_by ? ' or its two parts' : ''}. <a href="#change-h">Compare before and after a date of your choice</a>.
        </p>
      )}
      {timeOfDay ? (
        <>
          <h3>When in the day and week</h3>
          <TimeOfDay what={name} result={timeOfDay} />
        </>
      ) : null}
      <p>
        <a href="#change-h">Change the date or the group</a> ·{' '}
        <a href={`/tactics${queryString({ ...values, key: '', action_type: '', at: '', span_days: '' })}`}>Back to every group</a>
      </p>
    </section>
  );
}

export function TacticsPage({
  user,
  csrfToken,
  values,
  problems,
  period,
  groups: keyed,
  topics: topicsKeyed,
  change,
  trend: trendKeyed,
  views = [],
  focus,
  timeOfDay,
  proposal,
}: TacticsPageProps) {
  const byTitle = groupingTitle(values);
  const groups = keyed && inWords(values, keyed);
  const topics = topicsKeyed && inWords(values, topicsKeyed);
  const trend = trendKeyed && { ...trendKeyed, groups: inWords(values, trendKeyed.groups) };
  return (
    <Layout title="Tactics" user={user} csrfToken={csrfToken} nav="tactics">
      <h1>Tactics</h1>
      <p class="muted">Complaints linked to collection cases, set against what was done on those cases. Counts only: no case or person is shown.</p>
      <Problems problems={problems} lead="The figures were not computed:" />
      <form class="filters card" method="get" action="/tactics" aria-label="What to compare">
        <div>
          <label for="by">Group by</label>
          <select id="by" name="by">
            {GROUP_BYS.map((b) => (
              <option value={b} selected={b === values.by}>
                {GROUP_TITLES[b]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="split_by">Split by</label>
          <select id="split_by" name="split_by" aria-describedby="split-by-hint">
            <option value="" selected={!values.split_by}>
              —
            </option>
            {PAIR_SECONDS.map((b) => (
              <option value={b} selected={b === values.split_by}>
                {GROUP_TITLES[b]}
              </option>
            ))}
          </select>
          <span id="split-by-hint" class="hint">
            For a team, creditor or segment
          </span>
        </div>
        <div>
          <label for="from">Actions from (UTC)</label>
          <IsoDateInput id="from" value={values.from} />
        </div>
        <div>
          <label for="to">To (UTC, inclusive)</label>
          <IsoDateInput id="to" value={values.to} />
        </div>
        <div>
          <label for="window_days">Window (days)</label>
          <input id="window_days" name="window_days" type="number" min="1" max="365" value={values.window_days} placeholder={String(DEFAULT_WINDOW)} />
        </div>
        <div>
          <label for="links">Links</label>
          <select id="links" name="links">
            <option value="any" selected={values.links === 'any'}>
              Suggested or confirmed
            </option>
            <option value="confirmed" selected={values.links === 'confirmed'}>
              Confirmed only
            </option>
          </select>
        </div>
        <Hidden values={values} names={['sort', 'action_type', 'at', 'span_days']} />
        <div class="actions">
          <button type="submit">Show</button>
          <a href="/tactics">Clear</a>
        </div>
      </form>
      <SavedViews page="tactics" views={views} query={queryString({ ...values }).replace(/^\?/, '')} user={user} csrfToken={csrfToken} />
      {focus ? <GroupFocus values={values} focus={focus} change={change} proposal={proposal ?? null} timeOfDay={timeOfDay ?? null} /> : null}
      {period ? (
        <p class="muted">
          Actions {periodWords(period)}; a complaint is a negative, relevant mention linked to a case and published within {values.window_days || DEFAULT_WINDOW} days after an
          action on it.
        </p>
      ) : null}

      <section class="card" aria-labelledby="rates-h">
        <h2 id="rates-h">Complaint rates by {byTitle.toLowerCase()}</h2>
        <p class="muted unit-note">
          Counted per case: how many of the group's cases were complained about, per 1,000 cases (ranked and compared by this); per 1,000 actions beside it, the unit of the trend
          and the before/after.
        </p>
        {period ? (
          groups.length ? (
            <TacticsTable groups={groups} keys={keyed.map((g) => g.key)} values={values} />
          ) : (
            <p class="empty-state">No actions in this period.</p>
          )
        ) : (
          <p class="muted">Correct the form to see the figures.</p>
        )}
      </section>

      {trend !== undefined ? (
        <section class="card" aria-labelledby="trend-h">
          <h2 id="trend-h">Complaints per 1,000 actions over time, by {byTitle.toLowerCase()}</h2>
          {period && trend ? <TrendChart id="trend" trend={trend} byTitle={byTitle} limit={TREND_GROUPS} /> : <p class="muted">Correct the form to see the figures.</p>}
          {period && trendKeyed ? <ChangePoints points={changePoints(trendKeyed)} values={values} /> : null}
        </section>
      ) : null}

      <section class="card" aria-labelledby="topics-h">
        <h2 id="topics-h">What people complain about, by {byTitle.toLowerCase()}</h2>
        {period ? <HeatMap groups={topics} rows={groups} byTitle={byTitle} /> : <p class="muted">Correct the form to see the figures.</p>}
      </section>

      <section class="card" aria-labelledby="change-h">
        <h2 id="change-h">Before and after a change, per 1,000 actions</h2>
        <p class="muted">Complaints per 1,000 actions of one group in the days before a date and the same number of days from it.</p>
        <form class="filters" method="get" action="/tactics" aria-label="Before and after">
          <div>
            <label for="key">{byTitle}</label>
            <select id="key" name="key">
              <option value="" selected={!values.key}>
                Choose…
              </option>
              {(keyed ?? []).map((g) => (
                <option value={g.key} selected={g.key === values.key}>
                  {groupInWords(values, g)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="at">Date of the change</label>
            <IsoDateInput id="at" value={values.at} />
          </div>
          <div>
            <label for="span_days">Days before and after</label>
            <input id="span_days" name="span_days" type="number" min="1" max="730" value={values.span_days} placeholder={String(DEFAULT_SPAN)} />
          </div>
          <Hidden values={values} names={['by', 'split_by', 'from', 'to', 'window_days', 'links', 'sort']} />
          <div class="actions">
            <button type="submit">Compare</button>
          </div>
        </form>
      </section>
    </Layout>
  );
}
