import { getSource } from '../../../db/queries/sources.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { badRequest, notFound } from '../../core/errors.ts';
import { type PollOutcome, pollSource } from '../../sources/poll-source.ts';
import { adapterFor } from '../../sources/registry.ts';
import { type Actor, authorize } from '../actor.ts';

/**
 * Polls a source now. A failed fetch is an outcome, not an error: it is recorded on the source (its health shows it)
 * and returned.
 */
export async function pollSourceNow(deps: Deps, actor: Actor, id: number): Promise<PollOutcome> {
  authorize(actor, 'sources:write');
  const source = await getSource(deps.db, id);
  if (!source) throw notFound('source');
  if (!adapterFor(source.kind)) throw badRequest(`a ${source.kind} source receives its mentions; it is not polled`);
  const outcome = await pollSource(deps, source);
  await recordAudit(deps, actor.id, 'source.poll', { sourceId: id });
  return outcome;
}
