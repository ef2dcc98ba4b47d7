import { getSourceByName, insertSource } from '../../../db/queries/sources.ts';
import type { Source } from '../../../db/schema/index.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { conflict } from '../../core/errors.ts';
import { validateAndSealSourceConfig } from '../../sources/settings.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { CreateSource, type CreateSourceInput } from './schemas.ts';

/** Adds a source; a polled one is fetched at the next scheduled run. Credentials in its settings are sealed. */
export async function createSource(deps: Deps, actor: Actor, input: CreateSourceInput): Promise<Source> {
  authorize(actor, 'sources:write');
  const body = readInput(CreateSource, input);
  if (await getSourceByName(deps.db, body.name)) throw conflict(`a source named “${body.name}” already exists`);
  const config = await validateAndSealSourceConfig(deps, body.kind, body.url ?? null, body.config);
  const now = deps.clock.now();
  const source = await insertSource(deps.db, {
    name: body.name,
    kind: body.kind,
    brand: body.brand ?? null,
    url: body.url ?? null,
    config,
    pollIntervalSeconds: body.poll_interval_seconds,
    nextPollAt: now,
    createdAt: now,
    updatedAt: now,
  });
  await recordAudit(deps, actor.id, 'source.create', { sourceId: source.id });
  return source;
}
