import { scryptAsync } from '@noble/hashes/scrypt';
import { base64url, fromBase64url, timingSafeEqual } from '../crypto.ts';

/**
 * Passwords are hashed with scrypt (pure JS, so it runs on Workers too). The parameters are stored with each
 * hash so they can be raised later without breaking existing ones. Defaults follow OWASP (N=2^14, r=8, p=5:
 * 16 MiB, within a Worker's memory).
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 14, r: 8, p: 5 };
const KEY_LENGTH = 32;

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await scryptAsync(password.normalize('NFKC'), salt, { ...params, dkLen: KEY_LENGTH });
  return ['scrypt', params.N, params.r, params.p, base64url(salt), base64url(key)].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = fromBase64url(hash);
  const key = await scryptAsync(password.normalize('NFKC'), fromBase64url(salt), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    dkLen: expected.length,
  });
  return timingSafeEqual(key, expected);
}
