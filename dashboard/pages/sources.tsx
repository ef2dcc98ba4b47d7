import type { AuthUser } from '../../db/queries/users.ts';
import { alsoPolledWords } from '../../src/actions/sources/create.ts';
import type { Source } from '../../db/schema/index.ts';
import { SOURCE_HEALTH, SPARK_DAYS, type SourceHealth } from '../../src/sources/health.ts';
import type { Preview } from '../../src/sources/preview.ts';
import { HEALTH_MEANING, HealthBadge } from '../components/health-badge.tsx';
import { Layout } from '../components/layout.tsx';
import { ChooseKind, SourceDetailsForm } from '../components/new-source-form.tsx';
import { Notices, Problems } from '../components/notices.tsx';
import { PreviewResult } from '../components/source-preview.tsx';
import { SourceRowItem, type SourceRow } from '../components/source-row.tsx';
import { formatCount } from '../lib/format.ts';
import type { FieldSpec, KindChoice, SourceFormValues } from '../lib/source-form.ts';

export type { SourceRow };

// ---- the list ----

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
const HEALTH_ORDER: Record<SourceHealth, number> = { failing: 0, silent: 1, degraded: 2, new: 3, healthy: 4, paused: 5 };

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
    case 'added': {
      // Other sources polling the same address, by id (names from the database, as above).
      const also = (query.also ?? '').split(',').flatMap((t) => (COUNT.test(t) && names.has(Number(t)) ? [{ id: Number(t), name: names.get(Number(t))! }] : []));
      return { tone: 'ok', text: [`Added ${name}.`, ...also.map((o) => `Note: ${alsoPolledWords(o)}`)].join(' ') };
    }
    case 'updated':
      return { tone: 'ok', text: `Saved ${name}.` };
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
          <SourceDetailsForm csrfToken={csrfToken} choice={choice} fields={props.fields} needsUrl={props.needsUrl} polled={props.polled} values={values} />
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

/** What the edit form shows: the stored values, or what was typed when it was refused. */
export interface EditSourceValues {
  name: string;
  brand: string;
  url: string;
  minutes: string;
  paused: boolean;
}

export const editValuesOf = (s: Source): EditSourceValues => ({
  name: s.name,
  brand: s.brand ?? '',
  url: s.url ?? '',
  minutes: String(Math.round(s.pollIntervalSeconds / 60)),
  paused: s.isPaused,
});

/** A source's name, brand, address, schedule and pause; its kind stays (add another source for another kind). */
export function EditSourcePage(p: { user: AuthUser; csrfToken: string; source: Source; values: EditSourceValues; problems?: string[] }) {
  const v = p.values;
  return (
    <Layout title={`Edit ${p.source.name}`} user={p.user} csrfToken={p.csrfToken} nav="sources">
      <a class="back" href="/sources">
        ← Sources
      </a>
      <h1>Edit “{p.source.name}”</h1>
      {p.problems?.length ? <Problems problems={p.problems} lead="The source was not saved:" /> : null}
      <form method="post" action={`/sources/${p.source.id}/edit`} class="card source-form" data-testid="edit-source">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <div class="field">
          <label for="name">Name</label>
          <input id="name" name="name" type="text" value={v.name} maxlength={100} required />
        </div>
        <div class="field">
          <label for="brand">Brand (optional)</label>
          <input id="brand" name="brand" type="text" value={v.brand} maxlength={80} />
        </div>
        {p.source.url !== null ? (
          <div class="field">
            <label for="url">Address</label>
            <input id="url" name="url" type="url" value={v.url} required />
            <p class="muted">A new address may ask for the source's credentials again.</p>
          </div>
        ) : null}
        {p.source.kind !== 'push' ? (
          <div class="field">
            <label for="minutes">Poll every (minutes, 1–1440)</label>
            <input id="minutes" name="minutes" type="number" min={1} max={1440} value={v.minutes} required />
          </div>
        ) : null}
        <div class="field">
          <label class="checkbox" for="paused">
            <input id="paused" name="paused" type="checkbox" value="1" checked={v.paused} /> Paused
          </label>
        </div>
        <div class="form-actions">
          <button type="submit">Save</button> <a href="/sources">Cancel</a>
        </div>
      </form>
    </Layout>
  );
}
