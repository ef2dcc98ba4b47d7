import { nameOf } from '../../src/core/labels.ts';
import type { OverviewStats } from '../../db/queries/mentions.ts';
import type { AuthUser } from '../../db/queries/users.ts';
import { LANGUAGES, TACTICS, type SentimentLabel } from '../../db/schema/constants.ts';
import { fillDays, HBars, StackedBars } from '../components/charts.tsx';
import { Layout } from '../components/layout.tsx';
import { intervalText, ratioSide } from '../components/intervals.tsx';
import type { Interval } from '../../src/core/cases/rates.ts';
import { SeverityBadge } from './alerts.tsx';
import { DAY_MS } from '../../src/core/time/durations.ts';
import { formatCount, isoDay, languageName, mediumDay, percent, queryString } from '../lib/format.ts';

export const RANGES = [7, 30, 90] as const;
export type RangeDays = (typeof RANGES)[number];

export interface OverviewPageProps {
  user: AuthUser;
  csrfToken: string;
  days: RangeDays;
  /** UTC midnight of the first day shown. */
  from: number;
  stats: OverviewStats;
  /** The same figures for the as many days before, to compare with. */
  previous?: OverviewStats;
  /** For roles that may read complaint rates: the action type with the highest lower bound, and its rate before. */
  headline?: TacticHeadline | null;
  /** Open and acknowledged alerts, most severe and recent first (at most a handful). */
  alerts: OverviewAlert[];
  openAlerts: number;
}

export interface TacticHeadline {
  key: string;
  /** The team and the action type. */
  parts?: [string, string] | undefined;
  complaints: number;
  rate: Interval;
  ratio: Interval;
  /** Its rate per 1,000 cases in the period before, if it had actions then. */
  before: Interval | null;
}

/** "31 the 30 days before (+4)": a figure's value in the previous period and the change, in words. */
function versus(now: number, before: number | undefined, days: number, unit = ''): string | null {
  if (before === undefined) return null;
  const d = now - before;
  return `${formatCount(before)}${unit} the ${days} days before (${d > 0 ? '+' : d < 0 ? '−' : '±'}${formatCount(Math.abs(d))}${unit})`;
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);

/** The credit manager's headline: the team and action type most surely above the rest, and where it was. */
function Headline({ h, days }: { h: TacticHeadline; days: number }) {
  const side = ratioSide(h.ratio);
  return (
    <section class="card" data-testid="tactic-headline" aria-labelledby="headline-heading">
      <h2 id="headline-heading">
        <a href={`/tactics${queryString({ by: 'team', split_by: 'action_type', key: h.key })}`}>Highest complaint rate</a>
      </h2>
      <p>
        <strong>{h.parts ? `${h.parts[0]} · ${nameOf('action_type', h.parts[1])}` : h.key}</strong>: {intervalText(h.rate)} complaints per 1,000 cases ({formatCount(h.complaints)}{' '}
        complaints), {side === 1 ? 'clearly above the other teams and action types' : 'not clearly different from the other teams and action types'}.
        {h.before ? ` The ${days} days before: ${intervalText(h.before)}.` : ` No such actions in the ${days} days before.`}
      </p>
    </section>
  );
}

export interface OverviewAlert {
  id: number;
  title: string;
  severity: string;
  status: string;
  reason: string | null;
}

const analysedOf = (s: OverviewStats) => (s.bySentiment.negative ?? 0) + (s.bySentiment.neutral ?? 0) + (s.bySentiment.positive ?? 0);

const mentionsHref = (params: Record<string, string | undefined>) => `/mentions${queryString(params)}`;

export function OverviewPage({ user, csrfToken, days, from, stats, previous, headline, alerts, openAlerts }: OverviewPageProps) {
  const lastDay = from + (days - 1) * DAY_MS;
  const period = { from: isoDay(from), to: isoDay(lastDay) };
  const series = fillDays(stats.byDay, from, days);
  const analysed = analysedOf(stats);
  const dayHref = (day: number, sentiment?: SentimentLabel) => mentionsHref({ from: isoDay(day), to: isoDay(day), sentiment });

  const languages = stats.byLanguage.map((l) => ({
    label: `${languageName(l.language)} (${l.language})`,
    value: l.count,
    href: (LANGUAGES as readonly string[]).includes(l.language) ? mentionsHref({ ...period, language: l.language }) : undefined,
  }));
  const tactics = stats.topTactics.map((t) => ({
    label: nameOf('tactic', t.tactic),
    value: t.count,
    href: (TACTICS as readonly string[]).includes(t.tactic) ? mentionsHref({ ...period, tactic: t.tactic, relevant: '1' }) : undefined,
  }));

  return (
    <Layout title="Overview" user={user} csrfToken={csrfToken} nav="overview">
      <section data-testid="overview" class="stack">
        <div class="page-head">
          <div>
            <h1>Overview</h1>
            <p class="muted">
              Last {days} days: {mediumDay(from)} to {mediumDay(lastDay)} (UTC)
            </p>
          </div>
          <nav aria-label="Period">
            <ul class="ranges">
              {RANGES.map((r) => (
                <li>
                  <a href={`/?days=${r}`} aria-current={r === days ? 'page' : undefined}>
                    {r} days
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </div>

        <section class="card" aria-labelledby="alerts-heading" data-testid="overview-alerts">
          <h2 id="alerts-heading">
            <a href="/alerts">Open alerts</a> <span class="muted">({formatCount(openAlerts)})</span>
          </h2>
          {alerts.length === 0 ? (
            <p class="muted">No open alerts.</p>
          ) : (
            <ul class="overview-alerts">
              {alerts.map((a) => (
                <li data-testid="overview-alert">
                  <SeverityBadge severity={a.severity} /> <a href={`/alerts/${a.id}`}>{a.title}</a>
                  {a.status === 'acknowledged' ? <span class="muted"> · acknowledged</span> : null}
                  {a.reason ? <span class="sub">{a.reason}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </section>

        {headline ? <Headline h={headline} days={days} /> : null}

        <dl class="stats">
          <div class="stat">
            <dt>Mentions</dt>
            <dd>
              <a href={mentionsHref(period)}>{formatCount(stats.total)}</a>
              {previous ? <span class="sub">{versus(stats.total, previous.total, days)}</span> : null}
            </dd>
          </div>
          <div class="stat">
            <dt>Relevant</dt>
            <dd>
              <a href={mentionsHref({ ...period, relevant: '1' })}>{percent(stats.relevant, stats.total)}</a>
              <span class="sub">{formatCount(stats.relevant)} about collection</span>
              {previous ? <span class="sub">{versus(pct(stats.relevant, stats.total), pct(previous.relevant, previous.total), days, ' %')}</span> : null}
            </dd>
          </div>
          <div class="stat">
            <dt>Negative</dt>
            <dd>
              <a href={mentionsHref({ ...period, sentiment: 'negative' })}>{percent(stats.bySentiment.negative ?? 0, analysed)}</a>
              <span class="sub">
                {formatCount(stats.bySentiment.negative ?? 0)} of {formatCount(analysed)} analysed
              </span>
              {previous ? (
                <span class="sub">{versus(pct(stats.bySentiment.negative ?? 0, analysed), pct(previous.bySentiment.negative ?? 0, analysedOf(previous)), days, ' %')}</span>
              ) : null}
            </dd>
          </div>
          <div class="stat">
            <dt>Positive</dt>
            <dd>
              <a href={mentionsHref({ ...period, sentiment: 'positive' })}>{percent(stats.bySentiment.positive ?? 0, analysed)}</a>
              <span class="sub">
                {formatCount(stats.bySentiment.positive ?? 0)} of {formatCount(analysed)} analysed
              </span>
              {previous ? (
                <span class="sub">{versus(pct(stats.bySentiment.positive ?? 0, analysed), pct(previous.bySentiment.positive ?? 0, analysedOf(previous)), days, ' %')}</span>
              ) : null}
            </dd>
          </div>
        </dl>

        <div class="card">
          <h2 id="per-day">Mentions per day, by sentiment</h2>
          <StackedBars id="chart-days" title={`Mentions per day by sentiment, last ${days} days`} days={series} href={dayHref} />
          <ul class="legend" aria-hidden="true">
            <li>
              <span class="swatch s-negative"></span>negative
            </li>
            <li>
              <span class="swatch s-neutral"></span>neutral
            </li>
            <li>
              <span class="swatch s-positive"></span>positive
            </li>
          </ul>
          <details class="data">
            <summary>Show the numbers</summary>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col" class="num">
                      Negative
                    </th>
                    <th scope="col" class="num">
                      Neutral
                    </th>
                    <th scope="col" class="num">
                      Positive
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {series
                    .filter((d) => d.negative + d.neutral + d.positive > 0)
                    .map((d) => (
                      <tr>
                        <th scope="row">
                          <a href={dayHref(d.day)}>{isoDay(d.day)}</a>
                        </th>
                        <td class="num">{d.negative}</td>
                        <td class="num">{d.neutral}</td>
                        <td class="num">{d.positive}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          </details>
        </div>

        <div class="grid-2">
          <div class="card">
            <h2>By language</h2>
            <HBars id="chart-languages" title={`Mentions by language, last ${days} days`} items={languages} barClass="b-language" empty="No mentions in this period" />
          </div>
          <div class="card">
            <h2>Top tactics</h2>
            <p class="muted">In mentions about a collection experience.</p>
            <HBars
              id="chart-tactics"
              title={`Most mentioned collection tactics, last ${days} days`}
              items={tactics}
              barClass="b-tactic"
              empty="No tactics mentioned in this period"
            />
          </div>
        </div>
      </section>
    </Layout>
  );
}
