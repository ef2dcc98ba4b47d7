// Entry of a read thread when Earshot runs from its TypeScript sources: tsx first, as in bin/earshot.js. (The
// compiled command has its own read-worker.mjs beside it, built by bin/build.mjs.)
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
await import('./read-worker.ts');
