import { deleteView, getView } from '../../../db/queries/saved-views.ts';
import { recordAudit } from '../../core/audit.ts';
import { can } from '../../core/auth/roles.ts';
import type { Deps } from '../../core/deps.ts';
import { AppError, notFound } from '../../core/errors.ts';
import type { Actor } from '../actor.ts';

/** Removes a saved view: its author's to remove, or an admin's. */
export async function removeView(deps: Deps, actor: Actor, id: number): Promise<void> {
  const view = await getView(deps.db, id);
  if (!view) throw notFound('saved view');
  if (view.createdBy !== actor.id && !can(actor.role, 'users:manage')) throw new AppError('FORBIDDEN', 'Only the person who saved this view, or an admin, may remove it');
  await deleteView(deps.db, id);
  await recordAudit(deps, actor.id, 'view.remove', { viewId: id, page: view.page });
}
