// `earshot bench startup`: time from spawning `earshot serve` to its first healthy answer, and the server's memory.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Peak resident set of a process (Linux /proc), in MB. */
function residentMb(pid: number): number | null {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmHWM:\s+(\d+)/.exec(status)?.[1];
  return kb ? Math.round(Number(kb) / 1024) : null;
}

/**
 * Time from spawning `earshot serve` to the first healthy answer, on a fresh database: the median of three starts
 * (one start is at the mercy of whatever else the machine does in that half second), with each start's time.
 */
export async function benchStartup() {
  const starts = [];
  for (let i = 0; i < 3; i++) starts.push(await startOnce());
  const sorted = [...starts].sort((a, b) => a.startup_ms - b.startup_ms);
  return { startup_ms: sorted[1]!.startup_ms, startups_ms: starts.map((s) => s.startup_ms), server_rss_mb: Math.max(...starts.map((s) => s.server_rss_mb ?? 0)) || null };
}

async function startOnce() {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-bench-'));
  const bin = resolve(import.meta.dirname ?? '.', '../../bin/earshot.js');
  const port = 18_000 + Math.floor(Math.random() * 2000);
  const t0 = performance.now();
  const child = spawn(process.execPath, [bin, 'serve'], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: `file:${join(dir, 'e.db')}`, EARSHOT_DEMO: '0', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (performance.now() - t0 > 30_000) throw new Error('server did not start within 30 s');
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (r.ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const startupMs = Math.round(performance.now() - t0);
    // Peak resident memory of the serving process (the analyser's model is decoded at start).
    return { startup_ms: startupMs, server_rss_mb: residentMb(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
