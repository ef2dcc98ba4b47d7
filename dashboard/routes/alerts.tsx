import { requirePermission } from '../../src/api/middleware/auth.ts';
import type { StepOnCase } from '../../db/queries/steps.ts';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { countAlerts, getChannel, getRule, latestMentionOfAlerts, listAlerts, listChannels, listMutes, listRules } from '../../db/queries/alerts.ts';
import { isNotFound } from '../../src/actions/cases/find-case.ts';
import { viewCase } from '../../src/actions/cases/view.ts';
import { listUsers } from '../../db/queries/users.ts';
import type { AlertStatus, AlertKind, Severity } from '../../db/schema/constants.ts';
import { changeAlert } from '../../src/actions/alerts/change.ts';
import { createNotificationChannel } from '../../src/actions/alerts/create-channel.ts';
import { createAlertMute } from '../../src/actions/alerts/create-mute.ts';
import { removeNotificationChannel } from '../../src/actions/alerts/remove-channel.ts';
import { testNotificationChannel } from '../../src/actions/alerts/test-channel.ts';
import { removeAlertMute } from '../../src/actions/alerts/remove-mute.ts';
import type { AlertChangeInput, NewChannelInput, NewMuteInput } from '../../src/actions/alerts/schemas.ts';
import { updateNotificationChannel } from '../../src/actions/alerts/update-channel.ts';
import { updateAlertRule } from '../../src/actions/alerts/update-rule.ts';
import { alertDetail, alertJson } from '../../src/core/alerts/alert-view.ts';
import { can } from '../../src/core/auth/roles.ts';
import { AppError, notFound } from '../../src/core/errors.ts';
import { HOUR_MS } from '../../src/core/time/durations.ts';
import { renderPage } from '../lib/render.ts';
import { requireCsrfToken, requireSession } from '../lib/session.ts';
import { AlertSettingsPage, type ChannelDraft } from '../pages/alert-settings.tsx';
import { AlertPage, AlertsPage, parseAlertsFilter } from '../pages/alerts.tsx';
import { ruleParamsFromForm } from '../lib/rule-form.ts';
import type { CaseAction, CaseLinkItem } from '../pages/case.tsx';
import { actionProblems, inFormWords, type Ctx, originCheck, formLimit, field, notFoundPage, caseLinkItems, requireAlertsWrite } from '../lib/route-kit.tsx';
import type { AppEnv } from '../../src/api/env.ts';
import { channelWarnings } from '../lib/config-warnings.ts';

/** Rules, mutes and channels are changed by admins and communications staff (`alerts:configure`). */
const requireAlertsConfigure = requirePermission('alerts:configure', 'Your role cannot change alert rules, mutes or channels.');

const SETTINGS_DONE: Record<string, string> = {
  rule: 'Rule saved.',
  mute: 'Muted.',
  unmute: 'Mute removed.',
  channel: 'Channel saved.',
};

/** The channel form's labels for the API's field paths, so a refusal names the box to fix. */
const CHANNEL_FIELDS: Record<string, string> = {
  name: 'Name',
  kind: 'Kind',
  min_severity: 'From severity',
  'config.to': 'E-mail addresses',
  'config.roles': 'E-mail roles',
  'config.url': 'URL',
  'config.secret': 'Signing secret',
  config: 'The channel',
};

/** Alerts per page of the inbox. */
const ALERTS_PAGE = 50;

const ALERT_DONE: Record<string, string> = {
  acknowledge: 'Acknowledged.',
  resolve: 'Resolved.',
  reopen: 'Reopened.',
  assign: 'Assignment saved.',
  snooze: 'Snooze saved.',
  note: 'Note added.',
};

/** What the inbox's bulk buttons do to each ticked alert, and the message after. */
const BULK: Record<string, { change: (userId: number) => AlertChangeInput; words: string }> = {
  acknowledge: { change: () => ({ status: 'acknowledged' }), words: 'Acknowledged' },
  'assign-me': { change: (userId) => ({ assignee: userId }), words: 'Assigned to you' },
  resolve: { change: () => ({ status: 'resolved' }), words: 'Resolved' },
};
const MAX_BULK = 200;

/** The message after an action, from its redirect's query (a bulk one says how many). */
function doneFlash(q: Record<string, string | undefined>): string | null {
  const bulk = q.done?.startsWith('bulk-') ? BULK[q.done.slice(5)] : undefined;
  if (bulk) {
    const n = /^\d{1,4}$/.test(q.n ?? '') ? Number(q.n) : 0;
    return `${bulk.words}: ${n} alert${n === 1 ? '' : 's'}.`;
  }
  return q.done ? (ALERT_DONE[q.done] ?? null) : null;
}

/** The alert inbox, an alert's page and actions, and alert settings (rules, mutes, channels). */
export function alertRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();

  const renderAlertSettings = async (c: Ctx, opts: { flash?: string | null; problem?: string | null; status?: ContentfulStatusCode; channelDraft?: ChannelDraft } = {}) => {
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
        channelWarnings={channelWarnings(c.get('deps').config)}
        flash={opts.flash ?? null}
        problem={opts.problem ?? null}
        channelDraft={opts.channelDraft ?? null}
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
      const refused = actionProblems(err);
      if (refused) return renderAlertSettings(c, { problem: refused.message, status: refused.status });
      throw err;
    }
  };
  const configure = [originCheck, formLimit, requireSession, requireCsrfToken, requireAlertsConfigure] as const;

  r.get('/alerts/settings', requireSession, async (c) => {
    const done = c.req.query('done');
    return renderAlertSettings(c, { flash: done && SETTINGS_DONE[done] ? SETTINGS_DONE[done] : null });
  });

  for (const state of ['on', 'off'] as const) {
    r.post(
      `/alerts/settings/rules/:id/${state}`,
      ...configure,
      settingsChange(async (c, id) => {
        await updateAlertRule(c.get('deps'), c.get('user'), id!, { enabled: state === 'on' });
        return 'rule';
      }),
    );
    r.post(
      `/alerts/settings/channels/:id/${state}`,
      ...configure,
      settingsChange(async (c, id) => {
        await updateNotificationChannel(c.get('deps'), c.get('user'), id!, { enabled: state === 'on' });
        return 'channel';
      }),
    );
  }

  r.post(
    '/alerts/settings/rules/:id',
    ...configure,
    settingsChange(async (c, id) => {
      const deps = c.get('deps');
      // Which fields the form has depends on the rule's kind.
      const rule = await getRule(deps.db, id!);
      if (!rule) throw notFound('alert rule');
      const body = await c.req.parseBody({ all: true });
      const form = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string')]));
      await updateAlertRule(deps, c.get('user'), rule.id, { params: ruleParamsFromForm(rule.kind, form) });
      return 'rule';
    }),
  );

  r.post(
    '/alerts/settings/mutes',
    ...configure,
    settingsChange(async (c) => {
      const deps = c.get('deps');
      const body = await c.req.parseBody();
      const chosen = (name: string) => field(body, name).trim() || null;
      const hours = chosen('hours');
      // "For N hours" (blank: until removed) becomes the API's `until`; the words go as they came, for the action's
      // schema to judge.
      const mute = {
        rule_kind: chosen('rule_kind'),
        market: chosen('market'),
        source_kind: chosen('source_kind'),
        until: hours === null ? null : /^\d{1,5}$/.test(hours) && Number(hours) > 0 ? new Date(deps.clock.now() + Math.min(Number(hours), 24 * 90) * HOUR_MS).toISOString() : hours,
        reason: chosen('reason'),
      } as NewMuteInput;
      await createAlertMute(deps, c.get('user'), mute);
      return 'mute';
    }),
  );

  r.post(
    '/alerts/settings/mutes/:id/delete',
    ...configure,
    settingsChange(async (c, id) => {
      await removeAlertMute(c.get('deps'), c.get('user'), id!);
      return 'unmute';
    }),
  );

  // A refused channel comes back with what was typed (but the secret) and the reason in the form's own words.
  r.post('/alerts/settings/channels', ...configure, async (c) => {
    const body = await c.req.parseBody({ all: true });
    const one = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
    const draft: ChannelDraft = {
      name: one('name'),
      kind: one('kind'),
      min_severity: one('min_severity'),
      to: one('to'),
      roles: (Array.isArray(body.roles) ? body.roles : body.roles ? [body.roles] : []).filter((r): r is string => typeof r === 'string'),
      url: one('url'),
    };
    // The form's fields in the API's shape, as they came: the action's schema and channel checks judge them.
    const channel = {
      name: draft.name,
      kind: draft.kind,
      config:
        draft.kind === 'email'
          ? {
              to: draft.to
                .split(',')
                .map((a) => a.trim())
                .filter(Boolean),
              roles: draft.roles,
            }
          : draft.kind === 'slack'
            ? { url: draft.url }
            : { url: draft.url, secret: one('secret') },
      min_severity: draft.min_severity || undefined,
    } as NewChannelInput;
    try {
      await createNotificationChannel(c.get('deps'), c.get('user'), channel);
      return c.redirect(`/alerts/settings?done=channel`, 303);
    } catch (err) {
      const refused = actionProblems(err);
      if (!refused) throw err;
      return renderAlertSettings(c, { problem: inFormWords(refused.message, CHANNEL_FIELDS), status: refused.status, channelDraft: draft });
    }
  });

  // A test through the channel now; the outcome in words on the settings page (a failure is not an error of the page).
  r.post('/alerts/settings/channels/:id/test', ...configure, async (c) => {
    const idText = c.req.param('id');
    if (!/^\d{1,15}$/.test(idText)) return notFoundPage(c, 'There is no such setting.');
    const channel = await getChannel(c.get('deps').db, Number(idText));
    if (!channel) return notFoundPage(c, 'That setting no longer exists.');
    const outcome = await testNotificationChannel(c.get('deps'), c.get('user'), channel.id);
    return outcome.ok
      ? renderAlertSettings(c, { flash: `Test sent through “${channel.name}”: check that it arrived.` })
      : renderAlertSettings(c, { problem: `The test through “${channel.name}” failed: ${outcome.reason}.` });
  });

  r.post(
    '/alerts/settings/channels/:id/delete',
    ...configure,
    settingsChange(async (c, id) => {
      await removeNotificationChannel(c.get('deps'), c.get('user'), id!);
      return 'channel';
    }),
  );

  r.get('/alerts', requireSession, async (c) => {
    const deps = c.get('deps');
    const filter = parseAlertsFilter(c.req.query());
    const status = filter.status === 'active' ? (['open', 'acknowledged'] as const) : filter.status ? [filter.status as AlertStatus] : undefined;
    const which = {
      status: status ? [...status] : undefined,
      severity: filter.severity ? [filter.severity as Severity] : undefined,
      ruleKind: filter.rule ? [filter.rule as AlertKind] : undefined,
      market: filter.market || undefined,
    };
    const offsetText = c.req.query('offset') ?? '0';
    const offset = /^\d{1,7}$/.test(offsetText) ? Number(offsetText) : 0;
    const [rows, total] = await Promise.all([listAlerts(deps.db, { ...which, limit: ALERTS_PAGE, offset }), countAlerts(deps.db, which)]);
    const latest = await latestMentionOfAlerts(
      deps.db,
      rows.map((r) => r.alert.id),
    );
    return renderPage(
      c,
      <AlertsPage
        user={c.get('user')}
        csrfToken={c.get('csrfToken')}
        now={deps.clock.now()}
        filter={filter}
        alerts={rows.map((r) => alertJson(r.alert, r.assignee))}
        latest={
          new Map(
            [...latest].map(([id, m]) => [
              id,
              {
                title: m.title,
                text: m.text,
                evidence: m.evidence,
                publishedAt: Number(m.published_at),
                sourceName: m.source_name,
                sourceKind: m.source_kind,
                reach: m.author_reach === null ? null : Number(m.author_reach),
                engagement: m.engagement === null ? null : Number(m.engagement),
              },
            ]),
          )
        }
        total={total}
        offset={offset}
        pageSize={ALERTS_PAGE}
        canAct={can(c.get('user').role, 'alerts:write')}
        flash={doneFlash(c.req.query())}
      />,
    );
  });

  r.get('/alerts/:id', requireSession, async (c) => {
    const deps = c.get('deps');
    const idText = c.req.param('id');
    const id = /^\d{1,15}$/.test(idText) ? Number(idText) : NaN;
    const role = c.get('user').role;
    const alert =
      Number.isSafeInteger(id) && id > 0
        ? await alertDetail(deps, id, role).catch((err) => (err instanceof AppError && err.code === 'NOT_FOUND' ? null : Promise.reject(err)))
        : null;
    if (!alert) return notFoundPage(c, 'There is no alert with that number.');
    let kase: { ref: string; country: string; actions: CaseAction[]; links: CaseLinkItem[]; steps: StepOnCase[] } | null = null;
    if (alert.case_ref) {
      // Showing the case's timeline is a view of the case, audited like the case page (and saying which alert).
      const viewed = await viewCase(deps, c.get('user'), alert.case_ref, { via: `alert:${id}` }).catch((err) => (isNotFound(err, 'case') ? null : Promise.reject(err)));
      if (viewed) {
        kase = { ref: viewed.kase.case_ref, country: viewed.kase.country, actions: viewed.actions, links: await caseLinkItems(deps.db, viewed.links), steps: viewed.steps };
      }
    }
    const people = await listUsers(deps.db);
    const users = new Map(people.map((u) => [u.id, u.name]));
    const workers = people.filter((u) => can(u.role, 'alerts:write')).map((u) => ({ id: u.id, name: u.name, role: u.role }));
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
        workers={workers}
        flash={doneFlash(c.req.query())}
      />,
    );
  });

  // The inbox's bulk buttons: the same change to every ticked alert, one action (and audit entry) each.
  r.post('/alerts/bulk', originCheck, formLimit, requireSession, requireCsrfToken, requireAlertsWrite, async (c) => {
    const deps = c.get('deps');
    const body = await c.req.parseBody({ all: true });
    const bulk = BULK[field(body, 'action')];
    // A collapsed card ticks all its alerts at once: "12,13,14".
    const ticked = ([] as unknown[])
      .concat(body.ids ?? [])
      .flatMap((v) => (typeof v === 'string' ? v.split(',') : []))
      .filter((v) => /^\d{1,15}$/.test(v));
    const ids = [...new Set(ticked.map(Number))].slice(0, MAX_BULK);
    const back = field(body, 'back');
    const target = back.startsWith('/alerts') && !back.startsWith('//') ? back : '/alerts';
    if (!bulk) return notFoundPage(c, 'There is no such alert action.');
    let n = 0;
    for (const id of ids) {
      try {
        await changeAlert(deps, c.get('user'), id, bulk.change(c.get('user').id));
        n++;
      } catch (err) {
        // An alert gone since the page was shown is skipped; anything else is a real error.
        if (!(err instanceof AppError && err.code === 'NOT_FOUND')) throw err;
      }
    }
    return c.redirect(`${target}${target.includes('?') ? '&' : '?'}done=bulk-${field(body, 'action')}&n=${n}`, 303);
  });

  r.post('/alerts/:id/:action', originCheck, formLimit, requireSession, requireCsrfToken, requireAlertsWrite, async (c) => {
    const deps = c.get('deps');
    const action = c.req.param('action');
    const idText = c.req.param('id');
    const id = /^\d{1,15}$/.test(idText) ? Number(idText) : NaN;
    if (!Number.isSafeInteger(id) || !(action in ALERT_DONE)) return notFoundPage(c, 'There is no such alert action.');
    const body = await c.req.parseBody();
    const value = field(body, 'value').trim();
    const hours = /^\d{1,6}$/.test(value) ? Number(value) : null;
    // The form's words in the API's shape, as they came: a value the action's schema refuses is a 400 page naming
    // the field.
    const change: AlertChangeInput =
      action === 'acknowledge'
        ? { status: 'acknowledged' }
        : action === 'resolve'
          ? { status: 'resolved' }
          : action === 'reopen'
            ? { status: 'open' }
            : action === 'assign'
              ? {
                  assignee: (value === '' ? null : /^\d{1,15}$/.test(value) ? Number(value) : value) as number | null,
                  // Handing over may say why, in one change.
                  ...(field(body, 'note').trim() ? { note: field(body, 'note').trim() } : {}),
                }
              : action === 'snooze'
                ? { snoozed_until: hours === 0 ? null : hours ? new Date(deps.clock.now() + Math.min(hours, 24 * 14) * HOUR_MS).toISOString() : value }
                : { note: value };
    try {
      await changeAlert(deps, c.get('user'), id, change);
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return notFoundPage(c, 'There is no alert with that number.');
      throw err;
    }
    const back = field(body, 'back');
    const target = back.startsWith('/alerts') && !back.startsWith('//') ? back : `/alerts/${id}`;
    return c.redirect(`${target}${target.includes('?') ? '&' : '?'}done=${action}`, 303);
  });

  return r;
}
