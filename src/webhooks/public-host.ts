import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPublicAddress } from './address-policy';

export interface ResolvedAddress {
  address: string;
  /** 4 or 6. */
  family: number;
}

/** Every A and AAAA answer for a host name; rejects with the resolver's error code. */
export type LookupAll = (hostname: string) => Promise<ResolvedAddress[]>;

/** The operating system's resolver, as sockets use it (node:dns `lookup`, `all: true`). */
export const systemLookupAll: LookupAll = (hostname) => lookup(hostname, { all: true });

/** The resolver's codes for a name that has no address, as opposed to a failure to ask. */
const NO_SUCH_HOST = new Set(['ENOTFOUND', 'ENODATA']);

/**
 * A host that webhooks must not be sent to. `reason` reads on its own after a field name
 * ("resolves to a non-public address (10.0.0.5)"); the message puts the host before it.
 */
export class HostRefusedError extends Error {
  constructor(
    readonly host: string,
    readonly reason: string,
    /** The first answer that is not public; undefined when the host does not resolve. */
    readonly address?: string,
  ) {
    super(`${host} ${reason}`);
    this.name = 'HostRefusedError';
  }
}

function refuseNonPublic(host: string, addresses: ResolvedAddress[]): ResolvedAddress[] {
  const bad = addresses.find((answer) => !isPublicAddress(answer.address));
  if (bad !== undefined) {
    throw new HostRefusedError(
      host,
      `resolves to a non-public address (${bad.address})`,
      bad.address,
    );
  }
  return addresses;
}

/**
 * Resolves a host to all its addresses and promises that every one is public. A single
 * non-public answer refuses the host: a connection may use any answer, and a rebinding server
 * serves its answers in turn. An IP literal (with or without brackets) is judged as it is.
 * @throws HostRefusedError when an answer is not public, or the name has no address.
 * @throws the lookup's own error when the resolver could not answer (e.g. `EAI_AGAIN`), which
 *   says nothing about the host and is worth trying again.
 */
export async function resolvePublicAddresses(
  host: string,
  lookupAll: LookupAll,
): Promise<ResolvedAddress[]> {
  const name = host.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(name);
  if (family !== 0) return refuseNonPublic(name, [{ address: name, family }]);
  let addresses: ResolvedAddress[];
  try {
    addresses = await lookupAll(name);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && NO_SUCH_HOST.has(code)) {
      throw new HostRefusedError(name, 'does not resolve');
    }
    throw error;
  }
  if (addresses.length === 0) throw new HostRefusedError(name, 'does not resolve');
  return refuseNonPublic(name, addresses);
}
