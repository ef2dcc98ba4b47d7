#!/usr/bin/env node
// Compiles the `earshot` command once (npm runs this as `prepare` on install), so `npm start` and every command
// start from one JavaScript file instead of compiling TypeScript and resolving hundreds of package files at each
// start. The libSQL driver (native), the comparison packages the bench loads on demand and the dev tools stay in
// node_modules. The bundle sits two folders deep (dist/node/) so paths written relative to the project root
// (db/migrations, the model card) hold in the sources and the bundle alike.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
  absWorkingDir: root,
  // The command, and the read and analysis threads the server starts (their pools find them beside it).
  entryPoints: { earshot: 'src/cli/main.ts', 'read-worker': 'src/runtime/read-worker.ts', 'analysis-worker': 'src/runtime/analysis-worker.ts' },
  outdir: 'dist/node',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@libsql/client', 'libsql', 'sentiment', 'vader-sentiment', 'tsx', 'esbuild', 'wrangler', 'playwright-core'],
  // Bundled CommonJS packages call require() for Node's own modules; an ES module has none, so give it one.
  banner: { js: "import { createRequire as earshotRequire } from 'node:module'; const require = earshotRequire(import.meta.url);" },
  tsconfig: 'tsconfig.json',
  sourcemap: 'linked',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
