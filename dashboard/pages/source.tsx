// One source: its settings and health in words, what each of its recent polls found (new mentions apart from copies
// of mentions already stored), and what it brought per day.
import type { AuthUser } from '../../db/queries/users.ts';
import type { SourcePoll } from '../../db/schema/index.ts';
import { HEALTH_MEANING, HealthBadge } from '../components/health-badge.tsx';
import { Layout } from '../components/layout.tsx';
import { ActionForm, NextPoll, type SourceRow, When } from '../components/source-row.tsx';
import { formatCount, isoDay, isoInstant, queryString } from '../lib/format.ts';

export interface SourcePageProps {
  user: AuthUser;
  csrfToken: string;
  now: number;
  row: SourceRow;
  polls: SourcePoll[];
  /** Per UTC day, oldest first: what its polls stored new and what they skipped as copies. */
  perDay: { day: number; added: number; duplicates: number }[];
  canWrite: boolean;
}

const OUTCOME_WORDS: Record<SourcePoll['outcome'], string> = { ok: 'Read', not_modified: 'Unchanged since the last poll', failed: 'Failed' };

export function SourcePage({ user, csrfToken, now, row, polls, perDay, canWrite }: SourcePageProps) {
  const s = row.source;
  const added = perDay.reduce((n, d) => n + d.added, 0);
  const copies = perDay.reduce((n, d) => n + d.duplicates, 0);
  const active = perDay.filter((d) => d.added || d.duplicates).reverse();
  return (
    <Layout title={s.name} user={user} csrfToken={csrfToken} nav="sources">
      <p>
        <a href="/sources">All sources</a>
      </p>
      <div class="page-head">
        <div>
          <h1>{s.name}</h1>
          <p class="muted">
            {row.kindTitle}
            {s.brand ? ` · watches ${s.brand}` : ''} · <a href={`/mentions${queryString({ source: s.id })}`}>its mentions</a>
          </p>
        </div>
        {canWrite ? (
          <div class="row-actions">
            {row.polled && !s.isPaused ? <ActionForm action={`/sources/${s.id}/poll`} csrfToken={csrfToken} label="Poll now" name={s.name} /> : null}
            <a class="button small" href={`/sources/${s.id}/edit`}>
              Edit<span class="visually-hidden"> {s.name}</span>
            </a>
          </div>
        ) : null}
      </div>
      <section class="card" aria-labelledby="state-heading">
        <h2 id="state-heading">
          <HealthBadge health={row.health} />
        </h2>
        <p data-testid="health-meaning">{HEALTH_MEANING[row.health]}</p>
        <dl class="case-facts">
          {s.url ? (
            <div>
              <dt>Address</dt>
              <dd class="mono">{s.url}</dd>
            </div>
          ) : null}
          <div>
            <dt>Polled</dt>
            <dd>{row.polled ? `every ${formatCount(Math.round(s.pollIntervalSeconds / 60))} minutes` : 'never: it receives pushes'}</dd>
          </div>
          <div>
            <dt>Next poll</dt>
            <dd>
              <NextPoll row={row} now={now} />
            </dd>
          </div>
          <div>
            <dt>Last success</dt>
            <dd>{s.lastSuccessAt ? <When ms={s.lastSuccessAt} now={now} /> : 'never'}</dd>
          </div>
          {s.lastError ? (
            <div>
              <dt>Last error</dt>
              <dd data-testid="last-error">
                {s.lastError}
                {s.errorCount > 1 ? ` (${s.errorCount} failed polls in a row)` : ''}
              </dd>
            </div>
          ) : null}
        </dl>
      </section>
      <section class="card" aria-labelledby="days-heading">
        <h2 id="days-heading">What it brought, per day</h2>
        <p class="muted">
          {formatCount(added)} new mention{added === 1 ? '' : 's'} and {formatCount(copies)} cop{copies === 1 ? 'y' : 'ies'} of mentions already stored (from this or another
          source, not stored again) in the last {perDay.length} days, by the day of the poll (UTC){active.length < perDay.length ? '; days with neither are left out' : ''}.
        </p>
        {active.length ? (
          <div class="table-wrap">
            <table class="cards" data-testid="source-days">
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col" class="num">
                    New
                  </th>
                  <th scope="col" class="num">
                    Copies skipped
                  </th>
                </tr>
              </thead>
              <tbody>
                {active.map((d) => (
                  <tr>
                    <td>{isoDay(d.day)}</td>
                    <td class="num" data-label="New">
                      {formatCount(d.added)}
                    </td>
                    <td class="num" data-label="Copies skipped">
                      {formatCount(d.duplicates)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      <section class="card" aria-labelledby="polls-heading">
        <h2 id="polls-heading">Recent polls</h2>
        {polls.length === 0 ? (
          <p class="muted" data-testid="no-polls">
            {row.polled ? 'Not polled yet.' : 'A push source is never polled.'}
          </p>
        ) : (
          <div class="table-wrap">
            <table class="cards" data-testid="source-polls">
              <thead>
                <tr>
                  <th scope="col">When (UTC)</th>
                  <th scope="col">Outcome</th>
                  <th scope="col" class="num">
                    New
                  </th>
                  <th scope="col" class="num">
                    Edited
                  </th>
                  <th scope="col" class="num">
                    Unchanged
                  </th>
                  <th scope="col" class="num">
                    Copies skipped
                  </th>
                  <th scope="col" class="num">
                    Unreadable
                  </th>
                  <th scope="col" class="num">
                    Took
                  </th>
                </tr>
              </thead>
              <tbody>
                {polls.map((p) => (
                  <tr data-outcome={p.outcome}>
                    <td>{isoInstant(p.at).slice(0, 16).replace('T', ' ')}</td>
                    <td data-label="Outcome">{p.outcome === 'failed' ? `Failed: ${p.error ?? 'no reason recorded'}` : OUTCOME_WORDS[p.outcome]}</td>
                    <td class="num" data-label="New">
                      {formatCount(p.newCount)}
                    </td>
                    <td class="num" data-label="Edited">
                      {formatCount(p.updated)}
                    </td>
                    <td class="num" data-label="Unchanged">
                      {formatCount(p.unchanged)}
                    </td>
                    <td class="num" data-label="Copies skipped">
                      {formatCount(p.duplicates)}
                    </td>
                    <td class="num" data-label="Unreadable">
                      {formatCount(p.skipped)}
                    </td>
                    <td class="num" data-label="Took">
                      {formatCount(p.durationMs)} ms
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  );
}
