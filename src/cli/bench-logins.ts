// `earshot bench logins`: health-check latency while many logins hash their passwords at once.
import { createApp } from '../app.ts';
import { createUser } from '../core/auth/accounts.ts';
import { jsScrypt, passwordHasher, type Passwords } from '../core/auth/password.ts';
import { NODE_SCRYPT_CONCURRENCY, nodeScrypt } from '../runtime/node-scrypt.ts';
import { postLoginForm, serveOnLoopback } from './loopback.ts';
import { scratchDeps } from './scratch-deps.ts';

/**
 * `/api/health` latency while 16 logins run at once (each a full scrypt check), with node:crypto on the thread
 * pool (as served) and with the pure-JS scrypt Workers use, in one run; the logins are correct, so no lock.
 */
export async function benchLogins(parallel = 16) {
  const measure = async (passwords: Passwords) => {
    const s = await scratchDeps();
    s.deps.passwords = passwords;
    const users = await Promise.all(Array.from({ length: parallel }, (_, i) => createUser(s.deps, { email: `u${i}@bench.local`, role: 'viewer', password: 'bench password 123' })));
    const server = await serveOnLoopback(createApp(() => s.deps, { demo: false }).fetch);
    try {
      const times: number[] = [];
      let done = false;
      const probe = (async () => {
        while (!done) {
          const t = performance.now();
          await (await fetch(`${server.base}/api/health`)).arrayBuffer();
          times.push(performance.now() - t);
        }
      })();
      const t0 = performance.now();
      const statuses = await Promise.all(users.map(async (u) => (await postLoginForm(server.base, u.email, 'bench password 123')).status));
      if (statuses.some((st) => st !== 303)) throw new Error(`a login failed: ${statuses.join(', ')}`);
      const loginsMs = performance.now() - t0;
      done = true;
      await probe;
      times.sort((a, b) => a - b);
      const q = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))]! * 10) / 10;
      return { health_p50_ms: q(0.5), health_p95_ms: q(0.95), health_max_ms: q(1), health_requests: times.length, all_logins_ms: Math.round(loginsMs) };
    } finally {
      await server.close();
      s.close();
    }
  };
  return {
    [`node_crypto_${parallel}_parallel_logins`]: await measure(passwordHasher(nodeScrypt, { concurrency: NODE_SCRYPT_CONCURRENCY })),
    [`pure_js_${parallel}_parallel_logins`]: await measure(passwordHasher(jsScrypt)),
  };
}
