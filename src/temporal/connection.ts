import { readFile } from 'node:fs/promises';
import type { TLSConfig } from '@temporalio/client';
import type { TemporalConfig } from '../config';

/**
 * Connection options for the configured cluster: address, then TLS (mTLS files or plain TLS)
 * and an API key from the standard `TEMPORAL_*` variables.
 */
export async function connectionOptions(
  config: TemporalConfig,
  address: string,
): Promise<{ address: string; tls?: TLSConfig; apiKey?: string }> {
  const options: { address: string; tls?: TLSConfig; apiKey?: string } = { address };
  if (config.tls !== undefined) {
    const { clientCertPath, clientKeyPath, serverCaCertPath, serverName } = config.tls;
    options.tls = {
      serverNameOverride: serverName,
      serverRootCACertificate:
        serverCaCertPath === undefined ? undefined : await readFile(serverCaCertPath),
      clientCertPair:
        clientCertPath === undefined || clientKeyPath === undefined
          ? undefined
          : { crt: await readFile(clientCertPath), key: await readFile(clientKeyPath) },
    };
  }
  if (config.apiKey !== undefined) options.apiKey = config.apiKey;
  return options;
}
