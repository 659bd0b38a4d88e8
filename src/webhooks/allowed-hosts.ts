import { isIPv6 } from 'node:net';

function bare(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

/**
 * Whether a target's host is on `HOOKLINE_ALLOWED_HOSTS`, which exempts it from the rule that
 * webhooks go over https to public addresses only. An entry names a host (`hooks.internal`,
 * `127.0.0.1`, `::1` or `[::1]`), or a host and port (`127.0.0.1:4000`, `[::1]:4000`) to exempt
 * that port alone. Hosts compare without case and without a final dot.
 * @param hostname as in a URL, with or without the brackets of an IPv6 address
 * @param port the explicit port, '' when there is none
 */
export function isAllowedHost(
  allowedHosts: readonly string[],
  hostname: string,
  port: string,
): boolean {
  const host = bare(hostname);
  const inUrl = isIPv6(host) ? `[${host}]` : host;
  const candidates = new Set([host, inUrl, ...(port === '' ? [] : [`${inUrl}:${port}`])]);
  return allowedHosts.some((entry) => candidates.has(entry.toLowerCase().replace(/\.$/, '')));
}
