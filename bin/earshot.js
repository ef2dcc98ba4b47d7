#!/usr/bin/env node
// The `earshot` command. It runs the bundle `npm install` compiled (bin/build.mjs) when that is newer than every
// source file, and otherwise the TypeScript sources through tsx, so an edit is never run stale.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);
const bundle = fileURLToPath(new URL('dist/node/earshot.mjs', root));
const SOURCES = ['src', 'db', 'jobs', 'dashboard', 'package.json', 'tsconfig.json'];

/** The newest modification time under `path`, in ms. */
function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const name of readdirSync(path)) latest = Math.max(latest, newest(`${path}/${name}`));
  return latest;
}

function bundleIsCurrent() {
  try {
    const built = statSync(bundle).mtimeMs;
    return SOURCES.every((p) => newest(fileURLToPath(new URL(p, root))) <= built);
  } catch {
    return false;
  }
}

if (bundleIsCurrent()) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: fileURLToPath(new URL('tsconfig.json', root)) });
  await import('../src/cli/main.ts');
}
