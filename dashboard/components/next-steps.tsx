import type { StepOnCase } from '../../db/queries/steps.ts';
import { STEP_WORDS } from '../../src/core/steps/step-rules.ts';
import { zonedTime } from '../lib/format.ts';

// The next steps proposed on a case, from what people wrote about it: the open ones to accept or dismiss, then
// what was decided. Reasons are in words; a step never shows the mention's text.

const DECIDED: Record<string, string> = { accepted: 'Accepted', dismissed: 'Dismissed' };

/** What became of an accepted step's hand-off to the collection system, in words. */
function handOffWords(h: NonNullable<StepOnCase['handOff']>, zone: string): string {
  if (h.status === 'sent' && h.sentAt !== null) return `Sent to the collection system ${zonedTime(h.sentAt, zone)}`;
  if (h.status === 'failed') return `Not delivered to the collection system: ${h.lastError ?? 'it refused the step'}`;
  return h.lastError ? `Waiting to be sent to the collection system (last try: ${h.lastError})` : 'Waiting to be sent to the collection system';
}

export function NextSteps({ steps, refPath, zone, canWrite, csrfToken }: { steps: StepOnCase[]; refPath: string; zone: string; canWrite: boolean; csrfToken: string }) {
  if (!steps.length) return <p class="muted">No step proposed: nothing people wrote about this case calls for one.</p>;
  return (
    <ol class="next-steps" data-testid="next-steps">
      {steps.map((s) => (
        <li data-testid="next-step" class={`step step-${s.status}`}>
          <p class="step-what">
            <strong>{STEP_WORDS[s.step]}</strong>
            <span class="sub">
              {s.reason} (from <a href={`/mentions/${s.mentionId}`}>mention {s.mentionId}</a>)
            </span>
          </p>
          {s.status === 'proposed' ? (
            <>
              <p class="muted">Due {zonedTime(s.dueAt, zone)}</p>
              {canWrite ? (
                <form method="post" action={`${refPath}/steps/${s.id}`} class="step-decide" aria-label={`Decide: ${STEP_WORDS[s.step]}`}>
                  <input type="hidden" name="_csrf" value={csrfToken} />
                  <label for={`note-${s.id}`}>Note (optional)</label>
                  <input id={`note-${s.id}`} name="note" maxlength={500} />
                  <label for={`due-${s.id}`}>Change: due in hours from now (optional)</label>
                  <input id={`due-${s.id}`} name="due_hours" type="number" min="1" max="720" step="1" inputmode="numeric" />
                  <div class="actions">
                    <button type="submit" name="decision" value="accepted">
                      Accept
                    </button>
                    <button type="submit" name="decision" value="dismissed" class="secondary">
                      Dismiss
                    </button>
                  </div>
                </form>
              ) : null}
            </>
          ) : (
            <>
              <p class="muted" data-testid="step-decision">
                {DECIDED[s.status]} {s.decidedAt !== null ? zonedTime(s.decidedAt, zone) : ''}
                {s.note ? ` — ${s.note}` : ''}
              </p>
              {s.handOff ? (
                <p class="muted" data-testid="step-hand-off">
                  {handOffWords(s.handOff, zone)}
                </p>
              ) : null}
            </>
          )}
        </li>
      ))}
    </ol>
  );
}
