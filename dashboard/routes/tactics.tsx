import { Hono } from 'hono';
import { changeAnalytics, tacticsAnalytics, topicsAnalytics, trendAnalytics } from '../../src/core/cases/analytics.ts';
import { renderPage } from '../lib/render.ts';
import { requireSession } from '../lib/session.ts';
import { parseTacticsQuery, TacticsPage, trendQueryFor } from '../pages/tactics.tsx';
import { pagePermission } from '../lib/route-kit.tsx';
import type { AppEnv } from '../../src/api/env.ts';

/** The tactics page is for roles with `analytics:read` (admin, credit manager). */
const requireAnalyticsRead = pagePermission('analytics:read', 'Your role cannot see complaint rates by tactic.');

/** Complaint rates by tactic (the same domain functions as GET /api/analytics/{tactics,topics,change}). */
export function tacticsRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();


  r.get('/tactics', requireSession, requireAnalyticsRead, async (c) => {
    const deps = c.get('deps');
    const parsed = parseTacticsQuery(c.req.query(), deps.clock.now());
    const q = parsed.tactics;
    const [tactics, topics, change, trend] = q
      ? await Promise.all([
          tacticsAnalytics(deps.db, q),
          topicsAnalytics(deps.db, { by: q.by, from: q.from, to: q.to, windowDays: q.windowDays, links: q.links }),
          parsed.change ? changeAnalytics(deps.db, parsed.change) : null,
          trendAnalytics(deps.db, trendQueryFor(q)),
        ])
      : [null, null, null, null];
    return renderPage(
      c,
      <TacticsPage
        user={c.get('user')}
        csrfToken={c.get('csrfToken')}
        values={parsed.values}
        problems={parsed.problems}
        period={q ? { from: q.from, to: q.to } : null}
        groups={tactics?.groups ?? []}
        topics={topics?.groups ?? []}
        change={change}
        trend={trend}
      />,
      parsed.problems.length ? 400 : 200,
    );
  });

  return r;
}
