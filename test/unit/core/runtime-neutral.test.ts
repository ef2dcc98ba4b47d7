import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../..', import.meta.url).pathname;
/** Code that must run unchanged on Node and on Workers. */
const NEUTRAL = ['src/core', 'src/sources', 'src/api', 'src/demo', 'jobs', 'db/queries', 'db/schema', 'dashboard'];

const FORBIDDEN: [RegExp, string][] = [
  [/from\s+['"]node:/, 'a node: import'],
  [/from\s+['"](fs|path|os|http|https|net|child_process|crypto)['"]/, 'a Node built-in import'],
  [/\bprocess\.(env|exit|argv|stdout|stderr|cwd)/, 'process'],
  [/\bDate\.now\(\)/, 'Date.now() (use deps.clock)'],
  [/from\s+['"]natural['"]/, 'the whole of natural (import its modules by path)'],
  [/from\s+['"]@libsql\/client['"]/, 'a database driver (the runtime entry picks it)'],
  [/from\s+['"]node-cron['"]/, 'node-cron (Node-only scheduler)'],
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe('runtime-neutral code', () => {
  const all = NEUTRAL.flatMap((d) => files(join(ROOT, d)));

  it('covers the folders it should', () => {
    expect(all.length).toBeGreaterThan(20);
  });

  it.each(FORBIDDEN)('never uses %s', (pattern, what) => {
    const offenders = all.filter((f) => pattern.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f));
    expect(offenders, `${what} found in`).toEqual([]);
  });
});

describe('imports run one way', () => {
  // runtime and cli → app (api, dashboard) → core and sources → db: nothing lower imports anything higher.
  const LAYERS: [string[], RegExp, string][] = [
    [['src/core', 'src/sources', 'db'], /from\s+['"][^'"]*\/(api|dashboard|runtime|cli)\//, 'the API, the dashboard, a runtime entry or the CLI'],
    [['src/api', 'dashboard'], /from\s+['"][^'"]*\/(runtime|cli)\//, 'a runtime entry or the CLI'],
  ];
  it.each(LAYERS)('%s never import %s', (dirs, pattern, what) => {
    const offenders = dirs.flatMap((d) => files(join(ROOT, d))).filter((f) => pattern.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f));
    expect(offenders, `${what} imported by`).toEqual([]);
  });
});
