// `earshot bench import`: importing cases and actions from CSV files through the real readers and store.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importActionsFile, importCasesFile } from './import-cases-file.ts';
import { scratchDeps } from './scratch-deps.ts';

/**
 * `earshot import cases` and `import actions` through the real file readers and store: `cases` cases and `actions`
 * actions written as CSV to a temporary folder, imported into a fresh libSQL file, then the actions file again
 * (all unchanged). Rows per second, and the process's peak RSS.
 */
export async function benchImport(cases: number, actions: number) {
  const s = await scratchDeps();
  const dir = mkdtempSync(join(tmpdir(), 'earshot-bench-import-'));
  try {
    const write = async (name: string, header: string, n: number, row: (i: number) => string) => {
      const path = join(dir, name);
      const out = createWriteStream(path);
      out.write(`${header}\n`);
      for (let i = 0; i < n; i++) if (!out.write(`${row(i)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
      await new Promise<void>((r) => out.end(() => r()));
      return path;
    };
    const segments = ['known_info', 'no_info', 'willing_able', 'unable', 'unwilling'];
    const types = [
      ['reminder', 'letter'],
      ['call', 'phone'],
      ['sms', 'sms'],
      ['email', 'email'],
      ['payment_plan_offer', 'letter'],
      ['legal_notice', 'letter'],
    ];
    const casesCsv = await write(
      'cases.csv',
      'case_ref,creditor,segment,country,opened_at,status,team',
      cases,
      (i) => `LV-${40000000 + i},Creditor ${i % 7},${segments[i % 5]},LV,2026-01-01,open,team-${i % 8}`,
    );
    const actionsCsv = await write('actions.csv', 'case_ref,at,channel,action_type,agent', actions, (i) => {
      const [type, channel] = types[i % types.length]!;
      return `LV-${40000000 + ((i * 7919) % cases)},${new Date(Date.UTC(2026, 0, 1) + (i % 15_552_000) * 1000).toISOString()},${channel},${type},agent-${i % 40}`;
    });
    const timed = async (f: () => Promise<{ read: number }>) => {
      const t = performance.now();
      const r = await f();
      const seconds = (performance.now() - t) / 1000;
      return { rows: r.read, seconds: Math.round(seconds * 10) / 10, rows_per_s: Math.round(r.read / seconds) };
    };
    const casesRun = await timed(() => importCasesFile(s.deps, { path: casesCsv }));
    const actionsRun = await timed(() => importActionsFile(s.deps, { path: actionsCsv }));
    const again = await timed(() => importActionsFile(s.deps, { path: actionsCsv }));
    return { cases: casesRun, actions: actionsRun, actions_again_unchanged: again, peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    s.close();
  }
}
