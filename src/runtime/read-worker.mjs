// A read thread run from the TypeScript sources (see tsx-register.mjs).
import './tsx-register.mjs';

await import('./read-worker.ts');
