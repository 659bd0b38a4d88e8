import { installTemporalRuntime } from '../temporal/runtime';
import { startApi, startDatabase, startWorkerComponent } from './components';
import { showGeneratedToken } from './admin-token';
import { runMain } from './run-main';
import { temporalTarget } from './temporal-target';

/** Everything on one machine: Temporal (dev server unless configured), worker and API. */
runMain(async (config, logger, shutdown) => {
  installTemporalRuntime(logger, config.sdkMetricsAddress);
  const temporal = await temporalTarget(config, logger, shutdown);
  const db = await startDatabase(config, logger, shutdown);
  await startWorkerComponent(config, temporal.address, db, logger, shutdown);
  const api = await startApi(config, temporal.address, db, logger, shutdown);
  if (api.adminTokenGenerated) showGeneratedToken(api.adminToken, config.dataDir);
  logger.info(
    {
      api: api.url,
      temporalUi: temporal.uiUrl ?? '(the cluster UI)',
      temporal: temporal.address,
      namespace: config.temporal.namespace,
      adminTokenFile: config.adminToken === undefined ? `${config.dataDir}/admin-token` : undefined,
    },
    'hookline is running',
  );
});
