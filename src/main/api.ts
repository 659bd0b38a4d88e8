import { ConfigError } from '../config';
import { startApi, startDatabase } from './components';
import { showGeneratedToken } from './admin-token';
import { resolveEncryption } from './encryption';
import { runMain } from './run-main';
import { prepareCluster } from './temporal-target';

/** The HTTP server alone, for the scaled-out shape: it needs TEMPORAL_ADDRESS. */
runMain(async (config, logger, shutdown) => {
  if (config.temporal.address === undefined) {
    throw new ConfigError([
      { variable: 'TEMPORAL_ADDRESS', message: 'is required for an API alone' },
    ]);
  }
  const encryption = await resolveEncryption(config, logger, { mayGenerate: false });
  const db = await startDatabase(config, logger, shutdown, encryption);
  await prepareCluster(config, config.temporal.address, logger);
  const api = await startApi(config, config.temporal.address, db, logger, shutdown, encryption);
  if (api.adminTokenGenerated) showGeneratedToken(api.adminToken, config.dataDir);
  logger.info({ api: api.url }, 'hookline API is running');
});
