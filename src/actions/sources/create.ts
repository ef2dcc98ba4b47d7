import { getSourceByName, insertSource, listSources } from '../../../db/queries/sources.ts';
import type { Source } from '../../../db/schema/index.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { conflict } from '../../core/errors.ts';
import { urlKey } from '../../core/ingest/dedupe-keys.ts';
import { validateAndSealSourceConfig } from '../../sources/settings.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { CreateSource, type CreateSourceInput } from './schemas.ts';

/**
 * Adds a source; a polled one is fetched at the next scheduled run. Credentials in its settings are sealed.
 * `alsoPolledBy` names the other sources that poll the same address (written differently or not): not refused, since
 * two sources may differ in brand or schedule, but their mentions would be stored once and counted as duplicates.
 */
export async function createSource(deps: Deps, actor: Actor, input: CreateSourceInput): Promise<Source & { alsoPolledBy: { id: number; name: string }[] }> {
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
  const address = urlKey(source.url);
  const alsoPolledBy = address ? (await listSources(deps.db)).filter((s) => s.id !== source.id && urlKey(s.url) === address).map((s) => ({ id: s.id, name: s.name })) : [];
  return { ...source, alsoPolledBy };
}

/** The warning, in words, that another source polls the same address. */
export const alsoPolledWords = (other: { id: number; name: string }) =>
  `“${other.name}” (#${other.id}) already polls this address: a mention both bring in is stored once, and the other counts it as a duplicate.`;
