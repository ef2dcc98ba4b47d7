import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../bin/earshot.js');

/** A temporary data folder and the environment that points Earshot at it. */
export function tempWorkspace(extra: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `file:${join(dir, 'earshot.db')}`, PORT: '0', LOG_LEVEL: 'info', ...extra };
  return { dir, env, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs an `earshot` command to completion, from outside the project (as an installed command would be). */
export function earshot(args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: tmpdir(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

/** Starts `earshot serve` and resolves once it logs that it listens; collects its log lines. */
export async function startServer(env: NodeJS.ProcessEnv) {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve'], { env, cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolveUrl, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 30_000);
    child.stdout!.on('data', (d) => {
      buffer += d;
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (entry.msg === 'earshot listening') {
            clearTimeout(timer);
            resolveUrl(String(entry.url));
          }
        } catch {
          // not a log line
        }
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    logs,
    stop: () =>
      new Promise<void>((r) => {
        if (child.exitCode !== null) return r();
        child.once('exit', () => r());
        child.kill('SIGTERM');
      }),
  };
}
