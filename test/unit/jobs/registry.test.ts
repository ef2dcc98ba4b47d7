import { readFileSync } from 'node:fs';
import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { JOBS } from '../../../jobs/registry.ts';

describe('job registry', () => {
  it('wrangler.toml [triggers] crons equal the registry, so Workers run the same schedule as Node', () => {
    const toml = readFileSync(new URL('../../../wrangler.toml', import.meta.url), 'utf8');
    const crons = /\[triggers\][^[]*?crons\s*=\s*\[([^\]]*)\]/s.exec(toml)?.[1] ?? '';
    const listed = [...crons.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(listed)).toEqual(new Set(Object.values(JOBS).map((j) => j.cron)));
  });

  it('every cron expression is valid', () => {
    for (const [name, job] of Object.entries(JOBS)) expect(cron.validate(job.cron), name).toBe(true);
  });
});
