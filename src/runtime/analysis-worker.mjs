// An analysis thread run from the TypeScript sources (see tsx-register.mjs).
import './tsx-register.mjs';

await import('./analysis-worker.ts');
