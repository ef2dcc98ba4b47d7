import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  countActiveAlerts, deleteChannel, deleteMute, getRule, insertChannel, insertMute, listAlerts, listChannels, listMutes, listRules, updateChannel, updateRule,
} from '../db/queries/alerts.ts';
import type { Db } from '../db/client.ts';
import { actionsOfCase, caseByRef, confirmLink, deleteLink, getLink, identifierCounts, linkedByReference, linkedMentionsOfCase, linksOfMention } from '../db/queries/links.ts';
import { getMention, listMentions, overviewStats } from '../db/queries/mentions.ts';
import { deleteSource, getSource, getSourceByName, insertSource, listSources, sourceVolumes, updateSource } from '../db/queries/sources.ts';
import { audit, listAccounts, listTokens, listUsers } from '../db/queries/users.ts';
import { ROLES, type Role, type AlertStatus, type AlertKind, type Severity, type SourceKind } from '../db/schema/constants.ts';
import { correctLabels, resetLabels, type LabelCorrection } from '../src/core/corrections/correct-labels.ts';
import { RaiseAlertInput, raiseAlertFromMention } from '../src/core/alerts/raise-by-hand.ts';
import { checkedChannelConfig } from '../src/core/alerts/channels.ts';
import { describeZodError } from '../src/api/errors.ts';
import { AlertChangeSchema, alertChangeFrom } from '../src/api/routes/alerts.ts';
import { NewMute } from '../src/api/routes/alert-mutes.ts';
import { digestPreview, NewRecipient, SettingsSchema as DigestSettingsSchema } from '../src/api/routes/digest.ts';
import { NewChannel } from '../src/api/routes/notification-channels.ts';
import { UserChangeSchema } from '../src/api/routes/users.ts';
import { changeUser, revokeApiToken } from '../src/core/auth/manage-users.ts';
import { DIGEST_LANGUAGES, type DigestLanguage } from '../src/core/digest/build-digest.ts';
import { coveredWeek, DEFAULT_SCHEDULE } from '../src/core/digest/send-digests.ts';
import { listCreditors } from '../db/queries/creditors.ts';
import { setReferenceFormat } from '../src/core/cases/creditor-formats.ts';
import { deleteRecipient, getDigestSettings, insertRecipient, listRecipients, saveDigestSettings } from '../db/queries/digest-delivery.ts';
import { z } from 'zod';
import { formatIsoWeek, isValidTimeZone, parseIsoWeek } from '../src/core/digest/week.ts';
import { checkedRuleParams } from '../src/core/alerts/rule-kinds.ts';
import { alertDetail, alertJson } from '../src/core/alerts/alert-view.ts';
import { changeAlert } from '../src/core/alerts/lifecycle.ts';
import type { AppEnv } from '../src/api/env.ts';
import { clientAddress } from '../src/api/client-address.ts';
import { login, LoginLocked, logout, sessionFor } from '../src/core/auth/accounts.ts';
import { can, type Permission } from '../src/core/auth/roles.ts';
import { encodeCursor } from '../src/core/cursor.ts';
import { randomSecret } from '../src/core/crypto.ts';
import { AppError } from '../src/core/errors.ts';
import { changeAnalytics, tacticsAnalytics, topicsAnalytics, trendAnalytics } from '../src/core/cases/analytics.ts';
import { analysisText } from '../src/core/ingest/store-mentions.ts';
import { pollSource } from '../src/core/ingest/poll-source.ts';
import { itemsPerDay, sourceHealth, SPARK_DAYS, VOLUME_DAYS } from '../src/sources/health.ts';
import { previewSource, type Preview } from '../src/sources/preview.ts';
import { adapterFor, settingsFor } from '../src/sources/registry.ts';
import { checkedConfig } from '../src/sources/settings.ts';
import { parseFilters } from './lib/filters.ts';
import { DAY_MS, excerpt, queryString, startOfUtcDay } from './lib/format.ts';
import { renderPage } from './lib/render.ts';
import { choiceFor, fieldsForKind, kindChoices, kindTitle, plainProblems, readSourceForm, type SourceFormValues } from './lib/source-form.ts';
import {
  isHttps,
  LOGIN_CSRF_COOKIE,
  LOGIN_CSRF_PATH,
  requireCsrfToken,
  requireSession,
  safeNext,
  sameSecret,
  SESSION_COOKIE,
} from './lib/session.ts';
import { AlertSettingsPage } from './pages/alert-settings.tsx';
import { DigestPage } from './pages/digest.tsx';
import { AlertPage, AlertsPage, parseAlertsFilter } from './pages/alerts.tsx';
import { ruleParamsFromForm } from './lib/rule-form.ts';
import { caseFlashFor, CasePage, casePath, CasesSearchPage, type CaseAction, type CaseLinkItem, type MentionCases } from './pages/case.tsx';
import { ErrorPage } from './pages/error.tsx';
import { LoginPage } from './pages/login.tsx';
import { MentionPage } from './pages/mention.tsx';
import { MentionsPage } from './pages/mentions.tsx';
import { OverviewPage, RANGES, type RangeDays } from './pages/overview.tsx';
import { DeleteSourcePage, flashFor, NewSourcePage, sortSourceRows, SourcesPage } from './pages/sources.tsx';
import { parseTacticsQuery, TacticsPage, trendQueryFor } from './pages/tactics.tsx';
import { UsersPage } from './pages/users.tsx';
import { STYLE_CSS, STYLE_VERSION } from './static/style.ts';

/** The digest e-mail itself, served with the e-mail's own (stricter than a page's) headers; see src/api/app.ts. */
export const DIGEST_PREVIEW_PATH = '/digest/preview.html';

const PAGE_SIZE = 50;
const MAX_FORM_BYTES = 16 * 1024;
const BAD_LOGIN = 'E-mail or password is wrong';
const LOGIN_CSRF_SHAPE = /^[A-Za-z0-9_-]{43}$/;

type Ctx = Context<AppEnv>;

/** Origin check for unsafe methods (hono's `csrf()`): the request's own origin, plus EARSHOT_PUBLIC_URL behind a proxy. */
const originCheck = csrf({
  origin: (origin, c) => {
    if (origin === new URL(c.req.url).origin) return true;
    const publicUrl = (c as Ctx).get('deps')?.config.publicUrl;
    return !!publicUrl && origin === new URL(publicUrl).origin;
  },
});

const formLimit = bodyLimit({
  maxSize: MAX_FORM_BYTES,
  onError: () => {
    throw new HTTPException(413, { message: 'That form was too large.' });
  },
});

function field(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v : '';
}

/** The login form's double-submit token: reuse a well-formed cookie (several tabs), else make a new one. */
function loginCsrfToken(c: Ctx, fresh = false): string {
  const existing = getCookie(c, LOGIN_CSRF_COOKIE);
  if (!fresh && existing && LOGIN_CSRF_SHAPE.test(existing)) return existing;
  const token = randomSecret();
  setCookie(c, LOGIN_CSRF_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: LOGIN_CSRF_PATH, secure: isHttps(c), maxAge: 60 * 60 });
  return token;
}

function renderLogin(c: Ctx, opts: { next: string; email?: string; error?: string; status?: ContentfulStatusCode; freshToken?: boolean }) {
  const token = loginCsrfToken(c, opts.freshToken);
  c.header('cache-control', 'no-store');
  return renderPage(c, <LoginPage csrf={token} next={opts.next} email={opts.email} error={opts.error} />, opts.status ?? 200);
}

function notFoundPage(c: Ctx, message: string) {
  return renderPage(
    c,
    <ErrorPage status={404} title="Not found" message={message} user={c.get('user')} csrfToken={c.get('csrfToken')} />,
    404,
  );
}

/** Adding, changing, polling and deleting sources is for admins (`sources:write`); reading them is for every role. */
/** A page or form for roles with `permission`; others get a 403 page saying why, in words. */
function pagePermission(permission: Permission, message: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!can(c.get('user').role, permission)) throw new HTTPException(403, { message });
    await next();
  };
}

const requireSourcesWrite = pagePermission('sources:write', 'Only admins can add, change or delete sources.');

/** The source named by the `:id` path parameter, or null. */
async function sourceFromParam(c: Ctx) {
  const idText = c.req.param('id') ?? '';
  const id = /^\d{1,15}$/.test(idText) ? Number(idText) : NaN;
  return Number.isSafeInteger(id) && id > 0 ? getSource(c.get('deps').db, id) : null;
}

const NO_SOURCE = 'There is no source with that number. It may have been deleted.';

/** The "Add a source" page, step 2 when a kind is chosen; `values` null for a fresh form. */
function renderSourceForm(
  c: Ctx,
  kind: SourceKind | null,
  opts: { values?: SourceFormValues | null; problems?: string[]; problemLead?: string; preview?: Preview | null; status?: ContentfulStatusCode } = {},
) {
  const choice = kind ? choiceFor(kind) : null;
  const settings = choice ? settingsFor(choice.kind) : null;
  return renderPage(
    c,
    <NewSourcePage
      user={c.get('user')}
      csrfToken={c.get('csrfToken')}
      choices={kindChoices()}
      choice={choice}
      fields={choice ? (fieldsForKind(choice.kind) ?? []) : []}
      needsUrl={settings?.url === 'required'}
      polled={choice ? adapterFor(choice.kind) !== null : false}
      values={opts.values ?? null}
      problems={opts.problems ?? []}
      problemLead={opts.problemLead}
      preview={opts.preview ?? null}
    />,
    opts.status ?? 200,
  );
}

/** Case pages are for roles with `cases:read`; confirming and removing links needs `cases:write`. */
const requireCasesRead = pagePermission('cases:read', 'Your role cannot see collection cases.');
const requireCasesWrite = pagePermission('cases:write', 'Your role cannot change the links of collection cases.');

const MAX_REF = 100;
const NO_CASE = 'There is no case with that reference. It may have been erased, or not imported yet.';

/** The case named by the `:ref` path parameter, or null (the same lookup as GET /api/cases/{ref}). */
async function caseFromParam(c: Ctx) {
  const ref = c.req.param('ref') ?? '';
  return ref.length >= 1 && ref.length <= MAX_REF ? caseByRef(c.get('deps').db, ref) : null;
}

/** Correcting a mention's labels: comms, credit managers and admins. */
const requireCorrect = pagePermission('mentions:correct', 'Your role cannot correct labels.');

const LABELS_DONE: Record<string, string> = {
  corrected: 'Correction saved. It now counts everywhere: alerts, complaint rates, digests and filters.',
  unchanged: 'Nothing changed: the labels were already as chosen.',
  reset: "Correction removed: the analyser's reading stands again.",
};

/** The tactics page is for roles with `analytics:read` (admin, credit manager). */
const requireAnalyticsRead = pagePermission('analytics:read', 'Your role cannot see complaint rates by tactic.');

/** A mention id path parameter (`:mentionId` unless named), or null. */
function mentionIdParam(c: Ctx, name = 'mentionId'): number | null {
  const text = c.req.param(name) ?? '';
  const id = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** The linked mentions of a case as its timeline shows them: a short excerpt each, never the whole body. */
async function caseLinkItems(db: Db, linked: Awaited<ReturnType<typeof linkedMentionsOfCase>>): Promise<CaseLinkItem[]> {
  const mentions = await Promise.all(linked.map((l) => getMention(db, Number(l.mention_id))));
  return linked.map((l, i) => {
    const m = mentions[i];
    return {
      mentionId: Number(l.mention_id),
      publishedAt: Number(l.published_at),
      sentimentLabel: l.sentiment_label,
      sentimentScore: l.sentiment_score === null ? null : Number(l.sentiment_score),
      excerpt: m ? excerpt(analysisText(m.title, m.text), 200) : '',
      sourceName: m?.sourceName ?? null,
      method: l.method,
      confidence: Number(l.confidence),
      status: l.status,
    };
  });
}

/** Acting on alerts needs `alerts:write` (everyone but viewers). */
const requireAlertsWrite = pagePermission('alerts:write', 'Your role can read alerts but not act on them.');

/** Rules, mutes and channels are changed by admins and communications staff (`alerts:configure`). */
const requireAlertsConfigure = pagePermission('alerts:configure', 'Your role cannot change alert rules, mutes or channels.');

const SETTINGS_DONE: Record<string, string> = {
  rule: 'Rule saved.',
  mute: 'Muted.',
  unmute: 'Mute removed.',
  channel: 'Channel saved.',
};

const ALERT_DONE: Record<string, string> = {
  acknowledge: 'Acknowledged.',
  resolve: 'Resolved.',
  reopen: 'Reopened.',
  assign: 'Assignment saved.',
  snooze: 'Snooze saved.',
  note: 'Note added.',
};

/**
 * The server-rendered dashboard, mounted at `/` by the API app (which sets `deps` and a request id first).
 * Middleware is attached per route, never on `*`, so it cannot touch `/api`, `/metrics` or other routes.
 */
export function createDashboard(): Hono<AppEnv> {
  const dash = new Hono<AppEnv>();

  dash.onError((thrown, c) => {
    const user = c.get('user');
    const csrfToken = c.get('csrfToken');
    // Refused input (the API's schemas, the domain's checks) is shown with its reason and the API's status, never as a 500.
    const err =
      thrown instanceof z.ZodError ? new HTTPException(400, { message: describeZodError(thrown) })
      : thrown instanceof AppError && thrown.status < 500 ? new HTTPException(thrown.status as ContentfulStatusCode, { message: thrown.message })
      : thrown;
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      const title = status === 403 ? 'Forbidden' : status === 404 ? 'Not found' : status === 413 ? 'Too large' : 'Request refused';
      const message =
        status === 403 && (!err.message || err.message === 'Forbidden')
          ? 'This request did not come from an Earshot page. Go back, reload the page and try again.'
          : err.message || 'The request could not be handled.';
      return renderPage(c, <ErrorPage status={status} title={title} message={message} user={user} csrfToken={csrfToken} />, status);
    }
    // Only the message: never request bodies or mention text.
    c.get('deps')?.log.error('dashboard request failed', {
      request_id: c.get('requestId'),
      path: c.req.path,
      error: err.message.slice(0, 500),
    });
    return renderPage(
      c,
      <ErrorPage
        status={500}
        title="Something went wrong"
        message="Something went wrong on our side. The request id identifies it in the log."
        requestId={c.get('requestId')}
        user={user}
        csrfToken={csrfToken}
      />,
      500,
    );
  });

  dash.get('/static/style.css', (c) => {
    const versioned = c.req.query('v') === STYLE_VERSION;
    return c.body(STYLE_CSS, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
    });
  });

  // ---- login / logout ----

  dash.get('/login', async (c) => {
    const next = safeNext(c.req.query('next'));
    const secret = getCookie(c, SESSION_COOKIE);
    if (secret && (await sessionFor(c.get('deps'), secret))) return c.redirect(next, 303);
    return renderLogin(c, { next });
  });

  dash.post('/login', originCheck, formLimit, async (c) => {
    const deps = c.get('deps');
    const body = await c.req.parseBody();
    const next = safeNext(field(body, 'next'));
    const email = field(body, 'email').trim().slice(0, 254);
    const password = field(body, 'password');

    if (!sameSecret(field(body, '_csrf'), getCookie(c, LOGIN_CSRF_COOKIE))) {
      return renderLogin(c, {
        next,
        email,
        error: 'The login form had expired. Please try again.',
        status: 403,
        freshToken: true,
      });
    }
    let session: Awaited<ReturnType<typeof login>> = null;
    try {
      session = email && password && password.length <= 1024 ? await login(deps, email, password, clientAddress(c)) : null;
    } catch (err) {
      if (!(err instanceof LoginLocked)) throw err;
      c.header('retry-after', String(err.retryAfterSeconds));
      return renderLogin(c, { next, email, error: err.message, status: 429 });
    }
    if (!session) return renderLogin(c, { next, email, error: BAD_LOGIN, status: 401 });

    const maxAge = Math.max(0, Math.floor((session.expiresAt - deps.clock.now()) / 1000));
    setCookie(c, SESSION_COOKIE, session.secret, { httpOnly: true, sameSite: 'Lax', path: '/', secure: isHttps(c), maxAge });
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: LOGIN_CSRF_PATH, secure: isHttps(c) });
    c.header('cache-control', 'no-store');
    return c.redirect(next, 303);
  });

  dash.post('/logout', originCheck, formLimit, requireSession, requireCsrfToken, async (c) => {
    const secret = getCookie(c, SESSION_COOKIE);
    if (secret) await logout(c.get('deps'), secret);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
    return c.redirect('/login', 303);
  });

  // ---- pages behind a session ----

  dash.get('/', requireSession, async (c) => {
    const deps = c.get('deps');
    const asked = Number(c.req.query('days'));
    const days: RangeDays = (RANGES as readonly number[]).includes(asked) ? (asked as RangeDays) : 30;
    const end = startOfUtcDay(deps.clock.now()) + DAY_MS;
    const from = end - days * DAY_MS;
    const [stats, active, openAlerts] = await Promise.all([
      overviewStats(deps.db, from, end),
      listAlerts(deps.db, { status: ['open', 'acknowledged'], limit: 5 }),
      countActiveAlerts(deps.db),
    ]);
    const alerts = active.map(({ alert: a }) => ({ id: a.id, title: a.title, severity: a.severity, status: a.status, reason: a.reasons[0] ?? null }));
    return renderPage(c, <OverviewPage user={c.get('user')} csrfToken={c.get('csrfToken')} days={days} from={from} stats={stats} alerts={alerts} openAlerts={openAlerts} />);
  });

  dash.get('/mentions', requireSession, async (c) => {
    const deps = c.get('deps');
    const sources = await listSources(deps.db);
    const parsed = parseFilters(c.req.query(), new Set(sources.map((s) => s.id)));
    const { items, nextCursor } = await listMentions(deps.db, parsed.filters, { limit: PAGE_SIZE, cursor: parsed.cursor });
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
      />,
    );
  });

  dash.get('/mentions/:id', requireSession, async (c) => {
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

  // Corrections, through the same functions as PATCH and DELETE /api/mentions/{id}/labels. The form is preset to
  // the current labels; only the fields a person changed become the correction.
  dash.post('/mentions/:id/labels', originCheck, formLimit, requireSession, requireCsrfToken, requireCorrect, async (c) => {
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
    // The changed fields as given: correctLabels holds them to the API's schema, so an unknown label is a 400.
    const input: Record<string, unknown> = {};
    const relevant = field(body, 'relevant');
    const relevantValue = relevant === 'true' ? true : relevant === 'false' ? false : relevant;
    if (relevant && relevantValue !== mention.isRelevant) input.relevant = relevantValue;
    const sentiment = field(body, 'sentiment');
    if (sentiment && sentiment !== mention.sentimentLabel) input.sentiment = sentiment;
    for (const [name, now] of [['tactics', mention.tactics], ['vulnerability', mention.vulnerability], ['escalation', mention.escalation]] as const) {
      const chosen = list(name);
      if (!same(chosen, now ?? [])) input[name] = chosen;
    }
    if (Object.keys(input).length === 0) return c.redirect(`/mentions/${mention.id}?done=unchanged`, 303);
    await correctLabels(deps, mention.id, input as LabelCorrection, c.get('user').id);
    return c.redirect(`/mentions/${mention.id}?done=corrected`, 303);
  });

  dash.post('/mentions/:id/alert', originCheck, formLimit, requireSession, requireCsrfToken, requireAlertsWrite, async (c) => {
    const id = mentionIdParam(c, 'id');
    if (id === null || !(await getMention(c.get('deps').db, id))) return notFoundPage(c, 'There is no mention with that number.');
    const body = await c.req.parseBody();
    const input = RaiseAlertInput.parse({ severity: field(body, 'severity') || undefined, reason: field(body, 'reason') });
    const alertId = await raiseAlertFromMention(c.get('deps'), id, input, c.get('user').id);
    return c.redirect(`/alerts/${alertId}`, 303);
  });

  dash.post('/mentions/:id/labels/reset', originCheck, formLimit, requireSession, requireCsrfToken, requireCorrect, async (c) => {
    const id = mentionIdParam(c, 'id');
    if (id === null || !(await getMention(c.get('deps').db, id))) return notFoundPage(c, 'There is no mention with that number.');
    await resetLabels(c.get('deps'), id, c.get('user').id);
    return c.redirect(`/mentions/${id}?done=reset`, 303);
  });

  // ---- tactics: the same domain functions as GET /api/analytics/{tactics,topics,change} ----

  dash.get('/tactics', requireSession, requireAnalyticsRead, async (c) => {
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

  // ---- sources ----

  dash.get('/sources', requireSession, async (c) => {
    const deps = c.get('deps');
    const now = deps.clock.now();
    const [sources, volumes] = await Promise.all([listSources(deps.db), sourceVolumes(deps.db, now, VOLUME_DAYS, SPARK_DAYS)]);
    const rows = sources.map((source) => {
      const volume = volumes.get(source.id);
      return { source, kindTitle: kindTitle(source.kind), health: sourceHealth(source, volume, now), volume, itemsPerDay: itemsPerDay(volume), polled: adapterFor(source.kind) !== null };
    });
    const flash = flashFor(c.req.query(), new Map(sources.map((s) => [s.id, s.name])));
    return renderPage(
      c,
      <SourcesPage user={c.get('user')} csrfToken={c.get('csrfToken')} now={now} rows={sortSourceRows(rows)} canWrite={can(c.get('user').role, 'sources:write')} flash={flash} />,
    );
  });

  // Step 1 (no kind) picks the kind with a GET form; step 2 (?kind=…) shows that kind's fields.
  dash.get('/sources/new', requireSession, requireSourcesWrite, (c) => {
    const asked = c.req.query('kind');
    const choice = asked ? choiceFor(asked) : null;
    if (asked && !choice) {
      return renderSourceForm(c, null, { problems: [`There is no kind of source called “${asked.slice(0, 40)}”.`], status: 404 });
    }
    return renderSourceForm(c, choice?.kind ?? null);
  });

  dash.post('/sources/test', originCheck, formLimit, requireSession, requireCsrfToken, requireSourcesWrite, async (c) => {
    const body = await c.req.parseBody();
    const choice = choiceFor(field(body, 'kind'));
    if (!choice) return renderSourceForm(c, null, { problems: ['Choose the kind of source first.'], status: 400 });
    const read = readSourceForm(choice.kind, body, false);
    if (!adapterFor(choice.kind)) read.problems.push('A push source receives its mentions, so there is nothing to fetch and test.');
    if (read.problems.length || !read.input) {
      return renderSourceForm(c, choice.kind, { values: read.values, problems: read.problems, problemLead: 'The source was not tested:', status: 400 });
    }
    // Nothing is stored: the preview fetches once with the settings as entered.
    const preview = await previewSource(c.get('deps'), choice.kind, read.input.url, read.input.config);
    return renderSourceForm(c, choice.kind, { values: read.values, preview });
  });

  dash.post('/sources', originCheck, formLimit, requireSession, requireCsrfToken, requireSourcesWrite, async (c) => {
    const deps = c.get('deps');
    const body = await c.req.parseBody();
    const choice = choiceFor(field(body, 'kind'));
    if (!choice) return renderSourceForm(c, null, { problems: ['Choose the kind of source first.'], status: 400 });
    const read = readSourceForm(choice.kind, body);
    const notAdded = (problems: string[], status: ContentfulStatusCode) =>
      renderSourceForm(c, choice.kind, { values: read.values, problems, problemLead: 'The source was not added:', status });
    if (read.problems.length || !read.input) return notAdded(read.problems, 400);
    const input = read.input;
    if (await getSourceByName(deps.db, input.name)) return notAdded([`A source named “${input.name}” already exists; choose another name.`], 409);
    let config: Record<string, unknown>;
    try {
      // The same checks, and the same sealing of credentials, as POST /api/sources.
      config = await checkedConfig(deps, choice.kind, input.url, input.config);
    } catch (err) {
      if (err instanceof AppError && err.code === 'BAD_REQUEST') return notAdded(plainProblems(err.message), 400);
      throw err;
    }
    const now = deps.clock.now();
    const s = await insertSource(deps.db, {
      name: input.name,
      kind: choice.kind,
      url: input.url,
      config,
      pollIntervalSeconds: input.pollIntervalSeconds,
      nextPollAt: now,
      createdAt: now,
      updatedAt: now,
    });
    await audit(deps.db, { at: now, actorUserId: c.get('user').id, action: 'source.create', target: `source:${s.id}` });
    return c.redirect(`/sources${queryString({ done: 'added', id: s.id })}`, 303);
  });

  for (const [action, paused] of [['pause', true], ['resume', false]] as const) {
    dash.post(`/sources/:id/${action}`, originCheck, formLimit, requireSession, requireCsrfToken, requireSourcesWrite, async (c) => {
      const deps = c.get('deps');
      const source = await sourceFromParam(c);
      if (!source) return notFoundPage(c, NO_SOURCE);
      const now = deps.clock.now();
      await updateSource(deps.db, source.id, { isPaused: paused, updatedAt: now });
      await audit(deps.db, { at: now, actorUserId: c.get('user').id, action: 'source.update', target: `source:${source.id}`, details: { fields: ['is_paused'] } });
      return c.redirect(`/sources${queryString({ done: paused ? 'paused' : 'resumed', id: source.id })}`, 303);
    });
  }

  dash.post('/sources/:id/poll', originCheck, formLimit, requireSession, requireCsrfToken, requireSourcesWrite, async (c) => {
    const deps = c.get('deps');
    const source = await sourceFromParam(c);
    if (!source) return notFoundPage(c, NO_SOURCE);
    if (!adapterFor(source.kind)) throw new HTTPException(400, { message: 'A push source receives its mentions; it cannot be polled.' });
    // Failures are recorded on the source and returned, never thrown: the list shows the error afterwards.
    const outcome = await pollSource(deps, source);
    await audit(deps.db, { at: deps.clock.now(), actorUserId: c.get('user').id, action: 'source.poll', target: `source:${source.id}` });
    const counts = outcome.outcome === 'ok' ? { new: outcome.new, updated: outcome.updated, duplicates: outcome.duplicates } : {};
    return c.redirect(`/sources${queryString({ done: 'polled', id: source.id, outcome: outcome.outcome, ...counts })}`, 303);
  });

  // Without client script, deleting takes a confirmation page.
  dash.get('/sources/:id/delete', requireSession, requireSourcesWrite, async (c) => {
    const source = await sourceFromParam(c);
    if (!source) return notFoundPage(c, NO_SOURCE);
    return renderPage(c, <DeleteSourcePage user={c.get('user')} csrfToken={c.get('csrfToken')} source={source} />);
  });

  dash.post('/sources/:id/delete', originCheck, formLimit, requireSession, requireCsrfToken, requireSourcesWrite, async (c) => {
    const deps = c.get('deps');
    const source = await sourceFromParam(c);
    if (!source) return notFoundPage(c, NO_SOURCE);
    await deleteSource(deps.db, source.id);
    await audit(deps.db, { at: deps.clock.now(), actorUserId: c.get('user').id, action: 'source.delete', target: `source:${source.id}` });
    return c.redirect('/sources?done=deleted', 303);
  });




  // ---- the weekly digest, previewed as sent (the same function as GET /api/digest/preview) ----

  /** The preview's choices from the query: defaults filled in, or the reason they cannot be used. */
  const digestQuery = (c: Ctx) => {
    const q = c.req.query();
    const viewer = c.get('user').role;
    const tz = q.time_zone?.trim() || 'UTC';
    const values = {
      week: q.week?.trim() || formatIsoWeek(coveredWeek(c.get('deps').clock.now(), isValidTimeZone(tz) ? tz : 'UTC')),
      role: q.role && (ROLES as readonly string[]).includes(q.role) ? q.role : viewer,
      language: q.language && (DIGEST_LANGUAGES as readonly string[]).includes(q.language) ? q.language : 'en',
      time_zone: tz,
    };
    const problem = !parseIsoWeek(values.week)
      ? `"${values.week}" is not an ISO week like 2026-W47.`
      : !isValidTimeZone(tz)
        ? `"${tz}" is not a time zone; use a name like Europe/Riga.`
        : values.role !== viewer && !can(viewer, 'digest:configure')
          ? 'Your role may preview only its own digest.'
          : null;
    return { values, problem, preview: { week: values.week, role: values.role as Role, language: values.language as DigestLanguage, time_zone: tz } };
  };

  dash.get('/digest', requireSession, async (c) => {
    const { values, problem, preview } = digestQuery(c);
    const viewer = c.get('user').role;
    const mail = problem ? null : await digestPreview(c.get('deps'), viewer, preview, new URL(c.req.url).origin);
    return renderPage(
      c,
      <DigestPage
        user={c.get('user')}
        csrfToken={c.get('csrfToken')}
        values={values}
        roles={can(viewer, 'digest:configure') ? ROLES : [viewer]}
        preview={mail ? { subject: mail.subject, text: mail.text } : null}
        problem={problem}
        previewPath={DIGEST_PREVIEW_PATH}
        config={
          can(viewer, 'digest:configure')
            ? { settings: (await getDigestSettings(c.get('deps').db)) ?? DEFAULT_SCHEDULE, recipients: await listRecipients(c.get('deps').db) }
            : null
        }
        flash={c.req.query('done') === 'settings' ? 'Schedule saved.' : c.req.query('done') === 'recipients' ? 'Recipients saved.' : null}
      />,
      problem ? 400 : 200,
    );
  });


  const requireDigestConfigure = pagePermission('digest:configure', 'Only admins can change the digest schedule and recipients.');
  const digestForm = [originCheck, formLimit, requireSession, requireCsrfToken, requireDigestConfigure] as const;
  /** A refused digest setting: the reason, on a page that leads back. */
  const digestRefused = (message: string): never => {
    throw new HTTPException(400, { message });
  };

  dash.post('/digest/settings', ...digestForm, async (c) => {
    const deps = c.get('deps');
    const body = await c.req.parseBody();
    const b = DigestSettingsSchema.parse({ cron: field(body, 'cron').trim(), time_zone: field(body, 'time_zone').trim(), sender: field(body, 'sender').trim() || null, enabled: field(body, 'enabled') === '1' });
    const now = deps.clock.now();
    await saveDigestSettings(deps.db, { cron: b.cron, timeZone: b.time_zone, sender: b.sender, enabled: b.enabled, now });
    await audit(deps.db, { at: now, actorUserId: c.get('user').id, action: 'digest.settings', target: 'digest' });
    return c.redirect('/digest?done=settings', 303);
  });

  dash.post('/digest/recipients', ...digestForm, async (c) => {
    const deps = c.get('deps');
    const body = await c.req.parseBody();
    const given = (name: string) => field(body, name).trim() || undefined;
    const b = NewRecipient.parse({ email: field(body, 'email').trim(), name: given('name') ?? null, role: field(body, 'role'), time_zone: given('time_zone'), language: given('language') });
    const now = deps.clock.now();
    const r = await insertRecipient(deps.db, { email: b.email, name: b.name, role: b.role, timeZone: b.time_zone, language: b.language, enabled: b.enabled, now });
    if (!r) return digestRefused(`${b.email} gets the digest already.`);
    await audit(deps.db, { at: now, actorUserId: c.get('user').id, action: 'digest.recipient_add', target: `digest_recipient:${r.id}` });
    return c.redirect('/digest?done=recipients', 303);
  });

  dash.post('/digest/recipients/:id/delete', ...digestForm, async (c) => {
    const deps = c.get('deps');
    const idText = c.req.param('id');
    const id = /^\d{1,15}$/.test(idText) ? Number(idText) : NaN;
    if (!Number.isSafeInteger(id) || !(await deleteRecipient(deps.db, id))) return notFoundPage(c, 'That recipient no longer exists.');
    await audit(deps.db, { at: deps.clock.now(), actorUserId: c.get('user').id, action: 'digest.recipient_remove', target: `digest_recipient:${id}` });
    return c.redirect('/digest?done=recipients', 303);
  });

  dash.get(DIGEST_PREVIEW_PATH, requireSession, async (c) => {
    const { problem, preview } = digestQuery(c);
    if (problem) throw new HTTPException(400, { message: problem });
    const mail = await digestPreview(c.get('deps'), c.get('user').role, preview, new URL(c.req.url).origin);
    c.header('cache-control', 'no-store');
    return c.html(mail.html);
  });

  // ---- alert settings: rules, mutes, channels (the same checks as /api/alert-rules, /api/alert-mutes, /api/notification-channels) ----

  const renderAlertSettings = async (c: Ctx, opts: { flash?: string | null; problem?: string | null; status?: ContentfulStatusCode } = {}) => {
    const deps = c.get('deps');
    const role = c.get('user').role;
    const canConfigure = can(role, 'alerts:configure');
    const [rules, mutes, channels] = await Promise.all([listRules(deps.db), listMutes(deps.db), canConfigure ? listChannels(deps.db) : null]);
    return renderPage(
      c,
      <AlertSettingsPage
        user={c.get('user')}
        csrfToken={c.get('csrfToken')}
        rules={rules}
        mutes={mutes}
        channels={channels}
        canConfigure={canConfigure}
        flash={opts.flash ?? null}
        problem={opts.problem ?? null}
      />,
      opts.status ?? 200,
    );
  };

  /** Runs a settings change; a refused one is shown on the settings page with its reason. */
  const settingsChange = (change: (c: Ctx, id: number | null) => Promise<string>) => async (c: Ctx) => {
    const idText = c.req.param('id');
    const id = idText === undefined ? null : /^\d{1,15}$/.test(idText) ? Number(idText) : NaN;
    if (Number.isNaN(id)) return notFoundPage(c, 'There is no such setting.');
    try {
      const done = await change(c, id);
      return c.redirect(`/alerts/settings?done=${encodeURIComponent(done)}`, 303);
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return notFoundPage(c, 'That setting no longer exists.');
      if (err instanceof AppError) return renderAlertSettings(c, { problem: err.message, status: 400 });
      if (err instanceof z.ZodError) return renderAlertSettings(c, { problem: describeZodError(err), status: 400 });
      throw err;
    }
  };
  const configure = [originCheck, formLimit, requireSession, requireCsrfToken, requireAlertsConfigure] as const;
  const audited = (c: Ctx, action: string, target: string) => audit(c.get('deps').db, { at: c.get('deps').clock.now(), actorUserId: c.get('user').id, action, target });

  dash.get('/alerts/settings', requireSession, async (c) => {
    const done = c.req.query('done');
    return renderAlertSettings(c, { flash: done && SETTINGS_DONE[done] ? SETTINGS_DONE[done] : null });
  });

  for (const state of ['on', 'off'] as const) {
    dash.post(`/alerts/settings/rules/:id/${state}`, ...configure, settingsChange(async (c, id) => {
      if (!(await updateRule(c.get('deps').db, id!, { enabled: state === 'on' }, c.get('deps').clock.now()))) throw new AppError('NOT_FOUND', 'rule');
      await audited(c, 'alert_rule.update', `alert_rule:${id}`);
      return 'rule';
    }));
    dash.post(`/alerts/settings/channels/:id/${state}`, ...configure, settingsChange(async (c, id) => {
      if (!(await updateChannel(c.get('deps').db, id!, { enabled: state === 'on', updatedAt: c.get('deps').clock.now() }))) throw new AppError('NOT_FOUND', 'channel');
      await audited(c, 'notification_channel.update', `notification_channel:${id}`);
      return 'channel';
    }));
  }

  dash.post('/alerts/settings/rules/:id', ...configure, settingsChange(async (c, id) => {
    const deps = c.get('deps');
    const rule = await getRule(deps.db, id!);
    if (!rule) throw new AppError('NOT_FOUND', 'rule');
    const body = await c.req.parseBody({ all: true });
    const form = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string')]));
    const params = checkedRuleParams(rule.kind, ruleParamsFromForm(rule.kind, form));
    await updateRule(deps.db, rule.id, { params }, deps.clock.now());
    await audited(c, 'alert_rule.update', `alert_rule:${rule.id}`);
    return 'rule';
  }));

  dash.post('/alerts/settings/mutes', ...configure, settingsChange(async (c) => {
    const deps = c.get('deps');
    const body = await c.req.parseBody();
    const chosen = (name: string) => field(body, name).trim() || null;
    const hours = chosen('hours');
    const now = deps.clock.now();
    // "For N hours" (blank: until removed) becomes the API's `until`; then the API's schema decides.
    const mute = NewMute.parse({
      rule_kind: chosen('rule_kind'),
      market: chosen('market'),
      source_kind: chosen('source_kind'),
      until: hours === null ? null : /^\d{1,5}$/.test(hours) && Number(hours) > 0 ? new Date(now + Math.min(Number(hours), 24 * 90) * 3_600_000).toISOString() : hours,
      reason: chosen('reason'),
    });
    const until = mute.until === null ? null : Date.parse(mute.until);
    const m = await insertMute(deps.db, { ruleKind: mute.rule_kind, market: mute.market, sourceKind: mute.source_kind, until, reason: mute.reason, createdBy: c.get('user').id, createdAt: now });
    await audited(c, 'alert_mute.create', `alert_mute:${m.id}`);
    return 'mute';
  }));

  dash.post('/alerts/settings/mutes/:id/delete', ...configure, settingsChange(async (c, id) => {
    if (!(await deleteMute(c.get('deps').db, id!))) throw new AppError('NOT_FOUND', 'mute');
    await audited(c, 'alert_mute.delete', `alert_mute:${id}`);
    return 'unmute';
  }));

  dash.post('/alerts/settings/channels', ...configure, settingsChange(async (c) => {
    const deps = c.get('deps');
    const body = await c.req.parseBody({ all: true });
    const one = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
    const roles = (Array.isArray(body.roles) ? body.roles : body.roles ? [body.roles] : []).filter((r): r is string => typeof r === 'string');
    const kind = one('kind');
    // The form's fields in the API's shape, held to the API's schema and the same channel checks.
    const b = NewChannel.parse({
      name: one('name'),
      kind,
      config: kind === 'email' ? { to: one('to').split(',').map((a) => a.trim()).filter(Boolean), roles } : kind === 'slack' ? { url: one('url') } : { url: one('url'), secret: one('secret') },
      min_severity: one('min_severity') || undefined,
    });
    const now = deps.clock.now();
    const channel = await insertChannel(deps.db, { name: b.name, kind: b.kind, config: await checkedChannelConfig(deps, b.kind, b.config), minSeverity: b.min_severity, enabled: b.enabled, createdAt: now, updatedAt: now });
    if (!channel) throw new AppError('CONFLICT', `A channel named "${b.name}" exists.`);
    await audited(c, 'notification_channel.create', `notification_channel:${channel.id}`);
    return 'channel';
  }));

  dash.post('/alerts/settings/channels/:id/delete', ...configure, settingsChange(async (c, id) => {
    if (!(await deleteChannel(c.get('deps').db, id!))) throw new AppError('NOT_FOUND', 'channel');
    await audited(c, 'notification_channel.delete', `notification_channel:${id}`);
    return 'channel';
  }));

  // ---- alerts: the same domain functions as /api/alerts ----

  dash.get('/alerts', requireSession, async (c) => {
    const deps = c.get('deps');
    const filter = parseAlertsFilter(c.req.query());
    const status = filter.status === 'active' ? (['open', 'acknowledged'] as const) : filter.status ? [filter.status as AlertStatus] : undefined;
    const rows = await listAlerts(deps.db, {
      status: status ? [...status] : undefined,
      severity: filter.severity ? [filter.severity as Severity] : undefined,
      ruleKind: filter.rule ? [filter.rule as AlertKind] : undefined,
      limit: 200,
    });
    const done = c.req.query('done');
    return renderPage(
      c,
      <AlertsPage
        user={c.get('user')}
        csrfToken={c.get('csrfToken')}
        now={deps.clock.now()}
        filter={filter}
        alerts={rows.map((r) => alertJson(r.alert, r.assignee))}
        canAct={can(c.get('user').role, 'alerts:write')}
        flash={done ? (ALERT_DONE[done] ?? null) : null}
      />,
    );
  });

  dash.get('/alerts/:id', requireSession, async (c) => {
    const deps = c.get('deps');
    const idText = c.req.param('id');
    const id = /^\d{1,15}$/.test(idText) ? Number(idText) : NaN;
    const role = c.get('user').role;
    const alert = Number.isSafeInteger(id) && id > 0 ? await alertDetail(deps, id, role).catch((err) => (err instanceof AppError && err.code === 'NOT_FOUND' ? null : Promise.reject(err))) : null;
    if (!alert) return notFoundPage(c, 'There is no alert with that number.');
    let kase: { ref: string; actions: CaseAction[]; links: CaseLinkItem[] } | null = null;
    if (alert.case_ref) {
      const found = await caseByRef(deps.db, alert.case_ref);
      if (found) {
        const [actions, linked] = await Promise.all([actionsOfCase(deps.db, found.id), linkedMentionsOfCase(deps.db, found.id)]);
        kase = { ref: found.case_ref, actions, links: await caseLinkItems(deps.db, linked) };
        // Showing the case's timeline is a view of the case, audited like the case page.
        await audit(deps.db, { at: deps.clock.now(), actorUserId: c.get('user').id, action: 'case.view', target: `case:${found.case_ref}`, details: { via: `alert:${id}` } });
      }
    }
    const users = new Map((await listUsers(deps.db)).map((u) => [u.id, u.name]));
    const done = c.req.query('done');
    return renderPage(
      c,
      <AlertPage
        user={c.get('user')}
        csrfToken={c.get('csrfToken')}
        now={deps.clock.now()}
        alert={alert}
        canAct={can(role, 'alerts:write')}
        kase={kase}
        users={users}
        flash={done ? (ALERT_DONE[done] ?? null) : null}
      />,
    );
  });

  dash.post('/alerts/:id/:action', originCheck, formLimit, requireSession, requireCsrfToken, requireAlertsWrite, async (c) => {
    const deps = c.get('deps');
    const action = c.req.param('action');
    const idText = c.req.param('id');
    const id = /^\d{1,15}$/.test(idText) ? Number(idText) : NaN;
    if (!Number.isSafeInteger(id) || !(action in ALERT_DONE)) return notFoundPage(c, 'There is no such alert action.');
    const body = await c.req.parseBody();
    const value = field(body, 'value').trim();
    const hours = /^\d{1,6}$/.test(value) ? Number(value) : null;
    // The form's words in the API's shape, held to the API's schema: a bad value is a 400 page naming the field.
    const change = alertChangeFrom(
      AlertChangeSchema.parse(
        action === 'acknowledge' ? { status: 'acknowledged' }
        : action === 'resolve' ? { status: 'resolved' }
        : action === 'reopen' ? { status: 'open' }
        : action === 'assign' ? { assignee: value === '' ? null : /^\d{1,15}$/.test(value) ? Number(value) : value }
        : action === 'snooze' ? { snoozed_until: hours === 0 ? null : hours ? new Date(deps.clock.now() + Math.min(hours, 24 * 14) * 3_600_000).toISOString() : value }
        : { note: value },
      ),
    );
    try {
      await changeAlert(deps, id, change, c.get('user').id);
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return notFoundPage(c, 'There is no alert with that number.');
      if (err instanceof AppError) throw new HTTPException(400, { message: err.message });
      throw err;
    }
    const back = field(body, 'back');
    const target = back.startsWith('/alerts') && !back.startsWith('//') ? back : `/alerts/${id}`;
    return c.redirect(`${target}${target.includes('?') ? '&' : '?'}done=${action}`, 303);
  });

  // ---- users and API tokens: the same functions and schema as /api/users and /api/tokens (admins only) ----

  const requireUsersManage = pagePermission('users:manage', 'Only admins can manage users and API tokens.');
  const USERS_DONE: Record<string, string> = {
    role: 'Role saved.',
    disable: 'Disabled: their sessions have ended and their API tokens no longer work.',
    enable: 'Enabled: they can log in and use their tokens again.',
    revoke: 'Token revoked: it no longer works.',
  };

  const renderUsers = async (c: Ctx, opts: { flash?: string | null; problem?: string | null; status?: ContentfulStatusCode } = {}) => {
    const deps = c.get('deps');
    const [accounts, tokens] = await Promise.all([listAccounts(deps.db), listTokens(deps.db)]);
    return renderPage(
      c,
      <UsersPage user={c.get('user')} csrfToken={c.get('csrfToken')} now={deps.clock.now()} accounts={accounts} tokens={tokens} flash={opts.flash ?? null} problem={opts.problem ?? null} />,
      opts.status ?? 200,
    );
  };

  dash.get('/users', requireSession, requireUsersManage, (c) => {
    const done = c.req.query('done');
    return renderUsers(c, { flash: done ? (USERS_DONE[done] ?? null) : null });
  });

  /** Runs a change from the Users page; a refused one (the last admin, a bad value) is shown there with its reason. */
  const usersChange = (done: keyof typeof USERS_DONE, change: (c: Ctx, id: number) => Promise<unknown>) => async (c: Ctx) => {
    const id = mentionIdParam(c, 'id');
    if (id === null) return notFoundPage(c, 'There is no such user or token.');
    try {
      await change(c, id);
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return notFoundPage(c, 'There is no such user or token.');
      if (err instanceof AppError) return renderUsers(c, { problem: err.message, status: err.status as ContentfulStatusCode });
      if (err instanceof z.ZodError) return renderUsers(c, { problem: describeZodError(err), status: 400 });
      throw err;
    }
    return c.redirect(`/users?done=${done}`, 303);
  };
  const manageUsers = [originCheck, formLimit, requireSession, requireCsrfToken, requireUsersManage] as const;

  dash.post('/users/:id/role', ...manageUsers, usersChange('role', async (c, id) => {
    const body = await c.req.parseBody();
    await changeUser(c.get('deps'), id, UserChangeSchema.parse({ role: field(body, 'role') }), c.get('user').id);
  }));
  for (const [action, disabled] of [['disable', true], ['enable', false]] as const) {
    dash.post(`/users/:id/${action}`, ...manageUsers, usersChange(action, (c, id) => changeUser(c.get('deps'), id, UserChangeSchema.parse({ disabled }), c.get('user').id)));
  }
  dash.post('/tokens/:id/revoke', ...manageUsers, usersChange('revoke', (c, id) => revokeApiToken(c.get('deps'), id, c.get('user').id)));

  // ---- cases ----

  const renderCases = async (c: Ctx, extra: { problem?: string; flash?: string | null; status?: ContentfulStatusCode } = {}) => {
    const creditors = (await listCreditors(c.get('deps').db)).map((r) => ({ creditor: r.creditor, cases: r.cases, format: r.ref_format }));
    return renderPage(
      c,
      <CasesSearchPage user={c.get('user')} csrfToken={c.get('csrfToken')} creditors={creditors} canWrite={can(c.get('user').role, 'cases:write')} problem={extra.problem} flash={extra.flash} />,
      extra.status ?? 200,
    );
  };

  dash.get('/cases', requireSession, requireCasesRead, async (c) => {
    const asked = c.req.query('ref');
    if (asked === undefined) {
      const q = c.req.query();
      const flash = q.done === 'format' ? `Saved the reference format of ${q.creditor ?? 'the creditor'}: ${q.mentions ?? 0} mentions read again, ${q.added ?? 0} links added, ${q.removed ?? 0} removed.` : null;
      return renderCases(c, { flash });
    }
    const ref = asked.trim();
    if (!ref || ref.length > MAX_REF) {
      const problem = ref ? `A case reference has at most ${MAX_REF} characters.` : 'Enter a case reference.';
      return renderPage(c, <CasesSearchPage user={c.get('user')} csrfToken={c.get('csrfToken')} value={ref.slice(0, MAX_REF)} problem={problem} />, 400);
    }
    return c.redirect(casePath(ref), 303);
  });


  // As PUT /api/creditors/{creditor}/reference-format: validated, audited, stored mentions re-linked at once.
  dash.post('/cases/reference-format', originCheck, formLimit, requireSession, requireCsrfToken, requireCasesWrite, async (c) => {
    const body = await c.req.parseBody();
    const creditor = field(body, 'creditor');
    const format = field(body, 'format').trim();
    try {
      const done = await setReferenceFormat(c.get('deps'), creditor, format || null, c.get('user').id);
      const r = done.relinked;
      return c.redirect(`/cases${queryString({ done: 'format', creditor, mentions: r.mentions, added: r.links_added, removed: r.links_removed })}`, 303);
    } catch (err) {
      if (err instanceof AppError) return renderCases(c, { problem: `${creditor}: ${err.message}`, status: err.code === 'NOT_FOUND' ? 404 : 400 });
      throw err;
    }
  });

  dash.get('/cases/:ref', requireSession, requireCasesRead, async (c) => {
    const deps = c.get('deps');
    const found = await caseFromParam(c);
    if (!found) return notFoundPage(c, NO_CASE);
    const [identifiers, actions, linked] = await Promise.all([identifierCounts(deps.db, found.id), actionsOfCase(deps.db, found.id), linkedMentionsOfCase(deps.db, found.id)]);
    // Audited exactly like GET /api/cases/{ref}.
    await audit(deps.db, { at: deps.clock.now(), actorUserId: c.get('user').id, action: 'case.view', target: `case:${found.case_ref}` });
    const links = await caseLinkItems(deps.db, linked);
    return renderPage(
      c,
      <CasePage
        user={c.get('user')}
        csrfToken={c.get('csrfToken')}
        kase={found}
        identifiers={identifiers}
        actions={actions}
        links={links}
        canWrite={can(c.get('user').role, 'cases:write')}
        flash={caseFlashFor(c.req.query())}
      />,
    );
  });

  // Confirm and remove, as PATCH and DELETE /api/cases/{ref}/links/{mention_id} do (same queries, same audit entries).
  for (const [action, done] of [['confirm', 'confirmed'], ['remove', 'removed']] as const) {
    dash.post(`/cases/:ref/links/:mentionId/${action}`, originCheck, formLimit, requireSession, requireCsrfToken, requireCasesWrite, async (c) => {
      const deps = c.get('deps');
      const found = await caseFromParam(c);
      if (!found) return notFoundPage(c, NO_CASE);
      const mentionId = mentionIdParam(c);
      if (mentionId === null || !(await getLink(deps.db, found.id, mentionId))) {
        return notFoundPage(c, 'This mention is not linked to the case. The link may have been removed already.');
      }
      const now = deps.clock.now();
      const actorUserId = c.get('user').id;
      if (action === 'confirm') {
        await confirmLink(deps.db, { caseId: found.id, mentionId, userId: actorUserId, now });
        await audit(deps.db, { at: now, actorUserId, action: 'case.link_confirm', target: `case:${found.case_ref}`, details: { mention_id: mentionId } });
      } else {
        await deleteLink(deps.db, found.id, mentionId);
        await audit(deps.db, { at: now, actorUserId, action: 'case.unlink', target: `case:${found.case_ref}`, details: { mention_id: mentionId } });
      }
      return c.redirect(`${casePath(found.case_ref)}${queryString({ done, mention: mentionId })}`, 303);
    });
  }

  return dash;
}
