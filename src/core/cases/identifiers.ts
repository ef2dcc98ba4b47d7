// Debtor identifiers (social handles, e-mail addresses, phone numbers) are personal data that Earshot only needs
// to *match*: does this mention's author belong to a case? So they are normalised and kept only as keyed hashes
// (HMAC-SHA256 under a key derived from EARSHOT_SECRET_KEY): never stored in clear, never returned, and useless
// without the key. WebCrypto only, for Node and Workers alike.
import type { IdentifierKind } from '../../../db/schema/constants.ts';
import { badRequest } from '../errors.ts';

/** Country calling codes of the markets a number without "+" is read in (by the case's country). */
const CALLING_CODES: Record<string, string> = {
  LV: '371',
  LT: '370',
  EE: '372',
  FI: '358',
  SE: '46',
  NO: '47',
  DK: '45',
  PL: '48',
  DE: '49',
  GB: '44',
  IE: '353',
  US: '1',
  CA: '1',
  NL: '31',
  RU: '7',
};

/**
 * The one form an identifier is compared in, or null when it cannot be one: handles lower-case without "@",
 * e-mail lower-case, phones in E.164 ("+37120000000"; a national number takes the case country's code).
 */
export function normaliseIdentifier(kind: IdentifierKind, raw: string, country?: string | null): string | null {
  const value = raw.trim();
  if (kind === 'handle') {
    const handle = value.replace(/^@+/, '').toLowerCase();
    return /^[\p{L}\p{N}_.-]{1,100}$/u.test(handle) ? handle : null;
  }
  if (kind === 'email') {
    const email = value.toLowerCase();
    return /^[^\s@]{1,64}@[^\s@]{1,253}\.[^\s@]{2,}$/.test(email) ? email : null;
  }
  const digits = value.replace(/[\s().-]/g, '');
  if (/^\+\d{7,15}$/.test(digits)) return digits;
  if (/^00\d{7,15}$/.test(digits)) return `+${digits.slice(2)}`;
  const code = country ? CALLING_CODES[country.toUpperCase()] : undefined;
  if (code && /^\d{6,14}$/.test(digits)) return `+${code}${digits.replace(/^0/, '')}`;
  return null;
}

export type IdentifierHasher = (kind: IdentifierKind, normalised: string) => Promise<string>;

const hashers = new Map<string, Promise<IdentifierHasher>>();

/** The keyed hash for identifiers, or null without EARSHOT_SECRET_KEY. One derived key per configured secret. */
export function identifierHasher(secretKey: string | undefined): Promise<IdentifierHasher | null> {
  if (!secretKey) return Promise.resolve(null);
  let hasher = hashers.get(secretKey);
  if (!hasher) {
    hasher = (async () => {
      // A label of its own keeps this key apart from the one that seals source credentials.
      const material = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`earshot/identifiers/v1\u0000${secretKey}`));
      const key = await crypto.subtle.importKey('raw', material, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      return async (kind: IdentifierKind, normalised: string) => {
        const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${kind}:${normalised}`)));
        return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
      };
    })();
    hashers.set(secretKey, hasher);
  }
  return hasher;
}

/** The hasher, or a clear error for whoever tries to store identifiers without a key. */
export async function requireIdentifierHasher(secretKey: string | undefined): Promise<IdentifierHasher> {
  const hasher = await identifierHasher(secretKey);
  if (!hasher) throw badRequest('debtor identifiers need EARSHOT_SECRET_KEY: they are stored only as keyed hashes');
  return hasher;
}
