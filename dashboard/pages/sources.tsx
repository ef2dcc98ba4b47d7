import type { SourceVolume } from '../../db/queries/sources.ts';
import type { AuthUser } from '../../db/queries/users.ts';
import type { Source } from '../../db/schema/index.ts';
import { SOURCE_HEALTH, SPARK_DAYS, type SourceHealth } from '../../src/sources/health.ts';
import type { Preview } from '../../src/sources/preview.ts';
import { Chips, SentimentBadge } from '../components/badges.tsx';
import { Sparkline } from '../components/charts.tsx';
import { HEALTH_MEANING, HealthBadge } from '../components/health-badge.tsx';
import { Layout } from '../components/layout.tsx';
import { SettingsFields } from '../components/source-form.tsx';
import { excerpt, formatCount, friendlyTime, isoInstant, languageName, mediumDay, queryString, shortDay } from '../lib/format.ts';
import { relativeTime } from '../lib/relative-time.ts';
import { DEFAULT_INTERVAL_MINUTES, type FieldSpec, type KindChoice, type SourceFormValues } from '../lib/source-form.ts';
import { Notices } from '../components/notices.tsx';

// ---- the list ----

export interface SourceRow {
  source: Source;
  kindTitle: string;
  health: SourceHealth;
  volume: SourceVolume | undefined;
  itemsPerDay: number;
  /** Polled by Earshot (false for push sources, which have no schedule and cannot be polled now). */
  polled: boolean;
}

export interface Flash {
  tone: 'ok' | 'problem';
  text: string;
}

export interface SourcesPageProps {
  user: AuthUser;
  csrfToken: string;
  now: number;
  rows: SourceRow[];
  canWrite: boolean;
  flash: Flash | null;
}

/** The ones that need someone's attention first; then by name. */
const HEALTH_ORDER: Record<SourceHealth, number> = { failing: 0, silent: 1, degraded: 2, healthy: 3, paused: 4 };

export function sortSourceRows(rows: SourceRow[]): SourceRow[] {
  return [...rows].sort((a, b) => HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health] || a.source.name.localeCompare(b.source.name));
}

const COUNT = /^\d{1,9}$/;

/**
 * The message after an action, from its redirect's query. Only known words and numbers are read from the query;
 * the source's name comes from the database, so a crafted link cannot put its own sentence on the page.
 */
export function flashFor(query: Record<string, string | undefined>, names: ReadonlyMap<number, string>): Flash | null {
  const id = COUNT.test(query.id ?? '') ? Number(query.id) : NaN;
  const name = names.has(id) ? `“${names.get(id)}”` : 'the source';
  const n = (k: string) => (COUNT.test(query[k] ?? '') ? Number(query[k]) : 0);
  switch (query.done) {
    case 'added':
      return { tone: 'ok', text: `Added ${name}.` };
    case 'paused':
      return { tone: 'ok', text: `Paused ${name}: it is not polled until it is resumed.` };
    case 'resumed':
      return { tone: 'ok', text: `Resumed ${name}.` };
    case 'deleted':
      return { tone: 'ok', text: 'Deleted the source and the mentions it brought in.' };
    case 'polled':
      if (query.outcome === 'ok') {
        const parts = [`${formatCount(n('new'))} new`, `${formatCount(n('updated'))} updated`];
        if (n('duplicates')) parts.push(`${formatCount(n('duplicates'))} already stored from another source`);
        return { tone: 'ok', text: `Polled ${name}: ${parts.join(', ')}.` };
      }
      if (query.outcome === 'not_modified') return { tone: 'ok', text: `Polled ${name}: nothing has changed since the last poll.` };
      if (query.outcome === 'failed') return { tone: 'problem', text: `Polling ${name} failed; its last error is in the list below.` };
      return null;
    default:
      return null;
  }
}

/** `23 Nov, 13:55 UTC`; with the year when it is not this year's. Short enough for a table column. */
function dayAndTime(ms: number, now: number): string {
  const day = new Date(ms).getUTCFullYear() === new Date(now).getUTCFullYear() ? shortDay(ms) : mediumDay(ms);
  return `${day}, ${isoInstant(ms).slice(11, 16)} UTC`;
}

/** A `<time>` with the coarse relative text, and the exact time (UTC) under it. */
function When({ ms, now }: { ms: number; now: number }) {
  return (
    <>
      <time datetime={isoInstant(ms)} title={friendlyTime(ms)}>
        {relativeTime(ms, now)}
      </time>
      <span class="sub">{dayAndTime(ms, now)}</span>
    </>
  );
}

function NextPoll({ row, now }: { row: SourceRow; now: number }) {
  const s = row.source;
  if (!row.polled) return <span class="muted">not polled: receives pushes</span>;
  if (s.isPaused) return <span class="muted">paused</span>;
  if (s.nextPollAt <= now) return <span>due now</span>;
  return <When ms={s.nextPollAt} now={now} />;
}

/** A small POST form with the CSRF token; the source's name is in the button's accessible name. */
function ActionForm({ action, csrfToken, label, name, tone }: { action: string; csrfToken: string; label: string; name: string; tone?: 'danger' }) {
  return (
    <form method="post" action={action} class="row-action">
      <input type="hidden" name="_csrf" value={csrfToken} />
      <button type="submit" class={`small${tone ? ` ${tone}` : ''}`}>
        {label}
        <span class="visually-hidden"> {name}</span>
      </button>
    </form>
  );
}

function SourceRowItem({ row, now, canWrite, csrfToken }: { row: SourceRow; now: number; canWrite: boolean; csrfToken: string }) {
  const s = row.source;
  const total = row.volume?.daily.reduce((a, b) => a + b, 0) ?? 0;
  return (
    <tr data-testid="source-row" data-source={s.name}>
      <th scope="row" class="source-name">
        <a href={`/mentions${queryString({ source: s.id })}`}>{s.name}</a>
        {s.url ? <span class="sub mono">{s.url}</span> : null}
      </th>
      <td class="kind">{row.kindTitle}</td>
      <td>
        <HealthBadge health={row.health} />
      </td>
      <td class="last-error">
        {s.lastError ? (
          <>
            <span title={s.lastError}>{excerpt(s.lastError, 200)}</span>
            {s.errorCount > 1 ? <span class="sub">{s.errorCount} failed polls in a row</span> : null}
          </>
        ) : (
          <span class="muted">none</span>
        )}
      </td>
      <td class="when">{!row.polled ? <span class="muted">not polled</span> : s.lastSuccessAt ? <When ms={s.lastSuccessAt} now={now} /> : <span class="muted">never</span>}</td>
      <td class="volume">
        <span class="per-day">{row.itemsPerDay} a day</span>
        <Sparkline id={`spark-${s.id}`} title={`${s.name}: ${formatCount(total)} mention${total === 1 ? '' : 's'} in the last ${SPARK_DAYS} days`} values={row.volume?.daily ?? new Array(SPARK_DAYS).fill(0)} />
      </td>
      <td class="when">
        <NextPoll row={row} now={now} />
      </td>
      {canWrite ? (
        <td class="actions-cell">
          <div class="row-actions">
            {s.isPaused ? (
              <ActionForm action={`/sources/${s.id}/resume`} csrfToken={csrfToken} label="Resume" name={s.name} />
            ) : (
              <ActionForm action={`/sources/${s.id}/pause`} csrfToken={csrfToken} label="Pause" name={s.name} />
            )}
            {row.polled ? <ActionForm action={`/sources/${s.id}/poll`} csrfToken={csrfToken} label="Poll now" name={s.name} /> : null}
            <a class="button small danger" href={`/sources/${s.id}/delete`}>
              Delete…<span class="visually-hidden"> {s.name}</span>
            </a>
          </div>
        </td>
      ) : null}
    </tr>
  );
}

export function SourcesPage({ user, csrfToken, now, rows, canWrite, flash }: SourcesPageProps) {
  return (
    <Layout title="Sources" user={user} csrfToken={csrfToken} nav="sources">
      <div class="page-head">
        <div>
          <h1>Sources</h1>
          <p class="muted">Where mentions come from, and whether each source is working. Sources that need attention come first.</p>
        </div>
        {canWrite ? (
          <a class="button" href="/sources/new">
            Add a source
          </a>
        ) : null}
      </div>
      <Notices flash={flash} />
      {rows.length === 0 ? (
        <p class="empty-state card">No sources yet.{canWrite ? ' Add one to start collecting mentions.' : ''}</p>
      ) : (
        <div class="table-wrap card flush">
          <table class="sources">
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Kind</th>
                <th scope="col">Health</th>
                <th scope="col">Last error</th>
                <th scope="col">Last success</th>
                <th scope="col">Mentions ({SPARK_DAYS} days)</th>
                <th scope="col">Next poll</th>
                {canWrite ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <SourceRowItem row={row} now={now} canWrite={canWrite} csrfToken={csrfToken} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <details class="data">
        <summary>What the health words mean</summary>
        <dl class="health-legend">
          {SOURCE_HEALTH.map((h) => (
            <div>
              <dt>
                <HealthBadge health={h} />
              </dt>
              <dd>{HEALTH_MEANING[h]}</dd>
            </div>
          ))}
        </dl>
      </details>
    </Layout>
  );
}

// ---- adding a source ----

export interface NewSourcePageProps {
  user: AuthUser;
  csrfToken: string;
  choices: KindChoice[];
  /** null: step 1, choose the kind. */
  choice: KindChoice | null;
  fields: FieldSpec[];
  needsUrl: boolean;
  polled: boolean;
  /** What was entered; null for a fresh form. */
  values: SourceFormValues | null;
  problems: string[];
  /** What the problems stopped: "The source was not added:", "The source was not tested:". */
  problemLead?: string;
  /** The outcome of "Test this source", when that is what was asked. */
  preview: Preview | null;
}

function Problems({ problems, lead }: { problems: string[]; lead: string }) {
  if (problems.length === 0) return null;
  return (
    <div class="error" role="alert" data-testid="problems">
      <p>{lead}</p>
      <ul>
        {problems.map((p) => (
          <li>{p}</li>
        ))}
      </ul>
    </div>
  );
}

function PreviewResult({ preview }: { preview: Preview }) {
  if (!preview.ok) {
    return (
      <section class="card preview" aria-labelledby="preview-heading" data-testid="preview">
        <h2 id="preview-heading">Test result</h2>
        <p class="error" role="alert">
          The test did not work: {preview.error}. <span class="mono">({preview.code})</span>
        </p>
      </section>
    );
  }
  return (
    <section class="card preview" aria-labelledby="preview-heading" data-testid="preview">
      <h2 id="preview-heading">Test result</h2>
      <p role="status">
        {preview.total === 0
          ? 'The source answered, but had no items right now.'
          : `The source answered with ${formatCount(preview.total)} item${preview.total === 1 ? '' : 's'}${preview.items.length < preview.total ? `; the first ${preview.items.length} are shown` : ''}. Nothing has been stored.`}
        {preview.skipped ? ` ${formatCount(preview.skipped)} item${preview.skipped === 1 ? '' : 's'} could not be read and would be skipped.` : ''}
      </p>
      {preview.items.length ? (
        <div class="table-wrap">
          <table class="preview-items">
            <thead>
              <tr>
                <th scope="col">Title and text</th>
                <th scope="col">Language</th>
                <th scope="col">About collection</th>
                <th scope="col">Sentiment</th>
                <th scope="col">Tactics</th>
              </tr>
            </thead>
            <tbody>
              {preview.items.map((item) => (
                <tr data-testid="preview-row">
                  <td>
                    {item.title ? <strong class="preview-title">{excerpt(item.title, 120)}</strong> : null}
                    {item.text && item.text.trim() !== item.title?.trim() ? <span class="sub">{excerpt(item.text, 160)}</span> : null}
                  </td>
                  <td>
                    <abbr class="lang" title={languageName(item.language)}>
                      {item.language}
                    </abbr>
                  </td>
                  <td>{item.relevant ? 'yes' : 'no'}</td>
                  <td>
                    <SentimentBadge label={item.sentiment} />
                  </td>
                  <td>{item.tactics.length ? <Chips items={item.tactics} /> : <span class="muted">none</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function ChooseKind({ choices, problems }: { choices: KindChoice[]; problems: string[] }) {
  return (
    <>
      <p class="muted">Step 1 of 2: what kind of source is it?</p>
      <Problems problems={problems} lead="Please choose again:" />
      <form class="card source-form" method="get" action="/sources/new">
        <div class="field">
          <label for="kind">Kind of source</label>
          <select id="kind" name="kind" required>
            {choices.map((c) => (
              <option value={c.kind}>{c.title}</option>
            ))}
          </select>
        </div>
        <div class="form-actions">
          <button type="submit">Next</button>
          <a href="/sources">Cancel</a>
        </div>
      </form>
    </>
  );
}

export function NewSourcePage(props: NewSourcePageProps) {
  const { user, csrfToken, choice, values } = props;
  return (
    <Layout title={choice ? `Add a source: ${choice.title}` : 'Add a source'} user={user} csrfToken={csrfToken} nav="sources">
      <a class="back" href="/sources">
        ← All sources
      </a>
      <h1>Add a source</h1>
      {choice === null ? (
        <ChooseKind choices={props.choices} problems={props.problems} />
      ) : (
        <div class="stack">
          <p class="muted">
            Step 2 of 2: <strong>{choice.title}</strong>. <a href="/sources/new">Choose another kind</a>
          </p>
          <Problems problems={props.problems} lead={props.problemLead ?? 'Please check:'} />
          {props.preview ? <PreviewResult preview={props.preview} /> : null}
          <form class="card source-form" method="post" action="/sources" data-testid="source-form">
            <input type="hidden" name="_csrf" value={csrfToken} />
            <input type="hidden" name="kind" value={choice.kind} />
            <div class="field">
              <label for="name">Name</label>
              <input id="name" name="name" type="text" autocomplete="off" required maxlength={100} value={values?.name ?? ''} aria-describedby="name-hint" />
              <p class="hint" id="name-hint">
                How the dashboard and alerts name it; must be unique.
              </p>
            </div>
            {props.needsUrl ? (
              <div class="field">
                <label for="url">Address (URL)</label>
                <input id="url" name="url" type="url" required maxlength={2000} value={values?.url ?? ''} placeholder="https://" aria-describedby="url-hint" />
                <p class="hint" id="url-hint">
                  <code>url</code> The address Earshot fetches, starting with https:// or http://.
                </p>
              </div>
            ) : null}
            {props.polled ? (
              <div class="field">
                <label for="interval">Poll every (minutes)</label>
                <input id="interval" name="interval" type="number" min={1} max={1440} step={1} value={values?.interval ?? ''} placeholder={String(DEFAULT_INTERVAL_MINUTES)} aria-describedby="interval-hint" />
                <p class="hint" id="interval-hint">
                  From 1 to 1440. Default: {DEFAULT_INTERVAL_MINUTES}. A source that fails is retried less often until it works again.
                </p>
              </div>
            ) : null}
            <fieldset class="settings">
              <legend>Settings</legend>
              <SettingsFields fields={props.fields} values={values?.settings ?? null} />
            </fieldset>
            <div class="form-actions">
              {/* The test needs no name, so the browser's required-field checks are skipped for it. */}
              {props.polled ? (
                <button type="submit" class="secondary" formaction="/sources/test" formnovalidate>
                  Test this source
                </button>
              ) : null}
              <button type="submit">Add source</button>
              <a href="/sources">Cancel</a>
            </div>
            {props.polled ? <p class="hint">Testing fetches the source once and shows what would be stored, without storing anything.</p> : null}
          </form>
        </div>
      )}
    </Layout>
  );
}

// ---- deleting a source ----

export function DeleteSourcePage({ user, csrfToken, source }: { user: AuthUser; csrfToken: string; source: Source }) {
  return (
    <Layout title={`Delete ${source.name}`} user={user} csrfToken={csrfToken} nav="sources">
      <div class="card confirm">
        <h1>Delete “{source.name}”?</h1>
        <p>This deletes the source and every mention it brought in. It cannot be undone.</p>
        <p class="muted">To stop polling it but keep its mentions, pause it instead.</p>
        <form method="post" action={`/sources/${source.id}/delete`} class="form-actions">
          <input type="hidden" name="_csrf" value={csrfToken} />
          <button type="submit" class="danger">
            Delete source
          </button>
          <a href="/sources">Cancel</a>
        </form>
      </div>
    </Layout>
  );
}
