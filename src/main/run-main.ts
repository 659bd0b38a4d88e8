import { ConfigError, type Config, loadConfig } from '../config';
import { createLogger, type Logger } from '../logger';

/** Steps to undo on shutdown, run in the reverse order of their registration. */
export class Shutdown {
  private readonly steps: { name: string; run: () => Promise<void> }[] = [];

  add(name: string, run: () => Promise<void>): void {
    this.steps.push({ name, run });
  }

  async runAll(logger: Logger): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step.run();
        logger.debug({ step: step.name }, 'stopped');
      } catch (error) {
        logger.error({ step: step.name, error }, 'shutdown step failed');
      }
    }
  }
}

/**
 * The shape of every entry point: read the configuration once, run `main`, stop in order on
 * SIGINT or SIGTERM, and exit non-zero on any start-up failure.
 */
export function runMain(
  main: (config: Config, logger: Logger, shutdown: Shutdown) => Promise<void>,
): void {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(2);
  }
  const logger = createLogger(config.log);
  const shutdown = new Shutdown();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await shutdown.runAll(logger);
    logger.info('stopped');
    logger.flush();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  main(config, logger, shutdown).catch(async (error: unknown) => {
    logger.fatal({ error }, 'start-up failed');
    await shutdown.runAll(logger);
    logger.flush();
    process.exit(1);
  });
}
