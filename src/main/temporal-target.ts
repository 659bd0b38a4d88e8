import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { resolveTemporalCli } from '../temporal/cli-path';
import { connectionOptions } from '../temporal/connection';
import { startDevServer } from '../temporal/dev-server';
import { registerSearchAttributes } from '../temporal/register';
import type { Shutdown } from './run-main';

/**
 * Registers hookline's search attributes on a cluster where they are missing. Its client
 * carries no payloads, so it needs no codec.
 */
export async function prepareCluster(config: Config, address: string, logger: Logger) {
  const connection = await Connection.connect(await connectionOptions(config.temporal, address));
  try {
    await registerSearchAttributes(connection, config.temporal.namespace, logger);
  } finally {
    await connection.close();
  }
}

/**
 * The Temporal address to use: the configured cluster (whose search attributes are then
 * registered if missing), or an embedded dev server with its UI and a SQLite file in the data
 * folder, so a restart keeps every workflow.
 */
export async function temporalTarget(
  config: Config,
  logger: Logger,
  shutdown: Shutdown,
  /** The codec endpoint for the dev server's UI, token included; see routes/codec.ts. */
  uiCodecEndpoint?: string,
): Promise<{ address: string; uiUrl: string | undefined }> {
  if (config.temporal.address !== undefined) {
    await prepareCluster(config, config.temporal.address, logger);
    return { address: config.temporal.address, uiUrl: undefined };
  }
  const cli = await resolveTemporalCli(config.temporal.cliPath, logger);
  const server = await startDevServer({
    cli,
    port: config.temporal.devServerPort,
    uiPort: config.temporal.uiPort,
    dbFile: path.resolve(config.dataDir, 'temporal.db'),
    namespace: config.temporal.namespace,
    uiCodecEndpoint,
    logger: logger.child({ component: 'temporal-dev-server' }),
  });
  shutdown.add('temporal dev server', () => server.stop());
  return { address: server.address, uiUrl: server.uiUrl };
}
