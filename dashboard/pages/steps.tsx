import type { UndecidedStep } from '../../db/queries/steps.ts';
import type { AuthUser } from '../../db/queries/users.ts';
import type { StepRule } from '../../db/schema/index.ts';
import type { StepRuleKind } from '../../db/schema/constants.ts';
import { VERDICT_WORDS } from '../../src/core/creditors/report.ts';
import { FOLLOW_UP_DAYS, type StepArm, type StepEffect } from '../../src/core/steps/effect.ts';
import { STEP_RULE_PARAMS, STEP_RULE_TITLES, STEP_WORDS } from '../../src/core/steps/step-rules.ts';
import { formatRatio, intervalText } from '../components/intervals.tsx';
import { IsoDateInput } from '../components/iso-date-input.tsx';
import { Layout } from '../components/layout.tsx';
import { Notices } from '../components/notices.tsx';
import { RuleSettingsForm, settingsText } from '../components/rule-settings.tsx';
import { formatCount, isoDay, mediumDay } from '../lib/format.ts';
import { fieldsOf } from '../lib/rule-form.ts';
import { casePath } from './case.tsx';

export interface StepsPageProps {
  user: AuthUser;
  csrfToken: string;
  form: { from: string; to: string };
  effects: StepEffect[];
  rules: StepRule[];
  undecided: { rows: UndecidedStep[]; total: number; overdue: number };
  now: number;
  canWrite: boolean;
  flash?: string | null;
  problem?: string | null;
}

/** One side of the comparison in a cell: its complaints and cases, and the rate per 1,000 cases with its interval. */
function Arm({ a, label }: { a: StepArm; label: string }) {
  return (
    <td data-label={label}>
      {formatCount(a.complaints)} {a.complaints === 1 ? 'complaint' : 'complaints'} on {formatCount(a.cases)} {a.cases === 1 ? 'case' : 'cases'}
      {a.rate_per_1000_cases.value === null ? null : <span class="sub">{intervalText(a.rate_per_1000_cases)} per 1,000 cases</span>}
    </td>
  );
}

/** The verdict in words, with the ratio and its interval when there is one to speak of. */
function Verdict({ e }: { e: StepEffect }) {
  const words = VERDICT_WORDS[e.verdict];
  if (e.verdict === 'too_few' || e.rate_ratio.value === null) return <>{words}</>;
  return (
    <>
      {e.verdict === 'fewer' ? '▼ ' : e.verdict === 'more' ? '▲ ' : ''}
      {words}
      <span class="sub">
        {formatRatio(e.rate_ratio.value)} times the rate without it ({intervalText(e.rate_ratio, formatRatio)})
      </span>
    </>
  );
}

/** Next steps: whether they helped, those waiting for a decision, and the rules that propose them. */
export function StepsPage(p: StepsPageProps) {
  return (
    <Layout title="Next steps" user={p.user} csrfToken={p.csrfToken} nav="steps">
      <h1>Next steps</h1>
      <p class="muted">
        What Earshot proposes on a case after someone writes about it, whether it helped, and the rules behind it. Accept or dismiss a step on its case's page; accepted steps go to
        the collection system.
      </p>
      <Notices flash={p.flash} problem={p.problem} />

      <section class="card" aria-labelledby="effect-heading">
        <h2 id="effect-heading">Did it help?</h2>
        <form method="get" action="/steps" class="filters" aria-label="Steps from">
          <div class="field">
            <label for="from">Steps from (UTC)</label>
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
        {p.effects.length ? (
          <div class="table-wrap">
            <table class="cards" data-testid="step-effects">
              <caption class="muted">
                Complaints on a case in the {FOLLOW_UP_DAYS} days after a step was accepted, against the cases where the same step was proposed and not taken (from its proposal),
                per 1,000 cases with 95 % intervals. A case counts once its {FOLLOW_UP_DAYS} days have passed.
              </caption>
              <thead>
                <tr>
                  <th scope="col">Step</th>
                  <th scope="col">Taken</th>
                  <th scope="col">Proposed, not taken</th>
                  <th scope="col">Did it help?</th>
                </tr>
              </thead>
              <tbody>
                {p.effects.map((e) => (
                  <tr data-step={e.step}>
                    <th scope="row">
                      {STEP_WORDS[e.step]}
                      {e.applied.waiting + e.without.waiting ? (
                        <span class="sub">{formatCount(e.applied.waiting + e.without.waiting)} more cases still inside their days</span>
                      ) : null}
                    </th>
                    <Arm a={e.applied} label="Taken" />
                    <Arm a={e.without} label="Proposed, not taken" />
                    <td data-label="Did it help?">
                      <Verdict e={e} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="muted">No step was accepted or proposed in this period.</p>
        )}
      </section>

      <section class="card" aria-labelledby="undecided-heading">
        <h2 id="undecided-heading">Waiting for a decision</h2>
        <p data-testid="undecided-count">
          {formatCount(p.undecided.total)} proposed {p.undecided.total === 1 ? 'step waits' : 'steps wait'} for a decision
          {p.undecided.overdue ? `, ${formatCount(p.undecided.overdue)} past due` : ''}.
        </p>
        {p.undecided.rows.length ? (
          <ul class="settings-list">
            {p.undecided.rows.map((s) => (
              <li>
                <a href={casePath(s.caseRef)}>{s.caseRef}</a> · {STEP_WORDS[s.step]}
                <span class="sub">
                  {s.dueAt < p.now ? 'Past due since' : 'Due'} {mediumDay(s.dueAt)} · {s.reason}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        <p class="muted small-note">
          The day's accepted steps for the collection system:{' '}
          <a href={`/steps/export?day=${isoDay(p.now)}&format=csv`} download>
            CSV
          </a>{' '}
          ·{' '}
          <a href={`/steps/export?day=${isoDay(p.now)}&format=jsonl`} download>
            JSON Lines
          </a>{' '}
          (also <code>GET /api/steps/export</code>; every export is audited).
        </p>
      </section>

      <section class="card" aria-labelledby="rules-heading">
        <h2 id="rules-heading">Rules</h2>
        <ul class="settings-list" data-testid="step-rules">
          {p.rules.map((r) => (
            <li data-testid="step-rule" data-kind={r.kind}>
              <p>
                <strong>{r.name}</strong> <span class={`badge ${r.enabled ? 'as-open' : 'as-resolved'} alert-status`}>{r.enabled ? 'on' : 'off'}</span>
                {r.name !== STEP_RULE_TITLES[r.kind as StepRuleKind] ? <span class="muted"> · {STEP_RULE_TITLES[r.kind as StepRuleKind]}</span> : null}
              </p>
              <p class="sub">{settingsText(r.params) || 'No settings.'}</p>
              {p.canWrite ? (
                <div class="row-actions">
                  <form method="post" action={`/steps/rules/${r.id}/${r.enabled ? 'off' : 'on'}`} class="row-action">
                    <input type="hidden" name="_csrf" value={p.csrfToken} />
                    <button type="submit" class="small" data-testid="step-rule-toggle">
                      {r.enabled ? 'Turn off' : 'Turn on'}
                    </button>
                  </form>
                  <RuleSettingsForm
                    id={`s${r.id}`}
                    action={`/steps/rules/${r.id}`}
                    fields={fieldsOf(STEP_RULE_PARAMS[r.kind as StepRuleKind])}
                    params={r.params}
                    csrfToken={p.csrfToken}
                  />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}
