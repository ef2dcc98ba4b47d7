// `earshot bench bundle`: the Worker's bundle size, raw and gzipped, against the free plan's limit.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The Worker as Cloudflare would receive it (wrangler's dry-run bundle, model included): raw and gzip sizes
 * against the free plan's 3 MB gzip limit.
 */
export function benchBundle() {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-bundle-'));
  try {
    const root = resolve(import.meta.dirname ?? '.', '../..');
    const run = spawnSync(process.execPath, [join(root, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--outdir', dir], {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`wrangler dry-run failed: ${run.stderr.slice(-500)}`);
    const code = readFileSync(join(dir, 'worker.js'));
    const model = readFileSync(join(root, 'src/core/nlp/model/analyser-model.ts'));
    const kb = (n: number) => Math.round(n / 1024);
    return {
      worker_kb: kb(code.length),
      worker_gzip_kb: kb(gzipSync(code, { level: 9 }).length),
      model_module_gzip_kb: kb(gzipSync(model, { level: 9 }).length),
      limit_gzip_kb: 3072,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
