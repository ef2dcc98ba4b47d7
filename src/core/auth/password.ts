import scryptJs from 'scrypt-js';
import { base64url, fromBase64url, timingSafeEqual } from '../crypto.ts';

/**
 * Passwords are hashed with scrypt; the parameters are stored with each hash (`scrypt$N$r$p$salt$key`) so they
 * can be raised later without breaking existing ones. Defaults follow OWASP (N=2^14, r=8, p=5: 16 MiB, within a
 * Worker's memory). The scrypt itself is the runtime's: node:crypto on a worker thread on Node (runtime/
 * node-scrypt.ts), pure JS that yields to other requests on Workers (jsScrypt).
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 14, r: 8, p: 5 };
const KEY_LENGTH = 32;

/** Derives a key of `dkLen` bytes. */
export type ScryptFn = (password: string, salt: Uint8Array, o: ScryptParams & { dkLen: number }) => Promise<Uint8Array>;

export interface Passwords {
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a stored value that is not a scrypt hash. */
  verify(password: string, stored: string): Promise<boolean>;
}

/**
 * Pure JS scrypt (Workers): scrypt-js hands the thread back through a timer every 125 mixing steps, so requests
 * that arrive meanwhile are served between them (a microtask yield, as in @noble/hashes' scryptAsync, would not).
 */
export const jsScrypt: ScryptFn = (password, salt, o) => scryptJs.scrypt(new TextEncoder().encode(password), salt, o.N, o.r, o.p, o.dkLen);

/**
 * Hashing and checking with `scrypt`, at most `concurrency` at once: a login storm queues here instead of filling
 * Node's thread pool or, in pure JS, slicing every other request's wait into sixteen.
 */
export function passwordHasher(scrypt: ScryptFn, { concurrency = 1, params = DEFAULT_SCRYPT }: { concurrency?: number; params?: ScryptParams } = {}): Passwords {
  let running = 0;
  const waiting: (() => void)[] = [];
  const limited: ScryptFn = async (password, salt, o) => {
    if (running >= concurrency) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      return await scrypt(password, salt, o);
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
  return {
    async hash(password) {
      const salt = crypto.getRandomValues(new Uint8Array(16));
      const key = await limited(password.normalize('NFKC'), salt, { ...params, dkLen: KEY_LENGTH });
      return ['scrypt', params.N, params.r, params.p, base64url(salt), base64url(key)].join('$');
    },
    async verify(password, stored) {
      const [scheme, n, r, p, salt, hash] = stored.split('$');
      if (scheme !== 'scrypt' || !salt || !hash) return false;
      const expected = fromBase64url(hash);
      const key = await limited(password.normalize('NFKC'), fromBase64url(salt), { N: Number(n), r: Number(r), p: Number(p), dkLen: expected.length });
      return timingSafeEqual(key, expected);
    },
  };
}
