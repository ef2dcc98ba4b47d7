#!/usr/bin/env node
// The `earshot` command: TypeScript sources run through tsx, so there is no build step. The project's
// tsconfig is named explicitly so the command behaves the same from any working directory.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../src/cli/main.ts');
