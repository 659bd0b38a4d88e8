import { ConfigError } from '../config';
import { installTemporalRuntime } from '../temporal/runtime';
import { startDatabase, startMetricsServer, startWorkerComponent } from './components';
import { resolveEncryption } from './encryption';
import { runMain } from './run-main';
import { prepareCluster } from './temporal-target';

/** A worker alone, for the scaled-out shape: it needs TEMPORAL_ADDRESS. */
runMain(async (config, logger, shutdown) => {
  if (config.temporal.address === undefined) {
    throw new ConfigError([
      { variable: 'TEMPORAL_ADDRESS', message: 'is required for a worker alone' },
    ]);
  }
  installTemporalRuntime(logger, config.sdkMetricsAddress);
  await prepareCluster(config, config.temporal.address, logger);
  const encryption = await resolveEncryption(config, logger, { mayGenerate: false });
  const db = await startDatabase(config, logger, shutdown, encryption);
  const worker = await startWorkerComponent(
    config,
    config.temporal.address,
    db,
    logger,
    shutdown,
    encryption,
  );
  if (config.workerMetricsPort !== undefined) {
    await startMetricsServer(config.workerMetricsPort, config.host, logger, shutdown);
  }
  await worker.done;
});
