// Outbound fetch for sources on Node. Source URLs come from users and from feeds (redirects), so a request
// to a private, loopback or link-local address is refused unless EARSHOT_FETCH_ALLOW names it. The check
// runs where the socket connects (undici's `connect.lookup`), so DNS rebinding cannot slip past it; a URL with
// a literal IP is checked before the request. (On Workers the platform refuses private addresses itself.)
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';

/** Special-purpose ranges (RFC 6890 and friends): nothing a public source lives on. */
const PRIVATE_V4 = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24',
  '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/3',
];
const PRIVATE_V6 = ['::/127', '64:ff9b:1::/48', '100::/64', '2001:db8::/32', 'fc00::/7', 'fe80::/10', 'ff00::/8'];

const PRIVATE = new BlockList();
for (const r of PRIVATE_V4) addRange(PRIVATE, r);
for (const r of PRIVATE_V6) addRange(PRIVATE, r);

function addRange(list: BlockList, cidr: string): void {
  const [net, bits] = cidr.split('/');
  const type = isIP(net) === 6 ? 'ipv6' : 'ipv4';
  if (bits === undefined) list.addAddress(net, type);
  else list.addSubnet(net, Number(bits), type);
}

export class BlockedAddressError extends Error {
  readonly code = 'EARSHOT_BLOCKED_ADDRESS';
  constructor(host: string, address: string) {
    super(`${host} is a private or local address (${address}); add it to EARSHOT_FETCH_ALLOW to poll it`);
    this.name = 'BlockedAddressError';
  }
}

/** Decides whether an address may be reached: public, or private but named in the allow list. */
export function addressPolicy(allow: readonly string[]) {
  const hosts = new Set<string>();
  const allowed = new BlockList();
  for (const entry of allow) {
    if (isIP(entry.split('/')[0])) addRange(allowed, entry);
    else hosts.add(entry.toLowerCase());
  }
  return {
    /** Hosts named in the allow list may resolve anywhere. */
    hostAllowed: (host: string) => hosts.has(host.toLowerCase()),
    addressAllowed(address: string): boolean {
      // "::ffff:10.0.0.1" is an IPv4 address in IPv6 clothing.
      const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
      const ip = mapped ?? address;
      const type = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
      return !PRIVATE.check(ip, type) || allowed.check(ip, type);
    },
  };
}

/** A fetch that refuses private destinations not in `allow`. */
export function guardedFetch(allow: readonly string[]): typeof fetch {
  const policy = addressPolicy(allow);
  const lookup = (hostname: string, options: LookupOptions, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err);
      const blocked = policy.hostAllowed(hostname) ? undefined : addresses.find((a) => !policy.addressAllowed(a.address));
      if (blocked) return callback(new BlockedAddressError(hostname, blocked.address));
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
  const dispatcher = new Agent({ connect: { lookup: lookup as never } });

  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !policy.addressAllowed(host)) {
      throw new TypeError('fetch failed', { cause: new BlockedAddressError(host, host) });
    }
    return undiciFetch(url, { ...(init as object), dispatcher }) as unknown as Response;
  }) as typeof fetch;
}
