import { requirePermission } from '../../src/api/middleware/auth.ts';
import { Hono } from 'hono';
import { readChange, readTactics, readTimeOfDay, readTopics, readTrend } from '../../src/actions/cases/analytics.ts';
import { listViews } from '../../db/queries/saved-views.ts';
import { trendBucketDaysFor } from '../components/trend-chart.tsx';
import { renderPage } from '../lib/render.ts';
import { requireSession } from '../lib/session.ts';
import { type GroupAsked, groupInput, parseTacticsQuery } from '../lib/tactics-query.ts';
import { TacticsPage } from '../pages/tactics.tsx';
import { actionProblems } from '../lib/route-kit.tsx';
import type { AppEnv } from '../../src/api/env.ts';
import { toCsv } from '../../src/core/csv.ts';
import { PAIR_JOINER, type TrendResult } from '../../src/core/cases/analytics.ts';
import { changePoints } from '../../src/core/cases/change-points.ts';
import type { Deps } from '../../src/core/deps.ts';
import type { Actor } from '../../src/actions/actor.ts';
import type { ProposedChange } from '../pages/tactics.tsx';

/**
 * The change to check for one group: its own, found in its weekly trend; for a pair, whose weekly counts are a
 * fraction of its parents', failing that the change of its action type or channel, then of its team, creditor or
 * segment. Proposed by the same exact test everywhere; the group's own before/after at that date is the check.
 */
async function proposedChange(deps: Deps, actor: Actor, focus: GroupAsked, own: TrendResult, query: ReturnType<typeof groupInput>): Promise<ProposedChange | null> {
  const found = changePoints(own).find((c) => c.key === focus.key);
  if (found) return { point: found, by: focus.by, ...(focus.split_by && { split_by: focus.split_by }) };
  const at = focus.key.lastIndexOf(PAIR_JOINER);
  if (!focus.split_by || at < 0) return null;
  const parents = [
    { by: focus.split_by, key: focus.key.slice(at + PAIR_JOINER.length) },
    { by: focus.by, key: focus.key.slice(0, at) },
  ];
  for (const parent of parents) {
    const trend = await readTrend(deps, actor, { ...query, by: parent.by, split_by: undefined, bucket_days: own.bucket_days });
    const point = changePoints(trend).find((c) => c.key === parent.key);
    if (point) return { point, by: parent.by };
  }
  return null;
}

/** The tactics page is for roles with `analytics:read` (admin, credit manager). */
const requireAnalyticsRead = requirePermission('analytics:read', 'Your role cannot see complaint rates by tactic.');

/** Complaint rates by tactic: the figures of GET /api/analytics/{tactics,topics,change,trend}, by the same actions. */
export function tacticsRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();

  r.get('/tactics', requireSession, requireAnalyticsRead, async (c) => {
    const deps = c.get('deps');
    const actor = c.get('user');
    const now = deps.clock.now();
    // The form read in the page's words (what it showed, and its problems by field label); nothing is computed
    // from a form with a problem.
    const parsed = parseTacticsQuery(c.req.query(), now);
    let problems = parsed.problems;
    let figures = null;
    let proposal: ProposedChange | null = null;
    if (parsed.tactics) {
      const v = parsed.values;
      const query = groupInput(v, now);
      try {
        figures = await Promise.all([
          readTactics(deps, actor, { ...query, sort: v.sort }),
          readTopics(deps, actor, query),
          parsed.change
            ? readChange(deps, actor, {
                by: parsed.change.by,
                split_by: parsed.change.split_by,
                key: parsed.change.key,
                at: v.at,
                span_days: v.span_days || undefined,
                window_days: query.window_days,
                links: v.links,
              })
            : null,
          // Buckets sized to the period, so the chart keeps readable widths whatever its length.
          readTrend(deps, actor, { ...query, bucket_days: trendBucketDaysFor(parsed.tactics) }),
          parsed.focus ? readTimeOfDay(deps, actor, { ...query, by: parsed.focus.by, split_by: parsed.focus.split_by, key: parsed.focus.key }) : null,
        ]);
        if (parsed.focus && !parsed.change) proposal = await proposedChange(deps, actor, parsed.focus, figures[3], query);
      } catch (err) {
        const refused = actionProblems(err);
        if (!refused) throw err;
        problems = [refused.message];
      }
    }
    const [tactics, topics, change, trend, timeOfDay] = figures ?? [null, null, null, null, null];
    return renderPage(
      c,
      <TacticsPage
        user={c.get('user')}
        csrfToken={c.get('csrfToken')}
        values={parsed.values}
        problems={problems}
        period={figures && parsed.tactics ? { from: parsed.tactics.from, to: parsed.tactics.to } : null}
        groups={tactics?.groups ?? []}
        topics={topics?.groups ?? []}
        change={change}
        trend={trend}
        focus={parsed.focus}
        timeOfDay={timeOfDay}
        proposal={proposal}
        views={await listViews(deps.db, 'tactics')}
      />,
      problems.length ? 400 : 200,
    );
  });

  // The table of the page as a spreadsheet: the same figures (aggregates only: no case, person or text).
  r.get('/tactics.csv', requireSession, requireAnalyticsRead, async (c) => {
    const deps = c.get('deps');
    const now = deps.clock.now();
    const parsed = parseTacticsQuery(c.req.query(), now);
    if (!parsed.tactics) return c.text(`${parsed.problems.join(' ')}\n`, 400);
    const v = parsed.values;
    const { groups } = await readTactics(deps, c.get('user'), { ...groupInput(v, now), sort: v.sort });
    const ends = (i: { value: number | null; low: number | null; high: number | null }) => [i.value, i.low, i.high];
    const csv = toCsv(
      [
        ...(v.split_by ? [v.by, v.split_by] : [v.by]),
        'cases',
        'actions',
        'complaints',
        'per_1000_cases',
        'per_1000_cases_low',
        'per_1000_cases_high',
        'per_1000_actions',
        'per_1000_actions_low',
        'per_1000_actions_high',
        'rate_ratio',
        'rate_ratio_low',
        'rate_ratio_high',
        'few_complaints',
      ],
      groups.map((g) => [
        ...(g.parts ?? [g.key]),
        g.cases,
        g.actions,
        g.complaints,
        ...ends(g.rate_per_1000_cases),
        ...ends(g.rate_per_1000_actions),
        ...ends(g.rate_ratio),
        g.small ? 'yes' : 'no',
      ]),
    );
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="earshot-tactics-${v.by}${v.split_by ? `-${v.split_by}` : ''}-${day(parsed.tactics.from)}-${day(parsed.tactics.to)}.csv"`,
    });
  });

  return r;
}
