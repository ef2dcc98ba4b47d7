import type { AuthUser } from '../../db/queries/users.ts';
import type { AlertRule, NotificationChannel } from '../../db/schema/alerts.ts';
import { CHANNEL_KINDS, LANGUAGES, ROLES, RULE_KINDS, SEVERITIES, SOURCE_KINDS } from '../../db/schema/constants.ts';
import { RULE_TITLES, type RuleKindName } from '../../src/core/alerts/rule-kinds.ts';
import { Layout, ROLE_NAMES } from '../components/layout.tsx';
import { humanize, languageName, mediumDay } from '../lib/format.ts';
import { ruleFields } from '../lib/rule-form.ts';
import { RuleSettingsForm, settingsText } from '../components/rule-settings.tsx';
import { ConfigWarnings, Notices } from '../components/notices.tsx';

export interface MuteRow {
  id: number;
  ruleKind: string | null;
  market: string | null;
  sourceKind: string | null;
  until: number | null;
  reason: string | null;
}

export interface AlertSettingsPageProps {
  user: AuthUser;
  csrfToken: string;
  rules: AlertRule[];
  /** Null for roles that may not configure channels. */
  channels: NotificationChannel[] | null;
  mutes: MuteRow[];
  canConfigure: boolean;
  /** What the server's settings lack for the channels. */
  channelWarnings?: string[];
  flash?: string | null;
  problem?: string | null;
  /** A refused new channel's fields as typed (never its secret), to fill the form again. */
  channelDraft?: ChannelDraft | null;
}

export interface ChannelDraft {
  name: string;
  kind: string;
  min_severity: string;
  to: string;
  roles: string[];
  url: string;
}

function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export function AlertSettingsPage({ user, csrfToken, rules, channels, mutes, canConfigure, channelWarnings = [], flash, problem, channelDraft }: AlertSettingsPageProps) {
  const draft = channelDraft ?? null;
  return (
    <Layout title="Alert settings" user={user} csrfToken={csrfToken} nav="alerts">
      <a class="back" href="/alerts">
        ← Alerts
      </a>
      <h1>Alert settings</h1>
      <Notices flash={flash} problem={problem} />
      <div class="stack">
        <section class="card" aria-labelledby="rules-heading">
          <h2 id="rules-heading">Rules</h2>
          <ul class="settings-list" data-testid="rules">
            {rules.map((r) => (
              <li data-testid="rule" data-kind={r.kind}>
                <p>
                  <strong>{r.name}</strong> <span class={`badge ${r.enabled ? 'as-open' : 'as-resolved'} alert-status`}>{r.enabled ? 'on' : 'off'}</span>
                  {r.name !== RULE_TITLES[r.kind as RuleKindName] ? <span class="muted"> · {RULE_TITLES[r.kind as RuleKindName]}</span> : null}
                </p>
                <p class="sub">{settingsText(r.params) || 'No settings.'}</p>
                {canConfigure ? (
                  <div class="row-actions">
                    <form method="post" action={`/alerts/settings/rules/${r.id}/${r.enabled ? 'off' : 'on'}`} class="row-action">
                      <Csrf token={csrfToken} />
                      <button type="submit" class="small" data-testid="rule-toggle">
                        {r.enabled ? 'Turn off' : 'Turn on'}
                      </button>
                    </form>
                    <RuleSettingsForm
                      id={`r${r.id}`}
                      action={`/alerts/settings/rules/${r.id}`}
                      fields={ruleFields(r.kind as RuleKindName)}
                      params={r.params}
                      csrfToken={csrfToken}
                    />
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </section>

        <section class="card" aria-labelledby="mutes-heading">
          <h2 id="mutes-heading">Mutes</h2>
          {mutes.length === 0 ? (
            <p class="muted">Nothing is muted.</p>
          ) : (
            <ul class="settings-list" data-testid="mutes">
              {mutes.map((m) => (
                <li data-testid="mute">
                  {[
                    m.ruleKind ? RULE_TITLES[m.ruleKind as RuleKindName] : 'Every rule',
                    m.market ? languageName(m.market) : 'every market',
                    m.sourceKind ? humanize(m.sourceKind) : 'every source kind',
                  ].join(' · ')}
                  <span class="muted">
                    {' '}
                    — {m.until ? `until ${mediumDay(m.until)}` : 'until removed'}
                    {m.reason ? ` (${m.reason})` : ''}
                  </span>
                  {canConfigure ? (
                    <form method="post" action={`/alerts/settings/mutes/${m.id}/delete`} class="row-action">
                      <Csrf token={csrfToken} />
                      <button type="submit" class="small danger">
                        Remove
                      </button>
                    </form>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {canConfigure ? (
            <form method="post" action="/alerts/settings/mutes" class="filters">
              <Csrf token={csrfToken} />
              <div>
                <label for="mute-rule">Rule</label>
                <select id="mute-rule" name="rule_kind">
                  <option value="">Every rule</option>
                  {RULE_KINDS.map((k) => (
                    <option value={k}>{RULE_TITLES[k]}</option>
                  ))}
                </select>
              </div>
              <div>
                <label for="mute-market">Market</label>
                <select id="mute-market" name="market">
                  <option value="">Every market</option>
                  {LANGUAGES.map((l) => (
                    <option value={l}>{`${languageName(l)} (${l})`}</option>
                  ))}
                </select>
              </div>
              <div>
                <label for="mute-kind">Source kind</label>
                <select id="mute-kind" name="source_kind">
                  <option value="">Every source kind</option>
                  {SOURCE_KINDS.map((k) => (
                    <option value={k}>{humanize(k)}</option>
                  ))}
                </select>
              </div>
              <div>
                <label for="mute-hours">For</label>
                <select id="mute-hours" name="hours">
                  {[
                    ['4', '4 hours'],
                    ['24', '1 day'],
                    ['168', '1 week'],
                    ['', 'until removed'],
                  ].map(([v, t]) => (
                    <option value={v}>{t}</option>
                  ))}
                </select>
              </div>
              <div class="wide">
                <label for="mute-reason">Reason</label>
                <input id="mute-reason" name="reason" maxlength={500} />
              </div>
              <div class="actions">
                <button type="submit">Mute</button>
              </div>
            </form>
          ) : null}
        </section>

        {channels ? (
          <section class="card" aria-labelledby="channels-heading">
            <h2 id="channels-heading">Notification channels</h2>
            <p class="muted">Notified when an alert opens, rises in severity or is resolved, if it reaches the channel's severity.</p>
            <ConfigWarnings warnings={channelWarnings} />
            {channels.length === 0 ? (
              <p class="muted">No channel yet: alerts only show in the inbox.</p>
            ) : (
              <ul class="settings-list" data-testid="channels">
                {channels.map((c) => (
                  <li data-testid="channel">
                    <strong>{c.name}</strong>{' '}
                    <span class="muted">
                      {humanize(c.kind)} · {c.minSeverity} and above · {c.enabled ? 'on' : 'off'}
                    </span>
                    {c.kind === 'email' ? (
                      <span class="sub">
                        {[
                          ...((c.config.to as string[] | undefined) ?? []),
                          ...((c.config.roles as string[] | undefined) ?? []).map((r) => `everyone with the ${ROLE_NAMES[r] ?? r} role`),
                        ].join(', ')}
                      </span>
                    ) : (
                      <span class="sub">address and secret stored encrypted</span>
                    )}
                    <div class="row-actions">
                      <form method="post" action={`/alerts/settings/channels/${c.id}/${c.enabled ? 'off' : 'on'}`} class="row-action">
                        <Csrf token={csrfToken} />
                        <button type="submit" class="small">
                          {c.enabled ? 'Turn off' : 'Turn on'}
                        </button>
                      </form>
                      <form method="post" action={`/alerts/settings/channels/${c.id}/test`} class="row-action">
                        <Csrf token={csrfToken} />
                        <button type="submit" class="small" data-testid="channel-test">
                          Send a test
                        </button>
                      </form>
                      <form method="post" action={`/alerts/settings/channels/${c.id}/delete`} class="row-action">
                        <Csrf token={csrfToken} />
                        <button type="submit" class="small danger">
                          Delete
                        </button>
                      </form>
                    </div>
                  </li>
                ))}
              </ul>
            )}
            <h3>Add a channel</h3>
            <form method="post" action="/alerts/settings/channels" class="filters">
              <Csrf token={csrfToken} />
              <div>
                <label for="ch-name">Name</label>
                <input id="ch-name" name="name" required maxlength={120} value={draft?.name} />
              </div>
              <div>
                <label for="ch-kind">Kind</label>
                <select id="ch-kind" name="kind">
                  {CHANNEL_KINDS.map((k) => (
                    <option value={k} selected={draft?.kind === k}>
                      {k === 'email' ? 'E-mail' : k === 'webhook' ? 'Signed webhook' : 'Slack-compatible webhook'}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label for="ch-severity">From severity</label>
                <select id="ch-severity" name="min_severity">
                  {SEVERITIES.map((s) => (
                    <option value={s} selected={s === (draft?.min_severity || 'medium')}>
                      {humanize(s)}
                    </option>
                  ))}
                </select>
              </div>
              <div class="wide">
                <label for="ch-to">E-mail: addresses (comma-separated)</label>
                <input id="ch-to" name="to" value={draft?.to} />
              </div>
              <fieldset class="wide">
                <legend>E-mail: everyone with these roles</legend>
                {ROLES.map((r) => (
                  <label class="checkbox">
                    <input type="checkbox" name="roles" value={r} checked={draft?.roles.includes(r)} /> {ROLE_NAMES[r] ?? r}
                  </label>
                ))}
              </fieldset>
              <div class="wide">
                <label for="ch-url">Webhook or Slack: URL</label>
                <input id="ch-url" name="url" type="url" value={draft?.url} />
              </div>
              <div class="wide">
                <label for="ch-secret">Webhook: signing secret (32 characters or more{draft ? '; type it again' : ''})</label>
                <input id="ch-secret" name="secret" type="password" autocomplete="off" />
              </div>
              <div class="actions">
                <button type="submit">Add channel</button>
              </div>
            </form>
          </section>
        ) : null}
      </div>
    </Layout>
  );
}
