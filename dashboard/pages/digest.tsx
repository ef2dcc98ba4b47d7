import type { AuthUser } from '../../db/queries/users.ts';
import { ROLES } from '../../db/schema/constants.ts';
import type { DigestRecipient, DigestSend } from '../../db/schema/digest.ts';
import { DIGEST_LANGUAGES } from '../../src/core/digest/build-digest.ts';
import { Layout, ROLE_NAMES } from '../components/layout.tsx';
import { humanize, isoInstant, queryString } from '../lib/format.ts';
import { ConfigWarnings, Notices } from '../components/notices.tsx';

export interface DigestValues {
  week: string;
  role: string;
  language: string;
  time_zone: string;
}

export interface DigestPageProps {
  user: AuthUser;
  csrfToken: string;
  values: DigestValues;
  /** Roles whose digest this user may preview: their own, or all for those who configure the digest. */
  roles: readonly string[];
  preview: { subject: string; text: string } | null;
  problem: string | null;
  previewPath: string;
  /** For those who configure the digest (admins): the schedule and the recipients. */
  config: {
    settings: { cron: string; timeZone: string; sender: string | null; enabled: boolean };
    recipients: DigestRecipient[];
    /** The latest scheduled sends, newest first. */
    sends?: DigestSend[];
  } | null;
  flash: string | null;
  /** What the server's settings lack for sending it. */
  warnings?: string[];
}

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', sv: 'Svenska', lv: 'Latviešu' };

/** The weekly digest as a role gets it, for any week: the e-mail itself in a frame, and its plain-text part. */
export function DigestPage({ user, csrfToken, values, roles, preview, problem, previewPath, config, flash, warnings = [] }: DigestPageProps) {
  const src = `${previewPath}${queryString({ week: values.week, role: values.role, language: values.language, time_zone: values.time_zone })}`;
  return (
    <Layout title="Weekly digest" user={user} csrfToken={csrfToken} nav="digest">
      <h1>Weekly digest</h1>
      <p class="muted">The e-mail as it is sent on the schedule, for a week and a role.</p>
      <Notices flash={flash} />
      <form method="get" action="/digest" class="filters card" aria-label="Choose the digest">
        <div>
          <label for="week">Week</label>
          <input id="week" name="week" value={values.week} pattern="\d{4}-[Ww]\d{2}" placeholder="2026-W47" required />
        </div>
        <div>
          <label for="role">Role</label>
          <select id="role" name="role">
            {ROLES.filter((r) => roles.includes(r)).map((r) => (
              <option value={r} selected={values.role === r}>
                {ROLE_NAMES[r] ?? r}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="language">Language</label>
          <select id="language" name="language">
            {DIGEST_LANGUAGES.map((l) => (
              <option value={l} selected={values.language === l}>
                {LANGUAGE_NAMES[l] ?? l}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="time_zone">Time zone</label>
          <input id="time_zone" name="time_zone" value={values.time_zone} placeholder="Europe/Riga" />
        </div>
        <div class="actions">
          <button type="submit">Show</button>
        </div>
      </form>
      {problem ? (
        <p class="error" role="alert" data-testid="problems">
          {problem}
        </p>
      ) : null}
      {preview ? (
        <div class="stack">
          <p>
            <strong>Subject:</strong> <span data-testid="digest-subject">{preview.subject}</span>
          </p>
          {config ? (
            <form
              method="post"
              action={`/digest/test${queryString({ week: values.week, role: values.role, language: values.language, time_zone: values.time_zone })}`}
              class="row-action"
              data-testid="digest-test"
            >
              <input type="hidden" name="_csrf" value={csrfToken} />
              <button type="submit" class="small">
                Send this to me
              </button>
            </form>
          ) : null}
          <iframe class="digest-frame" src={src} title="The digest e-mail" data-testid="digest-frame"></iframe>
          <details class="card">
            <summary>The plain-text part</summary>
            <pre class="digest-text" data-testid="digest-text">
              {preview.text}
            </pre>
          </details>
        </div>
      ) : null}
      {config ? <DigestConfig csrfToken={csrfToken} config={config} warnings={warnings} /> : null}
    </Layout>
  );
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A cron of the form "M H * * D" (one weekday, one time) as the picker's values; null for any other. */
export function weeklyOf(cron: string): { weekday: number; hour: number; minute: number } | null {
  const m = /^(\d{1,2}) (\d{1,2}) \* \* (\d)$/.exec(cron.trim());
  if (!m) return null;
  const [minute, hour, weekday] = [Number(m[1]), Number(m[2]), Number(m[3]) % 7];
  return minute < 60 && hour < 24 ? { weekday, hour, minute } : null;
}

/** The schedule as a weekday and a time; a cron for anything else (the picker writes the cron when it is used). */
function WeeklyPicker({ cron }: { cron: string }) {
  const w = weeklyOf(cron);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    <fieldset class="wide schedule-picker">
      <legend class="visually-hidden">When</legend>
      <label class="checkbox" for="mode-weekly">
        <input type="radio" id="mode-weekly" name="schedule_mode" value="weekly" checked={w !== null} /> Every week on
      </label>
      <div class="schedule-row">
        <label class="visually-hidden" for="weekday">
          Weekday
        </label>
        <select id="weekday" name="weekday">
          {[1, 2, 3, 4, 5, 6, 0].map((d) => (
            <option value={String(d)} selected={(w?.weekday ?? 1) === d}>
              {WEEKDAYS[d]}
            </option>
          ))}
        </select>
        <label class="visually-hidden" for="hour">
          Hour
        </label>
        <select id="hour" name="hour">
          {Array.from({ length: 24 }, (_, h) => (
            <option value={String(h)} selected={(w?.hour ?? 7) === h}>
              {two(h)}
            </option>
          ))}
        </select>
        <label class="visually-hidden" for="minute">
          Minute
        </label>
        <select id="minute" name="minute">
          {[0, 15, 30, 45, ...(w && w.minute % 15 ? [w.minute] : [])].map((m) => (
            <option value={String(m)} selected={(w?.minute ?? 0) === m}>
              :{two(m)}
            </option>
          ))}
        </select>
      </div>
      <label class="checkbox" for="mode-cron">
        <input type="radio" id="mode-cron" name="schedule_mode" value="cron" checked={w === null} /> Another schedule, as cron (minute hour day month weekday)
      </label>
      <label class="visually-hidden" for="cron">
        Cron
      </label>
      <input id="cron" name="cron" value={cron} placeholder="0 7 * * 1" />
    </fieldset>
  );
}

function DigestConfig({ csrfToken, config, warnings }: { csrfToken: string; config: NonNullable<DigestPageProps['config']>; warnings: string[] }) {
  const s = config.settings;
  return (
    <div class="stack">
      <section class="card" aria-labelledby="schedule-heading">
        <h2 id="schedule-heading">Schedule</h2>
        <ConfigWarnings warnings={warnings} />
        <form method="post" action="/digest/settings" class="filters">
          <input type="hidden" name="_csrf" value={csrfToken} />
          <WeeklyPicker cron={s.cron} />
          <div>
            <label for="schedule_tz">In time zone</label>
            <input id="schedule_tz" name="time_zone" value={s.timeZone} required />
          </div>
          <div class="wide">
            <label for="sender">Sender (blank: the server's)</label>
            <input id="sender" name="sender" value={s.sender ?? ''} maxlength={200} />
          </div>
          <div>
            <label class="checkbox" for="enabled">
              <input id="enabled" name="enabled" type="checkbox" value="1" checked={s.enabled} /> Send on schedule
            </label>
          </div>
          <div class="actions">
            <button type="submit">Save schedule</button>
          </div>
        </form>
      </section>
      <section class="card" aria-labelledby="recipients-heading">
        <h2 id="recipients-heading">Recipients</h2>
        {config.recipients.length === 0 ? (
          <p class="muted">Nobody gets the digest yet.</p>
        ) : (
          <ul class="settings-list" data-testid="recipients">
            {config.recipients.map((r) => (
              <li data-testid="recipient">
                <strong>{r.email}</strong>{' '}
                <span class="muted">
                  {[r.name, ROLE_NAMES[r.role] ?? r.role, r.timeZone, LANGUAGE_NAMES[r.language] ?? r.language, r.enabled ? null : 'paused'].filter(Boolean).join(' · ')}
                </span>
                <form method="post" action={`/digest/recipients/${r.id}/delete`} class="row-action">
                  <input type="hidden" name="_csrf" value={csrfToken} />
                  <button type="submit" class="small danger">
                    Remove
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
        <form method="post" action="/digest/recipients" class="filters">
          <input type="hidden" name="_csrf" value={csrfToken} />
          <div class="wide">
            <label for="r-email">E-mail</label>
            <input id="r-email" name="email" type="email" required />
          </div>
          <div>
            <label for="r-name">Name</label>
            <input id="r-name" name="name" maxlength={120} />
          </div>
          <div>
            <label for="r-role">Role</label>
            <select id="r-role" name="role">
              {ROLES.map((r) => (
                <option value={r}>{ROLE_NAMES[r] ?? r}</option>
              ))}
            </select>
          </div>
          <div>
            <label for="r-tz">Time zone</label>
            <input id="r-tz" name="time_zone" value="UTC" required />
          </div>
          <div>
            <label for="r-language">Language</label>
            <select id="r-language" name="language">
              {DIGEST_LANGUAGES.map((l) => (
                <option value={l}>{LANGUAGE_NAMES[l] ?? l}</option>
              ))}
            </select>
          </div>
          <div class="actions">
            <button type="submit">Add recipient</button>
          </div>
        </form>
      </section>
      <SendHistory sends={config.sends ?? []} />
    </div>
  );
}

/** What became of the scheduled sends: sent when, or still being tried and why. */
function SendHistory({ sends }: { sends: DigestSend[] }) {
  return (
    <section class="card" aria-labelledby="sends-heading">
      <h2 id="sends-heading">Sent</h2>
      {sends.length === 0 ? (
        <p class="muted" data-testid="no-sends">
          Nothing has been sent on the schedule yet. "Send this to me" above tries the e-mail at once.
        </p>
      ) : (
        <div class="table-wrap">
          <table class="cards" data-testid="digest-sends">
            <thead>
              <tr>
                <th scope="col">Week</th>
                <th scope="col">To</th>
                <th scope="col">Role</th>
                <th scope="col">Outcome</th>
                <th scope="col" class="num">
                  Attempts
                </th>
              </tr>
            </thead>
            <tbody>
              {sends.map((s) => (
                <tr data-status={s.status}>
                  <td>{s.week}</td>
                  <td data-label="To">{s.email}</td>
                  <td data-label="Role">{ROLE_NAMES[s.role] ?? s.role}</td>
                  <td data-label="Outcome">
                    {s.status === 'sent' && s.sentAt !== null
                      ? `Sent ${isoInstant(s.sentAt)}`
                      : s.status === 'failed'
                        ? `Given up: ${s.lastError ?? 'no reason recorded'}`
                        : s.lastError
                          ? `Retrying after: ${s.lastError}`
                          : humanize(s.status)}
                  </td>
                  <td class="num" data-label="Attempts">
                    {s.attempts}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
