// Lets a worker thread load Earshot's TypeScript sources, as bin/earshot.js does for the command. The thread entries
// beside this file (read-worker.mjs, analysis-worker.mjs) are used only when Earshot runs from its sources; the
// compiled command has its own, built by bin/build.mjs.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
