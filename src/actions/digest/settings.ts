import { saveDigestSettings } from '../../../db/queries/digest-delivery.ts';
import type { DigestSettings } from '../../../db/schema/digest.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { SettingsSchema, type SettingsInput } from './schemas.ts';

/** Sets when the digest goes out (a cron expression in a time zone), from whom, and whether it goes at all. */
export async function updateDigestSettings(deps: Deps, actor: Actor, input: SettingsInput): Promise<DigestSettings> {
  authorize(actor, 'digest:configure');
  const b = readInput(SettingsSchema, input);
  const settings = await saveDigestSettings(deps.db, { cron: b.cron.trim(), timeZone: b.time_zone, sender: b.sender, enabled: b.enabled, now: deps.clock.now() });
  await recordAudit(deps, actor.id, 'digest.settings');
  return settings;
}
