import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../src/config';
import type { Logger } from '../src/logger';
import { startApi, startDatabase, startWorkerComponent } from '../src/main/components';
import { resolveEncryption } from '../src/main/encryption';
import type { Shutdown } from '../src/main/run-main';
import type { Db } from '../src/store/db';
import { resolveTemporalCli, type TemporalCli } from '../src/temporal/cli-path';
import { startDevServer } from '../src/temporal/dev-server';
import { installTemporalRuntime } from '../src/temporal/runtime';

const run = promisify(execFile);

export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789';

export interface BenchPlatform {
  url: string;
  db: Db;
  /** What `<cli> --version` printed, or how the server was obtained without a CLI. */
  temporalVersion: string;
  /** Calls the management API with the admin token; throws on any status but `expected`. */
  api<T>(method: string, apiPath: string, body: unknown, expected: number): Promise<T>;
}

/** A loopback port that was free a moment ago (the usual bind-to-0-and-release race). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function cliVersion(cli: TemporalCli): Promise<string> {
  if (cli.kind !== 'path') return 'downloaded by the Temporal SDK (version not queried)';
  const { stdout } = await run(cli.path, ['--version'], { timeout: 10_000 });
  return stdout.trim();
}

/**
 * Starts, in this process, an in-memory headless Temporal dev server, the app database in a
 * temporary folder, a worker and the HTTP API. Every part registers its stop on `shutdown` as
 * soon as it runs, so a failure or a timeout halfway still stops what was started.
 */
export async function startBenchPlatform(options: {
  logger: Logger;
  shutdown: Shutdown;
  /** Extra configuration variables, e.g. `HOOKLINE_SOURCE_RATE_LIMIT`. */
  env?: Record<string, string>;
  /** A Temporal CLI to use instead of finding or installing one. */
  cliPath: string | undefined;
}): Promise<BenchPlatform> {
  const { logger, shutdown } = options;
  installTemporalRuntime(logger);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hookline-bench-'));
  shutdown.add('temporary folder', () => rm(dataDir, { recursive: true, force: true }));

  const cli = await resolveTemporalCli(options.cliPath, logger);
  const temporalVersion = await cliVersion(cli);
  const server = await startDevServer({
    cli,
    port: await freeLoopbackPort(),
    uiPort: undefined,
    dbFile: undefined,
    namespace: 'default',
    logger: logger.child({ component: 'temporal-dev-server' }),
  });
  shutdown.add('temporal dev server', () => server.stop());

  const config = loadConfig({
    PORT: '0',
    HOOKLINE_HOST: '127.0.0.1',
    HOOKLINE_DATA_DIR: dataDir,
    HOOKLINE_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    HOOKLINE_ALLOWED_HOSTS: '127.0.0.1',
    TEMPORAL_ADDRESS: server.address,
    LOG_LEVEL: 'error',
    LOG_FORMAT: 'json',
    ...options.env,
  });
  const encryption = await resolveEncryption(config, logger, { mayGenerate: true });
  const db = await startDatabase(config, logger, shutdown, encryption);
  await startWorkerComponent(config, server.address, db, logger, shutdown, encryption);
  const { url, adminToken } = await startApi(
    config,
    server.address,
    db,
    logger,
    shutdown,
    encryption,
  );

  return {
    url,
    db,
    temporalVersion,
    async api<T>(method: string, apiPath: string, body: unknown, expected: number) {
      const response = await fetch(`${url}${apiPath}`, {
        method,
        headers: {
          authorization: `Bearer ${adminToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status !== expected) {
        throw new Error(`${method} ${apiPath} answered ${response.status}: ${text}`);
      }
      return (text === '' ? undefined : JSON.parse(text)) as T;
    },
  };
}
