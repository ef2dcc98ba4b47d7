// Outbound fetch on Node, for sources and for notification channels (each with its own allow-list). Their URLs
// come from users and from feeds (redirects), so a request to a private, loopback or link-local address is refused
// unless the allow-list names it (with its port, when the entry gives one). The check runs where each connection is
// made (undici's connector: literal IPs, and DNS answers through `lookup`), so redirects and DNS rebinding cannot
// slip past it. (On Workers the platform refuses private addresses itself.)
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import { parseAllowEntry } from '../core/config.ts';

/** Special-purpose ranges (RFC 6890 and friends): nothing a public source lives on. */
const PRIVATE_V4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/3',
];
/**
 * IPv6 ranges that are never a public destination: IPv4-compatible (::/96, with :: and ::1) and IPv4-translated
 * addresses, local-use NAT64, discard, documentation, unique-local, link-local, site-local and multicast. Forms that
 * carry a routable IPv4 address (mapped, NAT64, 6to4, Teredo) are judged by that address instead.
 */
const PRIVATE_V6 = ['::/96', '::ffff:0:0:0/96', '64:ff9b:1::/48', '100::/64', '2001:db8::/32', 'fc00::/7', 'fe80::/10', 'fec0::/10', 'ff00::/8'];

const PRIVATE = new BlockList();
for (const r of PRIVATE_V4) addRange(PRIVATE, r);
for (const r of PRIVATE_V6) addRange(PRIVATE, r);

function addRange(list: BlockList, cidr: string): void {
  const [net, bits] = cidr.split('/') as [string, string | undefined];
  const type = isIP(net) === 6 ? 'ipv6' : 'ipv4';
  if (bits === undefined) list.addAddress(net, type);
  else list.addSubnet(net, Number(bits), type);
}

/** An IPv6 address as its eight 16-bit groups ("::ffff:1.2.3.4" and zone ids included). */
function ipv6Groups(address: string): number[] {
  let s = address.split('%')[0]!;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    s = `${s.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = s.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const gap = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(gap).fill('0'), ...right].map((g) => parseInt(g, 16));
}

const ipv4Of = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

const zero = (g: number[], from: number, to: number) => g.slice(from, to).every((x) => x === 0);

/** An IPv4-mapped address (::ffff:a.b.c.d) is that IPv4 host itself. */
const mappedIPv4 = (g: number[]) => (zero(g, 0, 5) && g[5] === 0xffff ? ipv4Of(g[6]!, g[7]!) : undefined);

/** The IPv4 addresses that NAT64 (64:ff9b::/96), 6to4 (2002::/16) and Teredo (2001::/32: server, client) lead to. */
function tunnelledIPv4(g: number[]): string[] {
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(g, 2, 6)) return [ipv4Of(g[6]!, g[7]!)];
  if (g[0] === 0x2002) return [ipv4Of(g[1]!, g[2]!)];
  if (g[0] === 0x2001 && g[1] === 0) return [ipv4Of(g[2]!, g[3]!), ipv4Of(g[6]! ^ 0xffff, g[7]! ^ 0xffff)];
  return [];
}

export class BlockedAddressError extends Error {
  readonly code = 'EARSHOT_BLOCKED_ADDRESS';
  constructor(host: string, address: string, setting = 'EARSHOT_FETCH_ALLOW') {
    super(`${host} is a private or local address (${address}); add it to ${setting} to reach it`);
    this.name = 'BlockedAddressError';
  }
}

/**
 * Decides whether an address (or a host name, whatever it resolves to) may be reached on a port: public, or
 * private but named in the allow list, by an entry without a port or with this one.
 */
export function addressPolicy(allow: readonly string[]) {
  const byPort = new Map<number | undefined, { addresses: BlockList; hosts: Set<string> }>();
  for (const raw of allow) {
    const entry = parseAllowEntry(raw);
    if (!entry) throw new Error(`not an allow-list entry: ${raw}`); // the config has checked them already
    let rule = byPort.get(entry.port);
    if (!rule) byPort.set(entry.port, (rule = { addresses: new BlockList(), hosts: new Set() }));
    if (isIP(entry.target.split('/')[0]!)) addRange(rule.addresses, entry.target);
    else rule.hosts.add(entry.target.toLowerCase());
  }
  const rulesFor = (port: number | undefined) => [byPort.get(undefined), port === undefined ? undefined : byPort.get(port)].filter((r) => r !== undefined);
  const listed = (ip: string, port: number | undefined) => rulesFor(port).some((r) => r.addresses.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4'));
  const ipv4Allowed = (ip: string, port: number | undefined) => !PRIVATE.check(ip, 'ipv4') || listed(ip, port);
  return {
    /** Hosts named in the allow list may resolve anywhere. */
    hostAllowed: (host: string, port?: number) => rulesFor(port).some((r) => r.hosts.has(host.toLowerCase())),
    addressAllowed(address: string, port?: number): boolean {
      if (isIP(address) === 4) return ipv4Allowed(address, port);
      const groups = ipv6Groups(address);
      const mapped = mappedIPv4(groups);
      if (mapped) return ipv4Allowed(mapped, port);
      if (listed(address, port)) return true;
      // Through a gateway, a private IPv4 address is on the gateway's network: never public, never what an entry meant.
      const tunnelled = tunnelledIPv4(groups);
      if (tunnelled.length > 0) return tunnelled.every((ip) => !PRIVATE.check(ip, 'ipv4'));
      return !PRIVATE.check(address, 'ipv6');
    },
  };
}

type Policy = ReturnType<typeof addressPolicy>;

const portOf = (protocol: string, port: string) => Number(port) || (protocol === 'https:' ? 443 : 80);

/** An undici Agent whose every new connection is checked against `policy` for the port it goes to. */
function guardedAgent(policy: Policy, setting: string): Agent {
  const lookupFor = (port: number) => (hostname: string, options: LookupOptions, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err);
      const blocked = policy.hostAllowed(hostname, port) ? undefined : addresses.find((a) => !policy.addressAllowed(a.address, port));
      if (blocked) return callback(new BlockedAddressError(hostname, blocked.address, setting));
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  return new Agent({
    connect(options, callback) {
      const port = portOf(options.protocol, options.port);
      // A literal IP is never looked up, so it is judged here.
      const ip = options.hostname.replace(/^\[|\]$/g, '');
      if (isIP(ip) && !policy.addressAllowed(ip, port)) return callback(new BlockedAddressError(ip, ip, setting), null);
      return buildConnector({ lookup: lookupFor(port) as never })(options, callback);
    },
  });
}

export interface GuardOptions {
  /** The setting that names allowed private destinations, for the message when one is refused. */
  setting?: string;
  /** A URL prefix (the demo's own feeds) that may be reached even when private; no other path or port of its host. */
  scope?: string;
}

/** A fetch that refuses private destinations not in `allow`. */
export function guardedFetch(allow: readonly string[], options: GuardOptions = {}): typeof fetch {
  const setting = options.setting ?? 'EARSHOT_FETCH_ALLOW';
  const dispatcher = guardedAgent(addressPolicy(allow), setting);
  const scope = options.scope ? new URL(options.scope) : undefined;
  // The scope has an agent (so connections) of its own: a request outside it never rides on one opened for it.
  const scoped = scope && guardedAgent(addressPolicy([...allow, `${scope.hostname}:${portOf(scope.protocol, scope.port)}`]), setting);

  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (scoped && url.origin === scope.origin && url.pathname.startsWith(scope.pathname)) {
      // Not followed here: a redirect elsewhere on that host would otherwise ride on the scope's agent.
      return undiciFetch(url, { ...(init as object), dispatcher: scoped, redirect: 'manual' }) as unknown as Response;
    }
    return undiciFetch(url, { ...(init as object), dispatcher }) as unknown as Response;
  }) as typeof fetch;
}
