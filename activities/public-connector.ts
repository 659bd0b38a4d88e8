import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import { isAllowedHost } from '../src/webhooks/allowed-hosts';
import {
  HostRefusedError,
  type LookupAll,
  resolvePublicAddresses,
} from '../src/webhooks/public-host';

function wantedFamily(family: LookupOptions['family']): number {
  if (family === 'IPv4') return 4;
  if (family === 'IPv6') return 6;
  return family ?? 0;
}

/** A socket `lookup` that answers what `resolve` resolves, in the shape the socket asks for. */
function socketLookup(resolve: LookupAll): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (resolved) => {
        const family = wantedFamily(options.family);
        const answers: LookupAddress[] = resolved.filter(
          (answer) => family === 0 || answer.family === family,
        );
        const first = answers[0];
        if (first === undefined) {
          callback(new HostRefusedError(hostname, 'does not resolve'), '');
        } else if (options.all === true) {
          callback(null, answers);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: Error) => callback(error, ''),
    );
  };
}

/**
 * An undici connector that connects only to public addresses, except to allow-listed hosts.
 * A host name is checked by the socket's own lookup, an IP literal (which sockets do not look
 * up) before connecting. A refused connection fails with HostRefusedError, like any network
 * error, so the delivery attempt fails and is retried on its schedule.
 */
export function publicOnlyConnector(
  allowedHosts: readonly string[],
  lookupAll: LookupAll,
): buildConnector.connector {
  // The socket connects to the very addresses its lookup answered, so checking them there
  // covers a host whose answers changed since the subscription was made (DNS rebinding).
  const checked = buildConnector({
    lookup: socketLookup((hostname) => resolvePublicAddresses(hostname, lookupAll)),
  });
  const exempt = buildConnector({ lookup: socketLookup(lookupAll) });
  return (options, callback) => {
    if (isAllowedHost(allowedHosts, options.hostname, options.port)) {
      exempt(options, callback);
      return;
    }
    if (isIP(options.hostname) === 0) {
      checked(options, callback);
      return;
    }
    resolvePublicAddresses(options.hostname, lookupAll).then(
      () => checked(options, callback),
      (error: Error) => callback(error, null),
    );
  };
}
