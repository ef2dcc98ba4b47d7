import { deleteSource } from '../../../db/queries/sources.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { notFound } from '../../core/errors.ts';
import { type Actor, authorize } from '../actor.ts';

/** Deletes a source and the mentions it brought in. */
export async function removeSource(deps: Deps, actor: Actor, id: number): Promise<void> {
  authorize(actor, 'sources:write');
  if (!(await deleteSource(deps.db, id))) throw notFound('source');
  await recordAudit(deps, actor.id, 'source.delete', { sourceId: id });
}
