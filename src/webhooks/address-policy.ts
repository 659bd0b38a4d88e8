import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Why an address is not public; `invalid` is text that is not an IP address at all. */
export type NonPublicRange =
  | 'invalid'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'carrier-grade-nat'
  | 'link-local'
  | 'unique-local'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'documentation'
  | 'benchmarking';

type Ranged<T> = [range: [T, number], name: NonPublicRange];

function v4(cidr: string, name: NonPublicRange): Ranged<ipaddr.IPv4> {
  return [ipaddr.IPv4.parseCIDR(cidr), name];
}

function v6(cidr: string, name: NonPublicRange): Ranged<ipaddr.IPv6> {
  return [ipaddr.IPv6.parseCIDR(cidr), name];
}

// From the IANA special-purpose address registries (RFC 6890 and its updates). The first match
// names the range, so narrower ranges come before the wider ones that contain them.
const REFUSED_IPV4: Ranged<ipaddr.IPv4>[] = [
  v4('0.0.0.0/8', 'unspecified'),
  v4('10.0.0.0/8', 'private'),
  // Also Alibaba Cloud's metadata service, 100.100.100.200.
  v4('100.64.0.0/10', 'carrier-grade-nat'),
  v4('127.0.0.0/8', 'loopback'),
  // Also the metadata service of AWS, GCP and Azure, 169.254.169.254.
  v4('169.254.0.0/16', 'link-local'),
  v4('172.16.0.0/12', 'private'),
  // IETF protocol assignments; also Oracle Cloud's metadata service, 192.0.0.192.
  v4('192.0.0.0/24', 'reserved'),
  v4('192.0.2.0/24', 'documentation'),
  // The former 6to4 relay anycast (RFC 7526).
  v4('192.88.99.0/24', 'reserved'),
  v4('192.168.0.0/16', 'private'),
  v4('198.18.0.0/15', 'benchmarking'),
  v4('198.51.100.0/24', 'documentation'),
  v4('203.0.113.0/24', 'documentation'),
  v4('224.0.0.0/4', 'multicast'),
  v4('255.255.255.255/32', 'broadcast'),
  v4('240.0.0.0/4', 'reserved'),
];

const REFUSED_IPV6: Ranged<ipaddr.IPv6>[] = [
  v6('::/128', 'unspecified'),
  v6('::1/128', 'loopback'),
  // Local-use NAT64 (RFC 8215) translates into a private network.
  v6('64:ff9b:1::/48', 'private'),
  // Benchmarking lies inside the IETF protocol assignments, which also hold Teredo (2001::/32).
  v6('2001:2::/48', 'benchmarking'),
  v6('2001::/23', 'reserved'),
  v6('2001:db8::/32', 'documentation'),
  v6('3fff::/20', 'documentation'),
  // 6to4 (deprecated by RFC 7526) tunnels to whatever IPv4 address it embeds.
  v6('2002::/16', 'reserved'),
  // Also AWS's IPv6 metadata service, fd00:ec2::254.
  v6('fc00::/7', 'unique-local'),
  v6('fe80::/10', 'link-local'),
  v6('ff00::/8', 'multicast'),
];

/** IPv6 addresses that stand for an IPv4 address, which is judged instead. */
const IPV4_CARRIERS = [
  ipaddr.IPv6.parseCIDR('::ffff:0:0/96'), // IPv4-mapped: the socket connects to the IPv4 address
  ipaddr.IPv6.parseCIDR('64:ff9b::/96'), // well-known NAT64 prefix (RFC 6052)
];

/** Only global unicast (2000::/3) is assigned to public hosts; all else is reserved. */
const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');

function ipv4Range(address: ipaddr.IPv4): NonPublicRange | undefined {
  return REFUSED_IPV4.find(([range]) => address.match(range))?.[1];
}

function ipv6Range(address: ipaddr.IPv6): NonPublicRange | undefined {
  // A zone id ties the address to one local interface, which only non-global scopes have.
  if (address.zoneId !== undefined) return 'link-local';
  if (IPV4_CARRIERS.some((carrier) => address.match(carrier))) {
    const embedded = address.toByteArray().slice(12);
    return ipv4Range(new ipaddr.IPv4(embedded));
  }
  const refused = REFUSED_IPV6.find(([range]) => address.match(range))?.[1];
  if (refused !== undefined) return refused;
  return address.match(GLOBAL_UNICAST) ? undefined : 'reserved';
}

/**
 * ipaddr.js 1.9 reads a trailing dotted IPv4 part only after `::ffff:` or eight groups, while
 * Node accepts it after any prefix (`64:ff9b::10.0.0.5`); spelled as two hex groups, it reads.
 */
function withHexTail(address: string): string {
  const match = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)(%.*)?$/.exec(address);
  if (match === null) return address;
  const [, head, a, b, c, d, zone] = match;
  const group = (high?: string, low?: string) => ((Number(high) << 8) | Number(low)).toString(16);
  return `${head}${group(a, b)}:${group(c, d)}${zone ?? ''}`;
}

/**
 * The range that keeps an address from being public, or undefined when it is public: one a
 * webhook may be sent to. Only the strict notations are read (dotted decimal with four parts,
 * and IPv6 with an optional embedded IPv4 or zone id); anything else is `invalid`, so that
 * octal or shortened forms such as `0177.1` cannot slip through as something else.
 */
export function nonPublicRange(address: string): NonPublicRange | undefined {
  const kind = isIP(address);
  try {
    if (kind === 4) return ipv4Range(ipaddr.IPv4.parse(address));
    if (kind === 6) return ipv6Range(ipaddr.IPv6.parse(withHexTail(address)));
  } catch {
    // Node read it but ipaddr.js cannot: refuse what cannot be judged rather than throw.
  }
  return 'invalid';
}

/** Whether webhooks may be sent to this address; see {@link nonPublicRange}. */
export function isPublicAddress(address: string): boolean {
  return nonPublicRange(address) === undefined;
}
