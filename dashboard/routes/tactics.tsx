import { requirePermission } from '../../src/api/middleware/auth.ts';
import { Hono } from 'hono';
import { readChange, readTactics, readTopics, readTrend } from '../../src/actions/cases/analytics.ts';
import type { ChangeQueryInput } from '../../src/actions/cases/schemas.ts';
import { trendBucketDaysFor } from '../components/trend-chart.tsx';
import { renderPage } from '../lib/render.ts';
import { requireSession } from '../lib/session.ts';
import { parseTacticsQuery } from '../lib/tactics-query.ts';
import { TacticsPage } from '../pages/tactics.tsx';
import { actionProblems } from '../lib/route-kit.tsx';
import type { AppEnv } from '../../src/api/env.ts';

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
    if (parsed.tactics) {
      const v = parsed.values;
      // One instant for `to` when it is left out, so every figure on the page covers the same period.
      const query = { by: v.by, from: v.from || undefined, to: v.to || new Date(now).toISOString(), window_days: v.window_days || undefined, links: v.links };
      try {
        figures = await Promise.all([
          readTactics(deps, actor, { ...query, sort: v.sort }),
          readTopics(deps, actor, query),
          parsed.change
            ? readChange(deps, actor, {
                action_type: v.action_type as ChangeQueryInput['action_type'],
                at: v.at,
                span_days: v.span_days || undefined,
                window_days: query.window_days,
                links: v.links,
              })
            : null,
          // Buckets sized to the period, so the chart keeps readable widths whatever its length.
          readTrend(deps, actor, { ...query, bucket_days: trendBucketDaysFor(parsed.tactics) }),
        ]);
      } catch (err) {
        const refused = actionProblems(err);
        if (!refused) throw err;
        problems = [refused.message];
      }
    }
    const [tactics, topics, change, trend] = figures ?? [null, null, null, null];
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
      />,
      problems.length ? 400 : 200,
    );
  });

  return r;
}
