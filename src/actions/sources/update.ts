import { getSource, getSourceByName, updateSource as writeSource } from '../../../db/queries/sources.ts';
import type { Source } from '../../../db/schema/index.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { conflict, notFound } from '../../core/errors.ts';
import { maskSecrets } from '../../core/secrets.ts';
import { settingsFor } from '../../sources/registry.ts';
import { validateAndSealSourceConfig } from '../../sources/settings.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { UpdateSource, type UpdateSourceInput } from './schemas.ts';

/** Renames, re-points, pauses or resumes, or re-schedules a source. */
export async function updateSource(deps: Deps, actor: Actor, id: number, input: UpdateSourceInput): Promise<Source> {
  authorize(actor, 'sources:write');
  const body = readInput(UpdateSource, input);
  const current = await getSource(deps.db, id);
  if (!current) throw notFound('source');
  // Credentials left out (or sent back masked) keep their stored values; a new destination asks for them again.
  const config =
    body.config || body.url
      ? await validateAndSealSourceConfig(
          deps,
          current.kind,
          body.url ?? current.url,
          body.config ?? maskSecrets(current.config, settingsFor(current.kind)?.secrets ?? []),
          current,
        )
      : undefined;
  const changedWhere = (body.url && body.url !== current.url) || (config && JSON.stringify(config) !== JSON.stringify(current.config));
  if (body.name && body.name !== current.name && (await getSourceByName(deps.db, body.name))) {
    throw conflict(`a source named “${body.name}” already exists`);
  }
  const now = deps.clock.now();
  const source = await writeSource(deps.db, id, {
    name: body.name,
    brand: body.brand,
    url: body.url,
    config,
    isPaused: body.is_paused,
    pollIntervalSeconds: body.poll_interval_seconds,
    // A new address or new settings start afresh: old validators, cursor and errors belong to the old ones.
    ...(changedWhere ? { etag: null, lastModified: null, cursor: null, errorCount: 0, lastError: null, nextPollAt: now } : {}),
    updatedAt: now,
  });
  await recordAudit(deps, actor.id, 'source.update', { sourceId: id, fields: Object.keys(body) });
  return source!;
}
