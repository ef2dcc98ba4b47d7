import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSource, getSource } from '../../db/queries/sources.ts';
import { pollSource } from '../../src/core/ingest/poll-source.ts';
import { addressPolicy, BlockedAddressError, guardedFetch } from '../../src/runtime/guarded-fetch.ts';
import { rss, serveBody, startFeedServer } from '../helpers/feed-server.ts';
import { makeTestDeps } from '../helpers/test-deps.ts';

describe('addressPolicy', () => {
  const policy = addressPolicy(['10.1.0.0/16', '192.168.7.7', 'fd00::/8', 'feeds.internal']);

  it.each([
    ['127.0.0.1', false], ['10.0.0.1', false], ['10.1.2.3', true], ['172.16.0.1', false], ['192.168.1.1', false],
    ['192.168.7.7', true], ['169.254.169.254', false], ['100.64.0.1', false], ['0.0.0.0', false], ['224.0.0.1', false],
    ['::1', false], ['fe80::1', false], ['fc00::1', false], ['fd12::1', true], ['::ffff:127.0.0.1', false],
    ['::ffff:10.1.0.9', true], ['93.184.216.34', true], ['2606:4700::1111', true], ['8.8.8.8', true],
  ])('%s may be reached: %s', (address, allowed) => {
    expect(policy.addressAllowed(address)).toBe(allowed);
  });

  it('allows named hosts wherever they resolve', () => {
    expect(policy.hostAllowed('Feeds.Internal')).toBe(true);
    expect(policy.hostAllowed('localhost')).toBe(false);
  });
});

describe('guardedFetch against a real server on loopback', () => {
  let server: Awaited<ReturnType<typeof startFeedServer>>;
  beforeAll(async () => {
    server = await startFeedServer({ '/feed.xml': serveBody(rss([{ guid: 'a', title: 'Hello', description: 'World' }])) });
  });
  afterAll(() => server.close());

  it('refuses a literal loopback address that is not allowed, before any request', async () => {
    const err = await guardedFetch([])(server.url('/feed.xml')).catch((e) => e);
    expect(err.cause).toBeInstanceOf(BlockedAddressError);
    expect(server.hits).toHaveLength(0);
  });

  it('refuses a host name that resolves to loopback (checked where the socket connects)', async () => {
    const err = await guardedFetch([])(server.url('/feed.xml').replace('127.0.0.1', 'localhost')).catch((e) => e);
    expect(String(err.cause?.message ?? err.cause)).toMatch(/private or local address/);
    expect(server.hits).toHaveLength(0);
  });

  it('reaches an allowed address, by IP or by host name', async () => {
    expect((await guardedFetch(['127.0.0.1'])(server.url('/feed.xml'))).status).toBe(200);
    expect((await guardedFetch(['localhost'])(server.url('/feed.xml').replace('127.0.0.1', 'localhost'))).status).toBe(200);
  });

  it('a refused source is reported in plain words and not retried soon', async () => {
    const { deps } = await makeTestDeps({ EARSHOT_FETCH_ALLOW: '' });
    const source = await insertSource(deps.db, { name: 'Internal', kind: 'rss', url: server.url('/feed.xml') });
    const outcome = await pollSource(deps, source);
    expect(outcome).toMatchObject({ outcome: 'failed', code: 'BLOCKED_ADDRESS' });
    const after = (await getSource(deps.db, source.id))!;
    expect(after.lastError).toMatch(/private or local network address; add it to EARSHOT_FETCH_ALLOW/);
    expect(after.errorCount).toBe(1);
  });
});
