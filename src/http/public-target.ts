import { UnavailableError, ValidationError } from '../errors';
import { isAllowedHost } from '../webhooks/allowed-hosts';
import { HostRefusedError, type LookupAll, resolvePublicAddresses } from '../webhooks/public-host';

/**
 * Promises that a subscription URL, already checked by its schema, leads to public addresses
 * only, unless its host is allow-listed. This is a check at the moment of asking: the worker
 * checks again at each connection, since the host's DNS answers can change later.
 * @throws ValidationError on `url` when the host resolves to a non-public address or does not
 *   resolve at all.
 * @throws UnavailableError when the resolver cannot answer now, so the caller may retry.
 */
export async function assertPublicTarget(
  url: string,
  allowedHosts: readonly string[],
  lookupAll: LookupAll,
): Promise<void> {
  const { hostname, port } = new URL(url);
  if (isAllowedHost(allowedHosts, hostname, port)) return;
  try {
    await resolvePublicAddresses(hostname, lookupAll);
  } catch (error) {
    if (error instanceof HostRefusedError) {
      throw new ValidationError([{ path: 'url', message: error.reason }]);
    }
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string') {
      throw new UnavailableError(`The host of the URL could not be looked up (${code}); retry.`);
    }
    throw error;
  }
}
