import { scrypt } from 'node:crypto';
import type { ScryptFn } from '../core/auth/password.ts';

/**
 * node:crypto's scrypt, which runs on libuv's thread pool: the event loop (health checks, every other request)
 * never waits for a password check. Use it with passwordHasher's concurrency of 2, leaving pool threads for the rest.
 */
export const nodeScrypt: ScryptFn = (password, salt, { N, r, p, dkLen }) =>
  new Promise<Uint8Array>((done, fail) => scrypt(password, salt, dkLen, { N, r, p, maxmem: 256 * N * r }, (err, key) => (err ? fail(err) : done(new Uint8Array(key)))));

/** Password checks at once on Node: each holds a pool thread and 16 MiB for ~100 ms. */
export const NODE_SCRYPT_CONCURRENCY = 2;
