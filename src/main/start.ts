import { installTemporalRuntime } from '../temporal/runtime';
import { startApi, startDatabase, startWorkerComponent } from './components';
import { showGeneratedToken } from './admin-token';
import { resolveEncryption } from './encryption';
import { runMain } from './run-main';
import { temporalTarget } from './temporal-target';

/** Everything on one machine: Temporal (dev server unless configured), worker and API. */
runMain(async (config, logger, shutdown) => {
  installTemporalRuntime(logger, config.sdkMetricsAddress);
  const encryption = await resolveEncryption(config, logger, { mayGenerate: true });
  // The dev server's UI decrypts payloads through hookline's codec endpoint, token in its path.
  const uiCodecEndpoint = `${config.publicUrl}/codec/${encryption.codecToken!}`;
  const temporal = await temporalTarget(config, logger, shutdown, uiCodecEndpoint);
  const db = await startDatabase(config, logger, shutdown, encryption);
  await startWorkerComponent(config, temporal.address, db, logger, shutdown, encryption);
  const api = await startApi(config, temporal.address, db, logger, shutdown, encryption);
  if (api.adminTokenGenerated) showGeneratedToken(api.adminToken, config.dataDir);
  logger.info(
    {
      api: api.url,
      temporalUi: temporal.uiUrl ?? '(the cluster UI)',
      temporal: temporal.address,
      namespace: config.temporal.namespace,
      adminTokenFile: config.adminToken === undefined ? `${config.dataDir}/admin-token` : undefined,
      payloadEncryption: config.encryption.payloads ? 'on' : 'off',
    },
    'hookline is running',
  );
});
