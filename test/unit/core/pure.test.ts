import { describe, expect, it } from 'vitest';
import { toFtsQuery } from '../../../db/queries/mention-list.ts';
import { jsScrypt, passwordHasher } from '../../../src/core/auth/password.ts';
import { nodeScrypt } from '../../../src/runtime/node-scrypt.ts';
import { can } from '../../../src/core/auth/roles.ts';
import { parseConfig } from '../../../src/core/config.ts';
import { decodeCursor, encodeCursor } from '../../../src/core/cursor.ts';
import { nextPollAfterFailure, nextPollAfterSuccess } from '../../../src/core/ingest/schedule.ts';
import { Metrics } from '../../../src/core/metrics.ts';

describe('poll schedule', () => {
  const MIN = 60_000;
  it.each([
    // errorCount before this failure → base wait in intervals (15 min interval, no jitter)
    [0, 15 * MIN],
    [1, 30 * MIN],
    [2, 60 * MIN],
    [6, 16 * 60 * MIN],
    [20, 24 * 60 * MIN],
  ])('after %i earlier failures waits %i ms', (errors, wait) => {
    expect(nextPollAfterFailure(0, 900, errors, undefined, () => 0)).toBe(wait);
    expect(nextPollAfterFailure(0, 900, errors, undefined, () => 1)).toBe(Math.round(wait * 1.1));
  });
  it('honours a longer Retry-After, ignores a shorter one', () => {
    expect(nextPollAfterFailure(0, 900, 0, 5 * 3_600_000, () => 0)).toBe(5 * 3_600_000);
    expect(nextPollAfterFailure(0, 900, 0, 1000, () => 0)).toBe(15 * MIN);
  });
  it('polls again one interval after a success', () => {
    expect(nextPollAfterSuccess(1000, 300)).toBe(301_000);
  });
});

describe('toFtsQuery', () => {
  it.each([
    ['payment plan', '"payment" "plan"'],
    ['"unbalanced', '"unbalanced"'],
    ['NEAR(a b)', '"NEAR" "a" "b"'],
    ['piedzinēj*', '"piedzinēj"*'],
    ['коллектор', '"коллектор"'],
    ['-- ; drop', '"drop"'],
    ['***', null],
    ['', null],
  ])('%j → %j', (q, fts) => expect(toFtsQuery(q)).toBe(fts));
});

describe('cursor', () => {
  it('round-trips and rejects anything it did not issue', () => {
    const c = { publishedAt: 1_763_000_000_000, id: 42 };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    for (const bad of ['garbage', '', 'W1wi', encodeCursor({ publishedAt: 1.5, id: 2 }), btoa('[1,2,3]')]) expect(decodeCursor(bad)).toBeNull();
  });
});

describe('config', () => {
  it('has working defaults with nothing set', () => {
    const r = parseConfig({});
    expect(r.ok && r.config).toMatchObject({ port: 8787, host: '127.0.0.1', databaseUrl: 'file:./data/earshot.db', demo: undefined });
  });
  it('reads and validates the environment, naming each bad variable', () => {
    const ok = parseConfig({ PORT: '9000', EARSHOT_DEMO: '0', EARSHOT_ADMIN_TOKEN: 'x'.repeat(20), DATABASE_URL: '' });
    expect(ok.ok && ok.config).toMatchObject({ port: 9000, demo: false, databaseUrl: 'file:./data/earshot.db' });
    const bad = parseConfig({ PORT: 'eighty', EARSHOT_ADMIN_TOKEN: 'short', EARSHOT_DEMO: 'maybe' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.split(':')[0])).toEqual(expect.arrayContaining(['PORT', 'EARSHOT_ADMIN_TOKEN', 'EARSHOT_DEMO']));
  });
});

describe('mail config', () => {
  it('needs the HTTP API URL and key together, and SMTP as a URL', () => {
    expect(parseConfig({ EARSHOT_MAIL_API_URL: 'https://api.example.com/emails' }).ok).toBe(false);
    expect(parseConfig({ SMTP_URL: 'mail.example.com' }).ok).toBe(false);
    const ok = parseConfig({ EARSHOT_MAIL_API_URL: 'https://api.example.com/emails', EARSHOT_MAIL_API_KEY: 'k', SMTP_URL: 'smtp://u:p@127.0.0.1:2525' });
    expect(ok.ok && ok.config.mail).toMatchObject({ apiUrl: 'https://api.example.com/emails', apiKey: 'k', smtpUrl: 'smtp://u:p@127.0.0.1:2525' });
  });
});

describe('passwords and roles', () => {
  it('hashes with a salt and verifies only the right password, the same on Node and in pure JS', async () => {
    const params = { N: 2 ** 10, r: 8, p: 1 };
    const js = passwordHasher(jsScrypt, { params });
    const node = passwordHasher(nodeScrypt, { params, concurrency: 2 });
    const a = await js.hash('correct horse');
    const b = await node.hash('correct horse');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/);
    for (const p of [js, node]) {
      expect(await p.verify('correct horse', a)).toBe(true);
      expect(await p.verify('correct horse', b)).toBe(true);
      expect(await p.verify('correct hors', a)).toBe(false);
      expect(await p.verify('x', 'md5$abc')).toBe(false);
    }
  });
  it('grants writes to admins only', () => {
    expect(can('admin', 'sources:write')).toBe(true);
    expect(can('comms', 'sources:write')).toBe(false);
    expect(can('viewer', 'mentions:read')).toBe(true);
    expect(can('viewer', 'mentions:write')).toBe(false);
  });
});

describe('metrics', () => {
  it('renders counters and histograms in the Prometheus text format, escaping labels', () => {
    const m = new Metrics([0.1, 1]);
    m.inc('jobs_total', 'Jobs', { job: 'poll', status: 'ok' });
    m.inc('jobs_total', 'Jobs', { status: 'ok', job: 'poll' }, 2);
    m.observe('dur_seconds', 'Duration', { route: '/a"b' }, 0.5);
    expect(m.render()).toBe(
      [
        '# HELP jobs_total Jobs',
        '# TYPE jobs_total counter',
        'jobs_total{job="poll",status="ok"} 3',
        '# HELP dur_seconds Duration',
        '# TYPE dur_seconds histogram',
        'dur_seconds_bucket{route="/a\\"b",le="0.1"} 0',
        'dur_seconds_bucket{route="/a\\"b",le="1"} 1',
        'dur_seconds_bucket{route="/a\\"b",le="+Inf"} 1',
        'dur_seconds_sum{route="/a\\"b"} 0.5',
        'dur_seconds_count{route="/a\\"b"} 1',
        '',
      ].join('\n'),
    );
  });
});
