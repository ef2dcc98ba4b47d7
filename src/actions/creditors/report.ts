import { z } from '@hono/zod-openapi';
import type { AuthUser } from '../../../db/queries/users.ts';
import { buildCreditorReport, renderCreditorReport } from '../../core/creditors/report.ts';
import { formatMonth, monthOf, parseMonth, previousMonth } from '../../core/creditors/month.ts';
import type { Deps } from '../../core/deps.ts';
import { badRequest } from '../../core/errors.ts';
import { readInput } from '../actor.ts';
import { creditorInScope } from './figures.ts';

export const CreditorReportQuery = z
  .object({
    creditor: z.string().trim().min(1).max(200).optional().openapi({ description: 'Staff only: the creditor. A creditor account always gets its own' }),
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
      .optional()
      .openapi({ description: 'The month (UTC, YYYY-MM); default the last full month' }),
  })
  .strict();
export type CreditorReportInput = z.input<typeof CreditorReportQuery>;

/** The monthly report of the creditor in scope, as it would be e-mailed. Links point at EARSHOT_PUBLIC_URL, else `origin`. */
export async function readCreditorReport(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  actor: Pick<AuthUser, 'id' | 'role' | 'creditor'>,
  input: CreditorReportInput,
  origin: string,
) {
  const q = readInput(CreditorReportQuery, input);
  const creditor = await creditorInScope(deps, actor, q.creditor);
  const now = deps.clock.now();
  const month = q.month ? parseMonth(q.month)! : previousMonth(monthOf(now));
  if (formatMonth(month) > formatMonth(monthOf(now))) throw badRequest('month: that month has not begun');
  const report = await buildCreditorReport(deps.db, { creditor, month, now, baseUrl: deps.config.publicUrl ?? origin });
  return { creditor, month: formatMonth(month), ...renderCreditorReport(report) };
}
