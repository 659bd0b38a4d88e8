import { createLogger, type Logger } from '../src/logger';
import { Shutdown } from '../src/main/run-main';
import { type BenchPlatform, startBenchPlatform } from './platform';

/** How long the stop may take before the process exits regardless. */
const STOP_DEADLINE_MS = 30_000;

class DeadlineError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'DeadlineError';
  }
}

function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DeadlineError(`the benchmark did not finish within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  const interrupted = new Promise<never>((_, reject) => {
    process.once('SIGINT', () => reject(new DeadlineError('interrupted (SIGINT)')));
    process.once('SIGTERM', () => reject(new DeadlineError('terminated (SIGTERM)')));
  });
  return Promise.race([work, deadline, interrupted]).finally(() => clearTimeout(timer));
}

async function stopAll(shutdown: Shutdown, logger: Logger): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const stopped = await Promise.race([
    shutdown.runAll(logger).then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), STOP_DEADLINE_MS);
    }),
  ]);
  clearTimeout(timer);
  return stopped;
}

/**
 * The shape of every benchmark: start the platform, run `measure` within `timeoutMs` (start-up
 * included), then stop every process and port in order, and exit non-zero on any failure, on
 * the deadline or on Ctrl-C.
 */
export function runBench(
  options: { timeoutMs: number; env?: Record<string, string> },
  measure: (platform: BenchPlatform, shutdown: Shutdown) => Promise<void>,
): void {
  const logger = createLogger({ level: 'error', format: 'json' });
  const shutdown = new Shutdown();
  const work = (async () => {
    const platform = await startBenchPlatform({
      logger,
      shutdown,
      env: options.env,
      cliPath: process.env.TEMPORAL_CLI_PATH,
    });
    await measure(platform, shutdown);
  })();
  // Without this, a rejection that loses the race below would be reported as unhandled.
  work.catch(() => undefined);

  void withDeadline(work, options.timeoutMs)
    .then(
      () => 0,
      (error: unknown) => {
        console.error('benchmark failed:', error instanceof Error ? error.message : error);
        if (!(error instanceof DeadlineError)) console.error(error);
        return 1;
      },
    )
    .then(async (code) => {
      console.log('stopping the platform');
      const stopped = await stopAll(shutdown, logger);
      if (!stopped) console.error(`the stop did not finish within ${STOP_DEADLINE_MS} ms`);
      logger.flush();
      // The Temporal native runtime keeps the event loop alive; everything is stopped by now.
      process.exit(stopped ? code : 1);
    });
}
