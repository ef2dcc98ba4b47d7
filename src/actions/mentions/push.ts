import { getSource } from '../../../db/queries/sources.ts';
import type { Deps } from '../../core/deps.ts';
import { badRequest, notFound } from '../../core/errors.ts';
import { apiSourceId, type PushReport, pushMentions } from '../../core/ingest/push-mentions.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { PushItems } from './schemas.ts';

/**
 * Stores mentions a client pushes, deduplicated and analysed like polled ones, into a push source (by default the
 * built-in "API" source). Items refused on their own are reported, the rest kept. Not audited: pushing is
 * ingestion, counted in metrics like polling.
 */
export async function pushMentionsAs(deps: Deps, actor: Actor, sourceId: number | undefined, items: unknown): Promise<PushReport> {
  authorize(actor, 'mentions:write');
  const pushed = readInput(PushItems, items);
  if (sourceId === undefined) return pushMentions(deps, await apiSourceId(deps), pushed);
  const source = await getSource(deps.db, sourceId);
  if (!source) throw notFound('source');
  if (source.kind !== 'push') throw badRequest('source: mentions can only be pushed to a source of kind "push"');
  return pushMentions(deps, source.id, pushed);
}
