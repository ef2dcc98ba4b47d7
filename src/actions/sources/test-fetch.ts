import type { Deps } from '../../core/deps.ts';
import { type Preview, previewSource } from '../../sources/preview.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { TestSource, type TestSourceInput } from './schemas.ts';

/** Fetches once with these settings and shows what would be stored; nothing is saved, so nothing is audited. A kind
 * that is not polled answers `ok: false`. */
export async function testSource(deps: Deps, actor: Actor, input: TestSourceInput): Promise<Preview> {
  authorize(actor, 'sources:write');
  const body = readInput(TestSource, input);
  return previewSource(deps, body.kind, body.url ?? null, body.config);
}
