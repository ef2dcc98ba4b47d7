import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../core/config.ts';
import { nodeDeps } from '../runtime/node-deps.ts';

/** Deps over a fresh libSQL file in a temporary folder, for the benches; `close` removes it. */
export async function scratchDeps() {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-bench-'));
  const url = `file:${join(dir, 'bench.db')}`;
  const parsed = parseConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const { deps, client } = await nodeDeps(parsed.config);
  return { deps, url, close: () => (client.close(), rmSync(dir, { recursive: true, force: true })) };
}
