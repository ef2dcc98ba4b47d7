// One row of the sources table: name, kind, health, last error and success, recent volume, next poll and actions.
import type { SourceVolume } from '../../db/queries/sources.ts';
import type { Source } from '../../db/schema/index.ts';
import { SPARK_DAYS, type SourceHealth } from '../../src/sources/health.ts';
import { excerpt, formatCount, friendlyTime, isoInstant, mediumDay, queryString, shortDay } from '../lib/format.ts';
import { relativeTime } from '../lib/relative-time.ts';
import { Sparkline } from './charts.tsx';
import { HealthBadge } from './health-badge.tsx';

export interface SourceRow {
  source: Source;
  kindTitle: string;
  health: SourceHealth;
  volume: SourceVolume | undefined;
  itemsPerDay: number;
  /** Polled by Earshot (false for push sources, which have no schedule and cannot be polled now). */
  polled: boolean;
}

/** `23 Nov, 13:55 UTC`; with the year when it is not this year's. Short enough for a table column. */
function dayAndTime(ms: number, now: number): string {
  const day = new Date(ms).getUTCFullYear() === new Date(now).getUTCFullYear() ? shortDay(ms) : mediumDay(ms);
  return `${day}, ${isoInstant(ms).slice(11, 16)} UTC`;
}

/** A `<time>` with the coarse relative text, and the exact time (UTC) under it. */
export function When({ ms, now }: { ms: number; now: number }) {
  return (
    <>
      <time datetime={isoInstant(ms)} title={friendlyTime(ms)}>
        {relativeTime(ms, now)}
      </time>
      <span class="sub">{dayAndTime(ms, now)}</span>
    </>
  );
}

export function NextPoll({ row, now }: { row: SourceRow; now: number }) {
  const s = row.source;
  if (!row.polled) return <span class="muted">not polled: receives pushes</span>;
  if (s.isPaused) return <span class="muted">paused</span>;
  if (s.nextPollAt <= now) return <span>due now</span>;
  return <When ms={s.nextPollAt} now={now} />;
}

/** A small POST form with the CSRF token; the source's name is in the button's accessible name. */
export function ActionForm({ action, csrfToken, label, name, tone }: { action: string; csrfToken: string; label: string; name: string; tone?: 'danger' }) {
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

/** One source in the table; the actions column only for those who may change sources. */
export function SourceRowItem({ row, now, canWrite, csrfToken }: { row: SourceRow; now: number; canWrite: boolean; csrfToken: string }) {
  const s = row.source;
  const total = row.volume?.daily.reduce((a, b) => a + b, 0) ?? 0;
  return (
    <tr data-testid="source-row" data-source={s.name}>
      <th scope="row" class="source-name">
        <a href={`/sources/${s.id}`}>{s.name}</a>
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
        <Sparkline
          id={`spark-${s.id}`}
          title={`${s.name}: ${formatCount(total)} mention${total === 1 ? '' : 's'} in the last ${SPARK_DAYS} days`}
          values={row.volume?.daily ?? new Array(SPARK_DAYS).fill(0)}
        />
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
            <a class="button small" href={`/sources/${s.id}/edit`}>
              Edit<span class="visually-hidden"> {s.name}</span>
            </a>
            <a class="button small danger" href={`/sources/${s.id}/delete`}>
              Delete…<span class="visually-hidden"> {s.name}</span>
            </a>
          </div>
        </td>
      ) : null}
    </tr>
  );
}
