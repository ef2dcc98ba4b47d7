import { insertView } from '../../../db/queries/saved-views.ts';
import type { SavedView } from '../../../db/schema/index.ts';
import type { SavedViewPage } from '../../../db/schema/constants.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Permission } from '../../core/auth/roles.ts';
import type { Deps } from '../../core/deps.ts';
import { conflict } from '../../core/errors.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { SaveView, type SaveViewInput, VIEW_PARAMS } from './schemas.ts';

/** Who may save (and use) a view of each page: who may see the page. */
export const VIEW_PERMISSION: Record<SavedViewPage, Permission> = { mentions: 'mentions:read', tactics: 'analytics:read' };

/** Saves a page's filters under a name, for everyone who may see the page; only the page's own parameters are kept. */
export async function saveView(deps: Deps, actor: Actor, input: SaveViewInput): Promise<SavedView> {
  const v = readInput(SaveView, input);
  authorize(actor, VIEW_PERMISSION[v.page]);
  const given = new URLSearchParams(v.query.replace(/^\?/, ''));
  const kept = new URLSearchParams();
  for (const name of VIEW_PARAMS[v.page]) {
    const value = given.get(name)?.trim();
    if (value) kept.set(name, value);
  }
  const saved = await insertView(deps.db, { page: v.page, name: v.name, query: kept.toString(), createdBy: actor.id, createdAt: deps.clock.now() });
  if (!saved) throw conflict(`this page already has a view named “${v.name}”: choose another name, or remove that one first`);
  await recordAudit(deps, actor.id, 'view.save', { viewId: saved.id, page: v.page });
  return saved;
}
