import { can } from '../../src/core/auth/roles.ts';
import type { AuthUser } from '../../db/queries/users.ts';
import type { StepOnCase } from '../../db/queries/steps.ts';
import { NextSteps } from '../components/next-steps.tsx';
import { jsonList } from '../../db/schema/json-lists.ts';
import { ALERT_KINDS, ALERT_STATUSES, LANGUAGES, SEVERITIES } from '../../db/schema/constants.ts';
import type { alertDetail, alertJson } from '../../src/core/alerts/alert-view.ts';
import { ALERT_TITLES } from '../../src/core/alerts/rule-kinds.ts';
import { Chips, SentimentBadge } from '../components/badges.tsx';
import { HighlightedText } from '../components/highlight.tsx';
import { Layout, ROLE_NAMES } from '../components/layout.tsx';
import { parseEvidence } from '../lib/evidence.ts';
import { analysisText } from '../../src/core/ingest/analyse-mentions.ts';
import { formatCount, humanize, isoInstant, languageName, mediumDay, queryString } from '../lib/format.ts';
import { collapseAlerts } from '../lib/alert-groups.ts';
import { relativeTime } from '../lib/relative-time.ts';
import { type CaseAction, type CaseLinkItem, casePath, CaseTimeline } from './case.tsx';
import { zoneOfCountry } from '../../src/core/time/country-zones.ts';
import { Notices } from '../components/notices.tsx';

type AlertItem = ReturnType<typeof alertJson>;
type AlertView = Awaited<ReturnType<typeof alertDetail>>;

export interface AlertsFilter {
  status: string;
  severity: string;
  rule: string;
  /** A market (language code), or '' for all. */
  market: string;
  /** Each alert on its own card (no collapsing of alike ones). */
  each: boolean;
}

/** Reads the inbox filters; unknown values fall back to "all" (and the default status view is what needs action). */
export function parseAlertsFilter(q: Record<string, string | undefined>): AlertsFilter {
  const pick = (v: string | undefined, allowed: readonly string[], fallback: string) => (v !== undefined && (v === '' || allowed.includes(v)) ? v : fallback);
  return {
    status: pick(q.status, [...ALERT_STATUSES, 'active'], 'active'),
    severity: pick(q.severity, SEVERITIES, ''),
    rule: pick(q.rule, ALERT_KINDS, ''),
    market: pick(q.market, LANGUAGES, ''),
    each: q.each === '1',
  };
}

function FilterSelect({ id, label, value, options }: { id: string; label: string; value: string; options: readonly (readonly [string, string])[] }) {
  return (
    <div>
      <label for={id}>{label}</label>
      <select id={id} name={id}>
        {options.map(([v, t]) => (
          <option value={v} selected={value === v}>
            {t}
          </option>
        ))}
      </select>
    </div>
  );
}

export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <span class={`badge severity sev-${severity}`} data-testid="severity">
      {severity}
    </span>
  );
}

function StatusBadge({ status }: { status: string }) {
  return (
    <span class={`badge alert-status as-${status}`} data-testid="status">
      {status}
    </span>
  );
}

/** One POST button on an alert (CSRF token included); `value` goes as the form field `value`. */
function AlertAction({
  id,
  action,
  label,
  csrfToken,
  value,
  tone,
  back,
}: {
  id: number;
  action: string;
  label: string;
  csrfToken: string;
  value?: string;
  tone?: 'primary' | 'danger';
  back?: string;
}) {
  return (
    <form method="post" action={`/alerts/${id}/${action}`} class="row-action">
      <input type="hidden" name="_csrf" value={csrfToken} />
      {value !== undefined ? <input type="hidden" name="value" value={value} /> : null}
      {back ? <input type="hidden" name="back" value={back} /> : null}
      <button type="submit" class={`small${tone ? ` ${tone}` : ''}`} data-testid={`alert-${action}`}>
        {label}
        <span class="visually-hidden"> alert {id}</span>
      </button>
    </form>
  );
}

function QuickActions({ a, user, csrfToken, back }: { a: AlertItem; user: AuthUser; csrfToken: string; back?: string }) {
  return (
    <div class="row-actions">
      {a.status === 'open' ? <AlertAction id={a.id} action="acknowledge" label="Acknowledge" csrfToken={csrfToken} tone="primary" back={back} /> : null}
      {a.status !== 'resolved' && a.assignee?.id !== user.id ? (
        <AlertAction id={a.id} action="assign" value={String(user.id)} label="Assign to me" csrfToken={csrfToken} back={back} />
      ) : null}
      {a.status !== 'resolved' ? (
        <AlertAction id={a.id} action="resolve" label="Resolve" csrfToken={csrfToken} back={back} />
      ) : (
        <AlertAction id={a.id} action="reopen" label="Reopen" csrfToken={csrfToken} back={back} />
      )}
    </div>
  );
}

const where = (a: Pick<AlertItem, 'brand' | 'market' | 'source_kind'>) =>
  [a.brand, a.market ? `${languageName(a.market)} (${a.market})` : null, a.source_kind ? humanize(a.source_kind) : null].filter(Boolean).join(' · ');

/** What a card shows of an alert's latest mention. */
export interface AlertCardMention {
  title: string | null;
  text: string;
  /** The analysis's evidence as stored (a JSON list). */
  evidence: unknown;
  publishedAt: number;
  sourceName: string;
  sourceKind: string;
  reach: number | null;
  engagement: number | null;
}

/** The start of a mention, its evidence marked, cut at a word near `max` characters. */
function Snippet({ m, max = 280 }: { m: AlertCardMention; max?: number }) {
  const full = analysisText(m.title, m.text);
  const cut = full.length <= max ? full.length : Math.max(full.lastIndexOf(' ', max), max / 2);
  const evidence = parseEvidence(jsonList(m.evidence)).filter((e) => e.end !== undefined && e.end <= cut);
  return (
    <div class="alert-snippet" data-testid="alert-snippet">
      <HighlightedText text={cut < full.length ? `${full.slice(0, cut)}…` : full} evidence={evidence} />
    </div>
  );
}

export interface AlertsPageProps {
  user: AuthUser;
  csrfToken: string;
  now: number;
  filter: AlertsFilter;
  alerts: AlertItem[];
  /** The latest mention of each alert shown, by alert id. */
  latest?: ReadonlyMap<number, AlertCardMention>;
  /** How many alerts the filter holds, and where this page starts among them. */
  total?: number;
  offset?: number;
  pageSize?: number;
  canAct: boolean;
  flash?: string | null;
}

export function AlertsPage({
  user,
  csrfToken,
  now,
  filter,
  alerts,
  canAct,
  flash,
  latest = new Map(),
  total = alerts.length,
  offset = 0,
  pageSize = alerts.length,
}: AlertsPageProps) {
  const back = `/alerts${queryString({
    status: filter.status === 'active' ? undefined : filter.status,
    severity: filter.severity || undefined,
    rule: filter.rule || undefined,
    market: filter.market || undefined,
    each: filter.each ? '1' : undefined,
  })}`;
  const groups = filter.each ? alerts.map((lead) => ({ lead, more: [] })) : collapseAlerts(alerts);
  return (
    <Layout title="Alerts" user={user} csrfToken={csrfToken} nav="alerts">
      <div class="page-head">
        <div>
          <h1>Alerts</h1>
          <p class="muted">
            Riskiest first: open before acknowledged, then by severity, then escalation to a regulator, lawyer or the press, signs of vulnerability, the author's reach, and the
            most recent.
          </p>
        </div>
        <a href="/alerts/settings">Rules, mutes and notifications</a>
      </div>
      <Notices flash={flash} />
      <form method="get" action="/alerts" class="filters card" aria-label="Filter alerts">
        <FilterSelect
          id="status"
          label="Status"
          value={filter.status}
          options={[['active', 'Open or acknowledged'], ['', 'All'], ...ALERT_STATUSES.map((s) => [s, humanize(s)] as const)]}
        />
        <FilterSelect id="severity" label="Severity" value={filter.severity} options={[['', 'Any severity'], ...SEVERITIES.map((s) => [s, humanize(s)] as const)]} />
        <FilterSelect id="rule" label="Rule" value={filter.rule} options={[['', 'Any rule'], ...ALERT_KINDS.map((k) => [k, ALERT_TITLES[k]] as const)]} />
        <FilterSelect id="market" label="Market" value={filter.market} options={[['', 'Any market'], ...LANGUAGES.map((l) => [l, languageName(l)] as const)]} />
        <div class="actions">
          <button type="submit">Show</button>
        </div>
      </form>
      {alerts.length ? (
        <p class="muted" data-testid="alert-count">
          {total > alerts.length
            ? `${formatCount(offset + 1)}–${formatCount(offset + alerts.length)} of ${formatCount(total)} alerts`
            : `${formatCount(total)} alert${total === 1 ? '' : 's'}`}
        </p>
      ) : null}
      {canAct && alerts.length ? (
        // Checkboxes on the cards belong to this form through their `form` attribute (forms cannot nest).
        <form id="bulk" method="post" action="/alerts/bulk" class="bulk-bar" data-testid="bulk">
          <input type="hidden" name="_csrf" value={csrfToken} />
          <input type="hidden" name="back" value={back} />
          <span class="muted">The alerts ticked below:</span>
          <button type="submit" name="action" value="acknowledge" class="small">
            Acknowledge
          </button>
          <button type="submit" name="action" value="assign-me" class="small">
            Assign to me
          </button>
          <button type="submit" name="action" value="resolve" class="small">
            Resolve
          </button>
        </form>
      ) : null}
      {alerts.length === 0 ? (
        <p class="card muted" data-testid="no-alerts">
          Nothing here. New alerts appear within a minute of the mention that raises them.
        </p>
      ) : (
        <ol class="alert-list" data-testid="alert-list">
          {groups.map(({ lead: a, more }) => (
            <li class={`card alert-item sev-edge-${a.severity}`} data-testid="alert-item" data-alert={String(a.id)} data-status={a.status}>
              <div class="alert-head">
                {canAct ? (
                  <>
                    <input type="checkbox" id={`tick-${a.id}`} name="ids" value={[a, ...more].map((x) => x.id).join(',')} form="bulk" class="tick" />
                    <label for={`tick-${a.id}`} class="visually-hidden">
                      {more.length ? `Tick alert ${a.id} and the ${more.length} like it` : `Tick alert ${a.id}`}
                    </label>
                  </>
                ) : null}
                <SeverityBadge severity={a.severity} /> <StatusBadge status={a.status} />{' '}
                <a class="alert-title" href={`/alerts/${a.id}`}>
                  {a.title}
                </a>
              </div>
              {latest.has(a.id) ? <Snippet m={latest.get(a.id)!} /> : null}
              {latest.has(a.id) ? (
                <p class="sub" data-testid="alert-source">
                  {[
                    `${latest.get(a.id)!.sourceName} (${humanize(latest.get(a.id)!.sourceKind)})`,
                    `published ${relativeTime(latest.get(a.id)!.publishedAt, now)}`,
                    latest.get(a.id)!.reach !== null ? `author reach ${formatCount(latest.get(a.id)!.reach!)}` : null,
                    latest.get(a.id)!.engagement !== null ? `engagement ${formatCount(latest.get(a.id)!.engagement!)}` : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
              ) : null}
              <ul class="reasons">
                {a.reasons.slice(0, 2).map((r) => (
                  <li>{r}</li>
                ))}
                {a.reasons.length > 2 ? <li class="muted">and {a.reasons.length - 2} more</li> : null}
              </ul>
              <p class="sub">
                {[
                  where(a),
                  a.mention_count ? `${formatCount(a.mention_count)} mention${a.mention_count === 1 ? '' : 's'}` : null,
                  a.linked_case ? 'on a collection case' : null,
                  `opened ${relativeTime(Date.parse(a.opened_at), now)}`,
                  a.last_seen_at !== a.opened_at ? `latest ${relativeTime(Date.parse(a.last_seen_at), now)}` : null,
                  a.assignee ? `assigned to ${a.assignee.name}` : 'unassigned',
                  a.snoozed_until && Date.parse(a.snoozed_until) > now ? `snoozed until ${mediumDay(Date.parse(a.snoozed_until))}` : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
              {more.length ? (
                <p class="collapsed" data-testid="alert-collapsed">
                  <strong>
                    and {formatCount(more.length)} more alert{more.length === 1 ? '' : 's'} like it
                  </strong>{' '}
                  <span class="muted">
                    (the same rule{a.market ? ` in ${languageName(a.market)}` : ''}, {humanize(a.status).toLowerCase()}, opened within a day; ticking the card ticks them all)
                  </span>{' '}
                  <a href={`/alerts${queryString({ status: a.status, rule: a.rule.kind, market: a.market ?? undefined, each: '1' })}`}>Show each</a>
                </p>
              ) : null}
              {canAct ? <QuickActions a={a} user={user} csrfToken={csrfToken} back={back} /> : null}
            </li>
          ))}
        </ol>
      )}
      {total > offset + alerts.length || offset > 0 ? (
        <p class="pager">
          {offset > 0 ? (
            <a href={`${back}${back.includes('?') ? '&' : '?'}offset=${Math.max(0, offset - pageSize)}`} rel="prev">
              Previous page
            </a>
          ) : null}{' '}
          {total > offset + alerts.length ? (
            <a href={`${back}${back.includes('?') ? '&' : '?'}offset=${offset + alerts.length}`} rel="next">
              Next page
            </a>
          ) : null}
        </p>
      ) : null}
    </Layout>
  );
}

const EVENT_WORDS: Record<string, string> = {
  opened: 'Opened',
  escalated: 'Severity rose',
  acknowledged: 'Acknowledged',
  assigned: 'Assigned',
  note: 'Note',
  snoozed: 'Snoozed',
  resolved: 'Resolved',
  reopened: 'Reopened',
};

function eventText(e: AlertView['history'][number], users: Map<number, string>): string {
  const d = e.detail ?? {};
  if (e.type === 'escalated') return `Severity rose from ${String(d.from)} to ${String(d.to)}`;
  if (e.type === 'assigned') return d.to === null ? 'Unassigned' : `Assigned to ${users.get(Number(d.to)) ?? `user ${String(d.to)}`}`;
  if (e.type === 'snoozed') return d.until ? `Snoozed until ${mediumDay(Date.parse(String(d.until)))}` : 'Snooze ended';
  return EVENT_WORDS[e.type] ?? e.type;
}

export interface AlertPageProps {
  user: AuthUser;
  csrfToken: string;
  now: number;
  alert: AlertView;
  canAct: boolean;
  /** For roles that may read cases and an alert on a case: its timeline. */
  /** The alert's case, when the user may read cases: its timeline and its next steps. */
  kase: { ref: string; country: string; actions: CaseAction[]; links: CaseLinkItem[]; steps: StepOnCase[] } | null;
  users: Map<number, string>;
  /** The people who may work alerts, to hand this one over to. */
  workers?: { id: number; name: string; role: string }[];
  flash?: string | null;
}

/** Hand the alert to someone who may work alerts, with a note for them; on a case, credit managers come first. */
function HandOver({ a, workers, csrfToken }: { a: AlertView; workers: { id: number; name: string; role: string }[]; csrfToken: string }) {
  const first = a.linked_case ? 'credit_manager' : 'comms';
  const ordered = [...workers].sort((x, y) => Number(y.role === first) - Number(x.role === first) || x.name.localeCompare(y.name));
  return (
    <form method="post" action={`/alerts/${a.id}/assign`} class="handover-form" data-testid="hand-over">
      <input type="hidden" name="_csrf" value={csrfToken} />
      <label for="assignee">Hand over to</label>
      <select id="assignee" name="value">
        {ordered.map((w) => (
          <option value={String(w.id)} selected={a.assignee?.id === w.id}>
            {w.name} ({ROLE_NAMES[w.role] ?? w.role})
          </option>
        ))}
      </select>
      <label for="handover-note">A note for them (optional)</label>
      <textarea id="handover-note" name="note" rows={2} maxlength={2000}></textarea>
      <button type="submit" class="small">
        Hand over
      </button>
    </form>
  );
}

export function AlertPage({ user, csrfToken, now, alert: a, canAct, kase, users, workers = [], flash }: AlertPageProps) {
  return (
    <Layout title={`Alert ${a.id}`} user={user} csrfToken={csrfToken} nav="alerts">
      <a class="back" href="/alerts">
        ← Alerts
      </a>
      <div class="page-head">
        <div>
          <h1 data-testid="alert-title">{a.title}</h1>
          <p>
            <SeverityBadge severity={a.severity} /> <StatusBadge status={a.status} />{' '}
            <span class="muted">
              {where(a)} · opened <time datetime={a.opened_at}>{relativeTime(Date.parse(a.opened_at), now)}</time>
              {a.assignee ? ` · assigned to ${a.assignee.name}` : ' · unassigned'}
            </span>
          </p>
        </div>
      </div>
      <Notices flash={flash} />
      <div class="stack">
        <section class="card" aria-labelledby="why-heading">
          <h2 id="why-heading">Why</h2>
          <ul class="reasons" data-testid="reasons">
            {a.reasons.map((r) => (
              <li>{r}</li>
            ))}
          </ul>
          {canAct ? (
            <div class="alert-actions">
              <QuickActions a={a} user={user} csrfToken={csrfToken} />
              {a.assignee && a.status !== 'resolved' ? <AlertAction id={a.id} action="assign" value="" label="Unassign" csrfToken={csrfToken} /> : null}
              {a.status !== 'resolved' ? (
                a.snoozed_until && Date.parse(a.snoozed_until) > now ? (
                  <AlertAction id={a.id} action="snooze" value="0" label="End snooze" csrfToken={csrfToken} />
                ) : (
                  <AlertAction id={a.id} action="snooze" value="24" label="Snooze 24 hours" csrfToken={csrfToken} />
                )
              ) : null}
              {a.status !== 'resolved' && workers.length ? <HandOver a={a} workers={workers} csrfToken={csrfToken} /> : null}
              <form method="post" action={`/alerts/${a.id}/note`} class="note-form">
                <input type="hidden" name="_csrf" value={csrfToken} />
                <label for="note">Add a note</label>
                <textarea id="note" name="value" rows={2} maxlength={2000} required></textarea>
                <button type="submit" class="small">
                  Add note
                </button>
              </form>
            </div>
          ) : null}
        </section>
        {kase ? (
          <section class="card" aria-labelledby="case-heading" data-testid="alert-case">
            <h2 id="case-heading">
              Case{' '}
              <a class="mono" href={casePath(kase.ref)}>
                {kase.ref}
              </a>
            </h2>
            <h3>Next steps</h3>
            <NextSteps steps={kase.steps} refPath={casePath(kase.ref)} zone={zoneOfCountry(kase.country)} canWrite={can(user.role, 'cases:write')} csrfToken={csrfToken} />
            <h3>Timeline</h3>
            <CaseTimeline actions={kase.actions} links={kase.links} zone={zoneOfCountry(kase.country)} refPath={casePath(kase.ref)} canWrite={false} csrfToken={csrfToken} />
          </section>
        ) : a.linked_case ? (
          <p class="card">On a collection case.</p>
        ) : null}
        <section class="card" aria-labelledby="mentions-heading">
          <h2 id="mentions-heading">Mentions ({formatCount(a.mention_count)})</h2>
          {a.mentions.length === 0 ? (
            <p class="muted">This alert is about counts, not single mentions.</p>
          ) : (
            <ol class="alert-mentions">
              {a.mentions.map((m) => (
                <li data-testid="alert-mention">
                  <p class="tl-title">
                    <SentimentBadge label={m.sentiment?.label ?? null} score={m.sentiment?.score} /> <a href={`/mentions/${m.id}`}>{m.title || `Mention ${m.id}`}</a>{' '}
                    <span class="muted">
                      on {m.source.name} · <time datetime={m.published_at}>{relativeTime(Date.parse(m.published_at), now)}</time>
                    </span>
                  </p>
                  <HighlightedText text={analysisText(m.title, m.text)} evidence={parseEvidence(m.evidence)} />
                  <p class="sub">{m.reason}</p>
                  <Chips items={[...m.tactics]} />
                  <Chips items={[...m.vulnerability, ...m.escalation]} kind="signal" />
                </li>
              ))}
            </ol>
          )}
        </section>
        <section class="card" aria-labelledby="deliveries-heading">
          <h2 id="deliveries-heading">Notifications</h2>
          {a.deliveries.length === 0 ? (
            <p class="muted">No notification channel matched this alert.</p>
          ) : (
            <table class="data" data-testid="deliveries">
              <thead>
                <tr>
                  <th scope="col">Channel</th>
                  <th scope="col">For</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Attempts</th>
                </tr>
              </thead>
              <tbody>
                {a.deliveries.map((d) => (
                  <tr>
                    <td>
                      {d.channel} <span class="muted">({d.channel_kind})</span>
                    </td>
                    <td>{humanize(d.transition)}</td>
                    <td data-testid="delivery-status">
                      {d.status === 'sent' && d.sent_at
                        ? `sent ${relativeTime(Date.parse(d.sent_at), now)}`
                        : d.status === 'pending'
                          ? `waiting${d.last_error ? ` to retry: ${d.last_error}` : ''}`
                          : `failed: ${d.last_error ?? 'unknown'}`}
                    </td>
                    <td>{d.attempts}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section class="card" aria-labelledby="history-heading">
          <h2 id="history-heading">History</h2>
          <ol class="history" data-testid="history">
            {a.history.map((e) => (
              <li>
                <time datetime={e.at}>{`${mediumDay(Date.parse(e.at))}, ${isoInstant(Date.parse(e.at)).slice(11, 16)} UTC`}</time> {eventText(e, users)}
                {e.by ? <span class="muted"> by {e.by}</span> : null}
                {e.type === 'note' && e.detail?.note ? <blockquote class="note">{String(e.detail.note)}</blockquote> : null}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </Layout>
  );
}
