import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { type Client, Connection } from '@temporalio/client';
import { type Config, loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { testDatabaseEnv } from './database';
import { Shutdown } from '../../src/main/run-main';
import { startApi, startDatabase, temporalClient } from '../../src/main/components';
import { type Encryption, resolveEncryption } from '../../src/main/encryption';
import type { Db } from '../../src/store/db';
import { installTemporalRuntime } from '../../src/temporal/runtime';
import { type RunningWorker, startWorker } from '../../src/temporal/worker';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';
export const TEST_PORTAL_KEY = 'test-portal-key-0123456789abcdefghijklmnop';
export const TEST_CODEC_TOKEN = 'test-codec-token-0123456789';

export interface TestPlatform {
  config: Config;
  url: string;
  db: Db;
  /** Reads workflow payloads through hookline's codec, as hookline's own clients do. */
  temporal: Client;
  /** The keys, the secret box and the codec the platform's API and worker use. */
  encryption: Encryption;
  worker: RunningWorker;
  /** Starts a new worker after the previous one was stopped (a restart). */
  restartWorker(): Promise<void>;
  /** Calls the management API with the admin token. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

/**
 * hookline's API and worker against the run's real Temporal dev server, with their own task
 * queue and their own SQLite file, so that tests do not see each other.
 */
export async function startPlatform(
  env: Record<string, string> = {},
  options: { worker?: boolean } = {},
): Promise<TestPlatform> {
  const address = process.env.HOOKLINE_TEST_TEMPORAL_ADDRESS;
  const bundlePath = process.env.HOOKLINE_TEST_WORKFLOW_BUNDLE;
  if (address === undefined || bundlePath === undefined) {
    throw new Error('the global test setup did not start Temporal');
  }
  const dataDir = await mkdtemp(path.join(process.env.HOOKLINE_TEST_TMP!, 'platform-'));
  const config = loadConfig({
    PORT: '0',
    HOOKLINE_HOST: '127.0.0.1',
    HOOKLINE_DATA_DIR: dataDir,
    HOOKLINE_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    HOOKLINE_PORTAL_KEY: TEST_PORTAL_KEY,
    HOOKLINE_CODEC_TOKEN: TEST_CODEC_TOKEN,
    HOOKLINE_ALLOWED_HOSTS: '127.0.0.1',
    TEMPORAL_ADDRESS: address,
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    LOG_FORMAT: 'json',
    // Suites that send hundreds of requests, some with wrong tokens on purpose, must not be
    // throttled; the tests of the limits set their own.
    HOOKLINE_API_RATE_LIMIT: '100000',
    HOOKLINE_AUTH_FAILURE_LIMIT: '100000',
    ...(await testDatabaseEnv()),
    ...env,
  });
  const temporalAddress = config.temporal.address!;
  const logger = createLogger(config.log);
  if (options.worker !== false) installTemporalRuntime(logger);
  const shutdown = new Shutdown();
  // Like `npm start`, a key is generated into the platform's data folder, where a worker
  // process started by a test finds it.
  const encryption = await resolveEncryption(config, logger, { mayGenerate: true });
  const db = await startDatabase(config, logger, shutdown, encryption);
  const launchWorker = () =>
    startWorker({
      config,
      address: temporalAddress,
      db,
      encryption,
      logger,
      workflowBundle: { codePath: bundlePath },
    });
  const noWorker: RunningWorker = { done: Promise.resolve(), shutdown: async () => undefined };
  let worker = options.worker === false ? noWorker : await launchWorker();
  const api = await startApi(config, temporalAddress, db, logger, shutdown, encryption);
  const connection = await Connection.connect({ address: temporalAddress });
  const temporal = temporalClient(connection, config.temporal.namespace, encryption);

  const platform: TestPlatform = {
    config,
    url: api.url,
    db,
    temporal,
    encryption,
    worker,
    async restartWorker() {
      worker = await launchWorker();
      platform.worker = worker;
    },
    async api(method, apiPath, body) {
      const response = await fetch(`${api.url}${apiPath}`, {
        method,
        headers: {
          authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
    },
    async stop() {
      await worker.shutdown();
      await shutdown.runAll(logger);
      await connection.close();
    },
  };
  return platform;
}
