import { DefaultLogger, type LogLevel, type LogMetadata, Runtime } from '@temporalio/worker';
import type { Logger } from '../logger';

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

let installed = false;

/**
 * Routes the Temporal runtime's logs (SDK and native core) through the process logger.
 * Installs once per process; later calls do nothing.
 */
export function installTemporalRuntime(logger: Logger, sdkMetricsAddress?: string): void {
  if (installed) return;
  installed = true;
  const temporalLogger = logger.child({ component: 'temporal' });
  if (Runtime._instance !== undefined) return;
  Runtime.install({
    logger: new DefaultLogger('INFO', (entry) => {
      const meta: LogMetadata = entry.meta ?? {};
      temporalLogger[PINO_LEVEL[entry.level]](meta, entry.message);
    }),
    telemetryOptions: {
      logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
      ...(sdkMetricsAddress === undefined
        ? {}
        : { metrics: { prometheus: { bindAddress: sdkMetricsAddress } } }),
    },
  });
}
