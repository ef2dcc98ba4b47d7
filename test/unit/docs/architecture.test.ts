// docs/architecture.md names real files and functions; a rename that forgets it should fail here, not mislead the
// next person who joins.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../..', import.meta.url).pathname;
const DOC = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
const LINES = DOC.split('\n');

/** Repository paths as the page writes them: `src/core/ingest/`, db/queries/alerts.ts, wrangler.toml… */
const PATH = /(?<![\w/.:-])(?:(?:src|db|jobs|dashboard|test|docs|data|bin)\/(?:[\w./-]*[\w/])?|(?:README|SECURITY)\.md|wrangler\.toml)/g;
/** A file named without its folder, in a row or line that names the folder: "rss.ts" beside `src/sources/`. */
const BARE_FILE = /(?<![\w/.-])[\w-]+\.(?:ts|tsx|js|md)\b/g;
/** A function as the page names it: `storeMentions()`, `deps.analyser.analyse()` (the last part). */
const CALL = /([A-Za-z_$][\w$]*)\(\)/g;

const exists = (path: string) => existsSync(join(ROOT, path));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) return name === 'migrations' ? [] : sourceFiles(path);
    return /\.(ts|tsx|js)$/.test(name) ? [path] : [];
  });
}
const ALL_SOURCES = ['src', 'db', 'jobs', 'dashboard', 'bin'].flatMap(sourceFiles);

const defines = (file: string, name: string) =>
  new RegExp(`(function\\*?\\s*${name}\\b|(const|let|var|class)\\s+${name}\\b|^\\s*(async\\s+)?${name}\\s*[(<]|\\b${name}\\s*:\\s*(async\\s*)?\\()`, 'm').test(read(file));

/** Per line: the paths it names, the files it names without a folder (resolved to its folders), and its calls. */
const named = LINES.map((line, i) => {
  const paths = [...line.matchAll(PATH)].map((m) => m[0]);
  const folders = [...new Set(paths.map((p) => (p.endsWith('/') ? p.slice(0, -1) : dirname(p))))];
  const withoutPaths = line.replace(PATH, ' ');
  const bare = [...withoutPaths.matchAll(BARE_FILE)].map((m) => m[0]);
  const resolved = bare.map((name) => ({ name, path: folders.map((f) => `${f}/${name}`).find(exists) ?? null }));
  const files = [...paths.filter((p) => !p.endsWith('/')), ...resolved.flatMap((r) => (r.path ? [r.path] : []))].filter(
    (p) => exists(p) && statSync(join(ROOT, p)).isFile() && /\.(ts|tsx|js)$/.test(p),
  );
  const calls = [...line.matchAll(CALL)].map((m) => m[1]!);
  return { line: i + 1, paths, resolved, files, calls };
});

describe('docs/architecture.md', () => {
  it('names paths, files and functions (the checks below have something to check)', () => {
    expect(named.flatMap((n) => n.paths).length).toBeGreaterThan(80);
    expect(named.flatMap((n) => n.resolved).length).toBeGreaterThan(40);
    expect(named.flatMap((n) => n.calls).length).toBeGreaterThan(40);
  });

  it('every path it names exists', () => {
    const missing = named.flatMap((n) => n.paths.filter((p) => !exists(p)).map((p) => `line ${n.line}: ${p}`));
    expect(missing).toEqual([]);
  });

  it('every file named without its folder exists in a folder named on the same line', () => {
    const missing = named.flatMap((n) => n.resolved.filter((r) => !r.path).map((r) => `line ${n.line}: ${r.name}`));
    expect(missing).toEqual([]);
  });

  it('every function it names is defined in a file named on the same line, or somewhere in the code', () => {
    const missing = named.flatMap((n) =>
      n.calls
        .filter((name) => !(n.files.length ? n.files : ALL_SOURCES).some((f) => defines(f, name)))
        .map((name) => `line ${n.line}: ${name}() ${n.files.length ? `not in ${n.files.join(', ')}` : 'not found'}`),
    );
    expect(missing).toEqual([]);
  });

  it('every relative link it makes resolves', () => {
    const links = [...DOC.matchAll(/\]\((\.\.?\/[^)#]+)\)/g)].map((m) => join('docs', m[1]!));
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((l) => !exists(l))).toEqual([]);
  });

  it('is linked from the README', () => {
    expect(read('README.md')).toContain('(docs/architecture.md)');
  });
});
