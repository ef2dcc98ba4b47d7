// How a source's kind, url and settings are checked and its credentials sealed before it is stored: one rule for
// the JSON API and the dashboard's form, so a source added either way is held to the same checks.
import type { SourceKind } from '../../db/schema/constants.ts';
import type { Deps } from '../core/deps.ts';
import { badRequest } from '../core/errors.ts';
import { MASK, openSecrets, sealSecrets, secretBoxFor } from '../core/secrets.ts';
import { settingsFor } from './registry.ts';

/**
 * Checks a source's kind, url and settings against its adapter, and seals its credentials for storage.
 * `current` is the source when updating, so masked credentials keep their sealed values — unless its requests now go
 * to another server: credentials stay with the server they were entered for, so they must be entered again.
 * Throws a 400 AppError whose message says what is wrong, field by field.
 */
export async function validateAndSealSourceConfig(
  deps: Deps,
  kind: SourceKind,
  url: string | null,
  config: Record<string, unknown>,
  current: { url: string | null; config: Record<string, unknown> } = { url: null, config: {} },
) {
  const stored = current.config;
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
  const kept = adapter.secrets.filter((f) => (config[f] === MASK || config[f] === undefined) && stored[f] !== undefined && stored[f] !== null && stored[f] !== '');
  const before = destinations(current.url, stored, adapter.secrets);
  if (kept.length > 0 && [...destinations(url, parsed.data as Record<string, unknown>, adapter.secrets)].some((o) => !before.has(o))) {
    throw badRequest(kept.map((f) => `config.${f}: the source now sends its requests to another server; enter the credentials again`).join('; '));
  }
  return sealSecrets(parsed.data as Record<string, unknown>, adapter.secrets, box, stored);
}

/** Where a source's requests go: the origins of its url and of every address in its settings (api_base, auth_base, instance…). */
function destinations(url: string | null, config: Record<string, unknown>, secrets: readonly string[]): Set<string> {
  const values = [
    url,
    ...Object.entries(config)
      .filter(([k]) => !secrets.includes(k))
      .map(([, v]) => v),
  ];
  const origins = new Set<string>();
  for (const v of values) {
    if (typeof v !== 'string' || !/^https?:\/\//i.test(v)) continue;
    try {
      origins.add(new URL(v).origin);
    } catch {
      // not an address after all
    }
  }
  return origins;
}
