import type { AuthUser } from '../../db/queries/users.ts';
import type { Interval } from '../../src/core/cases/rates.ts';
import { type CreditorFigures, type CreditorGroup, type ShownCount, SUPPRESSED } from '../../src/core/creditors/figures.ts';
import { VERDICT_WORDS } from '../../src/core/creditors/report.ts';
import { FOLLOW_UP_DAYS } from '../../src/core/steps/effect.ts';
import type { Child } from 'hono/jsx';
import { formatRate, intervalText } from '../components/intervals.tsx';
import { IsoDateInput } from '../components/iso-date-input.tsx';
import { Layout } from '../components/layout.tsx';
import { Notices } from '../components/notices.tsx';
import { formatCount, isoDay, mediumDay } from '../lib/format.ts';

export const CREDITOR_REPORT_PATH = '/creditor/report';

export interface CreditorPageProps {
  user: AuthUser;
  csrfToken: string;
  /** The period asked for, as the form shows it. */
  form: { creditor?: string; from: string; to: string };
  /** Staff choose among these; a creditor account has its own only. */
  creditors: string[];
  /** The full months a report can be opened for, newest first ("2026-11"). */
  months: { value: string; label: string }[];
  figures: CreditorFigures | null;
  problem?: string;
}

const count = (n: ShownCount) => (n === SUPPRESSED ? SUPPRESSED : formatCount(n));
/** A rate with its interval, or a dash where the count behind it is too small to show. */
const rate = (i: Interval | null) => (i?.value == null ? '—' : intervalText(i));
/** The interval alone: "57.7–95.2". */
const bounds = (i: Interval) => `${formatRate(i.low)}–${i.high === null ? '∞' : formatRate(i.high)}`;

interface RateRow {
  label: Child;
  actions: number;
  complaints: ShownCount;
  rate: Interval | null;
}

/** Actions, complaints and complaints per 1,000 actions per row (a group, or four weeks); cards on a phone. */
function RateTable({ caption, first, rows, testid }: { caption: string; first: string; rows: RateRow[]; testid: string }) {
  if (!rows.length) return null;
  return (
    <div class="table-wrap">
      <table class="cards" data-testid={testid}>
        <caption class="muted">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col" class="num">
              Actions
            </th>
            <th scope="col" class="num">
              Complaints
            </th>
            <th scope="col" class="num">
              Per 1,000 actions (95 % interval)
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <th scope="row">{r.label}</th>
              <td class="num" data-label="Actions">
                {formatCount(r.actions)}
              </td>
              <td class="num" data-label="Complaints">
                {count(r.complaints)}
              </td>
              <td class="num" data-label="Per 1,000 actions">
                {rate(r.rate)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const groupRows = (groups: CreditorGroup[]): RateRow[] => groups.map((g) => ({ label: g.name, actions: g.actions, complaints: g.complaints, rate: g.rate_per_1000_actions }));

/**
 * One creditor's customer-experience figures: how its customers fare in collection, in aggregates only. A creditor
 * account sees its own and nothing else; staff choose the creditor.
 */
export function CreditorPage(p: CreditorPageProps) {
  const f = p.figures;
  const staff = p.user.role !== 'creditor';
  const title = f ? `${f.creditor}: customer experience in collection` : 'Customer experience per creditor';
  return (
    <Layout title={title} user={p.user} csrfToken={p.csrfToken} nav="creditor">
      <h1>{title}</h1>
      <p class="muted">
        How people whose debts are collected for {f ? f.creditor : 'a creditor'} talk about it in public, and how often it follows what was done on their cases. Counts and rates
        only: no one's words, name or case. Counts under 5 show as "&lt; 5", with no rate.
      </p>
      <Notices problem={p.problem} />
      <form method="get" action="/creditor" class="card filters" aria-label="Choose the period">
        {staff ? (
          <div class="field">
            <label for="creditor">Creditor</label>
            <select id="creditor" name="creditor">
              {p.creditors.map((c) => (
                <option value={c} selected={c === p.form.creditor}>
                  {c}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div class="field">
          <label for="from">From (UTC)</label>
          <IsoDateInput id="from" value={p.form.from} />
        </div>
        <div class="field">
          <label for="to">To (UTC, inclusive)</label>
          <IsoDateInput id="to" value={p.form.to} />
        </div>
        <div class="form-actions">
          <button type="submit">Show</button>
        </div>
      </form>

      {f ? (
        <>
          <dl class="stats" data-testid="creditor-stats">
            <div class="stat">
              <dt>Complaints per 1,000 cases</dt>
              <dd>
                {f.complaints_per_1000_cases ? formatRate(f.complaints_per_1000_cases.value) : '—'}
                <span class="sub">
                  {count(f.complaints)} complaints · {formatCount(f.contacted.cases)} cases contacted
                </span>
                {f.complaints_per_1000_cases ? <span class="sub">95 % interval {bounds(f.complaints_per_1000_cases)}</span> : null}
              </dd>
            </div>
            <div class="stat">
              <dt>Complaints per 1,000 actions</dt>
              <dd>
                {f.complaints_per_1000_actions ? formatRate(f.complaints_per_1000_actions.value) : '—'}
                <span class="sub">{formatCount(f.contacted.actions)} collection actions</span>
                {f.complaints_per_1000_actions ? <span class="sub">95 % interval {bounds(f.complaints_per_1000_actions)}</span> : null}
              </dd>
            </div>
            <div class="stat">
              <dt>Negative</dt>
              <dd>
                {f.mentions.negative_share ? `${Math.round((f.mentions.negative_share.value ?? 0) * 100)} %` : '—'}
                <span class="sub">
                  {count(f.mentions.negative)} of {count(f.mentions.relevant)} public mentions about collection
                </span>
              </dd>
            </div>
            <div class="stat">
              <dt>Signs of vulnerability per 1,000 cases</dt>
              <dd>
                {f.vulnerability.per_1000_cases ? formatRate(f.vulnerability.per_1000_cases.value) : '—'}
                <span class="sub">{count(f.vulnerability.signals)} mentions with a sign of vulnerability</span>
              </dd>
            </div>
          </dl>

          <section class="card">
            <h2>By what was done</h2>
            <p class="muted">
              A complaint counts against the actions on its case in the {f.window_days} days before it was published. {formatCount(f.portfolio.cases)} cases in the portfolio,{' '}
              {formatCount(f.portfolio.opened)} opened from {mediumDay(f.from)} to {mediumDay(f.to)}.
            </p>
            <RateTable caption="By action type" first="Action type" rows={groupRows(f.by_action_type)} testid="creditor-by-type" />
            <RateTable caption="By channel" first="Channel" rows={groupRows(f.by_channel)} testid="creditor-by-channel" />
          </section>

          <section class="card">
            <h2>Over time</h2>
            <RateTable
              caption="Complaints per 1,000 actions, four weeks at a time"
              first="Weeks"
              testid="creditor-trend"
              rows={f.trend.points.map((t) => ({
                label: (
                  <>
                    {mediumDay(t.from)} – {mediumDay(t.to)}
                    {t.complete ? null : <span class="sub">complaints can still arrive</span>}
                  </>
                ),
                actions: t.actions,
                complaints: t.complaints,
                rate: t.rate_per_1000_actions,
              }))}
            />
          </section>

          <section class="card">
            <h2>Next steps on these cases</h2>
            {f.steps.length ? (
              <div class="table-wrap">
                <table class="cards" data-testid="creditor-steps">
                  <caption class="muted">
                    Steps proposed after a complaint in the period; "Did it help?" compares the complaints in the {FOLLOW_UP_DAYS} days after a step with the cases where it was
                    proposed and not taken
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Step</th>
                      <th scope="col" class="num">
                        Proposed
                      </th>
                      <th scope="col" class="num">
                        Taken
                      </th>
                      <th scope="col">Did it help?</th>
                    </tr>
                  </thead>
                  <tbody>
                    {f.steps.map((s) => (
                      <tr>
                        <th scope="row">{s.name}</th>
                        <td class="num" data-label="Proposed">
                          {count(s.proposed)}
                        </td>
                        <td class="num" data-label="Taken">
                          {count(s.accepted)}
                        </td>
                        <td data-label="Did it help?">{s.effect ? VERDICT_WORDS[s.effect.verdict] : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p class="muted">No step was proposed on these cases in the period.</p>
            )}
          </section>

          <section class="card">
            <h2>Monthly report</h2>
            <p class="muted">
              The same figures for one calendar month beside the month before, as e-mailed on the first days of the next month; print it or save it as PDF from the browser.
            </p>
            <form method="get" action={CREDITOR_REPORT_PATH} class="filters" target="_blank" rel="noopener">
              {staff ? <input type="hidden" name="creditor" value={f.creditor} /> : null}
              <div class="field">
                <label for="month">Month</label>
                <select id="month" name="month">
                  {p.months.map((m) => (
                    <option value={m.value}>{m.label}</option>
                  ))}
                </select>
              </div>
              <div class="form-actions">
                <button type="submit">Open the report</button>
              </div>
            </form>
          </section>
          <p class="muted small-note">
            Figures from {isoDay(f.from)} to {isoDay(f.to)}; ranges are 95 % intervals. The same figures are at <code>GET /api/creditor/figures</code> with an API token.
          </p>
        </>
      ) : null}
    </Layout>
  );
}
