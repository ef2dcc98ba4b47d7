import type { CaseListRow } from '../../db/queries/case-list.ts';
import type { AuthUser } from '../../db/queries/users.ts';
import { CASE_STATUSES } from '../../db/schema/constants.ts';
import { Layout } from '../components/layout.tsx';
import { Notices } from '../components/notices.tsx';
import { formatCount, humanize, isoDay, queryString } from '../lib/format.ts';
import { casePath } from './case.tsx';

/** The list's filters as the form sends them (the query of GET /cases). */
export interface CaseListForm {
  ref?: string;
  creditor?: string;
  team?: string;
  status?: string;
  with_complaints?: string;
}

export interface CasesPageProps {
  user: AuthUser;
  csrfToken: string;
  form: CaseListForm;
  /** Values the filters offer. */
  creditorsFound: string[];
  teams: string[];
  cases: CaseListRow[];
  /** The cursor of the next page, if there is one. */
  next: string | null;
  problem?: string;
  flash?: string | null;
  /** The creditor-clients the cases name, with their reference formats. */
  creditors?: { creditor: string; cases: number; format: string | null }[];
  canWrite?: boolean;
}

const Select = ({ id, label, value, options, any }: { id: keyof CaseListForm; label: string; value?: string; options: { value: string; label: string }[]; any: string }) => (
  <div class="field">
    <label for={id}>{label}</label>
    <select id={id} name={id}>
      <option value="">{any}</option>
      {options.map((o) => (
        <option value={o.value} selected={o.value === value}>
          {o.label}
        </option>
      ))}
    </select>
  </div>
);

/** Cases: find one by any form of its reference, or list them by creditor, team, status and complaints; creditors' reference formats. */
export function CasesPage(p: CasesPageProps) {
  const f = p.form;
  return (
    <Layout title="Cases" user={p.user} csrfToken={p.csrfToken} nav="cases">
      <h1>Cases</h1>
      <p class="muted">Find a collection case by its reference, written any way ("4051 2377", "LV-4051-2377"), or list cases to see what we did and what was said about them.</p>
      <Notices flash={p.flash} problem={p.problem} />
      <form method="get" action="/cases" class="card filters" role="search" aria-label="Find cases">
        <div class="field">
          <label for="ref">Case reference</label>
          <input type="search" id="ref" name="ref" value={f.ref ?? ''} maxlength={100} autocomplete="off" spellcheck={false} placeholder="LV-40512377" />
        </div>
        <Select id="creditor" label="Creditor" value={f.creditor} any="Any creditor" options={p.creditorsFound.map((c) => ({ value: c, label: c }))} />
        <Select id="team" label="Team" value={f.team} any="Any team" options={p.teams.map((t) => ({ value: t, label: t }))} />
        <Select id="status" label="Status" value={f.status} any="Any status" options={CASE_STATUSES.map((s) => ({ value: s, label: humanize(s) }))} />
        <div class="field checkbox">
          <input type="checkbox" id="with_complaints" name="with_complaints" value="true" checked={f.with_complaints === 'true'} />
          <label for="with_complaints">Only cases with complaints</label>
        </div>
        <button type="submit">Find cases</button>
      </form>
      <section class="card" aria-labelledby="cases-heading">
        <h2 id="cases-heading">{p.cases.length ? 'Cases, the most recently opened first' : 'No case matches'}</h2>
        {p.cases.length ? (
          <div class="table-wrap">
            <table class="cards" data-testid="case-list">
              <thead>
                <tr>
                  <th scope="col">Reference</th>
                  <th scope="col">Creditor</th>
                  <th scope="col">Team</th>
                  <th scope="col">Status</th>
                  <th scope="col">Opened</th>
                  <th scope="col" class="num">
                    Actions
                  </th>
                  <th scope="col">Last action</th>
                  <th scope="col" class="num">
                    Complaints
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.cases.map((c) => (
                  <tr>
                    <td>
                      <a class="mono" href={casePath(c.case_ref)}>
                        {c.case_ref}
                      </a>
                    </td>
                    <td data-label="Creditor">{c.creditor}</td>
                    <td data-label="Team">{c.team ?? '—'}</td>
                    <td data-label="Status">{humanize(c.status)}</td>
                    <td data-label="Opened">{isoDay(c.opened_at)}</td>
                    <td class="num" data-label="Actions">
                      {formatCount(c.actions)}
                    </td>
                    <td data-label="Last action">{c.last_action_at === null ? '—' : isoDay(c.last_action_at)}</td>
                    <td class="num" data-label="Complaints">
                      {formatCount(c.complaints)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="muted">Try another form of the reference, or fewer filters.</p>
        )}
        {p.next ? (
          <p>
            <a href={`/cases${queryString({ ...f, cursor: p.next })}`} rel="next">
              Next page
            </a>
          </p>
        ) : null}
      </section>
      {p.creditors?.length ? (
        <section class="card" aria-labelledby="creditors-heading">
          <h2 id="creditors-heading">Reference formats</h2>
          <p class="muted">
            How each creditor writes its case references, so they are found in what people write even without a word like "case" before them: <span class="mono">#</span> a digit,{' '}
            <span class="mono">A</span> a letter, <span class="mono">*</span> either; other characters as written (e.g. <span class="mono">LV-########</span>). Saving re-reads the
            stored mentions at once.
          </p>
          <ul class="settings-list" data-testid="creditors">
            {p.creditors.map((c) => (
              <li data-testid="creditor">
                <strong>{c.creditor}</strong>{' '}
                <span class="muted">
                  · {formatCount(c.cases)} case{c.cases === 1 ? '' : 's'}
                </span>
                {p.canWrite ? (
                  <form method="post" action="/cases/reference-format" class="case-search-row">
                    <input type="hidden" name="_csrf" value={p.csrfToken} />
                    <input type="hidden" name="creditor" value={c.creditor} />
                    <label class="visually-hidden" for={`format-${c.creditor}`}>
                      Reference format of {c.creditor}
                    </label>
                    <input id={`format-${c.creditor}`} name="format" value={c.format ?? ''} maxlength={40} placeholder="no format: digits match" class="mono" />
                    <button type="submit" class="small">
                      Save
                    </button>
                  </form>
                ) : (
                  <span class="mono"> {c.format ?? 'no format'}</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}
