// Credentials in source settings (API keys, app passwords, client secrets) are sealed with AES-256-GCM under a
// key derived from EARSHOT_SECRET_KEY before they are stored, opened only to poll, and never returned: the API
// shows that a secret is set, not what it is. WebCrypto only, so it runs on Node and Workers alike.
import { base64url, fromBase64url } from './crypto.ts';
import { badRequest } from './errors.ts';

const SEALED_PREFIX = 'sealed:v1:';
/** What the API shows in place of a stored secret; sending it back keeps the stored value. */
export const MASK = '********';

/** A stored credential cannot be opened; the message says what to do. Polls report it on the source. */
export class CredentialError extends Error {
  override name = 'CredentialError';
}

export type SecretBox = { seal(value: unknown): Promise<string>; open(sealed: string): Promise<unknown> };

/** A box for one key; `secretKey` is EARSHOT_SECRET_KEY. */
export async function secretBox(secretKey: string): Promise<SecretBox> {
  // A fixed label keeps this key apart from anything else derived from the same secret.
  const material = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`earshot/source-secrets/v1\u0000${secretKey}`));
  const key = await crypto.subtle.importKey('raw', material, 'AES-GCM', false, ['encrypt', 'decrypt']);
  return {
    async seal(value) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const plain = new TextEncoder().encode(JSON.stringify(value));
      const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain));
      return `${SEALED_PREFIX}${base64url(iv)}:${base64url(sealed)}`;
    },
    async open(sealed) {
      const [iv, data] = sealed.slice(SEALED_PREFIX.length).split(':');
      try {
        const plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: fromBase64url(iv ?? '') as Uint8Array<ArrayBuffer> },
          key,
          fromBase64url(data ?? '') as Uint8Array<ArrayBuffer>,
        );
        return JSON.parse(new TextDecoder().decode(plain));
      } catch {
        throw new CredentialError('A stored credential cannot be read: EARSHOT_SECRET_KEY has changed since it was saved; enter the credential again');
      }
    },
  };
}

const boxes = new Map<string, Promise<SecretBox>>();

/** The box for the configured key (derived once per key), or null when no key is configured. */
export function secretBoxFor(secretKey: string | undefined): Promise<SecretBox | null> {
  if (!secretKey) return Promise.resolve(null);
  let box = boxes.get(secretKey);
  if (!box) boxes.set(secretKey, (box = secretBox(secretKey)));
  return box;
}

const isSealed = (v: unknown): v is string => typeof v === 'string' && v.startsWith(SEALED_PREFIX);

/**
 * Seals the secret fields of `config` for storage. A field sent as MASK (or left out) keeps its value from
 * `stored`, so a form can show and resend a source's settings without ever holding the secret.
 */
export async function sealSecrets(
  config: Record<string, unknown>,
  fields: readonly string[],
  box: SecretBox | null,
  stored: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const out = { ...config };
  for (const f of fields) {
    const value = out[f];
    if (value === undefined || value === MASK) {
      if (stored[f] === undefined) delete out[f];
      else out[f] = stored[f];
      continue;
    }
    if (value === null || value === '') continue;
    if (!box) throw badRequest(`config.${f}: set EARSHOT_SECRET_KEY so Earshot can store credentials encrypted`);
    out[f] = await box.seal(value);
  }
  return out;
}

/** The stored config with its secrets opened, for the adapter. */
export async function openSecrets(config: Record<string, unknown>, fields: readonly string[], box: SecretBox | null) {
  const out = { ...config };
  for (const f of fields) {
    if (!isSealed(out[f])) continue;
    if (!box) throw new CredentialError('This source has stored credentials but EARSHOT_SECRET_KEY is not set');
    out[f] = await box.open(out[f]);
  }
  return out;
}

/** The config as the API shows it: every set secret replaced by MASK. */
export function maskSecrets(config: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out = { ...config };
  for (const f of fields) if (out[f] !== undefined && out[f] !== null && out[f] !== '') out[f] = MASK;
  return out;
}
