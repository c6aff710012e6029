import { isIP } from 'node:net';

// Which hosts and addresses the server may open on a reader's or an editor's behalf (the link check)
// and which URLs a public catalog may link to. Only public unicast addresses: never loopback,
// private, link-local (cloud metadata at 169.254.169.254), shared (CGNAT), multicast, reserved or
// documentation ranges, in IPv4 or IPv6 (IPv4-mapped and -embedded forms included). Private hosts
// are opened only when configured by name (SOURCE_FETCH_ALLOW_HOSTS), for tests and intranets.

/** IPv4 ranges that are not public unicast (IANA special-purpose registry), as [first octets, prefix, name]. */
const ipv4Blocks: [string, number, string][] = [
  ['0.0.0.0', 8, 'this network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

function ipv4Number(address: string): number {
  return address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

const ipv4Ranges = ipv4Blocks.map(([base, prefix, name]) => {
  const size = 2 ** (32 - prefix);
  const start = ipv4Number(base);
  return { start, end: start + size - 1, name };
});

function ipv4Problem(value: number): string | null {
  for (const range of ipv4Ranges) if (value >= range.start && value <= range.end) return range.name;
  return null;
}

/** The eight 16-bit groups of an IPv6 address (without zone), or null when it is not one. */
export function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase();
  if (isIP(text) !== 6) return null;
  // An embedded dotted IPv4 tail (::ffff:127.0.0.1) becomes two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4Number(dotted[1]!);
    text = `${text.slice(0, -dotted[1]!.length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  if (tail === null ? missing !== 0 : missing < 1) return null;
  const groups = [...headGroups, ...Array(tail === null ? 0 : missing).fill('0'), ...tailGroups].map((group) => parseInt(group, 16));
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : null;
}

function ipv6Problem(groups: number[]): string | null {
  const [g0, g1] = groups as [number, number];
  const embeddedV4 = (high: number, low: number) => high * 65536 + low;
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const inner = ipv4Problem(embeddedV4(groups[6]!, groups[7]!));
    return inner ? `IPv4-mapped ${inner}` : null;
  }
  if (groups.slice(0, 7).every((group) => group === 0)) return groups[7] === 1 ? 'loopback' : 'unspecified';
  if (g0 === 0x64 && g1 === 0xff9b && groups.slice(2, 6).every((group) => group === 0)) {
    const inner = ipv4Problem(embeddedV4(groups[6]!, groups[7]!));
    return inner ? `NAT64 of ${inner}` : null;
  }
  if (g0 === 0x2002) {
    const inner = ipv4Problem(embeddedV4(g1, groups[2]!));
    return inner ? `6to4 of ${inner}` : null;
  }
  if ((g0 & 0xfe00) === 0xfc00) return 'unique local (private)';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xffc0) === 0xfec0) return 'site-local';
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  // Global unicast is 2000::/3; the rest is reserved (IPv4-compatible ::/96, discard 100::/64, NAT64 local 64:ff9b:1::/48 …).
  if ((g0 & 0xe000) !== 0x2000) return 'reserved';
  if (g0 === 0x2001 && g1 < 0x200) return 'IETF protocol assignments (Teredo, ORCHID …)';
  if (g0 === 0x2001 && g1 === 0xdb8) return 'documentation';
  if (g0 === 0x3fff && g1 < 0x1000) return 'documentation';
  return null;
}

/** Why this IP address is not a public unicast address, or null when it is one (IPv4 or IPv6, zone ids allowed). */
export function nonPublicAddress(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '');
  if (bare.includes('%')) return 'link-local (zoned)';
  const family = isIP(bare);
  if (family === 4) return ipv4Problem(ipv4Number(bare));
  if (family === 6) {
    const groups = ipv6Groups(bare);
    return groups ? ipv6Problem(groups) : 'not an address';
  }
  return 'not an address';
}

/** A URL's host as a name or address: lower case, without IPv6 brackets or a trailing dot. */
export function bareHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.+$/, '');
}

// Names that never mean a public host: localhost and special-use or internal suffixes.
const internalSuffixes = ['localhost', 'local', 'internal', 'intranet', 'lan', 'home.arpa', 'corp', 'localdomain'];

/** Why a host name (not an address) cannot be a public site, or null. Names are resolved when fetched. */
export function nonPublicName(name: string): string | null {
  if (!name) return 'no host';
  if (internalSuffixes.some((suffix) => name === suffix || name.endsWith(`.${suffix}`))) return 'a local name';
  if (!name.includes('.')) return 'a name without a domain (resolved on the local network)';
  return null;
}

/** One allowed host, with an optional port: "127.0.0.1:4010", "intranet.example", "[::1]:8080". */
export interface AllowedHost {
  host: string;
  port: string | null;
}

/** SOURCE_FETCH_ALLOW_HOSTS: comma-separated host[:port] entries (IPv6 in brackets). */
export function parseAllowHosts(value: string | undefined): AllowedHost[] {
  if (!value) return [];
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(entry);
      if (!match) throw new Error(`SOURCE_FETCH_ALLOW_HOSTS: "${entry}" is not host or host:port`);
      return { host: bareHost(match[1]!), port: match[2] ?? null };
    });
}

/** The allow list from the environment, read when used (so tests and the CLI can set it). */
export function configuredAllowHosts(): AllowedHost[] {
  return parseAllowHosts(process.env.SOURCE_FETCH_ALLOW_HOSTS);
}

const defaultPort = (url: URL) => url.port || (url.protocol === 'https:' ? '443' : '80');

export function isAllowedHost(url: URL, allowHosts: AllowedHost[]): boolean {
  const host = bareHost(url.hostname);
  // Compare addresses in one spelling (the URL parser already normalises 0x7f000001 and friends).
  return allowHosts.some((allowed) => allowed.host === host && (allowed.port === null || allowed.port === defaultPort(url)));
}

/**
 * Why a URL must not be linked or fetched, judged from the URL alone (before any DNS), or null:
 * not http(s), credentials in it, a host that is a non-public address or a local name. Hosts in
 * `allowHosts` pass the address and name rules (not the scheme and credential rules).
 */
export function urlProblem(url: URL, allowHosts: AllowedHost[] = configuredAllowHosts()): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http and https are opened';
  if (url.username || url.password) return 'a user name or password in the URL';
  if (isAllowedHost(url, allowHosts)) return null;
  const host = bareHost(url.hostname);
  if (isIP(host) || host.includes('%')) {
    const problem = nonPublicAddress(host);
    return problem ? `a ${problem} address` : null;
  }
  // A name that only looks like a number the URL parser did not normalise (e.g. 0x7f000001.) is refused too.
  if (/^[0-9.]+$|^0x[0-9a-f]+$/i.test(host)) return 'an address in an unusual form';
  const problem = nonPublicName(host);
  return problem;
}
