import { requirePermission } from '../../src/api/middleware/auth.ts';
import { Hono } from 'hono';
import { countActiveAlerts, listAlerts } from '../../db/queries/alerts.ts';
import { linkedByReference, linksOfMention } from '../../db/queries/case-view.ts';
import { getMention, type MentionListRow } from '../../db/queries/mentions.ts';
import { stringList } from '../../db/schema/json-lists.ts';
import { recordAudit } from '../../src/core/audit.ts';
import { toCsv } from '../../src/core/csv.ts';
import { listViews } from '../../db/queries/saved-views.ts';
import { listSources } from '../../db/queries/sources.ts';
import { raiseAlertFromMention } from '../../src/actions/alerts/raise.ts';
import { correctLabels } from '../../src/actions/mentions/correct.ts';
import { resetCorrection } from '../../src/actions/mentions/reset.ts';
import type { LabelCorrectionInput, RaiseAlertInput } from '../../src/actions/mentions/schemas.ts';
import { can } from '../../src/core/auth/roles.ts';
import { encodeCursor } from '../../src/core/cursor.ts';
import { parseFilters } from '../lib/filters.ts';
import { isoInstant, queryString, startOfUtcDay } from '../lib/format.ts';
import { DAY_MS } from '../../src/core/time/durations.ts';
import { renderPage } from '../lib/render.ts';
import { requireCsrfToken, requireSession } from '../lib/session.ts';
import type { MentionCases } from '../pages/case.tsx';
import { MentionPage } from '../pages/mention.tsx';
import { MENTIONS_CSV_MAX, MentionsPage } from '../pages/mentions.tsx';
import { OverviewPage, RANGES, type RangeDays, type TacticHeadline } from '../pages/overview.tsx';
import { readTactics } from '../../src/actions/cases/analytics.ts';
import type { Actor } from '../../src/actions/actor.ts';
import type { Deps } from '../../src/core/deps.ts';
import { DEFAULT_WINDOW_DAYS } from '../../src/core/cases/analytics.ts';
import { PAGE_SIZE, originCheck, formLimit, field, notFoundPage, mentionIdParam, requireAlertsWrite } from '../lib/route-kit.tsx';
import type { AppEnv } from '../../src/api/env.ts';

/** Correcting a mention's labels: comms, credit managers and admins. */
const requireCorrect = requirePermission('mentions:correct', 'Your role cannot correct labels.');

const LABELS_DONE: Record<string, string> = {
  corrected: 'Correction saved. It now counts everywhere: alerts, complaint rates, digests and filters.',
  unchanged: 'Nothing changed: the labels were already as chosen.',
  reset: "Correction removed: the analyser's reading stands again.",
};

/**
 * The team and action type with the highest lower bound of complaints per 1,000 cases in the period (who did what:
 * where a complaint rate points), and its rate before.
 */
async function tacticHeadline(deps: Deps, actor: Actor, p: { from: number; before: number; end: number }): Promise<TacticHeadline | null> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const query = { by: 'team' as const, split_by: 'action_type' as const, window_days: DEFAULT_WINDOW_DAYS, links: 'any' as const, sort: 'low' as const };
  const [now, then] = await Promise.all([
    readTactics(deps, actor, { ...query, from: iso(p.from), to: iso(p.end - 1) }),
    readTactics(deps, actor, { ...query, from: iso(p.before), to: iso(p.from - 1) }),
  ]);
  const top = now.groups.find((g) => g.complaints > 0);
  if (!top) return null;
  const before = then.groups.find((g) => g.key === top.key);
  return { key: top.key, parts: top.parts, complaints: top.complaints, rate: top.rate_per_1000_cases, ratio: top.rate_ratio, before: before ? before.rate_per_1000_cases : null };
}

/** The overview, the mention list and a mention's page with its corrections and hand-raised alerts. */
export function mentionRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();

  r.get('/', requireSession, async (c) => {
    const deps = c.get('deps');
    const asked = Number(c.req.query('days'));
    const days: RangeDays = (RANGES as readonly number[]).includes(asked) ? (asked as RangeDays) : 30;
    const end = startOfUtcDay(deps.clock.now()) + DAY_MS;
    const from = end - days * DAY_MS;
    const before = from - days * DAY_MS;
    const [stats, previous, active, openAlerts, headline] = await Promise.all([
      deps.reads.overviewStats(from, end),
      deps.reads.overviewStats(before, from),
      listAlerts(deps.db, { status: ['open', 'acknowledged'], limit: 5 }),
      countActiveAlerts(deps.db),
      can(c.get('user').role, 'analytics:read') ? tacticHeadline(deps, c.get('user'), { from, before, end }) : null,
    ]);
    const alerts = active.map(({ alert: a }) => ({ id: a.id, title: a.title, severity: a.severity, status: a.status, reason: a.reasons[0] ?? null }));
    return renderPage(
      c,
      <OverviewPage
        user={c.get('user')}
        csrfToken={c.get('csrfToken')}
        days={days}
        from={from}
        stats={stats}
        previous={previous}
        headline={headline}
        alerts={alerts}
        openAlerts={openAlerts}
      />,
    );
  });

  r.get('/mentions', requireSession, async (c) => {
    const deps = c.get('deps');
    const sources = await listSources(deps.db);
    const parsed = parseFilters(c.req.query(), new Set(sources.map((s) => s.id)));
    const { items, nextCursor } = await deps.reads.listMentions(parsed.filters, { limit: PAGE_SIZE, cursor: parsed.cursor });
    const olderHref = nextCursor ? queryString({ ...parsed.values, cursor: encodeCursor(nextCursor) }) : null;
    return renderPage(
      c,
      <MentionsPage
        user={c.get('user')}
        csrfToken={c.get('csrfToken')}
        sources={sources.map((s) => ({ id: s.id, name: s.name }))}
        values={parsed.values}
        problems={parsed.problems}
        items={items}
        olderHref={olderHref}
        paged={parsed.cursor !== null}
        views={await listViews(deps.db, 'mentions')}
      />,
    );
  });

  // The list as a spreadsheet, with the page's filters: what the list shows of each mention, the newest first, up
  // to MENTIONS_CSV_MAX. The cited case references only for roles that may read cases. Audited: authors are people.
  r.get('/mentions.csv', requireSession, async (c) => {
    const deps = c.get('deps');
    const user = c.get('user');
    const sources = await listSources(deps.db);
    const parsed = parseFilters(c.req.query(), new Set(sources.map((s) => s.id)));
    if (parsed.problems.length) return c.text(`${parsed.problems.join(' ')}\n`, 400);
    const rows: MentionListRow[] = [];
    let cursor = parsed.cursor;
    do {
      const page = await deps.reads.listMentions(parsed.filters, { limit: Math.min(500, MENTIONS_CSV_MAX - rows.length), cursor });
      rows.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && rows.length < MENTIONS_CSV_MAX);
    const withRefs = can(user.role, 'cases:read');
    const list = (json: unknown) => stringList(json).join('; ');
    const csv = toCsv(
      [
        'id',
        'published_at',
        'source',
        'url',
        'author',
        'title',
        'text',
        'language',
        'relevant',
        'sentiment',
        'sentiment_score',
        'tactics',
        'channels',
        'vulnerability',
        'payer_stance',
        'escalation',
        ...(withRefs ? ['case_refs'] : []),
      ],
      rows.map((m) => [
        m.id,
        isoInstant(m.publishedAt),
        m.sourceName,
        m.url,
        m.author,
        m.title,
        m.text,
        m.language,
        m.isRelevant === null ? null : m.isRelevant ? 'yes' : 'no',
        m.sentimentLabel,
        m.sentimentScore,
        list(m.tactics),
        list(m.channels),
        list(m.vulnerability),
        m.payerStance,
        list(m.escalation),
        ...(withRefs ? [list(m.caseRefs)] : []),
      ]),
    );
    const filters = Object.fromEntries(Object.entries(parsed.values).filter(([, v]) => v !== ''));
    await recordAudit(deps, user.id, 'mention.export', { filters, rows: rows.length });
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="earshot-mentions-${isoInstant(deps.clock.now()).slice(0, 10)}.csv"`,
    });
  });

  r.get('/mentions/:id', requireSession, async (c) => {
    const idText = c.req.param('id');
    const id = /^\d{1,15}$/.test(idText) ? Number(idText) : NaN;
    const mention = Number.isSafeInteger(id) && id > 0 ? await getMention(c.get('deps').db, id) : null;
    if (!mention) return notFoundPage(c, 'There is no mention with that number. It may have been removed with its source.');
    // Case references only for roles that may see cases; the others only learn of a link the mention's text gives away.
    const db = c.get('deps').db;
    const cases: MentionCases = can(c.get('user').role, 'cases:read')
      ? { canRead: true, links: await linksOfMention(db, mention.id) }
      : { canRead: false, linked: await linkedByReference(db, mention.id) };
    const done = c.req.query('done');
    return renderPage(
      c,
      <MentionPage
        user={c.get('user')}
        csrfToken={c.get('csrfToken')}
        mention={mention}
        cases={cases}
        canCorrect={can(c.get('user').role, 'mentions:correct')}
        canRaise={can(c.get('user').role, 'alerts:write')}
        flash={done ? (LABELS_DONE[done] ?? null) : null}
      />,
    );
  });

  // Corrections, through the same actions as PATCH and DELETE /api/mentions/{id}/labels. The form is preset to
  // the current labels; only the fields a person changed become the correction.
  r.post('/mentions/:id/labels', originCheck, formLimit, requireSession, requireCsrfToken, requireCorrect, async (c) => {
    const deps = c.get('deps');
    const id = mentionIdParam(c, 'id');
    const mention = id === null ? null : await getMention(deps.db, id);
    if (!mention) return notFoundPage(c, 'There is no mention with that number. It may have been removed with its source.');
    const body = await c.req.parseBody({ all: true });
    const list = (name: string) => {
      const v = body[name];
      return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
    };
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
    // The changed fields as given: the action holds them to the API's schema, so an unknown label is a 400.
    const input: Record<string, unknown> = {};
    const relevant = field(body, 'relevant');
    const relevantValue = relevant === 'true' ? true : relevant === 'false' ? false : relevant;
    if (relevant && relevantValue !== mention.isRelevant) input.relevant = relevantValue;
    const sentiment = field(body, 'sentiment');
    if (sentiment && sentiment !== mention.sentimentLabel) input.sentiment = sentiment;
    for (const [name, now] of [
      ['tactics', mention.tactics],
      ['vulnerability', mention.vulnerability],
      ['escalation', mention.escalation],
    ] as const) {
      const chosen = list(name);
      if (!same(chosen, now ?? [])) input[name] = chosen;
    }
    if (Object.keys(input).length === 0) return c.redirect(`/mentions/${mention.id}?done=unchanged`, 303);
    await correctLabels(deps, c.get('user'), mention.id, input as LabelCorrectionInput);
    return c.redirect(`/mentions/${mention.id}?done=corrected`, 303);
  });

  r.post('/mentions/:id/alert', originCheck, formLimit, requireSession, requireCsrfToken, requireAlertsWrite, async (c) => {
    const id = mentionIdParam(c, 'id');
    if (id === null || !(await getMention(c.get('deps').db, id))) return notFoundPage(c, 'There is no mention with that number.');
    const body = await c.req.parseBody();
    const input = { severity: field(body, 'severity') || undefined, reason: field(body, 'reason') } as RaiseAlertInput;
    const alertId = await raiseAlertFromMention(c.get('deps'), c.get('user'), id, input);
    return c.redirect(`/alerts/${alertId}`, 303);
  });

  r.post('/mentions/:id/labels/reset', originCheck, formLimit, requireSession, requireCsrfToken, requireCorrect, async (c) => {
    const id = mentionIdParam(c, 'id');
    if (id === null || !(await getMention(c.get('deps').db, id))) return notFoundPage(c, 'There is no mention with that number.');
    await resetCorrection(c.get('deps'), c.get('user'), id);
    return c.redirect(`/mentions/${id}?done=reset`, 303);
  });

  return r;
}
