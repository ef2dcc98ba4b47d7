import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSource, getSource } from '../../db/queries/sources.ts';
import { parseConfig } from '../../src/core/config.ts';
import { pollSource } from '../../src/sources/poll-source.ts';
import { addressPolicy, BlockedAddressError, guardedFetch } from '../../src/runtime/guarded-fetch.ts';
import { startNode } from '../../src/runtime/node.ts';
import { rss, serveBody, startFeedServer } from '../helpers/feed-server.ts';
import { makeTestDeps } from '../helpers/test-deps.ts';

describe('addressPolicy', () => {
  const policy = addressPolicy(['10.1.0.0/16', '192.168.7.7', 'fd00::/8', 'feeds.internal']);

  it.each([
    ['127.0.0.1', false],
    ['10.0.0.1', false],
    ['10.1.2.3', true],
    ['172.16.0.1', false],
    ['192.168.1.1', false],
    ['192.168.7.7', true],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['::1', false],
    ['fe80::1', false],
    ['fc00::1', false],
    ['fd12::1', true],
    ['::ffff:127.0.0.1', false],
    ['::ffff:10.1.0.9', true],
    ['93.184.216.34', true],
    ['2606:4700::1111', true],
    ['8.8.8.8', true],
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

describe('IPv6 forms that carry an IPv4 address, and prefixes that are never public (issue 14, item 8)', () => {
  const policy = addressPolicy(['10.1.0.0/16']);

  it.each([
    // NAT64, well-known and local-use: the embedded IPv4 decides (and an allowed private one is the gateway's, not ours).
    ['64:ff9b::7f00:1', false],
    ['64:ff9b::a9fe:a9fe', false],
    ['64:ff9b::a01:9', false],
    ['64:ff9b::808:808', true],
    ['64:ff9b:1::808:808', false],
    // IPv4-compatible (deprecated) and IPv4-translated (SIIT): never a public destination.
    ['::7f00:1', false],
    ['::127.0.0.1', false],
    ['::808:808', false],
    ['::ffff:0:7f00:1', false],
    ['::ffff:0:808:808', false],
    // IPv4-mapped in hex, as URLs write it.
    ['::ffff:7f00:1', false],
    ['::ffff:a01:9', true],
    ['::ffff:808:808', true],
    // 6to4 carries the IPv4 address in bits 16-47.
    ['2002:7f00:1::1', false],
    ['2002:a9fe:a9fe::1', false],
    ['2002:808:808::1', true],
    // Teredo: server in bits 32-63, the client inverted in the last 32 bits (here 127.0.0.1, then 8.8.8.8).
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', false],
    ['2001:0:4136:e378:8000:63bf:f7f7:f7f7', true],
    ['2001:0:a00:1:8000:63bf:f7f7:f7f7', false],
    // Site-local (deprecated): private.
    ['fec0::1', false],
    ['feff::1', false],
    // Ordinary public IPv6 stays reachable.
    ['2001:4860:4860::8888', true],
    ['2a00:1450:4001::1', true],
  ])('%s may be reached: %s', (address, allowed) => {
    expect(policy.addressAllowed(address)).toBe(allowed);
  });

  it('refuses http://[::127.0.0.1]/ before any request, as a private address', async () => {
    const server = await startFeedServer({ '/': serveBody('x') });
    try {
      const port = new URL(server.base).port;
      for (const host of ['[::127.0.0.1]', '[64:ff9b::127.0.0.1]', '[::ffff:0:127.0.0.1]', '[2002:7f00:1::1]', '[fec0::1]']) {
        const err = await guardedFetch(['127.0.0.1'])(`http://${host}:${port}/`).catch((e) => e);
        expect(err.cause, host).toBeInstanceOf(BlockedAddressError);
      }
      expect(server.hits).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});

describe('allow entries with a port (issue 14, item 7)', () => {
  it('an entry with a port allows that port only', () => {
    const policy = addressPolicy(['127.0.0.1:8080', '[fd00::1]:443', '10.2.0.0/16:9000', 'feeds.internal:8443']);
    expect(policy.addressAllowed('127.0.0.1', 8080)).toBe(true);
    expect(policy.addressAllowed('127.0.0.1', 8081)).toBe(false);
    expect(policy.addressAllowed('127.0.0.1')).toBe(false);
    expect(policy.addressAllowed('fd00::1', 443)).toBe(true);
    expect(policy.addressAllowed('fd00::1', 80)).toBe(false);
    expect(policy.addressAllowed('10.2.3.4', 9000)).toBe(true);
    expect(policy.addressAllowed('10.2.3.4', 22)).toBe(false);
    expect(policy.hostAllowed('Feeds.Internal', 8443)).toBe(true);
    expect(policy.hostAllowed('feeds.internal', 443)).toBe(false);
    // Public addresses need no entry, whatever the port.
    expect(policy.addressAllowed('8.8.8.8', 22)).toBe(true);
  });

  it('EARSHOT_FETCH_ALLOW and EARSHOT_CHANNEL_ALLOW take ports and refuse bad ones', () => {
    const ok = parseConfig({ EARSHOT_FETCH_ALLOW: '127.0.0.1:8080, [fd00::1]:443, feeds.internal:8443, 10.0.0.0/8', EARSHOT_CHANNEL_ALLOW: 'hooks.internal:9443' });
    expect(ok.ok && ok.config.fetch.allow).toEqual(['127.0.0.1:8080', '[fd00::1]:443', 'feeds.internal:8443', '10.0.0.0/8']);
    expect(ok.ok && ok.config.channelAllow).toEqual(['hooks.internal:9443']);
    for (const bad of ['127.0.0.1:99999', '127.0.0.1:', 'feeds.internal:http', '[fd00::1]x']) {
      const r = parseConfig({ EARSHOT_CHANNEL_ALLOW: bad });
      expect(r.ok, bad).toBe(false);
      expect(!r.ok && r.errors.join(), bad).toMatch(/^EARSHOT_CHANNEL_ALLOW\.0: must be a host name, an IP address or a CIDR range, optionally with a port/);
    }
  });

  it('against real servers: the named port is reached, another port of the same host is refused', async () => {
    const allowed = await startFeedServer({ '/feed.xml': serveBody(rss([])) });
    const other = await startFeedServer({ '/admin': serveBody('secret admin page', 'text/plain') });
    try {
      const port = new URL(allowed.base).port;
      expect((await guardedFetch([`127.0.0.1:${port}`])(allowed.url('/feed.xml'))).status).toBe(200);
      expect((await guardedFetch([`localhost:${port}`])(allowed.url('/feed.xml').replace('127.0.0.1', 'localhost'))).status).toBe(200);
      const byIp = await guardedFetch([`127.0.0.1:${port}`])(other.url('/admin')).catch((e) => e);
      expect(byIp.cause).toBeInstanceOf(BlockedAddressError);
      const byName = await guardedFetch([`localhost:${port}`])(other.url('/admin').replace('127.0.0.1', 'localhost')).catch((e) => e);
      expect(String(byName.cause?.message ?? byName.cause)).toMatch(/private or local address/);
      expect(other.hits).toHaveLength(0);
    } finally {
      await allowed.close();
      await other.close();
    }
  });
});

describe('the demo widens the guard to its own feeds only (issue 14, item 7)', () => {
  let earshot: Awaited<ReturnType<typeof startNode>>;
  let other: Awaited<ReturnType<typeof startFeedServer>>;
  beforeAll(async () => {
    other = await startFeedServer({ '/admin': serveBody('secret admin page', 'text/plain') });
    const parsed = parseConfig({ EARSHOT_DEMO: '1', PORT: '0', DATABASE_URL: ':memory:', LOG_LEVEL: 'silent' });
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    earshot = await startNode(parsed.config);
  }, 60_000);
  afterAll(async () => {
    await earshot?.close();
    await other?.close();
  });

  it('reaches /demo/feeds/ on its own port, and nothing else of that host', async () => {
    const feed = await earshot.deps.fetch(`${earshot.url}/demo/feeds/forum`, { redirect: 'manual' });
    expect(feed.status).toBe(200);
    await feed.body?.cancel();
    for (const url of [`${earshot.url}/api/health`, `${earshot.url}/demo/feeds/../../api/health`, `${earshot.url}/demo/feedsx`, other.url('/admin')]) {
      const err = await earshot.deps.fetch(url, { redirect: 'manual' }).catch((e) => e);
      expect(err.cause, url).toBeInstanceOf(BlockedAddressError);
    }
    expect(other.hits).toHaveLength(0);
  });
});
