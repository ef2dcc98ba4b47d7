// How a source's kind, url and settings are checked and its credentials sealed before it is stored: one rule for
// the JSON API and the dashboard's form, so a source added either way is held to the same checks.
import type { SourceKind } from '../../db/schema/constants.ts';
import type { Deps } from '../core/deps.ts';
import { badRequest } from '../core/errors.ts';
import { MASK, openSecrets, sealSecrets, secretBoxFor } from '../core/secrets.ts';
import { settingsFor } from './registry.ts';

/**
 * Checks a source's kind, url and settings against its adapter, and seals its credentials for storage.
 * `stored` is the current config when updating, so masked credentials keep their sealed values.
 * Throws a 400 AppError whose message says what is wrong, field by field.
 */
export async function checkedConfig(deps: Deps, kind: SourceKind, url: string | null, config: Record<string, unknown>, stored: Record<string, unknown> = {}) {
  const adapter = settingsFor(kind);
  if (!adapter) throw badRequest(`kind: "${kind}" sources cannot be added yet`);
  if (adapter.url === 'required' && !url) throw badRequest(`url: a ${kind} source needs a url`);
  if (adapter.url === 'none' && url) throw badRequest(`url: a ${kind} source is set up by its config, not a url`);
  const box = await secretBoxFor(deps.config.secretKey);
  // Validate with the credentials as they will be used: masked ones are the stored ones.
  const opened = await openSecrets(stored, adapter.secrets, box).catch(() => ({}) as Record<string, unknown>);
  const candidate = { ...config };
  for (const f of adapter.secrets) if (candidate[f] === MASK || candidate[f] === undefined) candidate[f] = opened[f];
  for (const f of Object.keys(candidate)) if (candidate[f] === undefined) delete candidate[f];
  const parsed = adapter.config.safeParse(candidate);
  if (!parsed.success) {
    throw badRequest(parsed.error.issues.map((i) => `config${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`).join('; '));
  }
  return sealSecrets(parsed.data as Record<string, unknown>, adapter.secrets, box, stored);
}
