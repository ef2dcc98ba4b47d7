// Entry of the training worker thread: TypeScript sources run through tsx, as in bin/earshot.js.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
await import('./train-folds-worker.ts');
