import { createServer, type RequestListener, type Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { collectDefaultMetrics, register } from 'prom-client';
import { HooklinePublisher } from '../client/publisher';
import { registerOpenDeliveriesGauge } from '../metrics/open-deliveries';
import type { ApiLimits, Config } from '../config';
import { DeliveryControl } from '../deliveries/control';
import { createApp } from '../http/app';
import type { Logger } from '../logger';
import { type Db, openDatabase } from '../store/db';
import { DeliveryStore } from '../store/deliveries';
import { IncomingStore } from '../store/incoming';
import { SourceStore } from '../store/sources';
import { SubscriptionStore } from '../store/subscriptions';
import { connectionOptions } from '../temporal/connection';
import { startWorker } from '../temporal/worker';
import { sealStoredSecrets } from '../store/seal-secrets';
import { resolveAdminToken } from './admin-token';
import { resolvePortalKey } from './portal-key';
import type { Encryption } from './encryption';
import type { Shutdown } from './run-main';

/**
 * Opens the app database, brings its stored secrets under the current key (see
 * sealStoredSecrets) and registers its closing.
 * @throws StoredSecretError when a stored secret is under a key that is not configured.
 */
export async function startDatabase(
  config: Config,
  logger: Logger,
  shutdown: Shutdown,
  encryption: Encryption,
) {
  const db = await openDatabase(
    { databaseUrl: config.databaseUrl, dataDir: config.dataDir },
    logger,
  );
  shutdown.add('database', () => db.destroy());
  const sealed = await sealStoredSecrets(db, encryption.secrets);
  if (sealed > 0) logger.info({ rows: sealed }, 'encrypted stored secrets with the current key');
  return db;
}

/**
 * A Temporal client whose payloads (workflow inputs and results, queries, signals, summaries
 * and details) go through hookline's codec, so they are encrypted on the way in and readable
 * on the way out. Every client hookline makes that carries payloads is made here.
 */
export function temporalClient(
  connection: Connection,
  namespace: string,
  encryption: Encryption,
): Client {
  return new Client({
    connection,
    namespace,
    dataConverter: { payloadCodecs: [encryption.codec] },
  });
}

/** Starts the worker and registers its draining. */
export async function startWorkerComponent(
  config: Config,
  address: string,
  db: Db,
  logger: Logger,
  shutdown: Shutdown,
  encryption: Encryption,
) {
  const worker = await startWorker({
    config,
    address,
    db,
    encryption,
    logger: logger.child({ role: 'worker' }),
  });
  shutdown.add('worker', () => worker.shutdown());
  return worker;
}

/**
 * The HTTP server with the configured limits: a request head above `maxHeaderBytes` is
 * answered 431, and a request not complete within `requestTimeoutMs` (slow headers or a slow
 * body) 408, both by Node before the app sees it. Node checks the timeouts periodically, so
 * the check runs at least every second and twice within each timeout.
 */
function createHttpServer(app: RequestListener, limits: ApiLimits): Server {
  return createServer(
    {
      maxHeaderSize: limits.maxHeaderBytes,
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, limits.requestTimeoutMs / 2)),
    },
    app,
  );
}

/** Starts the HTTP server (API, receiver, health, metrics) and registers its closing. */
export async function startApi(
  config: Config,
  address: string,
  db: Db,
  logger: Logger,
  shutdown: Shutdown,
  encryption: Encryption,
): Promise<{ server: Server; url: string; adminToken: string; adminTokenGenerated: boolean }> {
  const connection = await Connection.connect(await connectionOptions(config.temporal, address));
  shutdown.add('temporal client', () => connection.close());
  const temporal = temporalClient(connection, config.temporal.namespace, encryption);
  const { token, generated } = await resolveAdminToken(config.adminToken, config.dataDir);
  if (generated) logger.warn({ file: `${config.dataDir}/admin-token` }, 'generated an admin token');
  const portal = await resolvePortalKey(config.portalKey, config.dataDir);
  if (portal.generated) {
    logger.warn({ file: `${config.dataDir}/portal-key` }, 'generated a portal link key');
  }
  if (register.getSingleMetric('process_cpu_user_seconds_total') === undefined) {
    collectDefaultMetrics();
  }
  registerOpenDeliveriesGauge(db, register);
  const apiLogger = logger.child({ role: 'api' });
  const control = new DeliveryControl(
    db,
    temporal,
    config.temporal.taskQueue,
    config.delivery,
    apiLogger,
  );
  shutdown.add('release pacer', async () => control.stop());
  const app = createApp({
    config,
    adminToken: token,
    portalKey: portal.key,
    logger: apiLogger,
    db,
    temporal,
    publisher: new HooklinePublisher(temporal, config.temporal.taskQueue),
    subscriptions: new SubscriptionStore(db),
    deliveries: new DeliveryStore(db),
    sources: new SourceStore(db),
    incoming: new IncomingStore(db),
    control,
    secrets: encryption.secrets,
    codec: encryption.codec,
    codecToken: encryption.codecToken,
  });
  const server = createHttpServer(app, config.api);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  shutdown.add(
    'http server',
    () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  );
  const port = (server.address() as { port: number }).port;
  return {
    server,
    url: `http://${config.host}:${port}`,
    adminToken: token,
    adminTokenGenerated: generated,
  };
}

/** A worker alone's `/metrics` (hookline's counters and the process defaults). */
export async function startMetricsServer(
  port: number,
  host: string,
  logger: Logger,
  shutdown: Shutdown,
): Promise<void> {
  if (register.getSingleMetric('process_cpu_user_seconds_total') === undefined) {
    collectDefaultMetrics();
  }
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    register.metrics().then(
      (text) => res.writeHead(200, { 'content-type': register.contentType }).end(text),
      (error: unknown) => {
        logger.error({ error }, 'metrics collection failed');
        res.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  shutdown.add('metrics server', () => new Promise((resolve) => server.close(() => resolve())));
  logger.info({ port }, 'worker metrics served');
}
