import { creditorHasCases, listCreditors } from '../../../db/queries/creditors.ts';
import { recordAudit } from '../../core/audit.ts';
import { type FormatChange, setReferenceFormat } from '../../core/cases/creditor-formats.ts';
import { refFormatError } from '../../core/cases/ref-formats.ts';
import type { Deps } from '../../core/deps.ts';
import { badRequest, notFound } from '../../core/errors.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { ReferenceFormat, type ReferenceFormatInput } from './schemas.ts';

/**
 * Sets or clears (`format: null`) the format of a creditor's case references; the stored mentions it changes are
 * re-linked at once. The creditor must be named by a case or already hold a setting.
 */
export async function setCreditorReferenceFormat(deps: Deps, actor: Actor, creditor: string, input: ReferenceFormatInput): Promise<FormatChange> {
  authorize(actor, 'cases:write');
  const { format } = readInput(ReferenceFormat, input);
  const problem = format === null ? null : refFormatError(format);
  if (problem) throw badRequest(problem);
  const known = (await creditorHasCases(deps.db, creditor)) || (await listCreditors(deps.db)).some((c) => c.creditor === creditor);
  if (!known) throw notFound('creditor (no case names it)');
  const done = await setReferenceFormat(deps, creditor, format, actor.id);
  if (format === null) await recordAudit(deps, actor.id, 'creditor.reference_format_clear', { creditor, relinked: done.relinked });
  else await recordAudit(deps, actor.id, 'creditor.reference_format_set', { creditor, format, relinked: done.relinked });
  return done;
}
