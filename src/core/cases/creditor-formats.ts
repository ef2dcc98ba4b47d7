// A creditor's case-reference format: set or cleared by a credit manager, audited, and applied at once to the
// stored mentions it changes (see relinkCreditor).
import { creditorHasCases, listCreditors, setCreditorFormat } from '../../../db/queries/creditors.ts';
import { audit } from '../../../db/queries/users.ts';
import type { Deps } from '../deps.ts';
import { badRequest, notFound } from '../errors.ts';
import { relinkCreditor } from './link-mentions.ts';
import { refFormatError } from './ref-formats.ts';

export interface FormatChange {
  creditor: string;
  format: string | null;
  relinked: { mentions: number; links_added: number; links_removed: number };
}

export async function setReferenceFormat(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  creditor: string,
  format: string | null,
  actorUserId: number | null,
): Promise<FormatChange> {
  if (format !== null) {
    const error = refFormatError(format);
    if (error) throw badRequest(error);
  }
  const known = (await creditorHasCases(deps.db, creditor)) || (await listCreditors(deps.db)).some((c) => c.creditor === creditor);
  if (!known) throw notFound('creditor (no case names it)');
  const now = deps.clock.now();
  await setCreditorFormat(deps.db, { creditor, format, userId: actorUserId, now });
  const r = await relinkCreditor(deps, creditor);
  const relinked = { mentions: r.mentions, links_added: r.added, links_removed: r.removed };
  await audit(deps.db, {
    at: deps.clock.now(),
    actorUserId,
    action: format === null ? 'creditor.reference_format_clear' : 'creditor.reference_format_set',
    target: `creditor:${creditor}`,
    details: { format, relinked },
  });
  return { creditor, format, relinked };
}
