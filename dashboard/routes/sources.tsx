import { requirePermission } from '../../src/api/middleware/auth.ts';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { recentPolls, pollsPerDay } from '../../db/queries/source-polls.ts';
import { getSource, listSources, sourceVolumes, type SourceVolume } from '../../db/queries/sources.ts';
import type { Source } from '../../db/schema/index.ts';
import { createSource } from '../../src/actions/sources/create.ts';
import { pollSourceNow } from '../../src/actions/sources/poll.ts';
import { removeSource } from '../../src/actions/sources/remove.ts';
import { testSource } from '../../src/actions/sources/test-fetch.ts';
import { updateSource } from '../../src/actions/sources/update.ts';
import type { SourceKind } from '../../db/schema/constants.ts';
import { can } from '../../src/core/auth/roles.ts';
import { itemsPerDay, sourceHealth, SPARK_DAYS, VOLUME_DAYS } from '../../src/sources/health.ts';
import type { Preview } from '../../src/sources/preview.ts';
import { adapterFor, settingsFor } from '../../src/sources/registry.ts';
import { queryString } from '../lib/format.ts';
import { renderPage } from '../lib/render.ts';
import { choiceFor, fieldsForKind, kindChoices, kindTitle, plainProblems, readSourceForm, type SourceFormValues } from '../lib/source-form.ts';
import { requireCsrfToken, requireSession } from '../lib/session.ts';
import { SourcePage } from '../pages/source.tsx';
import { DeleteSourcePage, EditSourcePage, editValuesOf, flashFor, NewSourcePage, sortSourceRows, SourcesPage } from '../pages/sources.tsx';
import type { UpdateSourceInput } from '../../src/actions/sources/schemas.ts';
import { actionProblems, type Ctx, originCheck, formLimit, field, notFoundPage } from '../lib/route-kit.tsx';
import type { AppEnv } from '../../src/api/env.ts';

const requireSourcesWrite = requirePermission('sources:write', 'Only admins can add, change or delete sources.');

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

/** A source as its row and its page show it. */
const sourceRow = (source: Source, volume: SourceVolume | undefined, now: number) => ({
  source,
  kindTitle: kindTitle(source.kind),
  health: sourceHealth(source, volume, now),
  volume,
  itemsPerDay: itemsPerDay(volume),
  polled: adapterFor(source.kind) !== null,
});

/** Sources: list, one source's page, add (with a test fetch), pause, resume, poll now, delete. */
export function sourceRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();

  r.get('/sources', requireSession, async (c) => {
    const deps = c.get('deps');
    const now = deps.clock.now();
    const [sources, volumes] = await Promise.all([listSources(deps.db), sourceVolumes(deps.db, now, VOLUME_DAYS, SPARK_DAYS)]);
    const rows = sources.map((source) => sourceRow(source, volumes.get(source.id), now));
    const flash = flashFor(c.req.query(), new Map(sources.map((s) => [s.id, s.name])));
    return renderPage(
      c,
      <SourcesPage user={c.get('user')} csrfToken={c.get('csrfToken')} now={now} rows={sortSourceRows(rows)} canWrite={can(c.get('user').role, 'sources:write')} flash={flash} />,
    );
  });

  // Step 1 (no kind) picks the kind with a GET form; step 2 (?kind=…) shows that kind's fields.
  r.get('/sources/new', requireSession, requireSourcesWrite, (c) => {
    const asked = c.req.query('kind');
    const choice = asked ? choiceFor(asked) : null;
    if (asked && !choice) {
      return renderSourceForm(c, null, { problems: [`There is no kind of source called “${asked.slice(0, 40)}”.`], status: 404 });
    }
    return renderSourceForm(c, choice?.kind ?? null);
  });

  r.post('/sources/test', originCheck, formLimit, requireSession, requireCsrfToken, requireSourcesWrite, async (c) => {
    const body = await c.req.parseBody();
    const choice = choiceFor(field(body, 'kind'));
    if (!choice) return renderSourceForm(c, null, { problems: ['Choose the kind of source first.'], status: 400 });
    const read = readSourceForm(choice.kind, body, false);
    if (!adapterFor(choice.kind)) read.problems.push('A push source receives its mentions, so there is nothing to fetch and test.');
    if (read.problems.length || !read.input) {
      return renderSourceForm(c, choice.kind, { values: read.values, problems: read.problems, problemLead: 'The source was not tested:', status: 400 });
    }
    // Nothing is stored: the preview fetches once with the settings as entered.
    const preview = await testSource(c.get('deps'), c.get('user'), read.input);
    return renderSourceForm(c, choice.kind, { values: read.values, preview });
  });

  r.post('/sources', originCheck, formLimit, requireSession, requireCsrfToken, requireSourcesWrite, async (c) => {
    const deps = c.get('deps');
    const body = await c.req.parseBody();
    const choice = choiceFor(field(body, 'kind'));
    if (!choice) return renderSourceForm(c, null, { problems: ['Choose the kind of source first.'], status: 400 });
    const read = readSourceForm(choice.kind, body);
    const notAdded = (problems: string[], status: ContentfulStatusCode) =>
      renderSourceForm(c, choice.kind, { values: read.values, problems, problemLead: 'The source was not added:', status });
    if (read.problems.length || !read.input) return notAdded(read.problems, 400);
    let source;
    try {
      source = await createSource(deps, c.get('user'), read.input);
    } catch (err) {
      const refused = actionProblems(err);
      if (refused) return notAdded(plainProblems(refused.message), refused.status);
      throw err;
    }
    return c.redirect(`/sources${queryString({ done: 'added', id: source.id, also: source.alsoPolledBy.map((s) => s.id).join(',') || undefined })}`, 303);
  });

  for (const [action, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    r.post(`/sources/:id/${action}`, originCheck, formLimit, requireSession, requireCsrfToken, requireSourcesWrite, async (c) => {
      const deps = c.get('deps');
      const source = await sourceFromParam(c);
      if (!source) return notFoundPage(c, NO_SOURCE);
      await updateSource(deps, c.get('user'), source.id, { is_paused: paused });
      return c.redirect(`/sources${queryString({ done: paused ? 'paused' : 'resumed', id: source.id })}`, 303);
    });
  }

  r.post('/sources/:id/poll', originCheck, formLimit, requireSession, requireCsrfToken, requireSourcesWrite, async (c) => {
    const deps = c.get('deps');
    const source = await sourceFromParam(c);
    if (!source) return notFoundPage(c, NO_SOURCE);
    // Failures are recorded on the source and returned, never thrown: the list shows the error afterwards.
    const outcome = await pollSourceNow(deps, c.get('user'), source.id);
    const counts = outcome.outcome === 'ok' ? { new: outcome.new, updated: outcome.updated, duplicates: outcome.duplicates } : {};
    return c.redirect(`/sources${queryString({ done: 'polled', id: source.id, outcome: outcome.outcome, ...counts })}`, 303);
  });

  r.get('/sources/:id{[0-9]+}', requireSession, async (c) => {
    const deps = c.get('deps');
    const source = await sourceFromParam(c);
    if (!source) return notFoundPage(c, NO_SOURCE);
    const now = deps.clock.now();
    const [volumes, polls, perDay] = await Promise.all([
      sourceVolumes(deps.db, now, VOLUME_DAYS, SPARK_DAYS),
      recentPolls(deps.db, source.id),
      pollsPerDay(deps.db, source.id, now, SPARK_DAYS),
    ]);
    const row = sourceRow(source, volumes.get(source.id), now);
    return renderPage(
      c,
      <SourcePage user={c.get('user')} csrfToken={c.get('csrfToken')} now={now} row={row} polls={polls} perDay={perDay} canWrite={can(c.get('user').role, 'sources:write')} />,
    );
  });

  r.get('/sources/:id/edit', requireSession, requireSourcesWrite, async (c) => {
    const source = await sourceFromParam(c);
    if (!source) return notFoundPage(c, NO_SOURCE);
    return renderPage(c, <EditSourcePage user={c.get('user')} csrfToken={c.get('csrfToken')} source={source} values={editValuesOf(source)} />);
  });

  // As PATCH /api/sources/{id}: the same action; a refused form comes back with what was typed and the reasons.
  r.post('/sources/:id/edit', originCheck, formLimit, requireSession, requireCsrfToken, requireSourcesWrite, async (c) => {
    const source = await sourceFromParam(c);
    if (!source) return notFoundPage(c, NO_SOURCE);
    const body = await c.req.parseBody();
    const values = { name: field(body, 'name'), brand: field(body, 'brand'), url: field(body, 'url'), minutes: field(body, 'minutes'), paused: field(body, 'paused') === '1' };
    const minutes = /^\d{1,5}$/.test(values.minutes.trim()) ? Number(values.minutes.trim()) : Number.NaN;
    const input: UpdateSourceInput = {
      name: values.name,
      brand: values.brand.trim() || null,
      ...(source.url !== null ? { url: values.url.trim() } : {}),
      ...(source.kind !== 'push' ? { poll_interval_seconds: minutes * 60 } : {}),
      is_paused: values.paused,
    };
    try {
      await updateSource(c.get('deps'), c.get('user'), source.id, input);
    } catch (err) {
      const refused = actionProblems(err);
      if (!refused) throw err;
      const problems = plainProblems(refused.message).map((p) => p.replace(/^poll_interval_seconds: .*/i, 'Poll every: give a whole number of minutes from 1 to 1440.'));
      return renderPage(c, <EditSourcePage user={c.get('user')} csrfToken={c.get('csrfToken')} source={source} values={values} problems={problems} />, refused.status);
    }
    return c.redirect(`/sources${queryString({ done: 'updated', id: source.id })}`, 303);
  });

  // Without client script, deleting takes a confirmation page.
  r.get('/sources/:id/delete', requireSession, requireSourcesWrite, async (c) => {
    const source = await sourceFromParam(c);
    if (!source) return notFoundPage(c, NO_SOURCE);
    return renderPage(c, <DeleteSourcePage user={c.get('user')} csrfToken={c.get('csrfToken')} source={source} />);
  });

  r.post('/sources/:id/delete', originCheck, formLimit, requireSession, requireCsrfToken, requireSourcesWrite, async (c) => {
    const deps = c.get('deps');
    const source = await sourceFromParam(c);
    if (!source) return notFoundPage(c, NO_SOURCE);
    await removeSource(deps, c.get('user'), source.id);
    return c.redirect('/sources?done=deleted', 303);
  });

  return r;
}
