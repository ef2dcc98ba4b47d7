// A creditor's figures as people ask for them, from the API or the dashboard: a creditor user always gets their own
// creditor's (whatever they ask for); staff with creditor:read name the creditor.
import { z } from '@hono/zod-openapi';
import { creditorHasCases } from '../../../db/queries/creditors.ts';
import type { AuthUser } from '../../../db/queries/users.ts';
import { DEFAULT_PERIOD_DAYS, resolvePeriod } from '../../core/cases/analytics.ts';
import { type CreditorFigures, creditorFigures } from '../../core/creditors/figures.ts';
import { monthPeriod, parseMonth } from '../../core/creditors/month.ts';
import type { Deps } from '../../core/deps.ts';
import { AppError, badRequest, notFound } from '../../core/errors.ts';
import { authorize, readInput } from '../actor.ts';
import { IsoTime, Links, WindowDays } from '../cases/schemas.ts';

export const CreditorFiguresQuery = z
  .object({
    creditor: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: "Staff only: the creditor, as cases name it. A creditor account always gets its own creditor's figures" }),
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
      .optional()
      .openapi({ description: 'A calendar month in UTC (YYYY-MM) instead of from/to' }),
    from: IsoTime.optional().openapi({ description: `First UTC day (ISO 8601); default ${DEFAULT_PERIOD_DAYS} days before \`to\`` }),
    to: IsoTime.optional().openapi({ description: 'Last UTC day (ISO 8601); default today' }),
    window_days: WindowDays,
    links: Links,
  })
  .strict();
export type CreditorFiguresInput = z.input<typeof CreditorFiguresQuery>;

/** Whose figures a request reads: a creditor user's own creditor, else the one named (which cases must name). */
export async function creditorInScope(deps: Pick<Deps, 'db'>, actor: Pick<AuthUser, 'id' | 'role' | 'creditor'>, named: string | undefined): Promise<string> {
  authorize(actor, 'creditor:read');
  if (actor.role === 'creditor') {
    if (!actor.creditor) throw new AppError('FORBIDDEN', 'This creditor account names no creditor');
    if (named !== undefined && named !== actor.creditor) throw new AppError('FORBIDDEN', "A creditor account sees only its own creditor's figures");
    return actor.creditor;
  }
  if (!named) throw badRequest('creditor: name the creditor');
  if (!(await creditorHasCases(deps.db, named))) throw notFound('creditor (no case names it)');
  return named;
}

/** The figures of the creditor in scope for a month or a period. Aggregates only, so reading them is not audited. */
export async function readCreditorFigures(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Pick<AuthUser, 'id' | 'role' | 'creditor'>,
  input: CreditorFiguresInput,
): Promise<CreditorFigures> {
  const q = readInput(CreditorFiguresQuery, input);
  const creditor = await creditorInScope(deps, actor, q.creditor);
  if (q.month && (q.from || q.to)) throw badRequest('month: give a month or from/to, not both');
  const now = deps.clock.now();
  const period = q.month ? monthPeriod(parseMonth(q.month)!) : resolvePeriod(q, now);
  if (!period) throw badRequest('from: must not be after to');
  return creditorFigures(deps.db, { creditor, ...period, windowDays: q.window_days, links: q.links, now });
}
