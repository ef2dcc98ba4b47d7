// The day's accepted steps for the collection system, as CSV or JSON Lines: what the webhook sends, one row per
// step (case reference, step, reason code, due and accepted times; never mention text, author or note). Case
// references are personal data: reading the export is for roles that may read cases, and audited.
import { z } from '@hono/zod-openapi';
import { acceptedStepsBetween } from '../../../db/queries/steps.ts';
import { recordAudit } from '../../core/audit.ts';
import { toCsv } from '../../core/csv.ts';
import type { Deps } from '../../core/deps.ts';
import { stepMessage, type StepMessage } from '../../core/steps/hand-off.ts';
import { DAY_MS } from '../../core/time/durations.ts';
import { type Actor, authorize, readInput } from '../actor.ts';

export const StepExportQuery = z.object({
  day: z.iso.date().openapi({ description: 'The UTC day the steps were accepted on (YYYY-MM-DD)', example: '2026-12-07' }),
  format: z.enum(['csv', 'jsonl']).default('csv'),
});
export type StepExportQueryInput = z.input<typeof StepExportQuery>;

const COLUMNS: (keyof StepMessage)[] = ['step_id', 'case_ref', 'step', 'reason_code', 'due_at', 'accepted_at'];

export async function exportAcceptedSteps(deps: Deps, actor: Actor, input: StepExportQueryInput): Promise<{ body: string; count: number; contentType: string; filename: string }> {
  authorize(actor, 'cases:read');
  const q = readInput(StepExportQuery, input);
  const from = Date.parse(q.day);
  const rows = (await acceptedStepsBetween(deps.db, from, from + DAY_MS)).map((r) => stepMessage(r.step, r.caseRef));
  await recordAudit(deps, actor.id, 'steps.export', { day: q.day, count: rows.length });
  const body =
    q.format === 'csv'
      ? toCsv(
          COLUMNS,
          rows.map((r) => COLUMNS.map((c) => r[c])),
        )
      : rows.map((r) => `${JSON.stringify(r)}\n`).join('');
  return {
    body,
    count: rows.length,
    contentType: q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    filename: `earshot-steps-${q.day}.${q.format}`,
  };
}
